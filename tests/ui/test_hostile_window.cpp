// The hostile-input corpus (tests/fixtures/hostile, hostile_cases.h) through the
// window, as a user meets it: File > Open (MainWindow::openFile) for every
// project, then for those that open, the data load and the Train button. A
// "refuse" case must fail to open with the expected words in the error and
// leave the document as it was; an "open" case must open and then show the
// words (data error or training status) without training. No case may crash,
// hang (a FIFO as the data path) or take more than 1 GB; afterwards the same
// window still opens, loads and trains a bundled example. The import dialogs
// (File > Import CSV / MNIST) get the same data files and name the problem inline.
#include "../app/hostile_cases.h"
#include "test_user_settings.h"

#include "ui/MainWindow.h"
#include "ui/data/CsvImportDialog.h"
#include "ui/data/DataManager.h"
#include "ui/data/IdxImportDialog.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QDir>
#include <QFileInfo>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <memory>

using layerlab::ui::MainWindow;

class HostileWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_, autosave_, made_;
    std::unique_ptr<MainWindow> w_;
    QVector<hostile::Case> cases_;

    QString dataOrTrainMessage() {
        // The data load runs off the GUI thread; a FIFO must not keep it waiting.
        if (!QTest::qWaitFor([this] { return !w_->dataManager()->isLoading(); }, 20000)) return QStringLiteral("HANG");
        QString text = w_->dataManager()->lastError();
        if (w_->dataManager()->data()) {
            QTest::mouseClick(w_->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
            if (w_->trainingController()->isRunning()) {
                w_->trainingController()->stopAndWait();
                return QStringLiteral("TRAINED");
            }
            text += QLatin1Char('\n') + w_->trainingPanel()->statusText();
        }
        return text;
    }

private slots:
    void initTestCase() {
        layerlab_test::isolateUserSettings(config_.path(), QStringLiteral("LayerLabHostileWindow"));
        QSettings().clear();
        w_ = std::make_unique<MainWindow>(nullptr, autosave_.path());
        w_->setErrorDialogsEnabled(false);
        w_->resize(1280, 800);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
        for (const hostile::Case& c : hostile::tableCases() + hostile::madeCases(made_.path()))
            if (c.window != QLatin1String("-")) cases_ << c;
    }

    void open_data() {
        QTest::addColumn<int>("index");
        for (int i = 0; i < cases_.size(); ++i) QTest::newRow(qPrintable(cases_[i].name)) << i;
    }

    void open() {
        QFETCH(int, index);
        const hostile::Case& c = cases_[index];
        QVERIFY(w_->openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab")));
        const QString before = w_->currentFile();
        const bool opened = w_->openFile(c.file);
        QString message;
        if (c.window == QLatin1String("refuse")) {
            QVERIFY2(!opened, "the window opened a file it must refuse");
            QCOMPARE(w_->currentFile(), before);  // the document is untouched
            message = w_->lastError();
        } else {
            QVERIFY2(opened, qPrintable(w_->lastError()));
            message = dataOrTrainMessage();
        }
        QVERIFY2(message.size() < 4000, qPrintable(QStringLiteral("message of %1 characters").arg(message.size())));
        for (const QString& word : c.words)
            QVERIFY2(message.contains(word), qPrintable(QStringLiteral("'%1' not in: %2").arg(word, message.left(1500))));
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        QVERIFY2(u.ru_maxrss < 1024L * 1024, qPrintable(QStringLiteral("peak %1 MB").arg(u.ru_maxrss / 1024)));
    }

    void csvImportNamesTheProblem_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("words");
        const QString data = hostile::fixtureDir() + QStringLiteral("/data/");
        QTest::newRow("fifo") << made_.filePath(QStringLiteral("pipe.csv")) << QStringLiteral("is a named pipe (FIFO)");
        QTest::newRow("dev zero") << QStringLiteral("/dev/zero") << QStringLiteral("is a character device, not a CSV file");
        QTest::newRow("folder") << hostile::fixtureDir() << QStringLiteral("is a folder, not a CSV file");
        QTest::newRow("utf16") << data + QStringLiteral("utf16.csv") << QStringLiteral("UTF-16 (little-endian)");
        QTest::newRow("decimal comma") << data + QStringLiteral("decimal_comma.csv") << QStringLiteral("decimal comma");
    }

    void csvImportNamesTheProblem() {
        QFETCH(QString, file);
        QFETCH(QString, words);
        layerlab::ui::CsvImportDialog dialog(w_->document(), w_.get());
        dialog.show();
        dialog.setFile(file);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 10000);
        QVERIFY2(dialog.errorText().contains(words), qPrintable(dialog.errorText()));
        QVERIFY(!dialog.canImport());
    }

    void csvImportRefusesOneClass() {
        layerlab::ui::CsvImportDialog dialog(w_->document(), w_.get());
        dialog.show();
        QString failure;
        connect(&dialog, &layerlab::ui::CsvImportDialog::importFailed, this, [&](const QString& m) { failure = m; });
        dialog.setFile(hostile::fixtureDir() + QStringLiteral("/data/one_class.csv"));
        if (dialog.canImport()) {
            QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("csvImport")), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!dialog.isImporting(), 10000);
            failure += dialog.errorText();
        } else {
            failure = dialog.errorText();
        }
        QVERIFY2(failure.contains(QStringLiteral("only one class")), qPrintable(failure));
        QVERIFY(!dialog.data());
    }

    void idxImportNamesTheProblem() {
        layerlab::ui::IdxImportDialog dialog(w_->document(), w_.get());
        dialog.show();
        dialog.setFile(layerlab::ui::IdxImportDialog::TrainImages, made_.filePath(QStringLiteral("pipe.idx")));
        dialog.setFile(layerlab::ui::IdxImportDialog::TrainLabels, QStringLiteral("/dev/zero"));
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && !dialog.errorText().isEmpty(), 10000);
        QVERIFY2(dialog.errorText().contains(QStringLiteral("is a named pipe (FIFO), not an IDX file")),
                 qPrintable(dialog.errorText()));
        // LAYERLAB_SHOT_DIR=dir: a picture of the dialog with its message, to look at.
        if (const QString shots = qEnvironmentVariable("LAYERLAB_SHOT_DIR"); !shots.isEmpty())
            QVERIFY(dialog.grab().save(shots + QStringLiteral("/idx_import_fifo.png")));
        QVERIFY(!dialog.canImport());
    }

    // File > Save goes through core's writer: a symlink stays a link, the mode is
    // kept, nothing is left beside it; a missing folder is an error, the work stays.
    void saveKeepsLinksModesAndWork() {
        QVERIFY(w_->openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/xor.layerlab")));
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("real.layerlab"));
        const QString link = dir.filePath(QStringLiteral("link.layerlab"));
        hostile::writeFile(target, "old");
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(QFile::link(target, link));
        QVERIFY2(w_->saveTo(link), qPrintable(w_->lastError()));
        QVERIFY(QFileInfo(link).isSymLink());
        // Still 0600: a new file would be 0644 under the usual umask.
        const QFileDevice::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
        QCOMPARE(QFileInfo(target).permissions() & others, QFileDevice::Permissions());
        QVERIFY(QFileInfo(target).permissions() & QFile::WriteOwner);
        QFile saved(target);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("\"format\": \"layerlab\""));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 2);
        const QString missing = dir.filePath(QStringLiteral("no/such/folder/x.layerlab"));
        QVERIFY(!w_->saveTo(missing));
        QVERIFY2(w_->lastError().contains(QStringLiteral("No such file or directory")), qPrintable(w_->lastError()));
        QVERIFY(!QFileInfo::exists(missing));
    }

    void windowStillWorks() {
        QVERIFY(w_->openFile(QStringLiteral(LAYERLAB_SOURCE_DIR "/resources/examples/spiral.layerlab")));
        QVERIFY(QTest::qWaitFor([this] { return w_->dataManager()->data() && !w_->dataManager()->isLoading(); }, 20000));
        QTest::mouseClick(w_->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton")), Qt::LeftButton);
        QVERIFY(w_->trainingController()->isRunning());
        w_->trainingController()->stopAndWait();
    }
};

QTEST_MAIN(HostileWindowTest)
#include "test_hostile_window.moc"
