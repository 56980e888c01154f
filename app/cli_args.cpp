#include "app/cli_args.h"

#include <cstdio>

namespace layerlab::app {

std::optional<std::string> parseCliArgs(int argc, char** argv, const std::vector<CliOption>& options,
                                        const char* fileWhat, CliArgs& out) {
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const CliOption* option = nullptr;
        for (const auto& o : options)
            for (const auto& s : o.spellings)
                if (s == a) option = &o;
        if (option) {
            if (i + 1 >= argc || !*argv[i + 1]) return a + " needs a file name";
            out.values[option->name] = argv[++i];
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option '" + a + "'";
        } else if (out.file.empty()) {
            out.file = a;
        } else {
            return std::string("only one ") + fileWhat + ", got '" + out.file + "' and '" + a + "'";
        }
    }
    return std::nullopt;
}

int usageError(const char* command, const std::string& message) {
    std::fprintf(stderr, "layerlab %s: %s\nRun 'layerlab --help' for usage.\n", command, message.c_str());
    return 2;
}

int failWith(const core::Error& e, int code, const std::string& context) {
    std::fprintf(stderr, "error: %s%s\n", context.empty() ? "" : (context + ": ").c_str(), e.toString().c_str());
    return code;
}

}  // namespace layerlab::app
