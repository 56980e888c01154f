// InsightView: what the network gets right and wrong after each epoch, from a
// core::EpochInsight handed over by value (the training panel shows it as a
// tab). A header names the epoch, the data set and the headline metrics; tabs
// show only what applies to the task and the data:
//  - Confusion matrix (classification): heat map with counts, per-class
//    precision / recall / F1 / support with accuracy and macro averages, and
//    the samples of the clicked cell (true -> predicted); activating one
//    (double-click or Enter) emits sampleActivated(index);
//  - Decision boundary (two inputs): BoundaryView;
//  - Prediction vs target (regression): InsightRegressionPlot;
//  - Misclassified (image classification): InsightImageGrid; a click on an
//    image emits sampleActivated(index).
// Sample indices are positions in the data set the insight was computed on
// (EpochInsight::datasetName). The current tab and the clicked cell are kept
// from one epoch to the next. GUI thread only.
#pragma once

#include "core/train/insight.h"

#include <QList>
#include <QWidget>

class QLabel;
class QScrollArea;
class QListWidget;
class QStackedWidget;
class QTabWidget;
class QTableWidget;

namespace layerlab::ui {

class BoundaryView;
class ConfusionMatrixView;
class InsightImageGrid;
class InsightRegressionPlot;

class InsightView : public QWidget {
    Q_OBJECT

public:
    enum Page { ConfusionPage, BoundaryPage, RegressionPage, MisclassifiedPage };

    explicit InsightView(QWidget* parent = nullptr);

    // ensures: every page that applies to the insight shows it, the others are
    //          hidden; an insight with epoch 0 is the same as clear().
    void showInsight(const core::EpochInsight& insight);
    // ensures: back to the "nothing yet" message; no page shown.
    void clear();

    const core::EpochInsight& insight() const { return insight_; }
    // Is the page's tab shown (and the tabs, not the empty message)?
    bool pageVisible(Page page) const;
    void setCurrentPage(Page page);
    QString headerText() const;
    // The sample indices listed for the clicked confusion cell, in order.
    QList<int> listedSamples() const;

    ConfusionMatrixView* confusionMatrix() const { return matrix_; }
    QTableWidget* metricsTable() const { return table_; }
    QListWidget* sampleList() const { return list_; }
    BoundaryView* boundaryView() const { return boundary_; }
    InsightRegressionPlot* regressionPlot() const { return regression_; }
    InsightImageGrid* imageGrid() const { return images_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    // The user wants to look at sample `index` of the insight's data set.
    void sampleActivated(int index);
    // The samples of a clicked confusion cell (also when a new epoch refreshes them).
    void samplesListed(const QList<int>& indices);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    QWidget* buildConfusionPage();
    void fitImageGrid();
    void showReport();
    void listCell(int truth, int predicted);
    QString className(int k) const;

    core::EpochInsight insight_;
    QLabel* header_;
    QStackedWidget* stack_;
    QTabWidget* tabs_;
    ConfusionMatrixView* matrix_;
    QTableWidget* table_;
    QLabel* listTitle_;
    QListWidget* list_;
    BoundaryView* boundary_;
    InsightRegressionPlot* regression_;
    InsightImageGrid* images_;
    QScrollArea* imageScroll_;
};

}  // namespace layerlab::ui
