// `layerlab import` as a user runs it: a torch-exported model becomes a
// project that loads and that `layerlab train` trains once given data (its
// saved weights fit: train requires them); bad arguments, an unwritable -o
// and a model LayerLab cannot represent exit 2 with the reason.
#include "core/io/project.h"
#include "interop_util.h"
#include "run_layerlab.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace layerlab::core;
using cli_test::Run;
using cli_test::runLayerlab;

class TestImportCommand : public QObject {
    Q_OBJECT

private slots:
    void importedProjectTrains();
    void refusalsExitTwo();
};

void TestImportCommand::importedProjectTrains() {
    if (const QString why = interop_test::missingPython("torch, onnx, numpy"); !why.isEmpty()) QSKIP(qPrintable(why));
    QTemporaryDir dir;
    QString report;
    QVERIFY2(interop_test::runScript("torch_models.py", {dir.path()}, report) == 0, qPrintable(report));
    const QString out = dir.filePath("imported.layerlab");
    const Run r = runLayerlab({"import", dir.filePath("cli_two_feature_classifier.onnx"), "-o", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains("4 layers (Dense x2, ReLU, Softmax)"), qPrintable(r.out));
    QVERIFY2(r.out.contains("42 parameters"), qPrintable(r.out));
    QVERIFY2(r.out.contains("loss guessed from the last layer: softmax_cross_entropy"), qPrintable(r.out));
    auto project = loadProject(out.toStdString());
    QVERIFY2(project.ok(), project ? "" : project.error().toString().c_str());
    QVERIFY(project->weights.has_value());
    QVERIFY(project->description.find("cli_two_feature_classifier.onnx") != std::string::npos);
    // Given data, `layerlab train` takes the file's weights (it requires them to fit).
    project->data.kind = DataKind::Synthetic;
    project->data.synthetic.kind = SyntheticKind::Moons;
    project->data.synthetic.samples = 200;
    QVERIFY(saveProject(*project, out.toStdString()).ok());
    const Run train = runLayerlab({"train", out, "--epochs", "2"});
    QVERIFY2(train.exitCode == 0, qPrintable(train.err + train.out));
}

void TestImportCommand::refusalsExitTwo() {
    QTemporaryDir dir;
    const QString out = dir.filePath("x.layerlab");
    Run r = runLayerlab({"import", "model.onnx"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("-o FILE.layerlab"), qPrintable(r.err));
    r = runLayerlab({"import", "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("missing the model file"), qPrintable(r.err));
    r = runLayerlab({"import", "a.onnx", "b.onnx", "-o", out});
    QCOMPARE(r.exitCode, 2);
    // -o is checked before the model is read: the model does not even exist here.
    r = runLayerlab({"import", dir.filePath("none.onnx"), "-o", dir.filePath("no/such/folder/x.layerlab")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("does not exist") && !r.err.contains("none.onnx"), qPrintable(r.err));
    r = runLayerlab({"import", dir.path(), "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("folder"), qPrintable(r.err));
    QFile garbage(dir.filePath("garbage.onnx"));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("\x08\x07\xff\xff\xff not a model");
    garbage.close();
    r = runLayerlab({"import", garbage.fileName(), "-o", out});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("not an ONNX model"), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
    const Run help = runLayerlab({"--help"});
    QVERIFY(help.out.contains("layerlab import MODEL.onnx -o FILE.layerlab"));
}

QTEST_APPLESS_MAIN(TestImportCommand)
#include "test_import_command.moc"
