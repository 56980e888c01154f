// Opening a file the user named, for reading, without trusting what it is: a
// named pipe would block open() or read() forever, /dev/zero never ends, a
// folder cannot be read. Every reader of user files (projects, CSV, IDX,
// concept texts, Mermaid charts) opens through here, so each kind of path gets
// the same clear refusal: "data.csv: is a named pipe (FIFO), not a file".
//
// Thread: plain functions; safe from any thread.
#pragma once

#include "core/common/result.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace layerlab::core {

struct FileCloser {
    void operator()(std::FILE* f) const;
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct OpenedFile {
    FilePtr file;            // positioned at the start, blocking reads
    std::uint64_t size = 0;  // bytes, from fstat of the open file
};

// `kind` names what was expected, for messages: "a CSV file", "an IDX file".
// ensures: the open file when path is a regular file (or a symlink to one);
//          else an Error with file = path and a message saying what it is:
//          "is a folder, not a CSV file", "is a named pipe (FIFO), not a CSV
//          file", "is a character device, not a CSV file" (/dev/zero, /dev/null),
//          "is a socket ...", "is a block device ...", or "cannot open the file:
//          <strerror>". Never blocks on a FIFO: the path is opened non-blocking
//          and checked with fstat before anything is read.
Result<OpenedFile> openRegularFile(const std::string& path, const std::string& kind);

// ensures: the whole content of a regular file of at most maxBytes bytes; a
//          larger file is refused before reading ("is 2.1 GB; a project file
//          is at most 1.0 GB"), as is any path openRegularFile refuses.
Result<std::string> readRegularFile(const std::string& path, const std::string& kind, std::uint64_t maxBytes);

}  // namespace layerlab::core
