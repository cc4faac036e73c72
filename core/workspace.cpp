#include "workspace.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>
#include <QtEndian>

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>
#ifdef Q_OS_LINUX
#include <sys/stat.h>
#include <sys/vfs.h>
#endif

#include <algorithm>
#include <memory>

namespace hindsight {

namespace {

// SQLite's primary result codes that we tell apart (sqlite3.h).
enum SqliteCode {
    kSqliteBusy = 5,
    kSqliteLocked = 6,
    kSqliteReadOnly = 8,
    kSqliteIoErr = 10,
    kSqliteCorrupt = 11,
    kSqliteFull = 13,
    kSqliteCantOpen = 14,
    kSqliteNotADb = 26,
};

QString tr(const char *text)
{
    return Workspace::tr(text);
}

Error damagedError()
{
    return Error {ErrorCode::Corrupt,
        tr("The workspace file is damaged, so edits are refused: nothing is written on top of "
           "the damage. Export what you need, then restore a backup copy."),
        {}};
}

// SQLITE_READONLY_DBMOVED: the file was unlinked or renamed under a rollback-journal
// connection, which then refuses to write (WAL connections do not notice).
constexpr int kSqliteReadOnlyDbMoved = kSqliteReadOnly | (4 << 8);

// `extended` is SQLite's extended result code, or -1 when the error did not come from SQLite.
Error errorFrom(int extended, const QString &text, const QString &what)
{
    const bool isNumber = extended >= 0;
    const int native = extended & 0xff;
    Error err;
    err.detail = text;
    if (isNumber && extended == kSqliteReadOnlyDbMoved) {
        err.code = ErrorCode::Io;
        err.message = tr("The workspace file was moved, deleted or replaced while open, so the "
                         "change was NOT saved. Open the workspace again from where it is now.");
        return err;
    }
    switch (isNumber ? native : -1) {
    case kSqliteBusy:
    case kSqliteLocked:
        err.code = ErrorCode::Locked;
        err.message = tr("The workspace is in use by another program and stayed locked; "
                         "nothing was changed. Try again in a moment.");
        break;
    case kSqliteReadOnly:
        err.code = ErrorCode::ReadOnly;
        err.message = tr("The workspace file cannot be written (read-only); nothing was changed.");
        break;
    case kSqliteFull:
        err.code = ErrorCode::DiskFull;
        err.message = tr("The disk is full; the last change was not saved. "
                         "Free some space and try again.");
        break;
    case kSqliteCorrupt:
    case kSqliteNotADb:
        err.code = ErrorCode::Corrupt;
        err.message = tr("The workspace file is damaged and cannot be read safely.");
        break;
    case kSqliteIoErr:
    case kSqliteCantOpen:
        err.code = ErrorCode::Io;
        err.message = tr("The workspace file could not be read or written (it may have been "
                         "moved, deleted or its disk removed); the last change was not saved.");
        break;
    default:
        err.code = ErrorCode::Internal;
        err.message = tr("Hindsight could not %1 (%2).").arg(what, text);
        break;
    }
    return err;
}

Error errorFrom(const QSqlError &e, const QString &what)
{
    bool isNumber = false;
    const int extended = e.nativeErrorCode().toInt(&isNumber);
    return errorFrom(isNumber ? extended : -1, e.text(), what);
}

Error invalid(const QString &message)
{
    return Error {ErrorCode::InvalidInput, message, {}};
}

Error notFound(const QString &message)
{
    return Error {ErrorCode::NotFound, message, {}};
}

QVariant dateValue(const QDate &d)
{
    return d.isValid() ? QVariant(d.toString(Qt::ISODate)) : QVariant();
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QVariant idValue(Id id)
{
    return id > 0 ? QVariant(id) : QVariant();
}

} // namespace

// One row of a statement read by Workspace::select(), straight from SQLite's own API.
class SqlRow
{
public:
    explicit SqlRow(sqlite3_stmt *statement)
        : m_statement(statement)
    { }
    bool isNull(int column) const
    {
        return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
    }
    qint64 integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    bool boolean(int column) const { return integer(column) != 0; }
    // The text as SQLite stores it (UTF-8), converted once, by Qt.
    QString text(int column) const
    {
        const auto *bytes =
            reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return QString::fromUtf8(bytes, bytes ? sqlite3_column_bytes(m_statement, column) : 0);
    }
    QDate date(int column) const
    {
        return isNull(column) ? QDate() : QDate::fromString(text(column), Qt::ISODate);
    }

private:
    sqlite3_stmt *m_statement;
};

namespace {

// The migrations shipped in resources, one file per schema version.
QStringList migrationStatements(int version, QString *error)
{
    QFile f(QStringLiteral(":/schema/%1.sql").arg(version, 3, 10, QLatin1Char('0')));
    if (!f.exists()) {
        // Names carry a suffix ("001_initial.sql"): find by prefix.
        const QDir dir(QStringLiteral(":/schema"));
        const QString prefix = QStringLiteral("%1_").arg(version, 3, 10, QLatin1Char('0'));
        const QStringList names = dir.entryList({prefix + QStringLiteral("*.sql")});
        if (names.size() != 1) {
            *error = QStringLiteral("migration %1 is missing from the build").arg(version);
            return {};
        }
        f.setFileName(dir.filePath(names.first()));
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(f.fileName());
        return {};
    }
    const QString sql = QString::fromUtf8(f.readAll());
    // Split on semicolons that end a line, keeping CREATE TRIGGER ... END; bodies whole.
    QStringList statements;
    QString current;
    bool inTrigger = false;
    for (const QString &rawLine : sql.split(QLatin1Char('\n'))) {
        const QString line = rawLine.trimmed();
        if (line.startsWith(QLatin1String("--")) || (line.isEmpty() && current.isEmpty()))
            continue;
        current += rawLine + QLatin1Char('\n');
        if (line.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive))
            inTrigger = true;
        const bool ends = line.endsWith(QLatin1Char(';'));
        if (ends && (!inTrigger || line.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0)) {
            statements.append(current.trimmed());
            current.clear();
            inTrigger = false;
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

const char *kSessionColumns =
    "id, kind, title, status, date, severity, summary, impact, facilitator, time_zone, lessons, "
    "prime_directive, project, horizon, catastrophe, created_ms, updated_ms";

// The first five columns, which both session reads (all columns, or the listed ones) start with.
Session sessionHeadFrom(const SqlRow &r)
{
    Session s;
    s.id = r.integer(0);
    s.kind = sessionKindFromKey(r.text(1)).value_or(SessionKind::PostMortem);
    s.title = r.text(2);
    s.status = sessionStatusFromKey(r.text(3)).value_or(SessionStatus::Draft);
    s.date = r.date(4);
    return s;
}

Session sessionFrom(const SqlRow &r)
{
    Session s = sessionHeadFrom(r);
    s.severity = r.text(5);
    s.summary = r.text(6);
    s.impact = r.text(7);
    s.facilitator = r.text(8);
    s.timeZone = r.text(9);
    s.lessons = r.text(10);
    s.primeDirective = r.text(11);
    s.project = r.text(12);
    s.horizon = r.date(13);
    s.catastrophe = r.text(14);
    s.created = utcFromMs(r.integer(15));
    s.updated = utcFromMs(r.integer(16));
    return s;
}

// What the session list shows (SessionColumns::Listed). Reading every session's long texts as
// well was two thirds of reading the list at start-up.
const char *kListedSessionColumns = "id, kind, title, status, date, summary";

Session listedSessionFrom(const SqlRow &r)
{
    Session s = sessionHeadFrom(r);
    s.summary = r.text(5);
    return s;
}

const char *kEventColumns =
    "id, session_id, certainty, utc_ms, offset_s, zone, has_seconds, text, kind, reporter_id, "
    "reporter_text, source, starred, sort_key, seq";

TimelineEvent eventFrom(const SqlRow &r)
{
    TimelineEvent e;
    e.id = r.integer(0);
    e.sessionId = r.integer(1);
    e.time.certainty = certaintyFromKey(r.text(2)).value_or(TimeCertainty::Unknown);
    if (e.time.certainty != TimeCertainty::Unknown && !r.isNull(3)) {
        e.time.utc = utcFromMs(r.integer(3));
        e.time.offsetSeconds = int(r.integer(4));
        e.time.zone = r.text(5);
        e.time.hasSeconds = r.boolean(6);
    } else {
        e.time = EventTime::unknown();
    }
    e.text = r.text(7);
    e.kind = eventKindFromKey(r.text(8)).value_or(EventKind::Note);
    e.reporterId = r.integer(9);
    e.reporterText = r.text(10);
    e.source = r.text(11);
    e.starred = r.boolean(12);
    e.sortKey = r.integer(13);
    e.seq = r.integer(14);
    return e;
}

const char *kActionColumns =
    "id, session_id, what, owner, due, status, priority, type, tracker, position";

ActionItem actionFrom(const SqlRow &r)
{
    ActionItem a;
    a.id = r.integer(0);
    a.sessionId = r.integer(1);
    a.what = r.text(2);
    a.owner = r.text(3);
    a.due = r.date(4);
    a.status = actionStatusFromKey(r.text(5)).value_or(ActionStatus::Open);
    a.priority = actionPriorityFromKey(r.text(6)).value_or(ActionPriority::Medium);
    a.type = actionTypeFromKey(r.text(7)).value_or(ActionType::Prevent);
    a.tracker = r.text(8);
    a.position = int(r.integer(9));
    return a;
}

const char *kWhyColumns = "id, session_id, parent_id, position, text, root_cause";

WhyNode whyNodeFrom(const SqlRow &r)
{
    WhyNode n;
    n.id = r.integer(0);
    n.sessionId = r.integer(1);
    n.parentId = r.integer(2);
    n.position = int(r.integer(3));
    n.text = r.text(4);
    n.rootCause = r.boolean(5);
    return n;
}

QString columns(const char *list)
{
    return QString::fromLatin1(list);
}

QAtomicInteger<quint64> s_connectionCounter;

// Reads the file on a connection of its own, which makes SQLite roll back a journal that a
// failed commit left beside it. True when no journal is left.
bool rollBackJournal(const QString &path)
{
    const QString connection =
        QStringLiteral("hindsight-rollback-%1").arg(s_connectionCounter.fetchAndAddOrdered(1));
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        d.setDatabaseName(path);
        if (d.open()) {
            QSqlQuery q(d);
            (void)q.exec(QStringLiteral("PRAGMA user_version"));
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return !QFile::exists(path + QStringLiteral("-journal"));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Opening

// Every commit is synced in full (the class comment), but PRAGMA synchronous has SQLite read the
// file's schema first: about 1 ms for the workspace's 57 objects, on the thread that shows the
// window at start-up. An SQLite built with FULL as its default in both journal modes (Debian's
// is) needs no pragma, and the schema is then read by the first statement that uses it: at
// start-up, the session list's, on the other thread (docs/performance.md, twelfth round).
static bool syncsFullByDefault()
{
    return sqlite3_compileoption_used("DEFAULT_SYNCHRONOUS=2")
        && sqlite3_compileoption_used("DEFAULT_WAL_SYNCHRONOUS=2");
}

// Bytes 18 and 19 of SQLite's header, the read and write format versions, are 2 in WAL mode.
bool isWalFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = f.read(20);
    return header.size() == 20 && header.at(18) == 2 && header.at(19) == 2;
}

Status checkFileLooksLikeWorkspace(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return Error {ErrorCode::NotSqlite,
            Workspace::tr("“%1” is a folder, not a workspace file.").arg(path), {}};
    if (!info.exists())
        return Error {ErrorCode::NotFound, Workspace::tr("“%1” does not exist.").arg(path), {}};
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error {
            ErrorCode::Io, Workspace::tr("“%1” cannot be read: %2").arg(path, f.errorString()), {}};
    if (f.size() == 0)
        return Error {ErrorCode::NotWorkspace,
            Workspace::tr("“%1” is empty (0 bytes): it is not a Hindsight workspace.").arg(path),
            {}};
    // The first 100 bytes are SQLite's header: magic string, then big-endian fields; the
    // user_version sits at offset 60 and the application_id at 68.
    const QByteArray header = f.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (!header.startsWith(magic))
        return Error {ErrorCode::NotSqlite,
            Workspace::tr("“%1” is not a Hindsight workspace (not an SQLite database).").arg(path),
            {}};
    if (header.size() < 100 || f.size() < 512)
        return Error {ErrorCode::Corrupt,
            Workspace::tr("“%1” is truncated: the workspace file is incomplete.").arg(path), {}};
    const auto userVersion = qFromBigEndian<qint32>(header.constData() + 60);
    const auto applicationId = qFromBigEndian<qint32>(header.constData() + 68);
    if (applicationId != Workspace::kApplicationId) {
        // An empty database that SQLite created for us but never finished setting up is the
        // only foreign id we accept: it has no schema yet.
        if (!(applicationId == 0 && userVersion == 0))
            return Error {ErrorCode::NotWorkspace,
                Workspace::tr("“%1” is an SQLite database of another program, not a "
                              "Hindsight workspace.")
                    .arg(path),
                {}};
    }
    if (userVersion > Workspace::kSchemaVersion)
        return Error {ErrorCode::NewerSchema,
            Workspace::tr("“%1” was written by a newer version of Hindsight (workspace "
                          "format %2; this version reads up to %3). Update Hindsight to "
                          "open it; the file was not changed.")
                .arg(path)
                .arg(userVersion)
                .arg(Workspace::kSchemaVersion),
            {}};
    return ok();
}

QString Workspace::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/workspace.hindsight");
}

Workspace::Workspace(QString path, QString connection, bool readOnly)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
    , m_readOnly(readOnly)
{ }

Workspace::~Workspace()
{
    if (!isFileStillThere())
        settleLostFile();
    // The check reads the file on its own connection; it cannot be cut short, so wait.
    if (m_checker) {
        m_checker->wait();
        delete m_checker;
    }
    {
        QSqlDatabase d = QSqlDatabase::database(m_connection, false);
        if (d.isOpen())
            d.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &path, const OpenOptions &options)
{
    const QFileInfo info(path);
    const QString absolute = info.absoluteFilePath();
    bool isNew = false;
    if (info.isDir())
        return checkFileLooksLikeWorkspace(absolute).error();
    if (!info.exists() || info.size() == 0) {
        if (!options.create)
            return checkFileLooksLikeWorkspace(absolute).error();
        if (options.readOnly)
            return Error {ErrorCode::NotFound, tr("“%1” does not exist.").arg(absolute), {}};
        if (!QDir().mkpath(info.absolutePath()))
            return Error {ErrorCode::ReadOnly,
                tr("The folder “%1” cannot be created.").arg(info.absolutePath()), {}};
        isNew = true;
    } else if (Status s = checkFileLooksLikeWorkspace(absolute); !s) {
        return s.error();
    }

    // A rollback journal is created next to the file, so the folder must be writable too.
    const QFileInfo folder(info.absolutePath());
    const bool readOnly =
        options.readOnly || (!isNew && !QFileInfo(absolute).isWritable()) || !folder.isWritable();
    if (isNew && readOnly)
        return Error {ErrorCode::ReadOnly,
            tr("A workspace cannot be created in “%1”: the folder is read-only.")
                .arg(info.absolutePath()),
            {}};

    // A WAL workspace needs its "-shm" index beside it even to be read, and SQLite creates one
    // when it is missing. In a folder this user cannot write (read-only media, a colleague's
    // share), with nobody writing the workspace just now, there is none and none can be made:
    // it is then read as immutable, the file alone. Commits still waiting in a "-wal" would be
    // skipped that way, so that case is refused instead of showing an older state.
    bool immutable = false;
    if (readOnly && !isNew && !folder.isWritable() && isWalFile(absolute)
        && !QFileInfo::exists(absolute + QStringLiteral("-shm"))) {
        const QString wal = absolute + QStringLiteral("-wal");
        if (QFileInfo(wal).size() > 0)
            return Error {ErrorCode::ReadOnly,
                tr("“%1” has recent changes in “%2” that can only be read where the folder can "
                   "be written. Copy both files to a folder of yours and open the copy, or have "
                   "the folder's owner open the workspace once.")
                    .arg(absolute, wal),
                {}};
        immutable = true;
    }

    const QString connection =
        QStringLiteral("hindsight-%1").arg(s_connectionCounter.fetchAndAddOrdered(1));
    std::unique_ptr<Workspace> ws(new Workspace(absolute, connection, readOnly));
    ws->m_busyTimeoutMs = qMax(0, options.busyTimeoutMs);
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        if (!d.isValid())
            return Error {ErrorCode::Internal,
                tr("The SQLite driver for Qt is missing (package libqt6sql6-sqlite)."), {}};
        if (immutable)
            ws->m_immutableUri =
                QUrl::fromLocalFile(absolute).toString(QUrl::FullyEncoded) + u"?immutable=1";
        d.setDatabaseName(immutable ? ws->m_immutableUri : absolute);
        // SQLite's own busy wait is off outside write transactions: exec() waits instead.
        QString connectOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=0");
        if (readOnly)
            connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
        if (immutable)
            connectOptions += QStringLiteral(";QSQLITE_OPEN_URI");
        d.setConnectOptions(connectOptions);
        if (!d.open())
            return errorFrom(d.lastError(), tr("open the workspace"));
        const QVariant handle = d.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
            ws->m_sqlite = *static_cast<sqlite3 *const *>(handle.constData());
        if (!ws->m_sqlite)
            return Error {
                ErrorCode::Internal, tr("The SQLite driver for Qt gave no SQLite connection."), {}};
    }

    // Connection settings, not stored in the file. The journal mode is chosen below, once the
    // file is known to be ours: switching it writes to the file.
    if (auto r = ws->exec(QStringLiteral("PRAGMA foreign_keys = ON")); !r)
        return r.error();
    if (!syncsFullByDefault()) {
        if (auto r = ws->exec(QStringLiteral("PRAGMA synchronous = FULL")); !r)
            return r.error();
    }

    if (!isNew && options.checkIntegrity) {
        auto q = ws->exec(QStringLiteral("PRAGMA quick_check"));
        if (!q)
            return q.error();
        QStringList problems;
        while (q->next())
            problems.append(q->value(0).toString());
        if (problems != QStringList {QStringLiteral("ok")})
            return Error {ErrorCode::Corrupt,
                tr("“%1” is damaged (%2). It was not changed; restore a backup copy.")
                    .arg(absolute, problems.value(0)),
                problems.join(QLatin1Char('\n'))};
    }

    auto versionQuery = ws->exec(QStringLiteral("PRAGMA user_version"));
    if (!versionQuery)
        return versionQuery.error();
    versionQuery->next();
    const int version = versionQuery->value(0).toInt();
    versionQuery->finish();
    if (version == 0 && !isNew) {
        auto tables = ws->exec(QStringLiteral("SELECT count(*) FROM sqlite_schema"));
        if (!tables)
            return tables.error();
        tables->next();
        if (tables->value(0).toInt() > 0)
            return Error {ErrorCode::NotWorkspace,
                tr("“%1” is an SQLite database of another program, not a Hindsight "
                   "workspace.")
                    .arg(absolute),
                {}};
    }

    if (version < kSchemaVersion) {
        if (readOnly)
            return Error {ErrorCode::ReadOnly,
                tr("“%1” comes from an older Hindsight and must be upgraded, but it is "
                   "read-only. Open a writable copy.")
                    .arg(absolute),
                {}};
        if (version > 0) {
            // Keep a consistent copy of the old file before touching it.
            const QString backup = QStringLiteral("%1.v%2.bak").arg(absolute).arg(version);
            QFile::remove(backup);
            if (auto r = ws->exec(QStringLiteral("VACUUM INTO ?"), {backup}); !r) {
                Error e = r.error();
                e.message = tr("Before upgrading, a backup copy could not be written to “%1”; "
                               "the workspace was not changed. %2")
                                .arg(backup, e.message);
                return e;
            }
            // VACUUM INTO does not sync its output; do it so the copy survives a power cut.
            const int fd = ::open(QFile::encodeName(backup).constData(), O_RDONLY);
            if (fd >= 0) {
                ::fsync(fd);
                ::close(fd);
            }
            ws->m_backupPath = backup;
        }
        // All steps in one transaction, each in its own savepoint: a failure anywhere leaves
        // the file exactly as it was.
        const Status migrated = ws->write([&]() -> Status {
            for (int v = version + 1; v <= kSchemaVersion; ++v) {
                QString problem;
                const QStringList statements = migrationStatements(v, &problem);
                if (statements.isEmpty())
                    return Error {ErrorCode::MigrationFailed, problem, {}};
                for (const QString &sql : statements) {
                    if (auto r = ws->exec(sql); !r) {
                        Error e = r.error();
                        e.code = ErrorCode::MigrationFailed;
                        e.message = tr("Upgrading the workspace to format %1 failed; it was not "
                                       "changed. %2")
                                        .arg(v)
                                        .arg(e.message);
                        return e;
                    }
                }
                if (auto r = ws->exec(QStringLiteral("PRAGMA user_version = %1").arg(v)); !r)
                    return r.error();
            }
            if (auto r = ws->exec(QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId));
                !r)
                return r.error();
            return ok();
        });
        if (!migrated) {
            Error e = migrated.error();
            if (e.code == ErrorCode::MigrationFailed)
                return e;
            // The disk refused the commit (a write or an fsync) or a pragma failed. Close the
            // connection, then have a fresh one roll back what SQLite could not undo in place:
            // the journal beside the file holds the original pages.
            const QString journal = absolute + QStringLiteral("-journal");
            const QString backupPath = ws->m_backupPath;
            ws.reset();
            const bool restored = !QFile::exists(journal) || rollBackJournal(absolute);
            // The code stays what the disk said (Io, DiskFull, Locked): that is what to fix.
            e.message = restored
                ? tr("Upgrading “%1” from workspace format %2 to %3 failed, so the file was not "
                     "changed: %4")
                      .arg(absolute)
                      .arg(version)
                      .arg(kSchemaVersion)
                      .arg(e.detail)
                : tr("Upgrading “%1” from workspace format %2 to %3 failed (%4). The file is not "
                     "changed yet: its original pages are in “%5”, which Hindsight puts back the "
                     "next time the file is opened. Do not delete that file; check the disk, "
                     "then open the workspace again.")
                      .arg(absolute)
                      .arg(version)
                      .arg(kSchemaVersion)
                      .arg(e.detail, journal);
            if (!backupPath.isEmpty())
                e.message += QLatin1Char(' ')
                    + tr("A copy of the file as it was is in “%1”.").arg(backupPath);
            return e;
        }
    }
    if (!readOnly) {
        if (Status s = ws->chooseJournalMode(version < kSchemaVersion); !s)
            return s.error();
    }
    ws->rememberFileIdentity();
    ws->hasExternalChanges(); // start counting from now
    return ws;
}

// WAL commits with one fsync instead of the rollback journal's three (0.7 ms against 2.2 ms per
// added event here, docs/performance.md), and readers no longer wait for a writer. But WAL
// keeps its index in shared memory, which does not work on network file systems: a workspace
// there keeps (or goes back to) the rollback journal. The mode is stored in the file, so a
// local workspace is switched once, when it is created or upgraded, and a plain open writes
// nothing.
Status Workspace::chooseJournalMode(bool createdOrUpgraded)
{
    // Read from the file's header, not with PRAGMA journal_mode, which has SQLite read the
    // schema first (as PRAGMA synchronous does, see syncsFullByDefault()).
    const bool wal = isWalFile(m_path);
    const bool network = isOnNetworkFileSystem(QFileInfo(m_path).absolutePath());
    QString wanted;
    if (network && wal)
        wanted = QStringLiteral("DELETE");
    else if (!network && createdOrUpgraded && !wal)
        wanted = QStringLiteral("WAL");
    if (wanted.isEmpty())
        return ok();
    // Not fatal when refused (another process holds the file): the workspace works in either
    // mode and the next open tries again.
    auto r = exec(QStringLiteral("PRAGMA journal_mode = ") + wanted);
    if (!r && r.error().code != ErrorCode::Locked)
        return r.error();
    return ok();
}

// In WAL mode SQLite copies the log back into the file (10-20 ms here) inside whichever commit
// fills 1,000 pages of log. Doing it on the app's timer while nobody types keeps that cost out
// of most edits; SQLite's own checkpoint stays as the safety net, because a log that only grows
// makes every commit's fdatasync write file-size metadata too (measured: slower, not faster).
void Workspace::checkpointInIdleTime()
{
    if (m_inWrite || m_readOnly || m_damaged || !isFileStillThere())
        return;
    // PASSIVE: copies what no reader still needs and never waits for another process. A
    // failure loses nothing (the log keeps the commits); the next edit would report a bad disk.
    (void)exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
}

bool Workspace::isOnNetworkFileSystem(const QString &folder)
{
#ifdef Q_OS_LINUX
    struct statfs fs { };
    if (::statfs(QFile::encodeName(folder).constData(), &fs) != 0)
        return false;
    // Magic numbers from linux/magic.h and the file systems' own headers.
    switch (static_cast<quint32>(fs.f_type)) {
    case 0x6969: // NFS
    case 0x517B: // SMB
    case 0xFF534D42: // CIFS
    case 0xFE534D42: // SMB2/3
    case 0x564C: // NCP
    case 0x5346414F: // AFS
    case 0x6B414653: // kAFS
    case 0x00C36400: // Ceph
    case 0x01021997: // 9P (virtual machine shares)
    case 0x73757245: // Coda
    case 0x65735546: // FUSE (sshfs and other remote mounts; a local FUSE file system loses
                     // only speed)
    case 0x47504653: // GPFS
    case 0x0BD00BD0: // Lustre
        return true;
    default: return false;
    }
#else
    Q_UNUSED(folder)
    return false;
#endif
}

// ---------------------------------------------------------------------------------------------
// Plumbing

QSqlDatabase Workspace::db() const
{
    return QSqlDatabase::database(m_connection, false);
}

Result<QSqlQuery> Workspace::exec(const QString &sql, const QVariantList &values) const
{
    if (m_inWrite) {
        // SQLite would keep a NUL but mangle a lone surrogate (and the characters after it)
        // when converting to UTF-8; the session file refuses both. Refuse them here, so that
        // what is stored is what was typed and every stored session can be exported.
        for (const QVariant &v : values) {
            if (v.metaType() != QMetaType::fromType<QString>())
                continue;
            const QString text = v.toString();
            if (text.contains(QChar(u'\0')))
                return invalid(tr("The text contains a NUL character (U+0000), which Hindsight "
                                  "does not keep; nothing was changed. Retype the text without "
                                  "it and try again."));
            if (!QStringView(text).isValidUtf16())
                return invalid(tr("The text contains a broken character (a lone UTF-16 "
                                  "surrogate), which Hindsight does not keep; nothing was "
                                  "changed. Retype the text without it and try again."));
        }
    }
    QSqlQuery q(db());
    q.setForwardOnly(true);
    // Outside a write transaction, a statement that finds the file locked by another process
    // is tried again about a millisecond later, until the busy timeout. SQLite's own busy
    // handler sleeps ever longer between attempts (up to 100 ms): against a process that
    // commits back to back, its attempts kept missing the short gaps between commits until it
    // gave up with "database is locked" (tst_twoprocesses). A statement refused with
    // SQLITE_BUSY outside a write transaction has done nothing, so trying again is safe.
    // Preparing is inside the loop too: it reads the schema, which needs the lock as well.
    QElapsedTimer waited;
    for (;;) {
        const bool prepared = q.prepare(sql);
        if (prepared) {
            for (const QVariant &v : values) {
                // Qt binds a null QString as SQL NULL; our text columns are NOT NULL and an
                // empty string is what an empty field means. Absent values are QVariant().
                if (v.metaType() == QMetaType::fromType<QString>() && v.toString().isNull())
                    q.addBindValue(QStringLiteral(""));
                else
                    q.addBindValue(v);
            }
            if (q.exec())
                return q;
        }
        const bool busy = (q.lastError().nativeErrorCode().toInt() & 0xff) == kSqliteBusy;
        if (!waited.isValid())
            waited.start();
        if (!busy || m_inWrite || waited.elapsed() >= m_busyTimeoutMs)
            return errorFrom(q.lastError(), prepared ? tr("run a query") : tr("prepare a query"));
        ++m_busyRetries;
        QThread::usleep(500 + QRandomGenerator::global()->bounded(1000));
    }
}

Status Workspace::select(const QByteArray &sql, std::initializer_list<qint64> values,
    const std::function<void(const SqlRow &)> &each) const
{
    // The big lists are read with SQLite's own API on the connection QtSql opened. QtSql asks
    // SQLite for every text as UTF-16, which SQLite converts from the UTF-8 it stores, then
    // caches each value in a QVariant: reading the 10,000 events of a session that way took
    // 180 M of the export's 518 M instructions (callgrind).
    sqlite3 *const connection = m_sqlite;
    // The same retries as exec(): a statement refused with SQLITE_BUSY before its first row,
    // outside a write transaction, has done nothing and is tried again.
    // Returns SQLite's extended result code: SQLITE_DONE once every row went to `each`.
    bool delivered = false;
    const auto attempt = [&]() -> int {
        sqlite3_stmt *raw = nullptr;
        if (sqlite3_prepare_v2(connection, sql.constData(), int(sql.size()), &raw, nullptr)
            != SQLITE_OK)
            return sqlite3_extended_errcode(connection);
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> statement(
            raw, sqlite3_finalize);
        int index = 0;
        for (qint64 v : values)
            sqlite3_bind_int64(raw, ++index, v);
        const SqlRow row(raw);
        int rc = sqlite3_step(raw);
        while (rc == SQLITE_ROW) {
            delivered = true;
            each(row);
            rc = sqlite3_step(raw);
        }
        return rc == SQLITE_DONE ? rc : sqlite3_extended_errcode(connection);
    };
    // The same retries as exec(). SQLITE_BUSY comes before the first row (a reader takes its
    // lock then, and keeps it to the end); outside a write transaction, a statement refused
    // with it has read nothing and is tried again.
    QElapsedTimer waited;
    for (;;) {
        const int rc = attempt();
        if (rc == SQLITE_DONE)
            return ok();
        if (!waited.isValid())
            waited.start();
        if ((rc & 0xff) != SQLITE_BUSY || delivered || m_inWrite
            || waited.elapsed() >= m_busyTimeoutMs)
            return errorFrom(rc, QString::fromUtf8(sqlite3_errstr(rc)), tr("read the workspace"));
        ++m_busyRetries;
        QThread::usleep(500 + QRandomGenerator::global()->bounded(1000));
    }
}

Status Workspace::write(const std::function<Status()> &body)
{
    if (m_damaged)
        return damagedError();
    if (m_readOnly)
        return Error {ErrorCode::ReadOnly,
            tr("This workspace is open read-only; the change was not made."), {}};
    if (m_inWrite)
        return body(); // nested: the outer transaction commits
    // A file moved, deleted or replaced since open would take the edit where nobody sees it.
    if (!isFileStillThere())
        return fileLostError(true);
    const quint64 retriesBefore = m_busyRetries;
    if (auto r = exec(QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    if (m_busyRetries != retriesBefore)
        m_lastContention.start();
    m_inWrite = true;
    ++m_writes; // whatever the outcome: departments() reads again
    // Inside the transaction SQLite waits by itself: only COMMIT (or a statement that spills
    // the page cache) waits, for readers to finish, and no new reader starts meanwhile.
    (void)exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(m_busyTimeoutMs));
    Status result = body();
    if (result) {
        if (auto r = exec(QStringLiteral("COMMIT")); !r)
            result = r.error();
    }
    if (!result) {
        // After some errors (SQLITE_FULL, I/O) SQLite has already rolled back; a second
        // ROLLBACK then fails harmlessly.
        (void)exec(QStringLiteral("ROLLBACK"));
    }
    (void)exec(QStringLiteral("PRAGMA busy_timeout = 0"));
    m_inWrite = false;
    if (!result) {
        m_pending.clear();
        return result;
    }
    // A writer that has just committed takes the lock again within microseconds when it
    // writes back to back. While another writer was recently seen waiting, step aside for a
    // moment so that it gets its turn.
    if (m_lastContention.isValid() && m_lastContention.elapsed() < 1000)
        QThread::msleep(2);
    const QList<Change> changes = std::exchange(m_pending, {});
    for (const Change &c : changes)
        Q_EMIT changed(c);
    return result;
}

// Several SELECTs that must agree (a list, then the links of its rows) run as one read
// transaction: between two autocommit statements another process may commit, and actions()
// then attached a new action's links to the first action in its list (index 0 for an unknown
// id; out of range when the list is empty).
Status Workspace::readTransaction(const std::function<Status()> &body) const
{
    if (m_inWrite || m_inRead)
        return body();
    if (auto r = exec(QStringLiteral("BEGIN")); !r)
        return r.error();
    m_inRead = true;
    const Status result = body();
    m_inRead = false;
    (void)exec(QStringLiteral("COMMIT")); // ends the read; there is nothing to write
    return result;
}

void Workspace::notify(Change::Entity entity, Change::Type type, Id sessionId, Id id)
{
    m_pending.append(Change {entity, type, sessionId, id});
}

Status Workspace::touchSession(Id sessionId)
{
    auto r = exec(
        QStringLiteral("UPDATE session SET updated_ms = ? WHERE id = ?"), {nowMs(), sessionId});
    if (!r)
        return r.error();
    if (r->numRowsAffected() == 0)
        return notFound(tr("The session no longer exists."));
    return ok();
}

Result<Id> Workspace::sessionOf(const char *table, Id id) const
{
    auto q = exec(
        QStringLiteral("SELECT session_id FROM %1 WHERE id = ?").arg(QLatin1String(table)), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return notFound(tr("The item no longer exists; it may have been deleted elsewhere."));
    return q->value(0).toLongLong();
}

Status Workspace::replaceLinks(const char *table, const char *ownerColumn, const char *otherColumn,
    Id owner, const QList<Id> &others, bool positioned)
{
    const QString t = QLatin1String(table);
    const QString oc = QLatin1String(ownerColumn);
    const QString xc = QLatin1String(otherColumn);
    if (auto r = exec(QStringLiteral("DELETE FROM %1 WHERE %2 = ?").arg(t, oc), {owner}); !r)
        return r.error();
    int position = 0;
    for (Id other : others) {
        const QString sql = positioned
            ? QStringLiteral("INSERT OR IGNORE INTO %1 (%2, %3, position) VALUES (?, ?, ?)")
                  .arg(t, oc, xc)
            : QStringLiteral("INSERT OR IGNORE INTO %1 (%2, %3) VALUES (?, ?)").arg(t, oc, xc);
        QVariantList values {owner, other};
        if (positioned)
            values.append(position++);
        if (auto r = exec(sql, values); !r) {
            Error e = r.error();
            if (e.code == ErrorCode::Internal)
                e = invalid(tr("A link points to an item that does not exist."));
            return e;
        }
    }
    return ok();
}

Result<QList<Id>> Workspace::links(const char *table, const char *ownerColumn,
    const char *otherColumn, Id owner, bool positioned) const
{
    QList<Id> ids;
    const Status st = select(QByteArray("SELECT ") + otherColumn + " FROM " + table + " WHERE "
            + ownerColumn + " = ? ORDER BY " + (positioned ? "position" : otherColumn),
        {owner}, [&](const SqlRow &r) { ids.append(r.integer(0)); });
    if (!st)
        return st.error();
    return ids;
}

Status Workspace::removeRow(
    const char *table, Change::Entity entity, Id id, std::initializer_list<Dependent> dependents)
{
    return write([&]() -> Status {
        auto sid = sessionOf(table, id);
        if (!sid)
            return sid.error();
        // Foreign keys change other rows (SET NULL, CASCADE) without telling anyone; find them
        // first so the views showing them hear about it too.
        QList<Change> consequences;
        for (const Dependent &d : dependents) {
            auto q = exec(QString::fromLatin1(d.sql), {id});
            if (!q)
                return q.error();
            while (q->next())
                consequences.append(Change {d.entity, d.type, *sid, q->value(0).toLongLong()});
        }
        if (auto r =
                exec(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(table)), {id});
            !r)
            return r.error();
        notify(entity, Change::Type::Removed, *sid, id);
        for (const Change &c : std::as_const(consequences))
            notify(c.entity, c.type, c.sessionId, c.id);
        return touchSession(*sid);
    });
}

bool Workspace::hasExternalChanges()
{
    auto q = exec(QStringLiteral("PRAGMA data_version"));
    if (!q || !q->next())
        return false;
    const qint64 v = q->value(0).toLongLong();
    const bool changedElsewhere = m_dataVersion >= 0 && v != m_dataVersion;
    m_dataVersion = v;
    return changedElsewhere;
}

void Workspace::pollExternalChanges()
{
    if (!isFileStillThere()) {
        if (!m_fileLostReported) {
            m_fileLostReported = true;
            Q_EMIT fileLost(fileLostError(false));
        }
    } else {
        m_fileLostReported = false; // moved back: edits go through again
    }
    if (hasExternalChanges())
        Q_EMIT externallyChanged();
}

// In WAL mode the saved edits may still sit in the -wal file beside the old name. SQLite
// neither checkpoints nor deletes it when it closes a moved file: a renamed workspace would
// open without them, and a file put in its place would have them applied to it on its next
// open (SQLite cannot tell whose WAL it is). Copy them into the file we hold open, wherever it
// is now, and empty the WAL. In rollback-journal mode this does nothing.
void Workspace::settleLostFile()
{
    if (m_fileLostSettled || m_readOnly)
        return;
    m_fileLostSettled = true;
    (void)exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

void Workspace::rememberFileIdentity()
{
    struct stat st { };
    m_fileIdentityKnown = ::stat(QFile::encodeName(m_path).constData(), &st) == 0;
    m_fileDevice = st.st_dev;
    m_fileInode = st.st_ino;
}

bool Workspace::isFileStillThere() const
{
    if (!m_fileIdentityKnown)
        return true;
    struct stat st { };
    if (::stat(QFile::encodeName(m_path).constData(), &st) != 0)
        return false;
    return quint64(st.st_dev) == m_fileDevice && quint64(st.st_ino) == m_fileInode;
}

Error Workspace::fileLostError(bool forEdit)
{
    settleLostFile();
    // Where the opened file is now: SQLite holds it open, so on Linux one of our descriptors
    // still points at it, renamed or deleted.
    QString now;
    bool deleted = false;
#ifdef Q_OS_LINUX
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        struct stat st { };
        const QByteArray link = QFile::encodeName(fds.filePath(fd));
        if (::stat(link.constData(), &st) != 0 || quint64(st.st_dev) != m_fileDevice
            || quint64(st.st_ino) != m_fileInode)
            continue;
        char target[4096];
        const ssize_t n = ::readlink(link.constData(), target, sizeof target - 1);
        if (n <= 0)
            continue;
        now = QFile::decodeName(QByteArray(target, int(n)));
        deleted = st.st_nlink == 0;
        break;
    }
#endif
    const bool replaced = QFileInfo::exists(m_path);
    QString message = replaced
        ? tr("“%1” was replaced by another file while Hindsight had it open.").arg(m_path)
        : deleted ? tr("“%1” was deleted while Hindsight had it open.").arg(m_path)
                  : tr("“%1” was moved or deleted while Hindsight had it open.").arg(m_path);
    message += QLatin1Char(' ')
        + (forEdit ? tr("The change was NOT saved, and no further change will be.")
                   : tr("Changes can no longer be saved to it."));
    if (deleted)
        message += QLatin1Char(' ')
            + tr("What was saved before is still shown here until you close the workspace: "
                 "export the sessions you need now.");
    else if (!now.isEmpty())
        message += QLatin1Char(' ')
            + tr("The workspace is now at “%1”: open it from there to go on.").arg(now);
    if (replaced)
        message += QLatin1Char(' ') + tr("The new file was not touched.");
    return Error {ErrorCode::Io, message, {}};
}

void Workspace::checkIntegrityInBackground()
{
    if (m_checker)
        return;
    // The same file the same way as the workspace's own connection (see open()).
    const QString path = m_immutableUri.isEmpty() ? m_path : m_immutableUri;
    const QString options = m_immutableUri.isEmpty()
        ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
        : QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_URI");
    const QString connection =
        QStringLiteral("hindsight-check-%1").arg(s_connectionCounter.fetchAndAddOrdered(1));
    auto problems = std::make_shared<QStringList>();
    // QtSql connections belong to the thread that made them: this one lives and dies there.
    m_checker = QThread::create([path, options, connection, problems]() {
        {
            QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            d.setDatabaseName(path);
            d.setConnectOptions(options);
            if (!d.open()) {
                problems->append(d.lastError().text());
            } else {
                QSqlQuery q(d);
                q.setForwardOnly(true);
                if (!q.exec(QStringLiteral("PRAGMA quick_check")))
                    problems->append(q.lastError().text());
                while (q.next())
                    problems->append(q.value(0).toString());
                if (*problems == QStringList {QStringLiteral("ok")})
                    problems->clear();
            }
        }
        QSqlDatabase::removeDatabase(connection);
    });
    // finished() comes from the checker's thread; the connection queues it to ours.
    connect(m_checker, &QThread::finished, this, [this, problems]() {
        Error error;
        if (!problems->isEmpty()) {
            m_damaged = true;
            error = damagedError();
            error.detail = problems->join(QLatin1Char('\n'));
        }
        Q_EMIT integrityChecked(*problems, error);
    });
    m_checker->start(QThread::LowPriority);
}

Result<QStringList> Workspace::check() const
{
    QStringList problems;
    auto q = exec(QStringLiteral("PRAGMA integrity_check"));
    if (!q)
        return q.error();
    while (q->next()) {
        const QString line = q->value(0).toString();
        if (line != QLatin1String("ok"))
            problems.append(line);
    }
    auto fk = exec(QStringLiteral("PRAGMA foreign_key_check"));
    if (!fk)
        return fk.error();
    while (fk->next())
        problems.append(
            QStringLiteral("foreign key: %1 row %2 -> %3")
                .arg(fk->value(0).toString(), fk->value(1).toString(), fk->value(2).toString()));
    return problems;
}

// ---------------------------------------------------------------------------------------------
// Sessions

Result<QList<Session>> Workspace::sessions(SessionColumns columns) const
{
    const bool listed = columns == SessionColumns::Listed;
    QList<Session> list;
    const Status st = select(QByteArray("SELECT ")
            + (listed ? kListedSessionColumns : kSessionColumns)
            + " FROM session ORDER BY coalesce(date, '') DESC, updated_ms DESC, id DESC",
        {}, [&](const SqlRow &r) { list.append(listed ? listedSessionFrom(r) : sessionFrom(r)); });
    if (!st)
        return st.error();
    return list;
}

Result<Session> Workspace::session(Id id, SessionColumns columns) const
{
    const bool listed = columns == SessionColumns::Listed;
    std::optional<Session> found;
    const Status st = select(QByteArray("SELECT ")
            + (listed ? kListedSessionColumns : kSessionColumns) + " FROM session WHERE id = ?",
        {id}, [&](const SqlRow &r) { found = listed ? listedSessionFrom(r) : sessionFrom(r); });
    if (!st)
        return st.error();
    if (!found)
        return notFound(tr("Session %1 does not exist in this workspace.").arg(id));
    return *found;
}

static QVariantList sessionValues(const Session &s)
{
    return {toKey(s.kind), s.title.trimmed(), toKey(s.status), dateValue(s.date), s.severity,
        s.summary, s.impact, s.facilitator, s.timeZone, s.lessons, s.primeDirective, s.project,
        dateValue(s.horizon), s.catastrophe};
}

Result<Session> Workspace::createSession(Session s)
{
    if (s.title.trimmed().isEmpty())
        return invalid(tr("A session needs a title."));
    const qint64 now = nowMs();
    Status st = write([&]() -> Status {
        QVariantList values {idValue(s.id)};
        values += sessionValues(s);
        values << now << now;
        auto r = exec(QStringLiteral("INSERT INTO session (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                     "?, ?, ?, ?, ?, ?, ?, ?)")
                          .arg(columns(kSessionColumns)),
            values);
        if (!r)
            return r.error();
        s.id = r->lastInsertId().toLongLong();
        notify(Change::Entity::Session, Change::Type::Inserted, s.id, s.id);
        return ok();
    });
    if (!st)
        return st.error();
    return session(s.id);
}

Status Workspace::updateSession(const Session &s)
{
    if (s.title.trimmed().isEmpty())
        return invalid(tr("A session needs a title."));
    return write([&]() -> Status {
        QVariantList values = sessionValues(s);
        values << nowMs() << s.id;
        auto r =
            exec(QStringLiteral("UPDATE session SET kind = ?, title = ?, status = ?, date = ?, "
                                "severity = ?, summary = ?, impact = ?, facilitator = ?, "
                                "time_zone = ?, lessons = ?, prime_directive = ?, project = ?, "
                                "horizon = ?, catastrophe = ?, updated_ms = ? WHERE id = ?"),
                values);
        if (!r)
            return r.error();
        if (r->numRowsAffected() == 0)
            return notFound(tr("The session no longer exists."));
        notify(Change::Entity::Session, Change::Type::Updated, s.id, s.id);
        return ok();
    });
}

Status Workspace::removeSession(Id id)
{
    return write([&]() -> Status {
        auto r = exec(QStringLiteral("DELETE FROM session WHERE id = ?"), {id});
        if (!r)
            return r.error();
        if (r->numRowsAffected() == 0)
            return notFound(tr("The session no longer exists."));
        notify(Change::Entity::Session, Change::Type::Removed, id, id);
        return ok();
    });
}

namespace {

template<typename T, typename Read> Status readPart(QList<T> &out, Read read)
{
    auto r = read();
    if (!r)
        return r.error();
    out = std::move(*r);
    return ok();
}

} // namespace

Result<SessionSnapshot> Workspace::snapshot(Id sessionId, SnapshotParts parts) const
{
    SessionSnapshot snap;
    const Id id = sessionId;
    const auto read = [&]() -> Status {
        auto s = session(id);
        if (!s)
            return s.error();
        snap.session = *s;
        Status st = readPart(snap.participants, [&] { return participants(id); });
        if (st && parts.testFlag(SnapshotPart::Events))
            st = readPart(snap.events, [&] { return events(id); });
        if (st && parts.testFlag(SnapshotPart::WhyNodes))
            st = readPart(snap.whyNodes, [&] { return whyNodes(id); });
        if (st && parts.testFlag(SnapshotPart::Actions))
            st = readPart(snap.actions, [&] { return actions(id); });
        if (parts.testFlag(SnapshotPart::PreMortem)) {
            if (st)
                st = readPart(snap.rounds, [&] { return rounds(id); });
            if (st)
                st = readPart(snap.ideas, [&] { return ideas(id); });
            if (st)
                st = readPart(snap.themes, [&] { return themes(id); });
            if (st)
                st = readPart(snap.votes, [&] { return votes(id); });
        }
        return st;
    };
    // One read transaction, so another process's commit cannot land between two lists (an
    // action citing a why node the snapshot lacks).
    if (Status st = readTransaction(read); !st)
        return st.error();
    return snap;
}

Result<Session> Workspace::importSnapshot(const SessionSnapshot &in)
{
    Session created;
    Status st = write([&]() -> Status {
        Session s = in.session;
        s.id = 0;
        auto newSession = createSession(s);
        if (!newSession)
            return newSession.error();
        created = *newSession;
        const Id sid = created.id;
        QHash<Id, Id> people, eventIds, whys, roundIds, themeIds;
        for (Participant p : in.participants) {
            const Id old = p.id;
            p.id = 0;
            p.sessionId = sid;
            auto r = addParticipant(p);
            if (!r)
                return r.error();
            people.insert(old, r->id);
        }
        for (Theme t : in.themes) {
            const Id old = t.id;
            t.id = 0;
            t.sessionId = sid;
            auto r = addTheme(t);
            if (!r)
                return r.error();
            themeIds.insert(old, r->id);
        }
        for (Round rd : in.rounds) {
            const Id old = rd.id;
            rd.id = 0;
            rd.sessionId = sid;
            QList<Id> members;
            for (Id m : std::as_const(rd.members))
                members.append(people.value(m));
            rd.members = members;
            auto r = addRound(rd);
            if (!r)
                return r.error();
            roundIds.insert(old, r->id);
        }
        for (TimelineEvent e : in.events) {
            const Id old = e.id;
            e.id = 0;
            e.sessionId = sid;
            e.reporterId = people.value(e.reporterId);
            auto r = addEvent(e);
            if (!r)
                return r.error();
            eventIds.insert(old, r->id);
        }
        // Parents before children: the snapshot lists them that way, but do not rely on it.
        QList<WhyNode> pendingNodes = in.whyNodes;
        while (!pendingNodes.isEmpty()) {
            const qsizetype before = pendingNodes.size();
            for (auto it = pendingNodes.begin(); it != pendingNodes.end();) {
                if (it->parentId != 0 && !whys.contains(it->parentId)) {
                    ++it;
                    continue;
                }
                WhyNode n = *it;
                const Id old = n.id;
                n.id = 0;
                n.sessionId = sid;
                n.parentId = whys.value(n.parentId);
                QList<Id> evidence;
                for (Id ev : std::as_const(n.evidence))
                    evidence.append(eventIds.value(ev));
                n.evidence = evidence;
                auto r = addWhyNode(n);
                if (!r)
                    return r.error();
                whys.insert(old, r->id);
                it = pendingNodes.erase(it);
            }
            if (pendingNodes.size() == before)
                return invalid(tr("The why chains refer to nodes that are not in the session."));
        }
        for (ActionItem a : in.actions) {
            a.id = 0;
            a.sessionId = sid;
            QList<Id> w, t;
            for (Id x : std::as_const(a.whyNodes))
                w.append(whys.value(x));
            for (Id x : std::as_const(a.themes))
                t.append(themeIds.value(x));
            a.whyNodes = w;
            a.themes = t;
            auto r = addAction(a);
            if (!r)
                return r.error();
        }
        for (Idea i : in.ideas) {
            i.id = 0;
            i.sessionId = sid;
            i.roundId = roundIds.value(i.roundId);
            i.authorId = people.value(i.authorId);
            i.themeId = themeIds.value(i.themeId);
            auto r = addIdea(i);
            if (!r)
                return r.error();
        }
        for (Vote v : in.votes) {
            v.sessionId = sid;
            v.themeId = themeIds.value(v.themeId);
            v.participantId = people.value(v.participantId);
            if (Status r = setVote(v); !r)
                return r;
        }
        return ok();
    });
    if (!st)
        return st.error();
    return session(created.id);
}

// ---------------------------------------------------------------------------------------------
// Participants

Result<QList<Participant>> Workspace::participants(Id sessionId) const
{
    auto q = exec(QStringLiteral("SELECT id, session_id, name, department, role FROM participant "
                                 "WHERE session_id = ? ORDER BY id"),
        {sessionId});
    if (!q)
        return q.error();
    QList<Participant> list;
    while (q->next())
        list.append(Participant {q->value(0).toLongLong(), q->value(1).toLongLong(),
            q->value(2).toString(), q->value(3).toString(), q->value(4).toString()});
    return list;
}

Result<Participant> Workspace::addParticipant(Participant p)
{
    if (p.name.trimmed().isEmpty())
        return invalid(tr("A participant needs a name."));
    p.name = p.name.trimmed();
    Status st = write([&]() -> Status {
        auto r =
            exec(QStringLiteral("INSERT INTO participant (id, session_id, name, department, role) "
                                "VALUES (?, ?, ?, ?, ?)"),
                {idValue(p.id), p.sessionId, p.name, p.department.trimmed(), p.role.trimmed()});
        if (!r)
            return r.error();
        p.id = r->lastInsertId().toLongLong();
        notify(Change::Entity::Participant, Change::Type::Inserted, p.sessionId, p.id);
        return touchSession(p.sessionId);
    });
    if (!st)
        return st.error();
    p.department = p.department.trimmed();
    p.role = p.role.trimmed();
    return p;
}

Status Workspace::updateParticipant(const Participant &p)
{
    if (p.name.trimmed().isEmpty())
        return invalid(tr("A participant needs a name."));
    return write([&]() -> Status {
        auto sid = sessionOf("participant", p.id);
        if (!sid)
            return sid.error();
        auto r = exec(QStringLiteral(
                          "UPDATE participant SET name = ?, department = ?, role = ? WHERE id = ?"),
            {p.name.trimmed(), p.department.trimmed(), p.role.trimmed(), p.id});
        if (!r)
            return r.error();
        notify(Change::Entity::Participant, Change::Type::Updated, *sid, p.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeParticipant(Id id)
{
    // The person's events and ideas stay (their reporter/author is cleared); their votes and
    // group memberships go.
    return removeRow("participant", Change::Entity::Participant, id,
        {{Change::Entity::Event, "SELECT id FROM event WHERE reporter_id = ?"},
            {Change::Entity::Idea, "SELECT id FROM idea WHERE author_id = ?"},
            {Change::Entity::Round, "SELECT round_id FROM round_member WHERE participant_id = ?"},
            {Change::Entity::Vote, "SELECT theme_id FROM vote WHERE participant_id = ?"}});
}

// ---------------------------------------------------------------------------------------------
// Timeline

Result<QList<TimelineEvent>> Workspace::events(Id sessionId) const
{
    QList<TimelineEvent> list;
    const Status st = select(QByteArray("SELECT ") + kEventColumns
            + " FROM event WHERE session_id = ? ORDER BY sort_key, seq",
        {sessionId}, [&](const SqlRow &r) { list.append(eventFrom(r)); });
    if (!st)
        return st.error();
    return list;
}

Result<TimelineEvent> Workspace::event(Id id) const
{
    std::optional<TimelineEvent> found;
    const Status st = select(QByteArray("SELECT ") + kEventColumns + " FROM event WHERE id = ?",
        {id}, [&](const SqlRow &r) { found = eventFrom(r); });
    if (!st)
        return st.error();
    if (!found)
        return notFound(tr("The event no longer exists; it may have been deleted elsewhere."));
    return *found;
}

qint64 Workspace::nextSeq(Id sessionId)
{
    auto q =
        exec(QStringLiteral("SELECT coalesce(max(seq), 0) + 1 FROM event WHERE session_id = ?"),
            {sessionId});
    return q && q->next() ? q->value(0).toLongLong() : 1;
}

Status Workspace::writeEvent(TimelineEvent &e, bool insert)
{
    if (e.time.certainty != TimeCertainty::Unknown && !e.time.utc.isValid())
        return invalid(tr("An event with a known time needs a valid date and time."));
    if (!e.time.isKnown())
        e.time = EventTime::unknown();
    const bool known = e.time.isKnown();
    if (known) {
        e.time.utc = e.time.utc.toUTC();
        e.sortKey = e.time.utc.toMSecsSinceEpoch();
    }
    const QVariantList timeValues {toKey(e.time.certainty),
        known ? QVariant(e.time.utc.toMSecsSinceEpoch()) : QVariant(), e.time.offsetSeconds,
        e.time.zone, e.time.hasSeconds};
    const QVariantList rest {e.text, toKey(e.kind), idValue(e.reporterId), e.reporterText, e.source,
        e.starred, e.sortKey, e.seq};
    if (insert) {
        auto r =
            exec(QStringLiteral(
                     "INSERT INTO event (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                     .arg(columns(kEventColumns)),
                QVariantList {idValue(e.id), e.sessionId} + timeValues + rest);
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The event refers to a session or participant that does not exist."))
                : r.error();
        e.id = r->lastInsertId().toLongLong();
        return ok();
    }
    auto r =
        exec(QStringLiteral("UPDATE event SET certainty = ?, utc_ms = ?, offset_s = ?, zone = ?, "
                            "has_seconds = ?, text = ?, kind = ?, reporter_id = ?, "
                            "reporter_text = ?, source = ?, starred = ?, sort_key = ?, seq = ? "
                            "WHERE id = ?"),
            timeValues + rest + QVariantList {e.id});
    if (!r)
        return r.error();
    return ok();
}

Result<TimelineEvent> Workspace::addEvent(TimelineEvent e)
{
    Status st = write([&]() -> Status {
        if (e.seq <= 0)
            e.seq = nextSeq(e.sessionId);
        if (!e.time.isKnown() && e.sortKey == 0 && e.id == 0) {
            // A new event with an unknown time goes to the end of the timeline.
            auto q = exec(QStringLiteral("SELECT max(sort_key) FROM event WHERE session_id = ?"),
                {e.sessionId});
            if (!q)
                return q.error();
            if (q->next() && !q->value(0).isNull())
                e.sortKey = q->value(0).toLongLong();
        }
        if (Status s = writeEvent(e, true); !s)
            return s;
        notify(Change::Entity::Event, Change::Type::Inserted, e.sessionId, e.id);
        return touchSession(e.sessionId);
    });
    if (!st)
        return st.error();
    return e;
}

Result<QList<TimelineEvent>> Workspace::addEvents(QList<TimelineEvent> list)
{
    Status st = write([&]() -> Status {
        // max(seq) reads every event of the session (no index leads with seq): asked once per
        // event, that is quadratic in the length of a paste. Ask once per session, count on.
        QHash<Id, qint64> nextSeqOf;
        for (TimelineEvent &e : list) {
            auto next = nextSeqOf.find(e.sessionId);
            if (next == nextSeqOf.end())
                next = nextSeqOf.insert(e.sessionId, nextSeq(e.sessionId));
            if (e.seq <= 0)
                e.seq = *next;
            *next = std::max(*next, e.seq + 1);
            auto r = addEvent(e);
            if (!r)
                return r.error();
            e = *r;
        }
        return ok();
    });
    if (!st)
        return st.error();
    return list;
}

Result<TimelineEvent> Workspace::updateEvent(TimelineEvent e)
{
    Status st = write([&]() -> Status {
        auto old = event(e.id);
        if (!old)
            return old.error();
        e.sessionId = old->sessionId;
        // Ordering is storage's business: an event that loses its time keeps its place.
        e.sortKey = old->sortKey;
        e.seq = old->seq;
        if (Status s = writeEvent(e, false); !s)
            return s;
        notify(Change::Entity::Event, Change::Type::Updated, e.sessionId, e.id);
        return touchSession(e.sessionId);
    });
    if (!st)
        return st.error();
    return e;
}

Status Workspace::removeEvent(Id id)
{
    return removeRow("event", Change::Entity::Event, id,
        {{Change::Entity::WhyNode, "SELECT why_id FROM why_evidence WHERE event_id = ?"}});
}

Status Workspace::removeEvents(const QList<Id> &ids)
{
    return write([&]() -> Status {
        for (Id id : ids) {
            if (Status s = removeEvent(id); !s)
                return s;
        }
        return ok();
    });
}

Result<TimelineEvent> Workspace::moveEvent(Id id, int direction)
{
    TimelineEvent moved;
    Status st = write([&]() -> Status {
        auto ev = event(id);
        if (!ev)
            return ev.error();
        if (ev->time.isKnown())
            return invalid(tr("Only events with an unknown time can be moved; the others are "
                              "placed by their time."));
        auto all = events(ev->sessionId);
        if (!all)
            return all.error();
        QList<TimelineEvent> list = *all;
        const auto at = std::find_if(
            list.begin(), list.end(), [&](const TimelineEvent &x) { return x.id == id; });
        const qsizetype index = at - list.begin();
        const qsizetype target = index + (direction < 0 ? -1 : 1);
        if (target < 0 || target >= list.size())
            return ok(); // already first or last: nothing to do, nothing written
        // Take the neighbour's sort key, then renumber the seqs of everything sharing that key
        // (reusing their own seq values) so the event lands exactly beside the neighbour.
        const qint64 key = list[target].sortKey;
        TimelineEvent self = list.takeAt(index);
        self.sortKey = key;
        list.insert(target, self);
        QList<qsizetype> group;
        QList<qint64> seqs;
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list[i].sortKey == key) {
                group.append(i);
                seqs.append(list[i].seq);
            }
        }
        std::sort(seqs.begin(), seqs.end());
        for (qsizetype g = 0; g < group.size(); ++g) {
            TimelineEvent &x = list[group[g]];
            if (x.seq == seqs[g] && x.id != id)
                continue;
            x.seq = seqs[g];
            if (auto r = exec(QStringLiteral("UPDATE event SET sort_key = ?, seq = ? WHERE id = ?"),
                    {x.sortKey, x.seq, x.id});
                !r)
                return r.error();
            notify(Change::Entity::Event, Change::Type::Updated, x.sessionId, x.id);
            if (x.id == id)
                moved = x;
        }
        return touchSession(ev->sessionId);
    });
    if (!st)
        return st.error();
    if (moved.id == 0)
        return event(id);
    return moved;
}

// ---------------------------------------------------------------------------------------------
// Why chains

Result<QList<WhyNode>> Workspace::whyNodes(Id sessionId) const
{
    // The nodes and their evidence in one read: another process may commit between them.
    QList<WhyNode> ordered;
    const Status st = readTransaction([&]() -> Status {
        QList<WhyNode> flat;
        Status read = select(QByteArray("SELECT ") + kWhyColumns
                + " FROM why_node WHERE session_id = ? ORDER BY position, id",
            {sessionId}, [&](const SqlRow &r) { flat.append(whyNodeFrom(r)); });
        if (!read)
            return read;
        QHash<Id, QList<Id>> evidence;
        read = select("SELECT e.why_id, e.event_id FROM why_evidence e "
                      "JOIN why_node n ON n.id = e.why_id WHERE n.session_id = ? "
                      "ORDER BY e.why_id, e.position",
            {sessionId}, [&](const SqlRow &r) { evidence[r.integer(0)].append(r.integer(1)); });
        if (!read)
            return read;
        // Depth-first, parents before children, siblings by position.
        QHash<Id, QList<qsizetype>> children;
        for (qsizetype i = 0; i < flat.size(); ++i) {
            flat[i].evidence = evidence.value(flat[i].id);
            children[flat[i].parentId].append(i);
        }
        ordered.reserve(flat.size());
        std::function<void(Id)> visit = [&](Id parent) {
            for (qsizetype i : children.value(parent)) {
                ordered.append(flat[i]);
                visit(flat[i].id);
            }
        };
        visit(0);
        return ok();
    });
    if (!st)
        return st.error();
    return ordered;
}

Result<WhyNode> Workspace::whyNode(Id id) const
{
    std::optional<WhyNode> found;
    const Status st = select(QByteArray("SELECT ") + kWhyColumns + " FROM why_node WHERE id = ?",
        {id}, [&](const SqlRow &r) { found = whyNodeFrom(r); });
    if (!st)
        return st.error();
    if (!found)
        return notFound(tr("The why no longer exists; it may have been deleted elsewhere."));
    WhyNode n = *found;
    auto ev = links("why_evidence", "why_id", "event_id", id, true);
    if (!ev)
        return ev.error();
    n.evidence = *ev;
    return n;
}

Result<WhyNode> Workspace::addWhyNode(WhyNode n)
{
    Status st = write([&]() -> Status {
        if (n.parentId != 0) {
            auto parentSession = sessionOf("why_node", n.parentId);
            if (!parentSession)
                return parentSession.error();
            if (*parentSession != n.sessionId)
                return invalid(tr("A why belongs to the same session as the one it answers."));
        }
        if (n.id == 0) {
            auto q = exec(QStringLiteral("SELECT coalesce(max(position), -1) + 1 FROM why_node "
                                         "WHERE session_id = ? AND parent_id IS ?"),
                {n.sessionId, idValue(n.parentId)});
            if (!q)
                return q.error();
            q->next();
            n.position = q->value(0).toInt();
        }
        auto r =
            exec(QStringLiteral(
                     "INSERT INTO why_node (id, session_id, parent_id, position, text, root_cause) "
                     "VALUES (?, ?, ?, ?, ?, ?)"),
                {idValue(n.id), n.sessionId, idValue(n.parentId), n.position, n.text, n.rootCause});
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The why refers to a session that does not exist."))
                : r.error();
        n.id = r->lastInsertId().toLongLong();
        if (Status s = replaceLinks("why_evidence", "why_id", "event_id", n.id, n.evidence, true);
            !s)
            return s;
        notify(Change::Entity::WhyNode, Change::Type::Inserted, n.sessionId, n.id);
        return touchSession(n.sessionId);
    });
    if (!st)
        return st.error();
    return n;
}

Status Workspace::updateWhyNode(const WhyNode &n)
{
    return write([&]() -> Status {
        auto sid = sessionOf("why_node", n.id);
        if (!sid)
            return sid.error();
        auto r =
            exec(QStringLiteral(
                     "UPDATE why_node SET text = ?, root_cause = ?, position = ? WHERE id = ?"),
                {n.text, n.rootCause, n.position, n.id});
        if (!r)
            return r.error();
        if (Status s = replaceLinks("why_evidence", "why_id", "event_id", n.id, n.evidence, true);
            !s)
            return s;
        notify(Change::Entity::WhyNode, Change::Type::Updated, *sid, n.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeWhyNode(Id id)
{
    return write([&]() -> Status {
        auto sid = sessionOf("why_node", id);
        if (!sid)
            return sid.error();
        // Announce the whole subtree, deepest last, before the cascade removes it.
        auto q =
            exec(QStringLiteral("WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
                                "SELECT w.id FROM why_node w JOIN sub ON w.parent_id = sub.id) "
                                "SELECT id FROM sub"),
                {id});
        if (!q)
            return q.error();
        QList<Id> subtree;
        while (q->next())
            subtree.append(q->value(0).toLongLong());
        q->finish();
        // Actions linked to any node of the subtree lose the link.
        QList<Id> actionsLinked;
        for (Id x : std::as_const(subtree)) {
            auto linked =
                exec(QStringLiteral("SELECT action_id FROM action_why WHERE why_id = ?"), {x});
            if (!linked)
                return linked.error();
            while (linked->next())
                actionsLinked.append(linked->value(0).toLongLong());
        }
        if (auto r = exec(QStringLiteral("DELETE FROM why_node WHERE id = ?"), {id}); !r)
            return r.error();
        for (Id x : std::as_const(subtree))
            notify(Change::Entity::WhyNode, Change::Type::Removed, *sid, x);
        for (Id a : std::as_const(actionsLinked))
            notify(Change::Entity::Action, Change::Type::Updated, *sid, a);
        return touchSession(*sid);
    });
}

// ---------------------------------------------------------------------------------------------
// Actions

Result<QList<ActionItem>> Workspace::actions(Id sessionId) const
{
    QList<ActionItem> list;
    const Status st = readTransaction([&]() -> Status {
        QHash<Id, qsizetype> index;
        const Status read = select(QByteArray("SELECT ") + kActionColumns
                + " FROM action_item WHERE session_id = ? ORDER BY position, id",
            {sessionId}, [&](const SqlRow &r) {
                index.insert(r.integer(0), list.size());
                list.append(actionFrom(r));
            });
        if (!read)
            return read;
        const auto addLinks = [&](const char *sql, QList<Id> ActionItem::*member) -> Status {
            return select(sql, {sessionId}, [&](const SqlRow &r) {
                const auto at = index.constFind(r.integer(0));
                if (at != index.cend())
                    (list[*at].*member).append(r.integer(1));
            });
        };
        if (Status s = addLinks("SELECT l.action_id, l.why_id FROM action_why l JOIN action_item a "
                                "ON a.id = l.action_id WHERE a.session_id = ? ORDER BY l.why_id",
                &ActionItem::whyNodes);
            !s)
            return s;
        return addLinks("SELECT l.action_id, l.theme_id FROM action_theme l JOIN action_item a "
                        "ON a.id = l.action_id WHERE a.session_id = ? ORDER BY l.theme_id",
            &ActionItem::themes);
    });
    if (!st)
        return st.error();
    return list;
}

Result<ActionItem> Workspace::action(Id id) const
{
    std::optional<ActionItem> found;
    const Status st =
        select(QByteArray("SELECT ") + kActionColumns + " FROM action_item WHERE id = ?", {id},
            [&](const SqlRow &r) { found = actionFrom(r); });
    if (!st)
        return st.error();
    if (!found)
        return notFound(tr("The action no longer exists; it may have been deleted elsewhere."));
    ActionItem a = *found;
    auto w = links("action_why", "action_id", "why_id", id, false);
    if (!w)
        return w.error();
    auto t = links("action_theme", "action_id", "theme_id", id, false);
    if (!t)
        return t.error();
    a.whyNodes = *w;
    a.themes = *t;
    return a;
}

static QVariantList actionValues(const ActionItem &a)
{
    return {a.what.trimmed(), a.owner.trimmed(), dateValue(a.due), toKey(a.status),
        toKey(a.priority), toKey(a.type), a.tracker.trimmed(), a.position};
}

Result<ActionItem> Workspace::addAction(ActionItem a)
{
    if (a.what.trimmed().isEmpty())
        return invalid(tr("An action needs a description of what is to be done."));
    Status st = write([&]() -> Status {
        if (a.id == 0) {
            auto q = exec(
                QStringLiteral(
                    "SELECT coalesce(max(position), -1) + 1 FROM action_item WHERE session_id = ?"),
                {a.sessionId});
            if (!q)
                return q.error();
            q->next();
            a.position = q->value(0).toInt();
        }
        auto r =
            exec(QStringLiteral(
                     "INSERT INTO action_item (id, session_id, what, owner, due, status, "
                     "priority, type, tracker, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                QVariantList {idValue(a.id), a.sessionId} + actionValues(a));
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The action refers to a session that does not exist."))
                : r.error();
        a.id = r->lastInsertId().toLongLong();
        if (Status s = replaceLinks("action_why", "action_id", "why_id", a.id, a.whyNodes, false);
            !s)
            return s;
        if (Status s = replaceLinks("action_theme", "action_id", "theme_id", a.id, a.themes, false);
            !s)
            return s;
        notify(Change::Entity::Action, Change::Type::Inserted, a.sessionId, a.id);
        return touchSession(a.sessionId);
    });
    if (!st)
        return st.error();
    return action(a.id);
}

Status Workspace::updateAction(const ActionItem &a)
{
    if (a.what.trimmed().isEmpty())
        return invalid(tr("An action needs a description of what is to be done."));
    return write([&]() -> Status {
        auto sid = sessionOf("action_item", a.id);
        if (!sid)
            return sid.error();
        auto r =
            exec(QStringLiteral("UPDATE action_item SET what = ?, owner = ?, due = ?, status = ?, "
                                "priority = ?, type = ?, tracker = ?, position = ? WHERE id = ?"),
                actionValues(a) + QVariantList {a.id});
        if (!r)
            return r.error();
        if (Status s = replaceLinks("action_why", "action_id", "why_id", a.id, a.whyNodes, false);
            !s)
            return s;
        if (Status s = replaceLinks("action_theme", "action_id", "theme_id", a.id, a.themes, false);
            !s)
            return s;
        notify(Change::Entity::Action, Change::Type::Updated, *sid, a.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeAction(Id id)
{
    return removeRow("action_item", Change::Entity::Action, id,
        {{Change::Entity::WhyNode, "SELECT why_id FROM action_why WHERE action_id = ?"},
            {Change::Entity::Theme, "SELECT theme_id FROM action_theme WHERE action_id = ?"}});
}

Result<QList<WorkspaceAction>> Workspace::openActions() const
{
    QByteArray cols;
    for (const QByteArray &c : QByteArray(kActionColumns).split(','))
        cols += "a." + c.trimmed() + ", ";
    QList<WorkspaceAction> list;
    const Status st = select("SELECT " + cols
            + "s.title, s.kind FROM action_item a JOIN session s ON s.id = a.session_id "
              "WHERE a.status IN ('open', 'in-progress') "
              "ORDER BY a.due IS NULL, a.due, a.owner, a.id",
        {}, [&](const SqlRow &r) {
            WorkspaceAction w;
            w.action = actionFrom(r);
            w.sessionTitle = r.text(10);
            w.sessionKind = sessionKindFromKey(r.text(11)).value_or(SessionKind::PostMortem);
            list.append(w);
        });
    if (!st)
        return st.error();
    return list;
}

// ---------------------------------------------------------------------------------------------
// Pre-mortem

Result<QList<Round>> Workspace::rounds(Id sessionId) const
{
    auto q = exec(QStringLiteral("SELECT id, session_id, number, group_name, duration_s FROM round "
                                 "WHERE session_id = ? ORDER BY number, id"),
        {sessionId});
    if (!q)
        return q.error();
    QList<Round> list;
    while (q->next()) {
        Round r;
        r.id = q->value(0).toLongLong();
        r.sessionId = q->value(1).toLongLong();
        r.number = q->value(2).toInt();
        r.group = q->value(3).toString();
        r.durationSeconds = q->value(4).toInt();
        list.append(r);
    }
    q->finish();
    for (Round &r : list) {
        auto m = links("round_member", "round_id", "participant_id", r.id, true);
        if (!m)
            return m.error();
        r.members = *m;
    }
    return list;
}

Result<Round> Workspace::addRound(Round rd)
{
    if (rd.durationSeconds <= 0)
        return invalid(tr("A round needs a duration of at least one second."));
    Status st = write([&]() -> Status {
        if (rd.id == 0 && rd.number <= 0) {
            auto q =
                exec(QStringLiteral(
                         "SELECT coalesce(max(number), 0) + 1 FROM round WHERE session_id = ?"),
                    {rd.sessionId});
            if (!q)
                return q.error();
            q->next();
            rd.number = q->value(0).toInt();
        }
        auto r = exec(
            QStringLiteral("INSERT INTO round (id, session_id, number, group_name, duration_s) "
                           "VALUES (?, ?, ?, ?, ?)"),
            {idValue(rd.id), rd.sessionId, rd.number, rd.group.trimmed(), rd.durationSeconds});
        if (!r)
            return r.error();
        rd.id = r->lastInsertId().toLongLong();
        if (Status s =
                replaceLinks("round_member", "round_id", "participant_id", rd.id, rd.members, true);
            !s)
            return s;
        notify(Change::Entity::Round, Change::Type::Inserted, rd.sessionId, rd.id);
        return touchSession(rd.sessionId);
    });
    if (!st)
        return st.error();
    rd.group = rd.group.trimmed();
    return rd;
}

Status Workspace::updateRound(const Round &rd)
{
    if (rd.durationSeconds <= 0)
        return invalid(tr("A round needs a duration of at least one second."));
    return write([&]() -> Status {
        auto sid = sessionOf("round", rd.id);
        if (!sid)
            return sid.error();
        auto r =
            exec(QStringLiteral(
                     "UPDATE round SET number = ?, group_name = ?, duration_s = ? WHERE id = ?"),
                {rd.number, rd.group.trimmed(), rd.durationSeconds, rd.id});
        if (!r)
            return r.error();
        if (Status s =
                replaceLinks("round_member", "round_id", "participant_id", rd.id, rd.members, true);
            !s)
            return s;
        notify(Change::Entity::Round, Change::Type::Updated, *sid, rd.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeRound(Id id)
{
    // The round's ideas go with it.
    return removeRow("round", Change::Entity::Round, id,
        {{Change::Entity::Idea, "SELECT id FROM idea WHERE round_id = ?", Change::Type::Removed}});
}

Result<QList<Idea>> Workspace::ideas(Id sessionId) const
{
    auto q = exec(
        QStringLiteral("SELECT i.id, i.session_id, i.round_id, i.text, i.author_id, i.theme_id, "
                       "i.revealed, i.position FROM idea i JOIN round r ON r.id = i.round_id "
                       "WHERE i.session_id = ? ORDER BY r.number, i.position, i.id"),
        {sessionId});
    if (!q)
        return q.error();
    QList<Idea> list;
    while (q->next()) {
        Idea i;
        i.id = q->value(0).toLongLong();
        i.sessionId = q->value(1).toLongLong();
        i.roundId = q->value(2).toLongLong();
        i.text = q->value(3).toString();
        i.authorId = q->value(4).toLongLong();
        i.themeId = q->value(5).toLongLong();
        i.revealed = q->value(6).toBool();
        i.position = q->value(7).toInt();
        list.append(i);
    }
    return list;
}

Result<Idea> Workspace::addIdea(Idea i)
{
    if (i.text.trimmed().isEmpty())
        return invalid(tr("An idea needs some text."));
    Status st = write([&]() -> Status {
        if (i.id == 0) {
            auto q =
                exec(QStringLiteral(
                         "SELECT coalesce(max(position), -1) + 1 FROM idea WHERE round_id = ?"),
                    {i.roundId});
            if (!q)
                return q.error();
            q->next();
            i.position = q->value(0).toInt();
        }
        auto r = exec(
            QStringLiteral("INSERT INTO idea (id, session_id, round_id, text, author_id, theme_id, "
                           "revealed, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
            {idValue(i.id), i.sessionId, i.roundId, i.text, idValue(i.authorId), idValue(i.themeId),
                i.revealed, i.position});
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The idea refers to a round, theme or person that does not exist."))
                : r.error();
        i.id = r->lastInsertId().toLongLong();
        notify(Change::Entity::Idea, Change::Type::Inserted, i.sessionId, i.id);
        return touchSession(i.sessionId);
    });
    if (!st)
        return st.error();
    return i;
}

Status Workspace::updateIdea(const Idea &i)
{
    if (i.text.trimmed().isEmpty())
        return invalid(tr("An idea needs some text."));
    return write([&]() -> Status {
        auto sid = sessionOf("idea", i.id);
        if (!sid)
            return sid.error();
        auto r = exec(
            QStringLiteral("UPDATE idea SET round_id = ?, text = ?, author_id = ?, theme_id = ?, "
                           "revealed = ?, position = ? WHERE id = ?"),
            {i.roundId, i.text, idValue(i.authorId), idValue(i.themeId), i.revealed, i.position,
                i.id});
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The idea refers to a round, theme or person that does not exist."))
                : r.error();
        notify(Change::Entity::Idea, Change::Type::Updated, *sid, i.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeIdea(Id id)
{
    return removeRow("idea", Change::Entity::Idea, id, {});
}

Result<QList<Theme>> Workspace::themes(Id sessionId) const
{
    auto q =
        exec(QStringLiteral("SELECT id, session_id, title, likelihood, impact, position FROM theme "
                            "WHERE session_id = ? ORDER BY position, id"),
            {sessionId});
    if (!q)
        return q.error();
    QList<Theme> list;
    while (q->next()) {
        Theme t;
        t.id = q->value(0).toLongLong();
        t.sessionId = q->value(1).toLongLong();
        t.title = q->value(2).toString();
        t.likelihood = q->value(3).toInt();
        t.impact = q->value(4).toInt();
        t.position = q->value(5).toInt();
        list.append(t);
    }
    return list;
}

static Status checkTheme(const Theme &t)
{
    if (t.title.trimmed().isEmpty())
        return invalid(Workspace::tr("A theme needs a title."));
    if (t.likelihood < -1 || t.likelihood > 10)
        return invalid(
            Workspace::tr("Likelihood is a frequency from 0 to 10 (in N of 10 projects)."));
    if (t.impact < 0 || t.impact > 5)
        return invalid(Workspace::tr("Impact is scored from 1 to 5."));
    return ok();
}

Result<Theme> Workspace::addTheme(Theme t)
{
    if (Status s = checkTheme(t); !s)
        return s.error();
    Status st = write([&]() -> Status {
        if (t.id == 0) {
            auto q =
                exec(QStringLiteral(
                         "SELECT coalesce(max(position), -1) + 1 FROM theme WHERE session_id = ?"),
                    {t.sessionId});
            if (!q)
                return q.error();
            q->next();
            t.position = q->value(0).toInt();
        }
        auto r = exec(QStringLiteral(
                          "INSERT INTO theme (id, session_id, title, likelihood, impact, position) "
                          "VALUES (?, ?, ?, ?, ?, ?)"),
            {idValue(t.id), t.sessionId, t.title.trimmed(), t.likelihood, t.impact, t.position});
        if (!r)
            return r.error();
        t.id = r->lastInsertId().toLongLong();
        notify(Change::Entity::Theme, Change::Type::Inserted, t.sessionId, t.id);
        return touchSession(t.sessionId);
    });
    if (!st)
        return st.error();
    t.title = t.title.trimmed();
    return t;
}

Status Workspace::updateTheme(const Theme &t)
{
    if (Status s = checkTheme(t); !s)
        return s;
    return write([&]() -> Status {
        auto sid = sessionOf("theme", t.id);
        if (!sid)
            return sid.error();
        auto r = exec(QStringLiteral("UPDATE theme SET title = ?, likelihood = ?, impact = ?, "
                                     "position = ? WHERE id = ?"),
            {t.title.trimmed(), t.likelihood, t.impact, t.position, t.id});
        if (!r)
            return r.error();
        notify(Change::Entity::Theme, Change::Type::Updated, *sid, t.id);
        return touchSession(*sid);
    });
}

Status Workspace::removeTheme(Id id)
{
    // Its ideas become ungrouped; its votes go; actions lose the link.
    return removeRow("theme", Change::Entity::Theme, id,
        {{Change::Entity::Idea, "SELECT id FROM idea WHERE theme_id = ?"},
            {Change::Entity::Action, "SELECT action_id FROM action_theme WHERE theme_id = ?"},
            {Change::Entity::Vote, "SELECT DISTINCT theme_id FROM vote WHERE theme_id = ?"}});
}

Result<QList<Vote>> Workspace::votes(Id sessionId) const
{
    auto q = exec(QStringLiteral("SELECT session_id, theme_id, participant_id, dots FROM vote "
                                 "WHERE session_id = ? ORDER BY theme_id, participant_id"),
        {sessionId});
    if (!q)
        return q.error();
    QList<Vote> list;
    while (q->next())
        list.append(Vote {q->value(0).toLongLong(), q->value(1).toLongLong(),
            q->value(2).toLongLong(), q->value(3).toInt()});
    return list;
}

Status Workspace::setVote(const Vote &v)
{
    if (v.dots < 0)
        return invalid(tr("A vote cannot have fewer than zero dots."));
    return write([&]() -> Status {
        auto sid = sessionOf("theme", v.themeId);
        if (!sid)
            return sid.error();
        auto r = v.dots == 0
            ? exec(QStringLiteral("DELETE FROM vote WHERE theme_id = ? AND participant_id = ?"),
                {v.themeId, v.participantId})
            : exec(QStringLiteral(
                       "INSERT INTO vote (session_id, theme_id, participant_id, dots) VALUES (?, "
                       "?, ?, ?) "
                       "ON CONFLICT (theme_id, participant_id) DO UPDATE SET dots = excluded.dots"),
                {*sid, v.themeId, v.participantId, v.dots});
        if (!r)
            return r.error().code == ErrorCode::Internal
                ? invalid(tr("The vote refers to a person who is not in this session."))
                : r.error();
        notify(Change::Entity::Vote, Change::Type::Updated, *sid, v.themeId);
        return touchSession(*sid);
    });
}

// ---------------------------------------------------------------------------------------------
// Search

Result<QStringList> Workspace::departments() const
{
    // Asked by the sidebar's filter and by the stage page on every change of session, and the
    // query sorts every participant of the workspace (3.9 M instructions for 3,000). The list
    // is kept until this connection writes or another one commits: data_version moves then.
    auto version = exec(QStringLiteral("PRAGMA data_version"));
    if (!version)
        return version.error();
    const std::pair readAt {version->next() ? version->value(0).toLongLong() : -1, m_writes};
    if (m_departments && readAt == m_departmentsReadAt)
        return *m_departments;
    auto q =
        exec(QStringLiteral("SELECT DISTINCT department FROM participant WHERE department <> '' "
                            "ORDER BY department COLLATE NOCASE"));
    if (!q)
        return q.error();
    QStringList list;
    while (q->next()) {
        // "Payments" and "payments" are one department: the first spelling stands for both.
        const QString department = q->value(0).toString();
        if (list.isEmpty() || list.constLast().compare(department, Qt::CaseInsensitive) != 0)
            list.append(department);
    }
    m_departments = list;
    m_departmentsReadAt = readAt;
    return list;
}

Result<QList<Id>> Workspace::sessionsWithDepartment(const QString &department) const
{
    auto q =
        exec(QStringLiteral(
                 "SELECT DISTINCT session_id FROM participant WHERE department = ? COLLATE NOCASE"),
            {department});
    if (!q)
        return q.error();
    QList<Id> ids;
    while (q->next())
        ids.append(q->value(0).toLongLong());
    return ids;
}

Result<QList<SearchHit>> Workspace::search(const QString &text, int limit) const
{
    // Each word becomes a quoted prefix term, so FTS5 syntax typed by the user ("AND", "*",
    // quotes, column filters) is always taken literally.
    QStringList terms;
    for (const QString &word :
        text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts)) {
        QString w = word;
        w.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        terms.append(QLatin1Char('"') + w + QStringLiteral("\"*"));
    }
    if (terms.isEmpty())
        return QList<SearchHit> {};
    auto q = exec(QStringLiteral("SELECT session_id, source, source_id, "
                                 "snippet(search_text, 0, '', '', '…', 12) FROM search_text "
                                 "WHERE search_text MATCH ? ORDER BY rank LIMIT ?"),
        {terms.join(QLatin1Char(' ')), limit});
    if (!q) {
        // A term the tokenizer reduces to nothing (only punctuation) is not an error for a user.
        if (q.error().code == ErrorCode::Internal)
            return QList<SearchHit> {};
        return q.error();
    }
    QList<SearchHit> hits;
    while (q->next())
        hits.append(SearchHit {q->value(0).toLongLong(), q->value(1).toString(),
            q->value(2).toLongLong(), q->value(3).toString()});
    return hits;
}

} // namespace hindsight
