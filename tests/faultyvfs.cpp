#include "faultyvfs.h"

#include <sqlite3.h>

#include <cstring>
#include <mutex>

namespace hindsight::test {

namespace {

// The shim's state. SQLite may call from several threads (Workspace's background integrity
// check has a connection of its own), so every access holds the mutex.
struct State {
    std::mutex mutex;
    QStringList files;
    int ops = 0;
    int succeed = 0;
    int fail = -1;
    int seen = 0; // watched calls of the armed kinds since arm()
    bool armed = false;
    QList<FaultyVfs::Call> calls;
    int failures = 0;
};

State &state()
{
    static State s;
    return s;
}

sqlite3_vfs *realVfs = nullptr;
sqlite3_vfs faultyVfs;

// Our file object: SQLite allocates szOsFile bytes for it; the real VFS's file lives right
// after ours in the same allocation.
struct FaultyFile {
    sqlite3_file base;
    sqlite3_file *real;
    char *name; // owned copy of the path, or null when not a named file
};

sqlite3_file *realOf(sqlite3_file *f)
{
    return reinterpret_cast<FaultyFile *>(f)->real;
}

// Decides whether this call fails, and records it when the file is watched.
bool shouldFail(sqlite3_file *f, FaultyVfs::Op op, qint64 offset, int amount)
{
    const auto *ff = reinterpret_cast<FaultyFile *>(f);
    if (!ff->name)
        return false;
    State &s = state();
    const std::lock_guard lock(s.mutex);
    if (!s.armed || !s.files.contains(QString::fromUtf8(ff->name)))
        return false;
    FaultyVfs::Call call {QString::fromUtf8(ff->name), op, offset, amount, false};
    if (s.ops & op) {
        call.failed = s.seen >= s.succeed && (s.fail < 0 || s.seen < s.succeed + s.fail);
        ++s.seen;
    }
    if (call.failed)
        ++s.failures;
    s.calls.append(call);
    return call.failed;
}

int fClose(sqlite3_file *f)
{
    auto *ff = reinterpret_cast<FaultyFile *>(f);
    const int rc = ff->real->pMethods ? ff->real->pMethods->xClose(ff->real) : SQLITE_OK;
    sqlite3_free(ff->name);
    ff->name = nullptr;
    return rc;
}

int fRead(sqlite3_file *f, void *buf, int amount, sqlite3_int64 offset)
{
    return realOf(f)->pMethods->xRead(realOf(f), buf, amount, offset);
}

int fWrite(sqlite3_file *f, const void *buf, int amount, sqlite3_int64 offset)
{
    if (shouldFail(f, FaultyVfs::Write, offset, amount))
        return SQLITE_IOERR_WRITE;
    return realOf(f)->pMethods->xWrite(realOf(f), buf, amount, offset);
}

int fTruncate(sqlite3_file *f, sqlite3_int64 size)
{
    return realOf(f)->pMethods->xTruncate(realOf(f), size);
}

int fSync(sqlite3_file *f, int flags)
{
    if (shouldFail(f, FaultyVfs::Sync, 0, 0))
        return SQLITE_IOERR_FSYNC;
    return realOf(f)->pMethods->xSync(realOf(f), flags);
}

int fFileSize(sqlite3_file *f, sqlite3_int64 *size)
{
    return realOf(f)->pMethods->xFileSize(realOf(f), size);
}

int fLock(sqlite3_file *f, int level)
{
    return realOf(f)->pMethods->xLock(realOf(f), level);
}

int fUnlock(sqlite3_file *f, int level)
{
    return realOf(f)->pMethods->xUnlock(realOf(f), level);
}

int fCheckReservedLock(sqlite3_file *f, int *out)
{
    return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out);
}

int fFileControl(sqlite3_file *f, int op, void *arg)
{
    return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
}

int fSectorSize(sqlite3_file *f)
{
    return realOf(f)->pMethods->xSectorSize(realOf(f));
}

int fDeviceCharacteristics(sqlite3_file *f)
{
    return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f));
}

int fShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    return realOf(f)->pMethods->xShmMap(realOf(f), region, size, extend, out);
}

int fShmLock(sqlite3_file *f, int offset, int n, int flags)
{
    return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
}

void fShmBarrier(sqlite3_file *f)
{
    realOf(f)->pMethods->xShmBarrier(realOf(f));
}

int fShmUnmap(sqlite3_file *f, int deleteFlag)
{
    return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag);
}

int fFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out)
{
    return realOf(f)->pMethods->xFetch(realOf(f), offset, amount, out);
}

int fUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *p)
{
    return realOf(f)->pMethods->xUnfetch(realOf(f), offset, p);
}

const sqlite3_io_methods faultyMethods = {
    3,
    fClose,
    fRead,
    fWrite,
    fTruncate,
    fSync,
    fFileSize,
    fLock,
    fUnlock,
    fCheckReservedLock,
    fFileControl,
    fSectorSize,
    fDeviceCharacteristics,
    fShmMap,
    fShmLock,
    fShmBarrier,
    fShmUnmap,
    fFetch,
    fUnfetch,
};

int vOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
{
    auto *ff = reinterpret_cast<FaultyFile *>(f);
    ff->base.pMethods = nullptr;
    ff->real = reinterpret_cast<sqlite3_file *>(ff + 1);
    ff->name = name ? sqlite3_mprintf("%s", name) : nullptr;
    const int rc = realVfs->xOpen(realVfs, name, ff->real, flags, outFlags);
    // SQLite calls xClose only when pMethods is set, so set it only for an open real file.
    if (ff->real->pMethods) {
        ff->base.pMethods = &faultyMethods;
    } else {
        sqlite3_free(ff->name);
        ff->name = nullptr;
    }
    return rc;
}

int vDelete(sqlite3_vfs *, const char *name, int syncDir)
{
    return realVfs->xDelete(realVfs, name, syncDir);
}

int vAccess(sqlite3_vfs *, const char *name, int flags, int *out)
{
    return realVfs->xAccess(realVfs, name, flags, out);
}

int vFullPathname(sqlite3_vfs *, const char *name, int n, char *out)
{
    return realVfs->xFullPathname(realVfs, name, n, out);
}

void *vDlOpen(sqlite3_vfs *, const char *name)
{
    return realVfs->xDlOpen(realVfs, name);
}

void vDlError(sqlite3_vfs *, int n, char *out)
{
    realVfs->xDlError(realVfs, n, out);
}

void (*vDlSym(sqlite3_vfs *, void *handle, const char *symbol))(void)
{
    return realVfs->xDlSym(realVfs, handle, symbol);
}

void vDlClose(sqlite3_vfs *, void *handle)
{
    realVfs->xDlClose(realVfs, handle);
}

int vRandomness(sqlite3_vfs *, int n, char *out)
{
    return realVfs->xRandomness(realVfs, n, out);
}

int vSleep(sqlite3_vfs *, int microseconds)
{
    return realVfs->xSleep(realVfs, microseconds);
}

int vCurrentTime(sqlite3_vfs *, double *out)
{
    return realVfs->xCurrentTime(realVfs, out);
}

int vGetLastError(sqlite3_vfs *, int n, char *out)
{
    return realVfs->xGetLastError(realVfs, n, out);
}

int vCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out)
{
    return realVfs->xCurrentTimeInt64(realVfs, out);
}

} // namespace

bool FaultyVfs::install()
{
    static const bool installed = []() {
        if (sqlite3_initialize() != SQLITE_OK)
            return false;
        realVfs = sqlite3_vfs_find(nullptr);
        if (!realVfs || realVfs->iVersion < 2)
            return false;
        std::memset(&faultyVfs, 0, sizeof faultyVfs);
        faultyVfs.iVersion = 2;
        faultyVfs.szOsFile = int(sizeof(FaultyFile)) + realVfs->szOsFile;
        faultyVfs.mxPathname = realVfs->mxPathname;
        faultyVfs.zName = "hindsight-faulty";
        faultyVfs.xOpen = vOpen;
        faultyVfs.xDelete = vDelete;
        faultyVfs.xAccess = vAccess;
        faultyVfs.xFullPathname = vFullPathname;
        faultyVfs.xDlOpen = vDlOpen;
        faultyVfs.xDlError = vDlError;
        faultyVfs.xDlSym = vDlSym;
        faultyVfs.xDlClose = vDlClose;
        faultyVfs.xRandomness = vRandomness;
        faultyVfs.xSleep = vSleep;
        faultyVfs.xCurrentTime = vCurrentTime;
        faultyVfs.xGetLastError = vGetLastError;
        faultyVfs.xCurrentTimeInt64 = vCurrentTimeInt64;
        return sqlite3_vfs_register(&faultyVfs, 1) == SQLITE_OK
            && sqlite3_vfs_find(nullptr) == &faultyVfs;
    }();
    return installed;
}

void FaultyVfs::arm(const QStringList &files, int ops, int succeed, int fail)
{
    State &s = state();
    const std::lock_guard lock(s.mutex);
    s.files = files;
    s.ops = ops;
    s.succeed = succeed;
    s.fail = fail;
    s.seen = 0;
    s.calls.clear();
    s.failures = 0;
    s.armed = true;
}

void FaultyVfs::disarm()
{
    State &s = state();
    const std::lock_guard lock(s.mutex);
    s.armed = false;
}

QList<FaultyVfs::Call> FaultyVfs::calls()
{
    State &s = state();
    const std::lock_guard lock(s.mutex);
    return s.calls;
}

int FaultyVfs::failures()
{
    State &s = state();
    const std::lock_guard lock(s.mutex);
    return s.failures;
}

} // namespace hindsight::test
