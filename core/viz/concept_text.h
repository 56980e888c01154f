// The explanations behind the concept map: one Markdown file per concept in a
// folder (resources/concepts/<key>.md), holding a title line "# Title", a short
// explanation and the formula in a fenced block:
//
//     # ReLU (rectified linear unit)
//     Passes positive values through and replaces negative ones by zero ...
//     ```
//     ReLU(z) = max(0, z)
//     ```
//
// Formulas are plain text with Unicode (σ(z) = 1 / (1 + e^(−z))). The core
// reads the files; the caller says where the folder is.
//
// Thread: pure functions over values and files; safe on any thread.
#pragma once

#include "core/common/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace layerlab::core {

struct ConceptText {
    std::string key;          // file stem, e.g. "relu"
    std::string title;        // "ReLU (rectified linear unit)"
    std::string explanation;  // paragraphs separated by a blank line; no Markdown markup but the text itself
    std::string formula;      // the fenced block's lines joined with '\n'; may be empty
};

// requires: nothing. ensures: the parts of the text; error when there is no
// "# " title line or a fenced block is not closed (line named).
Result<ConceptText> parseConceptText(std::string_view markdown, const std::string& key);

// Reads <folder>/<key>.md. errors: the key has characters other than a-z, 0-9
// and '_', the file is missing or unreadable (path named), or it does not parse.
Result<ConceptText> loadConceptText(const std::string& folder, const std::string& key);

// Every text key buildConceptGraph can give a concept (each must have a file).
const std::vector<std::string>& conceptTextKeys();

}  // namespace layerlab::core
