#include "ui/data/CsvAnalysis.h"

#include "core/common/file_read.h"
#include "core/data/preprocess.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace layerlab::ui {

namespace {

QString num(long n) { return QLocale().toString(static_cast<qlonglong>(n)); }

void fillFrom(CsvAnalysis& a, const core::Dataset& d) {
    a.features = d.featureCount();
    if (d.task == core::TaskKind::Classification) {
        a.classNames = d.classNames;
        const std::vector<long> h = core::classHistogram(d);
        a.classCounts.assign(h.begin(), h.end());
    } else if (!d.targets.empty()) {
        const auto [lo, hi] = std::minmax_element(d.targets.begin(), d.targets.end());
        a.targetMin = *lo;
        a.targetMax = *hi;
    }
}

}  // namespace

CsvAnalysis analyseCsv(const std::string& path, const core::CsvOptions& options, std::int64_t wholeFileLimit,
                       std::int64_t headBytes) {
    CsvAnalysis a;
    // core's check: a folder, FIFO or device is named as such (and never blocks).
    auto opened = core::openRegularFile(path, "a CSV file");
    if (!opened) {
        a.error = opened.error();
        return a;
    }
    a.fileSize = static_cast<std::int64_t>(opened->size);
    a.wholeFile = a.fileSize <= wholeFileLimit;
    auto r = [&]() -> core::Result<core::Dataset> {
        if (a.wholeFile) return core::readCsv(path, options, &a.report);
        std::string head(static_cast<std::size_t>(headBytes), '\0');
        head.resize(std::fread(head.data(), 1, head.size(), opened->file.get()));
        if (const auto cut = head.find_last_of('\n'); cut != std::string::npos) head.resize(cut + 1);
        return core::parseCsv(head, path, options, &a.report);
    }();
    if (!r) {
        a.error = r.error();
        return a;
    }
    fillFrom(a, *r);
    a.data = std::make_shared<const core::Dataset>(std::move(r).value());
    return a;
}

QString csvNormalizationText(const CsvAnalysis& a, core::Normalization normalization) {
    if (!a.data || a.data->count() == 0 || normalization == core::Normalization::None) return {};
    core::Preprocessing p;
    p.normalization = normalization;
    core::Dataset d = *a.data;
    core::fitPreprocessing(p, d);
    if (!core::applyPreprocessing(p, d)) return {};
    const int n = d.featureCount(), rows = d.count();
    const auto fmt = [](float v) { return QString::number(static_cast<double>(v), 'g', 3); };
    const core::FeatureStats stats = core::featureStats(d);
    QStringList ranges;
    const int shown = std::min(n, 6);
    for (int f = 0; f < shown; ++f) {
        const float lo = stats.min[static_cast<std::size_t>(f)], hi = stats.max[static_cast<std::size_t>(f)];
        const QString name = static_cast<std::size_t>(f) < d.featureNames.size()
                                 ? QString::fromStdString(d.featureNames[static_cast<std::size_t>(f)])
                                 : QCoreApplication::translate("CsvAnalysis", "feature %1").arg(f + 1);
        ranges << QStringLiteral("%1 %2..%3").arg(name, fmt(lo), fmt(hi));
    }
    if (n > shown) ranges << QCoreApplication::translate("CsvAnalysis", "and %1 more").arg(n - shown);
    const QString what = normalization == core::Normalization::ZScore   ? QCoreApplication::translate("CsvAnalysis", "z-score")
                         : normalization == core::Normalization::MinMax ? QCoreApplication::translate("CsvAnalysis", "min-max")
                                                                        : QCoreApplication::translate("CsvAnalysis", "scaling by max |x|");
    return QCoreApplication::translate("CsvAnalysis", "After %1 (fitted here on the %2 rows read; at import on the training part): %3")
        .arg(what)
        .arg(rows)
        .arg(ranges.join(QStringLiteral(", ")));
}

QString csvSummaryText(const CsvAnalysis& a, double validationSplit, double testSplit) {
    const long rows = a.report.rows;
    QStringList parts;
    if (a.wholeFile) {
        parts << QCoreApplication::translate("CsvAnalysis", "%1 rows").arg(num(rows));
    } else {
        const double perByte = static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(1, kCsvHeadBytes));
        parts << QCoreApplication::translate("CsvAnalysis", "about %1 rows (estimated; figures below from the first %2)")
                     .arg(num(static_cast<long>(perByte * static_cast<double>(a.fileSize))), num(rows));
    }
    parts << QCoreApplication::translate("CsvAnalysis", "%1 features").arg(a.features);
    if (a.report.task == core::TaskKind::Classification) {
        QStringList counts;
        for (std::size_t c = 0; c < a.classNames.size() && c < a.classCounts.size(); ++c) {
            if (c == 12) {
                counts << QStringLiteral("…");
                break;
            }
            counts << QStringLiteral("%1 %2").arg(QString::fromStdString(a.classNames[c]), num(a.classCounts[c]));
        }
        parts << QCoreApplication::translate("CsvAnalysis", "%1 classes: %2").arg(a.classNames.size()).arg(counts.join(QStringLiteral(", ")));
    } else {
        parts << QCoreApplication::translate("CsvAnalysis", "regression target '%1' from %2 to %3")
                     .arg(QString::fromStdString(a.report.targetName))
                     .arg(a.targetMin, 0, 'g', 5)
                     .arg(a.targetMax, 0, 'g', 5);
    }
    QString text = parts.join(QStringLiteral(" · "));
    const core::CsvReport& r = a.report;
    if (r.countLine) {
        text += QLatin1Char('\n') + QCoreApplication::translate("CsvAnalysis", "Line 1 skipped: %1")
                                       .arg(QString::fromStdString(core::describeCsvCountLine(*r.countLine)));
        if (!r.countLine->classNames.empty() && a.classNames == r.countLine->classNames)
            text += QCoreApplication::translate("CsvAnalysis", "; its names are the class names of the labels 0 to %1").arg(r.countLine->classNames.size() - 1);
    } else if (r.skippedLines > 0) {
        text += QLatin1Char('\n') + (r.skippedLines == 1 ? QCoreApplication::translate("CsvAnalysis", "The first line skipped")
                                                          : QCoreApplication::translate("CsvAnalysis", "The first %1 lines skipped").arg(r.skippedLines));
    }
    if (r.classesFromNumbers)
        text += QLatin1Char('\n') + QCoreApplication::translate("CsvAnalysis", "Target '%1' has %2 distinct whole numbers: classification; choose Regression "
                                       "to predict it as a number")
                                       .arg(QString::fromStdString(r.targetName))
                                       .arg(a.classNames.size());
    if (a.report.droppedRows > 0)
        text += QCoreApplication::translate("CsvAnalysis", "\n%1 rows with missing values dropped").arg(num(a.report.droppedRows));
    if (a.report.filledValues > 0)
        text += QCoreApplication::translate("CsvAnalysis", "\n%1 missing values filled").arg(num(a.report.filledValues));
    if (a.wholeFile && rows > 0) {
        const long test = std::lround(static_cast<double>(rows) * testSplit);
        const long val = std::lround(static_cast<double>(rows - test) * validationSplit);
        text += QCoreApplication::translate("CsvAnalysis", "\nSplit: about %1 training, %2 validation, %3 test rows")
                    .arg(num(rows - test - val), num(val), num(test));
    }
    return text;
}

QString csvErrorText(const core::Error& e) {
    // The file's name; the whole path for what is not a regular file (/dev/zero, not "zero").
    const QFileInfo file(QString::fromStdString(e.file));
    QString text = e.file.empty() ? QString() : (file.isFile() ? file.fileName() : file.filePath()) + QStringLiteral(": ");
    const QString msg = QString::fromStdString(e.message);
    if (e.line > 0 && !msg.contains(QStringLiteral("line %1").arg(e.line))) {
        text += QCoreApplication::translate("CsvAnalysis", "line %1").arg(e.line);
        if (e.column > 0) text += QCoreApplication::translate("CsvAnalysis", ", column %1").arg(e.column);
        text += QStringLiteral(": ");
    }
    return text + msg;
}

}  // namespace layerlab::ui
