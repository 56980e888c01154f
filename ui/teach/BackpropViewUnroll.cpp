// BackpropView's recurrent layers unrolled in time: the "unrolled in time" tab
// beside the neuron diagram (RecurrentUnrollView), shown only when the trace
// has a recurrent layer. A tab rather than a panel below the diagram: the
// grid needs the width of one column per time step and the height of every
// gate to stay legible in the low bottom panel and on a projector, and the
// tab follows the step, so the class always sees the part being computed:
// the recurrent layer's forward and backward steps show the unrolled view
// (the time step controls or Play then walk through time), the other layers'
// steps, the input and the loss show the diagram; the update keeps the tab
// the user looks at. Clicking a cell puts its formulas in the one formula
// panel on the right, where a clicked neuron's go.
#include "ui/teach/BackpropView.h"

#include "ui/teach/NeuronDiagram.h"
#include "ui/teach/RecurrentUnrollView.h"

#include <QSplitter>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>

namespace layerlab::ui {

void BackpropView::buildUnrollTab(QWidget* diagramArea) {
    diagramTabs_ = new QTabWidget;
    diagramTabs_->setObjectName(QStringLiteral("stepThroughTabs"));
    diagramTabs_->setTabBarAutoHide(true);  // one tab (no recurrent layer): no tab bar
    diagramTabs_->setDocumentMode(true);
    diagramTabs_->addTab(diagram_, tr("Network"));
    unroll_ = new RecurrentUnrollView;
    unroll_->setObjectName(QStringLiteral("recurrentUnroll"));
    unroll_->hide();
    static_cast<QSplitter*>(diagramArea)->addWidget(diagramTabs_);
    connect(unroll_, &RecurrentUnrollView::formulaChanged, this, [this] {
        unrollFormula_ = true;
        updateFormula();
    });
    // The formula panel follows the tab: the clicked cell's formulas with the
    // unrolled view, the diagram's selection with the diagram.
    connect(diagramTabs_, &QTabWidget::currentChanged, this, [this] {
        unrollFormula_ = diagramTabs_->currentWidget() == unroll_ && !unroll_->formula().title.isEmpty();
        updateFormula();
    });
    connect(unroll_, &RecurrentUnrollView::timeStepChanged, this, [this] {
        if (unrollFormula_) updateFormula();
    });
}

bool BackpropView::showsUnrollTab() const { return diagramTabs_->indexOf(unroll_) >= 0; }

void BackpropView::syncUnroll(bool stepMoved) {
    if (!stepMoved) unroll_->setTrace(trace_);
    const std::vector<int>& stages = unroll_->recurrentStages();
    const StepProgress p = trace_ ? StepProgress(*trace_, step_) : StepProgress();
    const int active = trace_ ? p.activeStage() : -1;
    const bool recurrent = active > 0 && std::find(stages.begin(), stages.end(), active) != stages.end();
    if (stepMoved && recurrent) unroll_->showStage(active);  // before the step: its time step starts there
    unroll_->setStepIndex(step_);
    const bool want = unroll_->hasRecurrent();
    if (want && !showsUnrollTab()) {
        diagramTabs_->addTab(unroll_, QString());
    } else if (!want && showsUnrollTab()) {
        diagramTabs_->removeTab(diagramTabs_->indexOf(unroll_));
        unroll_->hide();
        unrollFormula_ = false;
    }
    if (!want || !trace_) return;
    const QString name = QString::fromStdString(trace_->stages[static_cast<std::size_t>(stages.front())].name);
    diagramTabs_->setTabText(diagramTabs_->indexOf(unroll_), stages.size() == 1 ? tr("%1 unrolled in time").arg(name)
                                                                                : tr("Recurrent layers unrolled in time"));
    if (!stepMoved) return;
    if (recurrent) diagramTabs_->setCurrentWidget(unroll_);
    else if (p.step().phase != core::TracePhase::Update) diagramTabs_->setCurrentWidget(diagram_);
}

// Play: through time while the unrolled layer is being computed, then on.
void BackpropView::playTick() {
    if (diagramTabs_->currentWidget() == unroll_ && unroll_->advanceTime()) return;
    if (step_ + 1 < stepCount()) stepForward();
    else setPlaying(false);
}

}  // namespace layerlab::ui
