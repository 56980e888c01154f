// Helpers shared by the data dialog and data panel tests: writing test files,
// a small flowers CSV, IDX bytes, and finding a named child widget.
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QWidget>

#include <initializer_list>

namespace data_test {

// Writes bytes to path, creating its folder; a failure ends the test run.
inline void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

// 30 rows, 2 numeric features (length, width), 3 classes of 10 (species).
inline QByteArray flowers() {
    QByteArray csv = "length,width,species\n";
    const char* names[3] = {"setosa", "versicolor", "virginica"};
    for (int i = 0; i < 30; ++i)
        csv += QByteArray::number(1.0 + i % 3 + 0.01 * i) + "," + QByteArray::number(0.5 * (i % 3) + 0.02 * i) + "," +
               names[i % 3] + "\n";
    return csv;
}

// An IDX file of unsigned bytes: magic, big-endian dims, payload.
inline QByteArray idx(std::initializer_list<int> dims, const QByteArray& payload) {
    QByteArray b("\0\0\x08", 3);
    b += char(dims.size());
    for (int d : dims)
        for (int shift : {24, 16, 8, 0}) b += char((d >> shift) & 0xff);
    return b + payload;
}

// The child widget called name; a missing one ends the test run.
template <class T>
T* child(QWidget* parent, const char* name) {
    T* w = parent->findChild<T*>(QLatin1String(name));
    if (!w) qFatal("no child %s", name);
    return w;
}

}  // namespace data_test
