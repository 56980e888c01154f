// The step-through unrolled in time (RecurrentUnrollView in BackpropView),
// driven through the real widgets: an LSTM's grid has one column per time
// step and a band per gate; Step reaches the LSTM and the tab follows it; the
// time step buttons move the framed column and reveal the next step; a
// clicked cell's formula holds that cell's number; backward, the gradient
// appears from the last step back and the chart has one point per step equal
// to the trace's ||dL/dh_t||; the update shows the weight maps; Hide numbers
// hides the computed values; Play walks through time before it steps on; a
// GRU gets its own gates; a SimpleRNN with small recurrent weights over 30
// steps reads "vanished"; a network without a recurrent layer has no tab.
// With LAYERLAB_SHOT_DIR set, pictures of the main window at 1280x800 and in
// presentation mode are written there (step_through_lstm*.png; the README
// uses step_through_lstm.png and step_through_lstm_presentation.png):
//   LAYERLAB_SHOT_DIR=resources/screenshots build/tests/ui/ui_recurrent_unroll windowPictures
#include "test_teach_support.h"
#include "test_user_settings.h"

#include "core/teach/trace_formulas.h"
#include "core/teach/trace_recurrent.h"
#include "ui/MainWindow.h"
#include "ui/data/DataManager.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/RecurrentUnrollView.h"
#include "ui/teach/UnrollGrid.h"

#include <qcustomplot.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using layerlab::core::formatNumber;
using layerlab::ui::BackpropView;
using layerlab::ui::GraphDocument;
using layerlab::ui::RecurrentUnrollView;
using layerlab::ui::UnrollGrid;
using Page = layerlab::ui::RecurrentUnrollView::Page;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

struct Fixture : layerlab_test::StepThrough {
    // An example file, or (name empty) Input steps x 2 -> cell(units, extra) -> Dense(1), MSE.
    explicit Fixture(const char* name, const char* cell = nullptr, int steps = 0, int units = 3,
                     const layerlab::core::ParamMap& extra = {}) {
        if (name) {
            load(name);
        } else {
            auto config = doc.project().training;
            config.loss = layerlab::core::LossKind::MeanSquaredError;
            doc.setTrainingConfig(config);
            const auto in = doc.addNode(QStringLiteral("Input"), {{"shape", std::to_string(steps) + "x2"}});
            layerlab::core::ParamMap p = {{"units", std::int64_t{units}}};
            for (const auto& [k, v] : extra) p[k] = v;
            const auto rnn = doc.addNode(QLatin1String(cell), p, {0, 110});
            const auto out = doc.addNode(QStringLiteral("Dense"), {{"units", std::int64_t{1}}}, {0, 220});
            if (!in || !rnn || !out || !doc.connectNodes(*in, *rnn).ok() || !doc.connectNodes(*rnn, *out).ok())
                qFatal("cannot build the %s network", cell);
        }
        open(1280, 760);
        view->recompute();
    }
    // The layer's units, traced again; false when it cannot be set.
    bool setUnits(const char* layer, int units) {
        const auto* node = doc.graph().findByName(layer);
        if (!node || !doc.setParam(node->id, QStringLiteral("units"), std::int64_t{units}).ok()) return false;
        view->recompute();
        return true;
    }
    RecurrentUnrollView* unroll() const { return view->unrollView(); }
    UnrollGrid* forward() const { return unroll()->forwardGrid(); }
    UnrollGrid* backward() const { return unroll()->backwardGrid(); }
    const layerlab::core::RecurrentTrace& record() const {
        return view->trace()->stages[static_cast<std::size_t>(unroll()->stage())].recurrent.front();
    }
    bool unrollShown() const {
        return child<QTabWidget>("stepThroughTabs")->currentWidget() == unroll() && unroll()->isVisible();
    }
    void clickCell(UnrollGrid* grid, int band, int t, int unit) {
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(band, t, unit).center());
    }
    void stepTo(int index) {
        while (view->stepIndex() < index) click("stepButton");
        while (view->stepIndex() > index) click("stepBackButton");
    }
    int bandOf(UnrollGrid* grid, const QString& symbol) const {
        for (int b = 0; b < grid->bandCount(); ++b)
            if (grid->bandSymbol(b) == symbol) return b;
        qFatal("no band %s", qPrintable(symbol));
    }
};

void saveShot(QWidget* w, const QString& name) {
    const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR");
    if (dir.isEmpty()) return;
    QTest::qWait(80);  // queued replots land first
    QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
    qInfo("wrote %s/%s", qPrintable(dir), qPrintable(name));
}

}  // namespace

class RecurrentUnrollTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabUnrollTest")); }

    // sunspots_lstm with 3 units: Input 10x1 -> LSTM -> Dropout -> Dense(1); 9 steps.
    void lstmForwardThroughTime() {
        Fixture f("sunspots_lstm");
        QVERIFY(f.setUnits("lstm", 3));
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        QVERIFY(f.view->showsUnrollTab());
        QCOMPARE(f.view->stepCount(), 9);
        QCOMPARE(f.forward()->columnCount(), 10);
        QStringList symbols;
        for (int b = 0; b < f.forward()->bandCount(); ++b) symbols << f.forward()->bandSymbol(b);
        QCOMPARE(symbols, (QStringList{"x", "i", "f", "g", "o", "c", "h"}));
        QVERIFY(f.forward()->showsNumbers(1));
        const auto& r = f.record();
        // Before the LSTM's step: the input is there, the gates are not.
        QCOMPARE(f.forward()->cellText(0, 4, 0), q(formatNumber(r.unrolled[4].x[0])));
        QCOMPARE(f.forward()->cellText(2, 0, 0), QString());

        // Step: Forward 1 is the LSTM; the unrolled tab comes up at t = 0.
        f.click("stepButton");
        QVERIFY(f.unrollShown());
        QCOMPARE(f.unroll()->page(), Page::Forward);
        QCOMPARE(f.unroll()->timeStep(), 0);
        const int fb = f.bandOf(f.forward(), "f");
        QCOMPARE(f.forward()->cellText(fb, 0, 1), q(formatNumber(r.unrolled[0].gate[1][1])));
        QCOMPARE(f.forward()->cellText(fb, 1, 1), QString());
        // Two time steps on: the frame moves, step 2 is computed, step 3 not yet.
        f.click("timeStepButton");
        f.click("timeStepButton");
        QCOMPARE(f.unroll()->timeStep(), 2);
        QCOMPARE(f.forward()->currentStep(), 2);
        QCOMPARE(f.child<QSlider>("timeSlider")->value(), 2);
        QVERIFY(f.forward()->revealed(fb, 2) && !f.forward()->revealed(fb, 3));
        // A click on a cell: its formulas, with its number, in the formula panel.
        f.clickCell(f.forward(), fb, 2, 1);
        const QString fValue = q(formatNumber(r.unrolled[2].gate[1][1]));
        QCOMPARE(f.forward()->cellText(fb, 2, 1), fValue);
        QVERIFY2(f.view->formulaText().contains(fValue), qPrintable(f.view->formulaText()));
        for (const std::string& line : layerlab::core::recurrentForwardFormulas(r, 2, 1))
            QVERIFY2(f.view->formulaText().contains(q(line)), line.c_str());
        const int cb = f.bandOf(f.forward(), "c");
        f.clickCell(f.forward(), cb, 1, 0);
        QVERIFY(f.view->formulaText().contains("c₁ = f ⊙ c₀ + i ⊙ g"));
        QVERIFY(f.view->formulaText().contains(q(formatNumber(r.unrolled[1].c[0]))));
        saveShot(f.view.get(), QStringLiteral("unroll_lstm3_forward.png"));
        // The spin box and the slider move it too.
        f.child<QSlider>("timeSlider")->setValue(7);
        QCOMPARE(f.forward()->currentStep(), 7);
        // Quiz mode: computed values become "?", the input stays.
        f.child<QCheckBox>("hideNumbersCheck")->setChecked(true);
        QCOMPARE(f.forward()->cellText(fb, 2, 1), QStringLiteral("?"));
        QCOMPARE(f.forward()->cellText(0, 2, 0), q(formatNumber(r.unrolled[2].x[0])));
        f.clickCell(f.forward(), fb, 2, 1);
        QVERIFY2(f.view->formulaText().contains(" = ?   (forget gate"), qPrintable(f.view->formulaText()));
        QVERIFY(!f.view->formulaText().contains(fValue + "   (forget gate"));
        f.child<QCheckBox>("hideNumbersCheck")->setChecked(false);

        // Presentation mode draws the grid larger.
        const int rowHeight = f.forward()->cellRect(fb, 2, 1).height();
        f.view->setDisplayScale(1.6);
        QVERIFY2(f.forward()->cellRect(fb, 2, 1).height() > rowHeight * 1.4, "larger rows");
        f.view->setDisplayScale(1.0);
        QCOMPARE(f.forward()->cellRect(fb, 2, 1).height(), rowHeight);

        // The next layer: the diagram again, all time steps computed, and the
        // formula panel back with the diagram's selection.
        f.click("stepButton");
        QVERIFY(!f.unrollShown());
        QVERIFY(f.forward()->revealed(fb, 9));
        QVERIFY2(!f.view->formulaText().contains("forget gate"), qPrintable(f.view->formulaText()));
    }

    void lstmBackwardAndUpdate() {
        Fixture f("sunspots_lstm");
        QVERIFY(f.setUnits("lstm", 3));
        const auto& r = f.record();
        QCustomPlot* plot = f.unroll()->gradientPlot();
        f.stepTo(6);  // Backward through the dropout: the gradient has not reached the LSTM
        QCOMPARE(plot->graph(0)->data()->size(), 0);
        f.click("stepButton");  // Backward 3/3: the LSTM, from its last step
        QVERIFY(f.unrollShown());
        QCOMPARE(f.unroll()->page(), Page::Backward);
        QCOMPARE(f.unroll()->timeStep(), 9);
        QCOMPARE(f.backward()->columnCount(), 10);
        QCOMPARE(f.backward()->bandSymbol(0), QStringLiteral("∂L/∂h"));
        QCOMPARE(f.backward()->bandCount(), 5);
        QCOMPARE(plot->graph(0)->data()->size(), 1);
        QVERIFY(f.backward()->revealed(0, 9) && !f.backward()->revealed(0, 8));
        for (int i = 0; i < 5; ++i) f.click("timeBackButton");
        QCOMPARE(f.backward()->currentStep(), 4);
        QCOMPARE(plot->graph(0)->data()->size(), 6);
        QVERIFY(f.backward()->revealed(1, 4) && !f.backward()->revealed(1, 3));
        f.clickCell(f.backward(), 0, 4, 2);
        const QString dh = q(formatNumber(r.unrolled[4].dh[2]));
        QCOMPARE(f.backward()->cellText(0, 4, 2), dh);
        QVERIFY2(f.view->formulaText().contains("∂L/∂h₄ = " + dh), qPrintable(f.view->formulaText()));
        QVERIFY(f.view->formulaText().contains(q(layerlab::core::recurrentBackwardFormulas(r, 4, 2).back())));
        // The chart's reading waits until the gradient has come back to step 0.
        QVERIFY2(f.child<QLabel>("gradientReading")->text().contains("so far"),
                 qPrintable(f.child<QLabel>("gradientReading")->text()));
        saveShot(f.view.get(), QStringLiteral("unroll_lstm3_backward.png"));

        // The update: every step's gradient in the chart, the reading, the weight maps.
        f.click("stepButton");
        QCOMPARE(f.unroll()->page(), Page::Update);
        QVERIFY(f.unrollShown());
        QCOMPARE(plot->graph(0)->data()->size(), 10);
        for (int t = 0; t < 10; ++t) {
            QCOMPARE(plot->graph(0)->data()->at(t)->key, double(t));
            QCOMPARE(plot->graph(0)->data()->at(t)->value, r.unrolled[static_cast<std::size_t>(t)].dhNorm);
        }
        QVERIFY(plot->yAxis->scaleType() == QCPAxis::stLogarithmic);
        const QString reading = f.child<QLabel>("gradientReading")->text();
        QVERIFY2(reading.contains("step 0") && reading.contains(q(formatNumber(r.gradientRatio()))), qPrintable(reading));
        for (const char* name : {"weightMap_W_hh_1", "weightMap_W_hh_2", "weightMap_W_hh_3", "weightMap_W_ih_3"}) {
            auto* map = f.child<QLabel>(name);
            QVERIFY2(!map->pixmap().isNull(), name);
        }
        saveShot(f.unroll(), QStringLiteral("unroll_lstm3_update.png"));
    }

    // Play at the LSTM's forward step runs its nine remaining time steps, then steps on.
    void playWalksThroughTime() {
        Fixture f("sunspots_lstm");
        f.click("stepButton");
        QCOMPARE(f.unroll()->timeStep(), 0);
        f.child<QSlider>("speedSlider")->setValue(12);
        QSignalSpy times(f.unroll(), &RecurrentUnrollView::timeStepChanged);
        QSignalSpy steps(f.view.get(), &BackpropView::stepChanged);
        f.click("playButton");
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 1, 10000);
        f.click("playButton");  // pause
        QCOMPARE(times.count(), 9);
        QCOMPARE(times.last().at(0).toInt(), 9);
        QCOMPARE(steps.first().at(0).toInt(), 2);
    }

    void gruGates() {
        Fixture f(nullptr, "GRU", 6, 4);
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        QVERIFY(f.view->showsUnrollTab());
        QCOMPARE(f.forward()->columnCount(), 6);
        QStringList symbols;
        for (int b = 0; b < f.forward()->bandCount(); ++b) symbols << f.forward()->bandSymbol(b);
        QCOMPARE(symbols, (QStringList{"x", "r", "z", "n", "h"}));
        f.stepTo(1);
        QVERIFY(f.unrollShown());
        f.child<QSlider>("timeSlider")->setValue(5);
        const int h = f.bandOf(f.forward(), "h");
        f.clickCell(f.forward(), h, 5, 3);
        const QString value = q(formatNumber(f.record().unrolled[5].h[3]));
        QCOMPARE(f.forward()->cellText(h, 5, 3), value);
        QVERIFY2(f.view->formulaText().contains("h₅ = (1 − z) ⊙ n + z ⊙ h₄"), qPrintable(f.view->formulaText()));
        QVERIFY(f.view->formulaText().contains(value));
        QCOMPARE(f.backward()->bandCount(), 4);  // ∂L/∂h and the three gates
    }

    void simpleRnnGradientVanishes() {
        const layerlab::core::ParamMap small = {{"recurrent_init", std::string("constant")}, {"init_value", 0.05}};
        Fixture f(nullptr, "SimpleRNN", 30, 3, small);
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        QCOMPARE(f.forward()->columnCount(), 30);
        f.stepTo(f.view->stepCount() - 1);
        const auto& r = f.record();
        QVERIFY(r.gradientRatio() > 1e6);
        QCOMPARE(f.unroll()->gradientPlot()->graph(0)->data()->size(), 30);
        const QString reading = f.child<QLabel>("gradientReading")->text();
        QVERIFY2(reading.contains("vanished on the way back"), qPrintable(reading));
        QVERIFY(reading.contains(q(formatNumber(r.unrolled.front().dhNorm / r.unrolled.back().dhNorm))));
        f.unroll()->findChild<QTabWidget*>(QStringLiteral("unrollPages"))->setCurrentIndex(1);
        saveShot(f.view.get(), QStringLiteral("unroll_simplernn_vanishing.png"));
        // Quiz mode hides the answer.
        f.child<QCheckBox>("hideNumbersCheck")->setChecked(true);
        QVERIFY(!f.child<QLabel>("gradientReading")->text().contains("vanished"));
    }

    void stackedLstmsGetALayerPicker() {
        Fixture f("us_macro_stacked_lstm");
        QVERIFY2(f.view->trace(), qPrintable(f.view->problem()));
        const std::vector<int> stages = f.unroll()->recurrentStages();
        QCOMPARE(int(stages.size()), 2);
        QVERIFY(f.child<QComboBox>("unrollLayerCombo")->isVisibleTo(f.unroll()));
        for (int s : stages) {
            f.stepTo(s);
            QVERIFY(f.unrollShown());
            QCOMPARE(f.unroll()->stage(), s);
            QCOMPARE(f.forward()->columnCount(), f.record().steps);
        }
    }

    void noTabWithoutARecurrentLayer() {
        Fixture f("xor");
        QVERIFY(f.view->trace());
        QVERIFY(!f.view->showsUnrollTab());
        QVERIFY(!f.unroll()->isVisible());
        QCOMPARE(f.child<QTabWidget>("stepThroughTabs")->count(), 1);
        // Opening an LSTM project brings it, opening xor again takes it away.
        QString error;
        QVERIFY(f.doc.load(layerlab_test::examplePath("sunspots_lstm"), &error));
        QTRY_VERIFY(f.view->showsUnrollTab());
        QVERIFY(f.doc.load(layerlab_test::examplePath("xor"), &error));
        QTRY_VERIFY(!f.view->showsUnrollTab());
        QVERIFY(!f.unroll()->isVisible());
    }

    // The main window at 1280x800 and in presentation mode, for the README.
    void windowPictures() {
        if (qEnvironmentVariable("LAYERLAB_SHOT_DIR").isEmpty()) QSKIP("set LAYERLAB_SHOT_DIR to write the pictures");
        QSettings().clear();
        layerlab::ui::MainWindow w(nullptr, config_.path());
        w.setErrorDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(layerlab_test::examplePath("sunspots_lstm")), qPrintable(w.lastError()));
        QVERIFY(QTest::qWaitFor([&] { return !w.dataManager()->isLoading(); }, 10000));
        w.action(QStringLiteral("actionShowStepThrough"))->trigger();
        BackpropView* v = w.teachView();
        QTRY_VERIFY(v->trace() && v->showsUnrollTab());
        for (bool presentation : {false, true}) {
            if (presentation) w.action(QStringLiteral("actionPresentationMode"))->trigger();
            w.action(QStringLiteral("actionShowStepThrough"))->trigger();
            // As a teacher would: the bottom panel dragged up to 60 % of the window.
            if (!presentation) w.resizeDocks({w.findChild<QDockWidget*>(QStringLiteral("teachDock"))}, {480}, Qt::Vertical);
            v->resetSteps();
            v->stepForward();  // the LSTM's forward step
            for (int t = 0; t < 6; ++t) v->unrollView()->advanceTime();
            UnrollGrid* g = v->unrollView()->forwardGrid();
            QTest::mouseClick(g, Qt::LeftButton, {}, g->cellRect(g->bandCount() - 1, 6, 10).center());
            const QString suffix = presentation ? QStringLiteral("_presentation") : QString();
            // The README's pictures: forward at 1280x800, backward in presentation mode.
            saveShot(&w, presentation ? QStringLiteral("step_through_lstm_forward_presentation.png")
                                      : QStringLiteral("step_through_lstm.png"));
            while (v->stepIndex() < 7) v->stepForward();  // backward through the LSTM
            for (int t = 0; t < 5; ++t) v->unrollView()->advanceTime();
            UnrollGrid* b = v->unrollView()->backwardGrid();
            QTest::mouseClick(b, Qt::LeftButton, {}, b->cellRect(0, 5, 10).center());
            saveShot(&w, presentation ? QStringLiteral("step_through_lstm_presentation.png")
                                      : QStringLiteral("step_through_lstm_backward.png"));
            v->stepForward();
            saveShot(&w, QStringLiteral("step_through_lstm_update%1.png").arg(suffix));
        }
        w.action(QStringLiteral("actionPresentationMode"))->trigger();
    }
};

QTEST_MAIN(RecurrentUnrollTest)
#include "test_recurrent_unroll.moc"
