// How the step-through's formulas are written (FormulaOptions): plain values,
// in a header of their own so that trace_formulas.h and trace_recurrent.h
// (which trace.h includes) can both take them without an include cycle.
#pragma once

#include <string>

namespace layerlab::core {

struct FormulaOptions {
    bool hideResults = false;  // quiz mode: computed results become `blank`, the operands stay
    std::string blank = "?";  // what replaces a hidden result
    int maxTerms = 6;         // longer sums show their first terms, "…" and the last one
};

}  // namespace layerlab::core
