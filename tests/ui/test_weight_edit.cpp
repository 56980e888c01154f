// Typing in one weight or bias by hand, as a teacher does it: double-click the
// weight's edge or the bias tag in the step-through's diagram (at its place in
// the viewport), type, Enter. The document gets one undo step that stores the
// weights (materialising the seed's weights first when it has none), the trace
// shows the new value at once; undo brings back exactly what was there (also
// "no weights"), redo the edit; a bad number is refused with the reason, Esc
// cancels; the edit is saved with the project's weights. Blocks say how to get
// at their weights; while a run goes, edits are refused.
#include "core/teach/trace_formulas.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/BackpropView.h"
#include "ui/teach/DiagramItems.h"
#include "ui/teach/NeuronDiagram.h"
#include "ui/teach/ParameterEditor.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <memory>
#include <vector>

using layerlab::ui::BackpropView;
using layerlab::ui::GraphDocument;
using layerlab::ui::NeuronDiagram;
using layerlab::ui::ParameterEditor;
using layerlab::ui::TraceSelection;
using Kind = layerlab::ui::TraceSelection::Kind;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/%1.layerlab").arg(QLatin1String(name));
}

struct Fixture {
    GraphDocument doc;
    std::unique_ptr<BackpropView> view;

    explicit Fixture(const char* name) {
        QString error;
        if (!doc.load(example(name), &error)) qFatal("%s", qPrintable(error));
        view = std::make_unique<BackpropView>(&doc);
        view->resize(1400, 800);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get())) qFatal("window not exposed");
        view->activateWindow();
        if (!QTest::qWaitForWindowActive(view.get())) qWarning("window not active: focus may not follow");
        // The worked example's sample (no data is loaded here): x = (1, 2), y = (3, 4).
        if (QLatin1String(name) == QLatin1String("worked_example"))
            view->setSample({1.0f, 2.0f}, std::vector<float>{3.0f, 4.0f}, QStringLiteral("the worked example"));
    }
    template <class W>
    W* child(const char* name) const {
        W* w = view->findChild<W*>(QLatin1String(name));
        if (!w) qFatal("no child %s", name);
        return w;
    }
    // Double-clicks the diagram where the item for sel is drawn.
    bool doubleClick(const TraceSelection& sel) {
        NeuronDiagram* d = view->diagram();
        const auto pos = d->scenePosOf(sel);
        if (!pos) return false;
        QTest::mouseDClick(d->viewport(), Qt::LeftButton, {}, d->mapFromScene(*pos));
        return d->selection() == sel;
    }
    ParameterEditor* editor() const { return view->parameterEditor(); }
    bool editorOpen() const { return editor() && editor()->isVisible(); }
    // Types into the open editor (replacing the selected value) and presses a key.
    void type(const QString& text, Qt::Key key = Qt::Key_Return) {
        QLineEdit* e = editor()->lineEdit();
        QTest::keyClicks(e, text);
        QTest::keyClick(e, key);
    }
    // The document's value of Dense stage `stage`'s parameter `index` as the trace shows it.
    float traced(int stage, bool bias, int i) const {
        const auto& s = view->trace()->stages[static_cast<std::size_t>(stage)];
        return bias ? s.b[static_cast<std::size_t>(i)] : s.W[static_cast<std::size_t>(i)];
    }
    // The text of the diagram items drawn for sel.
    QString drawnText(const TraceSelection& sel) const {
        NeuronDiagram* d = view->diagram();
        QStringList out;
        for (QGraphicsItem* item : d->items(d->mapFromScene(*d->scenePosOf(sel)))) {
            if (auto* n = dynamic_cast<layerlab::ui::TraceNeuronItem*>(item)) out << n->text();
            if (auto* t = dynamic_cast<layerlab::ui::TraceTagItem*>(item)) out << t->text();
        }
        return out.join(QLatin1Char('\n'));
    }
};

}  // namespace

class WeightEditTest : public QObject {
    Q_OBJECT

private slots:
    void doubleClickAWeightTypeEnter() {
        Fixture f("worked_example");
        QVERIFY(f.view->trace());
        QVERIFY(!f.doc.project().weights);  // the constant initializers give the numbers
        // Forward 1 is shown: hidden's z2 = 0.5*1 + 0.5*2 + 0.5 = 2.
        f.view->stepForward();
        QCOMPARE(f.view->trace()->stages[1].z[1], 2.0f);

        // w⁽¹⁾₂₁: from input 1 to hidden neuron 2.
        const TraceSelection w{Kind::Edge, 1, 1, 0};
        QVERIFY(f.doubleClick(w));
        QVERIFY(f.editorOpen());
        QCOMPARE(f.editor()->lineEdit()->text(), QStringLiteral("0.5"));
        QCOMPARE(f.editor()->lineEdit()->selectedText(), QStringLiteral("0.5"));  // typing replaces it
        QVERIFY(f.editor()->findChild<QLabel*>(QStringLiteral("parameterCaption"))->text().contains("w⁽¹⁾₂₁ of hidden"));
        f.type(QStringLiteral("0.75"));
        QVERIFY(!f.editorOpen());

        // One undo step, named after the parameter; the seed's weights stored with the one change.
        QUndoStack* undo = f.doc.undoStack();
        QCOMPARE(undo->count(), 1);
        QCOMPARE(undo->text(0), QStringLiteral("Set hidden W[2,1] to 0.75"));
        QVERIFY(f.doc.isModified());
        QVERIFY(f.doc.project().weights);
        std::vector<float> expected(12, 0.5f);
        expected[f.view->trace()->stages[1].paramOffset + 1 + 0 * 2] = 0.75f;  // W[j + k*units], j = 1, k = 0
        QCOMPARE(f.doc.project().weights->params, expected);
        // The trace shows it at once: the weight, and z = 0.75*1 + 0.5*2 + 0.5 = 2.25 for that neuron.
        QCOMPARE(f.traced(1, false, 1), 0.75f);
        QCOMPARE(f.view->trace()->stages[1].z[1], 2.25f);
        QCOMPARE(f.view->stepIndex(), 1);  // the step stays
        QVERIFY2(f.drawnText(w).contains("0.75"), qPrintable(f.drawnText(w)));
        QVERIFY2(f.view->formulaText().contains(QStringLiteral("0.75")), qPrintable(f.view->formulaText()));
        QVERIFY(f.drawnText({Kind::Neuron, 1, 1, 0}).startsWith("2.25"));
        QVERIFY(f.child<QLabel>("notesLabel")->text().contains("set by hand"));

        // Undo: no weights again (the seed's 0.5 everywhere); redo: the edit.
        undo->undo();
        QVERIFY(!f.doc.project().weights);
        QTRY_COMPARE(f.traced(1, false, 1), 0.5f);
        QVERIFY(!f.doc.isModified());
        undo->redo();
        QCOMPARE(f.doc.project().weights->params, expected);
        QTRY_COMPARE(f.traced(1, false, 1), 0.75f);

        // The same value again: nothing to undo.
        QVERIFY(f.doubleClick(w));
        f.type(QStringLiteral("0.75"));
        QCOMPARE(undo->count(), 1);
    }

    void doubleClickABias() {
        Fixture f("worked_example");
        const TraceSelection b{Kind::Bias, 2, 0, 0};
        QVERIFY(f.doubleClick(b));
        QVERIFY(f.editorOpen());
        QVERIFY(f.editor()->findChild<QLabel*>(QStringLiteral("parameterCaption"))->text().contains("b⁽²⁾₁ of output"));
        f.type(QStringLiteral("-1"));
        QCOMPARE(f.doc.undoStack()->text(0), QStringLiteral("Set output b[1] to -1"));
        QCOMPARE(f.doc.project().weights->params[f.view->trace()->stages[2].paramOffset + 4], -1.0f);  // b after W
        QCOMPARE(f.traced(2, true, 0), -1.0f);
        QVERIFY2(f.drawnText(b).contains("b = -1"), qPrintable(f.drawnText(b)));
        // z2_1 = 0.5*2 + 0.5*2 - 1 = 1
        QCOMPARE(f.view->trace()->stages[2].z[0], 1.0f);
    }

    void badNumbersAreRefusedAndEscCancels() {
        Fixture f("worked_example");
        const TraceSelection w{Kind::Edge, 2, 0, 1};
        QVERIFY(f.doubleClick(w));
        f.type(QStringLiteral("abc"));
        QVERIFY(f.editorOpen());  // stays open with the reason
        QVERIFY2(f.editor()->errorText().contains("\"abc\" is not a number"), qPrintable(f.editor()->errorText()));
        if (const QString dir = qEnvironmentVariable("LAYERLAB_SHOT_DIR"); !dir.isEmpty()) {  // to look at, not to check
            QDir().mkpath(dir);
            QVERIFY(f.view->grab().save(dir + QStringLiteral("/weight-editor.png")));
        }
        f.editor()->lineEdit()->selectAll();
        f.type(QStringLiteral("0,5"));
        QVERIFY2(f.editor()->errorText().contains("type one number, not 2"), qPrintable(f.editor()->errorText()));
        f.editor()->lineEdit()->selectAll();
        f.type(QStringLiteral("1e40"));
        QVERIFY2(f.editor()->errorText().contains("too large"), qPrintable(f.editor()->errorText()));
        f.editor()->lineEdit()->selectAll();
        QTest::keyClick(f.editor()->lineEdit(), Qt::Key_Backspace);
        f.type(QString());
        QVERIFY2(f.editor()->errorText().contains("type a number"), qPrintable(f.editor()->errorText()));
        QCOMPARE(f.doc.undoStack()->count(), 0);
        QVERIFY(!f.doc.project().weights);
        // Esc: closed, nothing changed.
        f.editor()->lineEdit()->selectAll();
        f.type(QStringLiteral("9"), Qt::Key_Escape);
        QVERIFY(!f.editorOpen());
        QCOMPARE(f.doc.undoStack()->count(), 0);
        QCOMPARE(f.traced(2, false, 2), 0.5f);
        // An editor left open does not outlive its trace: New closes it.
        QVERIFY(f.doubleClick(w));
        QVERIFY(f.editorOpen());
        f.doc.newDocument();
        QTRY_VERIFY(!f.editorOpen());
    }

    // With trained weights the edit changes just the one value, and undo brings
    // those weights back exactly (not "no weights").
    void editOnTrainedWeightsAndUndo() {
        Fixture f("xor");
        const auto before = f.view->trace();  // kept: the view replaces its trace when the weights change
        const auto& t0 = *before;
        const std::size_t n = t0.stages.back().paramOffset + t0.stages.back().paramCount;
        layerlab::core::Weights trained;
        for (std::size_t i = 0; i < n; ++i) trained.params.push_back(0.1f * static_cast<float>(i) - 0.3f);
        f.doc.setWeights(trained);
        QTRY_COMPARE(f.traced(2, false, 1), trained.params[t0.stages[2].paramOffset + 1]);
        QVERIFY(f.doubleClick({Kind::Edge, 2, 0, 1}));
        f.type(QStringLiteral("2.5"));
        std::vector<float> expected = trained.params;
        expected[f.view->trace()->stages[2].paramOffset + 1] = 2.5f;
        QCOMPARE(f.doc.project().weights->params, expected);
        QCOMPARE(f.traced(2, false, 1), 2.5f);
        f.doc.undoStack()->undo();
        QCOMPARE(f.doc.project().weights->params, trained.params);
    }

    // The edit is saved with the weights and comes back with the project.
    void savedWithTheWeights() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("edited.layerlab"));
        {
            Fixture f("worked_example");
            QVERIFY(f.doubleClick({Kind::Edge, 1, 0, 1}));
            f.type(QStringLiteral("-0.125"));
            QString error;
            QVERIFY2(f.doc.save(path, &error), qPrintable(error));
        }
        Fixture g("worked_example");
        QString error;
        QVERIFY2(g.doc.load(path, &error), qPrintable(error));
        QTRY_VERIFY(g.view->trace() && g.traced(1, false, 2) == -0.125f);  // W[0 + 1*2]
        QCOMPARE(g.doc.project().weights->params[2], -0.125f);
        QCOMPARE(g.traced(1, false, 0), 0.5f);
    }

    void blocksSayHowAndRunsLock() {
        Fixture f("worked_example");
        f.child<QSpinBox>("neuronLimitSpin")->setValue(1);
        QVERIFY(!f.view->diagram()->drawnAsNeurons(1));
        QVERIFY(f.doubleClick({Kind::Block, 1, 0, 0}));
        QVERIFY(!f.editorOpen());
        QLabel* status = f.child<QLabel>("statusLabel");
        QVERIFY(status->isVisible());
        QVERIFY2(status->text().contains("to 2 or more"), qPrintable(status->text()));
        f.child<QSpinBox>("neuronLimitSpin")->setValue(16);

        f.view->setParameterEditLock(QStringLiteral("Stop the run first."));
        QVERIFY(f.doubleClick({Kind::Edge, 1, 0, 0}));
        QVERIFY(!f.editorOpen());
        QCOMPARE(status->text(), QStringLiteral("Stop the run first."));
        f.view->setParameterEditLock({});
        QVERIFY(f.doubleClick({Kind::Edge, 1, 0, 0}));
        QVERIFY(f.editorOpen());
    }

    // The document method on its own: refusals, and redo after a run brought
    // new weights returns to the run's weights (nothing is lost by an undo).
    void documentLevel() {
        GraphDocument doc;
        QVERIFY(doc.load(example("worked_example")));
        const auto hidden = doc.graph().findByName("hidden")->id;
        const auto relu = doc.graph().findByName("hidden_relu")->id;
        QVERIFY(!doc.setParameterValue(hidden, 6, 1.0).ok());  // 6 parameters: 0..5
        QVERIFY(doc.setParameterValue(hidden, 6, 1.0).error().message.find("has 6 parameters") != std::string::npos);
        QVERIFY(!doc.setParameterValue(relu, 0, 1.0).ok());
        QVERIFY(!doc.setParameterValue(999, 0, 1.0).ok());
        QVERIFY(!doc.setParameterValue(hidden, 0, std::nan("")).ok());
        QVERIFY(doc.setParameterValue(hidden, 0, 0.5).ok());  // the value it has: nothing pushed
        QCOMPARE(doc.undoStack()->count(), 0);

        QVERIFY(doc.setParameterValue(hidden, 5, 3.0).ok());
        QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Set hidden b[2] to 3"));
        const auto edited = doc.project().weights->params;
        layerlab::core::Weights run;
        run.params.assign(12, 0.25f);
        doc.setWeights(run);  // a training run ended
        doc.undoStack()->undo();
        QVERIFY(!doc.project().weights);
        doc.undoStack()->redo();
        QCOMPARE(doc.project().weights->params, run.params);
        QVERIFY(edited != run.params);

        // A graph that does not compile: the compiler's message.
        QVERIFY(doc.disconnectInput(hidden, 0).ok());
        QVERIFY(!doc.setParameterValue(hidden, 0, 1.0).ok());
    }
};

QTEST_MAIN(WeightEditTest)
#include "test_weight_edit.moc"
