// TrainingSettingsForm: the document's training settings (core::TrainConfig)
// as a form generated from one table of fields (key, label, range, how to get
// and set it in the config, when it applies). Every committed change is one
// undoable doc->setTrainingConfig() step; a value equal to the current one
// pushes nothing. One row is not a training setting: the validation split
// belongs to the data source (core::Preprocessing::validationSplit) and is
// shown here because it decides what training validates on; its change is one
// doc->setDataSource() step (the data is split again). The form follows
// trainingChanged()/dataSourceChanged()/reset() (undo, redo, load) and shows
// only the rows that apply (momentum for momentum, betas for Adam, the
// schedule's own parameters, ...).
//
// Commit points: integers on Enter/arrows/focus-out (no keyboard tracking),
// real numbers on Enter or focus-out (typed as 0.01 or 1e-3), choices when picked.
//
// Thread: GUI thread. The document is not owned and must outlive the form.
#pragma once

#include <QString>
#include <QWidget>

#include "core/train/train_config.h"

#include <functional>
#include <memory>
#include <vector>

class QFormLayout;

namespace layerlab::ui {

class GraphDocument;

class TrainingSettingsForm : public QWidget {
    Q_OBJECT

public:
    // One row of the form (defined in the .cpp; public so the row makers there can build it).
    struct Field;

    // requires: doc non-null.
    explicit TrainingSettingsForm(GraphDocument* doc, QWidget* parent = nullptr);
    ~TrainingSettingsForm() override;

    // The editor of a field: "optimizer", "learningRate", "momentum", "beta1",
    // "beta2", "epsilon", "rho", "schedule", "stepEpochs", "gamma", "minLr",
    // "loss", "batchSize", "epochs", "validationSplit", "weightDecay", "l1",
    // "clipNorm", "seed", "patience", "threads" (a QComboBox, QSpinBox or
    // QLineEdit; each also has that objectName). nullptr for another key.
    QWidget* field(const QString& key) const;
    // Whether the row of a field is shown for the current settings.
    bool isFieldShown(const QString& key) const;

public slots:
    // Marks the rows of these settings (keys as field(); "earlyStopping" means
    // "patience"; unknown keys are ignored) with a highlight, clears the
    // others' (an empty list clears all). The concept map calls it when a
    // concept about these settings is clicked. Returns the keys marked.
    QStringList highlightFields(const QStringList& keys);
    QStringList highlightedFields() const { return highlighted_; }
    // The label shown for a field ("Learning rate"); the key for an unknown one.
    QString fieldLabel(const QString& key) const;

    // Shows the document's settings (called on trainingChanged and reset).
    void refresh();


private:
    void build();
    // The rows of each section, in order (build() calls them, then makes the editors).
    void addOptimizerFields();
    void addScheduleFields();
    void addRunFields();
    void addRegularisationFields();
    void makeEditors();
    void add(std::unique_ptr<Field> f, QString section = {}, std::function<bool(const core::TrainConfig&)> applies = {});
    void commit(const Field& f);
    double current(const Field& f) const;  // the field's value in the document
    QStringList highlighted_;

    GraphDocument* doc_;
    QFormLayout* form_ = nullptr;
    std::vector<std::unique_ptr<Field>> fields_;
};

}  // namespace layerlab::ui
