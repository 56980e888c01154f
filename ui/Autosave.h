// Autosave: crash-recovery copies of the open document. Every interval, when
// the document has unsaved changes, its text is written (QSaveFile: all or
// nothing) to <dir>/autosave-<pid>.layerlab with a small JSON sidecar naming
// the original file and the time. A clean close or a save removes them. On
// the next start, copies whose process is gone are offered for recovery.
//
// GUI thread only (it reads the document).
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace layerlab::ui {

class GraphDocument;

class Autosave : public QObject {
    Q_OBJECT

public:
    struct Recovery {
        QString copyPath;      // the autosaved project text
        QString metaPath;      // its sidecar
        QString originalPath;  // the file it was a copy of (empty = untitled)
        QDateTime savedAt;
    };

    // dir empty = QStandardPaths::AppDataLocation + "/autosave".
    Autosave(GraphDocument* doc, const QString& dir, QObject* parent = nullptr);

    QString directory() const { return dir_; }
    // 0 turns the timer off. Default 60 s.
    void setIntervalMs(int ms);
    // Writes the copy now when the document is modified, else removes it.
    // false + *error when the copy could not be written (the document is untouched).
    bool saveNow(QString* error = nullptr);
    // Removes this process's copy (after a save or a clean close).
    void discard();

    // Copies in dir left by processes that are no longer running, newest first.
    static QList<Recovery> findOrphans(const QString& dir);
    static void remove(const Recovery& r);

private:
    QString copyPath() const;
    QString metaPath() const;

    GraphDocument* doc_;
    QString dir_;
    QTimer* timer_;
};

}  // namespace layerlab::ui
