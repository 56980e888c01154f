#include "ui/DiagramExport.h"

#include <QCoreApplication>
#include <QBuffer>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace layerlab::ui {

namespace {

constexpr double kMargin = 24;

// Renders the scene's items (not its background grid) into painter's target.
void renderScene(QGraphicsScene* scene, QPainter& painter, const QRectF& source, const QRectF& target) {
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QBrush background = scene->backgroundBrush();
    scene->setBackgroundBrush(Qt::white);
    scene->render(&painter, target, source);
    scene->setBackgroundBrush(background);
}

}  // namespace

bool exportSceneDiagram(QGraphicsScene* scene, const QString& path, QString* error) {
    const auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("svg") && suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        return fail(QCoreApplication::translate("DiagramExport", "Cannot export to %1: choose a file ending in .svg, .png or .pdf").arg(path));
    const QRectF source = scene->itemsBoundingRect().adjusted(-kMargin, -kMargin, kMargin, kMargin);
    if (scene->items().isEmpty()) return fail(QCoreApplication::translate("DiagramExport", "Nothing to export: the network is empty"));

    // Selection outlines do not belong on a slide.
    const QList<QGraphicsItem*> selected = scene->selectedItems();
    for (QGraphicsItem* item : selected) item->setSelected(false);

    QSaveFile file(path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok) {
        const QRectF target(QPointF(0, 0), source.size());
        if (suffix == QLatin1String("svg")) {
            QSvgGenerator svg;
            svg.setOutputDevice(&file);
            svg.setSize(source.size().toSize());
            svg.setViewBox(target);
            svg.setTitle(QStringLiteral("LayerLab network"));
            QPainter painter(&svg);
            renderScene(scene, painter, source, target);
            ok = painter.end();
        } else if (suffix == QLatin1String("png")) {
            QImage image((source.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
            image.setDevicePixelRatio(2);
            image.fill(Qt::white);
            QPainter painter(&image);
            renderScene(scene, painter, source, target);
            painter.end();
            ok = image.save(&file, "PNG");
        } else {
            QPdfWriter pdf(&file);
            pdf.setTitle(QStringLiteral("LayerLab network"));
            pdf.setCreator(QStringLiteral("LayerLab"));
            pdf.setResolution(72);
            pdf.setPageSize(QPageSize(source.size(), QPageSize::Point));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            QPainter painter(&pdf);
            renderScene(scene, painter, source, QRectF(QPointF(0, 0), QSizeF(pdf.width(), pdf.height())));
            ok = painter.end();
        }
    }
    for (QGraphicsItem* item : selected) item->setSelected(true);
    if (!ok || !file.commit())
        return fail(QCoreApplication::translate("DiagramExport", "Cannot write %1: %2")
                        .arg(path, file.errorString().isEmpty() ? QCoreApplication::translate("DiagramExport", "drawing failed") : file.errorString()));
    return true;
}

}  // namespace layerlab::ui
