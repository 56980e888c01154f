#include "ui/PresentationMode.h"

#include "ui/MainWindow.h"
#include "ui/concepts/ConceptMapView.h"
#include "ui/editor/GraphView.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/TrainingPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QKeySequence>
#include <QMenu>
#include <QSettings>
#include <QTimer>
#include <QToolBar>

namespace layerlab::ui {

namespace {

constexpr const char* kSettingsKey = "presentation";

struct StageInfo {
    const char* action;
    const char* dock;  // nullptr: the canvas
};
constexpr StageInfo kStages[] = {{"actionShowCanvas", nullptr},
                                 {"actionShowTraining", "trainingDock"},
                                 {"actionShowData", "dataDock"},
                                 {"actionShowStepThrough", "teachDock"},
                                 {"actionShowConceptMap", "conceptDock"}};

QFont scaled(QFont f, double s) {
    if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() * s);
    else if (f.pixelSize() > 0) f.setPixelSize(qRound(f.pixelSize() * s));
    return f;
}

bool isInside(const QWidget* w, const QWidget* ancestor) {
    for (; w; w = w->parentWidget())
        if (w == ancestor) return true;
    return false;
}

}  // namespace

PresentationMode::PresentationMode(MainWindow* window) : QObject(window), window_(window) {
    toggle_ = new QAction(tr("&Presentation Mode"), window_);
    toggle_->setObjectName(QStringLiteral("actionPresentationMode"));
    toggle_->setCheckable(true);
    toggle_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    toggle_->setToolTip(tr("Everything larger for a projector, one view filling the window (Ctrl+Shift+P)"));
    window_->addAction(toggle_);  // the shortcut works with the menu bar or toolbars hidden
    connect(toggle_, &QAction::toggled, this, &PresentationMode::setOn);

    const QString names[] = {tr("&Canvas"), tr("&Training"), tr("&Data"), tr("&Step Through"), tr("Concept &Map")};
    auto* group = new QActionGroup(this);
    for (int i = 0; i < 5; ++i) {
        auto* a = new QAction(names[i], window_);
        a->setObjectName(QLatin1String(kStages[i].action));
        a->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_1 + i)));
        a->setToolTip(tr("Show %1 (%2)").arg(QString(names[i]).remove(QLatin1Char('&')),
                                              a->shortcut().toString(QKeySequence::NativeText)));
        group->addAction(a);
        window_->addAction(a);
        shows_ << a;
        const auto stage = static_cast<Stage>(i);
        connect(a, &QAction::triggered, this, [this, stage] { show(stage); });
        if (QDockWidget* d = dock(stage))
            connect(d, &QDockWidget::visibilityChanged, this, [this, stage](bool visible) { followDock(stage, visible); });
    }

    bar_ = new QToolBar(tr("Presentation"), window_);
    bar_->setObjectName(QStringLiteral("presentationToolBar"));
    bar_->setMovable(false);
    bar_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar_->addActions(shows_);
    bar_->addSeparator();
    bar_->addAction(toggle_);
    window_->addToolBar(Qt::TopToolBarArea, bar_);
    bar_->hide();
    window_->installEventFilter(this);
}

QDockWidget* PresentationMode::dock(Stage stage) const {
    const char* name = kStages[static_cast<int>(stage)].dock;
    return name ? window_->findChild<QDockWidget*>(QLatin1String(name)) : nullptr;
}

void PresentationMode::addToMenu(QMenu* menu) const {
    menu->addAction(toggle_);
    QMenu* views = menu->addMenu(tr("&Show"));
    views->setObjectName(QStringLiteral("menuShow"));
    views->addActions(shows_);
}

QByteArray PresentationMode::normalState() const { return on_ ? savedState_ : window_->saveState(); }

void PresentationMode::loadSettings(const QSettings& settings) {
    if (settings.value(QLatin1String(kSettingsKey), false).toBool()) toggle_->setChecked(true);
}

void PresentationMode::saveSettings(QSettings& settings) const { settings.setValue(QLatin1String(kSettingsKey), on_); }

void PresentationMode::setOn(bool on) {
    if (on == on_) return;
    if (on) {
        const GraphView* canvas = window_->view();
        savedState_ = window_->saveState();
        savedTransform_ = canvas->transform();
        savedCentre_ = canvas->centre();
        // Teach from where the focus is: a bottom panel, or the canvas.
        stage_ = Stage::Canvas;
        for (int i = 1; i < 5; ++i)
            if (QDockWidget* d = dock(static_cast<Stage>(i)); d && isInside(window_->focusWidget(), d))
                stage_ = static_cast<Stage>(i);
        on_ = true;
        scaleFonts(true);
        scaleViews(kScale);
        for (const char* name : {"paletteDock", "inspectorDock"})
            if (auto* d = window_->findChild<QDockWidget*>(QLatin1String(name))) d->hide();
        if (auto* main = window_->findChild<QToolBar*>(QStringLiteral("mainToolBar"))) main->hide();
        bar_->show();
        for (QAction* a : shows_) a->setCheckable(true);
        qApp->installEventFilter(this);  // menus and dialogs opened from now on
        arrange();
    } else {
        qApp->removeEventFilter(this);
        on_ = false;
        arrangePending_ = false;
        for (QAction* a : shows_) {
            a->setChecked(false);
            a->setCheckable(false);
        }
        if (window_->centralWidget()) window_->centralWidget()->show();
        scaleFonts(false);
        scaleViews(1.0);
        bar_->hide();
        // The docks, their sizes and the toolbars as they were, once the
        // widgets have their old sizes again (a status bar's height, say,
        // follows its font only after two rounds of layout requests).
        for (int i = 0; i < 3; ++i) QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        window_->restoreState(savedState_);
        window_->view()->restoreView(savedTransform_, savedCentre_);
    }
    const QSignalBlocker block(toggle_);
    toggle_->setChecked(on_);
}

void PresentationMode::scaleViews(double scale) {
    window_->view()->setDisplayScale(scale);
    window_->teachView()->setDisplayScale(scale);
    window_->conceptMap()->setDisplayScale(scale);
    window_->trainingPanel()->setDisplayScale(scale);
}

void PresentationMode::scaleFontOf(QWidget* w) {
    for (const FontOverride& f : fonts_)
        if (f.widget == w) return;
    fonts_ << FontOverride{w, w->font(), w->testAttribute(Qt::WA_SetFont)};
    w->setFont(scaled(w->font(), kScale));
}

void PresentationMode::scaleFonts(bool on) {
    if (!on) {
        // Back in reverse order: a widget's own font, then the window's.
        for (auto it = fonts_.crbegin(); it != fonts_.crend(); ++it)
            if (it->widget) it->widget->setFont(it->ownFont ? it->font : QFont());
        fonts_.clear();
        return;
    }
    // The window: everything that takes its font follows. Then each widget
    // that set a size of its own, the child windows (menus, dialogs), which
    // do not take the window's font, and widgets with a style sheet, which do
    // not either. All chosen and read before any font changes, so that none
    // is scaled twice.
    QList<QWidget*> chosen{window_};
    for (QWidget* w : window_->findChildren<QWidget*>()) {
        const bool ownSize = w->testAttribute(Qt::WA_SetFont) && (w->font().resolveMask() & QFont::SizeResolved);
        if (ownSize || w->isWindow() || w->testAttribute(Qt::WA_StyleSheet)) chosen << w;
    }
    for (QWidget* w : chosen) fonts_ << FontOverride{w, w->font(), w->testAttribute(Qt::WA_SetFont)};
    for (const FontOverride& f : fonts_) f.widget->setFont(scaled(f.font, kScale));
}

void PresentationMode::show(Stage stage) {
    if (!on_) {
        if (QDockWidget* d = dock(stage)) {
            d->show();
            d->raise();
            if (d->widget()) d->widget()->setFocus();
        } else {
            window_->view()->setFocus();
        }
        return;
    }
    stage_ = stage;
    arrange();
}

void PresentationMode::followDock(Stage stage, bool visible) {
    // A click on another bottom panel's tab: that panel is the one taught now.
    if (!on_ || arranging_ || !visible) return;
    panel_ = stage;
    if (stage_ != Stage::Canvas) stage_ = stage;
    if (QAction* a = showAction(stage_)) a->setChecked(true);
}

void PresentationMode::arrange() {
    if (!on_) return;
    if (QAction* a = showAction(stage_)) a->setChecked(true);
    if (!window_->isVisible()) {
        arrangePending_ = true;  // sizes only mean something once the window is laid out
        return;
    }
    arranging_ = true;
    QWidget* central = window_->centralWidget();
    if (stage_ == Stage::Canvas) {
        QDockWidget* d = dock(panel_);
        central->show();
        if (d) {
            d->show();
            d->raise();
            window_->resizeDocks({d}, {qRound(window_->height() * kPanelShare)}, Qt::Vertical);
        }
        window_->view()->setFocus();
    } else {
        panel_ = stage_;
        QDockWidget* d = dock(stage_);
        d->show();
        d->raise();
        central->hide();  // the bottom panel takes the whole window
        if (d->widget()) d->widget()->setFocus();
    }
    arranging_ = false;
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Show && arrangePending_) {
        arrangePending_ = false;
        QTimer::singleShot(0, this, &PresentationMode::arrange);
    } else if (on_ && event->type() == QEvent::Polish && watched->isWidgetType()) {
        // A menu, dialog or tooltip of this window about to be shown: as large as the rest.
        auto* w = static_cast<QWidget*>(watched);
        if (w != window_ && w->isWindow() && isInside(w, window_)) scaleFontOf(w);
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace layerlab::ui
