// The hostile-input corpus (tests/fixtures/hostile): the table cases.tsv that
// make_fixtures.py writes, and the inputs too large or too special to keep in
// the repository (a 200,000-deep array, 50 MB strings, FIFOs, /dev/zero),
// made at run time. Shared by the CLI test (app_hostile) and the window's
// (ui_hostile_window).
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <QVector>

#include <sys/stat.h>

namespace hostile {

struct Case {
    QString name;    // "json/version_2pow32_plus_1.layerlab", or "runtime/..." for made ones
    QString file;    // absolute path of the project
    QStringList args;  // extra `layerlab train` arguments ({tmp} not yet replaced)
    int exitCode = 2;
    QString window;  // "refuse", "open" or "-"
    QStringList words;
};

inline QString fixtureDir() { return QStringLiteral(LAYERLAB_SOURCE_DIR "/tests/fixtures/hostile"); }

// ensures: every row of cases.tsv; qFatal when the table cannot be read.
inline QVector<Case> tableCases() {
    QFile f(fixtureDir() + QStringLiteral("/cases.tsv"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(f.fileName()));
    QVector<Case> out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#')) continue;
        const QStringList c = QString::fromUtf8(line).split(QLatin1Char('\t'));
        if (c.size() != 5) qFatal("cases.tsv: a row needs 5 columns: %s", line.constData());
        Case k;
        k.name = c[0];
        k.file = fixtureDir() + QLatin1Char('/') + c[0];
        if (c[1] != QLatin1String("-")) k.args = c[1].split(QLatin1Char(' '));
        k.exitCode = c[2].toInt();
        k.window = c[3];
        for (const QString& w : c[4].split(QStringLiteral(" | "))) k.words << w.trimmed();
        out << k;
    }
    return out;
}

inline void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
}

// A small valid project with `replace` spliced in for the marker text.
inline QByteArray project(const QByteArray& marker, const QByteArray& replacement) {
    QByteArray p =
        "{\"format\": \"layerlab\", \"version\": 1, \"name\": \"made\",\n"
        " \"graph\": {\"nodes\": [{\"id\": 1, \"type\": \"Input\", \"params\": {\"shape\": \"2\"}},\n"
        "   {\"id\": 2, \"type\": \"Dense\", \"params\": {\"units\": 2}, \"name\": \"NAME\"}],\n"
        "  \"edges\": [{\"from\": 1, \"to\": 2}]},\n"
        " \"training\": {\"epochs\": EPOCHS, \"batchSize\": 8, \"seed\": 1},\n"
        " \"data\": DATA}\n";
    p.replace("NAME", "dense");
    if (marker != "EPOCHS") p.replace("EPOCHS", "1");
    if (marker != "DATA")
        p.replace("DATA", "{\"kind\": \"synthetic\", \"generator\": \"spirals\", \"samples\": 20, \"classes\": 2}");
    p.replace(marker, replacement);
    return p;
}

// Makes the run-time cases in dir (which must exist and be empty).
inline QVector<Case> madeCases(const QString& dir) {
    QVector<Case> out;
    auto add = [&](const QString& name, const QString& window, const QStringList& words, int exitCode = 2) {
        out << Case{QStringLiteral("made/") + name, dir + QLatin1Char('/') + name, {}, exitCode, window, words};
    };
    const QByteArray deep = QByteArray(200000, '[') + "1" + QByteArray(200000, ']');
    writeFile(dir + QStringLiteral("/deep_param.layerlab"), project("{\"units\": 2}", "{\"units\": " + deep + "}"));
    add(QStringLiteral("deep_param.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("graph.nodes[1].params.units"), QStringLiteral("a list of 1 item")});
    writeFile(dir + QStringLiteral("/deep_training.layerlab"),
              project("{\"epochs\": 1, \"batchSize\": 8, \"seed\": 1}", deep));
    add(QStringLiteral("deep_training.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("field 'training' must be an object"), QStringLiteral("a list of 1 item")});
    writeFile(dir + QStringLiteral("/deep_data.layerlab"), project("DATA", deep));
    add(QStringLiteral("deep_data.layerlab"), QStringLiteral("refuse"), {QStringLiteral("field 'data' must be an object")});
    const QByteArray huge(50 * 1024 * 1024, 'x');
    writeFile(dir + QStringLiteral("/huge_string_epochs.layerlab"), project("EPOCHS", "\"" + huge + "\""));
    add(QStringLiteral("huge_string_epochs.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("training.epochs"), QStringLiteral("(52428800 characters)")});
    writeFile(dir + QStringLiteral("/huge_string_type.layerlab"), project("\"Dense\"", "\"" + huge + "\""));
    add(QStringLiteral("huge_string_type.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("unknown layer type"), QStringLiteral("(52428800 characters)")});
    writeFile(dir + QStringLiteral("/huge_string_name.layerlab"), project("\"dense\"", "\"" + huge + "\""));
    add(QStringLiteral("huge_string_name.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("too long"), QStringLiteral("at most 200 characters")});
    writeFile(dir + QStringLiteral("/huge_project_name.layerlab"), project("\"made\"", "\"" + huge + "\""));
    add(QStringLiteral("huge_project_name.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("field 'name'"), QStringLiteral("at most 200 characters")});
    writeFile(dir + QStringLiteral("/unterminated_huge_string.layerlab"), "{\"format\": \"" + huge);
    add(QStringLiteral("unterminated_huge_string.layerlab"), QStringLiteral("refuse"), {QStringLiteral("not valid JSON")});
    QByteArray many = "{\"format\": \"layerlab\", \"version\": 1, \"graph\": {\"edges\": [], \"nodes\": [";
    for (int i = 1; i <= 200000; ++i)
        many += (i > 1 ? "," : "") + QByteArray("{\"id\": ") + QByteArray::number(i) + ", \"type\": \"ReLU\"}";
    writeFile(dir + QStringLiteral("/many_nodes.layerlab"), many + "]}}");
    add(QStringLiteral("many_nodes.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("200000 nodes"), QStringLiteral("at most 10000")});
    // Named pipes: nobody ever writes to them, so an open() that waits would hang.
    for (const char* name : {"pipe.csv", "pipe.idx", "pipe.layerlab"})
        if (::mkfifo(QFile::encodeName(dir + QLatin1Char('/') + QLatin1String(name)).constData(), 0600) != 0)
            qFatal("mkfifo %s failed", name);
    add(QStringLiteral("pipe.layerlab"), QStringLiteral("refuse"),
        {QStringLiteral("pipe.layerlab"), QStringLiteral("is a named pipe (FIFO), not a LayerLab project file")});
    // A project whose data source names `file` (a FIFO or a device) as its CSV, or as both IDX files.
    auto dataCase = [&](const char* name, const QByteArray& kind, const QByteArray& file, const QString& words) {
        const QByteArray source = kind == "csv" ? "{\"kind\": \"csv\", \"path\": \"" + file + "\"}"
                                                : "{\"kind\": \"idx\", \"trainImages\": \"" + file +
                                                      "\", \"trainLabels\": \"" + file + "\"}";
        writeFile(dir + QLatin1Char('/') + QLatin1String(name), project("DATA", source));
        add(QLatin1String(name), QStringLiteral("open"), {QString::fromUtf8(file), words});
    };
    dataCase("csv_fifo.layerlab", "csv", "pipe.csv", QStringLiteral("is a named pipe (FIFO), not a CSV file"));
    dataCase("idx_fifo.layerlab", "idx", "pipe.idx", QStringLiteral("is a named pipe (FIFO), not an IDX file"));
    dataCase("csv_dev_zero.layerlab", "csv", "/dev/zero", QStringLiteral("is a character device, not a CSV file"));
    dataCase("idx_dev_zero.layerlab", "idx", "/dev/zero", QStringLiteral("is a character device, not an IDX file"));
    // The project path itself is /dev/zero, or a folder.
    out << Case{QStringLiteral("made/dev_zero_project"), QStringLiteral("/dev/zero"), {}, 2, QStringLiteral("refuse"),
                {QStringLiteral("/dev/zero"), QStringLiteral("is a character device, not a LayerLab project file")}};
    out << Case{QStringLiteral("made/folder_project"), dir, {}, 2, QStringLiteral("refuse"),
                {QStringLiteral("is a folder, not a LayerLab project file")}};
    return out;
}

}  // namespace hostile
