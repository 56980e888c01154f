#include "ui/teach/NeuronDiagram.h"

#include "ui/teach/DiagramItems.h"

#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {

using core::StageKind;
using Kind = TraceSelection::Kind;

constexpr qreal kColumnGap = 290;
constexpr qreal kRowGap = 160;
constexpr qreal kRadius = 34;
constexpr qreal kBlockSide = 130;
constexpr int kEdgeLabelLimit = 16;  // label every edge of a layer with at most this many weights

QString num(double v) { return QString::fromStdString(core::formatNumber(v)); }

const core::TraceStage& stageAt(const core::Trace& t, int s) { return t.stages[static_cast<std::size_t>(s)]; }

double maxAbs(const std::vector<float>& v) {
    double m = 0;
    for (float x : v) m = std::max(m, static_cast<double>(std::abs(x)));
    return m;
}

QColor tint(double v, double scale) {
    const double t = scale > 0 ? std::clamp(std::abs(v) / scale, 0.0, 1.0) : 0.0;
    const QColor c = diagram::signColor(v);
    auto mix = [&](int ch) { return static_cast<int>(std::lround(255 * (1 - 0.38 * t) + ch * 0.38 * t)); };
    return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

QSizeF fitSize(const QImage& img, qreal side) {
    if (img.isNull()) return {side, side};
    const qreal s = std::min(side / img.width(), side / img.height());
    return {img.width() * s, img.height() * s};
}

}  // namespace

NeuronDiagram::NeuronDiagram(QWidget* parent) : ZoomableView(nullptr, parent), scene_(new QGraphicsScene(this)) {
    setScene(scene_);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setBackgroundBrush(QColor(250, 250, 252));
    setMinimumSize(240, 120);  // it zooms and fits: a low bottom panel still shows it
}

void NeuronDiagram::setTrace(std::shared_ptr<const core::Trace> trace) {
    auto shapeOf = [](const core::Trace* t) {
        std::vector<std::size_t> s;
        if (t)
            for (const auto& st : t->stages) s.push_back(st.a.size());
        return s;
    };
    if (shapeOf(trace.get()) != shapeOf(trace_.get())) fitPending_ = true;
    trace_ = std::move(trace);
    message_.clear();
    if (trace_) step_ = std::clamp(step_, 0, StepProgress::stepCount(*trace_) - 1);
    if (trace_ && !selectionValid(*trace_, selection_)) selection_ = {};
    rebuild();
}

void NeuronDiagram::setMessage(const QString& message) {
    trace_.reset();
    message_ = message;
    fitPending_ = true;
    rebuild();
}

void NeuronDiagram::setStepIndex(int index) {
    step_ = trace_ ? std::clamp(index, 0, StepProgress::stepCount(*trace_) - 1) : 0;
    rebuild();
}

void NeuronDiagram::setHideNumbers(bool hide) {
    hide_ = hide;
    rebuild();
}

void NeuronDiagram::setNeuronLimit(int limit) {
    neuronLimit_ = std::max(1, limit);
    fitPending_ = true;
    rebuild();
}

void NeuronDiagram::setSelection(const TraceSelection& selection) {
    selection_ = selection;
    rebuild();
}

bool NeuronDiagram::drawnAsNeurons(int stage) const {
    if (!trace_ || stage < 0 || stage >= static_cast<int>(trace_->stages.size())) return false;
    const core::TraceStage& s = stageAt(*trace_, stage);
    return s.kind != StageKind::Block && static_cast<int>(s.a.size()) <= neuronLimit_;
}

std::optional<QPointF> NeuronDiagram::scenePosOf(const TraceSelection& sel) const {
    const auto it = positions_.find(keyOf(sel));
    if (it == positions_.end()) return std::nullopt;
    return it->second;
}

qreal NeuronDiagram::columnX(int stage) const { return stage * kColumnGap; }

QPointF NeuronDiagram::neuronPos(int stage, int neuron) const {
    const int n = static_cast<int>(stageAt(*trace_, stage).a.size());
    return {columnX(stage), (neuron - (n - 1) / 2.0) * kRowGap};
}

void NeuronDiagram::remember(const TraceSelection& sel, QPointF pos, QGraphicsItem* item) {
    if (item) setSelectionKey(item, sel);
    positions_[keyOf(sel)] = pos;
}

bool NeuronDiagram::showEdgeLabel(int stage, int neuron, int input) const {
    const core::TraceStage& s = stageAt(*trace_, stage);
    if (s.units * s.fanIn <= kEdgeLabelLimit) return true;
    const TraceSelection& sel = selection_;
    if (sel.kind == Kind::Edge) return sel.stage == stage && sel.neuron == neuron && sel.input == input;
    if (sel.kind != Kind::Neuron) return false;
    return (sel.stage == stage && sel.neuron == neuron) || (sel.stage == s.inputStages.front() && sel.neuron == input);
}

void NeuronDiagram::rebuild() {
    scene_->clear();
    positions_.clear();
    if (!trace_) {
        auto* text = scene_->addText(message_.isEmpty() ? tr("Nothing to show yet.") : message_, diagram::font(11));
        text->setDefaultTextColor(diagram::muted());
        text->setTextWidth(520);
        scene_->setSceneRect(text->boundingRect().adjusted(-20, -20, 20, 20));
        if (fitPending_) fitAll();
        return;
    }
    const StepProgress p(*trace_, step_);
    QList<QRectF> occupied;
    const int S = static_cast<int>(trace_->stages.size());
    for (int s = 0; s < S; ++s) {
        if (drawnAsNeurons(s)) addColumn(s, p, occupied);
        else addBlock(s, p);
    }
    for (int s = 1; s < S; ++s) addEdges(s, p, occupied);
    addLoss(p);
    addHeaderAndLegend(p);
    scene_->setSceneRect(scene_->itemsBoundingRect().adjusted(-30, -20, 30, 20));
    if (fitPending_ || !userZoomed_) fitAll();
}

void NeuronDiagram::addColumn(int stage, const StepProgress& p, QList<QRectF>& occupied) {
    const core::Trace& t = *trace_;
    const core::TraceStage& s = stageAt(t, stage);
    const bool done = p.forwardDone(stage), back = p.backwardDone(stage);
    const bool output = stage + 1 == static_cast<int>(t.stages.size());
    const double scale = maxAbs(s.a);
    auto shown = [&](double v) { return hide_ ? QStringLiteral("?") : num(v); };
    for (int j = 0; j < static_cast<int>(s.a.size()); ++j) {
        const QPointF pos = neuronPos(stage, j);
        const double a = s.a[static_cast<std::size_t>(j)];
        QString value;
        QList<ColoredLine> lines;
        if (stage == 0) {
            value = num(a);
        } else if (done) {
            value = shown(a);
            if (s.activation != core::Activation::Identity) lines << ColoredLine{"z = " + shown(s.z[j]), diagram::muted()};
            if (output && t.outputActivation != core::OutputActivation::None && j < static_cast<int>(t.prediction.size()))
                lines << ColoredLine{"p = " + shown(t.prediction[j]), QColor(20, 120, 60)};
        }
        if (back) lines << ColoredLine{QStringLiteral("δ = ") + shown(s.delta[j]), diagram::gradient()};
        const TraceSelection key{Kind::Neuron, stage, j, 0};
        // (Hidden numbers: no tint either, it would give the value away.)
        const QColor fill = done && (stage == 0 || !hide_) ? tint(a, scale) : QColor(Qt::white);
        auto* item = new TraceNeuronItem(kRadius, value, lines, fill, selection_ == key);
        item->setPos(pos);
        item->setZValue(2);
        scene_->addItem(item);
        remember(key, pos, item);
        occupied << item->mapRectToScene(item->boundingRect());

        if (s.kind != StageKind::Dense || !s.hasBias) continue;
        const double b = s.b[static_cast<std::size_t>(j)];
        QList<ColoredLine> tag;
        if (p.updateDone())
            tag << ColoredLine{"b " + num(b) + " → " + shown(s.newB[j]), diagram::signColor(s.newB[j])};
        else
            tag << ColoredLine{"b = " + num(b), diagram::signColor(b)};
        if (back && !p.updateDone()) tag << ColoredLine{QStringLiteral("∂ = ") + shown(s.db[j]), diagram::gradient()};
        const TraceSelection bkey{Kind::Bias, stage, j, 0};
        auto* bias = new TraceTagItem(tag, diagram::font(11), QColor(170, 170, 180), selection_ == bkey);
        const QPointF bpos = pos + QPointF(0, -kRadius - 6 - bias->boundingRect().height() / 2);
        bias->setPos(bpos);
        bias->setZValue(3);
        scene_->addItem(bias);
        remember(bkey, bpos, bias);
        occupied << bias->mapRectToScene(bias->boundingRect());
    }
}

void NeuronDiagram::addBlock(int stage, const StepProgress& p) {
    const core::Trace& t = *trace_;
    const core::TraceStage& s = stageAt(t, stage);
    const TraceSelection key{Kind::Block, stage, 0, 0};
    const bool selected = selection_ == key;
    const qreal x = columnX(stage);
    const bool gray = stage == 0 && std::all_of(s.a.begin(), s.a.end(), [](float v) { return v >= 0; });
    QImage values = heatMapImage(s.a, s.shape, gray);
    if (!p.forwardDone(stage)) values.fill(QColor(235, 235, 238));
    const QSizeF size = fitSize(values, kBlockSide);
    auto* map = new TraceHeatMapItem(values, size, selected);
    const QPointF pos(x, -size.height() / 2 - 18);
    map->setPos(pos);
    scene_->addItem(map);
    remember(key, pos, map);
    auto caption = [&](const QString& text, QColor colour, qreal y) {
        auto* tag = new TraceTagItem({ColoredLine{text, colour}}, diagram::font(11));
        tag->setPos(x, y);
        setSelectionKey(tag, key);
        scene_->addItem(tag);
    };
    const QString what = stage == 0 ? tr("input") : tr("output");
    caption(tr("%1 %2 (%3 values)").arg(what, QString::fromStdString(s.shape.toString())).arg(s.a.size()),
            diagram::muted(), -8);
    if (!p.backwardDone(stage)) return;
    QImage grads = heatMapImage(s.delta, s.shape, false);
    const QSizeF gsize = fitSize(grads, kBlockSide);
    auto* gmap = new TraceHeatMapItem(grads, gsize, selected);
    gmap->setPos(x, gsize.height() / 2 + 14);
    setSelectionKey(gmap, key);
    scene_->addItem(gmap);
    caption(QStringLiteral("∂L/∂output, ‖·‖ = %1").arg(hide_ ? QStringLiteral("?") : num(s.deltaNorm)),
            diagram::gradient(), gsize.height() + 26);
}

void NeuronDiagram::addEdges(int stage, const StepProgress& p, QList<QRectF>& occupied) {
    const core::Trace& t = *trace_;
    const core::TraceStage& s = stageAt(t, stage);
    auto halfWidth = [&](int st) { return drawnAsNeurons(st) ? kRadius : kBlockSide / 2; };
    const bool perWeight = s.kind == StageKind::Dense && drawnAsNeurons(stage) && drawnAsNeurons(s.inputStages.front());
    if (!perWeight) {
        for (int from : s.inputStages) {
            const QPointF a(columnX(from) + halfWidth(from) + 6, 0), b(columnX(stage) - halfWidth(stage) - 6, 0);
            auto* e = new TraceEdgeItem(a, b, QPen(QColor(170, 170, 180), 10, Qt::SolidLine, Qt::FlatCap));
            e->setZValue(-1);
            scene_->addItem(e);
            if (s.kind == StageKind::Dense) {
                auto* tag = new TraceTagItem({ColoredLine{QStringLiteral("W: %1 × %2").arg(s.units).arg(s.fanIn), diagram::muted()}},
                                        diagram::font(11));
                tag->setPos((a + b) / 2 + QPointF(0, -18));
                scene_->addItem(tag);
            }
        }
        return;
    }
    const int from = s.inputStages.front();
    const bool back = p.backwardDone(stage), updated = p.updateDone();
    const std::vector<float>& shownW = updated ? s.newW : s.W;
    const double scale = std::max(maxAbs(shownW), 1e-12);
    auto shown = [&](double v) { return hide_ ? QStringLiteral("?") : num(v); };
    for (int j = 0; j < s.units; ++j) {
        for (int k = 0; k < s.fanIn; ++k) {
            const std::size_t i = static_cast<std::size_t>(j + k * s.units);
            const QPointF a = neuronPos(from, k) + QPointF(kRadius, 0), b = neuronPos(stage, j) - QPointF(kRadius, 0);
            const double w = shownW[i];
            const TraceSelection key{Kind::Edge, stage, j, k};
            const bool selected = selection_ == key;
            if (selected) {
                auto* glow = new TraceEdgeItem(a, b, QPen(QColor(255, 190, 60), 9, Qt::SolidLine, Qt::RoundCap));
                glow->setZValue(-2);
                scene_->addItem(glow);
            }
            QColor c = diagram::signColor(w);
            c.setAlpha(210);
            auto* edge = new TraceEdgeItem(a, b, QPen(c, 0.7 + 4.8 * std::abs(w) / scale, Qt::SolidLine, Qt::RoundCap));
            edge->setZValue(-1);
            scene_->addItem(edge);
            remember(key, (a + b) / 2, edge);
            if (!showEdgeLabel(stage, j, k)) continue;
            ColoredLine text{num(s.W[i]), diagram::signColor(s.W[i])};
            if (updated) text = {num(s.W[i]) + " → " + shown(s.newW[i]), diagram::signColor(s.newW[i])};
            else if (back) text = {QStringLiteral("∂ ") + shown(s.dW[i]), diagram::gradient()};
            auto* label = new TraceTagItem({text}, diagram::font(11), c.lighter(150), selected);
            const QRectF box = label->boundingRect();
            QPointF at = a + 0.5 * (b - a);
            for (double f : {0.5, 0.32, 0.68, 0.22, 0.78, 0.41, 0.59}) {
                const QPointF c2 = a + f * (b - a);
                const QRectF r = box.translated(c2);
                if (std::none_of(occupied.begin(), occupied.end(), [&](const QRectF& o) { return o.intersects(r); })) {
                    at = c2;
                    break;
                }
            }
            label->setPos(at);
            label->setZValue(4);
            scene_->addItem(label);
            remember(key, at, label);
            occupied << box.translated(at);
        }
    }
}

void NeuronDiagram::addLoss(const StepProgress& p) {
    const core::Trace& t = *trace_;
    const int last = static_cast<int>(t.stages.size()) - 1;
    const qreal x = columnX(last) + kColumnGap * 0.8;
    QList<ColoredLine> lines;
    lines << ColoredLine{tr("Loss: %1").arg(QString::fromLatin1(core::lossName(t.loss).data(),
                                                              static_cast<qsizetype>(core::lossName(t.loss).size()))),
                         Qt::black};
    QString target;
    if (t.loss == core::LossKind::SoftmaxCrossEntropy) {
        target = tr("target: class %1").arg(t.label);
    } else {
        QStringList ys;
        for (float y : t.target) ys << num(y);
        if (ys.size() > 6) ys = ys.mid(0, 5) << QStringLiteral("…");
        target = tr("target y = (%1)").arg(ys.join(QStringLiteral(", ")));
    }
    lines << ColoredLine{target, diagram::muted()};
    const QString hidden = QStringLiteral("?");
    // The convention next to the number: which MSE (mean over the outputs? a ½?) this is.
    if (p.lossDone())
        lines << ColoredLine{"L = " + (hide_ ? hidden : num(t.lossValue)) + "  (" +
                                 QString::fromStdString(core::lossConvention(t)) + ")",
                             Qt::black};
    else lines << ColoredLine{tr("L: not computed yet"), diagram::muted()};
    if (p.updateDone())
        lines << ColoredLine{tr("after the update: L = %1").arg(hide_ ? hidden : num(t.lossAfter)), QColor(20, 120, 60)};
    const TraceSelection key{Kind::Loss, 0, 0, 0};
    auto* box = new TraceTagItem(lines, diagram::font(13), QColor(120, 120, 130), selection_ == key, Qt::AlignLeft);
    box->setPos(x, 0);
    box->setZValue(3);
    scene_->addItem(box);
    remember(key, QPointF(x, 0), box);
    if (!drawnAsNeurons(last)) return;
    const QPen dashed(QColor(150, 150, 160), 1, Qt::DashLine);
    const qreal left = x - box->boundingRect().width() / 2;
    for (int j = 0; j < static_cast<int>(stageAt(t, last).a.size()); ++j) {
        auto* e = new TraceEdgeItem(neuronPos(last, j) + QPointF(kRadius, 0), QPointF(left, 0), dashed);
        e->setZValue(-1);
        scene_->addItem(e);
    }
}

void NeuronDiagram::addHeaderAndLegend(const StepProgress& p) {
    const core::Trace& t = *trace_;
    const QRectF all = scene_->itemsBoundingRect();
    const qreal top = all.top() - 44, bottom = all.bottom() + 14;
    const int active = p.activeStage();
    for (int s = 0; s < static_cast<int>(t.stages.size()); ++s) {
        const core::TraceStage& st = stageAt(t, s);
        QString detail;
        if (st.kind == StageKind::Input) detail = tr("%n value(s)", nullptr, static_cast<int>(st.a.size()));
        else if (st.kind == StageKind::Dense) {
            detail = QStringLiteral("Dense %1").arg(st.units);
            if (st.activation != core::Activation::Identity) detail += QStringLiteral(" · %1").arg(core::activationName(st.activation));
            if (s + 1 == static_cast<int>(t.stages.size()) && t.outputActivation != core::OutputActivation::None)
                detail += t.outputActivation == core::OutputActivation::Softmax ? tr(" · softmax in the loss")
                                                                                : tr(" · sigmoid in the loss");
        } else {
            detail = QString::fromStdString(st.type);
        }
        auto* head = new TraceTagItem({ColoredLine{QString::fromStdString(st.name), Qt::black}, ColoredLine{detail, diagram::muted()}},
                                 diagram::font(12.5));
        head->setPos(columnX(s), top);
        scene_->addItem(head);
        if (s == active) {
            const qreal w = drawnAsNeurons(s) ? 180 : kBlockSide + 30;
            auto* band = scene_->addRect(QRectF(columnX(s) - w / 2, top - 26, w, bottom - top + 30), Qt::NoPen,
                                         p.step().phase == core::TracePhase::Backward ? QColor(238, 228, 250)
                                                                                     : QColor(255, 246, 210));
            band->setZValue(-5);
        }
    }
    const QList<ColoredLine> legend{
        {tr("Edges are weights: blue > 0, red < 0, thicker = larger |w|. Inside a neuron: its output a."), diagram::muted()},
        {tr("z: before the activation · p: probability · δ = ∂L/∂z · ∂: ∂L/∂w or ∂L/∂b · b: bias"), diagram::gradient()}};
    auto* text = new TraceTagItem(legend, diagram::font(11), Qt::transparent, false, Qt::AlignLeft);
    text->setPos(all.left() + text->boundingRect().width() / 2, bottom + text->boundingRect().height() / 2 + 6);
    scene_->addItem(text);
}

void NeuronDiagram::fitAll() {
    if (!scene_) return;
    const qreal most = 1.6 * displayScale();
    resetTransform();
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    if (zoom() > most) {
        setTransform(QTransform::fromScale(most, most));
        centerOn(sceneRect().center());
    }
    fitPending_ = false;
    userZoomed_ = false;
    emit zoomChanged(zoom());
}

void NeuronDiagram::displayScaleChanged() {
    if (!userZoomed_) fitAll();
}

TraceSelection NeuronDiagram::pickAt(QPoint viewportPos) const {
    for (QGraphicsItem* item : items(viewportPos))
        if (auto key = selectionKey(item)) return *key;
    return {};
}

void NeuronDiagram::mouseDoubleClickEvent(QMouseEvent* event) {
    const TraceSelection picked = trace_ && event->button() == Qt::LeftButton ? pickAt(event->position().toPoint())
                                                                              : TraceSelection{};
    if (picked.kind != Kind::Edge && picked.kind != Kind::Bias && picked.kind != Kind::Block) {
        QGraphicsView::mouseDoubleClickEvent(event);
        return;
    }
    if (!(picked == selection_)) {
        selection_ = picked;
        rebuild();
        emit selectionChanged(selection_);
    }
    event->accept();
    emit editRequested(picked);
}

void NeuronDiagram::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && trace_) {
        const TraceSelection picked = pickAt(event->position().toPoint());
        if (picked.kind != Kind::None || !(event->modifiers() & Qt::ShiftModifier)) {
            if (!(picked == selection_)) {
                selection_ = picked;
                rebuild();
                emit selectionChanged(selection_);
            }
            if (picked.kind != Kind::None) return;  // a click on an item does not start a drag
        }
    }
    ZoomableView::mousePressEvent(event);
}

void NeuronDiagram::resizeEvent(QResizeEvent* event) {
    ZoomableView::resizeEvent(event);
    if (!userZoomed_) fitAll();
}

}  // namespace layerlab::ui
