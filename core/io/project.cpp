#include "core/io/project.h"

#include "core/common/atomic_file.h"
#include "core/layers/layer_registry.h"
#include "core/io/data_paths.h"
#include "core/io/data_source_json.h"
#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace layerlab::core {

using nlohmann::json;
using namespace jsonfields;  // a .cpp file: FieldError, field, get, enumField

namespace {

json paramToJson(const ParamValue& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* b = std::get_if<bool>(&v)) return *b;
    return std::get<std::string>(v);
}

ParamValue paramFromJson(const json& j, const std::string& where) {
    if (j.is_boolean()) return j.get<bool>();
    if (j.is_number_integer() || j.is_number_unsigned()) return j.get<std::int64_t>();
    if (j.is_number_float()) return j.get<double>();
    if (j.is_string()) return j.get<std::string>();
    throw FieldError{"parameter '" + where + "' must be a number, true/false or a string, found " + j.dump()};
}

json trainingToJson(const TrainConfig& t) {
    const OptimizerConfig& o = t.optimizer;
    return json{{"epochs", t.epochs},
                {"batchSize", t.batchSize},
                {"seed", t.seed},
                {"loss", lossName(t.loss)},
                {"optimizer",
                 {{"type", optimizerName(o.kind)},
                  {"learningRate", o.learningRate},
                  {"momentum", o.momentum},
                  {"nesterov", o.nesterov},
                  {"beta1", o.beta1},
                  {"beta2", o.beta2},
                  {"epsilon", o.epsilon},
                  {"rho", o.rho},
                  {"weightDecay", o.weightDecay},
                  {"l1", o.l1},
                  {"clipNorm", o.clipNorm}}},
                {"schedule",
                 {{"type", scheduleName(o.schedule.kind)},
                  {"stepEpochs", o.schedule.stepEpochs},
                  {"gamma", o.schedule.gamma},
                  {"minLr", o.schedule.minLr}}},
                {"earlyStopping",
                 {{"patience", t.earlyStoppingPatience},
                  {"minDelta", t.earlyStoppingMinDelta},
                  {"restoreBest", t.restoreBestWeights}}},
                {"shuffle", t.shuffle},
                {"threads", t.threads}};
}

// Files saved before the split moved to the data source hold it (and the seed
// that drew it) in "training"; the data source takes them when it names none.
SplitDefaults olderSplit(const json& training, const TrainConfig& t) {
    SplitDefaults s;
    s.validationSplit = get<double>(training, "validationSplit", "training", s.validationSplit);
    if (!(s.validationSplit >= 0 && s.validationSplit < 1))
        throw FieldError{"field 'training.validationSplit' must be in [0, 1)"};
    s.splitSeed = t.seed;
    return s;
}

TrainConfig trainingFromJson(const json& j) {
    TrainConfig t;
    const std::string w = "training";
    t.epochs = get<int>(j, "epochs", w, t.epochs);
    t.batchSize = get<int>(j, "batchSize", w, t.batchSize);
    t.seed = get<std::uint64_t>(j, "seed", w, t.seed);
    t.loss = enumField<LossKind>(j, "loss", w, t.loss, lossFromName);
    t.shuffle = get<bool>(j, "shuffle", w, t.shuffle);
    t.threads = get<int>(j, "threads", w, t.threads);
    if (t.threads < 1 || t.threads > 2) throw FieldError{"field 'training.threads' must be 1 or 2"};
    if (t.epochs < 1 || t.epochs > 100000) throw FieldError{"field 'training.epochs' must be between 1 and 100000"};
    if (t.batchSize < 1 || t.batchSize > 1000000) throw FieldError{"field 'training.batchSize' must be at least 1"};
    if (j.contains("optimizer")) {
        const json& o = j["optimizer"];
        const std::string ow = "training.optimizer";
        OptimizerConfig& c = t.optimizer;
        c.kind = enumField<OptimizerKind>(o, "type", ow, c.kind, optimizerFromName);
        c.learningRate = get<double>(o, "learningRate", ow, c.learningRate);
        c.momentum = get<double>(o, "momentum", ow, c.momentum);
        c.nesterov = get<bool>(o, "nesterov", ow, c.nesterov);
        c.beta1 = get<double>(o, "beta1", ow, c.beta1);
        c.beta2 = get<double>(o, "beta2", ow, c.beta2);
        c.epsilon = get<double>(o, "epsilon", ow, c.epsilon);
        c.rho = get<double>(o, "rho", ow, c.rho);
        c.weightDecay = get<double>(o, "weightDecay", ow, c.weightDecay);
        c.l1 = get<double>(o, "l1", ow, c.l1);
        c.clipNorm = get<double>(o, "clipNorm", ow, c.clipNorm);
        if (!(c.learningRate > 0)) throw FieldError{"field 'training.optimizer.learningRate' must be positive"};
    }
    if (j.contains("schedule")) {
        const json& s = j["schedule"];
        const std::string sw = "training.schedule";
        ScheduleConfig& c = t.optimizer.schedule;
        c.kind = enumField<ScheduleKind>(s, "type", sw, c.kind, scheduleFromName);
        c.stepEpochs = get<int>(s, "stepEpochs", sw, c.stepEpochs);
        c.gamma = get<double>(s, "gamma", sw, c.gamma);
        c.minLr = get<double>(s, "minLr", sw, c.minLr);
        if (c.stepEpochs < 1) throw FieldError{"field 'training.schedule.stepEpochs' must be at least 1"};
    }
    if (j.contains("earlyStopping")) {
        const json& e = j["earlyStopping"];
        const std::string ew = "training.earlyStopping";
        t.earlyStoppingPatience = get<int>(e, "patience", ew, t.earlyStoppingPatience);
        t.earlyStoppingMinDelta = get<double>(e, "minDelta", ew, t.earlyStoppingMinDelta);
        t.restoreBestWeights = get<bool>(e, "restoreBest", ew, t.restoreBestWeights);
    }
    return t;
}


void lineColumn(std::string_view text, std::size_t byte, long& line, long& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
}

}  // namespace

static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string encodeFloats(const std::vector<float>& values) {
    std::string bytes(values.size() * 4, '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t u;
        std::memcpy(&u, &values[i], 4);
        for (int k = 0; k < 4; ++k) bytes[i * 4 + static_cast<std::size_t>(k)] = static_cast<char>((u >> (8 * k)) & 0xFF);
    }
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t n = static_cast<std::uint8_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
        if (i + 2 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 2]);
        out += kB64[(n >> 18) & 63];
        out += kB64[(n >> 12) & 63];
        out += i + 1 < bytes.size() ? kB64[(n >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? kB64[n & 63] : '=';
    }
    return out;
}

Result<std::vector<float>> decodeFloats(std::string_view text) {
    int table[256];
    std::fill(std::begin(table), std::end(table), -1);
    for (int i = 0; i < 64; ++i) table[static_cast<unsigned char>(kB64[i])] = i;
    std::string bytes;
    bytes.reserve(text.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '=') break;
        if (c == '\n' || c == '\r' || c == ' ') continue;
        const int v = table[static_cast<unsigned char>(c)];
        if (v < 0) return makeError("weights are not valid base64 (character " + std::to_string(i + 1) + ")");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bytes.size() % 4 != 0) return makeError("weights have " + std::to_string(bytes.size()) + " bytes, not a whole number of float32 values");
    std::vector<float> out(bytes.size() / 4);
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uint32_t u = 0;
        for (int k = 0; k < 4; ++k) u |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i * 4 + static_cast<std::size_t>(k)])) << (8 * k);
        std::memcpy(&out[i], &u, 4);
    }
    return out;
}

namespace {

std::string serializeWithData(const Project& p, const DataSource& data, bool includeWeights) {
    json nodes = json::array();
    for (const auto& n : p.graph.nodes()) {
        json params = json::object();
        for (const auto& [k, v] : n.params) params[k] = paramToJson(v);
        nodes.push_back({{"id", n.id},
                         {"type", n.type},
                         {"name", n.name},
                         {"params", params},
                         {"position", {n.position.x, n.position.y}}});
    }
    json edges = json::array();
    for (const auto& e : p.graph.edges()) edges.push_back({{"from", e.from}, {"to", e.to}, {"toPort", e.toPort}});
    json j = {{"format", "layerlab"},
              {"version", kProjectVersion},
              {"name", p.name},
              {"description", p.description},
              {"graph", {{"nodes", nodes}, {"edges", edges}}},
              {"training", trainingToJson(p.training)},
              {"data", dataSourceToJson(data)}};
    if (includeWeights && p.weights) {
        j["weights"] = {{"encoding", "float32-le-base64"},
                        {"paramCount", p.weights->params.size()},
                        {"stateCount", p.weights->state.size()},
                        {"params", encodeFloats(p.weights->params)},
                        {"state", encodeFloats(p.weights->state)}};
    }
    return j.dump(2) + "\n";
}

}  // namespace

std::string serializeProject(const Project& p, bool includeWeights) { return serializeWithData(p, p.data, includeWeights); }

Result<Project> parseProject(std::string_view text, const std::string& path) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        Error err = makeError("");
        err.file = path;
        lineColumn(text, e.byte, err.line, err.column);
        std::string what = e.what();
        // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..."
        if (auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        err.message = "not valid JSON: " + what;
        return err;
    } catch (const json::exception& e) {
        // e.g. out_of_range for a number too large for a double: no position is known.
        Error err = makeError(std::string("not valid JSON: ") + e.what());
        err.file = path;
        return err;
    }
    auto fail = [&](const std::string& message) {
        Error e = makeError(message);
        e.file = path;
        return e;
    };
    try {
        if (!j.is_object() || j.value("format", std::string()) != "layerlab")
            return fail("not a LayerLab project (expected \"format\": \"layerlab\")");
        const int version = get<int>(j, "version", "", 0);
        if (version < 1) return fail("the project has no valid \"version\"");
        if (version > kProjectVersion)
            return fail("the project was saved by a newer LayerLab (file format version " + std::to_string(version) +
                        ", this LayerLab reads up to " + std::to_string(kProjectVersion) + "); please update LayerLab");
        Project p;
        p.name = get<std::string>(j, "name", "", "");
        p.description = get<std::string>(j, "description", "", "");
        const json& g = field(j, "graph", "");
        const json& nodes = field(g, "nodes", "graph");
        if (!nodes.is_array()) return fail("field 'graph.nodes' must be a list");
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const json& n = nodes[i];
            const std::string w = "graph.nodes[" + std::to_string(i) + "]";
            const auto id = get<std::uint64_t>(n, "id", w, 0);
            if (id == 0) return fail("field '" + w + ".id' must be a positive integer");
            const std::string type = get<std::string>(n, "type", w, "");
            ParamMap params;
            if (n.contains("params")) {
                if (!n["params"].is_object()) return fail("field '" + w + ".params' must be an object");
                for (auto it = n["params"].begin(); it != n["params"].end(); ++it)
                    params[it.key()] = paramFromJson(it.value(), w + ".params." + it.key());
            }
            Point pos;
            if (n.contains("position")) {
                const json& ps = n["position"];
                if (!ps.is_array() || ps.size() != 2 || !ps[0].is_number() || !ps[1].is_number())
                    return fail("field '" + w + ".position' must be [x, y]");
                pos = {ps[0].get<double>(), ps[1].get<double>()};
            }
            auto added = p.graph.addNode(type, params, pos, get<std::string>(n, "name", w, ""), id);
            if (!added) return fail(w + ": " + added.error().message);
        }
        const json& edges = field(g, "edges", "graph");
        if (!edges.is_array()) return fail("field 'graph.edges' must be a list");
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const std::string w = "graph.edges[" + std::to_string(i) + "]";
            const auto from = get<std::uint64_t>(edges[i], "from", w, 0);
            const auto to = get<std::uint64_t>(edges[i], "to", w, 0);
            const int port = get<int>(edges[i], "toPort", w, 0);
            if (auto s = p.graph.connect(from, to, port); !s) return fail(w + ": " + s.error().message);
        }
        const json none = json::object();
        const json& training = j.contains("training") ? j["training"] : none;
        p.training = trainingFromJson(training);
        p.data = dataSourceFromJson(j.contains("data") ? j["data"] : none, olderSplit(training, p.training));
        if (j.contains("weights") && !j["weights"].is_null()) {
            const json& wj = j["weights"];
            if (get<std::string>(wj, "encoding", "weights", "") != "float32-le-base64")
                return fail("field 'weights.encoding' must be \"float32-le-base64\"");
            Weights w;
            auto params = decodeFloats(get<std::string>(wj, "params", "weights", ""));
            if (!params) return fail("weights.params: " + params.error().message);
            auto state = decodeFloats(get<std::string>(wj, "state", "weights", ""));
            if (!state) return fail("weights.state: " + state.error().message);
            w.params = std::move(params).value();
            w.state = std::move(state).value();
            if (w.params.size() != get<std::size_t>(wj, "paramCount", "weights", w.params.size()))
                return fail("weights: 'paramCount' does not match the encoded values (the file is damaged)");
            p.weights = std::move(w);
        }
        return p;
    } catch (const FieldError& e) {
        return fail(e.message);
    } catch (const json::exception& e) {
        return fail(std::string("unexpected JSON content: ") + e.what());
    }
}

Result<Project> loadProject(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        Error e = makeError("cannot open the project file: " + std::string(std::strerror(errno)));
        e.file = path;
        return e;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseProject(ss.str(), path);
}

Status saveProject(const Project& project, const std::string& path, bool includeWeights) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const std::string text = serializeWithData(project, withStoredPaths(project.data, dir), includeWeights);
    return writeFileAtomically(path, text);
}

}  // namespace layerlab::core
