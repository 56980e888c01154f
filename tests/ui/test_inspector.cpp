// Property inspector: shows the model summary, "N layers selected" or one
// layer's form generated from its registry specs, driven through the real
// widgets: typing into a field applies valid values as one undo step per
// field, invalid values are flagged and never reach the document, renames
// that the document refuses are explained and reverted, and the panel
// follows undo, removal and reset without pushing edits of its own.
// Also writes a screenshot of a Conv2D node's form.
#include "core/layers/layer_registry.h"
#include "core/net/network.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/ParamEditor.h"
#include "ui/editor/PropertyInspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTest>
#include <QUndoStack>

using layerlab::core::NodeId;
using layerlab::core::ParamMap;
using layerlab::ui::GraphDocument;
using layerlab::ui::GraphScene;
using layerlab::ui::GraphView;
using layerlab::ui::ParamEditor;
using layerlab::ui::PropertyInspector;

namespace {

NodeId add(GraphDocument& doc, const char* type, ParamMap params, QPointF pos) {
    auto r = doc.addNode(QString::fromLatin1(type), params, pos);
    if (!r) qFatal("addNode(%s): %s", type, r.error().message.c_str());
    return *r;
}

// The effective value of a parameter (defaults filled in) as text.
QString param(const GraphDocument& doc, NodeId id, const char* key) {
    const auto* node = doc.graph().node(id);
    const auto& reg = doc.graph().registry();
    const auto params = reg.withDefaults(*reg.find(node->type), node->params);
    return QString::fromStdString(layerlab::core::paramToString(params.at(key)));
}

// A window with the canvas and the inspector side by side, wired as the
// main window does: the scene's selection drives the inspector.
struct Editor {
    GraphDocument doc;
    GraphScene scene{&doc};
    QWidget window;
    GraphView* view = new GraphView(&scene);
    PropertyInspector* inspector = new PropertyInspector(&doc);
    Editor() {
        auto* layout = new QHBoxLayout(&window);
        layout->addWidget(view, 1);
        layout->addWidget(inspector);
        inspector->setFixedWidth(300);
        window.resize(1000, 600);
        QObject::connect(&scene, &QGraphicsScene::selectionChanged, inspector,
                         [this] { inspector->setNodes(scene.selectedNodeIds()); });
    }
    bool show() {
        window.show();
        QApplication::setActiveWindow(&window);
        return QTest::qWaitForWindowActive(&window);
    }
    void click(NodeId id) {
        const QPointF centre = scene.nodeItem(id)->sceneBoundingRect().center();
        view->centerOn(centre);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(centre));
    }
    template <class W>
    W* field(const QString& name) const {
        return inspector->findChild<W*>(name);
    }
    QLabel* label(const char* name) const { return inspector->findChild<QLabel*>(QLatin1String(name)); }
    // Replaces the text of a field by typing, as a user selecting all first.
    static void retype(QWidget* w, const QString& text) {
        w->setFocus();
        QTest::keyClick(w, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(w, text);
    }
};

}  // namespace

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void summaryAndSelectionPages() {
        Editor e;
        QVERIFY(e.show());
        QCOMPARE(e.inspector->objectName(), QStringLiteral("propertyInspector"));
        QVERIFY(e.label("inspectorHint")->text().contains(QStringLiteral("Select a layer")));
        const NodeId in = add(e.doc, "Input", {{"shape", std::string("4")}}, {0, 0});
        const NodeId dense = add(e.doc, "Dense", {{"units", std::int64_t{3}}}, {0, 150});
        QVERIFY(e.doc.connectNodes(in, dense));
        // 4*3 + 3 parameters, 1 layer; follows the document.
        QTRY_VERIFY(e.label("inspectorSummary")->text().contains(QStringLiteral("Parameters: 15")));
        QVERIFY(e.label("inspectorSummary")->text().contains(QStringLiteral("Layers: 1")));
        QCOMPARE(e.inspector->currentNode(), NodeId{0});

        e.scene.nodeItem(in)->setSelected(true);
        e.scene.nodeItem(dense)->setSelected(true);
        QVERIFY(e.label("inspectorSelection")->text().contains(QStringLiteral("2 layers selected")));
        QCOMPARE(e.inspector->currentNode(), NodeId{0});

        e.scene.clearSelection();
        e.click(dense);
        QCOMPARE(e.inspector->currentNode(), dense);
        QCOMPARE(e.field<QLineEdit>(QStringLiteral("inspectorName"))->text(), QStringLiteral("dense_1"));
        QVERIFY(e.label("inspectorType")->text().contains(QStringLiteral("Dense")));
        QCOMPARE(e.label("inspectorShape")->text(), QStringLiteral("3"));
        QCOMPARE(e.label("inspectorParamCount")->text(), QStringLiteral("15"));
        QVERIFY(!e.label("inspectorShapeError")->isVisible());
    }

    void typingIsOneUndoStep() {
        Editor e;
        QVERIFY(e.show());
        const NodeId dense = add(e.doc, "Dense", {}, {0, 0});
        e.click(dense);
        QCOMPARE(e.inspector->currentNode(), dense);
        auto* units = e.field<QSpinBox>(QStringLiteral("param_units"));
        QVERIFY(units);
        QCOMPARE(units->value(), 16);
        const QString before = e.doc.serialize();
        const int steps = e.doc.undoStack()->count();

        Editor::retype(units, QStringLiteral("128"));
        QCOMPARE(param(e.doc, dense, "units"), QStringLiteral("128"));  // applied as typed
        QCOMPARE(e.doc.undoStack()->count(), steps + 1);                // 1, 12, 128: one step
        QCOMPARE(units->text(), QStringLiteral("128"));
        QTest::keyClick(units, Qt::Key_Return);  // ends the edit session

        // A new edit of the same field after Enter is a new step.
        Editor::retype(units, QStringLiteral("64"));
        QCOMPARE(param(e.doc, dense, "units"), QStringLiteral("64"));
        QCOMPARE(e.doc.undoStack()->count(), steps + 2);
        // Focus out also ends it: Tab to the next field.
        QTest::keyClick(units, Qt::Key_Tab);
        QVERIFY(!units->hasFocus());

        // Undo while shown updates the field, and refreshing pushes nothing.
        e.doc.undoStack()->undo();
        QCOMPARE(units->value(), 128);
        e.doc.undoStack()->undo();
        QCOMPARE(units->value(), 16);
        QCOMPARE(e.doc.serialize(), before);
        QCOMPARE(e.doc.undoStack()->count(), steps + 2);
        QCOMPARE(e.doc.undoStack()->index(), steps);
        e.doc.undoStack()->redo();
        QCOMPARE(units->value(), 128);
    }

    void outOfRangeIsFlaggedNotApplied() {
        Editor e;
        QVERIFY(e.show());
        const NodeId drop = add(e.doc, "Dropout", {}, {0, 0});
        e.inspector->setNodes({drop});
        auto* rate = e.field<QLineEdit>(QStringLiteral("param_rate"));
        ParamEditor* editor = e.inspector->paramEditor(QStringLiteral("rate"));
        QVERIFY(rate && editor);
        QCOMPARE(rate->text(), QStringLiteral("0.5"));
        const QString before = e.doc.serialize();
        const int steps = e.doc.undoStack()->count();

        Editor::retype(rate, QStringLiteral("1.5"));
        QVERIFY(editor->hasError());
        QVERIFY2(editor->error().contains(QStringLiteral("0.95")), qPrintable(editor->error()));
        QVERIFY(e.inspector->findChild<QLabel*>(QStringLiteral("paramError_rate"))->isVisible());
        QVERIFY(rate->property("invalid").toBool());
        QCOMPARE(e.doc.serialize(), before);
        QCOMPARE(e.doc.undoStack()->count(), steps);

        // Not a number: the validator lets only number-like text in; "-" alone is flagged.
        Editor::retype(rate, QStringLiteral("-"));
        QVERIFY(editor->error().contains(QStringLiteral("number")));
        Editor::retype(rate, QStringLiteral("abc"));
        QVERIFY(!rate->text().contains(QLatin1Char('a')));
        QCOMPARE(e.doc.serialize(), before);

        // A valid value clears the flag and is applied.
        Editor::retype(rate, QStringLiteral("0.25"));
        QVERIFY(!editor->hasError());
        QVERIFY(!rate->property("invalid").toBool());
        QCOMPARE(param(e.doc, drop, "rate"), QStringLiteral("0.25"));
        QCOMPARE(e.doc.undoStack()->count(), steps + 1);
    }

    void choiceBoolAndShapeEditors() {
        Editor e;
        QVERIFY(e.show());
        const NodeId in = add(e.doc, "Input", {{"shape", std::string("1x28x28")}}, {0, 0});
        const NodeId conv = add(e.doc, "Conv2D", {}, {0, 150});
        QVERIFY(e.doc.connectNodes(in, conv));
        e.click(conv);
        QCOMPARE(e.label("inspectorShape")->text(), QStringLiteral("32x26x26"));
        QCOMPARE(e.label("inspectorParamCount")->text(), QStringLiteral("320"));

        // Choice via the combo box, from the keyboard.
        auto* padding = e.field<QComboBox>(QStringLiteral("param_padding"));
        QCOMPARE(padding->currentText(), QStringLiteral("valid"));
        const int steps = e.doc.undoStack()->count();
        padding->setFocus();
        QTest::keyClick(padding, Qt::Key_Down);
        QCOMPARE(padding->currentText(), QStringLiteral("same"));
        QCOMPARE(param(e.doc, conv, "padding"), QStringLiteral("same"));
        QCOMPARE(e.doc.undoStack()->count(), steps + 1);
        QCOMPARE(e.label("inspectorShape")->text(), QStringLiteral("32x28x28"));
        e.doc.undoStack()->undo();
        QCOMPARE(padding->currentText(), QStringLiteral("valid"));
        QCOMPARE(e.label("inspectorShape")->text(), QStringLiteral("32x26x26"));

        // Bool via the check box.
        auto* bias = e.field<QCheckBox>(QStringLiteral("param_use_bias"));
        QVERIFY(bias->isChecked());
        QTest::mouseClick(bias, Qt::LeftButton, {}, QPoint(8, bias->height() / 2));
        QCOMPARE(param(e.doc, conv, "use_bias"), QStringLiteral("false"));
        QCOMPARE(e.label("inspectorParamCount")->text(), QStringLiteral("288"));

        // Shape as "1, 28, 28"; two numbers are not a shape.
        e.scene.clearSelection();
        e.click(in);
        QCOMPARE(e.inspector->currentNode(), in);
        auto* shape = e.field<QLineEdit>(QStringLiteral("param_shape"));
        QCOMPARE(shape->text(), QStringLiteral("1, 28, 28"));
        Editor::retype(shape, QStringLiteral("3, 32, 32"));
        QCOMPARE(param(e.doc, in, "shape"), QStringLiteral("3x32x32"));
        const QString before = e.doc.serialize();
        Editor::retype(shape, QStringLiteral("0, 32"));
        ParamEditor* editor = e.inspector->paramEditor(QStringLiteral("shape"));
        QVERIFY(editor->hasError());
        QVERIFY2(editor->error().contains(QStringLiteral("keeps 3, 32, 32")), qPrintable(editor->error()));
        QCOMPARE(e.doc.serialize(), before);
    }

    void shapeErrorShownInRed() {
        Editor e;
        QVERIFY(e.show());
        const NodeId in = add(e.doc, "Input", {{"shape", std::string("1x28x28")}}, {0, 0});
        const NodeId conv = add(e.doc, "Conv2D", {}, {0, 150});
        QVERIFY(e.doc.connectNodes(in, conv));
        QVERIFY(e.doc.setParam(in, QStringLiteral("shape"), std::string("784")));  // breaks the connection's shapes
        e.inspector->setNodes({conv});
        QLabel* error = e.label("inspectorShapeError");
        QVERIFY(error->isVisible());
        QVERIFY(!error->text().isEmpty());
        QCOMPARE(error->text(), QString::fromStdString(e.doc.shapes().diagnosticFor(conv)->message));
        QCOMPARE(e.label("inspectorShape")->text(), QStringLiteral("unknown"));
        // Fixing the input clears it.
        QVERIFY(e.doc.setParam(in, QStringLiteral("shape"), std::string("1x28x28")));
        QVERIFY(!error->isVisible());
    }

    void renameRefusedIsExplainedAndReverted() {
        Editor e;
        QVERIFY(e.show());
        const NodeId a = add(e.doc, "Dense", {}, {0, 0});
        add(e.doc, "Dense", {}, {0, 150});
        e.click(a);
        auto* name = e.field<QLineEdit>(QStringLiteral("inspectorName"));
        QCOMPARE(name->text(), QStringLiteral("dense_1"));
        const QString before = e.doc.serialize();
        const int steps = e.doc.undoStack()->count();

        Editor::retype(name, QStringLiteral("dense_2"));
        QTest::keyClick(name, Qt::Key_Return);
        QLabel* error = e.label("inspectorNameError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("already exists")), qPrintable(error->text()));
        QCOMPARE(name->text(), QStringLiteral("dense_1"));
        QCOMPARE(e.doc.serialize(), before);
        QCOMPARE(e.doc.undoStack()->count(), steps);
        // Focus out after the refusal keeps the message.
        QTest::keyClick(name, Qt::Key_Tab);
        QVERIFY(error->isVisible());

        // Empty name: refused too.
        Editor::retype(name, QString());
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(error->isVisible());
        QCOMPARE(name->text(), QStringLiteral("dense_1"));

        // A free name is applied (one step), and the message goes away.
        Editor::retype(name, QStringLiteral("hidden"));
        QVERIFY(!error->isVisible());
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(QString::fromStdString(e.doc.graph().node(a)->name), QStringLiteral("hidden"));
        QCOMPARE(e.doc.undoStack()->count(), steps + 1);
        e.doc.undoStack()->undo();
        QCOMPARE(name->text(), QStringLiteral("dense_1"));
    }

    void pendingNameIsAppliedWhenSelectionMoves() {
        Editor e;
        QVERIFY(e.show());
        const NodeId a = add(e.doc, "Dense", {}, {0, 0});
        const NodeId b = add(e.doc, "ReLU", {}, {0, 150});
        e.click(a);
        Editor::retype(e.field<QLineEdit>(QStringLiteral("inspectorName")), QStringLiteral("features"));
        e.click(b);  // the click on the canvas ends the edit of a's name
        QCOMPARE(e.inspector->currentNode(), b);
        QCOMPARE(QString::fromStdString(e.doc.graph().node(a)->name), QStringLiteral("features"));
        QCOMPARE(QString::fromStdString(e.doc.graph().node(b)->name), QStringLiteral("relu_1"));
        QCOMPARE(e.field<QLineEdit>(QStringLiteral("inspectorName"))->text(), QStringLiteral("relu_1"));
        QVERIFY(e.field<QLineEdit>(QStringLiteral("param_units")) == nullptr);
        QVERIFY(e.inspector->paramEditor(QStringLiteral("units")) == nullptr);
    }

    void removalAndResetClear() {
        Editor e;
        QVERIFY(e.show());
        const NodeId dense = add(e.doc, "Dense", {}, {0, 0});
        e.click(dense);
        QCOMPARE(e.inspector->currentNode(), dense);
        QVERIFY(e.doc.removeNodes({dense}));
        QCOMPARE(e.inspector->currentNode(), NodeId{0});
        QTRY_VERIFY(e.field<QLineEdit>(QStringLiteral("inspectorName")) == nullptr);
        QVERIFY(e.label("inspectorHint")->isVisible());

        e.doc.undoStack()->undo();
        e.inspector->setNodes({dense});
        QCOMPARE(e.inspector->currentNode(), dense);
        e.doc.newDocument();
        QCOMPARE(e.inspector->currentNode(), NodeId{0});
        QVERIFY(e.label("inspectorHint"));
        // Unknown ids are dropped.
        e.inspector->setNodes({dense});
        QCOMPARE(e.inspector->currentNode(), NodeId{0});
    }

    // The bias initializer comes from the Dense spec like the weight initializer:
    // a choice and a value field (used by "constant"), each one undo step, in the
    // file, and the network's biases start at the value.
    void biasInitializerFields() {
        Editor e;
        QVERIFY(e.show());
        const NodeId in = add(e.doc, "Input", {}, {0, 0});
        const NodeId dense = add(e.doc, "Dense", {{"units", std::int64_t{3}}}, {0, 150});
        QVERIFY(e.doc.connectNodes(in, dense));
        e.click(dense);
        auto* choice = e.field<QComboBox>(QStringLiteral("param_bias_init"));
        auto* value = e.field<QLineEdit>(QStringLiteral("param_bias_value"));
        QVERIFY(choice && value);
        QCOMPARE(choice->currentText(), QStringLiteral("zeros"));
        const int steps = e.doc.undoStack()->count();
        choice->setFocus();
        QTest::keyClick(choice, Qt::Key_Down);
        QCOMPARE(param(e.doc, dense, "bias_init"), QStringLiteral("constant"));
        Editor::retype(value, QStringLiteral("0.5"));
        QTest::keyClick(value, Qt::Key_Return);
        QCOMPARE(param(e.doc, dense, "bias_value"), QStringLiteral("0.5"));
        QCOMPARE(e.doc.undoStack()->count(), steps + 2);
        QVERIFY(e.doc.serialize().contains(QStringLiteral("\"bias_init\": \"constant\"")));
        auto net = layerlab::core::compileNetwork(e.doc.graph(), e.doc.project().training.loss);
        QVERIFY(net.ok());
        net->initialize(1);
        const auto p = net->params();
        QCOMPARE(p.size(), std::size_t{2 * 3 + 3});
        for (std::size_t i = 6; i < p.size(); ++i) QCOMPARE(p[i], 0.5f);
    }

    void screenshot() {
        Editor e;
        QVERIFY(e.show());
        const NodeId in = add(e.doc, "Input", {{"shape", std::string("1x28x28")}}, {0, 0});
        const NodeId conv = add(e.doc, "Conv2D", {}, {0, 150});
        QVERIFY(e.doc.connectNodes(in, conv));
        e.click(conv);
        e.window.resize(1000, 720);
        QApplication::processEvents();  // lay the new page out before grabbing
        const QString path = QDir::current().absoluteFilePath(QStringLiteral("inspector_conv2d.png"));
        QVERIFY(e.inspector->grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
        // An out-of-range value being typed.
        Editor::retype(e.field<QLineEdit>(QStringLiteral("param_init_value")), QStringLiteral("12"));
        const QString invalid = QDir::current().absoluteFilePath(QStringLiteral("inspector_invalid.png"));
        QVERIFY(e.inspector->grab().save(invalid));
        qInfo("screenshot: %s", qPrintable(invalid));
        e.scene.clearSelection();
        QApplication::processEvents();
        const QString summary = QDir::current().absoluteFilePath(QStringLiteral("inspector_summary.png"));
        QVERIFY(e.inspector->grab().save(summary));
        qInfo("screenshot: %s", qPrintable(summary));
    }
};

QTEST_MAIN(TestInspector)
#include "test_inspector.moc"
