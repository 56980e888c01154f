// MainWindow: opening a project through the File > Open code path shows its
// layers; a broken file is reported and leaves the window as it was.
#include "ui/MainWindow.h"

#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using layerlab::ui::MainWindow;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) return {};
    return path;
}

QStringList rows(const MainWindow& w) {
    QStringList out;
    const auto* list = w.findChild<QListWidget*>(QStringLiteral("layerList"));
    if (!list) return out;
    for (int i = 0; i < list->count(); ++i) out << list->item(i)->text();
    return out;
}

const QByteArray kXor = R"({"format": "layerlab", "version": 1, "name": "Tiny",
  "graph": {
    "nodes": [
      {"id": 1, "type": "Input", "name": "input", "params": {"shape": "2"}, "position": [0, 0]},
      {"id": 2, "type": "Dense", "name": "hidden", "params": {"units": 4}, "position": [0, 100]},
      {"id": 3, "type": "Sigmoid", "name": "act", "params": {}, "position": [0, 200]}
    ],
    "edges": [{"from": 1, "to": 2, "toPort": 0}, {"from": 2, "to": 3, "toPort": 0}]
  },
  "training": {}, "data": {}})";

}  // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

private slots:
    void startsEmpty() {
        MainWindow w;
        QCOMPARE(w.windowTitle(), QStringLiteral("LayerLab"));
        QVERIFY(w.currentFile().isEmpty());
        QVERIFY(rows(w).isEmpty());
    }

    void opensProjectAndListsLayers() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = writeFile(dir, QStringLiteral("tiny.layerlab"), kXor);
        QVERIFY(!path.isEmpty());

        MainWindow w;
        w.show();
        QVERIFY(w.openFile(path));
        QVERIFY(w.lastError().isEmpty());
        QCOMPARE(w.currentFile(), QFileInfo(path).absoluteFilePath());
        const QStringList r = rows(w);
        QCOMPARE(r.size(), 3);
        QVERIFY2(r[0].contains(QStringLiteral("input")) && r[0].contains(QStringLiteral("Input")), qPrintable(r[0]));
        QVERIFY2(r[1].contains(QStringLiteral("hidden")) && r[1].contains(QStringLiteral("Dense")) &&
                     r[1].contains(QStringLiteral("units 4")),
                 qPrintable(r[1]));
        QVERIFY2(r[2].contains(QStringLiteral("act")) && r[2].contains(QStringLiteral("Sigmoid")), qPrintable(r[2]));
        const auto* title = w.findChild<QLabel*>(QStringLiteral("projectTitle"));
        QVERIFY(title);
        QVERIFY2(title->text().contains(QStringLiteral("tiny.layerlab")), qPrintable(title->text()));
        QVERIFY(w.windowTitle().contains(QStringLiteral("LayerLab")));
    }

    void opensTheBundledExamples() {
        MainWindow w;
        QVERIFY2(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/spiral.layerlab")),
                 qPrintable(w.lastError()));
        QVERIFY(rows(w).size() >= 3);
    }

    void brokenFileIsReportedAndKeepsState_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("truncated json") << QByteArray("{\"format\": \"layerlab\",\n \"graph\": {\"nodes\": [")
                                        << QStringLiteral("line 2");
        QTest::newRow("not a project") << QByteArray("[1, 2, 3]") << QStringLiteral("not a LayerLab project");
        QTest::newRow("wrong format") << QByteArray(R"({"format": "other", "version": 1})")
                                      << QStringLiteral("format");
        QTest::newRow("newer version") << QByteArray(R"({"format": "layerlab", "version": 99, "graph": {"nodes": []}})")
                                       << QStringLiteral("version 99");
        QTest::newRow("no nodes") << QByteArray(R"({"format": "layerlab", "version": 1, "graph": {}})")
                                  << QStringLiteral("nodes");
        QTest::newRow("node without type")
            << QByteArray(R"({"format": "layerlab", "version": 1, "graph": {"nodes": [{"id": 1, "name": "x"}]}})")
            << QStringLiteral("node 1");
    }

    void brokenFileIsReportedAndKeepsState() {
        QFETCH(QByteArray, text);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString good = writeFile(dir, QStringLiteral("good.layerlab"), kXor);
        const QString bad = writeFile(dir, QStringLiteral("bad.layerlab"), text);

        MainWindow w;
        w.show();
        QVERIFY(w.openFile(good));
        const QStringList before = rows(w);
        const QString titleBefore = w.windowTitle();

        QSignalSpy errors(&w, &MainWindow::errorOccurred);
        QVERIFY(!w.openFile(bad));  // must return at once: the message box does not block
        QCOMPARE(errors.count(), 1);
        QVERIFY2(w.lastError().contains(QStringLiteral("bad.layerlab")), qPrintable(w.lastError()));
        QVERIFY2(w.lastError().contains(mentions), qPrintable(w.lastError()));
        QCOMPARE(rows(w), before);
        QCOMPARE(w.currentFile(), QFileInfo(good).absoluteFilePath());
        QCOMPARE(w.windowTitle(), titleBefore);
        const auto* box = w.findChild<QMessageBox*>();
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("bad.layerlab")));

        // A good file afterwards clears the error.
        QVERIFY(w.openFile(good));
        QVERIFY(w.lastError().isEmpty());
    }

    void missingFileIsReported() {
        MainWindow w;
        w.setErrorDialogsEnabled(false);
        QVERIFY(!w.openFile(QStringLiteral("/no/such/dir/missing.layerlab")));
        QVERIFY2(w.lastError().contains(QStringLiteral("missing.layerlab")), qPrintable(w.lastError()));
        QVERIFY(w.currentFile().isEmpty());
        QVERIFY(!w.findChild<QMessageBox*>());
    }
};

QTEST_MAIN(MainWindowTest)
#include "test_mainwindow.moc"
