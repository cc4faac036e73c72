#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// A test-only SQLite VFS that wraps the default one (unix) and makes chosen calls fail, the
// way a failing disk, a full quota on a network share or a yanked USB stick would.
//
// install() registers it as SQLite's default VFS. QtSql's QSQLITE driver links the same system
// libsqlite3.so.0 as the test, so every connection opened afterwards (Workspace's included)
// goes through it; with no fault armed it only forwards, so it changes nothing else.
namespace hindsight::test {

class FaultyVfs
{
public:
    enum Op { Write = 1, Sync = 2 };

    // One call the shim saw on a watched file while armed.
    struct Call {
        QString file; // the full path SQLite opened
        Op op = Write;
        qint64 offset = 0; // for writes
        int amount = 0; // bytes, for writes
        bool failed = false;
    };

    // Registers the shim as the default VFS (idempotent). False when SQLite refused it.
    static bool install();

    // From now on, let `succeed` calls of kind `ops` (Write, Sync or both) on files named
    // exactly as in `files` succeed, then fail the next `fail` ones with SQLITE_IOERR_WRITE or
    // SQLITE_IOERR_FSYNC (a glitch), or with fail < 0 every further one until disarm() (a disk
    // that has gone bad stays bad). Calls on other files, and reads, always go through.
    static void arm(const QStringList &files, int ops, int succeed, int fail = -1);
    static void disarm();

    // The watched calls seen since the last arm() (kept after disarm(), for reporting).
    static QList<Call> calls();
    static int failures();
};

} // namespace hindsight::test
