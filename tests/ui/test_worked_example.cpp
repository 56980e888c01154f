// The bundled worked example opened in the main window as a teacher opens it
// (MainWindow::openFile), its one-row CSV loaded by the window, then the
// Step Through dock: the Step button walks forward and the numbers drawn in the
// diagram and written in the formula panel are the textbook's: z1 = a1 = (2, 2),
// z2 = a2 = (2.5, 2.5), L = 1.25 with the engine's MSE convention next to it,
// then the backward pass and the update (w 0.5 -> 0.53, L after = 0.9244).
// A PNG of the window goes to $LAYERLAB_SHOT_DIR when it is set.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/data/DataManager.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/DiagramItems.h"
#include "ui/teach/NeuronDiagram.h"

#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using layerlab::ui::BackpropView;
using layerlab::ui::MainWindow;
using layerlab::ui::NeuronDiagram;
using layerlab::ui::TraceSelection;
using Kind = layerlab::ui::TraceSelection::Kind;

namespace {

// The text drawn for sel: the neuron's value and lines, or the tag's lines.
QString drawn(NeuronDiagram* d, const TraceSelection& sel) {
    const auto pos = d->scenePosOf(sel);
    if (!pos) return {};
    QStringList out;
    for (QGraphicsItem* item : d->items(d->mapFromScene(*pos))) {
        if (auto* n = dynamic_cast<layerlab::ui::TraceNeuronItem*>(item)) out << n->text();
        if (auto* t = dynamic_cast<layerlab::ui::TraceTagItem*>(item)) out << t->text();
    }
    return out.join(QLatin1Char('\n'));
}

void click(NeuronDiagram* d, const TraceSelection& sel) {
    QTest::mouseClick(d->viewport(), Qt::LeftButton, {}, d->mapFromScene(*d->scenePosOf(sel)));
}

}  // namespace

class WorkedExampleWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosave_;

private slots:
    void initTestCase() {
        layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabWorkedExampleTest"));
    }

    void stepThroughShowsTheTextbookNumbers() {
        QSettings().clear();
        MainWindow w(nullptr, autosave_.path());
        w.setErrorDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(MainWindow::exampleFiles().contains(
            QFileInfo(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/worked_example.layerlab")).canonicalFilePath()));
        QVERIFY(w.openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/worked_example.layerlab")));
        QTRY_VERIFY_WITH_TIMEOUT(w.dataManager()->data() && w.dataManager()->data()->train, 10000);
        QCOMPARE(w.dataManager()->data()->train->count(), 1);

        auto* dock = w.findChild<QDockWidget*>(QStringLiteral("teachDock"));
        QVERIFY(dock);
        dock->show();
        dock->raise();
        BackpropView* v = w.teachView();
        NeuronDiagram* d = v->diagram();
        // The one sample of the data: x = (1, 2), y = (3, 4).
        QTRY_VERIFY_WITH_TIMEOUT(v->trace() && v->trace()->stages.front().a == (std::vector<float>{1, 2}), 5000);
        QCOMPARE(v->trace()->target, (std::vector<float>{3, 4}));
        QVERIFY(v->findChild<QLabel*>(QStringLiteral("sampleLabel"))->text().contains("sample 0"));
        auto* step = v->findChild<QPushButton*>(QStringLiteral("stepButton"));

        // Forward 1: z1 = a1 = (2, 2).
        QTest::mouseClick(step, Qt::LeftButton);
        QCOMPARE(v->stepIndex(), 1);
        for (int j = 0; j < 2; ++j)
            QCOMPARE(drawn(d, {Kind::Neuron, 1, j, 0}), QStringLiteral("2\nz = 2"));
        QVERIFY2(v->formulaText().contains(QStringLiteral("z⁽¹⁾₁ = w⁽¹⁾₁₁·x₁ + w⁽¹⁾₁₂·x₂ + b⁽¹⁾₁ = 0.5·1 + 0.5·2 + 0.5 = 2")),
                 qPrintable(v->formulaText()));
        QVERIFY(v->formulaText().contains(QStringLiteral("a⁽¹⁾₁ = relu(z⁽¹⁾₁) = max(0, 2) = 2")));
        click(d, {Kind::Neuron, 1, 1, 0});
        QVERIFY2(v->formulaText().contains(QStringLiteral("z⁽¹⁾₂ = w⁽¹⁾₂₁·x₁ + w⁽¹⁾₂₂·x₂ + b⁽¹⁾₂ = 0.5·1 + 0.5·2 + 0.5 = 2")),
                 qPrintable(v->formulaText()));

        // Forward 2: z2 = a2 = (2.5, 2.5).
        QTest::mouseClick(step, Qt::LeftButton);
        for (int j = 0; j < 2; ++j)
            QCOMPARE(drawn(d, {Kind::Neuron, 2, j, 0}), QStringLiteral("2.5\nz = 2.5"));
        click(d, {Kind::Neuron, 2, 0, 0});
        QVERIFY2(v->formulaText().contains(QStringLiteral("= 0.5·2 + 0.5·2 + 0.5 = 2.5")), qPrintable(v->formulaText()));

        // The loss, with the engine's convention next to the number, in the diagram and the formula.
        QTest::mouseClick(step, Qt::LeftButton);
        QVERIFY(v->findChild<QLabel*>(QStringLiteral("stepLabel"))->text().contains("Loss"));
        const QString box = drawn(d, {Kind::Loss, 0, 0, 0});
        QVERIFY2(box.contains(QStringLiteral("L = 1.25  (mean over the 2 outputs = ½·Σ)")), qPrintable(box));
        QVERIFY2(box.contains(QStringLiteral("target y = (3, 4)")), qPrintable(box));
        click(d, {Kind::Loss, 0, 0, 0});
        QVERIFY2(v->formulaText().contains(
                     QStringLiteral("= ((2.5 - 3)² + (2.5 - 4)²) / 2 = 1.25   (mean over the 2 outputs = ½·Σ)")),
                 qPrintable(v->formulaText()));

        // Backward through both layers, then the update.
        QTest::mouseClick(step, Qt::LeftButton);
        QVERIFY2(drawn(d, {Kind::Neuron, 2, 1, 0}).contains(QStringLiteral("δ = -1.5")), qPrintable(drawn(d, {Kind::Neuron, 2, 1, 0})));
        QTest::mouseClick(step, Qt::LeftButton);
        QVERIFY(drawn(d, {Kind::Neuron, 1, 0, 0}).contains(QStringLiteral("δ = -1")));
        QTest::mouseClick(step, Qt::LeftButton);
        QVERIFY(v->findChild<QLabel*>(QStringLiteral("stepLabel"))->text().contains("Update"));
        QVERIFY2(drawn(d, {Kind::Edge, 2, 1, 0}).contains(QStringLiteral("0.5 → 0.53")), qPrintable(drawn(d, {Kind::Edge, 2, 1, 0})));
        QVERIFY(drawn(d, {Kind::Edge, 1, 0, 1}).contains(QStringLiteral("0.5 → 0.52")));
        QVERIFY(drawn(d, {Kind::Bias, 2, 0, 0}).contains(QStringLiteral("b 0.5 → 0.505")));
        QVERIFY2(drawn(d, {Kind::Loss, 0, 0, 0}).contains(QStringLiteral("after the update: L = 0.9244")),
                 qPrintable(drawn(d, {Kind::Loss, 0, 0, 0})));

        if (const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR"); !dir.isEmpty()) {
            QDir().mkpath(dir);
            click(d, {Kind::Loss, 0, 0, 0});
            QVERIFY(w.grab().save(dir + QStringLiteral("/worked-example.png")));
        }
    }
};

QTEST_MAIN(WorkedExampleWindowTest)
#include "test_worked_example.moc"
