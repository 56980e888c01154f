// layerlab: opens the studio, or runs a headless command on the same core.
//   layerlab [FILE.layerlab] [--screenshot PNG]
//   layerlab train FILE.layerlab [options]
//   layerlab render-concepts FILE.layerlab -o map.svg | --mermaid FILE.mmd -o map.svg
//   layerlab predict FILE.layerlab --input DATA -o OUT.csv
//   layerlab export FILE.layerlab -o model.py | model.onnx
//   layerlab import MODEL.onnx -o FILE.layerlab
//   layerlab --help | --version
#include "app/commands.h"
#include "core/common/atomic_file.h"
#include "ui/MainWindow.h"
#include "ui/editor/GraphView.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string_view>

namespace {

int runGui(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("LayerLab"));
    QCoreApplication::setOrganizationName(QStringLiteral("LayerLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LAYERLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LayerLab - build and train neural networks by hand."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Render the main window at 1280x800 to PNG and quit."),
                                        QStringLiteral("PNG"));
    parser.addOption(screenshot);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A .layerlab project to open."),
                                 QStringLiteral("[FILE.layerlab]"));
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "layerlab: %s\nRun 'layerlab --help' for usage.\n", qPrintable(parser.errorText()));
        return 2;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        std::fprintf(stderr, "layerlab: open one project at a time, got %d files\nRun 'layerlab --help' for usage.\n",
                     int(files.size()));
        return 2;
    }
    const bool takeScreenshot = parser.isSet(screenshot);

    layerlab::ui::MainWindow window;
    window.setErrorDialogsEnabled(!takeScreenshot);
    if (takeScreenshot) window.resize(1280, 800);
    window.show();
    // Work left by a run that crashed comes first; a restored copy replaces the file argument.
    const bool recovered = !takeScreenshot && window.offerRecovery();
    if (!recovered && !files.isEmpty() && !window.openFile(files.front()) && takeScreenshot) {
        std::fprintf(stderr, "layerlab: %s\n", qPrintable(window.lastError()));
        return 1;
    }

    if (takeScreenshot) {
        // Let the window get its final size, layout and paint before grabbing it.
        for (int i = 0; i < 5; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        window.view()->fitToView();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        const QString out = parser.value(screenshot);
        QByteArray png;
        QBuffer buffer(&png);
        if (!buffer.open(QIODevice::WriteOnly) || !window.grab().save(&buffer, "PNG")) {
            std::fprintf(stderr, "layerlab: cannot encode the screenshot as PNG\n");
            return 1;
        }
        // Whole or not at all, like every file LayerLab writes.
        const auto written = layerlab::core::writeFileAtomically(QFile::encodeName(out).toStdString(),
                                                                 std::string_view(png.constData(), png.size()));
        if (!written) {
            std::fprintf(stderr, "layerlab: cannot write the screenshot: %s\n", written.error().toString().c_str());
            return 1;
        }
        return 0;
    }
    return app.exec();
}

}  // namespace

// A headless command with a last line of defence: bad input is answered by
// messages long before this, but no exception may end the program without one.
static int guarded(const char* command, int (*run)(int, char**), int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: layerlab %s ran out of memory; use a smaller network, batch or data set\n", command);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: layerlab %s failed with an internal error: %s\n", command, e.what());
    }
    return 1;
}

int main(int argc, char** argv) {
    // Headless commands and plain queries first: they need no display.
    if (argc > 1 && std::strcmp(argv[1], "train") == 0) return guarded("train", layerlab::app::runTrainCommand, argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "render-concepts") == 0)
        return guarded("render-concepts", layerlab::app::runRenderConceptsCommand, argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "predict") == 0)
        return guarded("predict", layerlab::app::runPredictCommand, argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "export") == 0)
        return guarded("export", layerlab::app::runExportCommand, argc, argv);
    if (argc > 1 && std::strcmp(argv[1], "import") == 0) return guarded("import", layerlab::app::runImportCommand, argc, argv);
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0) break;
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(layerlab::app::helpText(), stdout);
            return 0;
        }
        if (std::strcmp(argv[i], "--version") == 0) {
            std::printf("layerlab %s\n", LAYERLAB_VERSION);
            return 0;
        }
    }
    return runGui(argc, argv);
}
