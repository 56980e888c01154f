#include "core/interop/model_export.h"

#include "core/common/atomic_file.h"
#include "core/interop/onnx_export.h"
#include "core/io/trained_model.h"

#include <filesystem>

namespace layerlab::core {

namespace {

bool endsWith(const std::string& s, const char* end) {
    const std::string e = end;
    return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

Result<ExportReport> exportModelFile(const Project& project, const std::string& projectDir, const std::string& path) {
    if (endsWith(path, ".py")) return exportTorchFile(project, projectDir, path);
    if (!endsWith(path, ".onnx"))
        return makeFileError("is neither a PyTorch script (.py) nor an ONNX model (.onnx)", path);
    auto model = loadTrainedModel(project, projectDir, SavedWeights::UseWhenTheyFit);
    if (!model) return model.error();
    const std::string name = project.name.empty() ? std::filesystem::path(path).stem().string() : project.name;
    auto bytes = onnxModelBytes(model->net, name);
    if (!bytes) return bytes.error();
    if (auto w = writeFileAtomically(path, *bytes); !w) return w.error();
    ExportReport r;
    r.files = {path};
    r.parameters = model->net.paramCount();
    r.seedWeights = model->origin != WeightsOrigin::Saved;
    return r;
}

}  // namespace layerlab::core
