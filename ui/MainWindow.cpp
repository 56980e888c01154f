#include "ui/MainWindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QVBoxLayout>

#include <optional>

namespace layerlab::ui {

namespace {

constexpr int kFormatVersion = 1;

struct LayerRow {
    QString name;
    QString type;
    QString params;
};

struct ProjectView {
    QString name;
    QString description;
    QList<LayerRow> layers;
    int connections = 0;
};

// "units 64, init he_normal" from a node's params object.
QString formatParams(const QJsonObject& params) {
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isString()) text = v.toString();
        else if (v.isBool()) text = v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
        else if (v.isDouble()) text = QString::number(v.toDouble());
        else if (v.isArray()) text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else if (v.isObject()) text = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
        else text = QStringLiteral("null");
        parts << it.key() + QLatin1Char(' ') + text;
    }
    return parts.join(QStringLiteral(", "));
}

// Line and column (1-based) of a byte offset in UTF-8 text.
QString position(const QByteArray& data, int offset) {
    const QByteArray before = data.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = int(offset - (before.lastIndexOf('\n') + 1)) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// Parses the parts of a .layerlab file this window shows. On failure returns
// nothing and sets `error` to a message naming what is wrong and where.
std::optional<ProjectView> readProject(const QString& path, QString& error) {
    const QString file = QFileInfo(path).fileName();
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("Cannot open %1: %2").arg(path, in.errorString());
        return std::nullopt;
    }
    const QByteArray data = in.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("%1 is not valid JSON: %2 at %3")
                    .arg(file, parseError.errorString(), position(data, parseError.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        error = QStringLiteral("%1 is not a LayerLab project: expected a JSON object at the top").arg(file);
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QStringLiteral("layerlab")) {
        error = QStringLiteral("%1 is not a LayerLab project: expected \"format\": \"layerlab\"").arg(file);
        return std::nullopt;
    }
    const int version = root.value(QStringLiteral("version")).toInt(0);
    if (version < 1 || version > kFormatVersion) {
        error = QStringLiteral("%1 has format version %2; this LayerLab reads version %3")
                    .arg(file, root.value(QStringLiteral("version")).toVariant().toString())
                    .arg(kFormatVersion);
        return std::nullopt;
    }
    const QJsonValue graph = root.value(QStringLiteral("graph"));
    const QJsonValue nodes = graph.toObject().value(QStringLiteral("nodes"));
    if (!graph.isObject() || !nodes.isArray()) {
        error = QStringLiteral("%1: expected \"graph\": {\"nodes\": [...]}").arg(file);
        return std::nullopt;
    }

    ProjectView view;
    view.name = root.value(QStringLiteral("name")).toString();
    view.description = root.value(QStringLiteral("description")).toString();
    const QJsonArray nodeArray = nodes.toArray();
    for (qsizetype i = 0; i < nodeArray.size(); ++i) {
        const QJsonObject node = nodeArray.at(i).toObject();
        const QJsonValue type = node.value(QStringLiteral("type"));
        const QJsonValue name = node.value(QStringLiteral("name"));
        if (!nodeArray.at(i).isObject() || !type.isString() || !name.isString()) {
            error = QStringLiteral("%1: graph node %2 needs a \"type\" and a \"name\" (both text)").arg(file).arg(i + 1);
            return std::nullopt;
        }
        view.layers.append({name.toString(), type.toString(), formatParams(node.value(QStringLiteral("params")).toObject())});
    }
    view.connections = int(graph.toObject().value(QStringLiteral("edges")).toArray().size());
    return view;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("LayerLab"));
    resize(1100, 720);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    title_ = new QLabel(tr("No project open"), central);
    title_->setObjectName(QStringLiteral("projectTitle"));
    QFont titleFont = title_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title_->setFont(titleFont);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_ = new QLabel(tr("Use File > Open... (Ctrl+O) to open a .layerlab project.\n"
                             "This first version shows a project's layers; the graph editor is coming."),
                          central);
    summary_->setObjectName(QStringLiteral("projectSummary"));
    summary_->setWordWrap(true);
    layers_ = new QListWidget(central);
    layers_->setObjectName(QStringLiteral("layerList"));
    layers_->setSelectionMode(QAbstractItemView::SingleSelection);
    layers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layers_->setAlternatingRowColors(true);
    layout->addWidget(title_);
    layout->addWidget(summary_);
    layout->addWidget(layers_, 1);
    setCentralWidget(central);

    createMenus();
    statusBar()->showMessage(tr("Ready"));
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::openWithDialog);
    open->setShortcut(QKeySequence::Open);
    open->setObjectName(QStringLiteral("actionOpen"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About LayerLab"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

bool MainWindow::openFile(const QString& path) {
    QString error;
    const std::optional<ProjectView> project = readProject(path, error);
    if (!project) {
        reportError(error);
        return false;
    }

    const QFileInfo info(path);
    currentFile_ = info.absoluteFilePath();
    lastError_.clear();
    title_->setText(project->name.isEmpty() ? info.fileName()
                                            : QStringLiteral("%1  (%2)").arg(project->name, info.fileName()));
    const auto count = [](qsizetype n, const QString& one, const QString& many) {
        return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
    };
    QString summary = count(project->layers.size(), tr("layer"), tr("layers")) + QStringLiteral(", ") +
                      count(project->connections, tr("connection"), tr("connections"));
    if (!project->description.isEmpty()) summary = project->description + QLatin1Char('\n') + summary;
    summary_->setText(summary);
    layers_->clear();
    for (const LayerRow& row : project->layers) {
        QString text = QStringLiteral("%1  \u2014  %2").arg(row.name, row.type);
        if (!row.params.isEmpty()) text += QStringLiteral("  (%1)").arg(row.params);
        layers_->addItem(text);
    }
    setWindowFilePath(currentFile_);
    setWindowTitle(QStringLiteral("%1 \u2014 LayerLab").arg(info.fileName()));
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(currentFile_)));
    return true;
}

void MainWindow::reportError(const QString& message) {
    lastError_ = message;
    statusBar()->showMessage(message);
    emit errorOccurred(message);
    if (!errorDialogs_) return;
    // Window-modal and non-blocking: open() returns at once.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open project"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::openWithDialog() {
    const QString start = currentFile_.isEmpty() ? QString() : QFileInfo(currentFile_).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), start,
                                                      tr("LayerLab projects (*.layerlab);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About LayerLab"),
        tr("<h3>LayerLab %1</h3>"
           "<p>Build and train neural networks by hand: draw the network, load data, "
           "train it and look inside.</p>"
           "<p>Copyright the LayerLab authors. LayerLab is free software under the "
           "GNU General Public License, version 3 or (at your option) any later version "
           "(GPL-3.0-or-later). It comes with no warranty.</p>"
           "<p>Plots by <a href=\"https://www.qcustomplot.com/\">QCustomPlot</a> "
           "(Emanuel Eichhammer, GPL-3.0). Built with Qt %2, Eigen, Graphviz and nlohmann-json.</p>")
            .arg(QStringLiteral(LAYERLAB_VERSION), QString::fromLatin1(qVersion())));
}

}  // namespace layerlab::ui
