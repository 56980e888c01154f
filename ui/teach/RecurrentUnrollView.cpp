#include "ui/teach/RecurrentUnrollView.h"

#include "core/teach/trace_formulas.h"
#include "core/teach/trace_recurrent.h"
#include "ui/PlotScale.h"
#include "ui/teach/DiagramItems.h"
#include "ui/teach/UnrollGrid.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace layerlab::ui {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(double v) { return q(core::formatNumber(v)); }
QString tr(const char* text) { return RecurrentUnrollView::tr(text); }

QString gateLabel(const std::string& cell, const std::string& gate) {
    if (cell == "LSTM") {
        if (gate == "i") return tr("input gate");
        if (gate == "f") return tr("forget gate");
        if (gate == "g") return tr("candidate");
        return tr("output gate");
    }
    if (gate == "r") return tr("reset gate");
    if (gate == "z") return tr("update gate");
    return tr("candidate");
}

template <class Get>
UnrollBand band(const core::RecurrentTrace& r, QString symbol, QString label, Get get, bool input = false) {
    UnrollBand b{std::move(symbol), std::move(label), {}, input};
    for (const core::RecurrentStep& s : r.unrolled) b.values.push_back(get(s));
    return b;
}

std::vector<UnrollBand> forwardBands(const core::RecurrentTrace& r) {
    std::vector<UnrollBand> out;
    out.push_back(band(r, QStringLiteral("x"), tr("input"), [](const core::RecurrentStep& s) { return s.x; }, true));
    if (r.cell == "SimpleRNN") {
        out.push_back(band(r, QStringLiteral("pre"), QStringLiteral("W_ih x + W_hh h + b"),
                           [](const core::RecurrentStep& s) { return s.pre.front(); }));
    } else {
        for (std::size_t g = 0; g < r.gates.size(); ++g)
            out.push_back(band(r, q(r.gates[g]), gateLabel(r.cell, r.gates[g]),
                               [g](const core::RecurrentStep& s) { return s.gate[g]; }));
    }
    if (!r.unrolled.empty() && !r.unrolled.front().c.empty())
        out.push_back(band(r, QStringLiteral("c"), tr("cell state"), [](const core::RecurrentStep& s) { return s.c; }));
    out.push_back(band(r, QStringLiteral("h"), tr("hidden state"), [](const core::RecurrentStep& s) { return s.h; }));
    return out;
}

std::vector<UnrollBand> backwardBands(const core::RecurrentTrace& r) {
    std::vector<UnrollBand> out;
    if (r.unrolled.empty() || r.unrolled.front().dh.empty()) return out;
    out.push_back(band(r, QStringLiteral("∂L/∂h"), tr("reaching h_t"), [](const core::RecurrentStep& s) { return s.dh; }));
    for (std::size_t g = 0; g < r.gates.size(); ++g) {
        const bool simple = r.cell == "SimpleRNN";
        out.push_back(band(r, simple ? QStringLiteral("∂L/∂pre") : QStringLiteral("∂L/∂pre_") + q(r.gates[g]),
                           simple ? tr("into tanh") : gateLabel(r.cell, r.gates[g]),
                           [g](const core::RecurrentStep& s) { return s.dPre[g]; }));
    }
    return out;
}

QScrollArea* scrolled(QWidget* w) {
    auto* s = new QScrollArea;
    s->setWidget(w);
    s->setWidgetResizable(false);
    s->setFrameShape(QFrame::NoFrame);
    s->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return s;
}

}  // namespace

RecurrentUnrollView::RecurrentUnrollView(QWidget* parent) : QWidget(parent) { buildUi(); }

void RecurrentUnrollView::buildUi() {
    auto* root = new QVBoxLayout(this);
    root->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    layerCombo_ = new QComboBox;
    layerCombo_->setObjectName(QStringLiteral("unrollLayerCombo"));
    layerCombo_->setToolTip(tr("Which recurrent layer to unroll"));
    titleLabel_ = new QLabel;
    titleLabel_->setObjectName(QStringLiteral("unrollTitle"));
    QFont bold = titleLabel_->font();
    bold.setBold(true);
    titleLabel_->setFont(bold);
    titleLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the panel
    timeBack_ = new QPushButton(tr("◀ t"));
    timeBack_->setObjectName(QStringLiteral("timeBackButton"));
    timeBack_->setToolTip(tr("One time step earlier"));
    timeSlider_ = new QSlider(Qt::Horizontal);
    timeSlider_->setObjectName(QStringLiteral("timeSlider"));
    timeSlider_->setMinimumWidth(80);
    timeSpin_ = new QSpinBox;
    timeSpin_->setObjectName(QStringLiteral("timeSpin"));
    timeSpin_->setPrefix(QStringLiteral("t = "));
    timeForward_ = new QPushButton(tr("t ▶"));
    timeForward_->setObjectName(QStringLiteral("timeStepButton"));
    timeForward_->setToolTip(tr("One time step later"));
    top->addWidget(layerCombo_);
    top->addWidget(titleLabel_, 1);
    top->addWidget(new QLabel(tr("Time step")));
    top->addWidget(timeBack_);
    top->addWidget(timeSlider_, 1);
    top->addWidget(timeSpin_);
    top->addWidget(timeForward_);
    root->addLayout(top);
    phaseLabel_ = new QLabel;
    phaseLabel_->setObjectName(QStringLiteral("unrollPhaseLabel"));
    phaseLabel_->setWordWrap(true);
    root->addWidget(phaseLabel_);

    pages_ = new QTabWidget;
    pages_->setObjectName(QStringLiteral("unrollPages"));
    pages_->setDocumentMode(true);
    forward_ = new UnrollGrid;
    forward_->setObjectName(QStringLiteral("forwardGrid"));
    forwardScroll_ = scrolled(forward_);
    pages_->addTab(forwardScroll_, tr("Forward in time"));

    auto* back = new QSplitter(Qt::Horizontal);
    backward_ = new UnrollGrid;
    backward_->setObjectName(QStringLiteral("backwardGrid"));
    backwardScroll_ = scrolled(backward_);
    back->addWidget(backwardScroll_);
    auto* chart = new QWidget;
    auto* chartLayout = new QVBoxLayout(chart);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot;
    plot_->setObjectName(QStringLiteral("unrollGradientPlot"));
    plot_->setMinimumSize(180, 100);
    usePowersOfTen(plot_->yAxis);
    plot_->xAxis->setLabel(tr("time step t"));
    plot_->yAxis->setLabel(tr("‖∂L/∂hₜ‖ (log)"));
    QCPGraph* norms = plot_->addGraph();
    norms->setPen(QPen(diagram::gradient(), 2));
    norms->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, diagram::gradient(), Qt::white, 7));
    QCPGraph* now = plot_->addGraph();
    now->setLineStyle(QCPGraph::lsNone);
    now->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(230, 150, 0), QColor(230, 150, 0), 12));
    readingLabel_ = new QLabel;
    readingLabel_->setObjectName(QStringLiteral("gradientReading"));
    readingLabel_->setWordWrap(true);
    chartLayout->addWidget(readingLabel_);
    chartLayout->addWidget(plot_, 1);
    back->addWidget(chart);
    back->setStretchFactor(0, 3);
    back->setStretchFactor(1, 2);
    back->setSizes({650, 350});
    pages_->addTab(back, tr("Backward through time"));

    auto* update = new QWidget;
    auto* updateLayout = new QVBoxLayout(update);
    updateLabel_ = new QLabel;
    updateLabel_->setObjectName(QStringLiteral("unrollUpdateLabel"));
    updateLabel_->setWordWrap(true);
    updateLayout->addWidget(updateLabel_);
    weightGrid_ = new QGridLayout;
    updateLayout->addLayout(weightGrid_);
    updateLayout->addStretch(1);
    auto* updateScroll = scrolled(update);
    updateScroll->setWidgetResizable(true);
    pages_->addTab(updateScroll, tr("Update"));
    root->addWidget(pages_, 1);

    for (auto [scroll, grid] : {std::pair{forwardScroll_, forward_}, std::pair{backwardScroll_, backward_}}) {
        scroll->viewport()->installEventFilter(this);
        // The grid's row names stick to the view's left edge: redraw when it scrolls.
        connect(scroll->horizontalScrollBar(), &QScrollBar::valueChanged, grid, qOverload<>(&QWidget::update));
    }
    connect(layerCombo_, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0 && i < static_cast<int>(stages_.size())) showStage(stages_[static_cast<std::size_t>(i)]);
    });
    connect(timeSlider_, &QSlider::valueChanged, this, &RecurrentUnrollView::setTimeStep);
    connect(timeSpin_, &QSpinBox::valueChanged, this, &RecurrentUnrollView::setTimeStep);
    connect(timeBack_, &QPushButton::clicked, this, [this] { setTimeStep(time_ - 1); });
    connect(timeForward_, &QPushButton::clicked, this, [this] { setTimeStep(time_ + 1); });
    connect(forward_, &UnrollGrid::cellClicked, this, [this](int b, int t, int j) { selectCell(false, b, t, j); });
    connect(backward_, &UnrollGrid::cellClicked, this, [this](int b, int t, int j) { selectCell(true, b, t, j); });
}

bool RecurrentUnrollView::eventFilter(QObject* watched, QEvent* event) {
    // The heat maps share the height the panel shows.
    if (event->type() == QEvent::Resize) {
        if (watched == forwardScroll_->viewport()) forward_->setFitHeight(forwardScroll_->viewport()->height());
        if (watched == backwardScroll_->viewport()) backward_->setFitHeight(backwardScroll_->viewport()->height());
    }
    return QWidget::eventFilter(watched, event);
}

QSize RecurrentUnrollView::sizeHint() const { return minimumSizeHint().expandedTo(QSize(480, 260)); }

const core::RecurrentTrace* RecurrentUnrollView::record() const {
    if (!trace_ || stage_ < 0 || stage_ >= static_cast<int>(trace_->stages.size())) return nullptr;
    const auto& rec = trace_->stages[static_cast<std::size_t>(stage_)].recurrent;
    return rec.empty() ? nullptr : &rec.front();
}

int RecurrentUnrollView::steps() const {
    const core::RecurrentTrace* r = record();
    return r ? static_cast<int>(r->unrolled.size()) : 0;
}

void RecurrentUnrollView::setTrace(std::shared_ptr<const core::Trace> trace) {
    trace_ = std::move(trace);
    stages_.clear();
    if (trace_)
        for (std::size_t s = 0; s < trace_->stages.size(); ++s)
            if (!trace_->stages[s].recurrent.empty() && !trace_->stages[s].recurrent.front().unrolled.empty())
                stages_.push_back(static_cast<int>(s));
    if (std::find(stages_.begin(), stages_.end(), stage_) == stages_.end())
        stage_ = stages_.empty() ? -1 : stages_.front();
    {
        const QSignalBlocker block(layerCombo_);
        layerCombo_->clear();
        for (int s : stages_) layerCombo_->addItem(q(trace_->stages[static_cast<std::size_t>(s)].name));
        const auto at = std::find(stages_.begin(), stages_.end(), stage_);
        if (at != stages_.end()) layerCombo_->setCurrentIndex(static_cast<int>(at - stages_.begin()));
    }
    layerCombo_->setVisible(stages_.size() > 1);
    if (trace_) step_ = std::clamp(step_, 0, StepProgress::stepCount(*trace_) - 1);
    rebuildLayer();
}

void RecurrentUnrollView::showStage(int stage) {
    const auto at = std::find(stages_.begin(), stages_.end(), stage);
    if (at == stages_.end() || stage == stage_) return;
    stage_ = stage;
    {
        const QSignalBlocker block(layerCombo_);
        layerCombo_->setCurrentIndex(static_cast<int>(at - stages_.begin()));
    }
    cell_ = {};
    rebuildLayer();
}

void RecurrentUnrollView::rebuildLayer() {
    const core::RecurrentTrace* r = record();
    const int T = steps();
    if (!r) {
        forward_->setBands({}, 0);
        backward_->setBands({}, 0);
        cell_ = {};
        formula_ = {};
        refresh();
        return;
    }
    const int units = r->units;
    const Cell keep = cell_;
    forward_->setBands(forwardBands(*r), T);
    backward_->setBands(backwardBands(*r), T);
    time_ = std::clamp(time_, 0, T - 1);
    cell_ = keep;
    if (cell_.band >= (cell_.backward ? backward_ : forward_)->bandCount() || cell_.t >= T ||
        cell_.unit >= std::max(units, r->features))
        cell_ = {};
    {
        const QSignalBlocker a(timeSlider_), b(timeSpin_);
        timeSlider_->setRange(0, T - 1);
        timeSpin_->setRange(0, T - 1);
    }
    const core::TraceStage& s = trace_->stages[static_cast<std::size_t>(stage_)];
    titleLabel_->setText(tr("%1: %2(%3, %4), %5 steps × %6")
                             .arg(q(s.name), q(r->cell))
                             .arg(units)
                             .arg(q(r->activation))
                             .arg(T)
                             .arg(r->features));
    titleLabel_->setToolTip(titleLabel_->text());
    refreshWeights();
    refresh();
}

void RecurrentUnrollView::setStepIndex(int index) {
    if (!trace_) {
        step_ = index;
        return;
    }
    index = std::clamp(index, 0, StepProgress::stepCount(*trace_) - 1);
    const bool moved = index != step_;
    step_ = index;
    const StepProgress p(*trace_, step_);
    const core::TracePhase phase = p.step().phase;
    if (moved && p.activeStage() == stage_) time_ = phase == core::TracePhase::Forward ? 0 : steps() - 1;
    if (moved) {
        const Page page = p.updateDone() ? Page::Update : phase == core::TracePhase::Backward ? Page::Backward : Page::Forward;
        pages_->setCurrentIndex(static_cast<int>(page));
    }
    refreshWeights();
    refresh();
}

void RecurrentUnrollView::setTimeStep(int t) {
    const int T = steps();
    if (T == 0) return;
    t = std::clamp(t, 0, T - 1);
    if (t == time_ && timeSlider_->value() == t) return;
    time_ = t;
    refresh();
    emit timeStepChanged(time_);
}

bool RecurrentUnrollView::advanceTime() {
    if (!trace_ || !record()) return false;
    const StepProgress p(*trace_, step_);
    if (p.activeStage() != stage_) return false;
    const bool forward = p.step().phase == core::TracePhase::Forward;
    const int next = forward ? time_ + 1 : time_ - 1;
    if (next < 0 || next >= steps()) return false;
    setTimeStep(next);
    return true;
}

RecurrentUnrollView::Page RecurrentUnrollView::page() const { return static_cast<Page>(pages_->currentIndex()); }

void RecurrentUnrollView::setHideNumbers(bool hide) {
    hide_ = hide;
    forward_->setHideNumbers(hide);
    backward_->setHideNumbers(hide);
    refreshWeights();
    refresh();
}

void RecurrentUnrollView::setDisplayScale(double scale) {
    scale_ = scale;
    forward_->setDisplayScale(scale);
    backward_->setDisplayScale(scale);
    setPlotScale(plot_, scale);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    refreshWeights();
}

void RecurrentUnrollView::refresh() {
    const core::RecurrentTrace* r = record();
    const int T = steps();
    for (QWidget* w : std::initializer_list<QWidget*>{timeBack_, timeForward_, timeSlider_, timeSpin_})
        w->setEnabled(r != nullptr);
    if (!r) {
        titleLabel_->setText(tr("No recurrent layer in this network."));
        phaseLabel_->clear();
        readingLabel_->clear();
        refreshPlot();
        return;
    }
    {
        const QSignalBlocker a(timeSlider_), b(timeSpin_);
        timeSlider_->setValue(time_);
        timeSpin_->setValue(time_);
    }
    timeBack_->setEnabled(time_ > 0);
    timeForward_->setEnabled(time_ + 1 < T);
    const StepProgress p(*trace_, step_);
    const core::TraceStage& s = trace_->stages[static_cast<std::size_t>(stage_)];
    const int inputStage = s.inputStages.empty() ? 0 : s.inputStages.front();
    const bool fwdActive = p.activeStage() == stage_ && p.step().phase == core::TracePhase::Forward;
    const bool bwdActive = p.activeStage() == stage_ && p.step().phase == core::TracePhase::Backward;
    const bool fwdDone = p.forwardDone(stage_), bwdDone = p.backwardDone(stage_);
    const int last = T - 1;
    forward_->setRevealed(0, p.forwardDone(inputStage) ? 0 : 1, p.forwardDone(inputStage) ? last : 0);
    for (int b = 1; b < forward_->bandCount(); ++b)
        forward_->setRevealed(b, fwdDone ? 0 : 1, fwdActive ? time_ : fwdDone ? last : 0);
    for (int b = 0; b < backward_->bandCount(); ++b)
        backward_->setRevealed(b, bwdActive ? time_ : bwdDone ? 0 : 1, bwdDone ? last : 0);
    forward_->setCurrentStep(time_);
    backward_->setCurrentStep(time_);
    // The current time step stays in sight when the grid is wider than its page.
    for (auto [scroll, grid] : {std::pair{forwardScroll_, forward_}, std::pair{backwardScroll_, backward_}})
        if (const QRect c = grid->cellRect(0, time_, 0); !c.isEmpty()) scroll->ensureVisible(c.center().x(), 0, grid->rowNamesWidth() + c.width(), 0);
    const QString name = q(s.name);
    const QString output = r->returnSequences ? tr("every h_t is an output (return_sequences)")
                                              : tr("only h_%1, the last, is its output").arg(last);
    QString phase;
    if (!fwdDone) phase = tr("The forward pass has not reached %1 yet: Step ▶ to it.").arg(name);
    else if (fwdActive && time_ < last)
        phase = tr("Forward through time: steps 0 to %1 computed; h_%1%2 feed step %3. Press t ▶ (or Play) for the next one.")
                    .arg(time_)
                    .arg(r->cell == "LSTM" ? tr(" and c_%1").arg(time_) : QString())
                    .arg(time_ + 1);
    else if (bwdActive && time_ > 0)
        phase = tr("Backward through time: ∂L/∂h has flowed back from step %1 to step %2. Press t ◀ (or Play) to pass it "
                   "one step further back.")
                    .arg(last)
                    .arg(time_);
    else if (p.updateDone())
        phase = tr("Update: W_ih, W_hh and the biases take one gradient step, each gradient summed over the %1 time steps.")
                    .arg(T);
    else if (bwdDone) phase = tr("Backward through time done: the gradient reached step 0; every step added its share to ∂L/∂W.");
    else phase = tr("Forward through time done: %1 ran the same weights %2 times; %3.").arg(name).arg(T).arg(output);
    phaseLabel_->setText(phase);
    // The reading once the gradient has come all the way back to step 0.
    const bool atStart = bwdDone && (!bwdActive || time_ == 0);
    readingLabel_->setText(!bwdDone ? tr("The gradient has not reached %1 yet.").arg(name)
                           : hide_  ? tr("Hidden (quiz mode): will ‖∂L/∂hₜ‖ shrink or grow on its way back to t = 0?")
                           : atStart ? gradientReading()
                                     : tr("‖∂L/∂hₜ‖ from step %1 back to step %2 so far; what reaches step 0?").arg(last).arg(time_));
    refreshPlot();
    updateFormula();
}

void RecurrentUnrollView::refreshPlot() {
    QCPGraph* norms = plot_->graph(0);
    QCPGraph* now = plot_->graph(1);
    norms->data()->clear();
    now->data()->clear();
    const core::RecurrentTrace* r = record();
    if (r && trace_) {
        const StepProgress p(*trace_, step_);
        const bool bwdActive = p.activeStage() == stage_ && p.step().phase == core::TracePhase::Backward;
        const int T = steps();
        double lo = 0, hi = 0;
        for (int t = 0; t < T; ++t) {
            const double v = r->unrolled[static_cast<std::size_t>(t)].dhNorm;
            if (v > 0) {
                lo = lo > 0 ? std::min(lo, v) : v;
                hi = std::max(hi, v);
            }
            if (p.backwardDone(stage_) && (!bwdActive || t >= time_)) norms->addData(t, v);
        }
        if (!norms->data()->isEmpty() && time_ >= 0 && (!bwdActive || time_ < T))
            now->addData(time_, r->unrolled[static_cast<std::size_t>(time_)].dhNorm);
        plot_->xAxis->setRange(-0.5, T - 0.5);
        if (hi > 0) plot_->yAxis->setRange(lo / 2, hi * 2);
        norms->setVisible(!hide_);
        now->setVisible(!hide_);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString RecurrentUnrollView::gradientReading() const {
    const core::RecurrentTrace* r = record();
    if (!r || r->unrolled.empty() || r->unrolled.front().dh.empty()) return {};
    const int T = steps();
    const double first = r->unrolled.front().dhNorm, lastNorm = r->unrolled.back().dhNorm;
    const QString spread = tr("(largest / smallest ‖∂L/∂hₜ‖ over the steps: %1)").arg(num(r->gradientRatio()));
    if (T < 2) return tr("One time step: there is nothing to flow back through.");
    if (lastNorm == 0) return tr("No gradient reached the last step (‖∂L/∂h_%1‖ = 0).").arg(T - 1);
    const double rel = first / lastNorm;
    if (rel < 0.5)
        return tr("The gradient at step 0 is %1 of the last step's: it %2 on the way back %3")
            .arg(num(rel), rel < 1e-2 ? tr("vanished") : tr("shrank"), spread);
    if (rel > 2)
        return tr("The gradient at step 0 is %1 times the last step's: it %2 on the way back %3")
            .arg(num(rel), rel > 1e2 ? tr("exploded") : tr("grew"), spread);
    return tr("The gradient at step 0 is %1 of the last step's: it kept its size on the way back %2").arg(num(rel), spread);
}

void RecurrentUnrollView::selectCell(bool backward, int band, int t, int unit) {
    cell_ = {backward, band, t, unit};
    forward_->setSelectedCell(backward ? -1 : band, t, unit);
    backward_->setSelectedCell(backward ? band : -1, t, unit);
    updateFormula();
    emit formulaChanged();
}

void RecurrentUnrollView::updateFormula() {
    formula_ = {};
    const core::RecurrentTrace* r = record();
    if (!r || cell_.band < 0) return;
    UnrollGrid* grid = cell_.backward ? backward_ : forward_;
    const QString name = q(trace_->stages[static_cast<std::size_t>(stage_)].name);
    const QString sub = q(core::subscript(cell_.t));
    const bool input = !cell_.backward && cell_.band == 0;
    formula_.title = input ? tr("%1: input x%2, feature %3 (time step t = %4)").arg(name, sub).arg(cell_.unit + 1).arg(cell_.t)
                           : tr("%1 (%2), unit %3 at time step t = %4%5")
                                 .arg(name, q(r->cell))
                                 .arg(cell_.unit + 1)
                                 .arg(cell_.t)
                                 .arg(cell_.backward ? tr(", backward") : QString());
    if (!grid->revealed(cell_.band, cell_.t)) {
        formula_.lines << (cell_.backward ? tr("Not computed yet: the gradient has not flowed back to this step.")
                                          : tr("Not computed yet: step forward through time to this step."));
        return;
    }
    if (input) {
        const float x = r->unrolled[static_cast<std::size_t>(cell_.t)].x[static_cast<std::size_t>(cell_.unit)];
        formula_.lines << tr("x%1 = %2: what the layer reads at step %3; every unit sees it").arg(sub, num(x)).arg(cell_.t);
        return;
    }
    // Quiz mode: core writes the computed results as "?", the operands stay.
    core::FormulaOptions opt;
    opt.hideResults = hide_;
    const auto lines = cell_.backward ? core::recurrentBackwardFormulas(*r, cell_.t, cell_.unit, opt)
                                      : core::recurrentForwardFormulas(*r, cell_.t, cell_.unit, opt);
    for (const std::string& l : lines) formula_.lines << q(l);
}

QString RecurrentUnrollView::formulaText() const {
    return formula_.title + QLatin1Char('\n') + formula_.lines.join(QLatin1Char('\n'));
}

}  // namespace layerlab::ui
