// The main window of the studio: the layer palette on the left, the graph
// canvas in the middle, the property inspector on the right and a bottom area
// for data and training. Menus and a toolbar carry the usual shortcuts; the
// window layout and recent files are remembered (QSettings); the title shows
// the file name and a `*` for unsaved changes.
//
// It owns one GraphDocument (the project) and the views of it. Every edit goes
// through the document's undoable calls. Files: New/Open/Save/Save As/recent/
// examples, saves through core::writeFileAtomically, a crash-recovery autosave offered on the
// next start, a question before unsaved changes are lost, and diagram export
// (SVG/PNG/PDF).
//
// GUI thread only. Owns all its child widgets (Qt parent ownership).
#pragma once

#include "core/graph/graph.h"
#include "core/io/project.h"
#include "core/io/project_data.h"
#include "core/viz/graph_layout.h"

#include <memory>

#include <QMainWindow>
#include <QString>
#include <QStringList>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QUndoStack;

namespace layerlab::ui {

class Autosave;
class BackpropView;
class CanvasActions;
class ConceptMapView;
class DataManager;
class DatasetPanel;
class GraphDocument;
class TrainingController;
class TrainingPanel;
class LayerPalette;
class PresentationMode;
class ModelExportJob;
class PropertyInspector;
class GraphScene;
class GraphView;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // settingsGroup: the QSettings group for layout and recent files (tests use
    // their own). autosaveDir: where crash-recovery copies go (empty = the
    // user's app data folder).
    explicit MainWindow(QWidget* parent = nullptr, const QString& autosaveDir = QString());
    ~MainWindow() override;

    GraphDocument* document() const { return doc_; }
    GraphScene* scene() const { return scene_; }
    GraphView* view() const { return view_; }
    CanvasActions* canvasActions() const { return canvas_; }
    LayerPalette* palette() const { return palette_; }
    PropertyInspector* inspector() const { return inspector_; }
    DataManager* dataManager() const { return data_; }
    TrainingController* trainingController() const { return training_; }
    TrainingPanel* trainingPanel() const { return trainingPanel_; }
    BackpropView* teachView() const { return teach_; }
    ConceptMapView* conceptMap() const { return concepts_; }
    // View > Presentation Mode and the View > Show actions (PresentationMode.h).
    PresentationMode* presentationMode() const { return presentation_; }

    // Reads `path` as a .layerlab project. On success the window shows it and
    // lastError() is empty; it is added to the recent files. On failure the
    // current document is untouched, lastError() says what is wrong (file,
    // line and column where known), errorOccurred() is emitted and, when
    // error dialogs are enabled, a message box shows it. Does NOT ask about
    // unsaved changes (the menu actions do, through maybeSave()).
    bool openFile(const QString& path);
    // Saves to `path` (all or nothing, core::writeFileAtomically). Same error reporting.
    bool saveTo(const QString& path);
    // Writes the diagram of the whole graph; the format follows the suffix
    // (.svg, .png, .pdf). Same error reporting.
    bool exportDiagram(const QString& path);
    // File > Export Model: the network with its weights as a PyTorch script
    // (.py, weights beside it) or ONNX (.onnx), written off the GUI thread by the
    // same core function as `layerlab export` (ModelExportJob); a progress dialog
    // shows meanwhile. false when an export is running already. When it ends,
    // modelExported() (status bar message) or the error reporting of openFile.
    bool exportModel(const QString& path);
    ModelExportJob* modelExportJob() const { return modelExport_; }
    // File > Import Model: reads an ONNX model (core::importOnnx) into a new,
    // untitled project laid out by Graphviz. Does NOT ask about unsaved changes
    // (the menu action does). Same error reporting as openFile.
    bool importModel(const QString& path);

    // The file shown now (absolute path), empty when untitled.
    QString currentFile() const;
    // The message of the last failed operation, empty after a successful one.
    QString lastError() const { return lastError_; }
    QStringList recentFiles() const;
    // Folders searched for the bundled examples, and the examples found.
    static QStringList exampleFiles();

    // When the document has unsaved changes, asks Save / Discard / Cancel
    // (a QMessageBox named "unsavedChangesBox"). true = go on (saved or
    // discarded), false = cancelled or the save failed.
    bool maybeSave();
    // Before New, Open and close: stops a training run and joins it (its
    // weights reach the document), then maybeSave(). Nothing of the old
    // project stays on screen after the document is replaced: each view, and
    // each holder of per-project state, empties itself on GraphDocument::reset
    // (DataManager: data; TrainingController: runs, whose runsCleared() empties
    // the training panel, its plots, Insight and Layer health, and the concept
    // map's overfitting mark; BackpropView: its data, sample and gradient check).
    bool readyToReplaceProject();
    // Where Save As and Export propose to write: the folder last opened from or
    // saved to, unless that is the bundled examples' folder; else the user's
    // documents folder (home when there is none).
    QString saveFolder() const;

    // Error message boxes are on by default; headless uses (screenshots, tests)
    // may turn them off and read lastError() instead.
    void setErrorDialogsEnabled(bool enabled) { errorDialogs_ = enabled; }

    // Offers the crash-recovery copies left by an earlier run that ended
    // without closing (one question per copy; Yes restores it as a modified
    // document, No deletes it). Returns true when one was restored.
    bool offerRecovery();

    // The action with this objectName (tests, toolbar), or nullptr.
    QAction* action(const QString& objectName) const;

signals:
    void errorOccurred(const QString& message);
    void modelExported(const QString& message);

protected:
    void closeEvent(QCloseEvent* e) override;

private slots:
    void newFile();
    void openWithDialog();
    bool save();
    bool saveAs();
    void exportWithDialog();
    void exportModelWithDialog();
    void importModelWithDialog();
    void openRecent();
    void openExample();
    void cut();
    void copy();
    void paste();
    void duplicate();
    void selectAll();
    void autoLayout();
    void showAbout();
    void updateTitle();
    void updateSummary();
    void updateEditActions();

private:
    void createDocks();
    QDockWidget* addDock(QWidget* content, const QString& name, const QString& title, Qt::DockWidgetArea area);
    void addLayerFromPalette(const QString& type);
    // MainWindowPanels.cpp: data, training, step-through and concept map.
    void createPanels();
    // The Train menu's items follow the training panel's buttons named in
    // their data() (enabled, Pause/Resume).
    void syncTrainMenu(QMenu* menu);
    void importCsv();
    void importIdx();
    // File > Import Time Series... (SeriesImportDialog), or New Synthetic Series... (synthetic).
    void importSeries(bool synthetic);
    void newSyntheticData();  // the synthetic-data dialog (File > New Synthetic Data...)
    void adoptImport(const core::DataSource& source, std::shared_ptr<const core::ProjectData> data,
                     const QString& undoText = QString());
    void createActions();
    // MainWindowModels.cpp: File > Export Model and Import Model, and the export job.
    void createModelActions();
    // MainWindowView.cpp: zoom, fit and auto-layout (in a direction, one undo step).
    void createViewActions();
    void layOut(core::LayoutDirection direction);
    void createMenus();
    void createToolBar();
    void rebuildRecentMenu();
    void addRecentFile(const QString& path);
    void readSettings();
    void writeSettings() const;
    void reportError(const QString& title, const QString& message);
    void clearError() { lastError_.clear(); }
    QAction* makeAction(const QString& name, const QString& text, const QKeySequence& key, const char* icon);

    GraphDocument* doc_ = nullptr;
    GraphScene* scene_ = nullptr;
    GraphView* view_ = nullptr;
    CanvasActions* canvas_ = nullptr;  // canvas gestures, context menus, the network's one-click fix
    Autosave* autosave_ = nullptr;
    LayerPalette* palette_ = nullptr;
    PropertyInspector* inspector_ = nullptr;
    DataManager* data_ = nullptr;
    DatasetPanel* datasetPanel_ = nullptr;
    TrainingController* training_ = nullptr;
    TrainingPanel* trainingPanel_ = nullptr;
    BackpropView* teach_ = nullptr;
    ConceptMapView* concepts_ = nullptr;
    PresentationMode* presentation_ = nullptr;
    ModelExportJob* modelExport_ = nullptr;
    QLabel* summaryLabel_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QString lastError_;
    QString lastSaveDir_;
    bool errorDialogs_ = true;
};

}  // namespace layerlab::ui
