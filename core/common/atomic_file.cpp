// Whole-or-nothing file writes: O_TMPFILE + linkat + rename, with a named
// temporary file where the file system has no O_TMPFILE. See atomic_file.h.
#include "core/common/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace layerlab::core {

namespace {

// Unique within the process: the <n> of `.<name>.tmp-<pid>-<n>`.
std::atomic<unsigned long> tempCounter{0};

Error errorAbout(const std::string& path, std::string message) {
    Error e = makeError(std::move(message));
    e.file = path;
    return e;
}

Error errnoError(const std::string& path, const std::string& what, int err) {
    return errorAbout(path, what + ": " + std::strerror(err));
}

// "a/b/c" -> "a/b"; "c" -> "."; "/c" -> "/".
std::string folderOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string nameOf(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string inFolder(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

// The final target of a symlink chain; `path` itself when it is no link (or
// absent). A relative link target is taken from the link's folder.
Result<std::string> followLinks(const std::string& path) {
    std::string current = path;
    for (int hop = 0; hop < 40; ++hop) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
        char buffer[PATH_MAX];
        const ssize_t n = ::readlink(current.c_str(), buffer, sizeof buffer);
        if (n < 0) return errnoError(path, "cannot read the symbolic link '" + current + "'", errno);
        std::string target(buffer, static_cast<std::size_t>(n));
        current = target.front() == '/' ? target : inFolder(folderOf(current), target);
    }
    return errnoError(path, "cannot follow the symbolic link", ELOOP);
}

std::string tempPath(const std::string& dir, const std::string& name) {
    return inFolder(dir, "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(tempCounter++));
}

// Removes what killed saves of `target` left: `.<name>.tmp-<pid>-<n>` whose
// process no longer runs, and the names older LayerLab versions used.
void removeStaleTemps(const std::string& dir, const std::string& name, const std::string& target,
                      const std::string& path) {
    for (const std::string& base : {target, path})
        for (const char* suffix : {".tmp-save", ".tmp-layerlab"}) ::unlink((base + suffix).c_str());
    DIR* folder = ::opendir(dir.c_str());
    if (!folder) return;
    const std::string prefix = "." + name + ".tmp-";
    while (const dirent* entry = ::readdir(folder)) {
        const std::string entryName = entry->d_name;
        if (entryName.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string rest = entryName.substr(prefix.size());  // "<pid>-<n>"
        const auto dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || dash == rest.size() - 1 ||
            rest.find_first_not_of("0123456789-") != std::string::npos || rest.find('-', dash + 1) != std::string::npos)
            continue;
        const long pid = std::strtol(rest.c_str(), nullptr, 10);
        if (pid <= 0 || pid > INT_MAX || pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlinkat(::dirfd(folder), entry->d_name, 0);
    }
    ::closedir(folder);
}

// requires: fd open for writing. ensures: false with errno set on failure.
bool writeAll(int fd, std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left < (std::size_t{1} << 30) ? left : (std::size_t{1} << 30));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = ENOSPC;
            return false;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    return true;
}

// Gives the anonymous file `fd` a unique temporary name in `dir` (stored in
// `named`). /proc/self/fd first; AT_EMPTY_PATH where /proc is not mounted.
bool linkAnonymous(int fd, const std::string& dir, const std::string& name, std::string& named) {
    const std::string procPath = "/proc/self/fd/" + std::to_string(fd);
    for (int attempt = 0; attempt < 100; ++attempt) {
        named = tempPath(dir, name);
        if (::linkat(AT_FDCWD, procPath.c_str(), AT_FDCWD, named.c_str(), AT_SYMLINK_FOLLOW) == 0) return true;
        if (errno == ENOENT && ::linkat(fd, "", AT_FDCWD, named.c_str(), AT_EMPTY_PATH) == 0) return true;
        if (errno != EEXIST) break;
    }
    const int err = errno;
    named.clear();
    errno = err;
    return false;
}

}  // namespace

namespace detail {

Status writeFileAtomically(const std::string& path, std::string_view bytes, bool useTmpfile) {
    auto resolved = followLinks(path);
    if (!resolved) return resolved.error();
    const std::string target = std::move(resolved).value();
    const std::string dir = folderOf(target), name = nameOf(target);
    if (name.empty() || name == "." || name == "..")
        return errorAbout(path, "cannot write: it is a folder; give a file name such as out.layerlab");
    struct stat old {};
    const bool exists = ::stat(target.c_str(), &old) == 0;
    if (!exists && errno != ENOENT) return errnoError(path, "cannot write the file", errno);
    if (exists && S_ISDIR(old.st_mode))
        return errorAbout(path, "cannot write: it is a folder; give a file name such as out.layerlab");
    if (exists && !S_ISREG(old.st_mode)) return errorAbout(path, "cannot write: it is not a regular file");
    removeStaleTemps(dir, name, target, path);

    int fd = -1;
    std::string named;  // the temporary file's name once it has one; removed on failure
    if (useTmpfile) {
        fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
            return errnoError(path, "cannot create a file in the folder '" + dir + "'", errno);
    }
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
        named = tempPath(dir, name);
        fd = ::open(named.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) {
            const int err = errno;
            named.clear();
            return errnoError(path, "cannot create a file in the folder '" + dir + "'", err);
        }
    }
    if (fd < 0) return errnoError(path, "cannot create a file in the folder '" + dir + "'", EEXIST);
    auto fail = [&](const std::string& what) -> Error {
        const int err = errno;
        if (fd >= 0) ::close(fd);
        if (!named.empty()) ::unlink(named.c_str());
        return errnoError(path, what, err);
    };

    if (!writeAll(fd, bytes)) return fail("cannot write the file");
    if (exists) {
        // Owner first: chown may clear set-id bits that fchmod then restores.
        if (::fchown(fd, old.st_uid, old.st_gid) != 0 && errno != EPERM) return fail("cannot keep the file's owner");
        if (::fchmod(fd, old.st_mode & 07777) != 0) return fail("cannot keep the file's permissions");
    }
    if (::fsync(fd) != 0) return fail("cannot write the file to disk (fsync)");
    if (named.empty() && !linkAnonymous(fd, dir, name, named)) return fail("cannot name the new file in '" + dir + "'");
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) return fail("cannot write the file (close)");
    if (::rename(named.c_str(), target.c_str()) != 0) return fail("cannot replace the file");
    named.clear();

    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        const bool synced = ::fsync(dirFd) == 0 || errno == EINVAL;
        const int err = errno;
        ::close(dirFd);
        if (!synced) return errnoError(path, "the file was replaced, but its folder could not be synced to disk", err);
    }
    return {};
}

}  // namespace detail

Status writeFileAtomically(const std::string& path, std::string_view bytes) {
    return detail::writeFileAtomically(path, bytes, true);
}

Status checkWritableTarget(const std::string& path, const std::string& what) {
    auto fail = [&](const std::string& why) { return errorAbout(path, "cannot write " + what + ": " + why); };
    if (path.empty()) return makeError("cannot write " + what + ": the file name is empty");
    const std::string folderMessage = "'" + path + "' is a folder; give a file name such as out.layerlab";
    if (path.back() == '/') return fail(folderMessage);
    auto resolved = followLinks(path);
    if (!resolved) return resolved.error();
    const std::string& target = *resolved;
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return fail(folderMessage);
        if (!S_ISREG(st.st_mode)) return fail("'" + path + "' is not a regular file");
    }
    const std::string dir = folderOf(target);
    if (::stat(dir.c_str(), &st) != 0)
        return errno == ENOENT ? fail("the folder '" + dir + "' does not exist")
                               : fail("cannot use the folder '" + dir + "': " + std::strerror(errno));
    if (!S_ISDIR(st.st_mode)) return fail("'" + dir + "' is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return fail("the folder '" + dir + "' is not writable: " + std::strerror(errno));
    return {};
}

}  // namespace layerlab::core
