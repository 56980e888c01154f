// LayerHealthView: per-layer gradient norms and activation histograms over
// training (core::networkHealth snapshots). Left: ‖∂L/∂θ‖ of every layer with
// parameters against the epoch, on a log scale, so vanishing (falling to
// 1e-6) or exploding gradients show as lines leaving the band. Right: the
// latest snapshot, one row per layer: a histogram of its output values, mean
// ± spread, the share of zeros and of dead units (zero for every sample, e.g.
// dead ReLUs), and the gradient norm.
//
// Feed it with addSnapshot() after each epoch (the training worker computes
// core::networkHealth on its thread and hands the value over) or whenever
// the weights change. Thread: GUI thread.
#pragma once

#include "core/teach/trace_stats.h"

#include <QTimer>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QLabel;
class QSlider;

namespace layerlab::ui {

class LayerHistogramList;

class LayerHealthView : public QWidget {
    Q_OBJECT

public:
    explicit LayerHealthView(QWidget* parent = nullptr);

    // Adds one point per layer to the gradient-norm plot (x = epoch) and
    // shows the snapshot's histograms. A snapshot whose layers differ from
    // the previous ones (the graph changed) starts a new history.
    // The display follows within ~33 ms (coalesced); showLatest() draws now.
    void addSnapshot(int epoch, const core::NetworkHealth& health);
    void showLatest();
    void clear();

    int snapshotCount() const { return static_cast<int>(epochs_.size()); }
    // The newest snapshot (empty before the first): the last kept one.
    const core::NetworkHealth& latest() const;
    QCustomPlot* plot() const { return plot_; }

    // Histograms over training: the epoch slider picks which kept snapshot the
    // histograms show (it follows the newest unless moved back). At most
    // kKeptHistograms snapshots are kept; beyond that every other kept one
    // (but the newest) is dropped, so a long run keeps a sample of its whole
    // history, sparser for the older epochs.
    static constexpr int kKeptHistograms = 400;
    int keptHistogramCount() const { return static_cast<int>(history_.size()); }
    // The epoch whose histograms are shown (0 = none); showEpoch picks the
    // kept snapshot nearest to epoch.
    int shownEpoch() const;
    void showEpoch(int epoch);

private:
    void replot();
    void showHistogramAt(int index);

    QCustomPlot* plot_;
    LayerHistogramList* list_;
    QLabel* summary_;
    std::vector<int> epochs_;
    std::vector<std::vector<double>> gradNorms_;  // [snapshot][layer]
    std::vector<std::pair<int, core::NetworkHealth>> history_;  // (epoch, snapshot), thinned
    int shownIndex_ = -1;                                        // into history_
    bool followLatest_ = true;
    QSlider* slider_ = nullptr;
    QLabel* sliderLabel_ = nullptr;
    QTimer refresh_;
};

}  // namespace layerlab::ui
