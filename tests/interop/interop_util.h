// Shared by the interop tests: networks written as a list of layers, random
// weights with non-trivial BatchNorm statistics, samples as JSON, and running
// the outside Python checks (skipped when Debian's python3-onnx is missing).
#pragma once

#include "core/common/random.h"
#include "core/graph/graph.h"
#include "core/layers/layer_registry.h"
#include "core/net/network.h"

#include <nlohmann/json.hpp>

#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace interop_test {

using layerlab::core::ParamMap;
using layerlab::core::ParamValue;

// One layer: type, name, parameters, the names of the layers feeding its ports.
struct L {
    std::string type, name;
    ParamMap params;
    std::vector<std::string> from;
};

inline ParamValue I(long v) { return ParamValue{std::int64_t{v}}; }
inline ParamValue S(const char* v) { return ParamValue{std::string(v)}; }

// requires: layers in an order where every `from` comes earlier; valid types and params.
inline layerlab::core::Graph makeGraph(const std::vector<L>& layers) {
    layerlab::core::Graph g(layerlab::core::LayerRegistry::builtin());
    std::map<std::string, layerlab::core::NodeId> ids;
    for (const L& l : layers) {
        auto id = g.addNode(l.type, l.params, {}, l.name);
        if (!id) qFatal("addNode %s: %s", l.name.c_str(), id.error().message.c_str());
        ids[l.name] = *id;
        for (std::size_t p = 0; p < l.from.size(); ++p)
            if (auto s = g.connect(ids.at(l.from[p]), *id, static_cast<int>(p)); !s)
                qFatal("connect %s: %s", l.name.c_str(), s.error().message.c_str());
    }
    return g;
}

// Every parameter uniform in [-0.6, 0.6]; BatchNorm running means in [-0.5, 0.5]
// and variances in [0.5, 1.5] (a BatchNorm's state is mean then variance).
inline void randomWeights(layerlab::core::Network& net, std::uint64_t seed) {
    layerlab::core::Rng rng(seed);
    for (float& p : net.params()) p = static_cast<float>(layerlab::core::uniform(rng, -0.6, 0.6));
    for (const auto& l : net.layers()) {
        for (std::size_t i = 0; i < l.stateCount; ++i) {
            const bool var = i >= l.stateCount / 2;
            net.state()[l.stateOffset + i] = static_cast<float>(
                var ? layerlab::core::uniform(rng, 0.5, 1.5) : layerlab::core::uniform(rng, -0.5, 0.5));
        }
    }
}

// batch x features values (sample-major, row-major) of a features x batch matrix.
inline std::vector<float> sampleMajor(const layerlab::core::Matrix& m) {
    std::vector<float> v;
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i) v.push_back(m(i, j));
    return v;
}

inline layerlab::core::Matrix randomInput(int features, int batch, std::uint64_t seed) {
    layerlab::core::Rng rng(seed);
    layerlab::core::Matrix x(features, batch);
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i) x(i, j) = static_cast<float>(layerlab::core::uniform(rng, -1, 1));
    return x;
}

inline QString python() { return QFile::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

// ensures: an empty string when `modules` import, else why not (for QSKIP).
inline QString missingPython(const QString& modules) {
    if (QProcess::execute(python(), {"-c", "import " + modules}) != 0)
        return "python3 with " + modules + " is not installed (scripts/install-deps.sh installs them)";
    return {};
}

// Runs tests/interop/<script> with args; returns its exit code (-1: did not
// finish in 120 s) and puts stdout+stderr into report.
inline int runScript(const char* script, const QStringList& args, QString& report) {
    QProcess py;
    py.start(python(), QStringList{QStringLiteral(LAYERLAB_SOURCE_DIR "/tests/interop/") + script} + args);
    if (!py.waitForFinished(120000)) {
        py.kill();
        py.waitForFinished();
        report = "the script did not finish in 120 s";
        return -1;
    }
    report = QString::fromUtf8(py.readAllStandardOutput() + py.readAllStandardError());
    return py.exitStatus() == QProcess::NormalExit ? py.exitCode() : -1;
}

}  // namespace interop_test
