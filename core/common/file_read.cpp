#include "core/common/file_read.h"

#include "core/common/text.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace layerlab::core {

void FileCloser::operator()(std::FILE* f) const {
    if (f) std::fclose(f);
}

namespace {

Error fileError(const std::string& path, std::string message) {
    Error e = makeError(std::move(message));
    e.file = path;
    return e;
}

const char* whatItIs(mode_t mode) {
    if (S_ISDIR(mode)) return "a folder";
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

}  // namespace

Result<OpenedFile> openRegularFile(const std::string& path, const std::string& kind) {
    if (path.empty()) return fileError(path, "no file name given; expected " + kind);
    // O_NONBLOCK: opening a FIFO for reading waits for a writer otherwise.
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int err = errno;
        if (err == EISDIR) return fileError(path, "is a folder, not " + kind);
        return fileError(path, std::string("cannot open the file: ") + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return fileError(path, std::string("cannot read the file: ") + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        return fileError(path, std::string("is ") + whatItIs(st.st_mode) + ", not " + kind);
    }
    // A regular file: back to ordinary blocking reads.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    std::FILE* f = ::fdopen(fd, "rb");
    if (!f) {
        const int err = errno;
        ::close(fd);
        return fileError(path, std::string("cannot open the file: ") + std::strerror(err));
    }
    return OpenedFile{FilePtr(f), static_cast<std::uint64_t>(st.st_size)};
}

Result<std::string> readRegularFile(const std::string& path, const std::string& kind, std::uint64_t maxBytes) {
    auto opened = openRegularFile(path, kind);
    if (!opened) return opened.error();
    if (opened->size > maxBytes)
        return fileError(path, "is " + formatBytes(static_cast<double>(opened->size)) + "; " + kind + " is at most " +
                                   formatBytes(static_cast<double>(maxBytes)));
    std::string text(static_cast<std::size_t>(opened->size), '\0');
    const std::size_t got = std::fread(text.data(), 1, text.size(), opened->file.get());
    if (got != text.size() && std::ferror(opened->file.get()))
        return fileError(path, std::string("cannot read the file: ") + std::strerror(errno));
    // The file may have shrunk since fstat; it may also have grown: read no more than the limit.
    text.resize(got);
    if (got == opened->size) {
        char extra[4096];
        std::size_t more;
        while ((more = std::fread(extra, 1, sizeof extra, opened->file.get())) > 0) {
            if (text.size() + more > maxBytes)
                return fileError(path, "grew while being read, past the limit of " +
                                           formatBytes(static_cast<double>(maxBytes)) + " for " + kind);
            text.append(extra, more);
        }
    }
    return text;
}

}  // namespace layerlab::core
