#include "ui/editor/LayerStyle.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace layerlab::ui {

QColor categoryColor(const QString& category) {
    if (category == QLatin1String("Core")) return {52, 118, 200};
    if (category == QLatin1String("Convolution")) return {46, 150, 110};
    if (category == QLatin1String("Activation")) return {226, 135, 40};
    if (category == QLatin1String("Merge")) return {140, 90, 190};
    if (category == QLatin1String("Regularization")) return {120, 128, 140};
    if (category == QLatin1String("Normalization")) return {0, 150, 170};
    if (category == QLatin1String("Recurrent")) return {196, 70, 110};
    return {100, 100, 110};
}

namespace {

// The node box in miniature: white body, coloured header band and border.
QPixmap boxPixmap(const QColor& colour, int size, qreal dpr) {
    QPixmap pm(int(size * dpr), int(size * dpr));
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size / 16.0;
    const QRectF box(1.0 * s, 2.0 * s, 14.0 * s, 12.0 * s);
    const qreal r = 2.5 * s;
    QPainterPath body;
    body.addRoundedRect(box, r, r);
    p.fillPath(body, Qt::white);
    QPainterPath band;
    band.addRect(QRectF(box.left(), box.top(), box.width(), 5.0 * s));
    p.fillPath(body.intersected(band), colour);
    p.setPen(QPen(colour.darker(115), 1.0 * s));
    p.setBrush(Qt::NoBrush);
    p.drawPath(body);
    return pm;
}

}  // namespace

QIcon categoryIcon(const QString& category) {
    const QColor colour = categoryColor(category);
    QIcon icon;
    icon.addPixmap(boxPixmap(colour, 16, 1.0));
    icon.addPixmap(boxPixmap(colour, 16, 2.0));
    return icon;
}

}  // namespace layerlab::ui
