// Answers the next modal file dialog as a user does: types a path into its
// file name field and presses Enter.
#pragma once

#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QPointer>
#include <QTest>
#include <QTimer>

#include <memory>

namespace layerlab_test {

// When the next modal file dialog shows, types `path` into its file name
// field and presses Enter; `seen` (if given) is set to the dialog so the test
// can check it is gone afterwards. Gives up after 10 s.
inline void answerFileDialog(const QString& path, QPointer<QFileDialog>* seen = nullptr) {
    auto* timer = new QTimer;
    auto tries = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, [=] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (dialog && dialog->isVisible()) {
            timer->deleteLater();
            if (seen) *seen = dialog;
            auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            if (!edit) {
                dialog->reject();
                return;
            }
            edit->setFocus();
            edit->setText(path);
            QTest::keyClick(edit, Qt::Key_Return);
        } else if (++*tries > 1000) {
            timer->deleteLater();
        }
    });
    timer->start(10);
}

}  // namespace layerlab_test
