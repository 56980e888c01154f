#include "ui/data/SampleImage.h"

#include <algorithm>

namespace layerlab::ui {

bool canDrawSamples(const core::Dataset& data) {
    const core::Shape& s = data.inputShape;
    return s.isImage() && (s.channels() == 1 || s.channels() == 3) && s.height() > 0 && s.width() > 0;
}

QImage sampleImage(const core::Dataset& data, int index) {
    if (!canDrawSamples(data) || index < 0 || index >= data.count()) return {};
    const int c = data.inputShape.channels(), h = data.inputShape.height(), w = data.inputShape.width();
    const std::size_t plane = static_cast<std::size_t>(h) * static_cast<std::size_t>(w);
    const std::size_t start = static_cast<std::size_t>(index) * plane * static_cast<std::size_t>(c);

    // One byte per value, channel-major (C,H,W) like the data.
    std::vector<std::uint8_t> px(plane * static_cast<std::size_t>(c));
    if (data.isImage()) {
        std::copy_n(data.bytes.begin() + static_cast<std::ptrdiff_t>(start), px.size(), px.begin());
    } else {
        const auto first = data.values.begin() + static_cast<std::ptrdiff_t>(start);
        const auto last = first + static_cast<std::ptrdiff_t>(px.size());
        const auto [lo, hi] = std::minmax_element(first, last);
        const float range = *hi - *lo;
        for (std::size_t k = 0; k < px.size(); ++k) {
            const float v = range > 0 ? (first[static_cast<std::ptrdiff_t>(k)] - *lo) / range : 0.0f;
            px[k] = static_cast<std::uint8_t>(std::clamp(v * 255.0f + 0.5f, 0.0f, 255.0f));
        }
    }

    QImage img(w, h, c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        const std::size_t row = static_cast<std::size_t>(y) * static_cast<std::size_t>(w);
        if (c == 1) {
            std::copy_n(px.begin() + static_cast<std::ptrdiff_t>(row), w, img.scanLine(y));
        } else {
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
            for (int x = 0; x < w; ++x) {
                const std::size_t k = row + static_cast<std::size_t>(x);
                line[x] = qRgb(px[k], px[plane + k], px[2 * plane + k]);
            }
        }
    }
    return img;
}

QString sampleLabel(const core::Dataset& data, int index) {
    if (index < 0 || index >= data.count()) return {};
    const auto i = static_cast<std::size_t>(index);
    if (data.task == core::TaskKind::Classification) {
        if (i >= data.labels.size()) return {};
        const int label = data.labels[i];
        if (label < 0 || label >= data.classCount()) return QString::number(label);
        const QString name = QString::fromStdString(data.classNames[static_cast<std::size_t>(label)]);
        return name == QString::number(label) ? name : QStringLiteral("%1 (%2)").arg(label).arg(name);
    }
    QStringList parts;
    const auto dim = static_cast<std::size_t>(std::max(1, data.targetDim));
    for (std::size_t k = 0; k < dim && i * dim + k < data.targets.size(); ++k)
        parts << QString::number(data.targets[i * dim + k], 'g', 5);
    return parts.join(QStringLiteral(", "));
}

}  // namespace layerlab::ui
