// `layerlab render-concepts`: the concept map of a project, or a Mermaid
// flowchart, rendered by Graphviz to SVG (or DOT text) without a display.
#include "app/commands.h"

#include "core/common/atomic_file.h"
#include "core/common/file_read.h"

#include "core/io/project.h"
#include "core/viz/concept_graph.h"
#include "core/viz/concept_layout.h"
#include "core/viz/mermaid.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace layerlab::app {

namespace {

int usageError(const std::string& message) {
    std::fprintf(stderr, "layerlab render-concepts: %s\nRun 'layerlab --help' for usage.\n", message.c_str());
    return 2;
}

std::string lowerSuffix(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

int runRenderConceptsCommand(int argc, char** argv) {
    std::string project, mermaid, output;
    bool overfitting = false;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-o" || a == "--output" || a == "--mermaid") {
            if (i + 1 >= argc) return usageError(a + " needs a file name");
            (a == "--mermaid" ? mermaid : output) = argv[++i];
        } else if (a == "--overfitting") {
            overfitting = true;
        } else if (a != "-" && !a.empty() && a[0] == '-') {
            return usageError("unknown option '" + a + "'");
        } else if (project.empty()) {
            project = a;
        } else {
            return usageError("only one project file, got '" + project + "' and '" + a + "'");
        }
    }
    if (project.empty() == mermaid.empty())
        return usageError(project.empty() ? "missing the project file (FILE.layerlab) or --mermaid FILE.mmd"
                                          : "give either a project file or --mermaid FILE.mmd, not both");
    if (output.empty()) return usageError("missing the output file (-o map.svg)");
    const std::string format = output == "-" ? ".svg" : lowerSuffix(output);
    if (format != ".svg" && format != ".dot")
        return usageError("cannot write '" + output + "': choose a file ending in .svg or .dot (or - for SVG on stdout)");
    if (overfitting && !mermaid.empty()) return usageError("--overfitting marks a project's map; it does not apply to --mermaid");

    core::ConceptGraph graph;
    if (!project.empty()) {
        auto loaded = core::loadProject(project);
        if (!loaded) {
            std::fprintf(stderr, "error: %s\n", loaded.error().toString().c_str());
            return 2;
        }
        graph = core::buildConceptGraph(*loaded, core::ConceptOptions{overfitting});
    } else {
        auto text = core::readRegularFile(mermaid, "a Mermaid file", core::kMaxMermaidBytes);
        if (!text) {
            std::fprintf(stderr, "error: %s\n", text.error().toString().c_str());
            return 2;
        }
        auto parsed = core::parseMermaid(*text);
        if (!parsed) {
            core::Error e = parsed.error();
            e.file = mermaid;
            std::fprintf(stderr, "error: %s\n", e.toString().c_str());
            return 2;
        }
        graph = std::move(parsed).value();
    }

    std::string text;
    if (format == ".dot") {
        text = core::conceptGraphToDot(graph);
    } else {
        auto svg = core::renderConceptSvg(graph);
        if (!svg) {
            std::fprintf(stderr, "error: %s\n", svg.error().message.c_str());
            return 1;
        }
        text = std::move(svg).value();
    }
    if (output == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0 ? 0 : 1;
    }
    if (auto written = core::writeFileAtomically(output, text); !written) {
        std::fprintf(stderr, "error: %s\n", written.error().toString().c_str());
        return 1;
    }
    std::printf("wrote %s: %zu concepts, %zu links\n", output.c_str(), graph.concepts.size(), graph.edges.size());
    return 0;
}

}  // namespace layerlab::app
