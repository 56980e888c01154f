// Layer palette: generated from the registry (every type once, under its
// category, with an icon and an explanatory tooltip), filtered by the field
// on top, double-click / Enter ask to add a layer, items drag kMimeType data.
// Dropping that data on a real GraphView adds the layer centred at the drop
// point as one undo step; other data is ignored. Also writes a screenshot.
#include "core/layers/layer_registry.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerBlocks.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using layerlab::core::LayerRegistry;
using layerlab::ui::GraphDocument;
using layerlab::ui::GraphScene;
using layerlab::ui::GraphView;
using layerlab::ui::LayerPalette;

namespace {

QString str(const std::string& s) { return QString::fromStdString(s); }

// Every layer item (children of the category headers).
QList<QTreeWidgetItem*> layerItems(const QTreeWidget* tree) {
    QList<QTreeWidgetItem*> items;
    for (int c = 0; c < tree->topLevelItemCount(); ++c)
        for (int i = 0; i < tree->topLevelItem(c)->childCount(); ++i) items << tree->topLevelItem(c)->child(i);
    return items;
}

QStringList shownTypes(const QTreeWidget* tree) {
    QStringList types;
    for (QTreeWidgetItem* item : layerItems(tree))
        if (!item->isHidden() && !item->parent()->isHidden())
            types << item->data(0, LayerPalette::kTypeRole).toString();
    return types;
}

// What a window system delivers for a double-click: press, release, double-click,
// release (QTest::mouseDClick alone sends only the double-click event).
void doubleClick(QWidget* w, QPoint pos) {
    QTest::mouseClick(w, Qt::LeftButton, {}, pos);
    QTest::mouseDClick(w, Qt::LeftButton, {}, pos);
    QTest::mouseRelease(w, Qt::LeftButton, {}, pos);
}

// A document, its scene and a shown view.
struct Canvas {
    GraphDocument doc;
    GraphScene scene{&doc};
    GraphView view{&scene};
    Canvas() { view.resize(900, 600); }
};

// Sends DragEnter and DragMove of data at pos to the view's viewport, then
// the Drop, as the platform does during a real drag (it drops only where
// the last move was accepted, but the drop is sent regardless here).
// Returns whether the view accepted the move, i.e. shows "drop allowed".
bool dropAt(GraphView& view, const QMimeData* data, QPoint pos) {
    QWidget* vp = view.viewport();
    QDragEnterEvent enter(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    const bool allowed = move.isAccepted() && move.dropAction() == Qt::CopyAction;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &drop);
    return allowed;
}

}  // namespace

class TestPalette : public QObject {
    Q_OBJECT

private slots:
    void everyTypeOnceUnderItsCategory() {
        LayerPalette palette;
        QCOMPARE(palette.objectName(), QStringLiteral("layerPalette"));
        auto* tree = palette.findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        QVERIFY(tree);
        QVERIFY(palette.findChild<QLineEdit*>(QStringLiteral("paletteFilter")));
        const auto& all = LayerRegistry::builtin().all();
        const auto& blocks = layerlab::ui::layerBlocks();
        QCOMPARE(layerItems(tree).size(), int(all.size() + blocks.size()));
        for (const auto& info : all) {
            int found = 0;
            for (QTreeWidgetItem* item : layerItems(tree)) {
                if (item->data(0, LayerPalette::kTypeRole).toString() != str(info.type)) continue;
                ++found;
                QCOMPARE(item->parent()->text(0), str(info.category));
                QVERIFY(item->parent()->isExpanded());
                QCOMPARE(item->text(0), str(info.displayName));
                QVERIFY(!item->icon(0).isNull());
                QVERIFY2(item->toolTip(0).contains(str(info.description).toHtmlEscaped()), qPrintable(item->toolTip(0)));
                for (const auto& spec : info.params) QVERIFY(item->toolTip(0).contains(str(spec.label)));
            }
            QVERIFY2(found == 1, info.type.c_str());
        }
        // One header per category, none empty, and the Blocks after the first.
        QSet<QString> categories;
        for (const auto& info : all) categories.insert(str(info.category));
        QCOMPARE(tree->topLevelItemCount(), int(categories.size()) + 1);
        QTreeWidgetItem* blockHeader = tree->topLevelItem(1);
        QCOMPARE(blockHeader->text(0), layerlab::ui::blocksCategory());
        QCOMPARE(blockHeader->childCount(), int(blocks.size()));
        for (int i = 0; i < blockHeader->childCount(); ++i) {
            QCOMPARE(blockHeader->child(i)->data(0, LayerPalette::kTypeRole).toString(), blocks[i].key);
            QCOMPARE(blockHeader->child(i)->text(0), blocks[i].name);
            QVERIFY(!blockHeader->child(i)->icon(0).isNull());
            QVERIFY(blockHeader->child(i)->flags() & Qt::ItemIsDragEnabled);
        }
    }

    void filterHidesAndShows() {
        LayerPalette palette;
        palette.show();
        auto* filter = palette.findChild<QLineEdit*>(QStringLiteral("paletteFilter"));
        auto* tree = palette.findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        const int total = int(LayerRegistry::builtin().all().size() + layerlab::ui::layerBlocks().size());
        QCOMPARE(shownTypes(tree).size(), total);
        QTest::keyClicks(filter, QStringLiteral("pool"));
        QCOMPARE(shownTypes(tree), (QStringList{QStringLiteral("MaxPool2D"), QStringLiteral("AvgPool2D")}));
        QVERIFY(palette.itemForType(QStringLiteral("Dense"))->isHidden());
        // Case-insensitive, and a category name shows all of its layers.
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("ACTIVATION"));
        QVERIFY(shownTypes(tree).contains(QStringLiteral("ReLU")));
        QVERIFY(shownTypes(tree).contains(QStringLiteral("Softmax")));
        QVERIFY(!shownTypes(tree).contains(QStringLiteral("Dense")));
        // Nothing matches: everything hidden and said so.
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("zzz"));
        QVERIFY(shownTypes(tree).isEmpty());
        bool saidSo = false;
        for (QLabel* label : palette.findChildren<QLabel*>())
            saidSo |= label->isVisible() && label->text().contains(QStringLiteral("zzz"));
        QVERIFY(saidSo);
        // Clearing shows everything again.
        filter->clear();
        QCOMPARE(shownTypes(tree).size(), total);
    }

    void doubleClickAndEnterAskToAdd() {
        LayerPalette palette;
        palette.resize(260, 600);
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        auto* tree = palette.findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        QSignalSpy spy(&palette, &LayerPalette::addRequested);

        QTreeWidgetItem* conv = palette.itemForType(QStringLiteral("Conv2D"));
        tree->scrollToItem(conv);
        doubleClick(tree->viewport(), tree->visualItemRect(conv).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("Conv2D"));

        // A category header is not a layer: nothing.
        QTreeWidgetItem* header = conv->parent();
        doubleClick(tree->viewport(), tree->visualItemRect(header).center());
        QCOMPARE(spy.count(), 1);

        // Enter on the current item.
        QTreeWidgetItem* relu = palette.itemForType(QStringLiteral("ReLU"));
        tree->setCurrentItem(relu);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toString(), QStringLiteral("ReLU"));

        // Enter in the filter field adds the first layer still shown.
        auto* filter = palette.findChild<QLineEdit*>(QStringLiteral("paletteFilter"));
        QTest::keyClicks(filter, QStringLiteral("drop"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toString(), QStringLiteral("Dropout"));
        // A type typed in full is that layer, not the first block containing it.
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("relu"));
        QVERIFY(shownTypes(tree).contains(QStringLiteral("Dense+ReLU")));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.at(3).at(0).toString(), QStringLiteral("ReLU"));
        // A block by double-click.
        filter->clear();
        QTreeWidgetItem* block = palette.itemForType(QStringLiteral("Dense+Sigmoid"));
        tree->scrollToItem(block);
        doubleClick(tree->viewport(), tree->visualItemRect(block).center());
        QCOMPARE(spy.count(), 5);
        QCOMPARE(spy.at(4).at(0).toString(), QStringLiteral("Dense+Sigmoid"));
    }

    void itemMimeDataCarriesType() {
        LayerPalette palette;
        auto* tree = palette.findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        QTreeWidgetItem* dense = palette.itemForType(QStringLiteral("Dense"));
        QVERIFY(dense->flags() & Qt::ItemIsDragEnabled);
        QVERIFY(!(dense->parent()->flags() & Qt::ItemIsDragEnabled));
        // What the tree's drag puts on the QDrag (the model asks the widget).
        const QModelIndex index = tree->model()->index(dense->parent()->indexOfChild(dense),
                                                       0, tree->model()->index(tree->indexOfTopLevelItem(dense->parent()), 0));
        QCOMPARE(index.data(LayerPalette::kTypeRole).toString(), QStringLiteral("Dense"));
        std::unique_ptr<QMimeData> data(tree->model()->mimeData({index}));
        QVERIFY(data);
        QVERIFY(data->hasFormat(QString::fromLatin1(LayerPalette::kMimeType)));
        QCOMPARE(QString::fromUtf8(data->data(QString::fromLatin1(LayerPalette::kMimeType))), QStringLiteral("Dense"));
        QCOMPARE(LayerPalette::typeFromMimeData(data.get()), QStringLiteral("Dense"));
        QCOMPARE(tree->model()->mimeTypes(), QStringList{QString::fromLatin1(LayerPalette::kMimeType)});
    }

    void dropOnCanvasAddsCentredLayer() {
        Canvas c;
        c.view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.view));
        QVERIFY(c.view.viewport()->acceptDrops());
        // The payload the palette's drag carries.
        LayerPalette palette;
        auto* tree = palette.findChild<QTreeWidget*>(QStringLiteral("paletteTree"));
        QTreeWidgetItem* item = palette.itemForType(QStringLiteral("Dense"));
        const QModelIndex index = tree->model()->index(item->parent()->indexOfChild(item), 0,
                                                       tree->model()->index(tree->indexOfTopLevelItem(item->parent()), 0));
        std::unique_ptr<QMimeData> data(tree->model()->mimeData({index}));

        const QString before = c.doc.serialize();
        const int steps = c.doc.undoStack()->count();
        const QPoint pos(420, 260);
        const QPointF target = c.view.mapToScene(pos);  // the canvas point under the cursor at the drop
        QVERIFY(dropAt(c.view, data.get(), pos));
        QCOMPARE(int(c.doc.graph().nodes().size()), 1);
        const layerlab::core::Node& node = c.doc.graph().nodes().front();
        QCOMPARE(node.type, std::string("Dense"));
        QCOMPARE(c.doc.undoStack()->count(), steps + 1);
        QCOMPARE(c.doc.undoStack()->undoText(), QStringLiteral("Add Dense"));
        const QPointF centre = c.scene.nodeItem(node.id)->sceneBoundingRect().center();
        QVERIFY2((centre - target).manhattanLength() < 3,
                 qPrintable(QStringLiteral("centre %1,%2 target %3,%4").arg(centre.x()).arg(centre.y()).arg(target.x()).arg(target.y())));
        QCOMPARE(c.scene.selectedNodeIds(), QList<layerlab::core::NodeId>{node.id});
        // ...and on screen it sits under the cursor: the view does not jump
        // when the scene grows around the first layer.
        QCoreApplication::processEvents();
        const QPoint onScreen = c.view.mapFromScene(centre);
        QVERIFY2((onScreen - pos).manhattanLength() < 4,
                 qPrintable(QStringLiteral("on screen %1,%2, dropped at %3,%4").arg(onScreen.x()).arg(onScreen.y()).arg(pos.x()).arg(pos.y())));

        c.doc.undoStack()->undo();
        QVERIFY(c.doc.graph().nodes().empty());
        QCOMPARE(c.scene.nodeItemCount(), 0);
        QCOMPARE(c.doc.serialize(), before);
    }

    void otherDropsAreIgnored() {
        Canvas c;
        c.view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&c.view));
        const int steps = c.doc.undoStack()->count();

        QMimeData text;
        text.setText(QStringLiteral("Dense"));
        QVERIFY(!dropAt(c.view, &text, QPoint(300, 200)));

        // Our MIME type with a type the registry does not know: refused too.
        std::unique_ptr<QMimeData> bogus(LayerPalette::createMimeData(QStringLiteral("NoSuchLayer")));
        QVERIFY(!dropAt(c.view, bogus.get(), QPoint(300, 200)));

        QVERIFY(c.doc.graph().nodes().empty());
        QCOMPARE(c.scene.nodeItemCount(), 0);
        QCOMPARE(c.doc.undoStack()->count(), steps);
    }

    void screenshot() {
        LayerPalette palette;
        palette.resize(250, 520);
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        const QString path = QDir::current().absoluteFilePath(QStringLiteral("palette.png"));
        QVERIFY(palette.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
        palette.setFilterText(QStringLiteral("conv"));
        const QString filtered = QDir::current().absoluteFilePath(QStringLiteral("palette_filtered.png"));
        QVERIFY(palette.grab().save(filtered));
        qInfo("screenshot: %s", qPrintable(filtered));
    }
};

QTEST_MAIN(TestPalette)
#include "test_palette.moc"
