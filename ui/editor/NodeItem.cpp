#include "ui/editor/NodeItem.h"

#include "core/layers/layer_registry.h"
#include "core/viz/graph_layout.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/LayerStyle.h"
#include "ui/editor/PortItem.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace layerlab::ui {

namespace {

constexpr double kW = core::kNodeBoxWidth;
constexpr double kH = core::kNodeBoxHeight;
constexpr double kHeader = 22;
constexpr double kRadius = 8;

QString str(const std::string& s) { return QString::fromStdString(s); }

QString value(const core::ParamMap& p, const char* key) {
    auto it = p.find(key);
    return it == p.end() ? QString() : str(core::paramToString(it->second));
}

// The one-line summary of the parameters a user cares about most.
QString keyParams(const core::LayerInfo& info, const core::ParamMap& p) {
    const std::string& t = info.type;
    if (t == "Input") return QCoreApplication::translate("NodeItem", "shape %1").arg(value(p, "shape"));
    if (t == "Dense") return QCoreApplication::translate("NodeItem", "%1 units").arg(value(p, "units"));
    if (t == "Conv2D") {
        QString s = QCoreApplication::translate("NodeItem", "%1 filters, %2x%2").arg(value(p, "filters"), value(p, "kernel"));
        if (value(p, "stride") != QLatin1String("1")) s += QCoreApplication::translate("NodeItem", ", stride %1").arg(value(p, "stride"));
        if (value(p, "padding") == QLatin1String("same")) s += QCoreApplication::translate("NodeItem", ", same");
        return s;
    }
    if (t == "MaxPool2D" || t == "AvgPool2D") return QCoreApplication::translate("NodeItem", "%1x%1 window").arg(value(p, "size"));
    if (t == "Dropout") return QCoreApplication::translate("NodeItem", "rate %1").arg(value(p, "rate"));
    if (t == "Add" || t == "Concat") return QCoreApplication::translate("NodeItem", "%1 inputs").arg(value(p, "inputs"));
    QStringList parts;
    for (const auto& spec : info.params) {
        if (parts.size() == 2) break;
        parts << QStringLiteral("%1 %2").arg(str(spec.label).toLower(), value(p, spec.name.c_str()));
    }
    return parts.join(QStringLiteral(", "));
}

QString compactCount(qint64 n) {
    if (n >= 1'000'000) return QStringLiteral("%1M").arg(double(n) / 1e6, 0, 'f', 2);
    if (n >= 10'000) return QStringLiteral("%1k").arg(double(n) / 1e3, 0, 'f', 1);
    return QString::number(n);
}

}  // namespace

QColor NodeItem::categoryColor(const QString& category) { return ui::categoryColor(category); }

NodeItem::NodeItem(const GraphDocument& doc, core::NodeId id) : doc_(doc), id_(id) {
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    output_ = new PortItem(id_, false, 0, QPointF(kW / 2, kH), this);
    refresh();
    placePorts();
}

PortItem* NodeItem::inputPort(int port) const {
    return port >= 0 && port < inputs_.size() ? inputs_[port] : nullptr;
}

void NodeItem::rebuildPorts(int inputs) {
    qDeleteAll(inputs_);
    inputs_.clear();
    for (int i = 0; i < inputs; ++i) inputs_.push_back(new PortItem(id_, true, i, QPointF(), this));
    placePorts();
}

void NodeItem::setFlow(core::LayoutDirection flow) {
    if (flow == flow_) return;
    flow_ = flow;
    placePorts();
}

void NodeItem::placePorts() {
    const bool sideways = flow_ == core::LayoutDirection::LeftToRight;
    auto put = [](PortItem* port, QPointF c) {
        const double r = PortItem::kRadius;
        port->setRect(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r));
    };
    put(output_, sideways ? QPointF(kW, kH / 2) : QPointF(kW / 2, kH));
    const int n = static_cast<int>(inputs_.size());
    for (int i = 0; i < n; ++i)
        put(inputs_[i], sideways ? QPointF(0, kH * (i + 1) / (n + 1)) : QPointF(kW * (i + 1) / (n + 1), 0));
}

void NodeItem::refresh() {
    const core::Node* node = doc_.graph().node(id_);
    if (!node) return;
    const core::LayerRegistry& reg = doc_.graph().registry();
    const core::LayerInfo* info = reg.find(node->type);
    type_ = str(node->type);
    name_ = str(node->name);
    colour_ = categoryColor(info ? str(info->category) : QString());
    params_ = info ? keyParams(*info, reg.withDefaults(*info, node->params)) : QString();
    const core::Shape* shape = doc_.shapes().shapeOf(id_);
    shape_ = shape ? QStringLiteral("→ %1").arg(str(shape->toString())) : QStringLiteral("→ ?");
    const qint64 count = doc_.paramCountOf(id_);
    paramCount_ = count > 0 ? QCoreApplication::translate("NodeItem", "%1 params").arg(compactCount(count)) : QString();
    const core::Diagnostic* diag = doc_.shapes().diagnosticFor(id_);
    error_ = diag ? str(diag->message) : QString();
    stray_ = doc_.networkPath().isStray(id_);
    setOpacity(stray_ ? 0.55 : 1.0);
    const QString strayNote =
        stray_ ? QCoreApplication::translate("NodeItem", "not connected to the network: not trained") : QString();
    if (!error_.isEmpty() && !stray_)
        setToolTip(error_);
    else if (stray_)
        setToolTip(QStringLiteral("<b>%1</b><br>%2").arg(name_.toHtmlEscaped(), strayNote));
    else
        setToolTip(info ? QStringLiteral("<b>%1</b><br>%2").arg(str(info->displayName), str(info->description))
                        : type_);
    const int inputs = doc_.graph().inputCount(id_);
    if (inputs != inputs_.size()) rebuildPorts(inputs);
    setPos(toQPointF(node->position));
    update();
}

QRectF NodeItem::boundingRect() const { return QRectF(-4, -4, kW + 8, kH + 8); }

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    const QRectF box(0, 0, kW, kH);

    // body + header band in the category colour
    QPainterPath body;
    body.addRoundedRect(box, kRadius, kRadius);
    painter->fillPath(body, QColor(255, 255, 255));
    QPainterPath header;
    header.addRoundedRect(QRectF(0, 0, kW, kHeader + kRadius), kRadius, kRadius);
    header = header.intersected([&] { QPainterPath c; c.addRect(0, 0, kW, kHeader); return c; }());
    painter->fillPath(header, colour_);

    QPen border(QColor(150, 155, 165), 1.2);
    if (hasError() && !stray_) border = QPen(QColor(215, 40, 40), 2.5);
    if (stray_) border = QPen(QColor(110, 115, 125), 1.8, Qt::DashLine);
    if (isSelected()) border = QPen(QColor(30, 120, 230), hasError() ? 3.0 : 2.5);
    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(body);

    // Pixel sizes, so that the canvas can promise readable text at a zoom.
    QFont bold;
    bold.setPixelSize(kSmallestTextPx + 1);
    bold.setBold(true);
    QFont normal;
    normal.setPixelSize(kSmallestTextPx);
    const double pad = 7;

    // header: type left, name right
    painter->setFont(bold);
    painter->setPen(Qt::white);
    const QRectF headerText(pad, 0, kW - 2 * pad, kHeader);
    painter->drawText(headerText, Qt::AlignLeft | Qt::AlignVCenter, type_);
    const double typeWidth = QFontMetricsF(bold).horizontalAdvance(type_) + 8;
    painter->setFont(normal);
    const QString name = QFontMetricsF(normal).elidedText(name_, Qt::ElideRight, kW - 2 * pad - typeWidth);
    painter->setPen(QColor(255, 255, 255, 220));
    painter->drawText(headerText, Qt::AlignRight | Qt::AlignVCenter, name);

    // key parameters
    const QRectF line1(pad, kHeader + 3, kW - 2 * pad, 18);
    painter->setPen(params_.isEmpty() ? QColor(150, 155, 165) : QColor(40, 45, 55));
    const QString params = params_.isEmpty() ? QCoreApplication::translate("NodeItem", "no parameters") : params_;
    painter->drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(normal).elidedText(params, Qt::ElideRight, line1.width()));

    // output shape and parameter count (red message hint on error)
    const QRectF line2(pad, kHeader + 22, kW - 2 * pad, 18);
    QString left = shape_;
    QColor leftColour(40, 45, 55);
    if (stray_) {
        left = QCoreApplication::translate("NodeItem", "not connected: not trained");
        leftColour = QColor(110, 115, 125);
    } else if (hasError()) {
        left = QCoreApplication::translate("NodeItem", "⚠ shape error");
        leftColour = QColor(200, 30, 30);
    }
    painter->setFont(normal);
    painter->setPen(leftColour);
    left = QFontMetricsF(normal).elidedText(left, Qt::ElideRight, line2.width());
    painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter, left);
    // The count gives way to the shape when both do not fit.
    const double room = line2.width() - QFontMetricsF(normal).horizontalAdvance(left) - 8;
    painter->setFont(normal);
    painter->setPen(QColor(110, 115, 125));
    painter->drawText(line2, Qt::AlignRight | Qt::AlignVCenter,
                      QFontMetricsF(normal).elidedText(paramCount_, Qt::ElideRight, std::max(0.0, room)));
}

}  // namespace layerlab::ui
