#include "core/io/project.h"

#include "core/common/atomic_file.h"
#include "core/common/file_read.h"
#include "core/common/text.h"
#include "core/layers/layer_registry.h"
#include "core/io/data_paths.h"
#include "core/io/data_source_json.h"
#include "core/io/json_fields.h"

#include <nlohmann/json.hpp>

#include <cmath>
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

constexpr std::uint64_t kMaxNodeId = (std::uint64_t{1} << 53) - 1;  // exact in a double (JavaScript, Python)
constexpr int kMaxInputs = 64;                                      // Add and Concat take at most this many
constexpr double kMaxCoordinate = 1e7;                              // canvas units
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxNodes = 10000;  // a drawn network; the canvas shows every node
constexpr std::size_t kMaxDescriptionBytes = 100000;

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
    throw FieldError{"parameter '" + where + "' must be a number, true/false or a string, found " + brief(j)};
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
    if (!j.is_object()) throw FieldError{"field 'training' must be an object, found " + brief(j)};
    // Integers are converted only inside their ranges (2^32 + 16 is not 16); the
    // ranges of every setting are checkTrainConfig's, below.
    t.epochs = getIn<int>(j, "epochs", w, t.epochs, 1, kMaxEpochs);
    t.batchSize = getIn<int>(j, "batchSize", w, t.batchSize, 1, kMaxBatchSize);
    t.seed = get<std::uint64_t>(j, "seed", w, t.seed);
    t.loss = enumField<LossKind>(j, "loss", w, t.loss, lossFromName);
    t.shuffle = get<bool>(j, "shuffle", w, t.shuffle);
    t.threads = getIn<int>(j, "threads", w, t.threads, 1, 2);
    const json none = json::object();
    const json& o = j.contains("optimizer") ? j["optimizer"] : none;
    const std::string ow = "training.optimizer";
    if (!o.is_object()) throw FieldError{"field '" + ow + "' must be an object, found " + brief(o)};
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
    const json& s = j.contains("schedule") ? j["schedule"] : none;
    const std::string sw = "training.schedule";
    if (!s.is_object()) throw FieldError{"field '" + sw + "' must be an object, found " + brief(s)};
    ScheduleConfig& sc = t.optimizer.schedule;
    sc.kind = enumField<ScheduleKind>(s, "type", sw, sc.kind, scheduleFromName);
    sc.stepEpochs = getIn<int>(s, "stepEpochs", sw, sc.stepEpochs, 1, kMaxEpochs);
    sc.gamma = get<double>(s, "gamma", sw, sc.gamma);
    sc.minLr = get<double>(s, "minLr", sw, sc.minLr);
    const json& e = j.contains("earlyStopping") ? j["earlyStopping"] : none;
    const std::string ew = "training.earlyStopping";
    if (!e.is_object()) throw FieldError{"field '" + ew + "' must be an object, found " + brief(e)};
    t.earlyStoppingPatience = getIn<int>(e, "patience", ew, t.earlyStoppingPatience, 0, kMaxPatience);
    t.earlyStoppingMinDelta = get<double>(e, "minDelta", ew, t.earlyStoppingMinDelta);
    t.restoreBestWeights = get<bool>(e, "restoreBest", ew, t.restoreBestWeights);
    if (auto problem = checkTrainConfig(t)) throw FieldError{"field '" + problem->field + "' " + problem->rule};
    return t;
}

// Builds the document like json::parse, but an error keeps its byte position,
// also for a number too large for a double (json::parse drops it there).
class PositionedParser : public nlohmann::detail::json_sax_dom_parser<json> {
public:
    explicit PositionedParser(json& root) : nlohmann::detail::json_sax_dom_parser<json>(root, false) {}
    template <class Exception>
    bool parse_error(std::size_t position, const std::string&, const Exception& ex) {
        failed = true;
        byte = position;
        what = ex.what();
        return false;
    }
    bool failed = false;
    std::size_t byte = 0;
    std::string what;
};

// nlohmann's message without its prefix, cut (it can quote a whole 50 MB token).
std::string parseErrorText(const std::string& what) {
    std::string m = what;
    if (auto pos = m.find("syntax error"); pos != std::string::npos) m = m.substr(pos);
    if (auto pos = m.find("number overflow parsing '"); pos != std::string::npos) {
        const std::size_t start = pos + 25;
        const std::string number = m.substr(start, m.find('\'', start) - start);
        return "the number " + quoteBrief(number, 40) + " is too large (a number can be at most about 1.8e308)";
    }
    if (m.size() > 200) m = m.substr(0, 200) + "...";
    return m;
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
    {
        PositionedParser parser(j);
        const bool parsed = json::sax_parse(text, &parser);
        if (!parsed || parser.failed) {
            Error err = makeError("not valid JSON: " + (parser.failed ? parseErrorText(parser.what) : "cannot be read"));
            err.file = path;
            if (parser.failed) lineColumn(text, parser.byte, err.line, err.column);
            if (text.empty()) err.message = "the file is empty; expected a LayerLab project (JSON)";
            return err;
        }
    }
    auto fail = [&](const std::string& message) {
        Error e = makeError(message);
        e.file = path;
        return e;
    };
    try {
        if (!j.is_object() || j.value("format", std::string()) != "layerlab")
            return fail("not a LayerLab project (expected \"format\": \"layerlab\")");
        if (!j.contains("version")) return fail("the project has no \"version\"");
        const std::int64_t version = get<std::int64_t>(j, "version", "", 0);
        if (version < 1) return fail("field 'version' must be at least 1, found " + std::to_string(version));
        if (version > kProjectVersion)
            return fail("the project was saved by a newer LayerLab (file format version " + std::to_string(version) +
                        ", this LayerLab reads up to " + std::to_string(kProjectVersion) + "); please update LayerLab");
        Project p;
        p.name = get<std::string>(j, "name", "", "");
        p.description = get<std::string>(j, "description", "", "");
        // Both are shown in the title bar, the summary and the CLI's first line.
        if (p.name.size() > kMaxNameBytes)
            return fail("field 'name' is " + quoteBrief(p.name) + "; a project name has at most " +
                        std::to_string(kMaxNameBytes) + " characters");
        if (p.description.size() > kMaxDescriptionBytes)
            return fail("field 'description' has " + std::to_string(p.description.size()) +
                        " characters; a description has at most " + std::to_string(kMaxDescriptionBytes));
        const json& g = field(j, "graph", "");
        const json& nodes = field(g, "nodes", "graph");
        if (!nodes.is_array()) return fail("field 'graph.nodes' must be a list, found " + brief(nodes));
        if (nodes.size() > kMaxNodes)
            return fail("field 'graph.nodes' holds " + std::to_string(nodes.size()) + " nodes; a graph has at most " +
                        std::to_string(kMaxNodes));
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const json& n = nodes[i];
            const std::string w = "graph.nodes[" + std::to_string(i) + "]";
            if (!n.is_object()) return fail("field '" + w + "' must be an object, found " + brief(n));
            if (!n.contains("id")) return fail("missing field '" + w + ".id' (a positive integer)");
            const auto id = getIn<std::uint64_t>(n, "id", w, 0, 1, kMaxNodeId);
            const std::string type = get<std::string>(n, "type", w, "");
            ParamMap params;
            if (n.contains("params")) {
                if (!n["params"].is_object())
                    return fail("field '" + w + ".params' must be an object, found " + brief(n["params"]));
                for (auto it = n["params"].begin(); it != n["params"].end(); ++it)
                    params[it.key()] = paramFromJson(it.value(), w + ".params." + it.key());
            }
            Point pos;
            if (n.contains("position")) {
                const json& ps = n["position"];
                if (!ps.is_array() || ps.size() != 2 || !ps[0].is_number() || !ps[1].is_number())
                    return fail("field '" + w + ".position' must be [x, y], found " + brief(ps));
                pos = {ps[0].get<double>(), ps[1].get<double>()};
                if (!(std::fabs(pos.x) <= kMaxCoordinate && std::fabs(pos.y) <= kMaxCoordinate))
                    return fail("field '" + w + ".position' must be within -" + std::to_string(int(kMaxCoordinate)) +
                                " and " + std::to_string(int(kMaxCoordinate)) + ", found [" + ps[0].dump() + ", " +
                                ps[1].dump() + "]");
            }
            auto added = p.graph.addNode(type, params, pos, get<std::string>(n, "name", w, ""), id);
            if (!added) return fail(w + ": " + added.error().message);
        }
        const json& edges = field(g, "edges", "graph");
        if (!edges.is_array()) return fail("field 'graph.edges' must be a list, found " + brief(edges));
        if (edges.size() > kMaxNodes * kMaxInputs)
            return fail("field 'graph.edges' holds " + std::to_string(edges.size()) + " edges; a graph has at most " +
                        std::to_string(kMaxNodes * kMaxInputs));
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const std::string w = "graph.edges[" + std::to_string(i) + "]";
            if (!edges[i].is_object()) return fail("field '" + w + "' must be an object, found " + brief(edges[i]));
            const auto from = getIn<std::uint64_t>(edges[i], "from", w, 0, 1, kMaxNodeId);
            const auto to = getIn<std::uint64_t>(edges[i], "to", w, 0, 1, kMaxNodeId);
            const int port = getIn<int>(edges[i], "toPort", w, 0, 0, kMaxInputs - 1);
            if (auto s = p.graph.connect(from, to, port); !s) return fail(w + ": " + s.error().message);
        }
        const json none = json::object();
        const json& training = j.contains("training") ? j["training"] : none;
        p.training = trainingFromJson(training);
        p.data = dataSourceFromJson(j.contains("data") ? j["data"] : none, olderSplit(training, p.training));
        if (j.contains("weights") && !j["weights"].is_null()) {
            const json& wj = j["weights"];
            if (!wj.is_object()) return fail("field 'weights' must be an object, found " + brief(wj));
            if (const std::string enc = get<std::string>(wj, "encoding", "weights", ""); enc != "float32-le-base64")
                return fail("field 'weights.encoding' must be \"float32-le-base64\", found " + quoteBrief(enc));
            Weights w;
            auto params = decodeFloats(get<std::string>(wj, "params", "weights", ""));
            if (!params) return fail("weights.params: " + params.error().message);
            auto state = decodeFloats(get<std::string>(wj, "state", "weights", ""));
            if (!state) return fail("weights.state: " + state.error().message);
            w.params = std::move(params).value();
            w.state = std::move(state).value();
            const auto paramCount = get<std::uint64_t>(wj, "paramCount", "weights", w.params.size());
            if (w.params.size() != paramCount)
                return fail("field 'weights.paramCount' is " + std::to_string(paramCount) + " but 'weights.params' holds " +
                            std::to_string(w.params.size()) + " values (the file is damaged)");
            const auto stateCount = get<std::uint64_t>(wj, "stateCount", "weights", w.state.size());
            if (w.state.size() != stateCount)
                return fail("field 'weights.stateCount' is " + std::to_string(stateCount) + " but 'weights.state' holds " +
                            std::to_string(w.state.size()) + " values (the file is damaged)");
            p.weights = std::move(w);
        }
        return p;
    } catch (const FieldError& e) {
        return fail(e.message);
    } catch (const json::exception& e) {
        return fail(std::string("unexpected JSON content: ") + parseErrorText(e.what()));
    }
}

Result<Project> loadProject(const std::string& path) {
    auto text = readRegularFile(path, "a LayerLab project file", kMaxProjectBytes);
    if (!text) return text.error();
    return parseProject(*text, path);
}

Status saveProject(const Project& project, const std::string& path, bool includeWeights) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    const std::string text = serializeWithData(project, withStoredPaths(project.data, dir), includeWeights);
    return writeFileAtomically(path, text);
}

}  // namespace layerlab::core
