#include "core/io/data_source_json.h"

#include "core/common/text.h"
#include "core/io/json_fields.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace layerlab::core {

using nlohmann::json;
using namespace jsonfields;  // a .cpp file: FieldError, get, enumField

namespace {

constexpr int kMaxCsvColumn = 1000000;

// A float as the double of its shortest decimal form: the file shows 0.003921569,
// not 0.003921568859368563, and reading it back gives the same float.
double shortFloat(float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    *r.ptr = '\0';
    return std::strtod(buf, nullptr);
}

json floatsToJson(const std::vector<float>& v) {
    json a = json::array();
    for (float x : v) a.push_back(shortFloat(x));
    return a;
}

std::vector<float> floatsFromJson(const json& j, const std::string& path) {
    if (!j.is_array()) throw FieldError{"field '" + path + "' must be a list of numbers"};
    std::vector<float> out;
    out.reserve(j.size());
    for (const json& x : j) {
        if (!x.is_number()) throw FieldError{"field '" + path + "' must hold numbers, found " + brief(x)};
        const double d = x.get<double>();
        if (!std::isfinite(d) || std::fabs(d) > 3.0e38)
            throw FieldError{"field '" + path + "' holds " + x.dump() + ", too large for a float"};
        out.push_back(static_cast<float>(d));
    }
    return out;
}

json preprocessingToJson(const Preprocessing& p) {
    json j = {{"normalization", normalizationName(p.normalization)},
              {"testSplit", p.testSplit},
              {"validationSplit", p.validationSplit},
              {"splitSeed", p.splitSeed}};
    if (p.fitted()) {
        j["offset"] = floatsToJson(p.offset);
        j["scale"] = floatsToJson(p.scale);
    }
    return j;
}

// The fitted "offset" and "scale" lists of object w: both or neither, of one length.
// ensures: true when they are present (offset and scale set; both empty for empty lists).
bool fittedFromJson(const json& j, const std::string& w, std::vector<float>& offset, std::vector<float>& scale) {
    const bool hasOffset = j.contains("offset") && !j["offset"].is_null();
    const bool hasScale = j.contains("scale") && !j["scale"].is_null();
    if (hasOffset != hasScale)
        throw FieldError{"field '" + w + "' needs both 'offset' and 'scale' (the fitted values) or neither"};
    if (!hasOffset) return false;
    offset = floatsFromJson(j["offset"], w + ".offset");
    scale = floatsFromJson(j["scale"], w + ".scale");
    if (offset.size() != scale.size())
        throw FieldError{"fields '" + w + ".offset' and '" + w + ".scale' must have the same length (found " +
                         std::to_string(offset.size()) + " and " + std::to_string(scale.size()) + ")"};
    if (scale.empty()) offset.clear();
    return true;
}

// Fields that are absent keep p's values.
Preprocessing preprocessingFromJson(const json& j, Preprocessing p) {
    const std::string w = "data.preprocessing";
    if (!j.is_object()) throw FieldError{"field '" + w + "' must be an object"};
    p.normalization = enumField<Normalization>(j, "normalization", w, p.normalization, normalizationFromName);
    p.testSplit = get<double>(j, "testSplit", w, p.testSplit);
    if (!(p.testSplit >= 0 && p.testSplit < 1)) throw FieldError{"field '" + w + ".testSplit' must be in [0, 1)"};
    p.validationSplit = get<double>(j, "validationSplit", w, p.validationSplit);
    if (!(p.validationSplit >= 0 && p.validationSplit < 1))
        throw FieldError{"field '" + w + ".validationSplit' must be in [0, 1)"};
    p.splitSeed = get<std::uint64_t>(j, "splitSeed", w, p.splitSeed);
    fittedFromJson(j, w, p.offset, p.scale);
    return p;
}

std::string delimiterText(char delimiter) { return delimiter ? std::string(1, delimiter) : std::string(); }

// "" (detect), one character, or "tab" / "\t".
char delimiterFromJson(const json& j, const std::string& w) {
    const std::string delim = get<std::string>(j, "delimiter", w, "");
    if (delim == "tab" || delim == "\\t") return '\t';
    if (delim.size() == 1 && delim != "\"" && delim != "\n" && delim != "\r") return delim[0];
    if (!delim.empty())
        throw FieldError{"field '" + w + ".delimiter' must be one character (or empty to detect it), found " +
                         quoteBrief(delim)};
    return 0;
}

json seriesToJson(const SeriesOptions& o) {
    json j{{"window", o.window},
           {"horizon", o.horizon},
           {"stride", o.stride},
           {"delimiter", delimiterText(o.delimiter)},
           {"valueColumns", o.valueColumns},
           {"targetColumn", o.targetColumn},
           {"timeColumn", o.timeColumn},
           {"validationSplit", o.validationFraction},
           {"testSplit", o.testFraction},
           {"scaling", seriesScalingName(o.scaling)},
           {"missing", seriesMissingName(o.missing)}};
    if (o.synthetic) {
        const SeriesGenerator& g = o.generator;
        j["synthetic"] = {{"length", g.length},   {"period", g.period},
                          {"amplitude", g.amplitude}, {"trend", g.trend},
                          {"seasonAmplitude", g.seasonAmplitude}, {"seasonPeriod", g.seasonPeriod},
                          {"noise", g.noise},     {"seed", g.seed}};
    }
    if (o.fitted()) {
        j["offset"] = floatsToJson(o.offset);
        j["scale"] = floatsToJson(o.scale);
        j["targetOffset"] = shortFloat(o.targetOffset);
        j["targetScale"] = shortFloat(o.targetScale);
        j["fittedScaling"] = std::string(seriesScalingName(o.fittedScaling));
    }
    return j;
}

SeriesGenerator generatorFromJson(const json& j, const std::string& w) {
    if (!j.is_object()) throw FieldError{"field '" + w + "' must be an object, found " + brief(j)};
    SeriesGenerator g;
    g.length = getIn<int>(j, "length", w, g.length, kMinSeriesLength, kMaxSeriesLength);
    g.period = getNumberIn(j, "period", w, g.period, 0, HUGE_VAL, true);
    g.amplitude = get<double>(j, "amplitude", w, g.amplitude);
    g.trend = get<double>(j, "trend", w, g.trend);
    g.seasonAmplitude = get<double>(j, "seasonAmplitude", w, g.seasonAmplitude);
    g.seasonPeriod = getNumberIn(j, "seasonPeriod", w, g.seasonPeriod, 0, HUGE_VAL, true);
    g.noise = getNumberIn(j, "noise", w, g.noise, 0, HUGE_VAL);
    g.seed = get<std::uint64_t>(j, "seed", w, g.seed);
    return g;
}

std::vector<std::string> namesFromJson(const json& j, const char* key, const std::string& w) {
    std::vector<std::string> out;
    if (!j.contains(key) || j[key].is_null()) return out;
    const std::string field = "field '" + fieldPath(w, key) + "'";
    if (!j[key].is_array()) throw FieldError{field + " must be a list of column names"};
    for (const json& n : j[key]) {
        if (!n.is_string()) throw FieldError{field + " must hold column names, found " + brief(n)};
        out.push_back(n.get<std::string>());
    }
    return out;
}

SeriesOptions seriesFromJson(const json& j) {
    const std::string w = "data.series";
    if (!j.is_object()) throw FieldError{"field '" + w + "' must be an object, found " + brief(j)};
    SeriesOptions o;
    o.window = getIn<int>(j, "window", w, o.window, 1, kMaxSeriesWindow);
    o.horizon = getIn<int>(j, "horizon", w, o.horizon, 1, kMaxSeriesWindow);
    o.stride = getIn<int>(j, "stride", w, o.stride, 1, kMaxSeriesWindow);
    o.delimiter = delimiterFromJson(j, w);
    o.valueColumns = namesFromJson(j, "valueColumns", w);
    o.targetColumn = get<std::string>(j, "targetColumn", w, "");
    o.timeColumn = get<std::string>(j, "timeColumn", w, "");
    o.validationFraction = getNumberIn(j, "validationSplit", w, o.validationFraction, 0, 1, false, true);
    o.testFraction = getNumberIn(j, "testSplit", w, o.testFraction, 0, 1, false, true);
    if (!(o.validationFraction + o.testFraction < 1))
        throw FieldError{"fields '" + w + ".validationSplit' and '" + w + ".testSplit' leave no training rows; their sum must be below 1"};
    o.scaling = enumField<SeriesScaling>(j, "scaling", w, o.scaling, seriesScalingFromName);
    o.missing = enumField<SeriesMissing>(j, "missing", w, o.missing, seriesMissingFromName);
    if (j.contains("synthetic") && !j["synthetic"].is_null()) {
        o.synthetic = true;
        o.generator = generatorFromJson(j["synthetic"], w + ".synthetic");
    }
    if (fittedFromJson(j, w, o.offset, o.scale)) {
        o.targetOffset = static_cast<float>(getNumberIn(j, "targetOffset", w, 0, -3.0e38, 3.0e38));
        o.targetScale = static_cast<float>(getNumberIn(j, "targetScale", w, 1, -3.0e38, 3.0e38));
        o.fittedScaling = enumField<SeriesScaling>(j, "fittedScaling", w, o.scaling, seriesScalingFromName);
    }
    return o;
}

json dataToJsonBare(const DataSource& d) {
    switch (d.kind) {
    case DataKind::None: return json{{"kind", "none"}};
    case DataKind::Synthetic:
        return json{{"kind", "synthetic"},
                    {"generator", syntheticName(d.synthetic.kind)},
                    {"samples", d.synthetic.samples},
                    {"noise", d.synthetic.noise},
                    {"classes", d.synthetic.classes},
                    {"seed", d.synthetic.seed}};
    case DataKind::Idx:
        return json{{"kind", "idx"},
                    {"trainImages", d.trainImages},
                    {"trainLabels", d.trainLabels},
                    {"testImages", d.testImages},
                    {"testLabels", d.testLabels},
                    {"fashion", d.fashion},
                    {"limit", d.limit}};
    case DataKind::Csv: {
        const CsvOptions& o = d.csv;
        json j{{"kind", "csv"},
               {"path", d.csvPath},
               {"limit", d.limit},
               {"options",
                {{"delimiter", delimiterText(o.delimiter)},
                 {"skipLines", o.skipLines},
                 {"header", csvHeaderName(o.header)},
                 {"targetColumn", o.targetColumn},
                 {"targetName", o.targetName},
                 {"task", csvTaskName(o.task)},
                 {"categorical", csvCategoricalName(o.categorical)},
                 {"missing", csvMissingName(o.missing)},
                 {"featureColumns", o.featureColumns}}}};
        if (!o.targetColumns.empty()) j["options"]["targetColumns"] = o.targetColumns;  // older files lack it
        return j;
    }
    case DataKind::Series: return json{{"kind", "series"}, {"path", d.seriesPath}, {"series", seriesToJson(d.series)}};
    }
    return json{};
}

// data.options.<key>: a list of 0-based column indices (absent or null: empty).
std::vector<int> columnList(const json& options, const std::string& key) {
    std::vector<int> out;
    if (!options.contains(key) || options[key].is_null()) return out;
    const json& f = options[key];
    const std::string field = "field 'data.options." + key + "'";
    if (!f.is_array()) throw FieldError{field + " must be a list of column indices"};
    for (const json& c : f) {
        if (!c.is_number_integer())
            throw FieldError{field + " must hold column indices (0, 1, ...), found " + brief(c)};
        out.push_back(integerIn<int>(c, "data.options." + key + "[" + std::to_string(out.size()) + "]", 0, kMaxCsvColumn));
    }
    return out;
}

CsvOptions csvOptionsFromJson(const json& j) {
    CsvOptions o;
    const std::string w = "data.options";
    if (!j.is_object()) throw FieldError{"field 'data.options' must be an object"};
    o.delimiter = delimiterFromJson(j, w);
    o.skipLines = getIn<int>(j, "skipLines", w, o.skipLines, -1, 1000000);
    o.header = enumField<CsvOptions::Header>(j, "header", w, o.header, csvHeaderFromName);
    o.targetColumn = getIn<int>(j, "targetColumn", w, o.targetColumn, -1, kMaxCsvColumn);
    o.targetName = get<std::string>(j, "targetName", w, "");
    o.task = enumField<CsvOptions::Task>(j, "task", w, o.task, csvTaskFromName);
    o.categorical = enumField<CsvOptions::Categorical>(j, "categorical", w, o.categorical, csvCategoricalFromName);
    o.missing = enumField<CsvOptions::Missing>(j, "missing", w, o.missing, csvMissingFromName);
    o.featureColumns = columnList(j, "featureColumns");
    o.targetColumns = columnList(j, "targetColumns");
    return o;
}

DataSource dataFromJsonBare(const json& j) {
    DataSource d;
    const std::string w = "data";
    if (!j.is_object()) throw FieldError{"field 'data' must be an object, found " + brief(j)};
    const std::string kind = get<std::string>(j, "kind", w, "none");
    if (kind == "none") return d;
    if (kind == "synthetic") {
        d.kind = DataKind::Synthetic;
        d.synthetic.kind = enumField<SyntheticKind>(j, "generator", w, d.synthetic.kind, syntheticFromName);
        d.synthetic.samples = getIn<int>(j, "samples", w, d.synthetic.samples, 1, kMaxSyntheticSamples);
        d.synthetic.noise = getNumberIn(j, "noise", w, d.synthetic.noise, 0, HUGE_VAL);
        d.synthetic.classes = getIn<int>(j, "classes", w, d.synthetic.classes, 2, kMaxSyntheticClasses);
        d.synthetic.seed = get<std::uint64_t>(j, "seed", w, d.synthetic.seed);
        return d;
    }
    if (kind == "idx") {
        d.kind = DataKind::Idx;
        d.trainImages = get<std::string>(j, "trainImages", w, "");
        d.trainLabels = get<std::string>(j, "trainLabels", w, "");
        d.testImages = get<std::string>(j, "testImages", w, "");
        d.testLabels = get<std::string>(j, "testLabels", w, "");
        d.fashion = get<bool>(j, "fashion", w, false);
        d.limit = getIn<int>(j, "limit", w, 0, 0, INT_MAX);
        if (d.trainImages.empty() || d.trainLabels.empty())
            throw FieldError{"an idx data source needs 'data.trainImages' and 'data.trainLabels'"};
        return d;
    }
    if (kind == "csv") {
        d.kind = DataKind::Csv;
        d.csvPath = get<std::string>(j, "path", w, "");
        d.limit = getIn<int>(j, "limit", w, 0, 0, INT_MAX);
        if (d.csvPath.empty()) throw FieldError{"a csv data source needs 'data.path' (the CSV file)"};
        if (j.contains("options") && !j["options"].is_null()) d.csv = csvOptionsFromJson(j["options"]);
        return d;
    }
    if (kind == "series") {
        d.kind = DataKind::Series;
        d.seriesPath = get<std::string>(j, "path", w, "");
        if (j.contains("series") && !j["series"].is_null()) d.series = seriesFromJson(j["series"]);
        if (d.seriesPath.empty() && !d.series.synthetic)
            throw FieldError{"a series data source needs 'data.path' (the CSV file) or 'data.series.synthetic'"};
        return d;
    }
    throw FieldError{"field 'data.kind' is " + quoteBrief(kind) + "; expected none, synthetic, idx, csv or series"};
}

}  // namespace

json dataSourceToJson(const DataSource& d) {
    json j = dataToJsonBare(d);
    j["preprocessing"] = preprocessingToJson(d.preprocessing);
    return j;
}

DataSource dataSourceFromJson(const json& j, const SplitDefaults& older) {
    DataSource d = dataFromJsonBare(j);
    d.preprocessing.validationSplit = older.validationSplit;
    d.preprocessing.splitSeed = older.splitSeed;
    if (j.contains("preprocessing") && !j["preprocessing"].is_null())
        d.preprocessing = preprocessingFromJson(j["preprocessing"], d.preprocessing);
    return d;
}

}  // namespace layerlab::core
