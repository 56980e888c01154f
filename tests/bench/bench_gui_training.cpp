// GUI-side training speed: trains a project through TrainingController (the
// worker thread, queued progress, coalesced repaints) with the TrainingPanel
// on screen, and prints each run's epoch training time (EpochStats::seconds,
// the figure `layerlab train` prints per epoch), the wall time from start()
// to runFinished and the CPU time the GUI thread spent meanwhile. Every run
// starts from the same fresh weights (Reset weights), like `layerlab train
// --fresh`.
//
//   bench_gui_training FILE.layerlab [--limit N] [--epochs N] [--repeat R]
//       [--threads 1|2] [--no-panel | --window] [--shot PNG]
//
// --window: the whole MainWindow at 1280x800 (every dock, the plots raised),
// the project opened and its data loaded as File > Open does, each run
// started with the Training panel's Train button. Run it on a real X server
// (xvfb-run, QT_QPA_PLATFORM=xcb) to measure what a user sees; without a
// QT_QPA_PLATFORM set, it runs offscreen. --shot writes a picture of the
// window (or panel) after the last run.
//
// Not a test: run by hand or through tests/bench/gui_vs_headless.sh.
#include "core/io/project_data.h"
#include "ui/MainWindow.h"
#include "ui/data/DataManager.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <memory>
#include <vector>

using namespace layerlab;

namespace {

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// CPU seconds used by the calling thread so far.
double threadCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// How often the calling thread has blocked so far (each wake-up of the GUI
// thread is one: it then takes a core from training).
long threadWakeups() {
    QFile status(QStringLiteral("/proc/thread-self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("voluntary_ctxt_switches:")) return line.mid(24).trimmed().toLong();
    return 0;
}

// With LAYERLAB_BENCH_EVENTS set: counts the events the GUI thread delivers
// during a run, by type and receiver class, to see what wakes it up.
class EventCounter : public QObject {
public:
    std::map<std::string, long> counts;
    bool eventFilter(QObject* watched, QEvent* e) override {
        QString key = QStringLiteral("%1 %2").arg(static_cast<int>(e->type())).arg(QLatin1String(watched->metaObject()->className()));
        if (e->type() == QEvent::Timer) key += QLatin1Char(' ') + watched->objectName();
        ++counts[key.toStdString()];
        return false;
    }
    void print(double seconds) const {
        std::vector<std::pair<long, std::string>> sorted;
        for (const auto& [k, n] : counts) sorted.emplace_back(n, k);
        std::sort(sorted.rbegin(), sorted.rend());
        for (std::size_t i = 0; i < sorted.size() && i < 25; ++i)
            std::printf("  %7.1f/s  event %s\n", static_cast<double>(sorted[i].first) / seconds, sorted[i].second.c_str());
    }
};

// Runs the event loop until done() or timeoutMs; false on timeout.
template <class F>
bool waitFor(F done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.layerlab [--limit N] [--epochs N] [--repeat R] [--threads 1|2] [--no-panel | --window] [--shot PNG]\n", argv[0]);
        return 2;
    }
    const QString file = QString::fromLocal8Bit(argv[1]);
    int limit = 0, epochs = 1, repeat = 5, threads = 1;
    bool panel = true, window = false;
    QString shotFile;
    for (int i = 2; i < argc; ++i) {
        auto value = [&](int& out) {
            if (i + 1 < argc) out = std::atoi(argv[++i]);
        };
        if (!std::strcmp(argv[i], "--limit")) value(limit);
        else if (!std::strcmp(argv[i], "--epochs")) value(epochs);
        else if (!std::strcmp(argv[i], "--repeat")) value(repeat);
        else if (!std::strcmp(argv[i], "--threads")) value(threads);
        else if (!std::strcmp(argv[i], "--no-panel")) panel = false;
        else if (!std::strcmp(argv[i], "--window")) window = true;
        else if (!std::strcmp(argv[i], "--shot") && i + 1 < argc) shotFile = QString::fromLocal8Bit(argv[++i]);
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }

    QCoreApplication::setOrganizationName(QStringLiteral("LayerLabBench"));
    QCoreApplication::setApplicationName(QStringLiteral("LayerLabBench"));
    QTemporaryDir autosaveDir;
    std::unique_ptr<ui::GraphDocument> ownDoc;
    std::unique_ptr<ui::MainWindow> win;
    ui::GraphDocument* doc = nullptr;
    QString error;
    if (window) {
        win = std::make_unique<ui::MainWindow>(nullptr, autosaveDir.path());
        win->setErrorDialogsEnabled(false);
        win->resize(1280, 800);
        win->show();
        if (!win->openFile(file)) {
            std::fprintf(stderr, "error: %s\n", qPrintable(win->lastError()));
            return 2;
        }
        doc = win->document();
    } else {
        ownDoc = std::make_unique<ui::GraphDocument>();
        if (!ownDoc->load(file, &error)) {
            std::fprintf(stderr, "error: %s\n", qPrintable(error));
            return 2;
        }
        doc = ownDoc.get();
    }
    core::TrainConfig config = doc->project().training;
    config.epochs = std::max(1, epochs);
    config.threads = threads;
    doc->setTrainingConfig(config);

    std::shared_ptr<const core::ProjectData> data;
    if (window) {
        // The window loads its data by itself (DataManager); --limit goes through the data source.
        if (limit > 0) {
            core::DataSource source = doc->project().data;
            source.limit = limit;
            doc->setDataSource(source);
        }
        ui::DataManager* dm = win->dataManager();
        QCoreApplication::processEvents();
        if (!waitFor([dm] { return !dm->isLoading(); }, 300000) || !dm->data()) {
            std::fprintf(stderr, "error: the window did not load the data: %s\n", qPrintable(dm->lastError()));
            return 2;
        }
        data = dm->data();
        // Let the window settle (layout, first paints) before timing.
        waitFor([] { return false; }, 500);
    } else {
        core::Project project = doc->project();
        if (limit > 0) project.data.limit = limit;
        auto loaded = core::loadProjectData(project, QFileInfo(file).absolutePath().toStdString());
        if (!loaded) {
            std::fprintf(stderr, "error: %s\n", loaded.error().toString().c_str());
            return 2;
        }
        data = std::make_shared<const core::ProjectData>(std::move(loaded).value());
    }

    std::unique_ptr<ui::TrainingController> ownController;
    ui::TrainingController* controller = nullptr;
    QPushButton* trainButton = nullptr;
    std::unique_ptr<ui::TrainingPanel> view;
    if (window) {
        controller = win->trainingController();
        trainButton = win->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainButton"));
    } else {
        ownController = std::make_unique<ui::TrainingController>(doc);
        controller = ownController.get();
        if (panel) {
            view = std::make_unique<ui::TrainingPanel>(doc, controller);
            view->setDataProvider([data] { return data; });
            view->resize(1200, 420);
            view->show();
        }
    }
    std::vector<double> epochSeconds, wallSeconds, guiCpu, guiWakeups;
    for (int r = 0; r < repeat; ++r) {
        (void)controller->resetWeights();
        QEventLoop loop;
        core::TrainResult result;
        QObject::connect(controller, &ui::TrainingController::runFinished, &loop, [&](const core::TrainResult& res) {
            result = res;
            loop.quit();
        });
        QElapsedTimer wall;
        wall.start();
        const double cpu0 = threadCpuSeconds();
        const long wake0 = threadWakeups();
        std::unique_ptr<EventCounter> events;
        if (qEnvironmentVariableIsSet("LAYERLAB_BENCH_EVENTS")) {
            events = std::make_unique<EventCounter>();
            app.installEventFilter(events.get());
        }
        if (trainButton) {
            trainButton->click();  // as the user starts it
            if (!controller->isRunning()) {
                std::fprintf(stderr, "error: Train did not start a run: %s\n", qPrintable(win->trainingPanel()->statusText()));
                return 1;
            }
        } else if (auto s = controller->start(data); !s) {
            std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
            return 1;
        }
        loop.exec();
        const double w = static_cast<double>(wall.nsecsElapsed()) * 1e-9;
        guiCpu.push_back(threadCpuSeconds() - cpu0);
        guiWakeups.push_back(static_cast<double>(threadWakeups() - wake0) / std::max(1e-9, w));
        if (events) {
            app.removeEventFilter(events.get());
            events->print(w);
        }
        double trainSeconds = 0;
        for (const core::EpochStats& e : result.history) trainSeconds += e.seconds;
        epochSeconds.push_back(trainSeconds / std::max<std::size_t>(1, result.history.size()));
        wallSeconds.push_back(w);
        // What the window's speed label shows at the end: samples over the run's active time.
        const double shownRate = controller->progress().samplesPerSecond;
        std::printf("run %d: epoch %.3f s (train time per epoch), wall %.3f s, window %.0f samples/s, "
                    "gui thread cpu %.3f s, %.0f wake-ups/s, %s\n",
                    r + 1, epochSeconds.back(), w, shownRate, guiCpu.back(), guiWakeups.back(),
                    std::string(core::stopReasonName(result.reason)).c_str());
        std::fflush(stdout);
    }
    if (!shotFile.isEmpty()) {
        waitFor([] { return false; }, 300);  // the last replot and paint
        QWidget* shown = win ? static_cast<QWidget*>(win.get()) : view.get();
        if (!shown || !shown->grab().save(shotFile)) std::fprintf(stderr, "error: cannot write %s\n", qPrintable(shotFile));
    }
    std::printf("gui median epoch %.4f s  median wall %.4f s  median gui thread cpu %.4f s  (%d runs, %d train samples, %s, %s)\n",
                median(epochSeconds), median(wallSeconds), median(guiCpu), repeat, data->train->count(),
                window ? "window" : panel ? "panel" : "no panel", qPrintable(QGuiApplication::platformName()));
    return 0;
}
