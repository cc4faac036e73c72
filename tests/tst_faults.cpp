// Faults under an open workspace: the disk failing a write or an fsync in the middle of a
// commit, an upgrade that cannot finish, the file deleted, moved or replaced while open. Each
// must give a clear error, announce nothing, and leave the last good state on disk.
//
// I/O errors come from tests/faultyvfs.h, a shim under SQLite itself, so they hit exactly the
// calls a real failing disk would: the journal write, the database write, each fsync.

#include "commandline.h"
#include "faultyvfs.h"
#include "testfiles.h"
#include "workspace.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <functional>

using namespace hindsight;
using hindsight::test::FaultyVfs;
using hindsight::test::fileHash;
using hindsight::test::setJournalMode;

namespace {

// What a file holds, read through a connection of its own (as the next program to open it
// would: a journal left behind is rolled back first).
struct Contents {
    QStringList rows; // "table|value|value...", every row of every table, sorted
    int userVersion = -1;
    QStringList problems; // integrity_check (other than "ok") and foreign_key_check rows
    QString error; // when the file could not be read at all
};

Contents contentsOf(const QString &path)
{
    Contents c;
    static int counter = 0;
    const QString name = QStringLiteral("probe-%1").arg(++counter);
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(path);
        if (!d.open()) {
            c.error = d.lastError().text();
        } else {
            QSqlQuery q(d);
            q.setForwardOnly(true);
            const auto run = [&](const QString &sql) {
                if (!q.exec(sql) && c.error.isEmpty())
                    c.error = sql + QStringLiteral(": ") + q.lastError().text();
                return q.isActive();
            };
            if (run(QStringLiteral("PRAGMA integrity_check"))) {
                while (q.next()) {
                    if (q.value(0).toString() != QStringLiteral("ok"))
                        c.problems << q.value(0).toString();
                }
            }
            if (run(QStringLiteral("PRAGMA foreign_key_check"))) {
                while (q.next())
                    c.problems << QStringLiteral("foreign key: %1 row %2")
                                      .arg(q.value(0).toString(), q.value(1).toString());
            }
            if (run(QStringLiteral("PRAGMA user_version")) && q.next())
                c.userVersion = q.value(0).toInt();
            QStringList tables;
            if (run(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql "
                                   "NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"))) {
                while (q.next())
                    tables << q.value(0).toString();
            }
            for (const QString &table : std::as_const(tables)) {
                if (!run(QStringLiteral("SELECT * FROM \"%1\"").arg(table)))
                    continue;
                while (q.next()) {
                    QString row = table;
                    const QSqlRecord record = q.record();
                    for (int i = 0; i < record.count(); ++i) {
                        const QVariant v = q.value(i);
                        row += QLatin1Char('|')
                            + (v.isNull() ? QStringLiteral("NULL")
                                    : v.metaType() == QMetaType::fromType<QByteArray>()
                                    ? QString::fromLatin1(v.toByteArray().toHex())
                                    : v.toString());
                    }
                    c.rows << row;
                }
            }
            c.rows.sort();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return c;
}

QDateTime utc(int h, int m)
{
    return QDateTime(QDate(2026, 3, 5), QTime(h, m), Qt::UTC);
}

// The files SQLite writes for a workspace: the database and its rollback journal (or WAL).
QStringList filesOf(const QString &path)
{
    return {path, path + QStringLiteral("-journal"), path + QStringLiteral("-wal")};
}

QString kindOf(const QString &file)
{
    if (file.endsWith(QStringLiteral("-journal")))
        return QStringLiteral("journal");
    if (file.endsWith(QStringLiteral("-wal")))
        return QStringLiteral("wal");
    return QStringLiteral("database");
}

// A session with something of every kind, so a removal cascades and pages are shared.
struct Seed {
    Id session = 0;
    QList<Id> events;
    Id why = 0;
    Id action = 0;
};

Seed seed(Workspace &ws)
{
    Seed s;
    Session session;
    session.title = QStringLiteral("Checkout outage");
    session.date = QDate(2026, 3, 5);
    session.timeZone = QStringLiteral("Europe/Berlin");
    session.summary = QStringLiteral("Card payments failed for 40 minutes.");
    auto created = ws.createSession(session);
    if (!created)
        return s;
    s.session = created->id;
    for (int i = 0; i < 6; ++i) {
        TimelineEvent e;
        e.sessionId = s.session;
        e.time.certainty = TimeCertainty::Exact;
        e.time.utc = utc(9, 10 * i);
        e.text = QStringLiteral("Event %1: %2").arg(i).arg(QString(200, QLatin1Char('x')));
        auto added = ws.addEvent(e);
        if (added)
            s.events << added->id;
    }
    WhyNode why;
    why.sessionId = s.session;
    why.text = QStringLiteral("Why did payments fail?");
    why.evidence = {s.events.value(0), s.events.value(1)};
    if (auto w = ws.addWhyNode(why))
        s.why = w->id;
    ActionItem action;
    action.sessionId = s.session;
    action.what = QStringLiteral("Alert on the gateway's error rate");
    action.owner = QStringLiteral("Payments team");
    action.due = QDate(2026, 4, 1);
    action.whyNodes = {s.why};
    if (auto a = ws.addAction(action))
        s.action = a->id;
    return s;
}

// A new workspace in the given journal mode. Workspace picks WAL for a local file it creates;
// "delete" (the rollback journal, what it keeps on network shares) is set from outside, and a
// plain open keeps it.
std::unique_ptr<Workspace> openInMode(const QString &path, const QString &mode)
{
    {
        auto created = Workspace::open(path, OpenOptions {.create = true});
        if (!created)
            return nullptr;
    }
    const QString actual = setJournalMode(path, mode);
    if (actual != mode) {
        qWarning() << "journal mode" << actual << "instead of" << mode;
        return nullptr;
    }
    auto ws = Workspace::open(path);
    return ws ? std::move(ws).value() : nullptr;
}

using Edit = std::function<bool(Workspace &, const Seed &, Error *)>;

template<typename R> bool outcome(const R &r, Error *error)
{
    if (!r)
        *error = r.error();
    return bool(r);
}

struct EditCase {
    const char *name;
    Edit edit;
};

// Edits of different shapes: one row, an update touching indexes and the search table, a
// removal that cascades, and a multi-page import that grows the file.
const QList<EditCase> &editCases()
{
    static const QList<EditCase> cases = {
        {"add event",
            [](Workspace &ws, const Seed &s, Error *e) {
                TimelineEvent ev;
                ev.sessionId = s.session;
                ev.text = QStringLiteral("Someone restarts the gateway");
                return outcome(ws.addEvent(ev), e);
            }},
        {"update session",
            [](Workspace &ws, const Seed &s, Error *e) {
                auto session = ws.session(s.session);
                if (!session) {
                    *e = session.error();
                    return false;
                }
                session->lessons = QStringLiteral("Alerts need an owner.");
                return outcome(ws.updateSession(*session), e);
            }},
        {"remove event with evidence",
            [](Workspace &ws, const Seed &s, Error *e) {
                return outcome(ws.removeEvent(s.events.value(0)), e);
            }},
        {"import 300 events",
            [](Workspace &ws, const Seed &s, Error *e) {
                auto snap = ws.snapshot(s.session);
                if (!snap) {
                    *e = snap.error();
                    return false;
                }
                for (int i = 0; i < 300; ++i) {
                    TimelineEvent ev;
                    ev.text = QStringLiteral("Imported line %1 %2")
                                  .arg(i)
                                  .arg(QString(100, QLatin1Char('y')));
                    snap->events << ev;
                }
                return outcome(ws.importSnapshot(*snap), e);
            }},
    };
    return cases;
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void failingDiskDuringAnEdit_data();
    void failingDiskDuringAnEdit();
    void diskStaysBadThenWorkspaceIsReopened_data();
    void diskStaysBadThenWorkspaceIsReopened();
    void checkpointFailsAtClose_data();
    void checkpointFailsAtClose();
    void failedMigrationLeavesTheOriginal_data();
    void failedMigrationLeavesTheOriginal();
    void migrationRefusedByTheFileItself();
    void fileLostWhileOpen_data();
    void fileLostWhileOpen();
    void commandLineReportsIoAndMigrationErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QElapsedTimer m_clock;
    // Figures for the report, printed at the end.
    int m_injectionPoints = 0;
    int m_editsRefused = 0;
    qint64 m_rowsCompared = 0;
    int m_walResurrected = 0; // WAL commits whose fsync failed, found whole after reopening
    int m_journalsLeft = 0; // failed upgrades whose rollback had to wait for the next open
    QSet<QString> m_hit; // "write journal", "sync database", ...
};

void TestFaults::initTestCase()
{
    QVERIFY(FaultyVfs::install());
    m_clock.start();
}

void TestFaults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestFaults::cleanup()
{
    FaultyVfs::disarm();
}

void TestFaults::cleanupTestCase()
{
    QStringList hit(m_hit.begin(), m_hit.end());
    hit.sort();
    qInfo("%d fault injection points, %d edits refused, %lld rows compared, %d upgrades rolled "
          "back on the next open, %d refused WAL commits back after reopening, %lld ms; calls "
          "hit: %s",
        m_injectionPoints, m_editsRefused, m_rowsCompared, m_journalsLeft, m_walResurrected,
        m_clock.elapsed(), qPrintable(hit.join(QStringLiteral(", "))));
}

void TestFaults::failingDiskDuringAnEdit_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("op");
    QTest::addColumn<int>("editCase");
    for (const char *mode : {"wal", "delete"}) {
        for (int i = 0; i < editCases().size(); ++i) {
            QTest::addRow("%s, write, %s", mode, editCases()[i].name)
                << QString::fromLatin1(mode) << int(FaultyVfs::Write) << i;
            QTest::addRow("%s, fsync, %s", mode, editCases()[i].name)
                << QString::fromLatin1(mode) << int(FaultyVfs::Sync) << i;
        }
    }
}

// The disk fails the 1st, 2nd, 3rd ... write (or fsync) of the edit's commit, and recovers
// right after the edit is refused. Every point is tried until the edit has fewer calls than
// that, on the same open workspace, which must recover by itself each time. Both journal
// modes: WAL for local files, the rollback journal ("delete") on network shares.
void TestFaults::failingDiskDuringAnEdit()
{
    QFETCH(QString, mode);
    QFETCH(int, op);
    QFETCH(int, editCase);
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    auto opened = openInMode(path, mode);
    QVERIFY(opened);
    Workspace &ws = *opened;
    const Seed s = seed(ws);
    QCOMPARE(s.events.size(), 6);
    QVERIFY(s.action > 0);
    const Contents before = contentsOf(path);
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
    QVERIFY(before.rows.size() > 10);
    const Edit &edit = editCases()[editCase].edit;

    int point = 0;
    // Every call of the first 20, then every 5th: a 300-event import makes over 100 writes.
    for (;; point += point < 20 ? 1 : 5) {
        QVERIFY2(point < 1000, "the edit never got past the injected faults");
        QSignalSpy changed(&ws, &Workspace::changed);
        FaultyVfs::arm(filesOf(path), op, point);
        Error error;
        const bool saved = edit(ws, s, &error);
        const QList<FaultyVfs::Call> calls = FaultyVfs::calls();
        FaultyVfs::disarm();
        if (FaultyVfs::failures() == 0) {
            // The commit needed fewer calls than `point`: no fault happened, the edit is saved.
            QVERIFY2(saved, qPrintable(error.message));
            QVERIFY(!changed.isEmpty());
            break;
        }
        ++m_injectionPoints;
        for (const FaultyVfs::Call &call : calls) {
            if (call.failed) {
                m_hit.insert(QStringLiteral("%1 %2").arg(
                    call.op == FaultyVfs::Write ? QStringLiteral("write") : QStringLiteral("fsync"),
                    kindOf(call.file)));
                break;
            }
        }
        // Refused, as an I/O error that says the change was not saved; nothing announced.
        QVERIFY2(!saved, qPrintable(QStringLiteral("fault point %1 reported saved").arg(point)));
        ++m_editsRefused;
        QCOMPARE(error.code, ErrorCode::Io);
        QVERIFY2(error.message.contains(QStringLiteral("not saved")), qPrintable(error.message));
        QCOMPARE(changed.size(), 0);
        // The workspace's own connection recovers once the disk does (it rolls back a journal
        // the failed commit left behind) ...
        auto own = ws.check();
        QVERIFY2(own, qPrintable(own ? QString() : own.error().message));
        QCOMPARE(*own, QStringList {});
        // ... and the file holds exactly the last good state, row for row.
        const Contents after = contentsOf(path);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QCOMPARE(after.problems, QStringList {});
        QCOMPARE(after.rows, before.rows);
        m_rowsCompared += after.rows.size();
    }
    // At least the first call of the commit was hit, and the edit went through afterwards on
    // the same workspace: it keeps working once the fault is gone.
    QVERIFY(point >= 1);
    const Contents done = contentsOf(path);
    QCOMPARE(done.problems, QStringList {});
    QVERIFY(done.rows != before.rows);
    qInfo("%s: refused at every fault point tried up to call %d, then saved",
        QTest::currentDataTag(), point);
}

void TestFaults::diskStaysBadThenWorkspaceIsReopened_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("op");
    QTest::addColumn<int>("point");
    // QStrings, not C strings: over a list of C strings GCC's -O3 warned that "%s" might get a
    // null pointer.
    for (const QString &mode : {QStringLiteral("wal"), QStringLiteral("delete")}) {
        for (int point = 0; point < 4; ++point)
            QTest::addRow("%s, write %d", qPrintable(mode), point + 1)
                << mode << int(FaultyVfs::Write) << point;
        // A WAL commit syncs once, a rollback-journal commit three times.
        for (int point = 0; point < (mode == QLatin1String("wal") ? 1 : 3); ++point)
            QTest::addRow("%s, fsync %d", qPrintable(mode), point + 1)
                << mode << int(FaultyVfs::Sync) << point;
    }
}

// The disk stays bad while the app gives up and closes the workspace (so SQLite's own
// rollback, or the WAL checkpoint, fails too); the next open, once the disk is back, finds the
// last good state.
void TestFaults::diskStaysBadThenWorkspaceIsReopened()
{
    QFETCH(QString, mode);
    QFETCH(int, op);
    QFETCH(int, point);
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    Contents before;
    {
        auto ws = openInMode(path, mode);
        QVERIFY(ws);
        const Seed s = seed(*ws);
        QVERIFY(s.action > 0);
        before = contentsOf(path);
        QVERIFY(before.error.isEmpty());
        QSignalSpy changed(ws.get(), &Workspace::changed);
        FaultyVfs::arm(filesOf(path), op, point);
        Error error;
        QVERIFY(!editCases()[3].edit(*ws, s, &error));
        QVERIFY(FaultyVfs::failures() > 0);
        ++m_injectionPoints;
        ++m_editsRefused;
        QCOMPARE(error.code, ErrorCode::Io);
        QCOMPARE(changed.size(), 0);
        // A second try while the disk is still bad is refused the same way.
        QVERIFY(!editCases()[0].edit(*ws, s, &error));
        QCOMPARE(error.code, ErrorCode::Io);
        QCOMPARE(changed.size(), 0);
    } // closed with the disk still failing
    FaultyVfs::disarm();
    auto reopened = Workspace::open(path);
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
    QCOMPARE(*(*reopened)->check(), QStringList {});
    reopened->reset();
    const Contents after = contentsOf(path);
    QCOMPARE(after.problems, QStringList {});
    m_rowsCompared += after.rows.size();
    if (mode == u"wal" && op == FaultyVfs::Sync && after.rows != before.rows) {
        // WAL: the commit's frames were written, only their fsync failed. SQLite cannot take
        // them back, and as the disk kept failing no checkpoint or successful commit replaced
        // them, so recovery on the next open finds a complete transaction: the last refused
        // one (the second try, which overwrote the first's frames). It comes back whole, never
        // in part, though the user was told it was not saved.
        const auto events = [](const Contents &x) {
            return x.rows.filter(QRegularExpression(QStringLiteral("^event\\|"))).size();
        };
        const qsizetype added = events(after) - events(before);
        QVERIFY2(added == 1 || added == 6 + 300, qPrintable(QString::number(added)));
        ++m_walResurrected;
        return;
    }
    QCOMPARE(after.rows, before.rows);
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void TestFaults::checkpointFailsAtClose_data()
{
    QTest::addColumn<int>("op");
    QTest::addRow("write") << int(FaultyVfs::Write);
    QTest::addRow("fsync") << int(FaultyVfs::Sync);
}

// WAL: saved edits reach the database file itself only at a checkpoint (here the one SQLite
// runs when the last connection closes). When the disk fails it, the WAL stays and the next
// open must still find every acknowledged edit.
void TestFaults::checkpointFailsAtClose()
{
    QFETCH(int, op);
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    Contents saved;
    {
        auto ws = openInMode(path, QStringLiteral("wal"));
        QVERIFY(ws);
        const Seed s = seed(*ws);
        Error error;
        QVERIFY(editCases()[3].edit(*ws, s, &error));
        saved = contentsOf(path);
        FaultyVfs::arm({path}, op, 0);
    }
    const int failures = FaultyVfs::failures();
    FaultyVfs::disarm();
    QVERIFY2(failures > 0, "closing did not write the database file");
    ++m_injectionPoints;
    m_hit.insert(
        QStringLiteral("%1 database at checkpoint")
            .arg(op == FaultyVfs::Write ? QStringLiteral("write") : QStringLiteral("fsync")));
    QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
    const Contents after = contentsOf(path);
    QCOMPARE(after.problems, QStringList {});
    QCOMPARE(after.rows, saved.rows);
    m_rowsCompared += after.rows.size();
}

void TestFaults::failedMigrationLeavesTheOriginal_data()
{
    QTest::addColumn<int>("op");
    QTest::addColumn<int>("fail"); // how many calls fail: -1 until the disk is "repaired"
    QTest::addRow("write, disk stays bad") << int(FaultyVfs::Write) << -1;
    QTest::addRow("write, one glitch") << int(FaultyVfs::Write) << 1;
    QTest::addRow("fsync, disk stays bad") << int(FaultyVfs::Sync) << -1;
    QTest::addRow("fsync, one glitch") << int(FaultyVfs::Sync) << 1;
}

// A version-1 file is upgraded; after the VACUUM INTO backup is written, the disk fails the
// 1st, 2nd, ... write (or fsync) of the workspace file itself. The upgrade must fail with a
// message, the original must stay byte for byte what it was, and the backup a good copy.
void TestFaults::failedMigrationLeavesTheOriginal()
{
    QFETCH(int, op);
    QFETCH(int, fail);
    const QString fixture = QStringLiteral(HINDSIGHT_TEST_DATA "/workspace-v1.hindsight");
    const Contents original = contentsOf(fixture);
    QCOMPARE(original.userVersion, 1);
    QVERIFY(original.rows.size() > 5);
    const QByteArray originalHash = fileHash(fixture);
    int point = 0;
    for (;; ++point) {
        QVERIFY(point < 200);
        const QString path =
            m_dir->filePath(QStringLiteral("old-%1.hindsight").arg(point, 3, 10, QLatin1Char('0')));
        QVERIFY(QFile::copy(fixture, path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        FaultyVfs::arm({path}, op, point, fail);
        auto ws = Workspace::open(path);
        FaultyVfs::disarm();
        if (ws) {
            // The fault point lay past the upgrade's commit (later calls, such as switching to
            // WAL, may still have been refused: that only costs speed). The file is upgraded.
            ws->reset();
            const Contents upgraded = contentsOf(path);
            QCOMPARE(upgraded.userVersion, Workspace::kSchemaVersion);
            QCOMPARE(upgraded.problems, QStringList {});
            break;
        }
        ++m_injectionPoints;
        QVERIFY2(
            !ws, qPrintable(QStringLiteral("fault point %1: the upgrade succeeded").arg(point)));
        const Error &e = ws.error();
        QVERIFY2(e.code == ErrorCode::MigrationFailed || e.code == ErrorCode::Io,
            qPrintable(errorCodeName(e.code)));
        QVERIFY2(e.message.contains(QStringLiteral("not changed")), qPrintable(e.message));
        QVERIFY2(e.message.contains(QStringLiteral(".v1.bak")), qPrintable(e.message));
        const QString journal = path + QStringLiteral("-journal");
        if (QFile::exists(journal)) {
            // The disk was still failing, so even the rollback could not write: the original
            // pages wait in the journal, and the message must say not to delete it.
            QVERIFY2(fail < 0, "a single glitch must not leave a journal behind");
            QVERIFY2(e.message.contains(journal) && e.message.contains(QStringLiteral("delete")),
                qPrintable(e.message));
            ++m_journalsLeft;
            // The disk is repaired (disarmed above): the next program to open the file, here
            // a plain SQLite connection, puts the original back.
            QCOMPARE(contentsOf(path).error, QString());
            QVERIFY(!QFile::exists(journal));
        }
        // The original, byte for byte.
        QCOMPARE(fileHash(path), originalHash);
        const Contents kept = contentsOf(path);
        QCOMPARE(kept.userVersion, 1);
        QCOMPARE(kept.problems, QStringList {});
        QCOMPARE(kept.rows, original.rows);
        // The backup copy is a good copy of the same rows.
        const QString backup = path + QStringLiteral(".v1.bak");
        QVERIFY(QFile::exists(backup));
        const Contents copy = contentsOf(backup);
        QCOMPARE(copy.problems, QStringList {});
        QCOMPARE(copy.userVersion, 1);
        QCOMPARE(copy.rows, original.rows);
        m_rowsCompared += kept.rows.size() + copy.rows.size();
        // Once the disk is fine, the same file upgrades.
        if (point == 0) {
            auto again = Workspace::open(path);
            QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
            QCOMPARE(*(*again)->check(), QStringList {});
        }
    }
    QVERIFY(point >= 1);
    qInfo("%s: %d fault points refused, then upgraded", QTest::currentDataTag(), point);
}

// Another honest failure: the old file already holds a table a migration wants to create
// (left there by another tool). The upgrade stops at that statement.
void TestFaults::migrationRefusedByTheFileItself()
{
    const QString path = m_dir->filePath(QStringLiteral("old.hindsight"));
    QVERIFY(QFile::copy(QStringLiteral(HINDSIGHT_TEST_DATA "/workspace-v1.hindsight"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("x"));
        d.setDatabaseName(path);
        QVERIFY(d.open());
        QSqlQuery q(d);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE search_text (body TEXT)")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("x"));
    const Contents original = contentsOf(path);
    QCOMPARE(original.userVersion, 1);
    const QByteArray hash = fileHash(path);
    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    QCOMPARE(ws.error().code, ErrorCode::MigrationFailed);
    QVERIFY2(
        ws.error().message.contains(QStringLiteral("not changed")), qPrintable(ws.error().message));
    QVERIFY2(
        ws.error().detail.contains(QStringLiteral("search_text")), qPrintable(ws.error().detail));
    QCOMPARE(fileHash(path), hash);
    const Contents copy = contentsOf(path + QStringLiteral(".v1.bak"));
    QCOMPARE(copy.rows, original.rows);
    m_rowsCompared += copy.rows.size();
}

void TestFaults::fileLostWhileOpen_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("how");
    for (const char *mode : {"wal", "delete"}) {
        for (const char *how : {"deleted", "renamed", "replaced"})
            QTest::addRow("%s, %s", mode, how)
                << QString::fromLatin1(mode) << QString::fromLatin1(how);
    }
}

// The file is deleted, renamed, or replaced by another workspace while open. On Linux SQLite
// would go on writing to the old file (in WAL mode without a word), so an edit could be
// "saved" where nobody will ever look. Every edit must be refused, and the poll must say so
// before anyone types.
void TestFaults::fileLostWhileOpen()
{
    QFETCH(QString, mode);
    QFETCH(QString, how);
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    auto ws = openInMode(path, mode);
    QVERIFY(ws);
    const Seed s = seed(*ws);
    QVERIFY(s.action > 0);
    const Contents before = contentsOf(path);
    QVERIFY(ws->isFileStillThere());

    const QString moved = m_dir->filePath(QStringLiteral("moved.hindsight"));
    const QString other = m_dir->filePath(QStringLiteral("other.hindsight"));
    QByteArray otherHash;
    Contents otherContents;
    if (how == u"deleted") {
        QVERIFY(QFile::remove(path));
    } else if (how == u"renamed") {
        QVERIFY(QFile::rename(path, moved));
    } else {
        // Another workspace is copied over it, as a sync tool or a restore would do: the new
        // file takes the name (rename over it), the old one is unlinked.
        {
            auto o = Workspace::open(other, OpenOptions {.create = true});
            QVERIFY(o);
            Session session;
            session.title = QStringLiteral("Someone else's workspace");
            QVERIFY((*o)->createSession(session));
        }
        QVERIFY(!QFile::exists(other + QStringLiteral("-wal")));
        otherHash = fileHash(other);
        otherContents = contentsOf(other);
        QCOMPARE(otherContents.problems, QStringList {});
        QVERIFY(::rename(QFile::encodeName(other).constData(), QFile::encodeName(path).constData())
            == 0);
    }
    QVERIFY(!ws->isFileStillThere());

    // The poll notices first and says so once.
    QSignalSpy lost(ws.get(), &Workspace::fileLost);
    ws->pollExternalChanges();
    ws->pollExternalChanges();
    QCOMPARE(lost.size(), 1);
    const auto told = lost.first().first().value<Error>();
    QCOMPARE(told.code, ErrorCode::Io);
    QVERIFY2(told.message.contains(
                 how == u"replaced" ? QStringLiteral("replaced") : QStringLiteral("deleted")),
        qPrintable(told.message));

    // Every kind of edit is refused, announced nowhere.
    QSignalSpy changed(ws.get(), &Workspace::changed);
    for (int i = 0; i < editCases().size(); ++i) {
        Error error;
        QVERIFY2(!editCases()[i].edit(*ws, s, &error), editCases()[i].name);
        QCOMPARE(error.code, ErrorCode::Io);
        QVERIFY2(error.message.contains(QStringLiteral("NOT saved")), qPrintable(error.message));
        if (how == u"renamed")
            QVERIFY2(error.message.contains(moved), qPrintable(error.message));
        if (how == u"replaced")
            QVERIFY2(
                error.message.contains(QStringLiteral("not touched")), qPrintable(error.message));
        if (how == u"deleted")
            QVERIFY2(error.message.contains(QStringLiteral("export")), qPrintable(error.message));
    }
    QCOMPARE(changed.size(), 0);
    // What was saved can still be read, to export it.
    QCOMPARE(ws->events(s.session)->size(), 6);
    ws.reset();

    if (how == u"deleted") {
        QVERIFY(!QFile::exists(path));
    } else if (how == u"renamed") {
        const Contents there = contentsOf(moved);
        QCOMPARE(there.problems, QStringList {});
        QCOMPARE(there.rows, before.rows);
        m_rowsCompared += there.rows.size();
    } else {
        // Byte for byte what was put there, even after the old connection closed, and no
        // journal or WAL of the old file is applied to it when it is opened next.
        QCOMPARE(fileHash(path), otherHash);
        const Contents there = contentsOf(path);
        QCOMPARE(there.problems, QStringList {});
        QCOMPARE(there.rows, otherContents.rows);
        m_rowsCompared += there.rows.size();
    }
    const QStringList left = QDir(m_dir->path()).entryList(QDir::Files);
    if (how != u"renamed")
        QVERIFY2(
            !left.contains(QStringLiteral("w.hindsight-journal")), qPrintable(left.join(u' ')));
}

// The command line runs the same code; its message must say what happened too.
void TestFaults::commandLineReportsIoAndMigrationErrors()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    const auto run = [&](const QStringList &args, QString *err) {
        QString out;
        QTextStream o(&out);
        QTextStream e(err);
        QByteArray none;
        QBuffer in(&none);
        in.open(QIODevice::ReadOnly);
        const int code = runCommand(parseCommandLine(args), o, e, &in);
        e.flush();
        return code;
    };
    QString err;
    QCOMPARE(run({QStringLiteral("--workspace"), path, QStringLiteral("new"),
                     QStringLiteral("--title"), QStringLiteral("Outage")},
                 &err),
        0);
    const QByteArray good = fileHash(path);
    FaultyVfs::arm(filesOf(path), FaultyVfs::Write, 0);
    err.clear();
    const int code = run({QStringLiteral("--workspace"), path, QStringLiteral("new"),
                             QStringLiteral("--title"), QStringLiteral("Second")},
        &err);
    FaultyVfs::disarm();
    QCOMPARE(code, int(ExitIoError));
    QVERIFY2(err.contains(QStringLiteral("not saved")), qPrintable(err));
    QCOMPARE(fileHash(path), good);

    const QString old = m_dir->filePath(QStringLiteral("old.hindsight"));
    QVERIFY(QFile::copy(QStringLiteral(HINDSIGHT_TEST_DATA "/workspace-v1.hindsight"), old));
    QFile::setPermissions(old, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray oldHash = fileHash(old);
    FaultyVfs::arm({old}, FaultyVfs::Write, 0);
    err.clear();
    QCOMPARE(
        run({QStringLiteral("--workspace"), old, QStringLiteral("list")}, &err), int(ExitIoError));
    FaultyVfs::disarm();
    QVERIFY2(err.contains(QStringLiteral("not changed")), qPrintable(err));
    QCOMPARE(fileHash(old), oldHash);
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
