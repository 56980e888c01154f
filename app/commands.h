// The headless commands of the layerlab executable. They use only core/ and
// print to stdout/stderr; each returns the process exit code.
#pragma once

namespace layerlab::app {

// argv[0] is the program, argv[1] the command name.
int runTrainCommand(int argc, char** argv);
// `layerlab render-concepts`: the concept map (or a Mermaid chart) to SVG via Graphviz.
int runRenderConceptsCommand(int argc, char** argv);
// `layerlab predict`: the trained network on raw samples, to CSV.
int runPredictCommand(int argc, char** argv);
// `layerlab export`: the project as a PyTorch script (model.py) or ONNX (model.onnx).
int runExportCommand(int argc, char** argv);

// `layerlab import MODEL.onnx -o FILE.layerlab`: an ONNX model as a project.
int runImportCommand(int argc, char** argv);

// Text of `layerlab --help`.
const char* helpText();

}  // namespace layerlab::app
