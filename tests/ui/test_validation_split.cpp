// The validation split belongs to the data source (issue 14): typed into the
// training settings form it is one undo step on the data source, the
// DataManager splits the data again once, and undo brings the old split (the
// same samples) back; a new training seed draws new weights but does not
// reload or re-split the data.
#include "test_training_support.h"

#include "ui/data/DataManager.h"

#include <QSignalSpy>
#include <QUndoStack>

using namespace training_test;
using layerlab::ui::DataManager;

namespace {

// Lets a reload that was wrongly scheduled start (it starts on the next event-loop turn).
void settle() {
    for (int i = 0; i < 3; ++i) QCoreApplication::processEvents();
    QTest::qWait(50);
}

}  // namespace

class TestValidationSplit : public QObject {
    Q_OBJECT

private slots:
    void typingTheSplitResplitsOnceAndUndoes() {
        Studio s("spiral.layerlab");  // 600 samples, validation split 0.2
        DataManager mgr(&s.doc);
        QSignalSpy loaded(&mgr, &DataManager::loaded);
        QSignalSpy started(&mgr, &DataManager::loadingStarted);
        QVERIFY(loaded.wait(5000));
        const auto first = mgr.data();
        QVERIFY(first && first->validation);
        QCOMPARE(first->validation->count(), 120);
        QUndoStack* stack = s.doc.undoStack();
        const int index = stack->index();
        started.clear();
        loaded.clear();

        s.type("validationSplit", QStringLiteral("0.5"));
        QCOMPARE(s.doc.project().data.preprocessing.validationSplit, 0.5);
        QCOMPARE(stack->index(), index + 1);  // one step, on the data source
        QCOMPARE(stack->undoText(), QStringLiteral("Change data source"));
        QVERIFY(loaded.wait(5000));
        settle();
        QCOMPARE(started.count(), 1);  // split again, once
        QCOMPARE(mgr.data()->validation->count(), 300);
        QCOMPARE(mgr.data()->train->count() + mgr.data()->validation->count(), 600);

        stack->undo();
        QCOMPARE(s.doc.project().data.preprocessing.validationSplit, 0.2);
        QCOMPARE(qobject_cast<QLineEdit*>(s.field("validationSplit"))->text(), QStringLiteral("0.2"));
        QVERIFY(loaded.wait(5000));
        settle();
        QCOMPARE(started.count(), 2);
        QCOMPARE(mgr.data()->validation->values, first->validation->values);  // the same samples
        QCOMPARE(mgr.data()->validation->labels, first->validation->labels);
        stack->redo();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(mgr.data()->validation->count(), 300);
        stack->undo();
        QVERIFY(loaded.wait(5000));
        settle();
        QCOMPARE(started.count(), 4);

        // The training seed draws the weights, not the split: no reload, the data kept.
        const auto kept = mgr.data();
        s.type("seed", QStringLiteral("42"));
        QCOMPARE(s.doc.project().training.seed, std::uint64_t{42});
        QCOMPARE(s.doc.project().data.preprocessing.splitSeed, std::uint64_t{0});
        settle();
        stack->undo();
        settle();
        QCOMPARE(started.count(), 4);
        QCOMPARE(mgr.data(), kept);
        QVERIFY(!mgr.isLoading());
    }
};

QTEST_MAIN(TestValidationSplit)
#include "test_validation_split.moc"
