// RecurrentUnrollView's Update page: W_ih, W_hh and the biases before, their
// change (-α dL/dw) and after, as heat maps (RecurrentUnrollView.h).
#include "ui/teach/RecurrentUnrollView.h"

#include "core/teach/trace_formulas.h"
#include "core/teach/trace_recurrent.h"
#include "ui/teach/DiagramItems.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(double v) { return q(core::formatNumber(v)); }

// A weight matrix (rows x cols, row-major as recurrent.h) drawn transposed:
// one pixel column per row of W (the gates side by side), sign times the value.
// A dark line between the gates' blocks of columns.
QPixmap matrixPixmap(const std::vector<float>& m, int rows, int cols, int gates, double scale, double sign,
                     double display) {
    QImage img(std::max(rows, 1), std::max(cols, 1), QImage::Format_RGB32);
    img.fill(QColor(232, 232, 236));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            img.setPixel(r, c, diagram::heatColour(sign * m[static_cast<std::size_t>(r * cols + c)], scale));
    // About 180 px wide (three fit side by side), cells at most 24 px.
    const double cell = std::clamp(180.0 / std::max(rows, 1), 1.0, 24.0);
    const int w = qRound(rows * cell * display);
    const int h = qRound(std::clamp(cols * std::max(cell, 2.0), 12.0, 120.0) * display);
    QPixmap pixmap = QPixmap::fromImage(img.scaled(w, h, Qt::IgnoreAspectRatio, Qt::FastTransformation));
    QPainter p(&pixmap);
    p.setPen(QPen(QColor(60, 60, 70), std::max(1.0, display)));
    for (int g = 1; g < gates; ++g) p.drawLine(QPointF(g * w / double(gates), 0), QPointF(g * w / double(gates), h));
    return pixmap;
}

double largest(const std::vector<float>& a, const std::vector<float>& b = {}) {
    double m = 0;
    for (const auto* v : {&a, &b})
        for (float x : *v) m = std::max(m, static_cast<double>(std::abs(x)));
    return m > 0 && std::isfinite(m) ? m : 1;
}

}  // namespace

void RecurrentUnrollView::refreshWeights() {
    for (QLabel* l : weightMaps_) delete l;  // now, so that the new maps never overlap the old
    weightMaps_.clear();
    const core::RecurrentTrace* r = record();
    if (!r || !trace_) {
        updateLabel_->clear();
        return;
    }
    const bool done = StepProgress(*trace_, step_).updateDone();
    const int GH = static_cast<int>(r->gates.size()) * r->units;
    QString gates;
    for (const std::string& g : r->gates) gates += (gates.isEmpty() ? QString() : QStringLiteral(" | ")) + q(g);
    updateLabel_->setText(
        tr("w ← w − α·∂L/∂w with α = %1, each ∂L/∂w summed over the %2 time steps (the same weights ran at every step). "
           "Columns: the gates %3, %4 units each; rows: the inputs (W_ih) or the previous hidden state (W_hh). "
           "Blue > 0, red < 0.%5")
            .arg(num(trace_->learningRate))
            .arg(steps())
            .arg(gates)
            .arg(r->units)
            .arg(done ? QString() : tr(" The change and the new weights appear at the Update step.")));
    auto add = [&](QLabel* l, int row, int col) {
        weightGrid_->addWidget(l, row, col, Qt::AlignLeft | Qt::AlignTop);
        weightMaps_.push_back(l);
    };
    const QStringList heads{tr("before"), tr("change  −α·∂L/∂w"), tr("after")};
    for (int c = 0; c < 3; ++c) add(new QLabel(QStringLiteral("<b>%1</b>").arg(heads[c])), 0, c + 1);
    struct WeightRow {
        QString name;
        const std::vector<float>& old;
        const std::vector<float>& grad;
        const std::vector<float>& updated;
        int cols;
    };
    std::vector<WeightRow> mats{{QStringLiteral("W_ih"), r->Wih, r->dWih, r->newWih, r->features},
                             {QStringLiteral("W_hh"), r->Whh, r->dWhh, r->newWhh, r->units}};
    if (r->hasBias) {
        mats.push_back({QStringLiteral("b_ih"), r->bih, r->dbih, r->newBih, 1});
        mats.push_back({QStringLiteral("b_hh"), r->bhh, r->dbhh, r->newBhh, 1});
    }
    int row = 1;
    for (const WeightRow& m : mats) {
        if (static_cast<int>(m.old.size()) != GH * m.cols) continue;
        add(new QLabel(QStringLiteral("<b>%1</b><br>%2 × %3").arg(m.name).arg(GH).arg(m.cols)), row, 0);
        const double scale = largest(m.old, m.updated);
        auto map = [&](const std::vector<float>& v, double s, double sign, bool shown, int col) {
            auto* l = new QLabel;
            l->setObjectName(QStringLiteral("weightMap_%1_%2").arg(m.name).arg(col));
            if (shown) {
                l->setPixmap(matrixPixmap(v, GH, m.cols, static_cast<int>(r->gates.size()), s, sign, scale_));
                l->setToolTip(tr("colour scale: ±%1").arg(num(s)));
            } else {
                l->setText(done ? QStringLiteral("?") : QStringLiteral("—"));
            }
            add(l, row, col);
        };
        map(m.old, scale, 1, true, 1);
        map(m.grad, largest(m.grad), -1, done && !hide_, 2);
        map(m.updated, scale, 1, done && !hide_, 3);
        ++row;
    }
}

}  // namespace layerlab::ui
