// writeFileAtomically and checkWritableTarget: new files, overwrites keeping
// mode, symlinks kept as links, no leftovers after success or failure (both
// the O_TMPFILE path and the named-temp fallback), stale temp files of killed
// saves cleaned, and kill -9 during 50 MB saves leaving the old or new file.
#include "core/common/atomic_file.h"

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using layerlab::core::checkWritableTarget;
using layerlab::core::Status;
using layerlab::core::writeFileAtomically;
namespace fs = std::filesystem;

namespace {

Status save(const std::string& path, std::string_view bytes, bool useTmpfile) {
    return layerlab::core::detail::writeFileAtomically(path, bytes, useTmpfile);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writePlain(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

mode_t modeOf(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

mode_t currentUmask() {
    const mode_t m = ::umask(022);
    ::umask(m);
    return m;
}

// A pid that ran and is gone.
pid_t deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

bool contains(const Status& s, const std::string& text) {
    return !s.ok() && s.error().toString().find(text) != std::string::npos;
}

std::string str(const Status& s) { return s.ok() ? std::string("ok") : s.error().toString(); }

}  // namespace

class AtomicFileTest : public QObject {
    Q_OBJECT

private slots:
    void newFileGetsUmaskMode_data() { bothModes(); }
    void newFileGetsUmaskMode() {
        QFETCH(bool, useTmpfile);
        QTemporaryDir dir;
        const std::string path = dir.filePath("new.txt").toStdString();
        const Status s = save(path, "hello", useTmpfile);
        QVERIFY2(s.ok(), str(s).c_str());
        QCOMPARE(readFile(path), std::string("hello"));
        QCOMPARE(modeOf(path), mode_t(0666 & ~currentUmask()));
        QCOMPARE(entries(dir.path().toStdString()), std::vector<std::string>{"new.txt"});
    }

    void overwriteKeepsMode_data() {
        QTest::addColumn<bool>("useTmpfile");
        QTest::addColumn<int>("mode");
        for (bool t : {true, false})
            for (int m : {0600, 0640, 0755}) {
                const std::string name = std::string(t ? "tmpfile " : "named ") + std::to_string(m);
                QTest::newRow(name.c_str()) << t << m;
            }
    }
    void overwriteKeepsMode() {
        QFETCH(bool, useTmpfile);
        QFETCH(int, mode);
        QTemporaryDir dir;
        const std::string path = dir.filePath("f").toStdString();
        writePlain(path, "old content, longer than the new");
        QCOMPARE(::chmod(path.c_str(), static_cast<mode_t>(mode)), 0);
        const Status s = save(path, "new", useTmpfile);
        QVERIFY2(s.ok(), str(s).c_str());
        QCOMPARE(readFile(path), std::string("new"));
        QCOMPARE(modeOf(path), static_cast<mode_t>(mode));
        QCOMPARE(entries(dir.path().toStdString()), std::vector<std::string>{"f"});
        // The public entry point behaves the same.
        QVERIFY(writeFileAtomically(path, std::string(100000, 'x')).ok());
        QCOMPARE(readFile(path), std::string(100000, 'x'));
        QCOMPARE(modeOf(path), static_cast<mode_t>(mode));
    }

    void symlinkStaysALink_data() { bothModes(); }
    void symlinkStaysALink() {
        QFETCH(bool, useTmpfile);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        fs::create_directory(d + "/sub");
        writePlain(d + "/sub/real.txt", "old");
        ::chmod((d + "/sub/real.txt").c_str(), 0640);
        fs::create_symlink("sub/real.txt", d + "/link");  // relative target
        fs::create_symlink(d + "/link", d + "/link2");    // a chain, absolute
        const Status s = save(d + "/link2", "new", useTmpfile);
        QVERIFY2(s.ok(), str(s).c_str());
        QVERIFY(fs::is_symlink(d + "/link"));
        QVERIFY(fs::is_symlink(d + "/link2"));
        QCOMPARE(fs::read_symlink(d + "/link").string(), std::string("sub/real.txt"));
        QCOMPARE(readFile(d + "/sub/real.txt"), std::string("new"));
        QCOMPARE(modeOf(d + "/sub/real.txt"), mode_t(0640));
        QCOMPARE(entries(d), (std::vector<std::string>{"link", "link2", "sub"}));
        QCOMPARE(entries(d + "/sub"), std::vector<std::string>{"real.txt"});
        // A dangling link: the target is created, the link stays.
        fs::create_symlink("sub/later.txt", d + "/dangling");
        QVERIFY(save(d + "/dangling", "later", useTmpfile).ok());
        QVERIFY(fs::is_symlink(d + "/dangling"));
        QCOMPARE(readFile(d + "/sub/later.txt"), std::string("later"));
    }

    void failuresLeaveOldFileAndNothingElse_data() { bothModes(); }
    void failuresLeaveOldFileAndNothingElse() {
        QFETCH(bool, useTmpfile);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        writePlain(d + "/file", "old");
        // The parent is a regular file (fails as root too).
        Status s = save(d + "/file/x", "new", useTmpfile);
        QVERIFY2(contains(s, d + "/file/x: cannot") && contains(s, "Not a directory"), str(s).c_str());
        // Under /proc nothing can be created.
        s = save("/proc/self/layerlab-test", "new", useTmpfile);
        QVERIFY2(contains(s, "/proc/self/layerlab-test: cannot"), str(s).c_str());
        // The target is a folder.
        fs::create_directory(d + "/folder");
        s = save(d + "/folder", "new", useTmpfile);
        QVERIFY2(contains(s, "is a folder"), str(s).c_str());
        // A write that fails half-way (as a full disk would): the file size limit.
        ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit old {};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        struct rlimit small = old;
        small.rlim_cur = 64 * 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        s = save(d + "/file", std::string(1 << 20, 'n'), useTmpfile);
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &old), 0);
        ::signal(SIGXFSZ, SIG_DFL);
        QVERIFY2(contains(s, d + "/file: cannot write the file: File too large"), str(s).c_str());
        QCOMPARE(readFile(d + "/file"), std::string("old"));
        QCOMPARE(entries(d), (std::vector<std::string>{"file", "folder"}));
        QVERIFY(fs::is_empty(d + "/folder"));
    }

    void staleTempFilesAreRemoved_data() { bothModes(); }
    void staleTempFilesAreRemoved() {
        QFETCH(bool, useTmpfile);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const std::string dead = std::to_string(deadPid());
        const std::string alive = std::to_string(::getppid());
        for (const std::string& name : {".x.tmp-" + dead + "-0", ".x.tmp-" + dead + "-17", std::string("x.tmp-save"),
                                        std::string("x.tmp-layerlab"), ".x.tmp-" + alive + "-0", ".y.tmp-" + dead + "-0",
                                        std::string(".x.tmp-notapid")})
            writePlain(d + "/" + name, std::string(1000, 'z'));
        writePlain(d + "/x", "old");
        const Status s = save(d + "/x", "new", useTmpfile);
        QVERIFY2(s.ok(), str(s).c_str());
        QCOMPARE(readFile(d + "/x"), std::string("new"));
        // Still running (another process may be saving) or another target: kept.
        QCOMPARE(entries(d),
                 (std::vector<std::string>{".x.tmp-" + alive + "-0", ".x.tmp-notapid", ".y.tmp-" + dead + "-0", "x"}));
    }

    void checkWritableTargetSaysWhy() {
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        const std::string what = "the trained project";
        Status s = checkWritableTarget("", what);
        QVERIFY2(contains(s, "cannot write the trained project: the file name is empty"), str(s).c_str());
        s = checkWritableTarget(d + "/missing/folder/out.layerlab", what);
        QVERIFY2(contains(s, d + "/missing/folder/out.layerlab: cannot write the trained project: the folder '" + d +
                                 "/missing/folder' does not exist"),
                 str(s).c_str());
        s = checkWritableTarget(d, what);
        QVERIFY2(contains(s, "'" + d + "' is a folder; give a file name such as out.layerlab"), str(s).c_str());
        s = checkWritableTarget(d + "/", what);
        QVERIFY2(contains(s, "is a folder"), str(s).c_str());
        writePlain(d + "/file", "x");
        s = checkWritableTarget(d + "/file/out.layerlab", what);
        QVERIFY2(contains(s, "'" + d + "/file' is not a folder"), str(s).c_str());
        s = checkWritableTarget("/dev/null", what);
        QVERIFY2(contains(s, "'/dev/null' is not a regular file"), str(s).c_str());
        fs::create_symlink(d, d + "/link-to-folder");
        s = checkWritableTarget(d + "/link-to-folder", what);
        QVERIFY2(contains(s, "is a folder"), str(s).c_str());
        // Fine: an existing file, a new name, a link to a file, a name in the working folder.
        QVERIFY(checkWritableTarget(d + "/file", what).ok());
        QVERIFY(checkWritableTarget(d + "/new.layerlab", what).ok());
        fs::create_symlink("file", d + "/link");
        QVERIFY(checkWritableTarget(d + "/link", what).ok());
        QVERIFY(checkWritableTarget("some-new-name.layerlab", what).ok());
        QCOMPARE(entries(d), (std::vector<std::string>{"file", "link", "link-to-folder"}));
    }

    // kill -9 at random moments of 50 MB saves: the file is always exactly the
    // old or the new content. Right after the kill the folder holds only the
    // file, except a `.f.tmp-<child>-<n>` when the kill fell between naming the
    // new file and renaming it (or, on the fallback path, during the write);
    // the next save removes it.
    void killNineLeavesOldOrNew_data() {
        QTest::addColumn<bool>("useTmpfile");
        QTest::addColumn<int>("rounds");
        QTest::newRow("tmpfile") << true << 20;
        QTest::newRow("named") << false << 6;
    }
    void killNineLeavesOldOrNew() {
        QFETCH(bool, useTmpfile);
        QFETCH(int, rounds);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString(), path = d + "/f";
        const std::string a(50 << 20, 'a'), b(50 << 20, 'b');
        QVERIFY(save(path, a, useTmpfile).ok());
        const auto t0 = std::chrono::steady_clock::now();  // an overwrite, as in the child
        QVERIFY(save(path, b, useTmpfile).ok());
        QVERIFY(save(path, a, useTmpfile).ok());
        const auto oneSave =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0) / 2;
        std::mt19937 rng(15);
        std::uniform_int_distribution<long> delay(0, std::max<long>(2000, oneSave.count() * 5 / 2));
        int leftovers = 0, sawNew = 0;
        for (int round = 0; round < rounds; ++round) {
            const pid_t child = ::fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                for (;;)
                    if (!save(path, b, useTmpfile).ok() || !save(path, a, useTmpfile).ok()) ::_exit(3);
            }
            ::usleep(static_cast<useconds_t>(delay(rng)));
            ::kill(child, SIGKILL);
            int status = 0;
            QCOMPARE(::waitpid(child, &status, 0), child);
            QVERIFY2(WIFSIGNALED(status), "the child's save failed");
            const std::string now = readFile(path);
            QVERIFY2(now == a || now == b, ("round " + std::to_string(round) + ": " + std::to_string(now.size()) +
                                            " bytes, neither the old nor the new file").c_str());
            sawNew += now == b;
            const std::string stale = ".f.tmp-" + std::to_string(child) + "-";
            for (const std::string& name : entries(d)) {
                if (name == "f") continue;
                QVERIFY2(name.compare(0, stale.size(), stale) == 0, name.c_str());
                ++leftovers;
            }
            QVERIFY(save(path, a, useTmpfile).ok());
            QCOMPARE(entries(d), std::vector<std::string>{"f"});
        }
        qInfo("%d rounds, one save %.0f ms, %d killed after a save of the new content completed, %d killed-save "
              "temp file(s) removed by the next save",
              rounds, oneSave.count() / 1000.0, sawNew, leftovers);
    }

private:
    static void bothModes() {
        QTest::addColumn<bool>("useTmpfile");
        QTest::newRow("tmpfile") << true;
        QTest::newRow("named fallback") << false;
    }
};

QTEST_APPLESS_MAIN(AtomicFileTest)
#include "test_atomic_file.moc"
