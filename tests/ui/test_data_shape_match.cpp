// ShapeMatch: proposes the Input shape and the output layer's units that fit
// a data set (images, flat inputs, binary sigmoid, regression, empty graphs),
// applies them as ONE undo step, and asks first in a message box.
#include "ui/data/ShapeMatch.h"
#include "ui/editor/GraphDocument.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using layerlab::core::NodeId;
using layerlab::core::ParamMap;
using layerlab::ui::GraphDocument;

namespace {

NodeId add(GraphDocument& doc, const char* type, ParamMap params = {}) {
    auto r = doc.addNode(QString::fromLatin1(type), params, {});
    if (!r) qFatal("addNode(%s): %s", type, r.error().message.c_str());
    return *r;
}

// input(4) -> dense(8) -> relu -> dense(3) -> softmax
struct Mlp {
    NodeId in, d1, relu, d2, soft;
    explicit Mlp(GraphDocument& doc, const char* shape = "4", std::int64_t outUnits = 3) {
        in = add(doc, "Input", {{"shape", std::string(shape)}});
        d1 = add(doc, "Dense", {{"units", std::int64_t{8}}});
        relu = add(doc, "ReLU");
        d2 = add(doc, "Dense", {{"units", outUnits}});
        soft = add(doc, "Softmax");
        for (auto [a, b] : {std::pair{in, d1}, {d1, relu}, {relu, d2}, {d2, soft}})
            if (!doc.connectNodes(a, b)) qFatal("connect");
    }
};

layerlab::core::Dataset digits() {
    layerlab::core::Dataset d;
    d.name = "digits";
    d.inputShape = layerlab::core::Shape{1, 28, 28};
    d.classNames = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    return d;
}

}  // namespace

class ShapeMatchTest : public QObject {
    Q_OBJECT

private slots:
    void proposalAndOneUndoStep() {
        GraphDocument doc;
        Mlp net(doc, "4", 3);
        const layerlab::core::Dataset images = digits();
        const auto p = layerlab::ui::proposeShapeMatch(doc.graph(), doc.project().training.loss, images);
        QCOMPARE(p.changes.size(), std::size_t{2});
        QCOMPARE(p.changes[0].node, net.in);
        QCOMPARE(std::get<std::string>(p.changes[0].to), std::string("1x28x28"));
        QCOMPARE(p.changes[1].node, net.d2);  // walked back past the Softmax
        QCOMPARE(std::get<std::int64_t>(p.changes[1].to), std::int64_t{10});
        QVERIFY(p.changes[1].description.contains("units 3 → 10"));

        const QString before = doc.serialize();
        const int steps = doc.undoStack()->count();
        QVERIFY(layerlab::ui::applyShapeMatch(&doc, p));
        QCOMPARE(doc.undoStack()->count(), steps + 1);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Match network to data"));
        QVERIFY(doc.shapes().ok());
        QVERIFY(layerlab::ui::proposeShapeMatch(doc.graph(), doc.project().training.loss, images).empty());
        doc.undoStack()->undo();
        QCOMPARE(doc.serialize(), before);

        // A flat Input of the same size fits an image set (an MLP flattens anyway).
        GraphDocument flat;
        Mlp mlp(flat, "784", 10);
        QVERIFY(layerlab::ui::proposeShapeMatch(flat.graph(), flat.project().training.loss, images).empty());

        // Two classes and one sigmoid output with binary cross-entropy fit; with softmax CE they need 2 units.
        layerlab::core::Dataset two;
        two.inputShape = layerlab::core::Shape{784};
        two.classNames = {"no", "yes"};
        GraphDocument bin;
        Mlp b(bin, "784", 1);
        QCOMPARE(layerlab::ui::proposeShapeMatch(bin.graph(), layerlab::core::LossKind::BinaryCrossEntropyLogits, two)
                     .changes.size(),
                 std::size_t{0});
        QCOMPARE(layerlab::ui::proposeShapeMatch(bin.graph(), layerlab::core::LossKind::SoftmaxCrossEntropy, two)
                     .changes.size(),
                 std::size_t{1});

        // Regression: targetDim units.
        layerlab::core::Dataset reg;
        reg.inputShape = layerlab::core::Shape{784};
        reg.task = layerlab::core::TaskKind::Regression;
        reg.targetDim = 2;
        const auto r = layerlab::ui::proposeShapeMatch(bin.graph(), layerlab::core::LossKind::MeanSquaredError, reg);
        QCOMPARE(r.changes.size(), std::size_t{1});
        QCOMPARE(std::get<std::int64_t>(r.changes[0].to), std::int64_t{2});

        // An empty graph: nothing to propose, no crash.
        GraphDocument empty;
        QVERIFY(layerlab::ui::proposeShapeMatch(empty.graph(), empty.project().training.loss, images).empty());
    }

    void asksFirst() {
        GraphDocument doc;
        Mlp net(doc, "4", 3);
        const layerlab::core::Dataset images = digits();
        auto answer = [this](QMessageBox::StandardButton button, QString* text) {
            QTimer::singleShot(0, this, [button, text] {
                auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                if (!box) return;
                *text = box->informativeText();
                QTest::mouseClick(box->button(button), Qt::LeftButton);
            });
        };
        QString text;
        answer(QMessageBox::No, &text);
        QVERIFY(!layerlab::ui::offerShapeMatch(nullptr, &doc, images));
        QVERIFY2(text.contains("shape 4 → 1x28x28"), qPrintable(text));
        QCOMPARE(doc.undoStack()->count(), 9);  // 5 adds + 4 connects: nothing new

        answer(QMessageBox::Yes, &text);
        QVERIFY(layerlab::ui::offerShapeMatch(nullptr, &doc, images));
        QCOMPARE(doc.undoStack()->count(), 10);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("Match network to data"));
        // It fits now: no question at all.
        QVERIFY(!layerlab::ui::offerShapeMatch(nullptr, &doc, images));
    }
};

QTEST_MAIN(ShapeMatchTest)
#include "test_data_shape_match.moc"
