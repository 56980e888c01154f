// MainWindow: the bottom panels (data, training, step-through, concept map)
// and how they talk to each other and to the editor.
#include "core/viz/concept_graph.h"
#include "ui/MainWindow.h"
#include "ui/concepts/ConceptMapView.h"
#include "ui/data/CsvImportDialog.h"
#include "ui/data/DataManager.h"
#include "ui/data/DatasetPanel.h"
#include "ui/data/IdxImportDialog.h"
#include "ui/data/ShapeMatch.h"
#include "ui/data/SeriesImportDialog.h"
#include "ui/data/SyntheticDataDialog.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/NodeItem.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/BoundaryView.h"
#include "ui/training/InsightView.h"
#include "ui/training/RunHistory.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"

#include <QAbstractButton>
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>

#include <algorithm>

namespace layerlab::ui {

namespace {

// The data's splits by the names Insight and the step-through use. A sample
// is numbered by its index within its split everywhere (Data panel, Insight
// lists, step-through), so "validation sample 8" is the same sample in each.
std::shared_ptr<const core::Dataset> splitData(const core::ProjectData& d, const QString& split) {
    if (split == QLatin1String("validation")) return d.validation;
    if (split == QLatin1String("test")) return d.test;
    return d.train;
}

QString splitName(const core::ProjectData& d, const core::Dataset* set) {
    if (set && set == d.validation.get()) return QStringLiteral("validation");
    if (set && set == d.test.get()) return QStringLiteral("test");
    return QStringLiteral("training");
}

}  // namespace

void MainWindow::createPanels() {
    // The bottom panels (plots, the neuron diagram, the concept map) need
    // width more than the palette and inspector need height.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    data_ = new DataManager(doc_, this);
    datasetPanel_ = new DatasetPanel(data_, this);
    QDockWidget* dataDock = addDock(datasetPanel_, QStringLiteral("dataDock"), tr("Data"), Qt::BottomDockWidgetArea);

    training_ = new TrainingController(doc_, this);
    trainingPanel_ = new TrainingPanel(doc_, training_, this);
    trainingPanel_->setDataProvider([this] { return data_->data(); });
    QDockWidget* trainDock =
        addDock(trainingPanel_, QStringLiteral("trainingDock"), tr("Training"), Qt::BottomDockWidgetArea);

    teach_ = new BackpropView(doc_, this);
    QDockWidget* teachDock =
        addDock(teach_, QStringLiteral("teachDock"), tr("Step Through"), Qt::BottomDockWidgetArea);

    concepts_ = new ConceptMapView(doc_, this);
    QDockWidget* conceptDock =
        addDock(concepts_, QStringLiteral("conceptDock"), tr("Concept Map"), Qt::BottomDockWidgetArea);

    tabifyDockWidget(trainDock, dataDock);
    tabifyDockWidget(trainDock, teachDock);
    tabifyDockWidget(trainDock, conceptDock);
    trainDock->raise();
    resizeDocks({trainDock}, {360}, Qt::Vertical);

    // Data: missing files are asked for; a loaded set goes to the step-through view.
    connect(data_, &DataManager::dataFileMissing, this, [this](const QString& field, const QString& path) {
        if (errorDialogs_) DataManager::askForMovedFile(this, data_, field, path);
        else statusBar()->showMessage(tr("Data file not found: %1").arg(path), 10000);
    });
    connect(data_, &DataManager::failed, this,
            [this](const QString& message) { statusBar()->showMessage(tr("Data: %1").arg(message), 10000); });
    connect(data_, &DataManager::loaded, this, [this] {
        const auto d = data_->data();
        teach_->setData(d ? d->train : nullptr, QStringLiteral("training"));
    });
    // The decision boundary's axes in the data's own units, named after its features.
    connect(data_, &DataManager::loaded, this, [this] {
        const auto d = data_->data();
        QStringList names;
        if (d && d->train)
            for (const std::string& n : d->train->featureNames) names << QString::fromStdString(n);
        trainingPanel_->insightView()->boundaryView()->setDataUnits(d ? d->preprocessing : core::Preprocessing{}, names);
    });
    connect(datasetPanel_, &DatasetPanel::sampleSelected, this, [this](int i) {
        if (const auto d = data_->data())
            teach_->setData(datasetPanel_->currentDataset(), splitName(*d, datasetPanel_->currentDataset().get()), i);
    });
    // A sample clicked in Insight (a confusion cell's list, the misclassified
    // grid) opens in the step-through, from the split Insight shows.
    connect(trainingPanel_, &TrainingPanel::sampleActivated, this, [this](const QString& split, int i) {
        const auto d = data_->data();
        const auto set = d ? splitData(*d, split) : nullptr;
        if (!set || i < 0 || i >= set->count()) return;
        teach_->setData(set, split, i);
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("teachDock"))) {
            dock->show();
            dock->raise();
        }
    });

    // Concept map <-> editor selection; overfitting from the run's history.
    connect(concepts_, &ConceptMapView::highlightNodes, this, [this](const QList<core::NodeId>& ids) {
        scene_->clearSelection();
        for (core::NodeId id : ids)
            if (NodeItem* item = scene_->nodeItem(id)) item->setSelected(true);
    });
    // ...and the training settings it stands for (marked in the Training panel's form).
    connect(concepts_, &ConceptMapView::highlightSettings, this, [this](const QStringList& keys) {
        const QStringList marked = trainingPanel_->settingsForm()->highlightFields(keys);
        QStringList said;
        QStringList labels;
        for (const QString& k : marked) labels << trainingPanel_->settingsForm()->fieldLabel(k);
        if (!marked.isEmpty()) said << tr("marked in the Training panel: %1").arg(labels.join(QStringLiteral(", ")));
        // The data settings live in the import dialogs, not in a panel.
        static const QStringList dataKeys{QStringLiteral("data"), QStringLiteral("preprocessing"),
                                          QStringLiteral("normalization"), QStringLiteral("testSplit")};
        if (std::any_of(keys.begin(), keys.end(), [](const QString& k) { return dataKeys.contains(k); }))
            said << tr("the data, its normalisation and test split are chosen in File > New Synthetic Data / "
                       "Import CSV / Import MNIST; the Data panel shows the result");
        if (!said.isEmpty()) {
            QString text = said.join(QStringLiteral("; "));
            text[0] = text[0].toUpper();
            statusBar()->showMessage(text, 8000);
        }
    });
    connect(scene_, &QGraphicsScene::selectionChanged, this,
            [this] { concepts_->highlightConceptsForNodes(scene_->selectedNodeIds()); });
    connect(training_, &TrainingController::epochFinished, this, [this] {
        if (const RunHistory* run = training_->lastRun()) concepts_->setOverfitting(core::overfittingSeen(run->epochs));
    });
    // Views of the runs empty themselves when the controller forgets them
    // (the project was replaced); the training panel does so on its own.
    connect(training_, &TrainingController::runsCleared, this, [this] { concepts_->setOverfitting(false); });
    connect(training_, &TrainingController::runningChanged, this, [this](bool running) {
        statusBar()->showMessage(running ? tr("Training... edits apply to the next run") : tr("Training stopped"), 4000);
        teach_->setParameterEditLock(running ? tr("Stop the run before typing in a weight: when the run ends, its "
                                                  "trained weights replace the document's.")
                                             : QString());
    });

    // Train menu: the panel's buttons hold the shortcuts (F5, Shift+F5, F10),
    // so the menu shows them as text and clicks the buttons; the items follow
    // the buttons' state when the menu opens.
    struct TrainItem {
        const char* name;
        QString text;
        const char* button;
    };
    const TrainItem items[] = {{"actionTrain", tr("&Train\tF5"), "trainButton"},
                               {"actionPauseResume", tr("&Pause"), "pauseButton"},
                               {"actionStep", tr("&Step one batch\tF10"), "stepButton"},
                               {"actionStop", tr("St&op\tShift+F5"), "stopButton"},
                               {"actionResetWeights", tr("&Reset weights"), "resetWeightsButton"}};
    for (const TrainItem& item : items) {
        QAction* a = makeAction(QString::fromLatin1(item.name), item.text, {}, nullptr);
        const QString buttonName = QString::fromLatin1(item.button);
        a->setData(buttonName);  // syncTrainMenu follows this button
        connect(a, &QAction::triggered, this, [this, buttonName] {
            if (auto* b = trainingPanel_->findChild<QAbstractButton*>(buttonName); b && b->isEnabled()) b->click();
        });
    }

    QAction* importCsv = makeAction(QStringLiteral("actionImportCsv"), tr("Import &CSV..."),
                                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I), nullptr);
    connect(importCsv, &QAction::triggered, this, &MainWindow::importCsv);
    QAction* importIdx = makeAction(QStringLiteral("actionImportIdx"), tr("Import &MNIST (IDX)..."),
                                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), nullptr);
    connect(importIdx, &QAction::triggered, this, &MainWindow::importIdx);
    QAction* series = makeAction(QStringLiteral("actionImportSeries"), tr("Import &Time Series..."),
                                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), nullptr);
    connect(series, &QAction::triggered, this, [this] { importSeries(false); });
    QAction* syntheticSeries = makeAction(QStringLiteral("actionNewSyntheticSeries"), tr("New Synthetic Se&ries..."),
                                          {}, nullptr);
    connect(syntheticSeries, &QAction::triggered, this, [this] { importSeries(true); });
    QAction* synthetic = makeAction(QStringLiteral("actionNewSynthetic"), tr("New S&ynthetic Data..."),
                                    QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), nullptr);
    connect(synthetic, &QAction::triggered, this, &MainWindow::newSyntheticData);
    connect(datasetPanel_, &DatasetPanel::syntheticRequested, synthetic, &QAction::trigger);
    connect(datasetPanel_, &DatasetPanel::importCsvRequested, importCsv, &QAction::trigger);
    connect(datasetPanel_, &DatasetPanel::importIdxRequested, importIdx, &QAction::trigger);
}

void MainWindow::syncTrainMenu(QMenu* menu) {
    for (QAction* a : menu->actions()) {
        auto* b = trainingPanel_->findChild<QAbstractButton*>(a->data().toString());
        if (a->data().toString().isEmpty() || !b) continue;
        a->setEnabled(b->isEnabled());
        if (a->objectName() == QLatin1String("actionPauseResume"))
            a->setText(b->text() == tr("Resume") ? tr("&Resume") : tr("&Pause"));
    }
}

void MainWindow::importCsv() {
    CsvImportDialog dialog(doc_, this);
    dialog.setObjectName(QStringLiteral("csvImportDialog"));
    if (dialog.exec() != QDialog::Accepted || !dialog.data()) return;
    adoptImport(dialog.dataSource(), dialog.data());
}

void MainWindow::importIdx() {
    IdxImportDialog dialog(doc_, this);
    dialog.setObjectName(QStringLiteral("idxImportDialog"));
    if (dialog.exec() != QDialog::Accepted || !dialog.data()) return;
    adoptImport(dialog.dataSource(), dialog.data());
}

void MainWindow::importSeries(bool synthetic) {
    SeriesImportDialog dialog(doc_, this);
    dialog.setObjectName(QStringLiteral("seriesImportDialog"));
    if (synthetic) dialog.setSynthetic(true);
    if (dialog.exec() != QDialog::Accepted || !dialog.data()) return;
    adoptImport(dialog.dataSource(), dialog.data(), tr("Import time series"));
}

void MainWindow::newSyntheticData() {
    SyntheticDataDialog dialog(doc_, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.data()) return;
    adoptImport(dialog.dataSource(), dialog.data(), tr("Synthetic data"));
}

void MainWindow::adoptImport(const core::DataSource& source, std::shared_ptr<const core::ProjectData> data,
                             const QString& undoText) {
    data_->adoptImport(source, data, undoText);
    if (data && data->train) offerShapeMatch(this, doc_, *data->train);
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("dataDock"))) {
        dock->show();
        dock->raise();
    }
}

}  // namespace layerlab::ui
