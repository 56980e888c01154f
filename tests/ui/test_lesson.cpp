// A whole lesson as a teacher gives it, in one window at 1280x800, through the
// real widgets and nothing prepared by hand: File > New; XOR from the
// synthetic-data dialog; a 2-2-1 network dragged from the palette and wired
// port to port; the loss chosen in the training form; Train; the decision
// boundary; the step-through forward, backward and update. Then the bundled
// worked example with its textbook numbers, then another project, after
// which nothing of the lesson is left on screen.
#include "ui/MainWindow.h"
#include "test_user_settings.h"

#include "ui/data/DataManager.h"
#include "ui/data/SyntheticDataDialog.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/GraphScene.h"
#include "ui/editor/GraphView.h"
#include "ui/editor/LayerPalette.h"
#include "ui/editor/NodeItem.h"
#include "ui/editor/PortItem.h"
#include "ui/editor/PropertyInspector.h"
#include "ui/teach/BackpropView.h"
#include "ui/training/InsightView.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <cmath>
#include <functional>
#include <memory>

using layerlab::core::NodeId;
using layerlab::ui::MainWindow;

namespace {

QString example(const char* name) {
    return QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/") + QLatin1String(name);
}

template <class T>
T* child(QObject* in, const char* name) {
    T* w = in->findChild<T*>(QString::fromLatin1(name));
    if (!w) qFatal("no widget %s", name);
    return w;
}

// Runs `act` on the next modal dialog as soon as it is up (the code under
// test blocks in exec()).
void onNextModal(std::function<void(QWidget*)> act) {
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal) return;
        timer->stop();
        timer->deleteLater();
        act(modal);
    });
    timer->start();
}

// The palette's drag payload for a key, dropped on the canvas at pos.
void dropFromPalette(MainWindow& w, const QString& key, QPoint pos) {
    auto* tree = child<QTreeWidget>(w.palette(), "paletteTree");
    QTreeWidgetItem* item = w.palette()->itemForType(key);
    if (!item) qFatal("no palette entry %s", qPrintable(key));
    const QModelIndex index = tree->model()->index(item->parent()->indexOfChild(item), 0,
                                                   tree->model()->index(tree->indexOfTopLevelItem(item->parent()), 0));
    std::unique_ptr<QMimeData> data(tree->model()->mimeData({index}));
    QWidget* vp = w.view()->viewport();
    QDragEnterEvent enter(pos, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &enter);
    QDragMoveEvent move(pos, Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &move);
    QDropEvent drop(QPointF(pos), Qt::CopyAction, data.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(vp, &drop);
}

// Press on from's output port, move, release on to's input port.
void wire(MainWindow& w, NodeId from, NodeId to) {
    auto* view = w.view();
    const QPoint a = view->mapFromScene(w.scene()->nodeItem(from)->outputPort()->sceneCentre());
    const QPoint b = view->mapFromScene(w.scene()->nodeItem(to)->inputPort(0)->sceneCentre());
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, a);
    for (int i = 1; i <= 6; ++i) QTest::mouseMove(view->viewport(), a + (b - a) * i / 6);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, b);
}

NodeId nodeNamed(const MainWindow& w, const char* name) {
    const auto* n = w.document()->graph().findByName(name);
    if (!n) qFatal("no node %s", name);
    return n->id;
}

// Selects the node with a click and types value into its parameter field.
void setParamInInspector(MainWindow& w, NodeId id, const char* param, const QString& value) {
    QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {},
                      w.view()->mapFromScene(w.scene()->nodeItem(id)->sceneBoundingRect().center()));
    QWidget* editor = w.inspector()->findChild<QWidget*>(QStringLiteral("param_%1").arg(QLatin1String(param)));
    if (!editor) qFatal("no inspector field %s", param);
    if (auto* spin = qobject_cast<QSpinBox*>(editor)) {
        spin->selectAll();
        QTest::keyClicks(spin, value);
        QTest::keyClick(spin, Qt::Key_Return);
    } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
        line->selectAll();
        QTest::keyClicks(line, value);
        QTest::keyClick(line, Qt::Key_Return);
    }
}

void raise(MainWindow& w, const char* dock) {
    auto* d = child<QDockWidget>(&w, dock);
    d->show();
    d->raise();
    QCoreApplication::processEvents();
}

}  // namespace

class LessonTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir autosave_;

private slots:
    void initTestCase() { layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabLessonTest")); }

    void wholeLesson() {
        QSettings().clear();
        MainWindow w(nullptr, autosave_.path());
        w.setErrorDialogsEnabled(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // ---- New, then XOR from the synthetic-data dialog ----
        w.action(QStringLiteral("actionNew"))->trigger();
        QVERIFY(w.document()->graph().nodes().empty());
        bool dialogSeen = false;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<layerlab::ui::SyntheticDataDialog*>(modal);
            if (!dialog) qFatal("expected the synthetic-data dialog, got %s", modal->metaObject()->className());
            dialogSeen = true;
            auto* generator = child<QComboBox>(dialog, "synthGenerator");
            const int xor_ = generator->findText(QStringLiteral("XOR"), Qt::MatchStartsWith);
            if (xor_ < 0) qFatal("no XOR generator");
            generator->setCurrentIndex(xor_);
            QTest::mouseClick(child<QPushButton>(dialog, "synthOk"), Qt::LeftButton);
        });
        w.action(QStringLiteral("actionNewSynthetic"))->trigger();
        QVERIFY(dialogSeen);
        QTRY_VERIFY_WITH_TIMEOUT(w.dataManager()->data() && w.dataManager()->data()->train, 10000);
        QCOMPARE(w.document()->project().data.kind, layerlab::core::DataKind::Synthetic);
        QCOMPARE(w.document()->project().data.synthetic.kind, layerlab::core::SyntheticKind::Xor);
        const int xorSamples = w.dataManager()->data()->train->count();
        QVERIFY(xorSamples > 0);

        // ---- 2-2-1 from the palette by drag and drop, wired port to port ----
        dropFromPalette(w, QStringLiteral("Input"), QPoint(640, 150));
        dropFromPalette(w, QStringLiteral("Dense+Tanh"), QPoint(640, 300));
        dropFromPalette(w, QStringLiteral("Dense+Sigmoid"), QPoint(900, 300));
        QCOMPARE(int(w.document()->graph().nodes().size()), 5);
        const NodeId input = w.document()->graph().nodes().front().id;
        QList<NodeId> dense;
        for (const auto& n : w.document()->graph().nodes())
            if (n.type == "Dense") dense << n.id;
        QCOMPARE(dense.size(), 2);
        NodeId tanh = 0;
        for (const auto& n : w.document()->graph().nodes())
            if (n.type == "Tanh") tanh = n.id;
        QVERIFY(tanh != 0);
        wire(w, input, dense[0]);
        wire(w, tanh, dense[1]);
        QCOMPARE(int(w.document()->graph().edges().size()), 4);
        setParamInInspector(w, dense[0], "units", QStringLiteral("2"));
        setParamInInspector(w, dense[1], "units", QStringLiteral("1"));
        QCOMPARE(w.document()->graph().node(dense[0])->params.at("units"), layerlab::core::ParamValue(2));
        QCOMPARE(w.document()->graph().node(dense[1])->params.at("units"), layerlab::core::ParamValue(1));
        QVERIFY2(w.document()->summary().error.isEmpty(), qPrintable(w.document()->summary().error));
        QCOMPARE(w.document()->summary().parameters, qint64(2 * 2 + 2 + 2 + 1));

        // ---- training settings in the form: binary cross-entropy, enough epochs ----
        raise(w, "trainingDock");
        auto* loss = child<QComboBox>(w.trainingPanel(), "loss");
        loss->setFocus();
        while (loss->currentText() != QStringLiteral("Binary cross-entropy") && loss->currentIndex() < loss->count() - 1)
            QTest::keyClick(loss, Qt::Key_Down);
        QCOMPARE(w.document()->project().training.loss, layerlab::core::LossKind::BinaryCrossEntropyLogits);
        auto* epochs = child<QSpinBox>(w.trainingPanel(), "epochs");
        epochs->selectAll();
        QTest::keyClicks(epochs, QStringLiteral("30"));
        QTest::keyClick(epochs, Qt::Key_Return);
        QCOMPARE(w.document()->project().training.epochs, 30);

        // ---- Train ----
        QTest::mouseClick(child<QPushButton>(w.trainingPanel(), "trainButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(w.trainingController()->isRunning(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.trainingController()->isRunning(), 60000);
        QVERIFY(w.trainingController()->lastRun());
        QCOMPARE(int(w.trainingController()->lastRun()->epochs.size()), 30);
        QVERIFY(w.document()->project().weights.has_value());

        // ---- the decision boundary ----
        auto* insight = w.trainingPanel()->findChild<layerlab::ui::InsightView*>();
        QVERIFY(insight);
        QTRY_VERIFY_WITH_TIMEOUT(insight->pageVisible(layerlab::ui::InsightView::BoundaryPage), 5000);
        insight->setCurrentPage(layerlab::ui::InsightView::BoundaryPage);

        // ---- the step-through: forward, loss, backward, update ----
        raise(w, "teachDock");
        auto* teach = w.teachView();
        QTRY_VERIFY_WITH_TIMEOUT(teach->trace() != nullptr, 10000);
        QVERIFY2(teach->problem().isEmpty(), qPrintable(teach->problem()));
        auto* step = child<QPushButton>(teach, "stepButton");
        QStringList formulas;
        for (int i = 0; i < teach->stepCount() && step->isEnabled(); ++i) {
            QTest::mouseClick(step, Qt::LeftButton);
            formulas << teach->formulaText();
        }
        QCOMPARE(teach->stepIndex(), teach->stepCount() - 1);
        const QString all = formulas.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("tanh")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("δ")), qPrintable(all));
        // The update ran: the loss after the SGD step is known.
        QVERIFY(std::isfinite(teach->trace()->lossAfter));

        // ---- the worked example: the textbook's numbers ----
        QVERIFY(w.openFile(example("worked_example.layerlab")));
        QTRY_VERIFY_WITH_TIMEOUT(w.dataManager()->data() && w.dataManager()->data()->train &&
                                     w.dataManager()->data()->train->count() == 1, 10000);
        QVERIFY(w.trainingController()->runs().empty());
        raise(w, "teachDock");
        QTRY_VERIFY_WITH_TIMEOUT(teach->trace() != nullptr && teach->trace()->stages.size() == 3, 10000);
        const layerlab::core::Trace& tr = *teach->trace();
        using V = std::vector<float>;
        QCOMPARE(tr.stages[1].z, (V{2.f, 2.f}));
        QCOMPARE(tr.stages[1].a, (V{2.f, 2.f}));
        QCOMPARE(tr.stages[2].z, (V{2.5f, 2.5f}));
        QCOMPARE(tr.stages[2].a, (V{2.5f, 2.5f}));
        QVERIFY2(std::abs(tr.lossValue - 1.25) < 1e-6, qPrintable(QString::number(tr.lossValue)));

        // ---- another project: nothing of the lesson stays ----
        QVERIFY(w.openFile(example("spiral.layerlab")));
        QTRY_VERIFY_WITH_TIMEOUT(w.dataManager()->data() && w.dataManager()->data()->train, 10000);
        QVERIFY(w.trainingController()->runs().empty());
        QVERIFY(!insight->pageVisible(layerlab::ui::InsightView::BoundaryPage));
        QVERIFY(w.document()->graph().findByName("dense_1") == nullptr ||
                w.document()->project().data.kind != layerlab::core::DataKind::Synthetic ||
                w.document()->project().data.synthetic.kind != layerlab::core::SyntheticKind::Xor);
        QVERIFY(!child<QLabel>(w.trainingPanel(), "statusLabel")->text().contains(QStringLiteral("Test loss")));
    }
};

QTEST_MAIN(LessonTest)
#include "test_lesson.moc"
