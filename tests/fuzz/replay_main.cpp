// Runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer: this is how the
// seed corpus and the saved crashers are replayed as ordinary CTest tests in every build
// (GCC, and the ASan+UBSan preset), so a fixed bug stays fixed.
//
//   fuzzreplay_<target> PATH...    each PATH a file, or a folder whose files are all replayed
//
// A violated invariant aborts inside the target, which fails the test with the file named
// just before. Exit status 0 when every file ran; 1 when a path is missing or nothing ran.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool replay(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qUtf8Printable(path));
        return false;
    }
    const QByteArray bytes = file.readAll();
    std::fprintf(stderr, "replay %s (%lld bytes)\n", qUtf8Printable(path),
        static_cast<long long>(bytes.size()));
    std::fflush(stderr);
    // An empty QByteArray's data() is not null, matching what libFuzzer passes.
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const uint8_t *>(bytes.constData()), static_cast<size_t>(bytes.size()));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    int replayed = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        const QFileInfo info(path);
        if (info.isDir()) {
            // Sorted, so a failure names the same file on every run.
            const QStringList names = QDir(path).entryList(QDir::Files | QDir::Hidden, QDir::Name);
            for (const QString &name : names) {
                ok = replay(QDir(path).filePath(name)) && ok;
                ++replayed;
            }
        } else if (info.isFile()) {
            ok = replay(path) && ok;
            ++replayed;
        } else {
            std::fprintf(stderr, "no such file or folder: %s\n", argv[i]);
            ok = false;
        }
    }
    std::fprintf(stderr, "%d inputs replayed\n", replayed);
    return ok && replayed > 0 ? 0 : 1;
}
