#include "testfiles.h"
#include "workspace.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>
#include <sqlite3.h>
#include <sys/stat.h>

using namespace hindsight;
using hindsight::test::fileHash;
using hindsight::test::setJournalMode;

namespace {

QDateTime utc(int h, int m, int s = 0)
{
    return QDateTime(QDate(2026, 3, 5), QTime(h, m, s), Qt::UTC);
}

// The workspace's own connection (Workspace::open() names it "hindsight-<n>").
QSqlDatabase connectionOf(const Workspace &ws)
{
    for (const QString &name : QSqlDatabase::connectionNames()) {
        const QSqlDatabase d = QSqlDatabase::database(name, false);
        if (name.startsWith(QStringLiteral("hindsight-")) && d.databaseName() == ws.path())
            return d;
    }
    return {};
}

// Reads one value through an independent connection, so a test sees what is on disk and not
// what the workspace's own connection may hold.
QVariant onDisk(const QString &path, const QString &sql)
{
    QVariant value;
    const QString name = QStringLiteral("probe");
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(path);
        d.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (d.open()) {
            QSqlQuery q(d);
            if (q.exec(sql) && q.next())
                value = q.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void createAndReopen();
    void sessionRoundTrip();
    void sessionListFromAnotherThread();
    void sessionListIsReadInOrderWithoutSorting();
    void editIsOnDiskBeforeReturn();
    void commitsAreSyncedInFull();
    void timelineOrder();
    void unknownTimeKeepsItsPlace();
    void moveOnlyUnknown();
    void whyTreeAndEvidence();
    void removeWhySubtree();
    void actionsAndLinks();
    void openActionsAcrossSessions();
    void premortemData();
    void snapshotImportRoundTrip();
    void changesAnnouncedAfterCommit();
    void failedEditAnnouncesNothing();
    void removalsAnnounceWhatTheyChange();
    void search();
    void departments();
    void hostileTextIsStoredVerbatim();
    void badFiles_data();
    void badFiles();
    void newerSchemaIsRefusedUntouched();
    void foreignSqliteIsRefused();
    void corruptFileIsRefused();
    void backgroundCheckFindsDamage();
    void damagedRowsAreAnErrorNotAShortList();
    void readOnlyOptionRefusesWrites();
    void readOnlyFileOpensReadOnly();
    void lockedWorkspace();
    void diskFull();
    void migrationFromVersion1();
    void plainOpenKeepsTheJournalMode();
    void idleCheckpointPutsEditsInTheFile();
    void externalChangesAreNoticed();

private:
    std::unique_ptr<Workspace> create(const QString &name = QStringLiteral("w.hindsight"));
    Session newSession(Workspace &ws, const QString &title = QStringLiteral("Checkout outage"));
    // `count` timed events, enough to fill a few pages of the file.
    static bool addEvents(Workspace &ws, Id sessionId, int count);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestWorkspace::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::unique_ptr<Workspace> TestWorkspace::create(const QString &name)
{
    auto ws = Workspace::open(m_dir->filePath(name), OpenOptions {.create = true});
    if (!ws) {
        qWarning() << ws.error().message << ws.error().detail;
        return nullptr;
    }
    return std::move(ws).value();
}

Session TestWorkspace::newSession(Workspace &ws, const QString &title)
{
    Session s;
    s.title = title;
    s.date = QDate(2026, 3, 5);
    s.timeZone = QStringLiteral("Europe/Berlin");
    auto r = ws.createSession(s);
    if (!r)
        qWarning() << r.error().message;
    return r ? *r : Session {};
}

bool TestWorkspace::addEvents(Workspace &ws, Id sessionId, int count)
{
    for (int i = 0; i < count; ++i) {
        TimelineEvent e;
        e.sessionId = sessionId;
        e.text = QStringLiteral("event %1 with some text to fill pages").arg(i);
        e.time = EventTime::at(utc(10, 0).addSecs(i));
        if (!ws.addEvent(e))
            return false;
    }
    return true;
}

void TestWorkspace::createAndReopen()
{
    const QString path = m_dir->filePath(QStringLiteral("sub/folder/w.hindsight"));
    {
        auto ws = Workspace::open(path, OpenOptions {.create = true});
        QVERIFY2(ws, qPrintable(ws ? QString() : ws.error().message));
        QVERIFY(!(*ws)->isReadOnly());
    }
    QCOMPARE(
        onDisk(path, QStringLiteral("PRAGMA application_id")).toInt(), Workspace::kApplicationId);
    QCOMPARE(
        onDisk(path, QStringLiteral("PRAGMA user_version")).toInt(), Workspace::kSchemaVersion);
    auto again = Workspace::open(path);
    QVERIFY(again);
    auto list = (*again)->sessions();
    QVERIFY(list);
    QVERIFY(list->isEmpty());
    // Without create, a missing file is an error, and nothing gets created.
    const QString missing = m_dir->filePath(QStringLiteral("missing.hindsight"));
    auto none = Workspace::open(missing);
    QVERIFY(!none);
    QCOMPARE(none.error().code, ErrorCode::NotFound);
    QVERIFY(!QFile::exists(missing));
}

void TestWorkspace::sessionRoundTrip()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    Session s;
    {
        auto ws = create();
        QVERIFY(ws);
        s.kind = SessionKind::PostMortem;
        s.title = QStringLiteral("Checkout outage — “Zahlungen” 💳");
        s.status = SessionStatus::InReview;
        s.date = QDate(2026, 3, 5);
        s.severity = QStringLiteral("SEV-1");
        s.summary = QStringLiteral("Line one\nLine two");
        s.impact = QStringLiteral("42 minutes without card payments");
        s.facilitator = QStringLiteral("Ana");
        s.timeZone = QStringLiteral("Europe/Berlin");
        s.lessons = QStringLiteral("Certificates expire.");
        s.primeDirective = defaultPrimeDirective();
        auto created = ws->createSession(s);
        QVERIFY(created);
        QVERIFY(created->id > 0);
        QVERIFY(created->created.isValid());
        s.id = created->id;
        s.created = created->created;
        s.updated = created->updated;
        QCOMPARE(*created, s);
        auto empty = ws->createSession(Session {});
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, ErrorCode::InvalidInput);
    }
    auto ws = Workspace::open(path);
    QVERIFY(ws);
    auto loaded = (*ws)->session(s.id);
    QVERIFY(loaded);
    QCOMPARE(*loaded, s);
    // The list's read: what the sidebar shows, and nothing else.
    Session listed;
    listed.id = s.id;
    listed.kind = s.kind;
    listed.title = s.title;
    listed.status = s.status;
    listed.date = s.date;
    listed.summary = s.summary;
    QCOMPARE(*(*ws)->session(s.id, Workspace::SessionColumns::Listed), listed);
    QCOMPARE(*(*ws)->sessions(Workspace::SessionColumns::Listed), QList<Session> {listed});
    QVERIFY((*ws)->removeSession(s.id));
    QCOMPARE((*ws)->session(s.id).error().code, ErrorCode::NotFound);
    QCOMPARE((*ws)->removeSession(s.id).error().code, ErrorCode::NotFound);
}

// The start-up reads the session list on another thread while the window is built, the
// workspace's own thread leaving it alone meanwhile (ui/startup.h). QtSql hands a connection
// only to the thread that opened it; the list must not need QtSql.
void TestWorkspace::sessionListFromAnotherThread()
{
    auto ws = create();
    QVERIFY(ws);
    newSession(*ws, QStringLiteral("Checkout outage"));
    newSession(*ws, QStringLiteral("決済サービス outage"));
    const auto here = ws->sessions(Workspace::SessionColumns::Listed);
    QVERIFY(here);
    std::optional<Result<QList<Session>>> there;
    std::unique_ptr<QThread> reader(
        QThread::create([&] { there = ws->sessions(Workspace::SessionColumns::Listed); }));
    reader->start();
    QVERIFY(reader->wait(30000));
    QVERIFY(there);
    if (!*there)
        QFAIL(qPrintable(there->error().message));
    QCOMPARE((*there)->size(), here->size());
    for (qsizetype i = 0; i < here->size(); ++i) {
        QCOMPARE((*there)->at(i).id, here->at(i).id);
        QCOMPARE((*there)->at(i).title, here->at(i).title);
    }
    // And the workspace goes on working on its own thread.
    QVERIFY(newSession(*ws, QStringLiteral("After the read")).id != 0);
}

// The list is read at every start: newest date first (no date last), then the last changed,
// then the last created. SQLite reads it from an index in that order (schema version 5) rather
// than reading every whole session and sorting them.
void TestWorkspace::sessionListIsReadInOrderWithoutSorting()
{
    auto ws = create();
    QVERIFY(ws);
    const auto dated = [&](const QString &title, QDate date) {
        Session s;
        s.title = title;
        s.date = date;
        s.summary = QStringLiteral("What happened to ") + title;
        auto created = ws->createSession(s);
        return created ? created->id : Id(0);
    };
    const Id older = dated(QStringLiteral("Older"), QDate(2025, 1, 2));
    const Id undated = dated(QStringLiteral("Undated"), QDate());
    const Id sameDay = dated(QStringLiteral("Same day, created later"), QDate(2025, 1, 2));
    const Id newest = dated(QStringLiteral("Newest"), QDate(2025, 3, 1));
    QVERIFY(older && undated && sameDay && newest);

    // Counted by SQLite for each statement on the workspace's connection as it finishes.
    struct Seen {
        int listReads = 0;
        int sorts = 0;
    } seen;
    const QVariant handle = connectionOf(*ws).driver()->handle();
    QCOMPARE(handle.typeName(), "sqlite3*");
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    sqlite3_trace_v2(
        db, SQLITE_TRACE_PROFILE,
        [](unsigned, void *context, void *statement, void *) {
            auto *stmt = static_cast<sqlite3_stmt *>(statement);
            if (QByteArray(sqlite3_sql(stmt)).contains("FROM session ORDER BY")) {
                auto *s = static_cast<Seen *>(context);
                ++s->listReads;
                s->sorts += sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_SORT, 0);
            }
            return 0;
        },
        &seen);
    const auto list = ws->sessions(Workspace::SessionColumns::Listed);
    sqlite3_trace_v2(db, 0, nullptr, nullptr);
    QVERIFY(list);
    QList<Id> order;
    for (const Session &s : *list)
        order.append(s.id);
    QCOMPARE(order, (QList<Id> {newest, sameDay, older, undated}));
    QCOMPARE(list->first().summary, QStringLiteral("What happened to Newest"));
    QCOMPARE(seen.listReads, 1);
    QCOMPARE(seen.sorts, 0);
}

void TestWorkspace::editIsOnDiskBeforeReturn()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("Alert fires");
    e.time = EventTime::at(utc(10, 15));
    auto added = ws->addEvent(e);
    QVERIFY(added);
    // Another connection sees it at once: it was committed, not cached.
    QCOMPARE(
        onDisk(ws->path(), QStringLiteral("SELECT text FROM event WHERE id = %1").arg(added->id))
            .toString(),
        e.text);
    // A local workspace commits through the write-ahead log (one fsync per edit).
    QVERIFY(!Workspace::isOnNetworkFileSystem(QFileInfo(ws->path()).absolutePath()));
    QCOMPARE(onDisk(ws->path(), QStringLiteral("PRAGMA journal_mode")).toString(),
        QStringLiteral("wal"));
}

// "Saved" means on the disk: each commit waits for its fsync (synchronous = FULL), whether the
// workspace was just created or opened again, in either journal mode. open() sets it only where
// SQLite's own default is not FULL already (see syncsFullByDefault() in workspace.cpp).
void TestWorkspace::commitsAreSyncedInFull()
{
    const auto synchronousOf = [](const Workspace &ws) {
        QSqlQuery q(connectionOf(ws));
        return q.exec(QStringLiteral("PRAGMA synchronous")) && q.next() ? q.value(0).toInt() : -1;
    };
    constexpr int full = 2;
    QString path;
    {
        auto ws = create();
        QVERIFY(ws);
        path = ws->path();
        QCOMPARE(synchronousOf(*ws), full);
    }
    {
        auto ws = Workspace::open(path); // a plain open, in WAL mode
        QVERIFY(ws);
        QCOMPARE(synchronousOf(**ws), full);
    }
    QCOMPARE(setJournalMode(path, QStringLiteral("DELETE")), QStringLiteral("delete"));
    auto ws = Workspace::open(path); // with the rollback journal
    QVERIFY(ws);
    QCOMPARE(synchronousOf(**ws), full);
    QVERIFY(newSession(**ws).id != 0);
}

void TestWorkspace::timelineOrder()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    const QList<QPair<QDateTime, QString>> typed {{utc(10, 30), QStringLiteral("c")},
        {utc(9, 0), QStringLiteral("a")}, {utc(10, 0), QStringLiteral("b")},
        {utc(23, 59, 59), QStringLiteral("d")}};
    for (const auto &[when, text] : typed) {
        TimelineEvent e;
        e.sessionId = s.id;
        e.text = text;
        e.time = EventTime::at(when.toOffsetFromUtc(3600), TimeCertainty::Exact,
            when.time().second() != 0, QStringLiteral("Europe/Berlin"));
        QVERIFY(ws->addEvent(e));
    }
    auto list = ws->events(s.id);
    QVERIFY(list);
    QStringList order;
    for (const auto &e : *list)
        order << e.text;
    QCOMPARE(order,
        (QStringList {
            QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
    // The offset it was given in survives, and the instant is UTC.
    QCOMPARE(list->first().time.offsetSeconds, 3600);
    QCOMPARE(list->first().time.utc, utc(9, 0));
    QCOMPARE(list->first().time.utc.timeSpec(), Qt::UTC);
    QVERIFY(list->last().time.hasSeconds);

    // Editing a time re-sorts.
    TimelineEvent d = list->last();
    d.time = EventTime::at(utc(8, 0), TimeCertainty::Approximate);
    QVERIFY(ws->updateEvent(d));
    list = ws->events(s.id);
    QCOMPARE(list->first().text, QStringLiteral("d"));
    QCOMPARE(list->first().time.certainty, TimeCertainty::Approximate);
}

void TestWorkspace::unknownTimeKeepsItsPlace()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    auto add = [&](const QString &text, const EventTime &t) {
        TimelineEvent e;
        e.sessionId = s.id;
        e.text = text;
        e.time = t;
        return *ws->addEvent(e);
    };
    add(QStringLiteral("09:00"), EventTime::at(utc(9, 0)));
    add(QStringLiteral("10:00"), EventTime::at(utc(10, 0)));
    add(QStringLiteral("unknown-1"), EventTime::unknown());
    add(QStringLiteral("08:00"), EventTime::at(utc(8, 0)));
    add(QStringLiteral("11:00"), EventTime::at(utc(11, 0)));
    add(QStringLiteral("10:00 again"), EventTime::at(utc(10, 0)));
    QStringList order;
    for (const auto &e : *ws->events(s.id))
        order << e.text;
    // The unknown event was added after 10:00 and stays right after it (and after anything
    // else at exactly 10:00 added before it), before 11:00.
    QCOMPARE(order,
        (QStringList {QStringLiteral("08:00"), QStringLiteral("09:00"), QStringLiteral("10:00"),
            QStringLiteral("unknown-1"), QStringLiteral("10:00 again"), QStringLiteral("11:00")}));
    // Losing a time keeps the event where it was.
    TimelineEvent nine = ws->events(s.id)->at(1);
    nine.time = EventTime::unknown();
    QVERIFY(ws->updateEvent(nine));
    QCOMPARE(ws->events(s.id)->at(1).text, QStringLiteral("09:00"));
    QCOMPARE(ws->events(s.id)->at(1).time.certainty, TimeCertainty::Unknown);
}

void TestWorkspace::moveOnlyUnknown()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    QList<TimelineEvent> added;
    for (const auto &[text, t] :
        QList<QPair<QString, EventTime>> {{QStringLiteral("A"), EventTime::at(utc(9, 0))},
            {QStringLiteral("B"), EventTime::at(utc(10, 0))},
            {QStringLiteral("U"), EventTime::unknown()},
            {QStringLiteral("C"), EventTime::at(utc(11, 0))}}) {
        TimelineEvent e;
        e.sessionId = s.id;
        e.text = text;
        e.time = t;
        added.append(*ws->addEvent(e));
    }
    auto texts = [&] {
        QString out;
        for (const auto &e : *ws->events(s.id))
            out += e.text;
        return out;
    };
    QCOMPARE(texts(), QStringLiteral("ABUC"));
    QVERIFY(ws->moveEvent(added[2].id, -1));
    QCOMPARE(texts(), QStringLiteral("AUBC"));
    QVERIFY(ws->moveEvent(added[2].id, -1));
    QCOMPARE(texts(), QStringLiteral("UABC"));
    QVERIFY(ws->moveEvent(added[2].id, -1)); // already first: a no-op, not an error
    QCOMPARE(texts(), QStringLiteral("UABC"));
    QVERIFY(ws->moveEvent(added[2].id, +1));
    QVERIFY(ws->moveEvent(added[2].id, +1));
    QVERIFY(ws->moveEvent(added[2].id, +1));
    QCOMPARE(texts(), QStringLiteral("ABCU"));
    auto known = ws->moveEvent(added[0].id, +1);
    QVERIFY(!known);
    QCOMPARE(known.error().code, ErrorCode::InvalidInput);
    // A later event at C's time goes after U? No: U took C's key with a later seq, and the new
    // event has a later seq still.
    TimelineEvent late;
    late.sessionId = s.id;
    late.text = QStringLiteral("D");
    late.time = EventTime::at(utc(12, 0));
    QVERIFY(ws->addEvent(late));
    QCOMPARE(texts(), QStringLiteral("ABCUD"));
}

void TestWorkspace::whyTreeAndEvidence()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    TimelineEvent ev;
    ev.sessionId = s.id;
    ev.text = QStringLiteral("Certificate expired");
    ev.time = EventTime::at(utc(9, 0));
    const Id eventId = ws->addEvent(ev)->id;

    WhyNode root;
    root.sessionId = s.id;
    root.text = QStringLiteral("Payments failed");
    root = *ws->addWhyNode(root);
    WhyNode why1 {0, s.id, root.id, 0, QStringLiteral("The certificate expired"), false, {eventId}};
    why1 = *ws->addWhyNode(why1);
    WhyNode why2 {0, s.id, why1.id, 0, QStringLiteral("Renewal is manual"), true, {}};
    why2 = *ws->addWhyNode(why2);
    WhyNode sibling {0, s.id, root.id, 0, QStringLiteral("No alert on failed payments"), false, {}};
    sibling = *ws->addWhyNode(sibling);
    QCOMPARE(sibling.position, 1);

    auto nodes = ws->whyNodes(s.id);
    QVERIFY(nodes);
    QStringList order;
    for (const auto &n : *nodes)
        order << n.text;
    // Depth-first, parents before children.
    QCOMPARE(order, (QStringList {root.text, why1.text, why2.text, sibling.text}));
    QCOMPARE(nodes->at(1).evidence, QList<Id> {eventId});
    QVERIFY(nodes->at(2).rootCause);

    // Deleting the cited event drops the citation, not the why.
    QVERIFY(ws->removeEvent(eventId));
    QVERIFY(ws->whyNode(why1.id)->evidence.isEmpty());

    // A parent from another session is refused.
    const Session other = newSession(*ws, QStringLiteral("Other"));
    WhyNode stray {0, other.id, root.id, 0, QStringLiteral("stray"), false, {}};
    QCOMPARE(ws->addWhyNode(stray).error().code, ErrorCode::InvalidInput);
}

void TestWorkspace::removeWhySubtree()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    WhyNode root = *ws->addWhyNode(WhyNode {0, s.id, 0, 0, QStringLiteral("root"), false, {}});
    WhyNode a = *ws->addWhyNode(WhyNode {0, s.id, root.id, 0, QStringLiteral("a"), false, {}});
    WhyNode b = *ws->addWhyNode(WhyNode {0, s.id, a.id, 0, QStringLiteral("b"), true, {}});
    ActionItem act;
    act.sessionId = s.id;
    act.what = QStringLiteral("Fix b");
    act.whyNodes = {b.id};
    act = *ws->addAction(act);
    QSignalSpy spy(ws.get(), &Workspace::changed);
    QVERIFY(ws->removeWhyNode(a.id));
    QCOMPARE(ws->whyNodes(s.id)->size(), 1);
    QVERIFY(ws->action(act.id)->whyNodes.isEmpty());
    int removed = 0;
    for (const auto &args : spy)
        removed += args.at(0).value<Change>().type == Change::Type::Removed ? 1 : 0;
    QCOMPARE(removed, 2);
    QCOMPARE(*ws->check(), QStringList {});
}

void TestWorkspace::actionsAndLinks()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    WhyNode cause = *ws->addWhyNode(WhyNode {0, s.id, 0, 0, QStringLiteral("cause"), true, {}});
    ActionItem a;
    a.sessionId = s.id;
    a.what = QStringLiteral("Automate renewal");
    a.owner = QStringLiteral("Ana");
    a.due = QDate(2026, 4, 1);
    a.status = ActionStatus::InProgress;
    a.priority = ActionPriority::High;
    a.type = ActionType::Prevent;
    a.tracker = QStringLiteral("https://tracker.example/OPS-1");
    a.whyNodes = {cause.id};
    auto added = ws->addAction(a);
    QVERIFY(added);
    a.id = added->id;
    a.position = added->position;
    QCOMPARE(*added, a);
    a.owner.clear();
    QVERIFY(ws->updateAction(a));
    QVERIFY(ws->action(a.id)->isIncomplete());
    ActionItem bad = a;
    bad.id = 0;
    bad.whyNodes = {999999};
    auto refused = ws->addAction(bad);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::InvalidInput);
    QCOMPARE(ws->actions(s.id)->size(), 1); // the failed add left nothing behind
    a.what = QStringLiteral("   ");
    QCOMPARE(ws->updateAction(a).error().code, ErrorCode::InvalidInput);
}

void TestWorkspace::openActionsAcrossSessions()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s1 = newSession(*ws, QStringLiteral("One"));
    const Session s2 = newSession(*ws, QStringLiteral("Two"));
    auto add = [&](Id sid, const QString &what, QDate due, ActionStatus st) {
        ActionItem a;
        a.sessionId = sid;
        a.what = what;
        a.owner = QStringLiteral("Ana");
        a.due = due;
        a.status = st;
        QVERIFY(ws->addAction(a));
    };
    add(s1.id, QStringLiteral("later"), QDate(2026, 6, 1), ActionStatus::Open);
    add(s2.id, QStringLiteral("soon"), QDate(2026, 4, 1), ActionStatus::InProgress);
    add(s2.id, QStringLiteral("undated"), QDate(), ActionStatus::Open);
    add(s1.id, QStringLiteral("finished"), QDate(2026, 1, 1), ActionStatus::Done);
    auto open = ws->openActions();
    QVERIFY(open);
    QStringList order;
    for (const auto &w : *open)
        order << w.action.what + QLatin1Char('@') + w.sessionTitle;
    QCOMPARE(order,
        (QStringList {QStringLiteral("soon@Two"), QStringLiteral("later@One"),
            QStringLiteral("undated@Two")}));
}

void TestWorkspace::premortemData()
{
    auto ws = create();
    QVERIFY(ws);
    Session s;
    s.kind = SessionKind::PreMortem;
    s.title = QStringLiteral("Launch of the new app");
    s.project = QStringLiteral("Mobile app 2.0");
    s.horizon = QDate(2027, 6, 1);
    s.catastrophe = QStringLiteral("It is June 2027. The app has failed spectacularly.");
    s = *ws->createSession(s);
    const Participant ana = *ws->addParticipant(
        Participant {0, s.id, QStringLiteral("Ana"), QStringLiteral("Legal"), {}});
    const Participant bo = *ws->addParticipant(
        Participant {0, s.id, QStringLiteral("Bo"), QStringLiteral("Sales"), {}});
    Round r1 = *ws->addRound(Round {0, s.id, 0, QStringLiteral("Group A"), {ana.id, bo.id}, 300});
    Round r2 = *ws->addRound(Round {0, s.id, 0, QStringLiteral("Group B"), {bo.id}, 240});
    QCOMPARE(r1.number, 1);
    QCOMPARE(r2.number, 2);
    Theme t = *ws->addTheme(Theme {0, s.id, QStringLiteral("Store rejection"), -1, 0, 0});
    Idea i1 = *ws->addIdea(
        Idea {0, s.id, r1.id, QStringLiteral("Apple rejects the app"), ana.id, 0, false, 0});
    Idea i2 = *ws->addIdea(
        Idea {0, s.id, r2.id, QStringLiteral("App store review fails"), 0, 0, false, 0});
    i1.themeId = t.id;
    i1.revealed = true;
    QVERIFY(ws->updateIdea(i1));
    i2.themeId = t.id;
    QVERIFY(ws->updateIdea(i2));
    QVERIFY(ws->setVote(Vote {s.id, t.id, ana.id, 2}));
    QVERIFY(ws->setVote(Vote {s.id, t.id, ana.id, 3})); // replaces, does not add
    QVERIFY(ws->setVote(Vote {s.id, t.id, bo.id, 1}));
    t.likelihood = 3;
    t.impact = 5;
    QVERIFY(ws->updateTheme(t));
    Theme badScore = t;
    badScore.likelihood = 11;
    QCOMPARE(ws->updateTheme(badScore).error().code, ErrorCode::InvalidInput);
    QCOMPARE(ws->setVote(Vote {s.id, t.id, ana.id, -1}).error().code, ErrorCode::InvalidInput);

    auto snap = ws->snapshot(s.id);
    QVERIFY(snap);
    QCOMPARE(snap->rounds.size(), 2);
    QCOMPARE(snap->rounds[0].members, (QList<Id> {ana.id, bo.id}));
    QCOMPARE(snap->ideas.size(), 2);
    QCOMPARE(snap->ideas[0].themeId, t.id);
    QVERIFY(snap->ideas[0].revealed);
    QCOMPARE(snap->ideas[1].authorId, Id(0));
    QCOMPARE(snap->votes.size(), 2);
    QCOMPARE(snap->votes[0].dots + snap->votes[1].dots, 4);
    QCOMPARE(snap->themes[0].score(), 15);
    QVERIFY(ws->setVote(Vote {s.id, t.id, bo.id, 0}));
    QCOMPARE(ws->votes(s.id)->size(), 1);
    // Removing a person keeps their idea, anonymous now.
    QVERIFY(ws->removeParticipant(ana.id));
    QCOMPARE(ws->ideas(s.id)->at(0).authorId, Id(0));
    QCOMPARE(*ws->check(), QStringList {});
}

void TestWorkspace::snapshotImportRoundTrip()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    const Participant p = *ws->addParticipant(
        Participant {0, s.id, QStringLiteral("Ana"), QStringLiteral("SRE"), QStringLiteral("IC")});
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("Paged");
    e.kind = EventKind::Detection;
    e.reporterId = p.id;
    e.time = EventTime::at(utc(10, 0), TimeCertainty::Approximate, false, QStringLiteral("PST"));
    e = *ws->addEvent(e);
    TimelineEvent u;
    u.sessionId = s.id;
    u.text = QStringLiteral("Somebody restarted it");
    u = *ws->addEvent(u);
    const WhyNode root =
        *ws->addWhyNode(WhyNode {0, s.id, 0, 0, QStringLiteral("root"), false, {e.id}});
    const WhyNode child =
        *ws->addWhyNode(WhyNode {0, s.id, root.id, 0, QStringLiteral("child"), true, {u.id, e.id}});
    ActionItem a;
    a.sessionId = s.id;
    a.what = QStringLiteral("Do it");
    a.whyNodes = {child.id};
    QVERIFY(ws->addAction(a));

    auto original = ws->snapshot(s.id);
    QVERIFY(original);
    auto imported = ws->importSnapshot(*original);
    QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    auto copy = ws->snapshot(imported->id);
    QVERIFY(copy);
    QVERIFY(copy->session.id != original->session.id);
    QCOMPARE(copy->events.size(), 2);
    QCOMPARE(copy->events[0].text, QStringLiteral("Paged"));
    QCOMPARE(copy->events[0].time, original->events[0].time);
    QCOMPARE(copy->reporterName(copy->events[0]), QStringLiteral("Ana"));
    QCOMPARE(copy->whyNodes.size(), 2);
    QCOMPARE(copy->whyNodes[1].evidence.size(), 2);
    QCOMPARE(copy->whyNodes[1].evidence[0], copy->events[1].id);
    QCOMPARE(copy->actions[0].whyNodes, QList<Id> {copy->whyNodes[1].id});
    QCOMPARE(*ws->check(), QStringList {});
}

void TestWorkspace::changesAnnouncedAfterCommit()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    QSignalSpy spy(ws.get(), &Workspace::changed);
    const QString path = ws->path();
    Id seenOnDisk = -1;
    connect(ws.get(), &Workspace::changed, this, [&](const Change &c) {
        if (c.entity == Change::Entity::Event)
            seenOnDisk =
                onDisk(path, QStringLiteral("SELECT count(*) FROM event WHERE id = %1").arg(c.id))
                    .toLongLong();
    });
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("x");
    e = *ws->addEvent(e);
    QCOMPARE(spy.size(), 1);
    const Change c = spy.at(0).at(0).value<Change>();
    QCOMPARE(c.entity, Change::Entity::Event);
    QCOMPARE(c.type, Change::Type::Inserted);
    QCOMPARE(c.id, e.id);
    QCOMPARE(c.sessionId, s.id);
    QCOMPARE(seenOnDisk, Id(1)); // listeners hear of it only once it is on disk
}

void TestWorkspace::failedEditAnnouncesNothing()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    QSignalSpy spy(ws.get(), &Workspace::changed);
    TimelineEvent e;
    e.sessionId = s.id + 1000; // no such session: the foreign key refuses it
    e.text = QStringLiteral("orphan");
    auto r = ws->addEvent(e);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::InvalidInput);
    QCOMPARE(spy.size(), 0);
    QCOMPARE(onDisk(ws->path(), QStringLiteral("SELECT count(*) FROM event")).toInt(), 0);
}

void TestWorkspace::removalsAnnounceWhatTheyChange()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    const Participant ana =
        *ws->addParticipant(Participant {0, s.id, QStringLiteral("Ana"), {}, {}});
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("paged");
    e.reporterId = ana.id;
    e = *ws->addEvent(e);
    const WhyNode why =
        *ws->addWhyNode(WhyNode {0, s.id, 0, 0, QStringLiteral("why"), false, {e.id}});
    ActionItem a;
    a.sessionId = s.id;
    a.what = QStringLiteral("fix");
    a.whyNodes = {why.id};
    a = *ws->addAction(a);

    QSignalSpy spy(ws.get(), &Workspace::changed);
    auto announced = [&] {
        QStringList out;
        for (const auto &args : spy) {
            const Change c = args.at(0).value<Change>();
            out << QStringLiteral("%1:%2:%3").arg(int(c.entity)).arg(int(c.type)).arg(c.id);
        }
        spy.clear();
        return out;
    };
    auto key = [](Change::Entity en, Change::Type t, Id id) {
        return QStringLiteral("%1:%2:%3").arg(int(en)).arg(int(t)).arg(id);
    };
    QVERIFY(ws->removeParticipant(ana.id));
    QCOMPARE(announced(),
        (QStringList {key(Change::Entity::Participant, Change::Type::Removed, ana.id),
            key(Change::Entity::Event, Change::Type::Updated, e.id)}));
    QCOMPARE(ws->event(e.id)->reporterId, Id(0));
    QVERIFY(ws->removeEvent(e.id));
    QCOMPARE(announced(),
        (QStringList {key(Change::Entity::Event, Change::Type::Removed, e.id),
            key(Change::Entity::WhyNode, Change::Type::Updated, why.id)}));
    QVERIFY(ws->removeWhyNode(why.id));
    QCOMPARE(announced(),
        (QStringList {key(Change::Entity::WhyNode, Change::Type::Removed, why.id),
            key(Change::Entity::Action, Change::Type::Updated, a.id)}));
    QVERIFY(ws->action(a.id)->whyNodes.isEmpty());
}

void TestWorkspace::search()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws, QStringLiteral("Café checkout outage"));
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("Certificate for payments.example expired");
    e = *ws->addEvent(e);
    auto hits = ws->search(QStringLiteral("cafe"));
    QVERIFY(hits);
    QCOMPARE(hits->size(), 1);
    QCOMPARE(hits->first().source, QStringLiteral("session"));
    hits = ws->search(QStringLiteral("certif"));
    QCOMPARE(hits->size(), 1);
    QCOMPARE(hits->first().sourceId, e.id);
    QCOMPARE(hits->first().sessionId, s.id);
    // FTS syntax typed by a user is taken literally, never an error.
    for (const QString &hostile : {QStringLiteral("\"unbalanced"), QStringLiteral("NOT AND OR"),
             QStringLiteral("*"), QStringLiteral("title:x"),
             QStringLiteral("'; DROP TABLE event; --"), QStringLiteral("(")}) {
        auto r = ws->search(hostile);
        QVERIFY2(r, qPrintable(hostile));
    }
    QCOMPARE(ws->events(s.id)->size(), 1);
    // Edits keep the index current.
    e.text = QStringLiteral("Gateway restarted");
    QVERIFY(ws->updateEvent(e));
    QCOMPARE(ws->search(QStringLiteral("certificate"))->size(), 0);
    QCOMPARE(ws->search(QStringLiteral("gateway"))->size(), 1);
    QVERIFY(ws->removeSession(s.id));
    QCOMPARE(ws->search(QStringLiteral("gateway"))->size(), 0);
}

void TestWorkspace::departments()
{
    auto ws = create();
    QVERIFY(ws);
    const Session a = newSession(*ws, QStringLiteral("A"));
    const Session b = newSession(*ws, QStringLiteral("B"));
    QVERIFY(ws->addParticipant(
        Participant {0, a.id, QStringLiteral("Ana"), QStringLiteral("SRE"), {}}));
    QVERIFY(ws->addParticipant(
        Participant {0, a.id, QStringLiteral("Bo"), QStringLiteral("legal"), {}}));
    QVERIFY(
        ws->addParticipant(Participant {0, b.id, QStringLiteral("Cy"), QStringLiteral("SRE"), {}}));
    QVERIFY(ws->addParticipant(Participant {0, b.id, QStringLiteral("Di"), QString(), {}}));
    QCOMPARE(*ws->departments(), (QStringList {QStringLiteral("legal"), QStringLiteral("SRE")}));
    // The list is kept between reads (the query sorts every participant), but never stale:
    // an edit here or a commit by another process is seen by the next read.
    QVERIFY(ws->addParticipant(
        Participant {0, b.id, QStringLiteral("Ed"), QStringLiteral("Finance"), {}}));
    QCOMPARE(*ws->departments(),
        (QStringList {QStringLiteral("Finance"), QStringLiteral("legal"), QStringLiteral("SRE")}));
    auto other = Workspace::open(ws->path());
    QVERIFY(other);
    QVERIFY((*other)->addParticipant(
        Participant {0, a.id, QStringLiteral("Flo"), QStringLiteral("Billing"), {}}));
    QCOMPARE(*ws->departments(),
        (QStringList {QStringLiteral("Billing"), QStringLiteral("Finance"), QStringLiteral("legal"),
            QStringLiteral("SRE")}));
    QVERIFY((*other)->removeSession(a.id));
    QCOMPARE(*ws->departments(), (QStringList {QStringLiteral("Finance"), QStringLiteral("SRE")}));
    QList<Id> sre = *ws->sessionsWithDepartment(QStringLiteral("sre"));
    std::sort(sre.begin(), sre.end());
    QCOMPARE(sre, (QList<Id> {b.id}));
    QVERIFY(ws->sessionsWithDepartment(QStringLiteral("Legal"))->isEmpty());
    QVERIFY(ws->sessionsWithDepartment(QStringLiteral("Payroll"))->isEmpty());
}

void TestWorkspace::hostileTextIsStoredVerbatim()
{
    auto ws = create();
    QVERIFY(ws);
    const QString hostile = QStringLiteral(
        "'); DROP TABLE session; -- | <script>x</script> \u202E\u200B 🔥 # `x`\nnext");
    const Session s = newSession(*ws, hostile);
    QCOMPARE(ws->session(s.id)->title, hostile.trimmed());
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QString(1024 * 1024, QLatin1Char('x')) + hostile;
    e = *ws->addEvent(e);
    QCOMPARE(ws->event(e.id)->text, e.text);
    QCOMPARE(ws->sessions()->size(), 1);
}

void TestWorkspace::badFiles_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("code");
    QTest::newRow("zero bytes") << QByteArray() << int(ErrorCode::NotWorkspace);
    QTest::newRow("text file") << QByteArray("# my notes\nnot a database\n")
                               << int(ErrorCode::NotSqlite);
    QTest::newRow("garbage") << QByteArray(4096, '\xAB') << int(ErrorCode::NotSqlite);
    QTest::newRow("truncated header")
        << QByteArray("SQLite format 3\0\x10\x00", 18) << int(ErrorCode::Corrupt);
}

void TestWorkspace::badFiles()
{
    QFETCH(QByteArray, content);
    QFETCH(int, code);
    const QString path = m_dir->filePath(QStringLiteral("bad.hindsight"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    QCOMPARE(int(ws.error().code), code);
    QVERIFY(!ws.error().message.isEmpty());
    QVERIFY2(ws.error().message.contains(path), qPrintable(ws.error().message));
    QCOMPARE(fileHash(path), before);
    QCOMPARE(QFileInfo(path).size(), content.size());

    // A folder given as the file.
    auto dir = Workspace::open(m_dir->path(), OpenOptions {.create = true});
    QVERIFY(!dir);
    QCOMPARE(dir.error().code, ErrorCode::NotSqlite);
}

void TestWorkspace::newerSchemaIsRefusedUntouched()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    {
        auto ws = create();
        QVERIFY(ws);
        newSession(*ws);
    }
    {
        QSqlDatabase d =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
        d.setDatabaseName(path);
        QVERIFY(d.open());
        QSqlQuery q(d);
        QVERIFY(
            q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Workspace::kSchemaVersion + 1)));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bump"));
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    QCOMPARE(ws.error().code, ErrorCode::NewerSchema);
    QVERIFY(ws.error().message.contains(QStringLiteral("newer version")));
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::foreignSqliteIsRefused()
{
    const QString path = m_dir->filePath(QStringLiteral("other.db"));
    {
        QSqlDatabase d =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        d.setDatabaseName(path);
        QVERIFY(d.open());
        QSqlQuery q(d);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE contacts (name TEXT)")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path, OpenOptions {.create = true});
    QVERIFY(!ws);
    QCOMPARE(ws.error().code, ErrorCode::NotWorkspace);
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::corruptFileIsRefused()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    {
        auto ws = create();
        QVERIFY(ws);
        const Session s = newSession(*ws);
        QVERIFY(addEvents(*ws, s.id, 300));
    }
    {
        // Scribble over the middle of the file, keeping the header intact.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 8192);
        f.seek(4096 + 100);
        f.write(QByteArray(size - 8192, '\x5A'));
    }
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    QCOMPARE(ws.error().code, ErrorCode::Corrupt);
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::backgroundCheckFindsDamage()
{
    // The app opens without the whole-file check and runs it on a thread once its window is
    // up: a healthy file passes, a damaged one turns the workspace read-only, untouched.
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    Id sessionId = 0;
    {
        auto ws = create();
        QVERIFY(ws);
        sessionId = newSession(*ws).id;
        QVERIFY(addEvents(*ws, sessionId, 300));
    }
    {
        auto ws = Workspace::open(path, OpenOptions {.checkIntegrity = false});
        QVERIFY(ws);
        QSignalSpy checked(ws->get(), &Workspace::integrityChecked);
        (*ws)->checkIntegrityInBackground();
        QVERIFY(checked.wait(10000));
        QCOMPARE(checked.first().at(0).toStringList(), QStringList());
        QVERIFY(!(*ws)->isDamaged());
    }
    {
        // Damage the middle of the file: the event table's pages, not the schema on page 1.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        f.seek(size / 2);
        f.write(QByteArray(8192, '\x5A'));
    }
    const QByteArray before = fileHash(path);
    {
        auto ws = Workspace::open(path, OpenOptions {.checkIntegrity = false});
        QVERIFY2(ws, "without the check, open only reads the header and the schema");
        QSignalSpy checked(ws->get(), &Workspace::integrityChecked);
        (*ws)->checkIntegrityInBackground();
        QVERIFY(checked.wait(10000));
        QVERIFY(!checked.first().at(0).toStringList().isEmpty());
        QCOMPARE(checked.first().at(1).value<Error>().code, ErrorCode::Corrupt);
        QVERIFY((*ws)->isDamaged());
        Session s;
        s.title = QStringLiteral("must not be written");
        auto refused = (*ws)->createSession(s);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Corrupt);
    }
    QCOMPARE(fileHash(path), before);
    // The full check at open refuses it outright.
    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    QCOMPARE(ws.error().code, ErrorCode::Corrupt);
}

void TestWorkspace::damagedRowsAreAnErrorNotAShortList()
{
    // Lists are read row by row with SQLite's API (Workspace::select). A page that turns out
    // damaged halfway must fail the whole read: a timeline quietly missing its second half
    // would be exported as if complete.
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    Id sessionId = 0;
    {
        auto ws = create();
        QVERIFY(ws);
        sessionId = newSession(*ws).id;
        QVERIFY(addEvents(*ws, sessionId, 600));
        auto all = ws->events(sessionId);
        QVERIFY(all);
        QCOMPARE(all->size(), 600);
    }
    // Damage one leaf page of the event table in the middle: the open itself and the first
    // rows must still read fine. dbstat (compiled into Debian's SQLite) says where it is.
    qint64 pageSize = 0;
    qint64 page = 0;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("pages"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        pageSize = q.value(0).toLongLong();
        QVERIFY2(q.exec(QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'event' AND "
                                       "pagetype = 'leaf' ORDER BY pageno")),
            qPrintable(q.lastError().text()));
        QList<qint64> leaves;
        while (q.next())
            leaves.append(q.value(0).toLongLong());
        QVERIFY(leaves.size() > 4);
        page = leaves.at(leaves.size() / 2);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("pages"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek((page - 1) * pageSize);
        f.write(QByteArray(pageSize, '\x5A'));
    }
    auto ws = Workspace::open(path, OpenOptions {.readOnly = true, .checkIntegrity = false});
    QVERIFY2(ws, ws ? "" : qPrintable(ws.error().message));
    auto events = (*ws)->events(sessionId);
    QVERIFY2(!events,
        qPrintable(QStringLiteral("read %1 of 600 events without an error")
                       .arg(events ? events->size() : 0)));
    QCOMPARE(events.error().code, ErrorCode::Corrupt);
    auto snapshot = (*ws)->snapshot(sessionId);
    QVERIFY(!snapshot);
    QCOMPARE(snapshot.error().code, ErrorCode::Corrupt);
}

void TestWorkspace::readOnlyOptionRefusesWrites()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    {
        auto ws = create();
        QVERIFY(ws);
        newSession(*ws);
    }
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path, OpenOptions {.readOnly = true});
    QVERIFY(ws);
    QVERIFY((*ws)->isReadOnly());
    Session s = (*ws)->sessions()->first();
    s.title = QStringLiteral("changed");
    auto r = (*ws)->updateSession(s);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::ReadOnly);
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::readOnlyFileOpensReadOnly()
{
    if (::geteuid() == 0) {
        // File permissions do not stop root (and CI runs as root): run this test function
        // again in a child process as "nobody" (setpriv, util-linux), and require its pass.
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("running as root without setpriv: file permissions do not stop root");
        QProcess child;
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(setpriv,
            {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                QStringLiteral("--clear-groups"), QStringLiteral("--"),
                QCoreApplication::applicationFilePath(),
                QStringLiteral("readOnlyFileOpensReadOnly")});
        QVERIFY(child.waitForFinished(60000));
        const QByteArray output = child.readAll();
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
            output.constData());
        QVERIFY2(output.contains("PASS   : TestWorkspace::readOnlyFileOpensReadOnly()"),
            output.constData());
        return;
    }
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    {
        auto ws = create();
        QVERIFY(ws);
        newSession(*ws);
    }
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner));
    const QByteArray before = fileHash(path);
    auto ws = Workspace::open(path);
    QVERIFY(ws);
    QVERIFY((*ws)->isReadOnly());
    QCOMPARE((*ws)->sessions()->size(), 1);
    Session s = (*ws)->sessions()->first();
    s.title = QStringLiteral("changed");
    QCOMPARE((*ws)->updateSession(s).error().code, ErrorCode::ReadOnly);
    QCOMPARE(fileHash(path), before);
}

void TestWorkspace::lockedWorkspace()
{
    const QString path = m_dir->filePath(QStringLiteral("w.hindsight"));
    auto ws = Workspace::open(
        path, OpenOptions {.create = true, .readOnly = false, .busyTimeoutMs = 200});
    QVERIFY(ws);
    const Session s = newSession(**ws);
    // Another process holds the write lock for longer than our busy timeout.
    QProcess holder;
    holder.start(QStringLiteral("sqlite3"), {path});
    QVERIFY(holder.waitForStarted());
    holder.write("BEGIN EXCLUSIVE;\nINSERT INTO session (kind, title, created_ms, updated_ms) "
                 "VALUES ('postmortem', 'held', 0, 0);\n"
                 "SELECT 'locked';\n");
    QVERIFY(holder.waitForReadyRead(5000));
    QCOMPARE(holder.readAll().trimmed(), QByteArray("locked"));
    TimelineEvent e;
    e.sessionId = s.id;
    e.text = QStringLiteral("blocked edit");
    auto r = (*ws)->addEvent(e);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::Locked);
    QVERIFY(r.error().message.contains(QStringLiteral("another program")));
    holder.write("ROLLBACK;\n.quit\n");
    QVERIFY(holder.waitForFinished(5000));
    // Once released, the same edit goes through.
    QVERIFY((*ws)->addEvent(e));
    QCOMPARE((*ws)->events(s.id)->size(), 1);
}

void TestWorkspace::diskFull()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    TimelineEvent small;
    small.sessionId = s.id;
    small.text = QStringLiteral("before the disk filled up");
    QVERIFY(ws->addEvent(small));
    // Simulate a full disk: cap the file at its current size.
    const qint64 pages = onDisk(ws->path(), QStringLiteral("PRAGMA page_count")).toLongLong();
    QVERIFY(pages > 0);
    // max_page_count is per connection: set it on the workspace's own.
    const QStringList names = QSqlDatabase::connectionNames();
    bool set = false;
    for (const QString &name : names) {
        QSqlDatabase d = QSqlDatabase::database(name, false);
        if (d.databaseName() == ws->path()) {
            QSqlQuery q(d);
            set = q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
        }
    }
    QVERIFY(set);
    TimelineEvent big;
    big.sessionId = s.id;
    big.text = QString(256 * 1024, QLatin1Char('y'));
    QSignalSpy spy(ws.get(), &Workspace::changed);
    auto r = ws->addEvent(big);
    QVERIFY(!r);
    QCOMPARE(r.error().code, ErrorCode::DiskFull);
    QCOMPARE(spy.size(), 0);
    QCOMPARE(ws->events(s.id)->size(), 1);
    QCOMPARE(*ws->check(), QStringList {});
}

// The journal mode is stored in the file. Only creating or upgrading a workspace chooses it;
// a plain open (of a workspace once on a network share, say) must not write to the file.
void TestWorkspace::plainOpenKeepsTheJournalMode()
{
    QString path;
    {
        auto ws = create();
        QVERIFY(ws);
        newSession(*ws);
        path = ws->path();
    }
    QCOMPARE(setJournalMode(path, QStringLiteral("DELETE")), QStringLiteral("delete"));
    const QByteArray before = fileHash(path);
    {
        auto ws = Workspace::open(path);
        QVERIFY(ws);
        auto list = (*ws)->sessions();
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
    }
    QCOMPARE(fileHash(path), before);
    QCOMPARE(
        onDisk(path, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("delete"));
}

// Edits wait in the write-ahead log until a checkpoint; the app runs one on its timer, outside
// any edit. After it, the file alone (as a backup tool copying it would see it) holds them.
void TestWorkspace::idleCheckpointPutsEditsInTheFile()
{
    auto ws = create();
    QVERIFY(ws);
    const Session s = newSession(*ws);
    for (int i = 0; i < 50; ++i) {
        TimelineEvent e;
        e.sessionId = s.id;
        e.text = QStringLiteral("event %1").arg(i);
        QVERIFY(ws->addEvent(e));
    }
    auto eventsInFileAlone = [&](const QString &copyName) {
        const QString copy = m_dir->filePath(copyName);
        QFile::remove(copy);
        if (!QFile::copy(ws->path(), copy))
            return -1;
        return onDisk(copy, QStringLiteral("SELECT count(*) FROM event")).toInt();
    };
    QVERIFY(QFileInfo(ws->path() + QStringLiteral("-wal")).size() > 0);
    QVERIFY2(eventsInFileAlone(QStringLiteral("before.hindsight")) < 50,
        "the edits were copied into the file before any checkpoint");
    ws->checkpointInIdleTime();
    QCOMPARE(eventsInFileAlone(QStringLiteral("after.hindsight")), 50);
}

void TestWorkspace::migrationFromVersion1()
{
    const QString fixture = QStringLiteral(HINDSIGHT_TEST_DATA "/workspace-v1.hindsight");
    const QString path = m_dir->filePath(QStringLiteral("old.hindsight"));
    QVERIFY(QFile::copy(fixture, path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray original = fileHash(path);
    QCOMPARE(onDisk(path, QStringLiteral("PRAGMA user_version")).toInt(), 1);

    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws ? QString() : ws.error().message));
    QCOMPARE(
        onDisk(path, QStringLiteral("PRAGMA user_version")).toInt(), Workspace::kSchemaVersion);
    // The upgrade also moves a local workspace to the write-ahead log.
    QCOMPARE(onDisk(path, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    // The backup is the file exactly as it was, content-wise.
    const QString backup = (*ws)->upgradeBackupPath();
    QVERIFY(QFile::exists(backup));
    QCOMPARE(onDisk(backup, QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(onDisk(backup, QStringLiteral("SELECT group_concat(text, '|') FROM event")).toString(),
        QStringLiteral("Card payments start failing|Support notices a spike in tickets|Someone "
                       "restarts the gateway"));
    Q_UNUSED(original);

    auto snap = (*ws)->snapshot(1);
    QVERIFY(snap);
    QCOMPARE(snap->session.title, QStringLiteral("Checkout outage (v1 file)"));
    QCOMPARE(snap->events.size(), 3);
    QCOMPARE(snap->events[1].time.certainty, TimeCertainty::Approximate);
    QCOMPARE(snap->events[2].time.certainty, TimeCertainty::Unknown);
    QCOMPARE(snap->reporterName(snap->events[0]), QStringLiteral("Björn"));
    QCOMPARE(snap->whyNodes.size(), 3);
    QVERIFY(snap->whyNodes[2].rootCause);
    QCOMPARE(snap->actions.first().whyNodes, QList<Id> {3});
    // Version 2's search index covers what version 1 held.
    auto hits = (*ws)->search(QStringLiteral("gateway"));
    QVERIFY(hits);
    QStringList sources;
    for (const SearchHit &h : *hits)
        sources << h.source;
    sources.sort();
    QCOMPARE(sources, (QStringList {QStringLiteral("event"), QStringLiteral("why")}));
    QCOMPARE(*(*ws)->check(), QStringList {});
}

void TestWorkspace::externalChangesAreNoticed()
{
    const QString path = m_dir->filePath(QStringLiteral("shared.hindsight"));
    auto a = Workspace::open(path, OpenOptions {.create = true});
    QVERIFY(a);
    auto b = Workspace::open(path);
    QVERIFY(b);
    QVERIFY(!(*a)->hasExternalChanges());
    const Session s = newSession(**b);
    QVERIFY((*a)->hasExternalChanges());
    QVERIFY(!(*a)->hasExternalChanges());
    QCOMPARE((*a)->session(s.id)->title, s.title);
    // Own edits are not "external".
    newSession(**a, QStringLiteral("mine"));
    QVERIFY(!(*a)->hasExternalChanges());
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
