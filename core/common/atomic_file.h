// Writing a file whole or not at all (POSIX/Linux). Every file LayerLab's core
// and command line write goes through writeFileAtomically: the new content is
// written to an anonymous file (O_TMPFILE) in the target's folder, synced,
// given the old file's mode and owner, linked under a temporary name and
// renamed over the target, then the folder is synced. A full disk, an error or
// a kill -9 at any moment leaves either the old or the new complete file; a
// symlink stays a link and its final target is what gets replaced.
// checkWritableTarget is the cheap check a caller makes before long work
// (training) so that a bad output path fails at once, not at the end.
#pragma once

#include "core/common/result.h"

#include <string>
#include <string_view>

namespace layerlab::core {

// requires: nothing (any path; relative to the working directory).
// ensures: ok -> `path` (or, when it is a symlink chain, its final target)
//   holds exactly `bytes`, durably (file and folder fsynced); an existing file
//   keeps its mode (and owner where permitted); a new one gets 0666 & ~umask.
//   Stale temporary files of earlier killed saves of the same target
//   (`.<name>.tmp-<pid>-<n>` whose pid no longer runs, `<path>.tmp-save`,
//   `<path>.tmp-layerlab`) are removed.
//   !ok -> Error (file = path) naming the cause (strerror); the old file is
//   untouched and nothing new is left in the folder. (One exception: when
//   only the final fsync of the folder fails, the new file is in place and
//   the Error says so.)
Status writeFileAtomically(const std::string& path, std::string_view bytes);

// A quick check before long work that `path` can be written later.
// `what` names the content in messages, e.g. "the trained project".
// requires: nothing.
// ensures: ok when path is not empty, its (final, after symlinks) parent
//   folder exists, is a folder and is writable, and the target is absent, a
//   regular file or a symlink to one. Otherwise an Error (file = path) saying
//   which: "the file name is empty", "the folder 'x/y' does not exist",
//   "is a folder; give a file name such as out.layerlab", ...
//   Nothing is created or changed.
Status checkWritableTarget(const std::string& path, const std::string& what);

namespace detail {
// writeFileAtomically with the anonymous-file step chosen: useTmpfile = false
// always takes the named-temp-file fallback (`.<name>.tmp-<pid>-<n>`, O_EXCL)
// used where the file system has no O_TMPFILE. Same contract. For tests.
Status writeFileAtomically(const std::string& path, std::string_view bytes, bool useTmpfile);
}  // namespace detail

}  // namespace layerlab::core
