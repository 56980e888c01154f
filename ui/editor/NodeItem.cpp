#include "ui/editor/NodeItem.h"

#include "core/graph/layer_registry.h"
#include "core/viz/graph_layout.h"
#include "ui/editor/GraphDocument.h"
#include "ui/editor/LayerStyle.h"
#include "ui/editor/PortItem.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

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
    if (t == "Input") return QStringLiteral("shape %1").arg(value(p, "shape"));
    if (t == "Dense") return QStringLiteral("%1 units").arg(value(p, "units"));
    if (t == "Conv2D") {
        QString s = QStringLiteral("%1 filters, %2x%2").arg(value(p, "filters"), value(p, "kernel"));
        if (value(p, "stride") != QLatin1String("1")) s += QStringLiteral(", stride %1").arg(value(p, "stride"));
        if (value(p, "padding") == QLatin1String("same")) s += QStringLiteral(", same");
        return s;
    }
    if (t == "MaxPool2D" || t == "AvgPool2D") return QStringLiteral("%1x%1 window").arg(value(p, "size"));
    if (t == "Dropout") return QStringLiteral("rate %1").arg(value(p, "rate"));
    if (t == "Add" || t == "Concat") return QStringLiteral("%1 inputs").arg(value(p, "inputs"));
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
}

PortItem* NodeItem::inputPort(int port) const {
    return port >= 0 && port < inputs_.size() ? inputs_[port] : nullptr;
}

void NodeItem::rebuildPorts(int inputs) {
    qDeleteAll(inputs_);
    inputs_.clear();
    for (int i = 0; i < inputs; ++i)
        inputs_.push_back(new PortItem(id_, true, i, QPointF(kW * (i + 1) / (inputs + 1), 0), this));
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
    paramCount_ = count > 0 ? QStringLiteral("%1 params").arg(compactCount(count)) : QString();
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

    QFont bold;
    bold.setPointSizeF(9);
    bold.setBold(true);
    QFont normal;
    normal.setPointSizeF(8.5);
    const double pad = 8;

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
    const QString params = params_.isEmpty() ? QStringLiteral("no parameters") : params_;
    painter->drawText(line1, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(normal).elidedText(params, Qt::ElideRight, line1.width()));

    // output shape and parameter count (red message hint on error)
    const QRectF line2(pad, kHeader + 22, kW - 2 * pad, 18);
    if (stray_) {
        painter->setPen(QColor(110, 115, 125));
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
                          QCoreApplication::translate("NodeItem", "not connected: not trained"));
    } else if (hasError()) {
        painter->setPen(QColor(200, 30, 30));
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("⚠ shape error"));
    } else {
        painter->setFont(bold);
        painter->setPen(QColor(40, 45, 55));
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter, shape_);
    }
    painter->setFont(normal);
    painter->setPen(QColor(110, 115, 125));
    painter->drawText(line2, Qt::AlignRight | Qt::AlignVCenter, paramCount_);
}

}  // namespace layerlab::ui
