// InsightView: what the network gets right and wrong after each epoch, from a
// core::EpochInsight handed over by value (the training panel shows it as a
// tab). It keeps the latest insight of each data split (training, validation,
// test: during a run the worker sends one split per epoch, at the end every
// split the data has); the header's combo (object name "insightSplitCombo")
// picks which one is shown, and the pick is kept while new insights arrive.
// The header names the epoch, the set and its sample count ("first 5000 of
// 10000" when the insight covers only the first ones) and the headline
// metrics; tabs show only what applies to the task and the data:
//  - Confusion matrix (classification): heat map with counts, per-class
//    precision / recall / F1 / support with accuracy and macro averages, and
//    the samples of the clicked cell (true -> predicted), listed on a single
//    click; clicking one of them (or Enter) emits sampleActivated;
//  - Decision boundary (two inputs): BoundaryView;
//  - Prediction vs target (regression): InsightRegressionPlot;
//  - Misclassified (image classification): InsightImageGrid; a click on an
//    image emits sampleActivated.
// sampleActivated(split, index): index is the sample's position in that split
// of the data (EpochInsight::datasetName of the shown insight), the number
// the Data panel and the step-through use. The current tab and the clicked
// cell are kept from one epoch (and split) to the next. GUI thread only.
#pragma once

#include "core/train/insight.h"

#include <QList>
#include <QWidget>

#include <string>
#include <vector>

class QComboBox;
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
class ForecastPlot;

class InsightView : public QWidget {
    Q_OBJECT

public:
    enum Page { ConfusionPage, BoundaryPage, RegressionPage, MisclassifiedPage, ForecastPage };

    explicit InsightView(QWidget* parent = nullptr);

    // ensures: the insight is kept as its split's latest; when that split is
    //          the one shown (the picked one, else the first that came), every
    //          page that applies shows it and the others are hidden. An
    //          insight with epoch 0 is the same as clear().
    void showInsight(const core::EpochInsight& insight);
    // ensures: back to the "nothing yet" message; no page shown, no split kept.
    void clear();

    // The insight shown.
    const core::EpochInsight& insight() const { return insight_; }
    // The splits kept, in the order training, validation, test.
    QStringList splits() const;
    // Shows the kept insight of `split` and keeps it as the pick (as choosing
    // it in the combo does); false when there is none.
    bool showSplit(const QString& split);
    QComboBox* splitCombo() const { return splitCombo_; }
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
    ForecastPlot* forecastPlot() const { return forecast_; }
    InsightImageGrid* imageGrid() const { return images_; }
    QTabWidget* tabs() const { return tabs_; }

signals:
    // The user wants to look at sample `index` of the data's `split`.
    void sampleActivated(const QString& split, int index);
    // The samples of a clicked confusion cell (also when a new epoch refreshes them).
    void samplesListed(const QList<int>& indices);

protected:
    bool eventFilter(QObject* watched, QEvent* e) override;

private:
    QWidget* buildConfusionPage();
    void showForecasts();  // the forecast of every kept split (a time series)
    void display(const core::EpochInsight& insight);
    void fillSplitCombo();
    void activate(int index);
    void fitImageGrid();
    void showReport();
    void listCell(int truth, int predicted);
    QString className(int k) const;

    core::EpochInsight insight_;
    std::vector<core::EpochInsight> kept_;  // the latest per split, in split order
    std::string picked_;                    // the split the user picked ("" = none yet)
    QComboBox* splitCombo_;
    QLabel* header_;
    QStackedWidget* stack_;
    QTabWidget* tabs_;
    ConfusionMatrixView* matrix_;
    QTableWidget* table_;
    QLabel* listTitle_;
    QListWidget* list_;
    BoundaryView* boundary_;
    InsightRegressionPlot* regression_;
    ForecastPlot* forecast_;
    bool forecastShown_ = false;
    InsightImageGrid* images_;
    QScrollArea* imageScroll_;
};

}  // namespace layerlab::ui
