#include "ui/training/TrainingPanel.h"

#include "ui/PlotScale.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/LayerHealthView.h"
#include "ui/training/BoundaryView.h"
#include "ui/training/ConfusionMatrixView.h"
#include "ui/training/InsightRegressionPlot.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPlots.h"
#include "ui/training/TrainingSettingsForm.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace layerlab::ui {

namespace {

constexpr int kInsightTab = 3;

QString reasonTitle(core::StopReason r) {
    switch (r) {
    case core::StopReason::Completed: return QObject::tr("Completed");
    case core::StopReason::Cancelled: return QObject::tr("Stopped");
    case core::StopReason::Diverged: return QObject::tr("Diverged");
    case core::StopReason::EarlyStopped: return QObject::tr("Stopped early");
    case core::StopReason::Failed: return QObject::tr("Failed");
    }
    return {};
}

}  // namespace

TrainingPanel::TrainingPanel(GraphDocument* doc, TrainingController* controller, QWidget* parent)
    : QWidget(parent), doc_(doc), controller_(controller) {
    buildUi();
    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(TrainingController::kProgressIntervalMs / 2);
    connect(&refreshTimer_, &QTimer::timeout, this, [this] { refreshPlots(); });

    connect(controller, &TrainingController::runStarted, this, &TrainingPanel::onRunStarted);
    connect(controller, &TrainingController::runFinished, this, &TrainingPanel::onRunFinished);
    connect(controller, &TrainingController::runsCleared, this, &TrainingPanel::onRunsCleared);
    connect(controller, &TrainingController::runningChanged, this, &TrainingPanel::updateButtons);
    connect(controller, &TrainingController::pausedChanged, this, [this](bool paused) {
        updateButtons();
        if (!paused && controller_ && controller_->isRunning())
            showStatus(tr("Training %1.").arg(controller_->startNote()));
    });
    // batchProgress is already coalesced (about ten per second): draw at once,
    // in the same wake-up of the GUI thread, within the plots' time budget.
    connect(controller, &TrainingController::batchProgress, this, [this] { refreshPlots(true); });
    connect(controller, &TrainingController::parked, this, [this](const TrainingProgress& p) {
        showStatus(tr("Paused after epoch %1, batch %2. Step (F10) runs one batch; Resume continues.")
                       .arg(p.epoch)
                       .arg(p.batch));
        refreshPlots();
    });
    connect(controller, &TrainingController::epochFinished, this, &TrainingPanel::scheduleRefresh);
    connect(controller, &TrainingController::insightReady, insight_, &InsightView::showInsight);
    connect(controller, &TrainingController::healthReady, health_, &LayerHealthView::addSnapshot);
    connect(controller, &TrainingController::pendingChangesChanged, notice_, &QWidget::setVisible);
    connect(controller, &QObject::destroyed, this, &TrainingPanel::updateButtons);
    connect(doc, &GraphDocument::weightsChanged, this, &TrainingPanel::updateButtons);
    connect(insight_, &InsightView::sampleActivated, this, &TrainingPanel::sampleActivated);

    plots_->sync(controller->runs());
    onTabChanged();
    updateButtons();
}

TrainingPanel::~TrainingPanel() = default;

void TrainingPanel::buildUi() {
    form_ = new TrainingSettingsForm(doc_, this);
    auto* scroll = new QScrollArea(this);
    formScroll_ = scroll;
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    fitFormWidth();

    auto button = [this](const QString& name, const QString& text, QStyle::StandardPixmap icon, const QString& tip,
                         const QKeySequence& key) {
        auto* b = new QPushButton(style()->standardIcon(icon), text, this);
        b->setObjectName(name);
        b->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        if (!key.isEmpty()) b->setShortcut(key);
        return b;
    };
    trainButton_ = button(QStringLiteral("trainButton"), tr("Train"), QStyle::SP_MediaPlay,
                          tr("Train the network on the loaded data"), QKeySequence(Qt::Key_F5));
    pauseButton_ = button(QStringLiteral("pauseButton"), tr("Pause"), QStyle::SP_MediaPause,
                          tr("Pause after the current batch, or resume"), {});
    stopButton_ = button(QStringLiteral("stopButton"), tr("Stop"), QStyle::SP_MediaStop,
                         tr("Stop the run after the current batch"), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    stepButton_ = button(QStringLiteral("stepButton"), tr("Step"), QStyle::SP_MediaSkipForward,
                         tr("Run one batch, then wait"), QKeySequence(Qt::Key_F10));
    resetButton_ = button(QStringLiteral("resetWeightsButton"), tr("Reset weights"), QStyle::SP_BrowserReload,
                          tr("Forget the trained weights: the next run starts from the weights the seed draws"), {});
    connect(trainButton_, &QPushButton::clicked, this, &TrainingPanel::train);
    connect(pauseButton_, &QPushButton::clicked, this, &TrainingPanel::togglePause);
    connect(stopButton_, &QPushButton::clicked, this, [this] {
        if (controller_) controller_->stop();
    });
    connect(stepButton_, &QPushButton::clicked, this, &TrainingPanel::step);
    connect(resetButton_, &QPushButton::clicked, this, &TrainingPanel::resetWeights);

    notice_ = new QLabel(tr("Changes apply to the next run"), this);
    notice_->setObjectName(QStringLiteral("pendingNotice"));
    notice_->setStyleSheet(QStringLiteral("QLabel { background: #fff3c4; border: 1px solid #e0c060; padding: 2px 6px; }"));
    notice_->setToolTip(tr("The graph or the settings changed since this run started; the run goes on with what it "
                           "started with."));
    notice_->hide();

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {trainButton_, pauseButton_, stopButton_, stepButton_, resetButton_}) buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(notice_);

    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("Not started"));
    speed_ = new QLabel(this);
    speed_->setObjectName(QStringLiteral("speedLabel"));
    // A fixed size: the text changes with every progress update, and a label
    // whose size may change makes the whole window lay out again each time.
    speed_->setFixedSize(speed_->fontMetrics().horizontalAdvance(
                             tr("%1 samples/s · %2 elapsed · %3 left")
                                 .arg(QStringLiteral("0,000,000"), QStringLiteral("00:00:00"), QStringLiteral("00:00:00"))) +
                             8,
                         speed_->sizeHint().height());
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(speed_);

    status_ = new QLabel(tr("Ready."), this);
    status_->setObjectName(QStringLiteral("statusLabel"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("plotTabs"));
    tabs_->setDocumentMode(true);
    plots_ = std::make_unique<TrainingPlots>(tabs_);
    tabs_->addTab(plots_->plot(TrainingPlots::Loss), tr("Loss"));
    tabs_->addTab(plots_->plot(TrainingPlots::Metric), plots_->metricTitle());
    tabs_->addTab(plots_->plot(TrainingPlots::LearningRate), tr("Learning rate"));
    insight_ = new InsightView(tabs_);
    tabs_->addTab(insight_, tr("Insight"));
    health_ = new LayerHealthView(tabs_);
    health_->setObjectName(QStringLiteral("layerHealthView"));
    health_->setToolTip(tr("Per-layer gradient norms over the epochs and activation histograms of the latest epoch:\n"
                           "vanishing or exploding gradients and dead ReLUs show here."));
    tabs_->addTab(health_, tr("Layer health"));
    connect(tabs_, &QTabWidget::currentChanged, this, &TrainingPanel::onTabChanged);

    auto* corner = new QWidget(tabs_);
    auto* cornerRow = new QHBoxLayout(corner);
    cornerRow->setContentsMargins(0, 0, 4, 0);
    logScale_ = new QCheckBox(tr("Log scale"), corner);
    logScale_->setObjectName(QStringLiteral("logScaleCheck"));
    logScale_->setToolTip(tr("Logarithmic y axis for this plot"));
    auto tool = [corner](const QString& name, const QString& text, const QString& tip) {
        auto* b = new QToolButton(corner);
        b->setObjectName(name);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    fitButton_ = tool(QStringLiteral("fitButton"), tr("Fit"), tr("Show all points again (also: double-click the plot)"));
    exportPlotButton_ = tool(QStringLiteral("exportPlotButton"), tr("Export plot…"), tr("Save this plot as PNG, SVG or PDF"));
    exportCsvButton_ = tool(QStringLiteral("exportCsvButton"), tr("Export CSV…"),
                            tr("Save the numbers of the kept runs (every batch and epoch) as CSV"));
    for (QWidget* w : std::initializer_list<QWidget*>{logScale_, fitButton_, exportPlotButton_, exportCsvButton_})
        cornerRow->addWidget(w);
    tabs_->setCornerWidget(corner, Qt::TopRightCorner);
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        const int i = tabs_->currentIndex();
        if (i >= TrainingPlots::kPlotCount) return;
        plots_->setLogScale(static_cast<TrainingPlots::Plot>(i), on);
        plots_->replot(static_cast<TrainingPlots::Plot>(i));
    });
    connect(fitButton_, &QToolButton::clicked, this, [this] {
        const int i = tabs_->currentIndex();
        if (i >= TrainingPlots::kPlotCount) return;
        plots_->fit(static_cast<TrainingPlots::Plot>(i));
        plots_->replot(static_cast<TrainingPlots::Plot>(i));
    });
    connect(exportPlotButton_, &QToolButton::clicked, this, &TrainingPanel::exportPlotWithDialog);
    connect(exportCsvButton_, &QToolButton::clicked, this, &TrainingPanel::exportCsvWithDialog);

    auto* right = new QVBoxLayout;
    right->addLayout(buttons);
    right->addLayout(progressRow);
    right->addWidget(status_);
    right->addWidget(tabs_, 1);
    auto* main = new QHBoxLayout(this);
    main->setContentsMargins(4, 4, 4, 4);
    main->addWidget(scroll);
    main->addLayout(right, 1);
}

QString TrainingPanel::statusText() const { return status_->text(); }

void TrainingPanel::fitFormWidth() {
    formScroll_->setMinimumWidth(form_->sizeHint().width() + 24);
    formScroll_->setMaximumWidth(form_->sizeHint().width() + 60);
}

void TrainingPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) fitFormWidth();
}

void TrainingPanel::setDisplayScale(double scale) {
    plots_->setDisplayScale(scale);
    insight_->confusionMatrix()->setDisplayScale(scale);
    insight_->boundaryView()->setDisplayScale(scale);
    setPlotScale(insight_->regressionPlot()->plot(), scale);
    setPlotScale(health_->plot(), scale);
    for (QCustomPlot* plot : {insight_->regressionPlot()->plot(), health_->plot()}) plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPanel::showStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
}

void TrainingPanel::train() {
    if (!controller_) return;
    const auto data = provider_ ? provider_() : nullptr;
    if (!data) {
        showStatus(tr("Load data first (File > Import...)"), true);
        return;
    }
    if (auto s = controller_->start(data); !s) showStatus(QString::fromStdString(s.error().message), true);
}

void TrainingPanel::togglePause() {
    if (!controller_) return;
    if (controller_->isPaused()) controller_->resume();
    else controller_->pause();
}

void TrainingPanel::step() {
    if (!controller_) return;
    if (controller_->isRunning()) {
        controller_->step();
        return;
    }
    const auto data = provider_ ? provider_() : nullptr;
    if (!data) {
        showStatus(tr("Load data first (File > Import...)"), true);
        return;
    }
    if (auto s = controller_->start(data, true); !s) showStatus(QString::fromStdString(s.error().message), true);
}

void TrainingPanel::resetWeights() {
    if (!controller_) return;
    if (auto s = controller_->resetWeights(); !s) {
        showStatus(QString::fromStdString(s.error().message), true);
        return;
    }
    const auto seed = doc_ ? doc_->project().training.seed : 0;
    showStatus(tr("Weights reset: the next run starts from the weights seed %1 draws.").arg(seed));
}

void TrainingPanel::updateButtons() {
    const bool alive = !controller_.isNull();
    const bool running = alive && controller_->isRunning();
    const bool paused = running && controller_->isPaused();
    trainButton_->setEnabled(alive && !running);
    pauseButton_->setEnabled(running);
    pauseButton_->setText(paused ? tr("Resume") : tr("Pause"));
    pauseButton_->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    stopButton_->setEnabled(running);
    stepButton_->setEnabled(alive && (!running || paused));
    resetButton_->setEnabled(alive && !running && doc_ && doc_->project().weights.has_value());
}

void TrainingPanel::showProgress(const TrainingProgress& p) {
    const int total = static_cast<int>(std::min<std::int64_t>(p.totalSteps, 2000000000));
    progress_->setRange(0, std::max(1, total));
    // The text first: setValue() repaints at once and then takes the new text
    // along, where the other order paints the bar twice.
    progress_->setFormat(p.step == 0 ? tr("Starting…")
                                     : tr("Epoch %1/%2 · batch %3/%4").arg(p.epoch).arg(p.epochs).arg(p.batch).arg(p.batchesPerEpoch));
    progress_->setValue(static_cast<int>(std::min<std::int64_t>(p.step, total)));
    const QLocale locale;
    speed_->setText(tr("%1 samples/s · %2 elapsed · %3 left")
                        .arg(locale.toString(qRound64(p.samplesPerSecond)), formatDuration(p.elapsedSeconds),
                             formatDuration(p.etaSeconds)));
}

void TrainingPanel::onRunStarted() {
    insight_->clear();
    health_->clear();
    showStatus(controller_->isPaused() ? tr("Starting paused (%1): the first batch runs, then it waits.").arg(controller_->startNote())
                                       : tr("Training %1.").arg(controller_->startNote()));
    notice_->hide();
    showProgress(controller_->progress());
    refreshPlots();
    updateButtons();
}

void TrainingPanel::onRunFinished(const core::TrainResult& result) {
    const bool bad = result.reason == core::StopReason::Diverged || result.reason == core::StopReason::Failed;
    showStatus(reasonTitle(result.reason) + QStringLiteral(": ") + QString::fromStdString(result.message), bad);
    notice_->hide();
    if (controller_) showProgress(controller_->progress());
    refreshPlots();
    updateButtons();
}

void TrainingPanel::onRunsCleared() {
    refreshTimer_.stop();
    insight_->clear();
    health_->clear();
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setFormat(tr("Not started"));
    speed_->clear();
    showStatus(tr("Ready."));
    notice_->hide();
    refreshPlots();
    updateButtons();
}

void TrainingPanel::scheduleRefresh() {
    if (!refreshTimer_.isActive()) refreshTimer_.start();
}

void TrainingPanel::refreshPlots(bool live) {
    refreshTimer_.stop();
    if (!controller_) return;
    plots_->sync(controller_->runs());
    if (!controller_->runs().empty()) showProgress(controller_->progress());  // labels match the curves
    // Only when it changes: a tab's new text lays the window out again.
    if (tabs_->tabText(TrainingPlots::Metric) != plots_->metricTitle())
        tabs_->setTabText(TrainingPlots::Metric, plots_->metricTitle());
    const int i = tabs_->currentIndex();
    if (i >= TrainingPlots::kPlotCount) return;
    if (live) plots_->replotLive(static_cast<TrainingPlots::Plot>(i));
    else plots_->replot(static_cast<TrainingPlots::Plot>(i));
}

void TrainingPanel::onTabChanged() {
    const int i = tabs_->currentIndex();
    const bool curve = i >= 0 && i < TrainingPlots::kPlotCount;
    const auto plot = static_cast<TrainingPlots::Plot>(curve ? i : 0);
    {
        const QSignalBlocker block(logScale_);
        logScale_->setChecked(curve && plots_->logScale(plot));
    }
    logScale_->setEnabled(curve && plots_->canUseLogScale(plot));
    fitButton_->setEnabled(curve);
    exportPlotButton_->setEnabled(curve);
    if (curve) plots_->replot(plot);
}

core::Status TrainingPanel::exportPlot(const QString& path) {
    const int i = tabs_->currentIndex();
    if (i < 0 || i >= TrainingPlots::kPlotCount)
        return core::makeError("the Insight and Layer health tabs are not curve plots; pick the Loss, " + plots_->metricTitle().toStdString() +
                               " or Learning rate tab");
    refreshPlots();
    return TrainingPlots::exportImage(plots_->plot(static_cast<TrainingPlots::Plot>(i)), path);
}

core::Status TrainingPanel::exportHistoryCsv(const QString& path) {
    const QString text = controller_ ? historyCsv(controller_->runs()) : historyCsv({});
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return core::makeError("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
    file.write(text.toUtf8());
    if (!file.commit())
        return core::makeError("cannot write '" + path.toStdString() + "': " + file.errorString().toStdString());
    return {};
}

void TrainingPanel::exportPlotWithDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), tabs_->tabText(tabs_->currentIndex()).toLower() + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty()) return;
    if (auto s = exportPlot(path); !s) showStatus(QString::fromStdString(s.error().message), true);
    else showStatus(tr("Plot saved to %1.").arg(path));
}

void TrainingPanel::exportCsvWithDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export training history"), QStringLiteral("training-history.csv"),
                                                      tr("CSV file (*.csv)"));
    if (path.isEmpty()) return;
    if (auto s = exportHistoryCsv(path); !s) showStatus(QString::fromStdString(s.error().message), true);
    else showStatus(tr("History saved to %1.").arg(path));
}

}  // namespace layerlab::ui
