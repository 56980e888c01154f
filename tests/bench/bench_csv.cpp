// CSV read benchmark: writes a numeric CSV of about 200 MB (or the size in MB given
// as the first argument) to a temporary folder, reads it with core::readCsv and
// prints the parse speed in MB/s and the process's peak memory next to the size of
// the floats it produced. The target is >= 100 MB/s and a peak under 2x the floats.
#include "core/data/csv_reader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

namespace {

// Peak resident memory of this process so far (VmHWM), in bytes; 0 when unknown.
long long peakRssBytes() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6) * 1024;
    return 0;
}

// Resets the peak so the figure covers only the read (Linux >= 4.0; ignored elsewhere).
void resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
}

}  // namespace

int main(int argc, char** argv) {
    const double targetMb = argc > 1 ? std::atof(argv[1]) : 200.0;
    const int features = 16;
    const auto dir = std::filesystem::temp_directory_path() / ("layerlab-bench-csv-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "numbers.csv").string();

    std::printf("writing %.0f MB of CSV (%d features + a numeric target) to %s\n", targetMb, features, path.c_str());
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) {
            std::perror(path.c_str());
            return 1;
        }
        std::mt19937 rng(42);
        std::normal_distribution<float> normal(0.0f, 3.0f);
        for (int c = 0; c < features; ++c) std::fprintf(f, "f%d,", c);
        std::fprintf(f, "target\n");
        const auto limit = static_cast<long long>(targetMb * 1e6);
        char buf[64];
        std::string row;
        while (std::ftell(f) < limit) {
            for (int r = 0; r < 1000; ++r) {
                row.clear();
                for (int c = 0; c <= features; ++c) {
                    std::snprintf(buf, sizeof buf, "%.5g", static_cast<double>(normal(rng)));
                    row += buf;
                    row += c == features ? '\n' : ',';
                }
                std::fwrite(row.data(), 1, row.size(), f);
            }
        }
        std::fclose(f);
    }
    const auto bytes = static_cast<double>(std::filesystem::file_size(path));

    resetPeakRss();
    const long long before = peakRssBytes();
    const auto t0 = std::chrono::steady_clock::now();
    layerlab::core::CsvReport report;
    auto d = layerlab::core::readCsv(path, {}, &report);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long long peak = peakRssBytes();
    std::filesystem::remove_all(dir);
    if (!d) {
        std::fprintf(stderr, "error: %s\n", d.error().toString().c_str());
        return 1;
    }
    const double floatBytes = static_cast<double>((d->values.size() + d->targets.size()) * sizeof(float));
    std::printf("read %.1f MB: %ld rows x %d features (+ target) in %.3f s = %.0f MB/s\n", bytes / 1e6, report.rows,
                d->featureCount(), seconds, bytes / 1e6 / seconds);
    std::printf("floats: %.1f MB; peak RSS %.1f MB (%.2fx the floats; %.1f MB before reading)\n", floatBytes / 1e6,
                static_cast<double>(peak) / 1e6, static_cast<double>(peak) / floatBytes,
                static_cast<double>(before) / 1e6);
    return 0;
}
