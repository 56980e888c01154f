// MainWindow: layout, actions, menus and the edit commands. File handling
// (open, save, recent, examples, recovery, export, close) is in
// MainWindowFiles.cpp.
#include "ui/MainWindow.h"

#include "ui/Autosave.h"
#include "ui/PresentationMode.h"
#include "ui/editor/CanvasActions.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/PropertyInspector.h"
#include "ui/training/TrainingController.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoStack>

namespace layerlab::ui {

namespace {

// "1.2 MFLOPs" style.
QString humanCount(double v) {
    const char* units[] = {"", "k", "M", "G", "T"};
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    return (u == 0 ? QString::number(v, 'f', 0) : QString::number(v, 'f', v < 10 ? 2 : 1)) + QLatin1Char(' ') + QLatin1String(units[u]);
}

QStyle::StandardPixmap standardIconFor(const char* name) {
    const QByteArray n(name);
    if (n == "document-new") return QStyle::SP_FileIcon;
    if (n == "document-open") return QStyle::SP_DialogOpenButton;
    if (n == "document-save") return QStyle::SP_DialogSaveButton;
    if (n == "edit-undo") return QStyle::SP_ArrowBack;
    if (n == "edit-redo") return QStyle::SP_ArrowForward;
    if (n == "edit-delete") return QStyle::SP_TrashIcon;
    return QStyle::SP_CustomBase;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent, const QString& autosaveDir) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    doc_ = new GraphDocument(this);
    scene_ = new GraphScene(doc_, this);
    view_ = new GraphView(scene_, this);
    view_->setObjectName(QStringLiteral("graphView"));
    setCentralWidget(view_);
    autosave_ = new Autosave(doc_, autosaveDir, this);

    summaryLabel_ = new QLabel(this);
    summaryLabel_->setObjectName(QStringLiteral("modelSummary"));
    zoomLabel_ = new QLabel(this);
    zoomLabel_->setObjectName(QStringLiteral("zoomLabel"));
    canvas_ = new CanvasActions(doc_, scene_, view_, this);
    connect(canvas_, &CanvasActions::message, this, [this](const QString& m) { statusBar()->showMessage(m, 6000); });
    statusBar()->addPermanentWidget(summaryLabel_);
    statusBar()->addPermanentWidget(canvas_->fixButton());
    statusBar()->addPermanentWidget(zoomLabel_);

    createActions();
    canvas_->setCanvasMenuActions({action(QStringLiteral("actionSelectAll")), action(QStringLiteral("actionAutoLayout")),
                                   action(QStringLiteral("actionFit"))});
    createDocks();
    createPanels();
    presentation_ = new PresentationMode(this);
    createMenus();
    createToolBar();

    connect(doc_, &GraphDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(doc_, &GraphDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(doc_, &GraphDocument::summaryChanged, this, &MainWindow::updateSummary);
    connect(doc_, &GraphDocument::reset, this, &MainWindow::updateSummary);
    connect(doc_, &GraphDocument::reset, view_, &GraphView::fitToView);
    connect(scene_, &QGraphicsScene::selectionChanged, this, &MainWindow::updateEditActions);
    connect(scene_, &GraphScene::connectionRefused, this,
            [this](const QString& reason) { statusBar()->showMessage(reason, 6000); });
    connect(view_, &GraphView::zoomChanged, this,
            [this](double z) { zoomLabel_->setText(QStringLiteral("%1%").arg(qRound(z * 100))); });
    connect(QApplication::clipboard(), &QClipboard::dataChanged, this, &MainWindow::updateEditActions);

    resize(1280, 800);
    readSettings();
    updateTitle();
    updateSummary();
    updateEditActions();
    zoomLabel_->setText(QStringLiteral("100%"));
    statusBar()->showMessage(tr("Drag layers from the palette onto the canvas, or open an example (File > Examples)."));
}

MainWindow::~MainWindow() {
    // The scene outlives our actions while QWidget tears down its children;
    // its last selectionChanged must not reach us.
    scene_->disconnect(this);
    QApplication::clipboard()->disconnect(this);
    training_->stopAndWait();
}

QAction* MainWindow::makeAction(const QString& name, const QString& text, const QKeySequence& key, const char* icon) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty()) a->setShortcut(key);
    if (icon) {
        QIcon themed = QIcon::fromTheme(QString::fromLatin1(icon));
        if (themed.isNull() && standardIconFor(icon) != QStyle::SP_CustomBase)
            themed = style()->standardIcon(standardIconFor(icon));
        a->setIcon(themed);
    }
    addAction(a);  // shortcuts work even when the menu bar is hidden
    return a;
}

void MainWindow::createActions() {
    connect(makeAction(QStringLiteral("actionNew"), tr("&New"), QKeySequence::New, "document-new"),
            &QAction::triggered, this, &MainWindow::newFile);
    connect(makeAction(QStringLiteral("actionOpen"), tr("&Open..."), QKeySequence::Open, "document-open"),
            &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(makeAction(QStringLiteral("actionSave"), tr("&Save"), QKeySequence::Save, "document-save"),
            &QAction::triggered, this, &MainWindow::save);
    connect(makeAction(QStringLiteral("actionSaveAs"), tr("Save &As..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), nullptr),
            &QAction::triggered, this, &MainWindow::saveAs);
    connect(makeAction(QStringLiteral("actionExportDiagram"), tr("&Export Diagram..."),
                       QKeySequence(Qt::CTRL | Qt::Key_E), nullptr),
            &QAction::triggered, this, &MainWindow::exportWithDialog);
    createModelActions();
    QAction* quit = makeAction(QStringLiteral("actionQuit"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), nullptr);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QUndoStack* stack = doc_->undoStack();
    QAction* undo = stack->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("actionUndo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    addAction(undo);
    QAction* redo = stack->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("actionRedo"));
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence& k : {QKeySequence(Qt::CTRL | Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)})
        if (!redoKeys.contains(k)) redoKeys << k;  // one binding twice would make the shortcut ambiguous
    redo->setShortcuts(redoKeys);
    redo->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    addAction(redo);

    connect(makeAction(QStringLiteral("actionCut"), tr("Cu&t"), QKeySequence::Cut, "edit-cut"), &QAction::triggered,
            this, &MainWindow::cut);
    connect(makeAction(QStringLiteral("actionCopy"), tr("&Copy"), QKeySequence::Copy, "edit-copy"), &QAction::triggered,
            this, &MainWindow::copy);
    connect(makeAction(QStringLiteral("actionPaste"), tr("&Paste"), QKeySequence::Paste, "edit-paste"),
            &QAction::triggered, this, &MainWindow::paste);
    connect(makeAction(QStringLiteral("actionDuplicate"), tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), nullptr),
            &QAction::triggered, this, &MainWindow::duplicate);
    connect(makeAction(QStringLiteral("actionDelete"), tr("&Delete"), QKeySequence::Delete, "edit-delete"),
            &QAction::triggered, scene_, &GraphScene::deleteSelection);
    connect(makeAction(QStringLiteral("actionSelectAll"), tr("Select &All"), QKeySequence::SelectAll, nullptr),
            &QAction::triggered, this, &MainWindow::selectAll);

    createViewActions();  // MainWindowView.cpp
    connect(makeAction(QStringLiteral("actionAbout"), tr("&About LayerLab"), QKeySequence(), nullptr),
            &QAction::triggered, this, &MainWindow::showAbout);
}

QDockWidget* MainWindow::addDock(QWidget* content, const QString& name, const QString& title, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    if (area == Qt::BottomDockWidgetArea) {
        // Wide panels (plots, forms) scroll instead of forcing the window wider.
        auto* scroll = new QScrollArea(dock);
        scroll->setObjectName(name + QStringLiteral("Scroll"));
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(content);
        dock->setWidget(scroll);
    } else {
        dock->setWidget(content);
    }
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createDocks() {
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    palette_ = new LayerPalette(this);
    addDock(palette_, QStringLiteral("paletteDock"), tr("Layers"), Qt::LeftDockWidgetArea);
    connect(palette_, &LayerPalette::addRequested, this, &MainWindow::addLayerFromPalette);
    QAction* findLayer = makeAction(QStringLiteral("actionFindLayer"), tr("Find &Layer..."), QKeySequence::Find, nullptr);
    connect(findLayer, &QAction::triggered, this, [this] {
        palette_->parentWidget()->show();
        palette_->filterField()->setFocus();
        palette_->filterField()->selectAll();
    });

    inspector_ = new PropertyInspector(doc_, this);
    addDock(inspector_, QStringLiteral("inspectorDock"), tr("Properties"), Qt::RightDockWidgetArea);
    connect(scene_, &QGraphicsScene::selectionChanged, this,
            [this] { inspector_->setNodes(scene_->selectedNodeIds()); });
    resizeDocks({findChild<QDockWidget*>(QStringLiteral("paletteDock")),
                 findChild<QDockWidget*>(QStringLiteral("inspectorDock"))},
                {210, 300}, Qt::Horizontal);
}

void MainWindow::addLayerFromPalette(const QString& type) { canvas_->addFromPalette(type); }

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(action(QStringLiteral("actionNew")));
    file->addAction(action(QStringLiteral("actionOpen")));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    recentMenu_->setObjectName(QStringLiteral("menuRecent"));
    QMenu* examples = file->addMenu(tr("E&xamples"));
    examples->setObjectName(QStringLiteral("menuExamples"));
    for (const QString& path : exampleFiles()) {
        QAction* a = examples->addAction(QFileInfo(path).completeBaseName(), this, &MainWindow::openExample);
        a->setData(path);
    }
    if (examples->isEmpty()) examples->addAction(tr("(no examples found)"))->setEnabled(false);
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionSave")));
    file->addAction(action(QStringLiteral("actionSaveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionNewSynthetic")));
    file->addAction(action(QStringLiteral("actionNewSyntheticSeries")));
    file->addAction(action(QStringLiteral("actionImportCsv")));
    file->addAction(action(QStringLiteral("actionImportIdx")));
    file->addAction(action(QStringLiteral("actionImportSeries")));
    file->addAction(action(QStringLiteral("actionImportModel")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionExportDiagram")));
    file->addAction(action(QStringLiteral("actionExportModel")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("actionQuit")));
    rebuildRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    for (const char* name : {"actionUndo", "actionRedo", "", "actionCut", "actionCopy", "actionPaste",
                             "actionDuplicate", "actionDelete", "", "actionSelectAll", "actionFindLayer"}) {
        if (*name == '\0') edit->addSeparator();
        else edit->addAction(action(QString::fromLatin1(name)));
    }

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->setObjectName(QStringLiteral("menuView"));
    for (const char* name : {"actionZoomIn", "actionZoomOut", "actionResetZoom", "actionFit", "", "actionAutoLayout",
                             "actionLayoutTopToBottom", "actionLayoutLeftToRight"}) {
        if (*name == '\0') viewMenu_->addSeparator();
        else viewMenu_->addAction(action(QString::fromLatin1(name)));
    }
    viewMenu_->addSeparator();
    presentation_->addToMenu(viewMenu_);
    viewMenu_->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) viewMenu_->addAction(dock->toggleViewAction());

    QMenu* train = menuBar()->addMenu(tr("&Train"));
    train->setObjectName(QStringLiteral("menuTrain"));
    for (const char* name : {"actionTrain", "actionPauseResume", "actionStep", "actionStop", "", "actionResetWeights",
                             "", "actionNewSynthetic", "actionImportCsv", "actionImportIdx", "actionImportSeries"}) {
        if (*name == '\0') train->addSeparator();
        else train->addAction(action(QString::fromLatin1(name)));
    }
    connect(train, &QMenu::aboutToShow, this, [this, train] { syncTrainMenu(train); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction* about = action(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    help->addAction(about);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    for (const char* name : {"actionNew", "actionOpen", "actionSave", "", "actionUndo", "actionRedo", "",
                             "actionDelete", "", "actionZoomIn", "actionZoomOut", "actionFit", "actionAutoLayout"}) {
        if (*name == '\0') bar->addSeparator();
        else bar->addAction(action(QString::fromLatin1(name)));
    }
    if (viewMenu_) viewMenu_->addAction(bar->toggleViewAction());
}

QAction* MainWindow::action(const QString& objectName) const {
    for (QAction* a : actions())
        if (a->objectName() == objectName) return a;
    return nullptr;
}

// ---- edit commands ----

void MainWindow::copy() {
    const QList<core::NodeId> ids = scene_->selectedNodeIds();
    if (ids.isEmpty()) return;
    auto* mime = new QMimeData;
    const QString text = doc_->copy(ids);
    mime->setData(QString::fromLatin1(GraphDocument::kClipboardMimeType), text.toUtf8());
    mime->setText(text);
    QApplication::clipboard()->setMimeData(mime);
    statusBar()->showMessage(tr("Copied %n layer(s)", nullptr, int(ids.size())), 3000);
}

void MainWindow::cut() {
    if (scene_->selectedNodeIds().isEmpty()) return;
    copy();
    scene_->deleteSelection();
}

void MainWindow::paste() {
    const QString mimeType = QString::fromLatin1(GraphDocument::kClipboardMimeType);
    const QString text = layersOnClipboard();
    if (text.isEmpty()) return;
    auto pasted = doc_->paste(text, QPointF(40, 40));
    if (!pasted) {
        statusBar()->showMessage(tr("Cannot paste: %1").arg(QString::fromStdString(pasted.error().message)), 6000);
        return;
    }
    scene_->clearSelection();
    for (core::NodeId id : pasted.value())
        if (NodeItem* item = scene_->nodeItem(id)) item->setSelected(true);
    // Paste again lands 40 px further: the clipboard now holds the pasted copy.
    if (!pasted.value().isEmpty()) {
        auto* next = new QMimeData;
        const QString again = doc_->copy(pasted.value());
        next->setData(mimeType, again.toUtf8());
        next->setText(again);
        QApplication::clipboard()->setMimeData(next);
    }
}

void MainWindow::duplicate() { canvas_->duplicateSelection(); }

void MainWindow::selectAll() {
    for (QGraphicsItem* item : scene_->items())
        if (item->type() == NodeItem::Type) item->setSelected(true);
}

void MainWindow::updateEditActions() {
    const bool hasSelection = !scene_->selectedItems().isEmpty();
    const bool hasNodes = !scene_->selectedNodeIds().isEmpty();
    action(QStringLiteral("actionCut"))->setEnabled(hasNodes);
    action(QStringLiteral("actionCopy"))->setEnabled(hasNodes);
    action(QStringLiteral("actionDuplicate"))->setEnabled(hasNodes);
    action(QStringLiteral("actionDelete"))->setEnabled(hasSelection);
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    action(QStringLiteral("actionPaste"))
        ->setEnabled(mime && (mime->hasFormat(QString::fromLatin1(GraphDocument::kClipboardMimeType)) ||
                              mime->text().contains(QLatin1String("\"nodes\""))));
}

void MainWindow::updateTitle() {
    const QString file = doc_->filePath();
    const QString name = file.isEmpty() ? tr("Untitled") : QFileInfo(file).fileName();
    setWindowFilePath(file);
    setWindowTitle(QStringLiteral("%1[*] \u2014 LayerLab").arg(name));
    setWindowModified(doc_->isModified());
}

void MainWindow::updateSummary() {
    const ModelSummary& s = doc_->summary();
    QString text = tr("%1 parameters \u00b7 %n layer(s) \u00b7 %2FLOPs/sample", nullptr, s.layers)
                       .arg(QLocale().toString(s.parameters), humanCount(s.flopsPerSample));
    if (!s.error.isEmpty()) {
        summaryLabel_->setStyleSheet(QStringLiteral("color: #b3261e;"));
        summaryLabel_->setToolTip(s.error);
        text += QStringLiteral(" \u00b7 ") + tr("not trainable yet: %1").arg(s.error.section(QLatin1Char('\n'), 0, 0));
    } else if (!s.stray.isEmpty()) {
        const QString names = s.stray.join(QStringLiteral(", "));
        summaryLabel_->setStyleSheet(QStringLiteral("color: #8a5a00;"));
        summaryLabel_->setToolTip(tr("Not connected to the network, so not trained: %1").arg(names));
        text += QStringLiteral(" \u00b7 ") + tr("not trained (not connected): %1").arg(names);
    } else {
        summaryLabel_->setStyleSheet(QString());
        summaryLabel_->setToolTip(QString());
    }
    summaryLabel_->setText(text);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About LayerLab"),
        tr("<h3>LayerLab %1</h3>"
           "<p>Build and train neural networks by hand: draw the network, load data, "
           "train it and look inside.</p>"
           "<p>Copyright the LayerLab authors. LayerLab is free software under the "
           "GNU General Public License, version 3 or (at your option) any later version "
           "(GPL-3.0-or-later). It comes with no warranty.</p>"
           "<p>Plots by <a href=\"https://www.qcustomplot.com/\">QCustomPlot</a> "
           "(Emanuel Eichhammer, GPL-3.0). Built with Qt %2, Eigen, Graphviz and nlohmann-json.</p>")
            .arg(QStringLiteral(LAYERLAB_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::reportError(const QString& title, const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message, 10000);
    emit errorOccurred(message);
    if (!errorDialogs_) return;
    // Window-modal and non-blocking: open() returns at once.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// ---- settings ----

void MainWindow::readSettings() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    if (const QByteArray g = settings.value(QStringLiteral("geometry")).toByteArray(); !g.isEmpty()) restoreGeometry(g);
    if (const QByteArray s = settings.value(QStringLiteral("state")).toByteArray(); !s.isEmpty()) restoreState(s);
    lastSaveDir_ = settings.value(QStringLiteral("lastDir")).toString();
    presentation_->loadSettings(settings);  // after the layout it returns to
    settings.endGroup();
}

void MainWindow::writeSettings() const {
    QSettings settings;
    settings.beginGroup(QStringLiteral("MainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), presentation_->normalState());
    presentation_->saveSettings(settings);
    settings.setValue(QStringLiteral("lastDir"), lastSaveDir_);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent* e) {
    if (!readyToReplaceProject()) {
        e->ignore();
        return;
    }
    writeSettings();
    autosave_->discard();
    e->accept();
}

}  // namespace layerlab::ui
