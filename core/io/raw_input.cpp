#include "core/io/raw_input.h"

#include "core/common/file_read.h"
#include "core/common/memory.h"
#include "core/common/text.h"
#include "core/data/csv_parser.h"
#include "core/data/csv_reader.h"
#include "core/data/idx_reader.h"
#include "core/data/series.h"
#include "core/io/data_paths.h"
#include "core/io/project_data.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace layerlab::core {

namespace {

// The training CSV's features as (column, category) pairs: a feature name is a
// column's name, or "column=category" for a one-hot feature of a text column.
Result<std::vector<RawFeature>> csvFeatures(const std::vector<std::string>& names,
                                            const std::vector<std::string>& columns) {
    std::vector<RawFeature> out;
    for (const auto& n : names) {
        if (std::find(columns.begin(), columns.end(), n) != columns.end()) {
            out.push_back({n, {}});
            continue;
        }
        bool found = false;
        for (std::size_t eq = n.find('='); eq != std::string::npos && !found; eq = n.find('=', eq + 1)) {
            const std::string column = n.substr(0, eq);
            if (std::find(columns.begin(), columns.end(), column) == columns.end()) continue;
            out.push_back({column, n.substr(eq + 1)});
            found = true;
        }
        if (!found) return makeError("the training data's feature " + quoteBrief(n) + " is none of its file's columns");
    }
    return out;
}

// The transform of the project's fitted preprocessing, or of the image bytes.
void setAffine(RawInputSchema& s, const ProjectData& data) {
    const auto f = static_cast<std::size_t>(s.inputShape.size());
    const Preprocessing& p = data.preprocessing;
    if (p.fitted() && p.offset.size() == f && p.scale.size() == f) {
        s.offset = p.offset;
        s.scale = p.scale;
    } else if (data.train->isImage()) {
        const float scale = data.train->byteScale;
        s.offset.assign(f, scale != 0 ? -data.train->byteOffset / scale : 0.0f);
        s.scale.assign(f, scale);
    }
}

}  // namespace

Result<RawInputSchema> rawInputSchema(const Project& project, const ProjectData& data, const std::string& projectDir) {
    if (!data.train) return makeError("the project's data are not loaded");
    const Dataset& train = *data.train;
    RawInputSchema s;
    s.inputShape = train.inputShape;
    s.classification = train.task == TaskKind::Classification;
    if (s.classification) s.classNames = train.classNames;
    const DataSource& src = project.data;
    switch (src.kind) {
        case DataKind::None:
            return makeError("the project has no data source, so there is no raw sample format to read");
        case DataKind::Synthetic:
            s.kind = RawInputKind::Vector;
            setAffine(s, data);
            return s;
        case DataKind::Idx:
            s.kind = RawInputKind::Images;
            setAffine(s, data);
            return s;
        case DataKind::Csv: {
            s.kind = RawInputKind::Csv;
            auto preview = previewCsv(resolveDataPath(src.csvPath, projectDir), src.csv, 1);
            if (!preview) return preview.error();
            s.delimiter = preview->delimiter;
            s.header = preview->hasHeader;
            s.skipLines = preview->skippedLines;
            s.columns = preview->columnNames;
            auto features = csvFeatures(train.featureNames, s.columns);
            if (!features) return features.error();
            s.features = std::move(*features);
            setAffine(s, data);
            return s;
        }
        case DataKind::Series: {
            s.kind = RawInputKind::Series;
            const SeriesOptions& o = data.series ? *data.series : src.series;
            s.window = o.window;
            s.stride = o.stride;
            s.seriesOffset = o.offset;
            s.seriesScale = o.scale;
            // The value columns are the last step's feature names ("<column> t", series.h's
            // windowFeatureNames): the file need not be read again.
            const std::size_t F = train.inputShape.isSequence() ? std::size_t(train.inputShape.dims[1]) : 0;
            if (F == 0 || train.featureNames.size() < F) return makeError("the series' windows have no named columns");
            for (std::size_t k = train.featureNames.size() - F; k < train.featureNames.size(); ++k) {
                const std::string& n = train.featureNames[k];
                s.seriesColumns.push_back(n.size() > 2 && n.compare(n.size() - 2, 2, " t") == 0 ? n.substr(0, n.size() - 2) : n);
            }
            s.timeColumn = o.synthetic || train.timeName == "row" ? "" : train.timeName;
            return s;
        }
    }
    return makeError("unknown data kind");
}

namespace {

// Streams the records of a CSV file; memory stays bounded by the tokenizer's chunk.
struct CsvRecords {
    OpenedFile opened;
    CsvTokenizer tokenizer;
    CsvRecords(OpenedFile f, char delimiter)
        : opened(std::move(f)), tokenizer([this](char* dst, std::size_t n) { return std::fread(dst, 1, n, opened.file.get()); },
                                          delimiter) {}
};

Status growValues(std::vector<float>& v, std::size_t per, const std::string& file) {
    if (v.size() + per <= v.capacity()) return {};
    const double want = std::max<double>(1024.0 * per, 2.0 * static_cast<double>(v.capacity()));
    if (auto m = checkMemory(4.0 * want, "the samples of " + file + " need"); !m) return m.error();
    v.reserve(static_cast<std::size_t>(want));
    return {};
}

// Where each network feature is read in a record: field index, and a category for one-hot.
struct FieldPlan {
    int field = 0;
    std::string category;
    std::vector<std::string> known;  // one-hot: every category of the column the training data had
};

std::string columnsList(const RawInputSchema& s) {
    std::vector<std::string> cols;
    for (const auto& f : s.features)
        if (std::find(cols.begin(), cols.end(), f.column) == cols.end()) cols.push_back(f.column);
    return joinNames(cols);
}

// Decides from the first record where each feature is read; consumed = the record was a header.
Result<std::vector<FieldPlan>> planFields(const RawInputSchema& s, const std::vector<std::string_view>& first,
                                          const std::string& file, long line, bool& consumed) {
    std::vector<FieldPlan> plan;
    bool anyText = false;
    for (auto f : first) {
        float v = 0;
        if (classifyCsvCell(f, v) == CsvCell::Text) anyText = true;
    }
    if (s.kind == RawInputKind::Vector) {
        const int F = s.inputShape.size();
        if (static_cast<int>(first.size()) < F)
            return makeFileError("has " + std::to_string(first.size()) + " column" + (first.size() == 1 ? "" : "s") +
                                     "; the network reads " + std::to_string(F) + " features per sample",
                                 file, line);
        for (int k = 0; k < F; ++k) plan.push_back({k, {}});
        consumed = anyText;
        return plan;
    }
    // Csv: by header names when the first record names every feature column.
    std::vector<std::string> cols;
    for (auto f : first) cols.emplace_back(trimCsvField(f));
    bool named = true;
    for (const auto& f : s.features)
        if (std::find(cols.begin(), cols.end(), f.column) == cols.end()) named = false;
    if (named) {
        for (const auto& f : s.features)
            plan.push_back({static_cast<int>(std::find(cols.begin(), cols.end(), f.column) - cols.begin()), f.category});
        consumed = true;
        return plan;
    }
    bool namesAny = false;
    for (const auto& f : s.features)
        if (std::find(cols.begin(), cols.end(), f.column) != cols.end()) namesAny = true;
    if (namesAny) {
        for (const auto& f : s.features)
            if (std::find(cols.begin(), cols.end(), f.column) == cols.end())
                return makeFileError("the header has no column " + quoteBrief(f.column) +
                                         "; the project's feature columns are " + columnsList(s),
                                     file, line);
    }
    // Positional: the training file's columns, or only the feature columns, in order.
    consumed = false;
    std::vector<std::string> featureCols;
    for (const auto& f : s.features)
        if (std::find(featureCols.begin(), featureCols.end(), f.column) == featureCols.end())
            featureCols.push_back(f.column);
    const bool all = first.size() == s.columns.size();
    if (!all && first.size() != featureCols.size())
        return makeFileError("has " + std::to_string(first.size()) + " columns and no header naming them; give the " +
                                 std::to_string(s.columns.size()) + " columns of the training file or its " +
                                 std::to_string(featureCols.size()) + " feature columns (" + columnsList(s) +
                                 "), or a header row",
                             file, line);
    for (const auto& f : s.features) {
        const auto& order = all ? s.columns : featureCols;
        plan.push_back({static_cast<int>(std::find(order.begin(), order.end(), f.column) - order.begin()), f.category});
    }
    return plan;
}

Status readRow(const RawInputSchema& s, const std::vector<FieldPlan>& plan, const std::vector<std::string_view>& rec,
               const std::string& file, long line, std::vector<float>& out) {
    for (std::size_t k = 0; k < plan.size(); ++k) {
        const int i = plan[k].field;
        const std::string& column = s.kind == RawInputKind::Csv ? s.features[k].column : "feature " + std::to_string(k + 1);
        if (i >= static_cast<int>(rec.size()))
            return makeFileError("has " + std::to_string(rec.size()) + " fields; " + quoteBrief(column) +
                                     " is field " + std::to_string(i + 1),
                                 file, line);
        const std::string_view field = trimCsvField(rec[static_cast<std::size_t>(i)]);
        float v = 0;
        if (!plan[k].category.empty()) {
            if (isCsvMissing(field))
                return makeFileError(quoteBrief(column) + " is missing; every feature needs a value to predict", file,
                                     line, i + 1);
            // The value must be one of the categories the training data had.
            if (std::find(plan[k].known.begin(), plan[k].known.end(), field) == plan[k].known.end())
                return makeFileError(quoteBrief(column) + " is " + quoteBrief(field) +
                                         ", a value the training data did not have",
                                     file, line, i + 1);
            v = field == plan[k].category ? 1.0f : 0.0f;
        } else {
            const CsvCell cell = classifyCsvCell(field, v);
            if (cell != CsvCell::Number)
                return makeFileError(quoteBrief(column) + (cell == CsvCell::Missing ? " is missing" : " is " + quoteBrief(field)) +
                                         "; it needs a number",
                                     file, line, i + 1);
        }
        if (!s.scale.empty()) v = (v - s.offset[k]) * s.scale[k];
        out.push_back(v);
    }
    return {};
}

Result<RawInput> readTable(const RawInputSchema& s, const std::string& path) {
    auto opened = openRegularFile(path, "a CSV file");
    if (!opened) return opened.error();
    // The delimiter as in the training file, or detected for synthetic data.
    char delimiter = s.delimiter;
    if (s.kind == RawInputKind::Vector) {
        std::string head(65536, '\0');
        head.resize(std::fread(head.data(), 1, head.size(), opened->file.get()));
        delimiter = detectCsvDelimiter(head);
        std::rewind(opened->file.get());
    }
    CsvRecords records(std::move(*opened), delimiter);
    std::vector<std::string_view> rec;
    RawInput out;
    std::vector<FieldPlan> plan;
    bool planned = false;
    const std::size_t per = static_cast<std::size_t>(s.inputShape.size());
    for (;;) {
        const auto st = records.tokenizer.next(rec);
        if (st == CsvTokenizer::Status::Error)
            return makeFileError(records.tokenizer.errorMessage(), path, records.tokenizer.errorLine(),
                                 records.tokenizer.errorColumn());
        if (st == CsvTokenizer::Status::End) break;
        const long line = records.tokenizer.recordLine();
        if (!planned) {
            bool consumed = false;
            auto p = planFields(s, rec, path, line, consumed);
            if (!p) return p.error();
            plan = std::move(*p);
            for (std::size_t k = 0; k < plan.size(); ++k)
                if (!plan[k].category.empty())
                    for (const auto& f : s.features)
                        if (f.column == s.features[k].column) plan[k].known.push_back(f.category);
            planned = true;
            if (consumed) continue;
        }
        if (out.count >= kMaxRawSamples)
            return makeFileError("has more than " + withThousands(kMaxRawSamples) + " samples", path, line);
        if (auto g = growValues(out.values, per, path); !g) return g.error();
        if (auto r = readRow(s, plan, rec, path, line, out.values); !r) return r.error();
        out.lines.push_back(line);
        ++out.count;
    }
    if (out.count == 0) return makeFileError("holds no samples to predict", path);
    return out;
}

Result<RawInput> readImages(const RawInputSchema& s, const std::string& path) {
    auto idx = readIdx(path);
    if (!idx) return idx.error();
    const Shape& in = s.inputShape;
    const auto& d = idx->dims;
    const bool fits = in.isImage() && ((d.size() == 3 && in.channels() == 1 && d[1] == in.height() && d[2] == in.width()) ||
                                       (d.size() == 4 && d[1] == in.channels() && d[2] == in.height() && d[3] == in.width()));
    if (!fits) {
        std::string got;
        for (std::size_t i = 1; i < d.size(); ++i) got += (i > 1 ? "x" : "") + std::to_string(d[i]);
        return makeFileError("holds samples of " + (got.empty() ? std::string("one value") : got) +
                                 "; the network reads images of " + in.toString(),
                             path);
    }
    const std::size_t per = static_cast<std::size_t>(in.size());
    RawInput out;
    out.count = d[0];
    if (auto m = checkMemory(4.0 * static_cast<double>(per) * out.count, "the images of " + path + " need"); !m)
        return m.error();
    out.values.resize(per * static_cast<std::size_t>(out.count));
    for (std::size_t i = 0; i < out.values.size(); ++i) {
        const std::size_t k = i % per;
        const float v = static_cast<float>(idx->data[i]);
        out.values[i] = s.scale.empty() ? v : (v - s.offset[k]) * s.scale[k];
    }
    return out;
}

Result<RawInput> readSeriesWindows(const RawInputSchema& s, const std::string& path) {
    SeriesOptions o;
    o.valueColumns = s.seriesColumns;
    o.targetColumn = s.seriesColumns.front();
    o.timeColumn = s.timeColumn.empty() ? "-" : s.timeColumn;
    auto raw = readRawSeries(path, o);
    if (!raw) return raw.error();
    const long rows = raw->rows();
    const auto F = static_cast<long>(s.seriesColumns.size());
    if (rows < s.window)
        return makeFileError("has " + std::to_string(rows) + " row" + (rows == 1 ? "" : "s") +
                                 "; one sample is a window of " + std::to_string(s.window) + " rows",
                             path);
    for (long r = 0; r < rows; ++r)
        for (long f = 0; f < F; ++f)
            if (std::isnan(raw->values[static_cast<std::size_t>(r * F + f)]))
                return makeFileError(quoteBrief(s.seriesColumns[static_cast<std::size_t>(f)]) +
                                         " is missing; every row of a window needs a value to predict",
                                     path, raw->lines.empty() ? 0 : raw->lines[static_cast<std::size_t>(r)]);
    // Windows end at the last row and every `stride` rows before it.
    const long windows = (rows - s.window) / s.stride + 1;
    const long first = rows - s.window - (windows - 1) * s.stride;
    RawInput out;
    out.count = static_cast<int>(windows);
    const std::size_t per = static_cast<std::size_t>(s.window * F);
    if (auto m = checkMemory(4.0 * static_cast<double>(per) * windows, "the windows of " + path + " need"); !m)
        return m.error();
    out.values.reserve(per * static_cast<std::size_t>(windows));
    for (long w = 0; w < windows; ++w) {
        const long start = first + w * s.stride;
        for (long t = 0; t < s.window; ++t)
            for (long f = 0; f < F; ++f) {
                const float v = raw->values[static_cast<std::size_t>((start + t) * F + f)];
                out.values.push_back(s.seriesScale.empty()
                                         ? v
                                         : (v - s.seriesOffset[static_cast<std::size_t>(f)]) /
                                               s.seriesScale[static_cast<std::size_t>(f)]);
            }
        const long last = start + s.window - 1;
        out.lines.push_back(raw->lines.empty() ? last + 1 : raw->lines[static_cast<std::size_t>(last)]);
    }
    return out;
}

}  // namespace

Result<RawInput> readRawInput(const RawInputSchema& schema, const std::string& path) {
    switch (schema.kind) {
        case RawInputKind::Vector:
        case RawInputKind::Csv: return readTable(schema, path);
        case RawInputKind::Images: return readImages(schema, path);
        case RawInputKind::Series: return readSeriesWindows(schema, path);
    }
    return makeError("unknown raw input kind");
}

}  // namespace layerlab::core
