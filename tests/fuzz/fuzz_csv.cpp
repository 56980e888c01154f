// libFuzzer entry point for the CSV reader: any bytes must give a Dataset or an
// Error, never a crash, a hang or an unbounded allocation. The first byte picks the
// tokenizer's chunk size (1..64 bytes, or the default) and the options, so chunk
// boundaries fall everywhere; a parsed Dataset must be consistent.
#include "core/data/csv_reader.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace layerlab::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned k = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    CsvOptions o;
    o.missing = (k & 1) ? CsvOptions::Missing::FillMean : CsvOptions::Missing::Drop;
    o.task = (k & 2) ? CsvOptions::Task::Classification : CsvOptions::Task::Auto;
    o.header = (k & 4) ? CsvOptions::Header::No : CsvOptions::Header::Auto;
    const std::size_t chunk = (k >> 3) == 31 ? 0 : 1 + ((k >> 3) * 2);
    CsvReport report;
    auto r = parseCsv(text, "fuzz-input", o, &report, chunk);
    if (r.ok()) {
        const Dataset& d = *r;
        const auto n = static_cast<std::size_t>(d.count());
        if (d.featureCount() <= 0 || n == 0 || d.values.size() != n * static_cast<std::size_t>(d.featureCount()))
            std::abort();
        if (report.rows != static_cast<long>(n) || report.featureNames.size() != static_cast<std::size_t>(d.featureCount()))
            std::abort();
        for (float v : d.values)
            if (!std::isfinite(v)) std::abort();
        if (d.task == TaskKind::Classification) {
            if (d.labels.size() != n || d.classNames.empty()) std::abort();
            for (int l : d.labels)
                if (l < 0 || l >= d.classCount()) std::abort();
        } else if (d.targets.size() != n || d.targetDim != 1) {
            std::abort();
        }
    } else if (r.error().message.empty() || r.error().file != "fuzz-input") {
        std::abort();
    }
    auto p = previewCsvText(text, "fuzz-input", o, 5);
    if (p.ok() && p->rows.size() > 5) std::abort();
    return 0;
}
