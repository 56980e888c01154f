// GUI-side training speed: trains a project through TrainingController (the
// worker thread, queued progress, coalesced repaints) with the TrainingPanel
// on screen (offscreen platform), and prints each run's epoch training time
// (EpochStats::seconds, the figure `layerlab train` prints per epoch) and the
// wall time from start() to runFinished. Every run starts from the same fresh
// weights (Reset weights), like `layerlab train --fresh`.
//
//   QT_QPA_PLATFORM=offscreen bench_gui_training FILE.layerlab [--limit N]
//       [--epochs N] [--repeat R] [--threads 1|2] [--no-panel]
//
// Not a test: run by hand or through tests/bench/gui_vs_headless.sh.
#include "core/io/project_data.h"
#include "ui/editor/GraphDocument.h"
#include "ui/training/TrainingController.h"
#include "ui/training/TrainingPanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.layerlab [--limit N] [--epochs N] [--repeat R] [--threads 1|2] [--no-panel]\n", argv[0]);
        return 2;
    }
    const QString file = QString::fromLocal8Bit(argv[1]);
    int limit = 0, epochs = 1, repeat = 5, threads = 1;
    bool panel = true;
    for (int i = 2; i < argc; ++i) {
        auto value = [&](int& out) {
            if (i + 1 < argc) out = std::atoi(argv[++i]);
        };
        if (!std::strcmp(argv[i], "--limit")) value(limit);
        else if (!std::strcmp(argv[i], "--epochs")) value(epochs);
        else if (!std::strcmp(argv[i], "--repeat")) value(repeat);
        else if (!std::strcmp(argv[i], "--threads")) value(threads);
        else if (!std::strcmp(argv[i], "--no-panel")) panel = false;
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }

    ui::GraphDocument doc;
    QString error;
    if (!doc.load(file, &error)) {
        std::fprintf(stderr, "error: %s\n", qPrintable(error));
        return 2;
    }
    core::TrainConfig config = doc.project().training;
    config.epochs = std::max(1, epochs);
    config.threads = threads;
    doc.setTrainingConfig(config);
    core::Project project = doc.project();
    if (limit > 0) project.data.limit = limit;
    auto loaded = core::loadProjectData(project, QFileInfo(file).absolutePath().toStdString());
    if (!loaded) {
        std::fprintf(stderr, "error: %s\n", loaded.error().toString().c_str());
        return 2;
    }
    auto data = std::make_shared<const core::ProjectData>(std::move(loaded).value());

    ui::TrainingController controller(&doc);
    std::unique_ptr<ui::TrainingPanel> view;
    if (panel) {
        view = std::make_unique<ui::TrainingPanel>(&doc, &controller);
        view->setDataProvider([data] { return data; });
        view->resize(1200, 420);
        view->show();
    }
    std::vector<double> epochSeconds, wallSeconds;
    for (int r = 0; r < repeat; ++r) {
        (void)controller.resetWeights();
        QEventLoop loop;
        core::TrainResult result;
        QObject::connect(&controller, &ui::TrainingController::runFinished, &loop, [&](const core::TrainResult& res) {
            result = res;
            loop.quit();
        });
        QElapsedTimer wall;
        wall.start();
        if (auto s = controller.start(data); !s) {
            std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
            return 1;
        }
        loop.exec();
        const double w = static_cast<double>(wall.nsecsElapsed()) * 1e-9;
        double trainSeconds = 0;
        for (const core::EpochStats& e : result.history) trainSeconds += e.seconds;
        epochSeconds.push_back(trainSeconds / std::max<std::size_t>(1, result.history.size()));
        wallSeconds.push_back(w);
        std::printf("run %d: epoch %.3f s (train time per epoch), wall %.3f s, %s\n", r + 1, epochSeconds.back(), w,
                    std::string(core::stopReasonName(result.reason)).c_str());
        std::fflush(stdout);
    }
    std::printf("gui median epoch %.4f s  median wall %.4f s  (%d runs, %d train samples, panel %s)\n",
                median(epochSeconds), median(wallSeconds), repeat, data->train->count(), panel ? "on" : "off");
    return 0;
}
