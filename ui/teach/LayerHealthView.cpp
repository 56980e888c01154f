#include "ui/teach/LayerHealthView.h"

#include "core/teach/trace_formulas.h"
#include "ui/PlotScale.h"
#include "ui/teach/DiagramItems.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QSlider>
#include <QFontMetrics>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {
QString num(double v) { return QString::fromStdString(core::formatNumber(v)); }
constexpr int kRowHeight = 46;
constexpr int kNameWidth = 120;
constexpr int kMinHistWidth = 110;

QColor layerColor(int i) {
    static const QColor colors[] = {QColor(37, 99, 185), QColor(200, 45, 45),  QColor(40, 150, 70),
                                    QColor(128, 60, 190), QColor(220, 130, 0), QColor(20, 150, 160),
                                    QColor(120, 120, 120), QColor(170, 60, 120)};
    return colors[i % 8];
}
}  // namespace

// One row per layer of a snapshot: name, histogram, numbers. Painted.
class LayerHistogramList : public QWidget {
public:
    explicit LayerHistogramList(QWidget* parent = nullptr) : QWidget(parent) {}
    void setHealth(const core::NetworkHealth* h) {
        health_ = h;
        setMinimumHeight(h ? static_cast<int>(h->layers.size()) * kRowHeight + 8 : 0);
        // Wide enough for the numbers: the scroll area scrolls rather than cutting them off.
        int text = 0;
        if (h) {
            const QFontMetrics fm(diagram::font(9));
            for (const core::LayerHealth& l : h->layers) {
                const auto [a, b] = lines(l);
                text = std::max({text, fm.horizontalAdvance(a), fm.horizontalAdvance(b)});
            }
        }
        setMinimumWidth(h ? kNameWidth + kMinHistWidth + 20 + text + 8 : 0);
        update();
    }

    static std::pair<QString, QString> lines(const core::LayerHealth& l) {
        QString line1 = QCoreApplication::translate("LayerHealthView", "mean %1 ± %2   zeros %3%")
                            .arg(num(l.mean), num(l.stddev))
                            .arg(std::lround(100 * l.zeroFraction));
        if (l.deadFraction > 0) line1 += QCoreApplication::translate("LayerHealthView", "   dead units %1%").arg(std::lround(100 * l.deadFraction));
        QString line2 = QStringLiteral("‖∂L/∂output‖ = %1").arg(num(l.outputGradNorm));
        if (l.paramCount > 0) line2 += QStringLiteral("   ‖∂L/∂θ‖ = %1   ‖θ‖ = %2").arg(num(l.paramGradNorm), num(l.paramNorm));
        return {line1, line2};
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.fillRect(rect(), Qt::white);
        if (!health_) return;
        p.setRenderHint(QPainter::Antialiasing);
        const int nameW = kNameWidth, histW = std::max(kMinHistWidth, width() / 4), textX = nameW + histW + 20;
        int y = 4;
        for (const core::LayerHealth& l : health_->layers) {
            p.setPen(Qt::black);
            p.setFont(diagram::font(9, true));
            p.drawText(QRect(6, y, nameW - 8, 18), Qt::AlignLeft | Qt::AlignVCenter,
                       QString::fromStdString(l.name));
            p.setFont(diagram::font(8.5));
            p.setPen(diagram::muted());
            p.drawText(QRect(6, y + 18, nameW - 8, 18), Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(l.type));
            // Histogram: bars scaled to the tallest bin.
            const QRect box(nameW, y + 2, histW, kRowHeight - 10);
            p.setPen(QColor(200, 200, 205));
            p.setBrush(QColor(248, 248, 250));
            p.drawRect(box);
            const int maxCount = l.histogram.empty() ? 0 : *std::max_element(l.histogram.begin(), l.histogram.end());
            if (maxCount > 0) {
                const double bw = static_cast<double>(box.width()) / static_cast<double>(l.histogram.size());
                for (std::size_t b = 0; b < l.histogram.size(); ++b) {
                    const double h = (box.height() - 2) * static_cast<double>(l.histogram[b]) / maxCount;
                    const double centre = l.lo + (l.hi - l.lo) * (static_cast<double>(b) + 0.5) / static_cast<double>(l.histogram.size());
                    p.setPen(Qt::NoPen);
                    p.setBrush(diagram::signColor(centre));
                    p.drawRect(QRectF(box.left() + b * bw, box.bottom() - h, std::max(1.0, bw - 1), h));
                }
            }
            p.setPen(diagram::muted());
            p.drawText(QRect(box.left(), box.bottom() + 1, box.width(), 12), Qt::AlignLeft, num(l.lo));
            p.drawText(QRect(box.left(), box.bottom() + 1, box.width(), 12), Qt::AlignRight, num(l.hi));
            p.setPen(Qt::black);
            p.setFont(diagram::font(9));
            const auto [line1, line2] = lines(l);
            p.drawText(QRect(textX, y, width() - textX - 4, 18), Qt::AlignLeft | Qt::AlignVCenter, line1);
            p.setPen(diagram::gradient());
            p.drawText(QRect(textX, y + 18, width() - textX - 4, 18), Qt::AlignLeft | Qt::AlignVCenter, line2);
            y += kRowHeight;
        }
    }

private:
    const core::NetworkHealth* health_ = nullptr;
};

LayerHealthView::LayerHealthView(QWidget* parent) : QWidget(parent) {
    refresh_.setSingleShot(true);
    refresh_.setInterval(33);
    connect(&refresh_, &QTimer::timeout, this, &LayerHealthView::showLatest);
    auto* layout = new QVBoxLayout(this);
    summary_ = new QLabel(tr("No snapshot yet: layer health is taken after each epoch of training."));
    summary_->setObjectName(QStringLiteral("layerHealthSummary"));
    summary_->setWordWrap(true);
    summary_->setMinimumHeight(2 * summary_->fontMetrics().lineSpacing() + 6);
    layout->addWidget(summary_);
    // Side by side: the view usually sits in a wide, low bottom panel.
    auto* split = new QSplitter(Qt::Horizontal);
    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("gradientNormPlot"));
    plot_->setMinimumSize(240, 120);
    usePowersOfTen(plot_->yAxis);
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("‖∂L/∂θ‖ per layer"));
    plot_->legend->setVisible(true);
    plot_->legend->setFont(diagram::font(8));
    split->addWidget(plot_);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* sliderRow = new QHBoxLayout;
    sliderLabel_ = new QLabel(tr("Histograms of epoch –"));
    sliderLabel_->setObjectName(QStringLiteral("layerHealthEpochLabel"));
    slider_ = new QSlider(Qt::Horizontal);
    slider_->setObjectName(QStringLiteral("layerHealthEpochSlider"));
    slider_->setToolTip(tr("Drag back to see the histograms of an earlier epoch"));
    slider_->setEnabled(false);
    sliderRow->addWidget(sliderLabel_);
    sliderRow->addWidget(slider_, 1);
    rightLayout->addLayout(sliderRow);
    connect(slider_, &QSlider::valueChanged, this, [this](int i) {
        followLatest_ = i == slider_->maximum();
        showHistogramAt(i);
    });
    list_ = new LayerHistogramList;
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(list_);
    rightLayout->addWidget(scroll, 1);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 600});
    layout->addWidget(split, 1);
}

void LayerHealthView::clear() {
    refresh_.stop();
    epochs_.clear();
    gradNorms_.clear();
    history_.clear();
    shownIndex_ = -1;
    followLatest_ = true;
    {
        const QSignalBlocker block(slider_);
        slider_->setRange(0, 0);
        slider_->setEnabled(false);
    }
    sliderLabel_->setText(tr("Histograms of epoch –"));
    list_->setHealth(nullptr);
    summary_->setText(tr("No snapshot yet: layer health is taken after each epoch of training."));
    replot();
}

void LayerHealthView::addSnapshot(int epoch, const core::NetworkHealth& health) {
    auto names = [](const core::NetworkHealth& h) {
        std::vector<std::string> n;
        for (const auto& l : h.layers) n.push_back(l.name + "/" + l.type);
        return n;
    };
    if (!epochs_.empty() && names(health) != names(latest())) {
        epochs_.clear();
        gradNorms_.clear();
        history_.clear();
        shownIndex_ = -1;
        followLatest_ = true;
    }
    // Before history_ changes: `health` may be one of its elements (latest()).
    std::vector<double> norms;
    for (const auto& l : health.layers) norms.push_back(l.paramGradNorm);
    gradNorms_.push_back(std::move(norms));
    epochs_.push_back(epoch);
    history_.emplace_back(epoch, health);
    if (static_cast<int>(history_.size()) > kKeptHistograms) {
        // Drop every other kept snapshot but the newest (older epochs get sparser).
        const int shownEpoch = shownIndex_ >= 0 ? history_[static_cast<std::size_t>(shownIndex_)].first : -1;
        std::vector<std::pair<int, core::NetworkHealth>> kept;
        for (std::size_t i = 0; i + 1 < history_.size(); i += 2) kept.push_back(std::move(history_[i]));
        kept.push_back(std::move(history_.back()));
        history_ = std::move(kept);
        shownIndex_ = -1;
        if (shownEpoch >= 0)
            for (std::size_t i = 0; i < history_.size(); ++i)
                if (history_[i].first <= shownEpoch) shownIndex_ = static_cast<int>(i);
    }
    // Snapshots can come every few milliseconds (one per epoch of a small
    // data set): redraw at most ~30 times a second, always with the latest.
    if (!refresh_.isActive()) refresh_.start();
}

void LayerHealthView::showHistogramAt(int index) {
    if (index < 0 || index >= static_cast<int>(history_.size())) {
        shownIndex_ = -1;
        list_->setHealth(nullptr);
        sliderLabel_->setText(tr("Histograms of epoch –"));
        return;
    }
    shownIndex_ = index;
    const auto& [epoch, health] = history_[static_cast<std::size_t>(index)];
    list_->setHealth(&health);
    sliderLabel_->setText(tr("Histograms of epoch %1").arg(epoch));
}

const core::NetworkHealth& LayerHealthView::latest() const {
    static const core::NetworkHealth none;
    return history_.empty() ? none : history_.back().second;
}

int LayerHealthView::shownEpoch() const {
    return shownIndex_ >= 0 ? history_[static_cast<std::size_t>(shownIndex_)].first : 0;
}

void LayerHealthView::showEpoch(int epoch) {
    refresh_.stop();
    showLatest();  // the slider's range is up to date
    int best = -1;
    for (std::size_t i = 0; i < history_.size(); ++i)
        if (best < 0 || std::abs(history_[i].first - epoch) < std::abs(history_[static_cast<std::size_t>(best)].first - epoch))
            best = static_cast<int>(i);
    if (best >= 0) slider_->setValue(best);
}

void LayerHealthView::showLatest() {
    refresh_.stop();
    {
        const QSignalBlocker block(slider_);
        slider_->setRange(0, std::max(0, static_cast<int>(history_.size()) - 1));
        slider_->setEnabled(history_.size() > 1);
        if (followLatest_ || shownIndex_ < 0) slider_->setValue(slider_->maximum());
        else slider_->setValue(shownIndex_);
    }
    showHistogramAt(history_.empty() ? -1 : slider_->value());
    if (!epochs_.empty())
        summary_->setText(tr("Epoch %1: %2 samples, loss %3. Gradient norms of layers with parameters (log scale): lines "
                             "falling towards 0 mean vanishing gradients, lines shooting up exploding ones.")
                              .arg(epochs_.back())
                              .arg(latest().samples)
                              .arg(num(latest().loss)));
    replot();
}

void LayerHealthView::replot() {
    plot_->clearGraphs();
    double lo = 1e300, hi = 0;
    int colour = 0;
    const core::NetworkHealth& latest = this->latest();
    for (std::size_t l = 0; l < latest.layers.size(); ++l) {
        if (latest.layers[l].paramCount == 0) continue;
        QCPGraph* g = plot_->addGraph();
        g->setName(QString::fromStdString(latest.layers[l].name));
        g->setPen(QPen(layerColor(colour++), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        for (std::size_t s = 0; s < epochs_.size(); ++s) {
            const double v = gradNorms_[s][l];
            if (v <= 0) continue;
            g->addData(epochs_[s], v);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (hi > 0) plot_->yAxis->setRange(lo / 3, hi * 3);
    if (!epochs_.empty()) plot_->xAxis->setRange(epochs_.front() - 0.5, epochs_.back() + 0.5);
    restylePlot(plot_);  // the new series take the display scale
    plot_->replot();
}

}  // namespace layerlab::ui
