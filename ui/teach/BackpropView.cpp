#include "ui/teach/BackpropView.h"

#include "core/optim/optimizer.h"
#include "core/teach/trace_formulas.h"
#include "ui/FlowLayout.h"
#include "ui/editor/GraphDocument.h"
#include "ui/teach/GradientCheckRunner.h"
#include "ui/teach/NeuronDiagram.h"
#include "ui/teach/RecurrentUnrollView.h"
#include "ui/teach/TraceInputs.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace layerlab::ui {

namespace {

int playInterval(int speed) { return 2400 / std::clamp(speed, 1, 12); }

QString fromView(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

// Something to trace before the user picks a sample: 1, 0, 1, 0, ... for
// vectors; a bright disc on black for images.
std::vector<float> exampleInput(const core::Shape& shape) {
    std::vector<float> x(static_cast<std::size_t>(shape.size()), 0.0f);
    if (!shape.isImage()) {
        for (std::size_t i = 0; i < x.size(); i += 2) x[i] = 1.0f;
        return x;
    }
    const int H = shape.height(), W = shape.width();
    const double r = 0.3 * std::min(H, W), cy = (H - 1) / 2.0, cx = (W - 1) / 2.0;
    for (int c = 0; c < shape.channels(); ++c)
        for (int y = 0; y < H; ++y)
            for (int xx = 0; xx < W; ++xx)
                if ((y - cy) * (y - cy) + (xx - cx) * (xx - cx) <= r * r)
                    x[static_cast<std::size_t>((c * H + y) * W + xx)] = 1.0f;
    return x;
}

}  // namespace

BackpropView::BackpropView(GraphDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    buildUi();
    playTimer_ = new QTimer(this);
    playTimer_->setInterval(playInterval(speedSlider_->value()));
    connect(playTimer_, &QTimer::timeout, this, &BackpropView::playTick);
    recomputeTimer_ = new QTimer(this);
    recomputeTimer_->setSingleShot(true);
    recomputeTimer_->setInterval(0);
    connect(recomputeTimer_, &QTimer::timeout, this, &BackpropView::recompute);
    checker_ = new GradientCheckRunner(this);
    connect(checker_, &GradientCheckRunner::progress, this, [this](qint64 done, qint64 total) {
        if (!discardCheck_) checkLabel_->setText(tr("Gradient check: %1 of %2 parameters…").arg(done).arg(total));
    });
    connect(checker_, &GradientCheckRunner::finished, this, &BackpropView::onGradientCheckFinished);
    if (doc_) {
        for (auto signal : {&GraphDocument::shapesChanged, &GraphDocument::weightsChanged, &GraphDocument::trainingChanged,
                            &GraphDocument::reset})
            connect(doc_, signal, this, &BackpropView::scheduleRecompute);
        connect(doc_, &GraphDocument::reset, this, &BackpropView::forgetProject);
    }
    recompute();
}

BackpropView::~BackpropView() = default;

void BackpropView::buildUi() {
    auto* root = new QVBoxLayout(this);

    auto* sampleRow = new QHBoxLayout;
    sampleRow->addWidget(new QLabel(tr("Sample:")));
    sampleSpin_ = new QSpinBox;
    sampleSpin_->setObjectName(QStringLiteral("sampleSpin"));
    sampleSpin_->setEnabled(false);
    sampleSpin_->setToolTip(tr("Pick a sample of the loaded data"));
    dataLabel_ = new QLabel(tr("(no data loaded)"));
    dataLabel_->setObjectName(QStringLiteral("dataLabel"));
    sampleLabel_ = new QLabel;
    sampleLabel_->setObjectName(QStringLiteral("sampleLabel"));
    sampleLabel_->setStyleSheet(QStringLiteral("color: #555"));
    inputEdit_ = new QLineEdit;
    inputEdit_->setObjectName(QStringLiteral("inputEdit"));
    inputEdit_->setPlaceholderText(tr("inputs, e.g. 1, 0 (one value fills all)"));
    targetEdit_ = new QLineEdit;
    targetEdit_->setObjectName(QStringLiteral("targetEdit"));
    targetEdit_->setPlaceholderText(tr("class or values"));
    targetEdit_->setMaximumWidth(140);
    useValuesButton_ = new QPushButton(tr("Trace these values"));
    useValuesButton_->setObjectName(QStringLiteral("useValuesButton"));
    sampleRow->addWidget(sampleSpin_);
    sampleRow->addWidget(dataLabel_);
    sampleRow->addSpacing(12);
    sampleRow->addWidget(new QLabel(tr("Input x:")));
    sampleRow->addWidget(inputEdit_, 2);
    sampleRow->addWidget(new QLabel(tr("Target:")));
    sampleRow->addWidget(targetEdit_, 1);
    sampleRow->addWidget(useValuesButton_);
    root->addLayout(sampleRow);
    root->addWidget(sampleLabel_);

    auto* controls = new FlowLayout;  // wraps in a narrow panel or with large fonts
    auto button = [&](const QString& text, const char* name, const QString& tip) {
        auto* b = new QPushButton(text);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        controls->addWidget(b);
        return b;
    };
    backButton_ = button(tr("◀ Step back"), "stepBackButton", tr("Go back one step"));
    stepButton_ = button(tr("Step ▶"), "stepButton", tr("Forward one layer, the loss, backward one layer, the update"));
    playButton_ = button(tr("Play"), "playButton", tr("Step automatically"));
    playButton_->setCheckable(true);
    controls->addWidget(new QLabel(tr("Speed")));
    speedSlider_ = new QSlider(Qt::Horizontal);
    speedSlider_->setObjectName(QStringLiteral("speedSlider"));
    speedSlider_->setRange(1, 12);
    speedSlider_->setValue(3);
    speedSlider_->setMinimumWidth(90);
    speedSlider_->setMaximumWidth(110);
    controls->addWidget(speedSlider_);
    resetButton_ = button(tr("Reset"), "resetButton", tr("Back to the first step"));
    hideCheck_ = new QCheckBox(tr("Hide numbers"));
    hideCheck_->setObjectName(QStringLiteral("hideNumbersCheck"));
    hideCheck_->setToolTip(tr("Quiz mode: computed values show as ? so students predict them first"));
    controls->addWidget(hideCheck_);
    controls->addWidget(new QLabel(tr("Neurons per layer up to")));
    limitSpin_ = new QSpinBox;
    limitSpin_->setObjectName(QStringLiteral("neuronLimitSpin"));
    limitSpin_->setRange(1, 64);
    limitSpin_->setValue(16);
    limitSpin_->setToolTip(tr("Larger layers are drawn as one block with a heat map"));
    controls->addWidget(limitSpin_);
    fitButton_ = button(tr("Fit"), "fitButton",
                        tr("Fit the whole diagram into the view (Ctrl+0); the wheel zooms around the cursor"));
    checkButton_ = button(tr("Gradient check"), "gradientCheckButton",
                          tr("Compare backprop with finite differences for every parameter"));
    csvButton_ = button(tr("Export CSV…"), "exportCsvButton", tr("Every number of the trace, one per row"));
    markdownButton_ = button(tr("Export Markdown…"), "exportMarkdownButton",
                             tr("A worksheet with every formula (blanks when Hide numbers is on)"));
    root->addLayout(controls);

    stepLabel_ = new QLabel;
    stepLabel_->setObjectName(QStringLiteral("stepLabel"));
    QFont bold = stepLabel_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() + 1);
    stepLabel_->setFont(bold);
    stepLabel_->setWordWrap(true);
    root->addWidget(stepLabel_);

    auto* split = new QSplitter(Qt::Horizontal);
    diagram_ = new NeuronDiagram;
    diagram_->setObjectName(QStringLiteral("neuronDiagram"));
    buildUnrollTab(split);
    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(6, 0, 0, 0);
    formulaTitle_ = new QLabel;
    formulaTitle_->setObjectName(QStringLiteral("formulaTitle"));
    formulaTitle_->setFont(bold);
    formulaTitle_->setWordWrap(true);
    formulaLabel_ = new QLabel;
    formulaLabel_->setObjectName(QStringLiteral("formulaLabel"));
    formulaLabel_->setWordWrap(true);
    formulaLabel_->setTextFormat(Qt::RichText);
    formulaLabel_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    formulaLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = formulaLabel_->font();
    big.setPointSizeF(big.pointSizeF() + 1.5);
    formulaLabel_->setFont(big);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(formulaLabel_);
    scroll->setFrameShape(QFrame::NoFrame);
    checkLabel_ = new QLabel;
    checkLabel_->setObjectName(QStringLiteral("gradientCheckLabel"));
    checkLabel_->setWordWrap(true);
    notesLabel_ = new QLabel;
    notesLabel_->setObjectName(QStringLiteral("notesLabel"));
    notesLabel_->setWordWrap(true);
    notesLabel_->setStyleSheet(QStringLiteral("color: #555"));
    sideLayout->addWidget(formulaTitle_);
    sideLayout->addWidget(scroll, 1);
    sideLayout->addWidget(checkLabel_);
    sideLayout->addWidget(notesLabel_);
    side->setMinimumWidth(300);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    root->addWidget(split, 1);

    statusLabel_ = new QLabel;
    statusLabel_->setObjectName(QStringLiteral("statusLabel"));
    statusLabel_->setWordWrap(true);
    statusLabel_->setStyleSheet(QStringLiteral("color: #b00020"));
    statusLabel_->hide();
    root->addWidget(statusLabel_);

    connect(sampleSpin_, &QSpinBox::valueChanged, this, &BackpropView::pickDataSample);
    connect(useValuesButton_, &QPushButton::clicked, this, &BackpropView::useTypedValues);
    connect(inputEdit_, &QLineEdit::returnPressed, this, &BackpropView::useTypedValues);
    connect(targetEdit_, &QLineEdit::returnPressed, this, &BackpropView::useTypedValues);
    connect(backButton_, &QPushButton::clicked, this, &BackpropView::stepBack);
    connect(stepButton_, &QPushButton::clicked, this, &BackpropView::stepForward);
    connect(playButton_, &QPushButton::toggled, this, &BackpropView::setPlaying);
    connect(speedSlider_, &QSlider::valueChanged, this, [this](int v) { playTimer_->setInterval(playInterval(v)); });
    connect(resetButton_, &QPushButton::clicked, this, &BackpropView::resetSteps);
    connect(hideCheck_, &QCheckBox::toggled, this, [this](bool hide) {
        diagram_->setHideNumbers(hide);
        unroll_->setHideNumbers(hide);
        updateFormula();
    });
    connect(limitSpin_, &QSpinBox::valueChanged, diagram_, &NeuronDiagram::setNeuronLimit);
    connect(fitButton_, &QPushButton::clicked, diagram_, &NeuronDiagram::fitAll);
    connect(checkButton_, &QPushButton::clicked, this, &BackpropView::startOrCancelGradientCheck);
    connect(csvButton_, &QPushButton::clicked, this, [this] { askExport(false); });
    connect(markdownButton_, &QPushButton::clicked, this, [this] { askExport(true); });
    connect(diagram_, &NeuronDiagram::selectionChanged, this, [this] {
        unrollFormula_ = false;
        updateFormula();
    });
    connect(diagram_, &NeuronDiagram::editRequested, this, &BackpropView::editParameter);  // BackpropViewEdit.cpp
}

int BackpropView::stepCount() const { return trace_ ? StepProgress::stepCount(*trace_) : 0; }

TraceSelection BackpropView::selection() const { return diagram_->selection(); }

QString BackpropView::formulaText() const { return plainFormula_; }

void BackpropView::setDisplayScale(double scale) {
    diagram_->setDisplayScale(scale);
    unroll_->setDisplayScale(scale);
}

void BackpropView::scheduleRecompute() {
    if (isVisible()) recomputeTimer_->start();
    else stale_ = true;  // nobody looks: trace when shown
}

void BackpropView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (stale_) recompute();
}

void BackpropView::recompute() {
    recomputeTimer_->stop();
    stale_ = false;
    closeParameterEditor();  // it was opened for the trace being replaced (BackpropViewEdit.cpp)
    if (!doc_) {
        showProblem(tr("No document is open."));
        return;
    }
    auto compiled = compileForTrace(doc_->project());
    if (!compiled) {
        showProblem(tr("The network does not compile, so there is nothing to trace: %1")
                        .arg(QString::fromStdString(compiled.error().message)));
        return;
    }
    weightsNote_ = compiled->weightsNote;
    core::Network& net = compiled->net;
    ensureSample(net);
    core::TraceOptions options;
    options.learningRate = doc_->project().training.optimizer.learningRate;
    auto traced = core::traceSample(net, input_, target_, options);
    if (!traced) {
        showProblem(tr("This sample cannot be traced: %1. Type other values or pick a sample.")
                        .arg(QString::fromStdString(traced.error().message)));
        return;
    }
    problem_.clear();
    statusLabel_->hide();
    trace_ = std::make_shared<const core::Trace>(std::move(traced).value());
    step_ = std::clamp(step_, 0, stepCount() - 1);
    diagram_->setStepIndex(step_);
    diagram_->setTrace(trace_);
    syncUnroll(false);
    updateStepUi();
    updateFormula();
    updateNotes();
    emit traceChanged();
}

void BackpropView::showProblem(const QString& problem) {
    setPlaying(false);
    problem_ = problem;
    trace_.reset();
    diagram_->setMessage(problem);
    syncUnroll(false);
    statusLabel_->setText(problem);
    statusLabel_->show();
    updateStepUi();
    updateFormula();
    updateNotes();
    emit traceChanged();
}

void BackpropView::ensureSample(const core::Network& net) {
    const int n = net.inputShape().size();
    if (hasSample_ && !(defaultSample_ && static_cast<int>(input_.size()) != n)) return;
    if (data_ && data_->count() > 0 && data_->featureCount() == n) {
        const DataSample s = sampleOf(*data_, std::clamp(sampleSpin_->value(), 0, data_->count() - 1), split_);
        input_ = s.input;
        target_ = s.target;
        description_ = s.description;
        defaultSample_ = false;
    } else {
        input_ = exampleInput(net.inputShape());
        const int outputs = net.outputShape().size();
        target_ = {net.loss() == core::LossKind::SoftmaxCrossEntropy ? std::min(1, outputs - 1) : 1, {}};
        description_ = tr("example values (type your own, or pick a sample of the data)");
        defaultSample_ = true;
    }
    hasSample_ = true;
    inputEdit_->setText(valuesText(input_));
    targetEdit_->setText(targetText(target_));
    sampleLabel_->setText(description_);
}

void BackpropView::setSample(std::vector<float> input, int label, const QString& description) {
    assignSample(std::move(input), core::TraceTarget{label, {}}, description);
    recompute();
}

void BackpropView::setSample(std::vector<float> input, std::vector<float> target, const QString& description) {
    assignSample(std::move(input), core::TraceTarget{-1, std::move(target)}, description);
    recompute();
}

void BackpropView::assignSample(std::vector<float> input, core::TraceTarget target, const QString& description) {
    input_ = std::move(input);
    target_ = std::move(target);
    description_ = description;
    hasSample_ = true;
    defaultSample_ = false;
    inputEdit_->setText(valuesText(input_));
    targetEdit_->setText(targetText(target_));
    sampleLabel_->setText(description_);
}

void BackpropView::setData(std::shared_ptr<const core::Dataset> data, const QString& split, int index) {
    data_ = std::move(data);
    split_ = data_ ? split : QString();
    const QSignalBlocker block(sampleSpin_);
    if (!data_ || data_->count() == 0) {
        sampleSpin_->setEnabled(false);
        dataLabel_->setText(tr("(no data loaded)"));
        return;
    }
    sampleSpin_->setRange(0, data_->count() - 1);
    sampleSpin_->setEnabled(true);
    if (index >= 0) sampleSpin_->setValue(std::min(index, data_->count() - 1));
    dataLabel_->setText(split_.isEmpty() ? tr("of %1").arg(data_->count())
                                         : tr("of %1 %2 samples").arg(data_->count()).arg(split_));
    pickDataSample(sampleSpin_->value());
}

void BackpropView::forgetProject() {
    setPlaying(false);
    if (checker_->isRunning()) {
        discardCheck_ = true;
        checker_->cancel();
    }
    checkButton_->setText(tr("Gradient check"));
    checkLabel_->clear();
    setData(nullptr);
    {
        const QSignalBlocker block(sampleSpin_);
        sampleSpin_->setValue(0);
    }
    hasSample_ = false;
    defaultSample_ = false;
    input_.clear();
    target_ = {};
    description_.clear();
    sampleLabel_->clear();
    inputEdit_->clear();
    targetEdit_->clear();
    step_ = 0;
    recompute();  // the new project's network, with example values until its data arrive
}

void BackpropView::pickDataSample(int index) {
    if (!data_ || index < 0 || index >= data_->count()) return;
    DataSample s = sampleOf(*data_, index, split_);
    assignSample(std::move(s.input), std::move(s.target), s.description);
    recompute();
}

void BackpropView::useTypedValues() {
    if (!doc_) return;
    auto net = core::compileNetwork(doc_->project().graph, doc_->project().training.loss);
    if (!net) {
        showProblem(tr("The network does not compile: %1").arg(QString::fromStdString(net.error().message)));
        return;
    }
    const bool abbreviated = inputEdit_->text().startsWith(QLatin1Char('('));
    auto input = abbreviated ? core::Result<std::vector<float>>(input_)
                             : parseInputValues(inputEdit_->text(), net->inputShape().size());
    auto target = parseTarget(targetEdit_->text(), net->loss(), net->outputShape().size());
    if (!input || !target) {
        statusLabel_->setText(tr("Typed values: %1")
                                  .arg(QString::fromStdString(!input ? input.error().message : target.error().message)));
        statusLabel_->show();
        return;
    }
    input_ = std::move(input).value();
    target_ = std::move(target).value();
    description_ = tr("typed values");
    hasSample_ = true;
    defaultSample_ = false;
    sampleLabel_->setText(description_);
    recompute();
}

void BackpropView::setStep(int index) {
    if (!trace_) return;
    step_ = std::clamp(index, 0, stepCount() - 1);
    diagram_->setStepIndex(step_);
    syncUnroll(true);
    updateStepUi();
    updateFormula();
    emit stepChanged(step_);
}

void BackpropView::stepForward() { setStep(step_ + 1); }

void BackpropView::stepBack() { setStep(step_ - 1); }

void BackpropView::resetSteps() {
    setPlaying(false);
    setStep(0);
}

void BackpropView::setPlaying(bool playing) {
    if (playing && (!trace_ || stepCount() < 2)) playing = false;
    if (playing && step_ + 1 >= stepCount()) setStep(0);
    if (playing) playTimer_->start();
    else playTimer_->stop();
    const QSignalBlocker block(playButton_);
    playButton_->setChecked(playing);
    playButton_->setText(playing ? tr("Pause") : tr("Play"));
}

void BackpropView::updateStepUi() {
    const bool have = trace_ != nullptr;
    backButton_->setEnabled(have && step_ > 0);
    stepButton_->setEnabled(have && step_ + 1 < stepCount());
    playButton_->setEnabled(have);
    resetButton_->setEnabled(have);
    checkButton_->setEnabled(have || checker_->isRunning());
    csvButton_->setEnabled(have);
    markdownButton_->setEnabled(have);
    if (!have) {
        stepLabel_->setText(tr("Nothing to trace"));
        return;
    }
    const StepProgress p(*trace_, step_);
    stepLabel_->setText(tr("Step %1 of %2 — %3")
                            .arg(step_ + 1)
                            .arg(stepCount())
                            .arg(QString::fromStdString(core::describeStep(*trace_, p.step()))));
}

void BackpropView::updateFormula() {
    if (!trace_) {
        formulaTitle_->clear();
        formulaLabel_->clear();
        plainFormula_.clear();
        return;
    }
    const bool unrolled = unrollFormula_ && showsUnrollTab() && !unroll_->formula().title.isEmpty();
    const FormulaText f = unrolled ? unroll_->formula()
                                   : ui::formulaText(*trace_, diagram_->selection(), StepProgress(*trace_, step_),
                                                     hideCheck_->isChecked());
    formulaTitle_->setText(f.title);
    QString html;
    for (const QString& line : f.lines) html += QStringLiteral("<p style=\"margin:0 0 8px 0\">%1</p>").arg(line.toHtmlEscaped());
    if (!unrolled && diagram_->selection().kind == TraceSelection::Kind::None)
        html += QStringLiteral("<p style=\"color:#777\">%1</p>")
                    .arg(tr("Click a neuron, a weight (edge), a bias, a block or the loss to see its formula.").toHtmlEscaped());
    formulaLabel_->setText(html);
    plainFormula_ = f.title + QLatin1Char('\n') + f.lines.join(QLatin1Char('\n'));
}

void BackpropView::updateNotes() {
    QStringList notes;
    if (trace_ && doc_) {
        notes << weightsNote_;
        const core::OptimizerConfig& o = doc_->project().training.optimizer;
        QString update = tr("The update shown is one plain gradient-descent step, w ← w − α·∂L/∂w, with the project's "
                            "learning rate α = %1")
                             .arg(QString::fromStdString(core::formatNumber(o.learningRate)));
        if (o.kind != core::OptimizerKind::SGD) update += tr("; training itself uses %1").arg(fromView(core::optimizerName(o.kind)));
        if (o.weightDecay > 0 || o.l1 > 0 || o.clipNorm > 0) update += tr(" (weight decay, L1 and clipping are left out here)");
        notes << update + QLatin1Char('.');
        for (const std::string& n : trace_->notes) notes << QString::fromStdString(n);
    }
    notesLabel_->setText(notes.join(QLatin1Char('\n')));
}

}  // namespace layerlab::ui
