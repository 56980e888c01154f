// BackpropView on the XOR example: Step walks forward, loss, backward and
// update and back again with the real buttons; the formula for a clicked
// neuron or weight holds the trace's numbers for the current step; Hide
// numbers hides them; the exports (through the real file dialog) write the
// numbers; the gradient check passes and can be cancelled; a graph that does not compile shows the
// compiler's message; typed values and data samples are traced; the
// document's weights are used; the layer-health view plots per-layer gradient
// norms over epochs of a real training run. PNGs of the view go to $LAYERLAB_SHOTS (or
// /tmp/shots-teach).
#include "core/data/dataset.h"
#include "core/io/project.h"
#include "core/teach/trace_formulas.h"
#include "core/teach/trace_stats.h"
#include "core/train/trainer.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/GradientCheckRunner.h"
#include "ui/teach/LayerHealthView.h"
#include "ui/teach/NeuronDiagram.h"
#include "test_teach_support.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using layerlab::core::formatNumber;
using layerlab::ui::BackpropView;
using layerlab::ui::GraphDocument;
using layerlab::ui::NeuronDiagram;
using layerlab::ui::TraceSelection;
using Kind = layerlab::ui::TraceSelection::Kind;

namespace {

using layerlab_test::examplePath;

QString shot(const QString& name) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOTS", QStringLiteral("/tmp/shots-teach"));
    QDir().mkpath(dir);
    return QDir(dir).absoluteFilePath(name);
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// mnist_mlp_small with 1000 hidden units: a gradient check of it takes most of
// a minute, so a cancel that works is seen to end it early.
constexpr qint64 kWideParams = 784 * 1000 + 1000 + 1000 * 10 + 10;
void widen(GraphDocument& doc) {
    const layerlab::core::Node* fc1 = doc.graph().findByName("fc1");
    if (!fc1 || !doc.setParam(fc1->id, QStringLiteral("units"), std::int64_t{1000}).ok()) qFatal("cannot widen fc1");
}

struct Fixture : layerlab_test::StepThrough {
    explicit Fixture(const char* name) {
        load(name);
        open(1500, 820);
    }
    // Clicks the diagram where the item for sel is drawn.
    bool clickItem(const TraceSelection& sel) {
        NeuronDiagram* d = view->diagram();
        const auto pos = d->scenePosOf(sel);
        if (!pos) return false;
        QTest::mouseClick(d->viewport(), Qt::LeftButton, {}, d->mapFromScene(*pos));
        return d->selection() == sel;
    }
    QString formula() const { return view->formulaText(); }
    QString stepText() const { return child<QLabel>("stepLabel")->text(); }
};

}  // namespace

class TeachViewTest : public QObject {
    Q_OBJECT

private slots:
    void stepsForwardBackwardUpdateAndBack() {
        Fixture f("xor");
        f.view->setSample({1.0f, 0.0f}, 1, QStringLiteral("XOR: (1, 0) -> 1"));
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        const auto& t = *f.view->trace();
        QCOMPARE(f.view->stepCount(), 7);  // input, 2 forward, loss, 2 backward, update
        QCOMPARE(f.view->stepIndex(), 0);
        QVERIFY(!f.child<QPushButton>("stepBackButton")->isEnabled());

        // Forward 1: the hidden layer's z and a appear; the clicked neuron's formula has the numbers.
        f.click("stepButton");
        QCOMPARE(f.view->stepIndex(), 1);
        QVERIFY2(f.stepText().contains("Forward 1/2"), qPrintable(f.stepText()));
        QVERIFY(f.clickItem({Kind::Neuron, 1, 0, 0}));
        const auto fwd = layerlab::core::forwardFormulas(t, 1, 0);
        QVERIFY2(f.formula().contains(q(fwd[0])), qPrintable(f.formula()));
        QVERIFY(f.formula().contains(q(fwd[1])));
        QVERIFY(f.formula().contains(q(formatNumber(t.stages[1].z[0]))));
        QVERIFY(!f.formula().contains("δ"));  // not yet: the backward pass comes later
        QVERIFY(f.view->grab().save(shot("teach-forward.png")));

        // Forward 2 and the loss.
        f.click("stepButton");
        f.click("stepButton");
        QVERIFY(f.stepText().contains("Loss"));
        QVERIFY(f.clickItem({Kind::Loss, 0, 0, 0}));
        QVERIFY(f.formula().contains(q(formatNumber(t.lossValue))));
        QVERIFY(f.formula().contains(q(layerlab::core::lossFormulas(t).back())));

        // Backward through both layers: δ and ∂L/∂w appear.
        f.click("stepButton");
        f.click("stepButton");
        QCOMPARE(f.view->stepIndex(), 5);
        QVERIFY(f.stepText().contains("Backward 2/2"));
        QVERIFY(f.clickItem({Kind::Neuron, 1, 1, 0}));
        for (const std::string& line : layerlab::core::deltaFormulas(t, 1, 1))
            QVERIFY2(f.formula().contains(q(line)), line.c_str());
        QVERIFY(f.clickItem({Kind::Edge, 2, 0, 1}));
        const QString grad = q(layerlab::core::weightGradientFormula(t, 2, 0, 1));
        QVERIFY2(f.formula().contains(grad), qPrintable(f.formula()));
        QVERIFY(f.view->grab().save(shot("teach-backward.png")));

        // Update: old -> new, and the loss after.
        f.click("stepButton");
        QVERIFY(f.stepText().contains("Update"));
        QVERIFY(!f.child<QPushButton>("stepButton")->isEnabled());
        const QString update = q(layerlab::core::updateFormula(t, 2, 0, 1));
        QVERIFY2(f.formula().contains(update), qPrintable(f.formula()));
        QVERIFY(f.formula().contains(q(formatNumber(t.stages[2].newW[1]))));
        QVERIFY(f.clickItem({Kind::Bias, 1, 0, 0}));
        QVERIFY(f.formula().contains(q(layerlab::core::updateFormula(t, 1, 0, -1))));
        QVERIFY(f.clickItem({Kind::Loss, 0, 0, 0}));
        QVERIFY(f.formula().contains(q(formatNumber(t.lossAfter))));
        QVERIFY(f.view->grab().save(shot("teach-update.png")));

        // Back two steps: the update and the output layer's gradients are gone again.
        QVERIFY(f.clickItem({Kind::Edge, 2, 0, 1}));
        f.click("stepBackButton");
        f.click("stepBackButton");
        QCOMPARE(f.view->stepIndex(), 4);
        QVERIFY(f.formula().contains(grad));
        QVERIFY(!f.formula().contains(update));
        f.click("stepBackButton");
        QVERIFY(!f.formula().contains(grad));

        // Hide numbers: the computed results become "?", the given weight stays.
        f.click("stepButton");
        QTest::mouseClick(f.child<QCheckBox>("hideNumbersCheck"), Qt::LeftButton);
        QVERIFY(f.child<QCheckBox>("hideNumbersCheck")->isChecked());
        QVERIFY(!f.formula().contains(grad));
        QVERIFY(f.formula().contains(q(formatNumber(t.stages[2].W[1]))));
        QVERIFY(f.formula().contains("= ?"));
        QVERIFY(f.clickItem({Kind::Neuron, 1, 0, 0}));
        // (x = (1, 0) and b = 0 make z equal to a given weight, so check a = σ(z).)
        QVERIFY2(!f.formula().contains(q(formatNumber(t.stages[1].a[0]))), qPrintable(f.formula()));
        QVERIFY(f.view->grab().save(shot("teach-hidden-numbers.png")));
        QTest::mouseClick(f.child<QCheckBox>("hideNumbersCheck"), Qt::LeftButton);
        QVERIFY(f.formula().contains(q(formatNumber(t.stages[1].a[0]))));

        f.click("resetButton");
        QCOMPARE(f.view->stepIndex(), 0);
    }

    void playRunsToTheEnd() {
        Fixture f("xor");
        f.child<QSlider>("speedSlider")->setValue(12);
        f.click("playButton");
        QVERIFY(f.child<QPushButton>("playButton")->isChecked());
        QTRY_COMPARE_WITH_TIMEOUT(f.view->stepIndex(), f.view->stepCount() - 1, 5000);
        QTRY_VERIFY(!f.child<QPushButton>("playButton")->isChecked());
    }

    void exportsWriteTheNumbers() {
        Fixture f("xor");
        f.view->setSample({0.0f, 1.0f}, 1, QStringLiteral("XOR: (0, 1) -> 1"));
        const auto& t = *f.view->trace();
        QTemporaryDir dir;
        auto exportVia = [&](const char* button, const QString& path) {
            f.click(button);
            QFileDialog* dialog = nullptr;
            QTRY_VERIFY((dialog = f.view->findChild<QFileDialog*>("exportDialog")) != nullptr);
            dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept();  // the Save button
            QTRY_VERIFY(QFile::exists(path));
            QTRY_VERIFY(!f.view->findChild<QFileDialog*>("exportDialog"));  // closed and deleted
        };
        const QString csvPath = dir.filePath("trace.csv"), mdPath = dir.filePath("sheet.md");
        exportVia("exportCsvButton", csvPath);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString csvText = QString::fromUtf8(csv.readAll());
        QVERIFY(csvText.startsWith("stage,layer,neuron,kind,input,value\n"));
        // Every row's number matches the trace: z of hidden neuron 2, the new output weight 1.
        auto row = [&](const QString& prefix) {
            for (const QString& line : csvText.split('\n'))
                if (line.startsWith(prefix)) return line.section(',', 5).toDouble();
            return -999.0;
        };
        QCOMPARE(static_cast<float>(row("1,hidden,2,z,,")), t.stages[1].z[1]);
        QCOMPARE(static_cast<float>(row("2,output,1,new_w,1,")), t.stages[2].newW[0]);
        QCOMPARE(static_cast<float>(row("2,output,1,delta,,")), t.stages[2].delta[0]);
        QVERIFY(f.child<QLabel>("statusLabel")->text().contains("Exported"));

        exportVia("exportMarkdownButton", mdPath);
        QFile md(mdPath);
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(md.readAll());
        QVERIFY(text.contains(q(layerlab::core::forwardFormulas(t, 1, 1)[0])));
        QVERIFY(text.contains(q(layerlab::core::updateFormula(t, 1, 0, 1))));
        QVERIFY(text.contains(q(formatNumber(t.lossAfter))));
    }

    void gradientCheckPasses() {
        Fixture f("xor");
        f.click("gradientCheckButton");
        QLabel* label = f.child<QLabel>("gradientCheckLabel");
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains("passed"), 10000);
        QVERIFY2(label->text().contains("for 9 of 9 parameters"), qPrintable(label->text()));
    }

    // The check of a large network (795 010 parameters, most of a minute of
    // work) is cancelled with the same button: it ends early and says so.
    void gradientCheckCancelsFromTheButton() {
        Fixture f("mnist_mlp_small");
        widen(f.doc);
        QTRY_VERIFY(f.view->trace());  // the check compiles the widened project when clicked
        auto* button = f.child<QPushButton>("gradientCheckButton");
        QLabel* label = f.child<QLabel>("gradientCheckLabel");
        QSignalSpy finished(f.view.get(), &BackpropView::gradientCheckFinished);
        f.click("gradientCheckButton");
        QCOMPARE(button->text(), QStringLiteral("Cancel check"));
        f.click("gradientCheckButton");
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        const QRegularExpression said(QStringLiteral("cancelled after (\\d+) of (\\d+) parameters"));
        const auto m = said.match(label->text());
        QVERIFY2(m.hasMatch(), qPrintable(label->text()));
        QCOMPARE(m.captured(2).toLongLong(), kWideParams);
        QVERIFY(m.captured(1).toLongLong() < kWideParams);
        QCOMPARE(button->text(), QStringLiteral("Gradient check"));
    }

    // The runner itself: progress arrives while the check runs, cancel() ends it
    // with report.cancelled, nothing follows finished(); destroying a runner
    // mid-check stops the check instead of waiting for all of it.
    void gradientCheckRunnerStopsOnItsToken() {
        using layerlab::ui::GradientCheckOutcome;
        using layerlab::ui::GradientCheckRunner;
        GraphDocument doc;
        QString error;
        QVERIFY2(doc.load(examplePath("mnist_mlp_small"), &error), qPrintable(error));
        widen(doc);
        auto compile = [&] {
            auto net = layerlab::core::compileNetwork(doc.project().graph, doc.project().training.loss);
            if (!net) qFatal("%s", net.error().message.c_str());
            net->initialize(1);
            return std::move(net).value();
        };
        const std::vector<float> input(784, 0.25f);
        GradientCheckRunner runner;
        QSignalSpy progress(&runner, &GradientCheckRunner::progress);
        QSignalSpy finished(&runner, &GradientCheckRunner::finished);
        runner.start(compile(), input, layerlab::core::TraceTarget{3, {}});
        QVERIFY(runner.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() >= 1, 10000);
        QVERIFY(finished.isEmpty());
        runner.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const auto out = finished.at(0).at(0).value<GradientCheckOutcome>();
        QVERIFY2(out.ok, qPrintable(out.error));
        QVERIFY(out.report.cancelled);
        QVERIFY(!out.report.passed);
        QCOMPARE(out.report.total, static_cast<std::size_t>(kWideParams));
        QVERIFY(out.report.checked + out.report.skipped < out.report.total);
        QCOMPARE(progress.last().at(1).toLongLong(), kWideParams);
        QVERIFY(progress.last().at(0).toLongLong() <= static_cast<qint64>(out.report.checked + out.report.skipped));
        const auto reports = progress.count();
        QTest::qWait(250);
        QCOMPARE(progress.count(), reports);  // no report after finished()
        QVERIFY(!runner.isRunning());

        auto second = std::make_unique<GradientCheckRunner>();
        QSignalSpy secondProgress(second.get(), &GradientCheckRunner::progress);
        second->start(compile(), input, layerlab::core::TraceTarget{3, {}});
        QTRY_VERIFY_WITH_TIMEOUT(secondProgress.count() >= 1, 10000);
        QElapsedTimer clock;
        clock.start();
        second.reset();  // requests stop, waits for the worker
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }

    void compileErrorShowsTheMessageAndRecovers() {
        Fixture f("xor");
        QVERIFY(f.view->trace());
        // A second output hung off the hidden layer (a cut edge alone would
        // only leave a stray tail, which traces the rest).
        layerlab::ui::ChainEdit branch;
        branch.layers = {{QStringLiteral("Dense"), {}}};
        branch.topLeft = QPointF(400, 200);
        branch.from = f.doc.graph().findByName("hidden")->id;
        QVERIFY(f.doc.addChain(branch).ok());
        QTRY_VERIFY(!f.view->trace());
        QVERIFY2(f.view->problem().contains("does not compile"), qPrintable(f.view->problem()));
        QVERIFY(f.child<QLabel>("statusLabel")->isVisible());
        QVERIFY(!f.child<QPushButton>("stepButton")->isEnabled());
        f.click("stepButton");  // disabled: nothing happens, nothing crashes
        QVERIFY(f.view->grab().save(shot("teach-compile-error.png")));
        f.doc.undoStack()->undo();
        QTRY_VERIFY(f.view->trace());
        QVERIFY(f.view->problem().isEmpty());
    }

    void typedValuesAndDataSamples() {
        Fixture f("xor");
        QLineEdit* input = f.child<QLineEdit>("inputEdit");
        QLineEdit* target = f.child<QLineEdit>("targetEdit");
        input->clear();
        QTest::keyClicks(input, "0.25, -2");
        target->clear();
        QTest::keyClicks(target, "0");
        f.click("useValuesButton");
        QVERIFY(f.view->trace());
        QCOMPARE(f.view->trace()->stages[0].a, (std::vector<float>{0.25f, -2.0f}));
        QCOMPARE(f.view->trace()->target, std::vector<float>{0.0f});
        // A wrong count is refused with a message; the trace stays.
        input->clear();
        QTest::keyClicks(input, "1, 2, 3");
        f.click("useValuesButton");
        QVERIFY(f.child<QLabel>("statusLabel")->text().contains("takes 2 values"));
        QCOMPARE(f.view->trace()->stages[0].a[1], -2.0f);

        auto data = std::make_shared<layerlab::core::Dataset>();
        data->name = "xor";
        data->inputShape = layerlab::core::Shape{2};
        data->values = {0, 0, 0, 1, 1, 0, 1, 1};
        data->labels = {0, 1, 1, 0};
        data->classNames = {"0", "1"};
        f.view->setData(data);
        QSpinBox* spin = f.child<QSpinBox>("sampleSpin");
        QVERIFY(spin->isEnabled());
        QTest::keyClick(spin, Qt::Key_Up);
        QTest::keyClick(spin, Qt::Key_Up);
        QCOMPARE(spin->value(), 2);
        QCOMPARE(f.view->trace()->stages[0].a, (std::vector<float>{1, 0}));
        QCOMPARE(f.view->trace()->label, 1);
        QVERIFY(f.child<QLabel>("sampleLabel")->text().contains("sample 2 of xor"));
    }

    void usesTheDocumentsWeights() {
        Fixture f("xor");
        layerlab::core::Weights w;
        w.params = {0.5f, -0.5f, 0.25f, 1.0f, 0.1f, -0.1f, 2.0f, -3.0f, 0.7f};
        f.doc.setWeights(w);
        QTRY_VERIFY(f.view->trace() && f.view->trace()->stages[2].W[0] == 2.0f);
        QCOMPARE(f.view->trace()->stages[1].W, (std::vector<float>{0.5f, -0.5f, 0.25f, 1.0f}));
        QVERIFY(f.child<QLabel>("notesLabel")->text().contains("trained weights"));
        QVERIFY(f.child<QLabel>("notesLabel")->text().contains("momentum"));
    }

    void convolutionalNetworkIsDrawnAsBlocks() {
        Fixture f("mnist_cnn");
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        const auto& t = *f.view->trace();
        QVERIFY(!f.view->diagram()->drawnAsNeurons(0));  // 784 pixels: a heat map
        QVERIFY(!f.view->diagram()->drawnAsNeurons(1));  // convolution: a block
        QVERIFY(f.view->diagram()->drawnAsNeurons(static_cast<int>(t.stages.size()) - 1));  // 10 outputs
        for (int i = 0; i < f.view->stepCount() - 2; ++i) f.click("stepButton");
        QVERIFY(f.clickItem({Kind::Block, 1, 0, 0}));
        QVERIFY2(f.formula().contains("‖∂L/∂θ‖ = " + q(formatNumber(t.stages[1].gradNorm))), qPrintable(f.formula()));
        QVERIFY(f.view->grab().save(shot("teach-cnn.png")));
        f.child<QSpinBox>("neuronLimitSpin")->setValue(1);
        QVERIFY(!f.view->diagram()->drawnAsNeurons(static_cast<int>(t.stages.size()) - 1));
    }

    // XOR trained for 40 epochs; after every epoch a health snapshot of the
    // four samples goes to the view (as the training worker would send it).
    void layerHealthOverTraining() {
        auto project = layerlab::core::loadProject(examplePath("xor").toStdString());
        QVERIFY(project.ok());
        auto net = layerlab::core::compileNetwork(project->graph, project->training.loss);
        QVERIFY(net.ok());
        net->initialize(project->training.seed);
        layerlab::core::Dataset data;
        data.name = "xor";
        data.inputShape = layerlab::core::Shape{2};
        data.values = {0, 0, 0, 1, 1, 0, 1, 1};
        data.labels = {0, 1, 1, 0};
        data.classNames = {"0", "1"};
        layerlab::ui::LayerHealthView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        layerlab::core::TrainConfig config = project->training;
        config.epochs = 40;
        layerlab::core::TrainCallbacks callbacks;
        layerlab::core::Network* n = &net.value();
        callbacks.onEpoch = [&](const layerlab::core::EpochStats& e) {
            auto health = layerlab::core::networkHealth(*n, data);
            if (health) view.addSnapshot(e.epoch, *health);
        };
        layerlab::core::Trainer trainer;
        trainer.run(*n, data, nullptr, config, {}, callbacks);
        QCOMPARE(view.snapshotCount(), 40);
        QTRY_COMPARE(view.plot()->graph(0) ? view.plot()->graph(0)->data()->size() : 0, 40);  // redraws are coalesced
        QCOMPARE(view.plot()->graphCount(), 2);  // the two Dense layers
        QCOMPARE(view.plot()->graph(0)->data()->size(), 40);
        QCOMPARE(view.latest().layers.size(), std::size_t{3});  // hidden, hidden_sigmoid, output (the last sigmoid is in the loss)
        QVERIFY(view.findChild<QLabel*>("layerHealthSummary")->text().contains("Epoch 40"));
        QVERIFY(view.grab().save(shot("teach-layer-health.png")));

        // Histograms over training: every epoch's are kept; the slider goes back.
        QCOMPARE(view.keptHistogramCount(), 40);
        QCOMPARE(view.shownEpoch(), 40);
        auto* slider = view.findChild<QSlider*>("layerHealthEpochSlider");
        QVERIFY(slider && slider->isEnabled());
        QCOMPARE(slider->maximum(), 39);
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(view.shownEpoch(), 1);
        QCOMPARE(view.findChild<QLabel*>("layerHealthEpochLabel")->text(), QStringLiteral("Histograms of epoch 1"));
        view.showEpoch(12);
        QCOMPARE(view.shownEpoch(), 12);
        // A new snapshot does not pull the user away from the epoch they look at.
        view.addSnapshot(41, view.latest());
        view.showLatest();
        QCOMPARE(view.shownEpoch(), 12);
        QTest::keyClick(slider, Qt::Key_End);
        QCOMPARE(view.shownEpoch(), 41);
        view.addSnapshot(42, view.latest());
        view.showLatest();
        QCOMPARE(view.shownEpoch(), 42);  // at the end it follows the newest

        // A long run keeps an even sample of at most kKeptHistograms.
        const layerlab::core::NetworkHealth h = view.latest();
        for (int e = 43; e <= 1000; ++e) view.addSnapshot(e, h);
        view.showLatest();
        QVERIFY(view.keptHistogramCount() <= layerlab::ui::LayerHealthView::kKeptHistograms);
        QVERIFY(view.keptHistogramCount() > layerlab::ui::LayerHealthView::kKeptHistograms / 2);
        QCOMPARE(view.snapshotCount(), 1000);  // the gradient-norm lines keep every epoch
        QCOMPARE(view.shownEpoch(), 1000);
        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(view.shownEpoch(), 1);
        view.clear();
        QCOMPARE(view.snapshotCount(), 0);
        QCOMPARE(view.keptHistogramCount(), 0);
        QCOMPARE(view.shownEpoch(), 0);
    }
};

QTEST_MAIN(TeachViewTest)
#include "test_teach_view.moc"
