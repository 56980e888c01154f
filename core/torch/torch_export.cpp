#include "core/torch/torch_export.h"

#include "core/common/atomic_file.h"
#include "core/data/series.h"
#include "core/data/synthetic.h"
#include "core/io/data_paths.h"
#include "core/losses/loss_kind.h"
#include "core/torch/torch_fragments.h"
#include "core/torch/torch_module.h"

#include <cstring>
#include <filesystem>

namespace layerlab::core {

namespace {

std::string pyBool(bool b) { return b ? "True" : "False"; }

std::string pyStrings(const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + pyString(v[i]);
    return s + "]";
}

std::string pyArrayOrNone(const std::vector<float>& v) { return v.empty() ? "None" : pyFloatArray(v); }

std::string absolutePath(const std::string& stored, const std::string& projectDir) {
    if (stored.empty()) return {};
    std::error_code ec;
    const auto p = std::filesystem::absolute(resolveDataPath(stored, projectDir), ec);
    return ec ? resolveDataPath(stored, projectDir) : p.lexically_normal().string();
}

std::string inputShapeTuple(const Shape& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.dims.size(); ++i) t += (i ? ", " : "") + std::to_string(s.dims[i]);
    return t + (s.dims.size() == 1 ? ",)" : ")");
}

std::string trainingDict(const TrainConfig& t) {
    const OptimizerConfig& o = t.optimizer;
    return "TRAINING = {\n"
           "    \"epochs\": " + std::to_string(t.epochs) + ", \"batch_size\": " + std::to_string(t.batchSize) +
           ", \"seed\": " + std::to_string(t.seed) + ", \"shuffle\": " + pyBool(t.shuffle) +
           ", \"eval_batch_size\": " + std::to_string(t.evalBatchSize) + ",\n"
           "    \"optimizer\": " + pyString(std::string(optimizerName(o.kind))) + ", \"lr\": " + pyFloat(o.learningRate) +
           ", \"momentum\": " + pyFloat(o.momentum) + ", \"nesterov\": " + pyBool(o.nesterov) + ",\n"
           "    \"beta1\": " + pyFloat(o.beta1) + ", \"beta2\": " + pyFloat(o.beta2) + ", \"epsilon\": " + pyFloat(o.epsilon) +
           ", \"rho\": " + pyFloat(o.rho) + ",\n"
           "    \"weight_decay\": " + pyFloat(o.weightDecay) + ", \"l1\": " + pyFloat(o.l1) + ", \"clip_norm\": " +
           pyFloat(o.clipNorm) + ",\n"
           "    \"schedule\": " + pyString(std::string(scheduleName(o.schedule.kind))) + ", \"step_epochs\": " +
           std::to_string(o.schedule.stepEpochs) + ", \"gamma\": " + pyFloat(o.schedule.gamma) + ", \"min_lr\": " +
           pyFloat(o.schedule.minLr) + ",\n"
           "    \"patience\": " + std::to_string(t.earlyStoppingPatience) + ", \"min_delta\": " +
           pyFloat(t.earlyStoppingMinDelta) + ", \"restore_best\": " + pyBool(t.restoreBestWeights) + ",\n}\n";
}

// The data source: where `train` reads, and how (the fragments data_*.py use these names).
Result<std::string> dataConstants(const Project& project, const TrainedModel& model, const std::string& projectDir) {
    const DataSource& d = project.data;
    const Preprocessing& pp = model.data.preprocessing;
    const RawInputSchema& s = model.schema;
    std::string out = "DATA = {\"kind\": " + pyString(d.kind == DataKind::Csv      ? "csv"
                                                      : d.kind == DataKind::Idx    ? "idx"
                                                      : d.kind == DataKind::Series ? "series"
                                                                                   : "synthetic") +
                      ", \"test_split\": " + pyFloat(pp.testSplit) + ", \"validation_split\": " +
                      pyFloat(pp.validationSplit) + ", \"split_seed\": " + std::to_string(pp.splitSeed) +
                      ", \"limit\": " + std::to_string(d.limit);
    if (d.kind == DataKind::Csv || d.kind == DataKind::Series)
        out += ",\n        \"path\": " + pyString(absolutePath(d.kind == DataKind::Csv ? d.csvPath : d.seriesPath, projectDir));
    if (d.kind == DataKind::Idx) {
        out += ",\n        \"train_images\": " + pyString(absolutePath(d.trainImages, projectDir)) +
               ",\n        \"train_labels\": " + pyString(absolutePath(d.trainLabels, projectDir)) +
               ",\n        \"test_images\": " + pyString(absolutePath(d.testImages, projectDir)) +
               ",\n        \"test_labels\": " + pyString(absolutePath(d.testLabels, projectDir));
    }
    out += "}\n";
    out += "# The network's input = (raw - OFFSET) * SCALE per feature, fitted by LayerLab on the training part.\n";
    out += "OFFSET = " + pyArrayOrNone(s.offset) + "\nSCALE = " + pyArrayOrNone(s.scale) + "\n";
    if (d.kind == DataKind::Csv) {
        std::vector<std::string> targets;
        const CsvOptions& o = d.csv;
        auto column = [&](int i) { return i >= 0 && i < int(s.columns.size()) ? s.columns[std::size_t(i)] : std::string(); };
        if (!o.targetColumns.empty()) {
            for (int c : o.targetColumns) targets.push_back(column(c));
        } else if (!o.targetName.empty()) {
            targets.push_back(o.targetName);
        } else {
            targets.push_back(column(o.targetColumn < 0 ? int(s.columns.size()) - 1 : o.targetColumn));
        }
        out += "CSV = {\"delimiter\": " + pyString(std::string(1, s.delimiter)) + ", \"header\": " + pyBool(s.header) +
               ", \"skip_lines\": " + std::to_string(s.skipLines) + ", \"missing\": " +
               pyString(o.missing == CsvOptions::Missing::Drop ? "drop" : "mean") + ",\n       \"columns\": " +
               pyStrings(s.columns) + ",\n       \"targets\": " + pyStrings(targets) + ",\n       \"features\": [";
        for (std::size_t i = 0; i < s.features.size(); ++i)
            out += std::string(i ? ",\n                    " : "") + "(" + pyString(s.features[i].column) + ", " +
                   (s.features[i].category.empty() ? "None" : pyString(s.features[i].category)) + ")";
        out += "]}\n";
    }
    if (d.kind == DataKind::Synthetic) {
        auto all = makeSynthetic(d.synthetic);
        if (!all) return all.error();
        std::vector<float> y;
        if (all->task == TaskKind::Classification) y.assign(all->labels.begin(), all->labels.end());
        else y = all->targets;
        out += "# The data set as LayerLab generated it (" + std::string(syntheticName(d.synthetic.kind)) + ", seed " +
               std::to_string(d.synthetic.seed) + "): float32 features and labels, base64.\n";
        out += "SYNTHETIC = {\"x\": \"" + encodeFloats(all->values) + "\",\n             \"y\": \"" + encodeFloats(y) + "\"}\n";
    }
    if (d.kind == DataKind::Series) {
        const SeriesOptions& o = model.data.series ? *model.data.series : d.series;
        std::string synthetic = "None";
        if (o.synthetic) {
            auto raw = generateSeries(o.generator);
            if (!raw) return raw.error();
            synthetic = "\"" + encodeFloats(raw->values) + "\"";
        }
        const Dataset& t = *model.data.train;
        out += "SERIES = {\"columns\": " + pyStrings(s.seriesColumns) + ", \"time\": " + pyString(s.timeColumn) +
               ", \"target\": " + pyString(o.targetColumn.empty() ? s.seriesColumns.front() : o.targetColumn) +
               ",\n          \"window\": " + std::to_string(o.window) + ", \"horizon\": " + std::to_string(o.horizon) +
               ", \"stride\": " + std::to_string(o.stride) + ", \"validation\": " + pyFloat(o.validationFraction) +
               ", \"test\": " + pyFloat(o.testFraction) + ", \"missing\": " +
               pyString(std::string(seriesMissingName(o.missing))) + ",\n          \"offset\": " +
               pyArrayOrNone(s.seriesOffset) + ",\n          \"scale\": " + pyArrayOrNone(s.seriesScale) +
               ",\n          \"target_offset\": " + pyFloat(t.targetOffset) + ", \"target_scale\": " +
               pyFloat(t.targetScale) + ",\n          \"synthetic\": " + synthetic + "}\n";
    }
    return out;
}

std::string docstring(const Project& project, const TrainedModel& model, const std::string& stem,
                      const std::string& weightsName) {
    const std::string name = project.name.empty() ? stem : project.name;
    std::string shape;
    for (std::size_t i = 0; i < model.net.inputShape().dims.size(); ++i)
        shape += ", " + std::to_string(model.net.inputShape().dims[i]);
    std::string doc = "#!/usr/bin/env python3\n\"\"\"" + name + ": a network exported from LayerLab.\n\n";
    if (!project.description.empty()) {
        std::string d = project.description;
        for (std::size_t p = 0; (p = d.find("\"\"\"", p)) != std::string::npos;) d.replace(p, 3, "'''");
        for (std::size_t p = 0; (p = d.find('\\', p)) != std::string::npos; p += 2) d.replace(p, 1, "\\\\");
        doc += d + "\n\n";
    }
    doc += "build_model() returns the graph as a torch.nn.Module in eval mode with LayerLab's weights\n"
           "(from " + weightsName + " beside this file). Its input is the network's input after\n"
           "preprocessing, shaped (N" + shape + "); preprocess(read_samples(path)) makes it from raw samples.\n\n"
           "  python3 " + stem + ".py predict --input DATA -o OUT.csv    (the format of `layerlab predict`)\n"
           "  python3 " + stem + ".py train [--epochs N] [--device auto|cpu|cuda] [--save model.pt]\n"
           "  torchrun --nproc_per_node 2 " + stem + ".py train           (DistributedDataParallel)\n\"\"\"\n";
    return doc;
}

}  // namespace

Result<TorchExport> exportTorchScript(const Project& project, const TrainedModel& model, const std::string& projectDir,
                                      const std::string& scriptPath) {
    auto module = torchModule(model.net);
    if (!module) return module.error();
    const std::filesystem::path script(scriptPath);
    const std::string stem = script.stem().string();
    TorchExport e;
    e.weightsName = stem + ".weights";
    const Network& net = model.net;
    const bool classes = predictsClasses(net);

    std::string s = docstring(project, model, stem, e.weightsName);
    s += torchFragment("imports");
    s += "\nNAME = " + pyString(project.name.empty() ? stem : project.name) + "\n";
    s += "INPUT_SHAPE = " + inputShapeTuple(net.inputShape()) + "  # one sample, as the network reads it\n";
    s += "OUTPUTS = " + std::to_string(net.outputShape().size()) + "\n";
    s += "TASK = " + pyString(classes ? "classification" : "regression") + "\n";
    s += "CLASSES = " + pyStrings(model.schema.classNames) + "\n";
    s += "LOSS = " + pyString(std::string(lossName(net.loss()))) + "\n";
    s += "WEIGHTS_FILE = " + pyString(e.weightsName) + "\n";
    s += "# The tensors in " + e.weightsName + " (float32, little-endian), in this order.\nPARAMETERS = [\n";
    std::string decayed;
    for (const auto& t : module->tensors) {
        std::string shape = "(";
        for (std::size_t i = 0; i < t.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape[i]);
        s += "    (" + pyString(t.name) + ", " + shape + (t.shape.size() == 1 ? ",))" : "))") + ",\n";
        if (t.decayed) decayed += (decayed.empty() ? "" : ", ") + pyString(t.name);
        const std::size_t at = e.weights.size();
        e.weights.resize(at + t.values.size() * sizeof(float));
        std::memcpy(e.weights.data() + at, t.values.data(), t.values.size() * sizeof(float));  // x86-64: little-endian
    }
    s += "]\n# Weight decay and L1 apply to these (LayerLab's rule: weights, not biases or normalisation).\n";
    s += decayed.empty() ? std::string("DECAYED = set()\n") : "DECAYED = {" + decayed + "}\n";
    auto data = dataConstants(project, model, projectDir);
    if (!data) return data.error();
    s += *data;
    s += trainingDict(project.training);
    s += module->source;
    s += torchFragment("model");
    s += torchFragment("read_rows");
    switch (model.schema.kind) {
        case RawInputKind::Csv: s += torchFragment("input_table"); break;
        case RawInputKind::Vector: s += torchFragment("input_vector"); break;
        case RawInputKind::Images: s += torchFragment("input_images"); break;
        case RawInputKind::Series: s += torchFragment("input_series"); break;
    }
    if (model.schema.kind != RawInputKind::Series) {
        s += torchFragment("preprocess_affine");
        s += torchFragment("data_split");
    }
    switch (project.data.kind) {
        case DataKind::Csv: s += torchFragment("data_csv"); break;
        case DataKind::Idx: s += torchFragment("data_idx"); break;
        case DataKind::Series: s += torchFragment("data_series"); break;
        default: s += torchFragment("data_synthetic"); break;
    }
    s += torchFragment("train");
    s += torchFragment("main");
    e.script = std::move(s);
    return e;
}

Status writeTorchExport(const TorchExport& e, const std::string& scriptPath) {
    const auto weightsPath = (std::filesystem::path(scriptPath).parent_path() / e.weightsName).string();
    if (auto w = writeFileAtomically(weightsPath, e.weights); !w) return w;
    return writeFileAtomically(scriptPath, e.script);
}

}  // namespace layerlab::core

namespace layerlab::core {

Result<ExportReport> exportTorchFile(const Project& project, const std::string& projectDir, const std::string& scriptPath) {
    auto model = loadTrainedModel(project, projectDir, SavedWeights::UseWhenTheyFit);
    if (!model) return model.error();
    auto e = exportTorchScript(project, *model, projectDir, scriptPath);
    if (!e) return e.error();
    if (auto w = writeTorchExport(*e, scriptPath); !w) return w.error();
    ExportReport r;
    r.files = {(std::filesystem::path(scriptPath).parent_path() / e->weightsName).string(), scriptPath};
    r.parameters = model->net.paramCount();
    r.seedWeights = model->origin != WeightsOrigin::Saved;
    return r;
}

}  // namespace layerlab::core
