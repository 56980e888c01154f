#include "ui/Autosave.h"

#include "ui/editor/GraphDocument.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>

#include <signal.h>

namespace layerlab::ui {

namespace {

bool processAlive(qint64 pid) {
    if (pid <= 0) return false;
    if (pid == QCoreApplication::applicationPid()) return true;
    // kill(pid, 0) checks existence without sending anything.
    return ::kill(static_cast<pid_t>(pid), 0) == 0;
}

bool writeAll(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error) *error = QCoreApplication::translate("Autosave", "Cannot write the recovery copy %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace

Autosave::Autosave(GraphDocument* doc, const QString& dir, QObject* parent)
    : QObject(parent), doc_(doc), timer_(new QTimer(this)) {
    dir_ = dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave")
                         : dir;
    connect(timer_, &QTimer::timeout, this, [this] { saveNow(); });
    setIntervalMs(60'000);
}

void Autosave::setIntervalMs(int ms) {
    if (ms <= 0) {
        timer_->stop();
        return;
    }
    timer_->start(ms);
}

QString Autosave::copyPath() const {
    return dir_ + QStringLiteral("/autosave-%1.layerlab").arg(QCoreApplication::applicationPid());
}

QString Autosave::metaPath() const { return copyPath() + QStringLiteral(".json"); }

bool Autosave::saveNow(QString* error) {
    if (!doc_->isModified()) {
        discard();
        return true;
    }
    if (!QDir().mkpath(dir_)) {
        if (error) *error = tr("Cannot create the recovery folder %1").arg(dir_);
        return false;
    }
    QJsonObject meta;
    meta[QStringLiteral("original")] = doc_->filePath();
    meta[QStringLiteral("saved")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    meta[QStringLiteral("pid")] = QCoreApplication::applicationPid();
    return writeAll(copyPath(), doc_->serialize().toUtf8(), error) &&
           writeAll(metaPath(), QJsonDocument(meta).toJson(), error);
}

void Autosave::discard() {
    QFile::remove(copyPath());
    QFile::remove(metaPath());
}

QList<Autosave::Recovery> Autosave::findOrphans(const QString& dir) {
    QList<Recovery> out;
    const QDir d(dir);
    const QStringList metas = d.entryList({QStringLiteral("autosave-*.layerlab.json")}, QDir::Files);
    for (const QString& name : metas) {
        QFile f(d.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QJsonObject meta = QJsonDocument::fromJson(f.readAll()).object();
        if (processAlive(meta.value(QStringLiteral("pid")).toInteger())) continue;
        Recovery r;
        r.metaPath = d.filePath(name);
        r.copyPath = r.metaPath.chopped(5);  // drop ".json"
        if (!QFileInfo::exists(r.copyPath)) {
            QFile::remove(r.metaPath);
            continue;
        }
        r.originalPath = meta.value(QStringLiteral("original")).toString();
        r.savedAt = QDateTime::fromString(meta.value(QStringLiteral("saved")).toString(), Qt::ISODate);
        out << r;
    }
    std::sort(out.begin(), out.end(), [](const Recovery& a, const Recovery& b) { return a.savedAt > b.savedAt; });
    return out;
}

void Autosave::remove(const Recovery& r) {
    QFile::remove(r.copyPath);
    QFile::remove(r.metaPath);
}

}  // namespace layerlab::ui
