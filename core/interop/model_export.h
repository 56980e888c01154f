// File > Export Model and `layerlab export`: one function for both formats,
// chosen by the file's suffix (.py: the PyTorch script of core/torch with its
// weights beside it; .onnx: onnx_export.h). Both start from loadTrainedModel
// (core/io/trained_model.h), so they export the same network and weights.
#pragma once

#include "core/common/result.h"
#include "core/io/project.h"
#include "core/torch/torch_export.h"

#include <string>

namespace layerlab::core {

// requires: projectDir the project file's folder ("" = the current directory).
// ensures: the file(s) written whole or not at all; an error names the suffix
//          when it is neither .py nor .onnx, or the file, setting or node at fault.
Result<ExportReport> exportModelFile(const Project& project, const std::string& projectDir, const std::string& path);

}  // namespace layerlab::core
