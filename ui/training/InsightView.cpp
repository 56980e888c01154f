#include "ui/training/InsightView.h"

#include "ui/training/BoundaryView.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightImageGrid.h"
#include "ui/training/ForecastPlot.h"
#include "ui/training/InsightRegressionPlot.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace layerlab::ui {

namespace {
constexpr int kIndexRole = Qt::UserRole;

QStringList toStringList(const std::vector<std::string>& v) {
    QStringList out;
    out.reserve(static_cast<qsizetype>(v.size()));
    for (const auto& s : v) out.push_back(QString::fromStdString(s));
    return out;
}

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QString fixed3(double v) { return QString::number(v, 'f', 3); }

// Splits in the order the combo lists them.
int splitRank(const std::string& name) {
    if (name == "training") return 0;
    if (name == "validation") return 1;
    if (name == "test") return 2;
    return 3;
}
}  // namespace

InsightView::InsightView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* headerRow = new QHBoxLayout;
    splitCombo_ = new QComboBox(this);
    splitCombo_->setObjectName(QStringLiteral("insightSplitCombo"));
    splitCombo_->setToolTip(tr("The data the insight is computed on. During a run: the validation set (the training "
                               "set without one); after a run: every set the data has, the test set too."));
    splitCombo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    header_ = new QLabel(this);
    header_->setTextFormat(Qt::PlainText);
    header_->setWordWrap(true);  // a long header must not make the panel wider than the window
    QFont bold = header_->font();
    bold.setBold(true);
    header_->setFont(bold);
    headerRow->addWidget(splitCombo_);
    headerRow->addWidget(header_, 1);
    layout->addLayout(headerRow);
    connect(splitCombo_, &QComboBox::activated, this,
            [this](int i) { showSplit(splitCombo_->itemData(i).toString()); });

    stack_ = new QStackedWidget(this);
    auto* empty = new QLabel(tr("After each epoch of training, this shows what the network gets right and wrong: "
                                "the confusion matrix and per-class scores, the decision boundary of networks with "
                                "two inputs, predictions against targets for regression, and misclassified images."),
                             stack_);
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setMargin(24);
    stack_->addWidget(empty);

    tabs_ = new QTabWidget(stack_);
    tabs_->setDocumentMode(true);
    tabs_->addTab(buildConfusionPage(), tr("Confusion matrix"));
    boundary_ = new BoundaryView(tabs_);
    tabs_->addTab(boundary_, tr("Decision boundary"));
    regression_ = new InsightRegressionPlot(tabs_);
    tabs_->addTab(regression_, tr("Prediction vs target"));
    images_ = new InsightImageGrid;
    imageScroll_ = new QScrollArea(tabs_);
    imageScroll_->setWidget(images_);
    imageScroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    imageScroll_->setFrameShape(QFrame::NoFrame);
    imageScroll_->viewport()->installEventFilter(this);  // the grid follows the viewport's width
    tabs_->addTab(imageScroll_, tr("Misclassified"));
    forecast_ = new ForecastPlot(tabs_);
    tabs_->addTab(forecast_, tr("Forecast"));
    stack_->addWidget(tabs_);
    layout->addWidget(stack_, 1);

    connect(matrix_, &ConfusionMatrixView::cellClicked, this, &InsightView::listCell);
    // One click on a listed sample opens it (the keyboard's Enter: eventFilter).
    connect(list_, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { activate(item->data(kIndexRole).toInt()); });
    list_->installEventFilter(this);
    connect(images_, &InsightImageGrid::imageClicked, this, &InsightView::activate);
    clear();
}

QWidget* InsightView::buildConfusionPage() {
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    matrix_ = new ConfusionMatrixView(splitter);

    table_ = new QTableWidget(splitter);
    table_->setColumnCount(4);
    table_->setHorizontalHeaderLabels({tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setToolTip(tr("Precision: of the samples predicted as this class, the share that is right.\n"
                          "Recall: of the samples of this class, the share found.\n"
                          "F1: their harmonic mean. Support: samples of this class."));

    auto* listPanel = new QWidget(splitter);
    auto* listLayout = new QVBoxLayout(listPanel);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listTitle_ = new QLabel(listPanel);
    listTitle_->setWordWrap(true);
    listPanel->setMinimumWidth(170);
    list_ = new QListWidget(listPanel);
    list_->setUniformItemSizes(true);
    list_->setToolTip(tr("Click a sample (or press Enter) to step it through the network"));
    listLayout->addWidget(listTitle_);
    listLayout->addWidget(list_, 1);

    splitter->addWidget(matrix_);
    splitter->addWidget(table_);
    splitter->addWidget(listPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setStretchFactor(2, 1);
    return splitter;
}

QString InsightView::className(int k) const {
    if (k >= 0 && k < static_cast<int>(insight_.classNames.size()))
        return QString::fromStdString(insight_.classNames[static_cast<std::size_t>(k)]);
    return tr("class %1").arg(k);
}

void InsightView::clear() {
    insight_ = {};
    kept_.clear();
    fillSplitCombo();
    header_->setText(tr("No epoch finished yet"));
    matrix_->clear();
    table_->setRowCount(0);
    list_->clear();
    listTitle_->setText(tr("Click a cell to list its samples."));
    boundary_->clear();
    regression_->clear();
    forecast_->clear();
    images_->clear();
    stack_->setCurrentIndex(0);
}

void InsightView::showInsight(const core::EpochInsight& insight) {
    if (insight.epoch <= 0) return clear();
    auto same = [&insight](const core::EpochInsight& k) { return k.datasetName == insight.datasetName; };
    if (auto it = std::find_if(kept_.begin(), kept_.end(), same); it != kept_.end()) {
        *it = insight;
    } else {
        auto at = std::find_if(kept_.begin(), kept_.end(), [&insight](const core::EpochInsight& k) {
            return splitRank(k.datasetName) > splitRank(insight.datasetName);
        });
        kept_.insert(at, insight);
    }
    // Shown: the picked split when kept, else the one shown so far, else this one.
    auto kept = [this](const std::string& name) {
        return !name.empty() && std::any_of(kept_.begin(), kept_.end(),
                                            [&name](const core::EpochInsight& k) { return k.datasetName == name; });
    };
    const std::string shown = kept(picked_)                                   ? picked_
                              : insight_.epoch > 0 && kept(insight_.datasetName) ? insight_.datasetName
                                                                                 : insight.datasetName;
    if (shown == insight.datasetName) display(insight);
    else if (!insight.forecast.empty()) showForecasts();  // every split's forecast is drawn, shown or not
    fillSplitCombo();
}

void InsightView::showForecasts() {
    std::vector<core::ForecastSplit> all;
    for (const core::EpochInsight& k : kept_)
        if (!k.forecast.empty()) all.push_back(k.forecast);
    forecast_->showForecasts(all);
}

QStringList InsightView::splits() const {
    QStringList out;
    for (const core::EpochInsight& k : kept_) out << QString::fromStdString(k.datasetName);
    return out;
}

bool InsightView::showSplit(const QString& split) {
    const std::string name = split.toStdString();
    for (const core::EpochInsight& k : kept_) {
        if (k.datasetName != name) continue;
        picked_ = name;
        display(k);
        fillSplitCombo();
        return true;
    }
    return false;
}

void InsightView::fillSplitCombo() {
    const QSignalBlocker block(splitCombo_);
    const QStringList names = splits();
    QStringList listed;
    for (int i = 0; i < splitCombo_->count(); ++i) listed << splitCombo_->itemData(i).toString();
    if (listed != names) {  // rebuilt only when the kept splits change
        splitCombo_->clear();
        for (const QString& name : names) splitCombo_->addItem(tr("%1 set").arg(name), name);
    }
    splitCombo_->setCurrentIndex(static_cast<int>(names.indexOf(QString::fromStdString(insight_.datasetName))));
    splitCombo_->setVisible(!kept_.empty());
}

void InsightView::activate(int index) { emit sampleActivated(QString::fromStdString(insight_.datasetName), index); }

void InsightView::display(const core::EpochInsight& insight) {
    insight_ = insight;
    const bool classification = insight_.task == core::TaskKind::Classification;
    const bool boundary = insight_.boundaryResolution > 0;
    const bool images = classification && insight_.inputShape.isImage();

    const auto samples = classification ? insight_.truth.size() : insight_.predictedValues.size();
    const QString set = QString::fromStdString(insight_.datasetName);
    QString head = static_cast<std::size_t>(insight_.datasetSamples) > samples
                       ? tr("Epoch %1 · %2 set, first %3 of %4 samples")
                             .arg(insight_.epoch)
                             .arg(set)
                             .arg(samples)
                             .arg(insight_.datasetSamples)
                       : tr("Epoch %1 · %2 set, %3 samples").arg(insight_.epoch).arg(set).arg(samples);
    if (classification) {
        head += tr(" · accuracy %1% · macro F1 %2")
                    .arg(100.0 * insight_.report.accuracy, 0, 'f', 1)
                    .arg(fixed3(insight_.report.macroF1));
    } else if (!insight_.forecast.empty()) {  // a time series: its errors in the data's own units
        head += tr(" · R² %1 · MAE %2 · RMSE %3 (in the data's units)")
                    .arg(fixed3(insight_.forecast.model.r2))
                    .arg(insight_.forecast.model.mae, 0, 'g', 4)
                    .arg(insight_.forecast.model.rmse, 0, 'g', 4);
    } else {
        head += tr(" · R² %1 · MSE %2 · MAE %3")
                    .arg(fixed3(insight_.regression.r2))
                    .arg(insight_.regression.mse, 0, 'g', 4)
                    .arg(insight_.regression.mae, 0, 'g', 4);
    }
    header_->setText(head);

    if (classification) showReport();
    if (boundary) boundary_->showInsight(insight_);
    else boundary_->clear();
    if (!classification) regression_->showInsight(insight_);
    else regression_->clear();
    if (images) images_->setImages(insight_.misclassified, insight_.inputShape, toStringList(insight_.classNames));
    else images_->clear();
    fitImageGrid();
    tabs_->setTabText(MisclassifiedPage, tr("Misclassified (%1)").arg(insight_.misclassified.size()));

    tabs_->setTabVisible(ConfusionPage, classification);
    tabs_->setTabVisible(BoundaryPage, boundary);
    tabs_->setTabVisible(RegressionPage, !classification);
    tabs_->setTabVisible(MisclassifiedPage, images);
    // A time series: every split's forecast in one plot (the kept insights of each split).
    const bool forecast = !insight_.forecast.empty();
    if (forecast) showForecasts();
    else forecast_->clear();
    tabs_->setTabVisible(ForecastPage, forecast);
    if (forecast && !forecastShown_) tabs_->setCurrentIndex(ForecastPage);  // a series opens on its forecast
    forecastShown_ = forecast;
    if (!tabs_->isTabVisible(tabs_->currentIndex())) {
        for (int i = 0; i < tabs_->count(); ++i)
            if (tabs_->isTabVisible(i)) {
                tabs_->setCurrentIndex(i);
                break;
            }
    }
    stack_->setCurrentIndex(1);
}

void InsightView::showReport() {
    const core::ClassificationReport& r = insight_.report;
    const int k = r.confusion.classes;
    matrix_->setMatrix(r.confusion, toStringList(insight_.classNames));

    table_->setRowCount(k + 2);
    QStringList rows;
    double precision = 0, recall = 0;
    long total = 0;
    for (int c = 0; c < k; ++c) {
        const core::ClassMetrics& m = r.perClass[static_cast<std::size_t>(c)];
        rows << className(c);
        table_->setItem(c, 0, cell(fixed3(m.precision)));
        table_->setItem(c, 1, cell(fixed3(m.recall)));
        table_->setItem(c, 2, cell(fixed3(m.f1)));
        table_->setItem(c, 3, cell(QString::number(m.support)));
        precision += m.precision;
        recall += m.recall;
        total += m.support;
    }
    rows << tr("accuracy") << tr("macro avg");
    table_->setVerticalHeaderLabels(rows);
    table_->setItem(k, 0, cell(QString()));
    table_->setItem(k, 1, cell(QString()));
    table_->setItem(k, 2, cell(fixed3(r.accuracy)));
    table_->setItem(k, 3, cell(QString::number(total)));
    table_->setItem(k + 1, 0, cell(fixed3(k ? precision / k : 0.0)));
    table_->setItem(k + 1, 1, cell(fixed3(k ? recall / k : 0.0)));
    table_->setItem(k + 1, 2, cell(fixed3(r.macroF1)));
    table_->setItem(k + 1, 3, cell(QString::number(total)));
    // The table is never squeezed below its columns' width (the matrix gives way).
    table_->resizeColumnsToContents();
    int width = table_->verticalHeader()->sizeHint().width() + 2 * table_->frameWidth() + 2;
    for (int c = 0; c < table_->columnCount(); ++c) width += table_->columnWidth(c);
    width += table_->verticalScrollBar()->sizeHint().width();  // room for it when many classes
    table_->setMinimumWidth(width);

    const auto [t, p] = matrix_->selectedCell();
    if (t >= 0) listCell(t, p);
    else {
        list_->clear();
        listTitle_->setText(tr("Click a cell to list its samples."));
    }
}

void InsightView::listCell(int truth, int predicted) {
    list_->clear();
    QList<int> indices;
    const std::size_t n = std::min(insight_.truth.size(), insight_.predicted.size());
    for (std::size_t i = 0; i < n; ++i)
        if (insight_.truth[i] == truth && insight_.predicted[i] == predicted) indices.push_back(static_cast<int>(i));
    const QString t = className(truth), p = className(predicted);
    for (int i : indices) {
        auto* item = new QListWidgetItem(tr("#%1   %2 → %3").arg(i).arg(t, p), list_);
        item->setData(kIndexRole, i);
    }
    listTitle_->setText(tr("True %1, predicted %2: %3").arg(t, p).arg(indices.size()));
    emit samplesListed(indices);
}

QList<int> InsightView::listedSamples() const {
    QList<int> out;
    for (int i = 0; i < list_->count(); ++i) out.push_back(list_->item(i)->data(kIndexRole).toInt());
    return out;
}

bool InsightView::pageVisible(Page page) const {
    return stack_->currentIndex() == 1 && tabs_->isTabVisible(page);
}

void InsightView::setCurrentPage(Page page) {
    if (tabs_->isTabVisible(page)) tabs_->setCurrentIndex(page);
}

QString InsightView::headerText() const { return header_->text(); }

// The grid takes the viewport's width and the height its rows need; the
// scroll area adds a scroll bar when that is taller than the viewport (which
// narrows the viewport and brings us back here once more).
void InsightView::fitImageGrid() {
    const int w = imageScroll_->viewport()->width();
    images_->resize(w, std::max(images_->heightForWidth(w), imageScroll_->viewport()->height()));
}

bool InsightView::eventFilter(QObject* watched, QEvent* e) {
    if (watched == imageScroll_->viewport() && e->type() == QEvent::Resize) fitImageGrid();
    if (watched == list_ && e->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(e)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) && list_->currentItem()) {
            activate(list_->currentItem()->data(kIndexRole).toInt());
            return true;
        }
    }
    return QWidget::eventFilter(watched, e);
}

}  // namespace layerlab::ui
