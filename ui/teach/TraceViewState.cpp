#include "ui/teach/TraceViewState.h"

#include <algorithm>

#include <QCoreApplication>

namespace layerlab::ui {

namespace {

using core::StageKind;
using core::TracePhase;

QStringList toQt(const std::vector<std::string>& lines) {
    QStringList out;
    for (const std::string& l : lines) out << QString::fromStdString(l);
    return out;
}

const core::TraceStage& stageOf(const core::Trace& t, int s) { return t.stages[static_cast<std::size_t>(s)]; }

QString notYet(const core::Trace& t, int stage, bool backward) {
    return QCoreApplication::translate("TraceViewState", "Not computed yet: step %1 to %2.")
        .arg(backward ? QCoreApplication::translate("TraceViewState", "backward") : QCoreApplication::translate("TraceViewState", "forward"),
             QString::fromStdString(stageOf(t, stage).name));
}

}  // namespace

StepProgress::StepProgress(const core::Trace& trace, int index) : index_(index), S_(stageCount(trace)) {}

core::TraceStep StepProgress::step() const {
    if (index_ <= 0) return {TracePhase::Input, 0};
    if (index_ <= S_) return {TracePhase::Forward, index_};
    if (index_ == S_ + 1) return {TracePhase::Loss, 0};
    if (index_ <= 2 * S_ + 1) return {TracePhase::Backward, 2 * S_ + 2 - index_};
    return {TracePhase::Update, 0};
}

int StepProgress::activeStage() const {
    const core::TraceStep s = step();
    return s.phase == TracePhase::Forward || s.phase == TracePhase::Backward ? s.stage : -1;
}

bool selectionValid(const core::Trace& t, const TraceSelection& sel) {
    const int S = static_cast<int>(t.stages.size());
    if (sel.kind == TraceSelection::Kind::None || sel.kind == TraceSelection::Kind::Loss) return true;
    if (sel.stage < 0 || sel.stage >= S) return false;
    const core::TraceStage& s = stageOf(t, sel.stage);
    switch (sel.kind) {
        case TraceSelection::Kind::Neuron: return sel.neuron >= 0 && sel.neuron < static_cast<int>(s.a.size());
        case TraceSelection::Kind::Bias:
            return s.kind == StageKind::Dense && s.hasBias && sel.neuron >= 0 && sel.neuron < s.units;
        case TraceSelection::Kind::Edge:
            return s.kind == StageKind::Dense && sel.neuron >= 0 && sel.neuron < s.units && sel.input >= 0 &&
                   sel.input < s.fanIn;
        case TraceSelection::Kind::Block: return true;
        default: return false;
    }
}

FormulaText formulaText(const core::Trace& t, const TraceSelection& selection, const StepProgress& p, bool hide) {
    core::FormulaOptions opt;
    opt.hideResults = hide;
    FormulaText out;
    if (t.stages.empty()) return out;
    TraceSelection sel = selection;
    QString prefix;
    if (sel.kind == TraceSelection::Kind::None || !selectionValid(t, sel)) {
        prefix = QCoreApplication::translate("TraceViewState", "For example, ");
        const int a = p.activeStage();
        const core::TracePhase phase = p.step().phase;
        if (a > 0) sel = {stageOf(t, a).kind == StageKind::Dense ? TraceSelection::Kind::Neuron : TraceSelection::Kind::Block, a, 0, 0};
        else if (phase == TracePhase::Loss || phase == TracePhase::Update) sel = {TraceSelection::Kind::Loss, 0, 0, 0};
        else sel = {TraceSelection::Kind::Neuron, 0, 0, 0};
    }
    const std::string& name = sel.kind == TraceSelection::Kind::Loss ? t.output().name : stageOf(t, sel.stage).name;
    const QString layer = QString::fromStdString(name);
    switch (sel.kind) {
        case TraceSelection::Kind::None: break;
        case TraceSelection::Kind::Neuron: {
            if (sel.stage == 0) {
                out.title = QCoreApplication::translate("TraceViewState", "input %1").arg(sel.neuron + 1);
                out.lines = toQt(core::forwardFormulas(t, 0, sel.neuron, opt));
                break;
            }
            out.title = QCoreApplication::translate("TraceViewState", "%1, neuron %2").arg(layer).arg(sel.neuron + 1);
            if (!p.forwardDone(sel.stage)) {
                out.lines << notYet(t, sel.stage, false);
                break;
            }
            out.lines = toQt(core::forwardFormulas(t, sel.stage, sel.neuron, opt));
            if (p.backwardDone(sel.stage)) out.lines += toQt(core::deltaFormulas(t, sel.stage, sel.neuron, opt));
            if (p.updateDone()) {
                const std::string u = core::updateFormula(t, sel.stage, sel.neuron, -1, opt);
                if (!u.empty()) out.lines << QString::fromStdString(u);
            }
            break;
        }
        case TraceSelection::Kind::Edge:
        case TraceSelection::Kind::Bias: {
            const bool bias = sel.kind == TraceSelection::Kind::Bias;
            const int input = bias ? -1 : sel.input;
            const core::TraceStage& s = stageOf(t, sel.stage);
            const int from = s.inputStages.front();
            const std::string sym = bias ? core::stageSymbol(t, "b", sel.stage, sel.neuron)
                                         : core::weightSymbol(sel.stage, sel.neuron, sel.input);
            out.title = bias ? QCoreApplication::translate("TraceViewState", "bias %1 of %2, neuron %3").arg(QString::fromStdString(sym), layer).arg(sel.neuron + 1)
                             : QCoreApplication::translate("TraceViewState", "weight %1: from %2 to %3, neuron %4")
                                   .arg(QString::fromStdString(sym),
                                        QString::fromStdString(core::stageSymbol(t, "a", from, sel.input)), layer)
                                   .arg(sel.neuron + 1);
            const double w = bias ? s.b[static_cast<std::size_t>(sel.neuron)]
                                  : s.W[static_cast<std::size_t>(sel.neuron + sel.input * s.units)];
            out.lines << QString::fromStdString(sym + " = " + core::formatNumber(w));
            if (!bias && p.forwardDone(sel.stage)) {
                const double a = stageOf(t, from).a[static_cast<std::size_t>(sel.input)];
                auto q = [](const std::string& x) { return QString::fromStdString(x); };
                const QString aText = hide && from > 0 ? q(opt.blank)
                                      : a < 0          ? QStringLiteral("(%1)").arg(q(core::formatNumber(a)))
                                                       : q(core::formatNumber(a));
                out.lines << QCoreApplication::translate("TraceViewState", "its share of %1: %2·%3 = %4·%5 = %6")
                                 .arg(q(core::stageSymbol(t, "z", sel.stage, sel.neuron)), q(sym),
                                      q(core::stageSymbol(t, "a", from, sel.input)), q(core::formatNumber(w)), aText,
                                      hide ? q(opt.blank) : q(core::formatNumber(w * a)));
            }
            if (p.backwardDone(sel.stage))
                out.lines << QString::fromStdString(core::weightGradientFormula(t, sel.stage, sel.neuron, input, opt));
            else if (p.forwardDone(sel.stage))
                out.lines << notYet(t, sel.stage, true);
            if (p.updateDone())
                out.lines << QString::fromStdString(core::updateFormula(t, sel.stage, sel.neuron, input, opt));
            break;
        }
        case TraceSelection::Kind::Block: {
            out.title = QStringLiteral("%1 (%2)").arg(layer, QString::fromStdString(stageOf(t, sel.stage).type));
            if (!p.forwardDone(sel.stage)) {
                out.lines << notYet(t, sel.stage, false);
                break;
            }
            const TracePhase phase = p.updateDone() ? TracePhase::Update
                                     : p.backwardDone(sel.stage) ? TracePhase::Backward
                                                                 : TracePhase::Forward;
            out.lines = toQt(core::blockFormulas(t, sel.stage, phase, opt));
            break;
        }
        case TraceSelection::Kind::Loss:
            out.title = QCoreApplication::translate("TraceViewState", "loss (%1)").arg(QString::fromLatin1(core::lossName(t.loss).data(),
                                                                            static_cast<qsizetype>(core::lossName(t.loss).size())));
            if (!p.lossDone()) out.lines << QCoreApplication::translate("TraceViewState", "Not computed yet: step forward to the loss.");
            else out.lines = toQt(core::lossFormulas(t, opt, p.updateDone()));
            break;
    }
    out.title = prefix + out.title;
    return out;
}

}  // namespace layerlab::ui
