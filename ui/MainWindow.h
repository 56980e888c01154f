// The main window of the studio. For now a small shell: it opens a .layerlab
// project (File > Open or openFile()) and lists the layers of its graph,
// read-only. The graph editor, data panels and training views replace the
// central widget later.
//
// GUI thread only. Owns all its child widgets (Qt parent ownership).
#pragma once

#include <QMainWindow>
#include <QString>

class QLabel;
class QListWidget;

namespace layerlab::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Reads `path` as a .layerlab project and shows its layers. On success the
    // window shows the new project and lastError() is empty. On failure the
    // window keeps what it showed before, lastError() says what is wrong (file,
    // line and column where known), errorOccurred() is emitted and, when error
    // dialogs are enabled, a non-blocking message box shows it.
    bool openFile(const QString& path);

    // The file shown now (absolute path), empty before the first successful open.
    QString currentFile() const { return currentFile_; }
    // The message of the last failed openFile(), empty after a successful one.
    QString lastError() const { return lastError_; }

    // Error message boxes are on by default; headless uses (screenshots, tests)
    // may turn them off and read lastError() instead.
    void setErrorDialogsEnabled(bool enabled) { errorDialogs_ = enabled; }

signals:
    void errorOccurred(const QString& message);

private slots:
    void openWithDialog();
    void showAbout();

private:
    void createMenus();
    void reportError(const QString& message);

    QLabel* title_ = nullptr;
    QLabel* summary_ = nullptr;
    QListWidget* layers_ = nullptr;
    QString currentFile_;
    QString lastError_;
    bool errorDialogs_ = true;
};

}  // namespace layerlab::ui
