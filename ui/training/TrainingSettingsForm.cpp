#include "ui/training/TrainingSettingsForm.h"

#include "core/io/project.h"
#include "core/train/train_config.h"
#include "ui/editor/GraphDocument.h"

#include <QComboBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QScrollArea>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>

#include <cmath>
#include <functional>

namespace layerlab::ui {

using core::TrainConfig;

struct TrainingSettingsForm::Field {
    enum Kind { Integer, Real, Choice };
    QString section;                               // non-empty: a heading row before this field
    QString key, label, tip;
    Kind kind = Real;
    double min = 0, max = 1;
    QString zeroText;                              // Integer: shown for 0 ("off")
    QStringList choices;                           // Choice: the items, in index order
    std::function<double(const TrainConfig&)> get; // Choice: the index
    std::function<void(TrainConfig&, double)> set;
    // A field of the data source instead (get and set empty): one setDataSource() step.
    std::function<double(const core::DataSource&)> getData;
    std::function<void(core::DataSource&, double)> setData;
    std::function<bool(const TrainConfig&)> applies;  // empty = always
    QWidget* editor = nullptr;
};

namespace {

using core::OptimizerKind;
using core::ScheduleKind;

bool isOpt(const TrainConfig& c, OptimizerKind k) { return c.optimizer.kind == k; }
bool isSchedule(const TrainConfig& c, ScheduleKind k) { return c.optimizer.schedule.kind == k; }

QString realText(double v) { return QLocale::c().toString(v, 'g', 8); }

using Field = TrainingSettingsForm::Field;

// A row of the form: its key (the editor's object name), label, tooltip and accessors.
template <class Get, class Set>
std::unique_ptr<Field> makeField(Field::Kind kind, QString key, QString label, QString tip, Get get, Set set) {
    auto f = std::make_unique<Field>();
    f->key = std::move(key), f->label = std::move(label), f->tip = std::move(tip), f->kind = kind;
    f->get = get, f->set = set;
    return f;
}
template <class Get, class Set>
std::unique_ptr<Field> real(QString key, QString label, double min, double max, QString tip, Get get, Set set) {
    auto f = makeField(Field::Real, std::move(key), std::move(label), std::move(tip), get, set);
    f->min = min, f->max = max;
    return f;
}
// A real number of the data source (the validation split).
template <class Get, class Set>
std::unique_ptr<Field> dataReal(QString key, QString label, double min, double max, QString tip, Get get, Set set) {
    auto f = std::make_unique<Field>();
    f->key = std::move(key), f->label = std::move(label), f->tip = std::move(tip), f->kind = Field::Real;
    f->min = min, f->max = max;
    f->getData = get, f->setData = set;
    return f;
}
template <class Get, class Set>
std::unique_ptr<Field> integer(QString key, QString label, double min, double max, QString tip, Get get, Set set) {
    auto f = makeField(Field::Integer, std::move(key), std::move(label), std::move(tip), get, set);
    f->min = min, f->max = max;
    return f;
}
template <class Get, class Set>
std::unique_ptr<Field> choice(QString key, QString label, QStringList items, QString tip, Get get, Set set) {
    auto f = makeField(Field::Choice, std::move(key), std::move(label), std::move(tip), get, set);
    f->choices = std::move(items);
    return f;
}

}  // namespace

TrainingSettingsForm::TrainingSettingsForm(GraphDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
    build();
    refresh();
    connect(doc_, &GraphDocument::trainingChanged, this, &TrainingSettingsForm::refresh);
    connect(doc_, &GraphDocument::dataSourceChanged, this, &TrainingSettingsForm::refresh);
    connect(doc_, &GraphDocument::reset, this, &TrainingSettingsForm::refresh);
}

TrainingSettingsForm::~TrainingSettingsForm() = default;

void TrainingSettingsForm::build() {
    addOptimizerFields();
    addScheduleFields();
    addRunFields();
    addRegularisationFields();
    makeEditors();
}

void TrainingSettingsForm::add(std::unique_ptr<Field> f, QString section, std::function<bool(const TrainConfig&)> applies) {
    f->section = std::move(section);
    f->applies = std::move(applies);
    fields_.push_back(std::move(f));
}

void TrainingSettingsForm::addOptimizerFields() {
    // ---- optimizer ----
    add(choice("optimizer", tr("Optimizer"), {tr("SGD"), tr("Momentum"), tr("Nesterov momentum"), tr("Adam"), tr("RMSProp")},
               tr("How each step turns the gradient into a weight update."),
               [](const TrainConfig& c) {
                   switch (c.optimizer.kind) {
                   case OptimizerKind::SGD: return 0.0;
                   case OptimizerKind::Momentum: return c.optimizer.nesterov ? 2.0 : 1.0;
                   case OptimizerKind::Adam: return 3.0;
                   case OptimizerKind::RMSProp: return 4.0;
                   }
                   return 0.0;
               },
               [](TrainConfig& c, double v) {
                   const int i = static_cast<int>(v);
                   static constexpr OptimizerKind kinds[] = {OptimizerKind::SGD, OptimizerKind::Momentum,
                                                             OptimizerKind::Momentum, OptimizerKind::Adam,
                                                             OptimizerKind::RMSProp};
                   c.optimizer.kind = kinds[i];
                   c.optimizer.nesterov = i == 2;
               }),
        tr("Optimizer"));
    add(real("learningRate", tr("Learning rate"), 1e-9, 1e4, tr("Step size (type 0.01 or 1e-3)."),
             [](const TrainConfig& c) { return c.optimizer.learningRate; },
             [](TrainConfig& c, double v) { c.optimizer.learningRate = v; }));
    add(real("momentum", tr("Momentum"), 0, 0.9999, tr("Fraction of the previous update kept (0.9 is usual)."),
             [](const TrainConfig& c) { return c.optimizer.momentum; },
             [](TrainConfig& c, double v) { c.optimizer.momentum = v; }),
        {}, [](const TrainConfig& c) { return isOpt(c, OptimizerKind::Momentum); });
    add(real("beta1", tr("β₁"), 0, 0.9999, tr("Adam: decay of the gradient average (0.9)."),
             [](const TrainConfig& c) { return c.optimizer.beta1; },
             [](TrainConfig& c, double v) { c.optimizer.beta1 = v; }),
        {}, [](const TrainConfig& c) { return isOpt(c, OptimizerKind::Adam); });
    add(real("beta2", tr("β₂"), 0, 0.999999, tr("Adam: decay of the squared-gradient average (0.999)."),
             [](const TrainConfig& c) { return c.optimizer.beta2; },
             [](TrainConfig& c, double v) { c.optimizer.beta2 = v; }),
        {}, [](const TrainConfig& c) { return isOpt(c, OptimizerKind::Adam); });
    add(real("rho", tr("ρ"), 0, 0.9999, tr("RMSProp: decay of the squared-gradient average (0.9)."),
             [](const TrainConfig& c) { return c.optimizer.rho; },
             [](TrainConfig& c, double v) { c.optimizer.rho = v; }),
        {}, [](const TrainConfig& c) { return isOpt(c, OptimizerKind::RMSProp); });
    add(real("epsilon", tr("ε"), 1e-12, 1, tr("Adam/RMSProp: added to the denominator for stability (1e-8)."),
             [](const TrainConfig& c) { return c.optimizer.epsilon; },
             [](TrainConfig& c, double v) { c.optimizer.epsilon = v; }),
        {}, [](const TrainConfig& c) { return isOpt(c, OptimizerKind::Adam) || isOpt(c, OptimizerKind::RMSProp); });

}

void TrainingSettingsForm::addScheduleFields() {
    add(choice("schedule", tr("Schedule"), {tr("Constant"), tr("Step"), tr("Exponential"), tr("Cosine")},
               tr("How the learning rate changes from epoch to epoch."),
               [](const TrainConfig& c) { return static_cast<double>(c.optimizer.schedule.kind); },
               [](TrainConfig& c, double v) { c.optimizer.schedule.kind = static_cast<ScheduleKind>(static_cast<int>(v)); }),
        tr("Learning-rate schedule"));
    add(integer("stepEpochs", tr("Every (epochs)"), 1, 100000, tr("Step: multiply the rate by γ every this many epochs."),
                [](const TrainConfig& c) { return static_cast<double>(c.optimizer.schedule.stepEpochs); },
                [](TrainConfig& c, double v) { c.optimizer.schedule.stepEpochs = static_cast<int>(v); }),
        {}, [](const TrainConfig& c) { return isSchedule(c, ScheduleKind::Step); });
    add(real("gamma", tr("γ"), 1e-6, 1, tr("Factor applied to the rate (step: every few epochs; exponential: each epoch)."),
             [](const TrainConfig& c) { return c.optimizer.schedule.gamma; },
             [](TrainConfig& c, double v) { c.optimizer.schedule.gamma = v; }),
        {}, [](const TrainConfig& c) { return isSchedule(c, ScheduleKind::Step) || isSchedule(c, ScheduleKind::Exponential); });
    add(real("minLr", tr("Final rate"), 0, 1e4, tr("Cosine: the rate at the last epoch."),
             [](const TrainConfig& c) { return c.optimizer.schedule.minLr; },
             [](TrainConfig& c, double v) { c.optimizer.schedule.minLr = v; }),
        {}, [](const TrainConfig& c) { return isSchedule(c, ScheduleKind::Cosine); });

}

void TrainingSettingsForm::addRunFields() {
    add(choice("loss", tr("Loss"), {tr("Mean squared error"), tr("Softmax cross-entropy"), tr("Binary cross-entropy")},
               tr("What training minimises: softmax cross-entropy for classes, binary cross-entropy for one "
                  "yes/no output, mean squared error for values."),
               [](const TrainConfig& c) { return static_cast<double>(c.loss); },
               [](TrainConfig& c, double v) { c.loss = static_cast<core::LossKind>(static_cast<int>(v)); }),
        tr("Run"));
    add(integer("batchSize", tr("Batch size"), 1, 1000000, tr("Samples per step."),
                [](const TrainConfig& c) { return static_cast<double>(c.batchSize); },
                [](TrainConfig& c, double v) { c.batchSize = static_cast<int>(v); }));
    add(integer("epochs", tr("Epochs"), 1, 100000, tr("Passes over the training data."),
                [](const TrainConfig& c) { return static_cast<double>(c.epochs); },
                [](TrainConfig& c, double v) { c.epochs = static_cast<int>(v); }));
    add(dataReal("validationSplit", tr("Validation split"), 0, 0.9,
                 tr("Part of the training data held out to validate after each epoch (0 = none). Saved with the "
                    "data source; changing it splits the data again (the same samples for the same value)."),
                 // A time series holds out its later rows (by time), and its scaling
                 // was fitted on the training rows, which then change: fit again.
                 [](const core::DataSource& d) {
                     return d.kind == core::DataKind::Series ? d.series.validationFraction : d.preprocessing.validationSplit;
                 },
                 [](core::DataSource& d, double v) {
                     if (d.kind != core::DataKind::Series) {
                         d.preprocessing.validationSplit = v;
                         return;
                     }
                     d.series.validationFraction = v;
                     d.series.offset.clear();
                     d.series.scale.clear();
                 }));
    add(integer("seed", tr("Seed"), 0, 2147483647, tr("Initial weights, shuffling and dropout: same seed, same numbers."),
                [](const TrainConfig& c) { return static_cast<double>(c.seed); },
                [](TrainConfig& c, double v) { c.seed = static_cast<std::uint64_t>(v); }));
    auto patience = integer("patience", tr("Early stopping"), 0, 100000,
                            tr("Stop after this many epochs without improvement of the validation (or training) "
                               "loss, and go back to the best epoch's weights. 0 = off."),
                            [](const TrainConfig& c) { return static_cast<double>(c.earlyStoppingPatience); },
                            [](TrainConfig& c, double v) { c.earlyStoppingPatience = static_cast<int>(v); });
    patience->zeroText = tr("off");
    add(std::move(patience));
    add(choice("threads", tr("Threads"), {tr("1"), tr("2")},
               tr("2 splits each batch in halves trained on two cores (pays for large batches)."),
               [](const TrainConfig& c) { return c.threads >= 2 ? 1.0 : 0.0; },
               [](TrainConfig& c, double v) { c.threads = static_cast<int>(v) + 1; }));

}

void TrainingSettingsForm::addRegularisationFields() {
    add(real("weightDecay", tr("Weight decay (L2)"), 0, 10, tr("Adds decay × w to each weight's gradient (not biases): training minimises L + (decay/2)·Σw²; the Loss plot shows L and, dashed, L + penalty."),
             [](const TrainConfig& c) { return c.optimizer.weightDecay; },
             [](TrainConfig& c, double v) { c.optimizer.weightDecay = v; }),
        tr("Regularisation"));
    add(real("l1", tr("L1"), 0, 10, tr("Adds l1 × sign(w) to each weight's gradient (not biases)."),
             [](const TrainConfig& c) { return c.optimizer.l1; }, [](TrainConfig& c, double v) { c.optimizer.l1 = v; }));
    add(real("clipNorm", tr("Clip gradient norm"), 0, 1e9, tr("Scale the gradient down when its length exceeds this (0 = off)."),
             [](const TrainConfig& c) { return c.optimizer.clipNorm; },
             [](TrainConfig& c, double v) { c.optimizer.clipNorm = v; }));

}

void TrainingSettingsForm::makeEditors() {
    form_ = new QFormLayout(this);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->setContentsMargins(4, 4, 4, 4);
    for (auto& fp : fields_) {
        Field& f = *fp;
        if (!f.section.isEmpty()) {
            auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(f.section.toHtmlEscaped()), this);
            form_->addRow(heading);
        }
        const Field* fptr = &f;
        switch (f.kind) {
        case Field::Integer: {
            auto* box = new QSpinBox(this);
            box->setRange(static_cast<int>(f.min), static_cast<int>(f.max));
            box->setKeyboardTracking(false);
            if (!f.zeroText.isEmpty()) box->setSpecialValueText(f.zeroText);
            connect(box, &QSpinBox::valueChanged, this, [this, fptr] { commit(*fptr); });
            f.editor = box;
            break;
        }
        case Field::Real: {
            auto* edit = new QLineEdit(this);
            auto* validator = new QDoubleValidator(f.min, f.max, 12, edit);
            validator->setNotation(QDoubleValidator::ScientificNotation);
            validator->setLocale(QLocale::c());
            edit->setValidator(validator);
            connect(edit, &QLineEdit::editingFinished, this, [this, fptr] { commit(*fptr); });
            f.editor = edit;
            break;
        }
        case Field::Choice: {
            auto* combo = new QComboBox(this);
            combo->addItems(f.choices);
            connect(combo, &QComboBox::activated, this, [this, fptr] { commit(*fptr); });
            f.editor = combo;
            break;
        }
        }
        f.editor->setObjectName(f.key);
        f.editor->setToolTip(f.tip);
        auto* label = new QLabel(f.label, this);
        label->setToolTip(f.tip);
        label->setBuddy(f.editor);
        form_->addRow(label, f.editor);
    }
}

QWidget* TrainingSettingsForm::field(const QString& key) const {
    for (const auto& f : fields_)
        if (f->key == key) return f->editor;
    return nullptr;
}

QStringList TrainingSettingsForm::highlightFields(const QStringList& keys) {
    QStringList wanted;
    for (const QString& k : keys) wanted << (k == QLatin1String("earlyStopping") ? QStringLiteral("patience") : k);
    highlighted_.clear();
    QWidget* first = nullptr;
    for (const auto& f : fields_) {
        const bool on = wanted.contains(f->key);
        auto* label = qobject_cast<QLabel*>(form_->labelForField(f->editor));
        if (label)
            label->setStyleSheet(on ? QStringLiteral("background-color: #ffe58a; font-weight: bold; border-radius: 3px;")
                                    : QString());
        if (!on) continue;
        highlighted_ << f->key;
        if (!first && isFieldShown(f->key)) first = f->editor;
    }
    // Bring the first marked row into view when the form sits in a scroll area.
    if (first)
        for (QWidget* p = parentWidget(); p; p = p->parentWidget())
            if (auto* area = qobject_cast<QScrollArea*>(p)) {
                area->ensureWidgetVisible(first);
                break;
            }
    return highlighted_;
}

QString TrainingSettingsForm::fieldLabel(const QString& key) const {
    for (const auto& f : fields_)
        if (f->key == key) return f->label;
    return key;
}

bool TrainingSettingsForm::isFieldShown(const QString& key) const {
    for (const auto& f : fields_)
        if (f->key == key) return !f->applies || f->applies(doc_->project().training);
    return false;
}

double TrainingSettingsForm::current(const Field& f) const {
    return f.getData ? f.getData(doc_->project().data) : f.get(doc_->project().training);
}

void TrainingSettingsForm::refresh() {
    const TrainConfig& c = doc_->project().training;
    for (const auto& fp : fields_) {
        const Field& f = *fp;
        const QSignalBlocker block(f.editor);
        const double v = current(f);
        switch (f.kind) {
        case Field::Integer: static_cast<QSpinBox*>(f.editor)->setValue(static_cast<int>(v)); break;
        case Field::Real: static_cast<QLineEdit*>(f.editor)->setText(realText(v)); break;
        case Field::Choice: static_cast<QComboBox*>(f.editor)->setCurrentIndex(static_cast<int>(v)); break;
        }
        form_->setRowVisible(f.editor, !f.applies || f.applies(c));
    }
}

void TrainingSettingsForm::commit(const Field& f) {
    double v = 0;
    switch (f.kind) {
    case Field::Integer: v = static_cast<QSpinBox*>(f.editor)->value(); break;
    case Field::Choice: v = static_cast<QComboBox*>(f.editor)->currentIndex(); break;
    case Field::Real: {
        auto* edit = static_cast<QLineEdit*>(f.editor);
        bool ok = false;
        v = QLocale::c().toDouble(edit->text(), &ok);
        if (!ok || !std::isfinite(v) || v < f.min || v > f.max) {
            refresh();  // not a usable number: show the current value again
            return;
        }
        break;
    }
    }
    if (current(f) == v) {
        refresh();  // normalises the text ("1e-3" -> "0.001")
        return;
    }
    // One undo step; trainingChanged() or dataSourceChanged() refreshes the form.
    if (f.setData) {
        core::DataSource d = doc_->project().data;
        f.setData(d, v);
        doc_->setDataSource(d);
        return;
    }
    TrainConfig c = doc_->project().training;
    f.set(c, v);
    doc_->setTrainingConfig(c);
}

}  // namespace layerlab::ui
