// SyntheticDataDialog (File › New Synthetic Data…, Ctrl+Shift+N): the engine's
// classroom data sets (core/data/synthetic.h: xor, circles, moons, spirals,
// blobs, sine) without preparing a file. Generator, samples, noise (a slider),
// classes (enabled for spirals and blobs only), seed, and the validation and
// test splits, with a live scatter preview coloured by class (sine: x against
// the target, with sin(x) drawn) that is redrawn at once whenever a control
// moves: training points filled, validation points as rings, test points as
// squares, exactly as the project will split them. The summary says how many
// samples each part gets; a warning says when the splits take rows out of a
// four-row XOR truth table or leave a class without training samples, and OK
// is disabled (with the reason) when nothing is left to train on.
//
// Opens pre-filled with the project's synthetic source when it has one (its
// normalisation is kept), else XOR. Nothing is changed by the dialog itself:
// after accept(), dataSource() (kind Synthetic, preprocessing fitted, with the
// validation split) and data() go to DataManager::adoptImport (one undo step).
// Every control has an object name (synthGenerator, synthSamples, ...).
//
// Thread: GUI thread. Generating and splitting run synchronously (a few ms).
#pragma once

#include "core/data/synthetic.h"
#include "core/io/project.h"
#include "core/io/project_data.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace layerlab::ui {

class GraphDocument;

class SyntheticDataDialog : public QDialog {
    Q_OBJECT

public:
    // doc (may be null) gives the pre-filled source, the validation split and
    // the split seed (its data source's).
    explicit SyntheticDataDialog(GraphDocument* doc = nullptr, QWidget* parent = nullptr);
    ~SyntheticDataDialog() override;

    // The generator options the controls describe now.
    core::SyntheticOptions options() const;
    double validationSplit() const;  // 0..0.9
    double testSplit() const;        // 0..0.9
    // The data as previewed (split, unnormalised); null when the options are refused.
    std::shared_ptr<const core::ProjectData> preview() const { return preview_; }
    // Why OK is disabled (empty when it is enabled), and the split warning (may be empty).
    QString errorText() const;
    QString warningText() const;
    bool canAccept() const;

    // Valid after accept(): the source with the fitted preprocessing, and its data.
    core::DataSource dataSource() const { return source_; }
    std::shared_ptr<const core::ProjectData> data() const { return data_; }

    void accept() override;

private:
    void buildUi();
    void setOptions(const core::SyntheticOptions& o, double validation, double test);
    void refresh();  // any control moved: regenerate, split, redraw, summarise
    void plotPreview();
    core::DataSource currentSource(bool forPreview) const;

    GraphDocument* doc_;
    core::Preprocessing keptPreprocessing_;  // the pre-filled source's normalisation
    std::shared_ptr<const core::ProjectData> preview_;
    QString error_, warning_;
    core::DataSource source_;
    std::shared_ptr<const core::ProjectData> data_;
    bool updating_ = false;

    QComboBox* generator_;
    QPushButton* truthTable_;
    QSpinBox* samples_;
    QSlider* samplesSlider_;
    QSlider* noise_;
    QLabel* noiseValue_;
    QSpinBox* classes_;
    QLabel* classesNote_;
    QSpinBox* seed_;
    QSpinBox* validation_;
    QSpinBox* test_;
    QCustomPlot* plot_;
    QLabel* summary_;
    QLabel* warningLabel_;
    QLabel* errorLabel_;
    QPushButton* ok_;
};

}  // namespace layerlab::ui
