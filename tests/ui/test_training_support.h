// Shared helpers of the training panel tests (tests/ui/test_training_*.cpp):
// a document loaded from a bundled example, its data, a controller and a
// panel on screen (offscreen platform), and the user's gestures: clicking the
// panel's buttons and typing into its settings form.
#pragma once

#include "core/io/project.h"
#include "core/io/project_data.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"
#include "ui/training/TrainingSettingsForm.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

#include <memory>

namespace training_test {

using layerlab::ui::GraphDocument;
using layerlab::ui::TrainingController;
using layerlab::ui::TrainingPanel;

inline QString examplePath(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QString::fromLatin1(name);
}

// The data a project names, as the lead's DataManager would provide it.
inline std::shared_ptr<const layerlab::core::ProjectData> loadData(const layerlab::core::Project& project) {
    auto d = layerlab::core::loadProjectData(project, LAYERLAB_SOURCE_DIR "/resources/examples");
    if (!d) qFatal("loadProjectData: %s", d.error().toString().c_str());
    return std::make_shared<const layerlab::core::ProjectData>(std::move(d).value());
}

// A document, controller and panel as the main window holds them.
struct Studio {
    GraphDocument doc;
    std::unique_ptr<TrainingController> controller;
    std::unique_ptr<TrainingPanel> panel;
    std::shared_ptr<const layerlab::core::ProjectData> data;

    explicit Studio(const char* example) : Studio(examplePath(example)) {}
    explicit Studio(const QString& projectPath) {
        QString error;
        if (!doc.load(projectPath, &error)) qFatal("load %s: %s", qPrintable(projectPath), qPrintable(error));
        controller = std::make_unique<TrainingController>(&doc);
        panel = std::make_unique<TrainingPanel>(&doc, controller.get());
        panel->setDataProvider([this] { return data; });
        panel->resize(1100, 420);
        panel->show();
    }
    ~Studio() {
        panel.reset();
        controller.reset();
    }
    void reloadData() { data = loadData(doc.project()); }

    QPushButton* button(const char* name) const {
        auto* b = panel->findChild<QPushButton*>(QString::fromLatin1(name));
        if (!b) qFatal("no button %s", name);
        return b;
    }
    void click(const char* name) const {
        QPushButton* b = button(name);
        if (!b->isEnabled()) qWarning("clicking disabled button %s", name);
        QTest::mouseClick(b, Qt::LeftButton);
    }
    QLabel* label(const char* name) const { return panel->findChild<QLabel*>(QString::fromLatin1(name)); }
    QWidget* field(const char* key) const {
        QWidget* w = panel->settingsForm()->field(QString::fromLatin1(key));
        if (!w) qFatal("no field %s", key);
        return w;
    }
    // Types into a number field as a user does: select all, type, Enter.
    void type(const char* key, const QString& text) const {
        QWidget* target = field(key);  // a QSpinBox passes the keys on to its line edit
        QTest::keyClick(target, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(target, text);
        QTest::keyClick(target, Qt::Key_Return);
    }
    // Picks a combo box entry with the keyboard (Home, then Down n times).
    void choose(const char* key, int index) const {
        auto* combo = qobject_cast<QComboBox*>(field(key));
        if (!combo) qFatal("%s is not a choice", key);
        QTest::keyClick(combo, Qt::Key_Home);
        for (int i = 0; i < index; ++i) QTest::keyClick(combo, Qt::Key_Down);
    }
    const layerlab::ui::RunHistory* run() const { return controller->lastRun(); }
    std::int64_t steps() const { return run() ? run()->steps() : 0; }
};

// Saves a screenshot when LAYERLAB_SHOT_DIR is set (for looking at, not for checking).
inline void shot(QWidget* w, const QString& name) {
    const QByteArray dir = qgetenv("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QCoreApplication::processEvents();  // a queued plot repaint lands first
    QDir().mkpath(QString::fromLocal8Bit(dir));
    w->grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + name);
}

}  // namespace training_test
