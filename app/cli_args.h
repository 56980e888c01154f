// What the one-file headless commands (predict, export, import) share: one
// positional file and options that each take a value, the usage error, and
// "error: ..." for a failure as a value.
#pragma once

#include "core/common/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace layerlab::app {

struct CliArgs {
    std::string file;                           // the one positional argument ("" = none given)
    std::map<std::string, std::string> values;  // canonical option name -> value
};

// An option with a value: its spellings ("-o", "--output") and its canonical name.
struct CliOption {
    std::vector<std::string> spellings;
    std::string name;
};

// requires: argv[1] is the command; fileWhat names the positional file for messages ("project file").
// ensures: the arguments, or the message of the first mistake (an unknown option, an option
//          without a value or with an empty one, a second file).
std::optional<std::string> parseCliArgs(int argc, char** argv, const std::vector<CliOption>& options,
                                        const char* fileWhat, CliArgs& out);

// Prints "layerlab COMMAND: message" and the --help hint to stderr; returns 2.
int usageError(const char* command, const std::string& message);
// Prints "error: <e>" (prefixed by "context: " when given) to stderr; returns code.
int failWith(const core::Error& e, int code, const std::string& context = {});

}  // namespace layerlab::app
