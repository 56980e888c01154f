// `layerlab export FILE -o model.py`: the project as one readable PyTorch
// script that needs no LayerLab, plus its weights in a file beside it.
//
// The script (fixed parts in core/torch/python/, the graph's part from
// torch_module.h) holds:
//   build_model()   the graph as a torch.nn.Module in eval mode with the
//                   project's weights, read from <stem>.weights beside the
//                   script (raw little-endian float32, the tensors in the
//                   order of its PARAMETERS table);
//   read_samples(path), preprocess(raw)
//                   raw samples as `layerlab predict` reads them, and the
//                   project's fitted preprocessing (raw_input.h's schema);
//   python3 model.py predict --input DATA -o OUT.csv   (layerlab predict's format)
//   python3 model.py train [--epochs N] [--device auto|cpu|cuda] [--save model.pt]
//                   the project's loss, optimizer, schedule, batch size, seed and
//                   data source; under torchrun, DistributedDataParallel with a
//                   DistributedSampler (gloo on CPU, nccl on GPUs).
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"
#include "core/io/trained_model.h"

#include <string>

namespace layerlab::core {

struct TorchExport {
    std::string script;       // model.py
    std::string weightsName;  // the weights file's name, beside the script ("model.weights")
    std::string weights;      // its bytes
};

// requires: model = loadTrainedModel(project, projectDir, ...); scriptPath ends in ".py".
// ensures: the script and its weights; data paths are written absolute (resolved
//          from projectDir), a synthetic data set or series is embedded as
//          LayerLab generated it. Errors name the node that cannot be written.
Result<TorchExport> exportTorchScript(const Project& project, const TrainedModel& model,
                                      const std::string& projectDir, const std::string& scriptPath);

// ensures: the weights file, then the script, each written whole or not at all
//          (writeFileAtomically); an error names the file.
Status writeTorchExport(const TorchExport& e, const std::string& scriptPath);

}  // namespace layerlab::core

namespace layerlab::core {

// What an export wrote, for the user.
struct ExportReport {
    std::vector<std::string> files;  // written, in order
    std::size_t parameters = 0;
    bool seedWeights = false;        // the project held no trained weights that fit: the seed's were exported
};

// The whole of `layerlab export -o model.py` and of the window's File > Export Model
// for a .py: loadTrainedModel (UseWhenTheyFit), exportTorchScript, writeTorchExport.
// requires: projectDir the project file's folder ("" = the current directory).
Result<ExportReport> exportTorchFile(const Project& project, const std::string& projectDir, const std::string& scriptPath);

}  // namespace layerlab::core
