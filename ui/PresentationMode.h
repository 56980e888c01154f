// PresentationMode: View > Presentation Mode (Ctrl+Shift+P), the window
// dressed for a projector. When on:
//  - the window's fonts are kScale times larger: every widget that takes the
//    window's font, each widget that set a size of its own, and the menus,
//    dialogs and tooltips the window opens;
//  - the views draw larger through their own scale setters: the canvas (zoom,
//    and the readable zoom it fits to), the step-through's diagram, the
//    concept map, the training plots (fonts, lines, markers), the decision
//    boundary and the confusion matrix's counts;
//  - the layer palette, the inspector and the main toolbar are hidden, and a
//    Presentation toolbar names the views to teach from: Canvas, Training,
//    Data, Step Through, Concept Map (View > Show..., Alt+1 to Alt+5). The
//    view picked fills the window: the canvas with the bottom panel kept low
//    (kPanelShare of the height), or one bottom panel with the canvas hidden.
//    Clicking another panel's tab follows along.
// Off again: the dock layout and sizes, the toolbars, the fonts and the
// canvas's zoom and position are exactly as before. The Show actions work
// outside presentation mode too (they raise the panel and give it the focus).
//
// Whether it is on is remembered: the window calls loadSettings() after it
// restored its layout and saveSettings() with normalState(), the layout to
// keep (the one before presentation mode while it is on).
//
// Owned by the window (a QObject child). GUI thread only.
#pragma once

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QTransform>

class QAction;
class QDockWidget;
class QMenu;
class QSettings;
class QToolBar;
class QWidget;

namespace layerlab::ui {

class MainWindow;

class PresentationMode : public QObject {
    Q_OBJECT

public:
    static constexpr double kScale = 1.5;
    static constexpr double kPanelShare = 0.3;  // of the height, for the bottom panel under the canvas
    // The views a lesson moves between, in the order of their shortcuts (Alt+1 ...).
    enum class Stage { Canvas, Training, Data, StepThrough, ConceptMap };

    // requires: the window's docks and views exist (call after they are built).
    explicit PresentationMode(MainWindow* window);

    bool isOn() const { return on_; }
    // ensures: isOn() == on, the window dressed (or undressed) as described above.
    void setOn(bool on);
    Stage stage() const { return stage_; }
    // Raises the view and gives it the focus; in presentation mode it also fills the window.
    void show(Stage stage);

    QAction* toggleAction() const { return toggle_; }
    QAction* showAction(Stage stage) const { return shows_.value(static_cast<int>(stage)); }
    QToolBar* toolBar() const { return bar_; }
    // Adds the toggle and the Show actions to the View menu.
    void addToMenu(QMenu* menu) const;

    // The dock layout to remember: QMainWindow::saveState() now, or the one
    // from before presentation mode while it is on.
    QByteArray normalState() const;
    // Inside the window's settings group: reads / writes whether it is on.
    void loadSettings(const QSettings& settings);
    void saveSettings(QSettings& settings) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct FontOverride {
        QPointer<QWidget> widget;
        QFont font;
        bool ownFont = false;  // the widget had set a font of its own
    };
    QDockWidget* dock(Stage stage) const;
    void scaleFonts(bool on);
    void scaleFontOf(QWidget* w);
    void scaleViews(double scale);
    // Lays the window out for stage_ (later, once the window is shown).
    void arrange();
    void followDock(Stage stage, bool visible);

    MainWindow* window_;
    QAction* toggle_ = nullptr;
    QList<QAction*> shows_;
    QToolBar* bar_ = nullptr;
    bool on_ = false;
    bool arranging_ = false;
    bool arrangePending_ = false;
    Stage stage_ = Stage::Canvas;
    Stage panel_ = Stage::Training;  // the bottom panel shown under the canvas
    QByteArray savedState_;
    QTransform savedTransform_;
    QPointF savedCentre_;
    QList<FontOverride> fonts_;
};

}  // namespace layerlab::ui
