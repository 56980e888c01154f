// What the step-through's widget tests share: a bundled example's path and
// a BackpropView on its own document, shown and exposed, with the finders
// that drive it as a user does (a child by object name, a click on a button).
#pragma once

#include "ui/editor/GraphDocument.h"
#include "ui/teach/BackpropView.h"

#include <QPushButton>
#include <QString>
#include <QTest>

#include <memory>

namespace layerlab_test {

inline QString examplePath(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/%1.layerlab").arg(QLatin1String(name));
}

struct StepThrough {
    layerlab::ui::GraphDocument doc;
    std::unique_ptr<layerlab::ui::BackpropView> view;

    // Loads a bundled example into doc (fatal when it does not load).
    void load(const char* name) {
        QString error;
        if (!doc.load(examplePath(name), &error)) qFatal("%s", qPrintable(error));
    }
    // The step-through on doc, at this size, shown.
    void open(int width, int height) {
        view = std::make_unique<layerlab::ui::BackpropView>(&doc);
        view->resize(width, height);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get())) qFatal("window not exposed");
    }
    template <class W>
    W* child(const char* name) const {
        W* w = view->findChild<W*>(QLatin1String(name));
        if (!w) qFatal("no child %s", name);
        return w;
    }
    void click(const char* button) { QTest::mouseClick(child<QPushButton>(button), Qt::LeftButton); }
};

}  // namespace layerlab_test
