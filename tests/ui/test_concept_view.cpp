// ConceptMapView driven as a user would: clicking a concept on the canvas
// shows its explanation and emits the ids of its layers; the editor's
// selection lights concepts; edits re-lay the map out (debounced); the
// overfitting mark; zoom, fit and pan; export; the Mermaid dialog with inline
// syntax errors and "Back to project map". Saves screenshots to
// /tmp/shots-concepts/ for a human to look at.
#include "ui/concepts/ConceptCanvas.h"
#include "ui/concepts/ConceptMapView.h"
#include "ui/concepts/MermaidDialog.h"
#include "ui/editor/GraphDocument.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

using layerlab::core::NodeId;
using layerlab::ui::ConceptMapView;
using layerlab::ui::GraphDocument;
using layerlab::ui::MermaidDialog;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/%1.layerlab").arg(QLatin1String(name));
}

QList<NodeId> idsOfType(const GraphDocument& doc, const char* type) {
    QList<NodeId> out;
    for (const auto& n : doc.graph().nodes())
        if (n.type == type) out << n.id;
    return out;
}

// Types text into a widget key by key; '\n' is the Return key.
void type(QWidget* w, const QString& text) {
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0) QTest::keyClick(w, Qt::Key_Return);
        QTest::keyClicks(w, lines[i]);
    }
}

// A document with an example and a shown 1200x800 concept view.
struct Map {
    GraphDocument doc;
    std::unique_ptr<ConceptMapView> view;
    explicit Map(const char* name) {
        QString error;
        if (!doc.load(example(name), &error)) qFatal("%s", qPrintable(error));
        view = std::make_unique<ConceptMapView>(&doc);
        view->resize(1200, 800);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get())) qFatal("window not exposed");
    }
    QWidget* viewport() const { return view->canvas()->viewport(); }
    QPoint at(const QString& id) const {
        return view->canvas()->mapFromScene(view->conceptSceneRect(id).center());
    }
    void click(const QString& id) const { QTest::mouseClick(viewport(), Qt::LeftButton, {}, at(id)); }
    void shoot(const QString& file) const {
        QDir().mkpath(QStringLiteral("/tmp/shots-concepts"));
        view->grab().save(QStringLiteral("/tmp/shots-concepts/") + file);
    }
};

}  // namespace

class TestConceptView : public QObject {
    Q_OBJECT

private slots:
    void clickingAConceptShowsItAndHighlightsItsLayers() {
        Map m("mnist_cnn");
        QVERIFY(m.view->errorText().isEmpty());
        QVERIFY(!m.view->conceptSceneRect(QStringLiteral("layer_Conv2D")).isNull());
        QVERIFY(m.viewport()->rect().contains(m.at(QStringLiteral("layer_Conv2D"))));
        QSignalSpy nodes(m.view.get(), &ConceptMapView::highlightNodes);
        QSignalSpy settings(m.view.get(), &ConceptMapView::highlightSettings);

        m.click(QStringLiteral("layer_Conv2D"));
        QCOMPARE(nodes.count(), 1);
        QCOMPARE(nodes.takeFirst().at(0).value<QList<NodeId>>(), idsOfType(m.doc, "Conv2D"));
        QCOMPARE(m.view->selectedConcept(), QStringLiteral("layer_Conv2D"));
        QString text = m.view->explanationText();
        QVERIFY2(text.contains(QStringLiteral("Convolution")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("out[f, i, j]")), qPrintable(text));  // the formula
        QVERIFY2(text.contains(QStringLiteral("In the editor: conv1")), qPrintable(text));

        m.click(QStringLiteral("layer_MaxPool2D"));
        QCOMPARE(nodes.takeFirst().at(0).value<QList<NodeId>>(), idsOfType(m.doc, "MaxPool2D"));
        QVERIFY(m.view->explanationText().contains(QStringLiteral("Pooling")));

        m.click(QStringLiteral("optimizer"));
        QCOMPARE(nodes.takeFirst().at(0).value<QList<NodeId>>(), QList<NodeId>());
        QCOMPARE(settings.last().at(0).toStringList(), (QStringList{QStringLiteral("optimizer"), QStringLiteral("learningRate")}));
        text = m.view->explanationText();
        QVERIFY2(text.contains(QStringLiteral("Adam, lr 0.001")) && text.contains(QStringLiteral("m̂ / (√v̂ + ε)")), qPrintable(text));
        m.shoot(QStringLiteral("mnist_cnn_adam.png"));

        // A click on empty canvas clears the selection and shows the legend.
        QTest::mouseClick(m.viewport(), Qt::LeftButton, {}, QPoint(3, 3));
        QVERIFY(m.view->selectedConcept().isEmpty());
        QVERIFY(m.view->explanationText().contains(QStringLiteral("Click a concept")));
        QCOMPARE(nodes.count(), 0);
    }

    void editorSelectionLightsConcepts() {
        Map m("mnist_cnn");
        const QList<NodeId> relu = idsOfType(m.doc, "ReLU");
        m.view->highlightConceptsForNodes({relu.first()});
        QStringList lit = m.view->highlightedConcepts();
        QVERIFY2(lit.contains(QStringLiteral("layer_ReLU")) && lit.contains(QStringLiteral("activation")), qPrintable(lit.join(',')));
        QVERIFY(!lit.contains(QStringLiteral("layer_Conv2D")));
        m.view->highlightConceptsForNodes(idsOfType(m.doc, "Conv2D") + idsOfType(m.doc, "Input"));
        lit = m.view->highlightedConcepts();
        QVERIFY(lit.contains(QStringLiteral("layer_Conv2D")) && lit.contains(QStringLiteral("features")));
        QVERIFY(!lit.contains(QStringLiteral("layer_ReLU")));
        m.shoot(QStringLiteral("mnist_cnn_conv_selected.png"));
        m.view->highlightConceptsForNodes({});
        QVERIFY(m.view->highlightedConcepts().isEmpty());
    }

    void editsRelayoutTheMapAfterAQuietMoment() {
        Map m("spiral");
        QSignalSpy updated(m.view.get(), &ConceptMapView::mapUpdated);
        auto dropout = m.doc.addNode(QStringLiteral("Dropout"), {}, QPointF(0, 0));
        QVERIFY(dropout.ok());
        auto config = m.doc.project().training;
        config.optimizer.learningRate = 0.05;
        m.doc.setTrainingConfig(config);
        QVERIFY(m.doc.removeNodes(idsOfType(m.doc, "Softmax")).ok());
        QCOMPARE(updated.count(), 0);  // not yet: waits for quiet
        QVERIFY(updated.wait(2000));
        QCOMPARE(updated.count(), 1);  // three edits, one layout
        const auto& g = m.view->conceptGraph();
        QCOMPARE(g.find("dropout")->nodes, std::vector<NodeId>{*dropout});
        QCOMPARE(g.find("optimizer")->label, std::string("Adam, lr 0.05"));
        QVERIFY(!g.find("layer_Softmax"));
        QVERIFY(!m.view->conceptSceneRect(QStringLiteral("dropout")).isNull());
        QVERIFY(m.view->conceptSceneRect(QStringLiteral("layer_Softmax")).isNull());
        // Undo goes back, live.
        m.doc.undoStack()->undo();
        QVERIFY(updated.wait(2000));
        QVERIFY(m.view->conceptGraph().find("layer_Softmax"));
    }

    void overfittingIsMarked() {
        Map m("spiral");
        QVERIFY(!m.view->conceptGraph().find("overfitting")->marked);
        m.view->setOverfitting(true);
        QVERIFY(m.view->conceptGraph().find("overfitting")->marked);
        m.click(QStringLiteral("overfitting"));
        QVERIFY2(m.view->explanationText().contains(QStringLiteral("validation loss rises")), qPrintable(m.view->explanationText()));
        m.shoot(QStringLiteral("spiral_overfitting.png"));
        m.view->setOverfitting(false);
        QVERIFY(!m.view->conceptGraph().find("overfitting")->marked);
    }

    void zoomFitAndPan() {
        Map m("flowers_csv");
        auto* canvas = m.view->canvas();
        const double fitted = canvas->zoom();
        QVERIFY(fitted > 0.1);
        canvas->setFocus();
        QTest::keyClick(canvas, Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(canvas->zoom() > fitted * 1.1);
        QTest::keyClick(canvas, Qt::Key_Minus, Qt::ControlModifier);
        QTest::keyClick(canvas, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(canvas->zoom() < fitted);
        QTest::keyClick(canvas, Qt::Key_0, Qt::ControlModifier);
        QVERIFY(qAbs(canvas->zoom() - fitted) < 1e-6);
        m.view->findChild<QToolButton*>(QStringLiteral("conceptZoomIn"))->click();
        m.view->findChild<QToolButton*>(QStringLiteral("conceptZoomIn"))->click();
        QVERIFY(canvas->zoom() > fitted * 1.3);
        // Drag on the canvas pans; it is not a click.
        QSignalSpy nodes(m.view.get(), &ConceptMapView::highlightNodes);
        const int h = canvas->horizontalScrollBar()->value(), v = canvas->verticalScrollBar()->value();
        const QPoint start = m.viewport()->rect().center();
        QTest::mousePress(m.viewport(), Qt::LeftButton, {}, start);
        for (int i = 1; i <= 5; ++i) QTest::mouseMove(m.viewport(), start + QPoint(-30 * i, -20 * i));
        QTest::mouseRelease(m.viewport(), Qt::LeftButton, {}, start + QPoint(-150, -100));
        QVERIFY(canvas->horizontalScrollBar()->value() != h || canvas->verticalScrollBar()->value() != v);
        QCOMPARE(nodes.count(), 0);
        m.view->findChild<QToolButton*>(QStringLiteral("conceptFit"))->click();
        QVERIFY(qAbs(canvas->zoom() - fitted) < 1e-6);
        m.shoot(QStringLiteral("flowers_csv.png"));
    }

    void exportsSvgPngPdf() {
        Map m("xor");
        m.click(QStringLiteral("loss"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const char* suffix : {"svg", "png", "pdf"}) {
            const QString path = dir.filePath(QStringLiteral("map.") + QLatin1String(suffix));
            QString error;
            QVERIFY2(m.view->exportTo(path, &error), qPrintable(error));
            QVERIFY(QFileInfo(path).size() > 500);
        }
        QVERIFY(!QImage(dir.filePath(QStringLiteral("map.png"))).isNull());
        QFile svg(dir.filePath(QStringLiteral("map.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QCOMPARE(m.view->selectedConcept(), QStringLiteral("loss"));  // the selection survives an export
        QString error;
        QVERIFY(!m.view->exportTo(dir.filePath(QStringLiteral("map.bmp")), &error));
        QVERIFY(error.contains(QStringLiteral(".svg")));
    }

    void mermaidDialogShowsErrorsAndRendersTheChart() {
        Map m("xor");
        m.view->findChild<QToolButton*>(QStringLiteral("conceptMermaid"))->click();
        MermaidDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m.view->findChild<MermaidDialog*>()) && dialog->isVisible());
        auto* editor = dialog->findChild<QPlainTextEdit*>(QStringLiteral("mermaidText"));
        auto* error = dialog->findChild<QLabel*>(QStringLiteral("mermaidError"));
        auto* render = dialog->findChild<QPushButton*>(QStringLiteral("mermaidRender"));
        QVERIFY(editor && error && render);
        QVERIFY(render->isEnabled());  // the example chart parses
        editor->clear();
        type(editor, QStringLiteral("graph LR\nA[Inputs] --> B{Enough data?\nB -->|yes| C((Train))"));
        QVERIFY2(error->text().startsWith(QStringLiteral("Line 2, column")), qPrintable(error->text()));
        QVERIFY(error->text().contains(QStringLiteral("expected '}'")));
        QVERIFY(!render->isEnabled());
        QCOMPARE(editor->extraSelections().size(), 1);
        QCOMPARE(editor->extraSelections().first().cursor.blockNumber(), 1);
        // Fix line 2 and add a plain line.
        QTextCursor cursor(editor->document()->findBlockByNumber(1));
        cursor.movePosition(QTextCursor::EndOfBlock);
        editor->setTextCursor(cursor);
        QTest::keyClicks(editor, QStringLiteral("}"));
        editor->moveCursor(QTextCursor::End);
        type(editor, QStringLiteral("\nC --- D(Evaluate)"));
        QVERIFY2(render->isEnabled(), qPrintable(error->text()));
        QVERIFY(editor->extraSelections().isEmpty());
        render->click();
        QTRY_VERIFY(m.view->showingMermaid());
        const auto& g = m.view->conceptGraph();
        QCOMPARE(g.concepts.size(), std::size_t(4));
        QCOMPARE(g.find("B")->label, std::string("Enough data?"));
        QCOMPARE(g.find("B")->shape, layerlab::core::ConceptShape::Diamond);
        QVERIFY(!g.edges[2].directed);
        auto* back = m.view->findChild<QToolButton*>(QStringLiteral("conceptBack"));
        QVERIFY(back->isVisible());
        // Clicking a chart node explains it but selects nothing in the editor.
        QSignalSpy nodes(m.view.get(), &ConceptMapView::highlightNodes);
        m.click(QStringLiteral("C"));
        QCOMPARE(m.view->selectedConcept(), QStringLiteral("C"));
        QCOMPARE(nodes.count(), 0);
        m.shoot(QStringLiteral("mermaid_chart.png"));
        // Edits to the project do not replace the chart...
        QSignalSpy updated(m.view.get(), &ConceptMapView::mapUpdated);
        QVERIFY(m.doc.addNode(QStringLiteral("Dense")).ok());
        QVERIFY(!updated.wait(ConceptMapView::kRelayoutDelayMs * 3));
        QVERIFY(m.view->showingMermaid());
        // ...and Back shows the project map with them.
        back->click();
        QVERIFY(!m.view->showingMermaid());
        QVERIFY(!back->isVisible());
        QCOMPARE(m.view->conceptGraph().find("layer_Dense")->nodes.size(), std::size_t(3));
        // The dialog remembers the last chart.
        m.view->findChild<QToolButton*>(QStringLiteral("conceptMermaid"))->click();
        QTRY_VERIFY((dialog = m.view->findChild<MermaidDialog*>()) && dialog->isVisible());
        QVERIFY(dialog->text().contains(QStringLiteral("Evaluate")));
        dialog->reject();
    }

    // A chart Graphviz cannot lay out (a link to a concept that does not
    // exist) shows the message in the view; the project map comes back after.
    void graphvizFailureIsShownNotACrash() {
        Map m("xor");
        QVERIFY(m.view->errorText().isEmpty());
        layerlab::core::ConceptGraph broken = m.view->conceptGraph();
        broken.edges.push_back({broken.concepts.front().id, "nowhere", "", true, {}, 1});
        m.view->showMermaid(broken);
        QVERIFY2(m.view->errorText().startsWith(QStringLiteral("The concept map could not be drawn")),
                 qPrintable(m.view->errorText()));
        QVERIFY(m.view->errorText().contains(QStringLiteral("nowhere")));
        auto* label = m.view->findChild<QLabel*>(QStringLiteral("conceptError"));
        QVERIFY(label && label->isVisible());
        m.view->showProjectMap();
        QVERIFY(m.view->errorText().isEmpty());
        QVERIFY(!label->isVisible());
        QVERIFY(!m.view->conceptSceneRect(QStringLiteral("optimizer")).isNull());
    }

    void mermaidFileOpens() {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("chart.mmd")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("flowchart TB\n  X[From a file] ==> Y\n");
        f.close();
        MermaidDialog dialog(QString{});
        QVERIFY(dialog.openFile(f.fileName()));
        QVERIFY(dialog.errorText().isEmpty());
        QCOMPARE(dialog.graph().concepts.size(), std::size_t(2));
        QString error;
        QVERIFY(!dialog.openFile(dir.filePath(QStringLiteral("missing.mmd")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.mmd")));
    }
};

QTEST_MAIN(TestConceptView)
#include "test_concept_view.moc"
