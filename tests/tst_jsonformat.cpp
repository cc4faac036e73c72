#include "jsonformat.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <limits>

using namespace hindsight;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(hindsight::SessionSnapshot)

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

// An instant given in a fixed offset, as the timeline parser produces it.
QDateTime inOffset(int y, int mo, int d, int h, int mi, int offsetSeconds)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::OffsetFromUTC, offsetSeconds);
}

TimelineEvent event(
    Id id, const EventTime &time, EventKind kind, const QString &text, qint64 sortKey, qint64 seq)
{
    TimelineEvent e;
    e.id = id;
    e.time = time;
    e.kind = kind;
    e.text = text;
    e.sortKey = sortKey;
    e.seq = seq;
    return e;
}

WhyNode why(Id id, Id parent, int position, const QString &text, bool rootCause = false,
    const QList<Id> &evidence = {})
{
    WhyNode n;
    n.id = id;
    n.parentId = parent;
    n.position = position;
    n.text = text;
    n.rootCause = rootCause;
    n.evidence = evidence;
    return n;
}

// Children carry the session's id, as storage hands them out.
void adopt(SessionSnapshot &s)
{
    const Id sid = s.session.id;
    for (auto &x : s.participants)
        x.sessionId = sid;
    for (auto &x : s.events)
        x.sessionId = sid;
    for (auto &x : s.whyNodes)
        x.sessionId = sid;
    for (auto &x : s.actions)
        x.sessionId = sid;
    for (auto &x : s.rounds)
        x.sessionId = sid;
    for (auto &x : s.ideas)
        x.sessionId = sid;
    for (auto &x : s.themes)
        x.sessionId = sid;
    for (auto &x : s.votes)
        x.sessionId = sid;
}

// The golden post-mortem (tests/data/json/example-postmortem.json).
SessionSnapshot postmortem()
{
    SessionSnapshot s;
    Session &m = s.session;
    m.id = 7;
    m.kind = SessionKind::PostMortem;
    m.title = u"Checkout outage after the payment gateway certificate expired"_s;
    m.status = SessionStatus::InReview;
    m.date = QDate(2024, 3, 5);
    m.severity = u"SEV-2"_s;
    m.summary = u"Card payments failed for 47 minutes.\nPayPal kept working."_s;
    m.impact = u"About 1,900 failed checkouts; support queue doubled."_s;
    m.facilitator = u"Dana Okafor"_s;
    m.timeZone = u"Europe/Berlin"_s;
    m.lessons = u"Certificates need an owner and an alert, not a calendar entry."_s;
    m.primeDirective = defaultPrimeDirective();
    m.created = utc(2024, 3, 6, 9, 0);
    m.updated = utc(2024, 3, 6, 11, 42, 17, 250);

    s.participants = {
        {1, 0, u"Dana Okafor"_s, u"SRE"_s, u"facilitator"_s},
        {2, 0, u"Jörg Weiß"_s, u"Payments"_s, u"on-call engineer"_s},
        {3, 0, u"Priya Raman"_s, u"Support"_s, {}},
    };

    s.events = {
        event(10, EventTime::at(utc(2024, 3, 5, 13, 58, 2), TimeCertainty::Exact, true),
            EventKind::ImpactStart, u"First TLS handshake failures to the gateway"_s, 1709647082000,
            0),
        event(11,
            EventTime::at(
                inOffset(2024, 3, 5, 15, 5, 3600), TimeCertainty::Exact, false, u"Europe/Berlin"_s),
            EventKind::Detection, u"Alert \"checkout error rate > 5%\" fires"_s, 1709647500000, 0),
        event(12, EventTime::unknown(), EventKind::Communication,
            u"Support sees the first customer tickets"_s, 1709647500000, 1),
        event(13,
            EventTime::at(inOffset(2024, 3, 5, 6, 15, -8 * 3600), TimeCertainty::Approximate, false,
                u"PST"_s),
            EventKind::Diagnosis, u"Gateway vendor confirms the certificate expired"_s,
            1709648100000, 0),
        event(14, EventTime::at(utc(2024, 3, 5, 14, 40, 9, 512), TimeCertainty::Exact, true),
            EventKind::Mitigation, u"New certificate deployed"_s, 1709649609512, 0),
        event(15, EventTime::at(utc(2024, 3, 5, 14, 45), TimeCertainty::Exact),
            EventKind::Resolution, u"Error rate back to baseline"_s, 1709649900000, 0),
    };
    s.events[0].reporterId = 2;
    s.events[0].source = u"monitoring"_s;
    s.events[0].starred = true;
    s.events[1].reporterId = 1;
    s.events[1].source = u"chat"_s;
    s.events[2].reporterText = u"Support lead"_s;
    s.events[2].source = u"memory"_s;
    s.events[3].reporterId = 2;
    s.events[4].reporterId = 2;
    s.events[4].starred = true;

    s.whyNodes = {
        why(20, 0, 0, u"Card payments failed"_s, false, {10, 13}),
        why(21, 20, 0, u"The gateway certificate expired"_s, false, {13}),
        why(22, 21, 0, u"Renewal was a calendar reminder for someone who had left"_s, true),
        why(23, 20, 1, u"It took 20 minutes to notice"_s, false, {11}),
        why(24, 23, 0, u"No alert on certificate expiry"_s, true),
    };

    ActionItem a1;
    a1.id = 30;
    a1.what = u"Alert 21 days before any certificate expires"_s;
    a1.owner = u"Dana Okafor"_s;
    a1.due = QDate(2024, 3, 20);
    a1.status = ActionStatus::InProgress;
    a1.priority = ActionPriority::High;
    a1.type = ActionType::Prevent;
    a1.tracker = u"OPS-1234"_s;
    a1.whyNodes = {24, 22};
    a1.position = 0;
    ActionItem a2;
    a2.id = 31;
    a2.what = u"Give every certificate an owning team"_s;
    a2.status = ActionStatus::Open;
    a2.priority = ActionPriority::Medium;
    a2.type = ActionType::Process;
    a2.tracker = u"https://tracker.example.com/browse/OPS-1235"_s;
    a2.whyNodes = {22};
    a2.position = 1;
    s.actions = {a1, a2};

    adopt(s);
    return s;
}

// The golden pre-mortem (tests/data/json/example-premortem.json).
SessionSnapshot premortem()
{
    SessionSnapshot s;
    Session &m = s.session;
    m.id = 3;
    m.kind = SessionKind::PreMortem;
    m.title = u"Data-centre migration: what made it fail?"_s;
    m.status = SessionStatus::Draft;
    m.date = QDate(2025, 1, 14);
    m.facilitator = u"Lee Chen"_s;
    m.primeDirective = defaultPrimeDirective();
    m.project = u"Move the billing stack to the new region"_s;
    m.horizon = QDate(2025, 6, 30);
    m.catastrophe = u"It is July. Billing ran twice for every customer in May."_s;
    m.created = utc(2025, 1, 14, 8, 0);
    m.updated = utc(2025, 1, 14, 10, 30);

    s.participants = {
        {1, 0, u"Lee Chen"_s, u"Platform"_s, u"facilitator"_s},
        {2, 0, u"Sam Diallo"_s, u"Finance"_s, {}},
        {3, 0, u"Ana Costa"_s, u"Billing"_s, u"tech lead"_s},
        {4, 0, u"Mika Virtanen"_s, u"Support"_s, {}},
    };

    s.rounds = {
        {1, 0, 1, u"Blue"_s, {1, 2}, 300},
        {2, 0, 2, u"Green"_s, {3, 4}, 420},
    };

    s.themes = {
        {5, 0, u"Cron jobs run in both regions"_s, 3, 5, 0},
        {6, 0, u"Nobody owns the cut-over checklist"_s, 6, 3, 1},
        {7, 0, u"Finance learns of it from customers"_s, -1, 0, 2},
    };

    s.ideas = {
        {1, 0, 1, u"The old scheduler was never switched off"_s, 2, 5, true, 0},
        {2, 0, 1, u"Two teams each thought the other did the DNS switch"_s, 0, 6, true, 1},
        {3, 0, 2, u"Duplicate invoices went out before anyone looked"_s, 3, 7, true, 0},
        {4, 0, 2, u"Rollback plan untested"_s, 4, 0, false, 1},
    };

    s.votes = {
        {0, 5, 1, 3},
        {0, 5, 3, 2},
        {0, 6, 2, 1},
        {0, 7, 4, 0},
    };

    ActionItem a;
    a.id = 8;
    a.what = u"Disable the old scheduler as the first cut-over step"_s;
    a.owner = u"Ana Costa"_s;
    a.due = QDate(2025, 2, 1);
    a.priority = ActionPriority::Critical;
    a.type = ActionType::Mitigate;
    a.themes = {5};
    s.actions = {a};

    adopt(s);
    return s;
}

// Everything awkward at once: non-ASCII, control characters, Markdown and HTML syntax, empty
// optional fields, extreme integers, a 1 MB text.
SessionSnapshot awkward()
{
    SessionSnapshot s;
    Session &m = s.session;
    m.id = 0; // not stored yet
    m.kind = SessionKind::PostMortem;
    m.title = u"🔥 | <b>bold</b> # not a heading \\ \"quoted\" `code` *star*"_s;
    m.summary = u"line one\nline two\r\nline three\ttabbed\x01\x1f\x7f"
                u" end"_s;
    m.impact = u"עברית والعربية mixed with English \u200fRLM\u200e and e\u0301 combining"_s;
    m.lessons = QString(1024 * 1024, u'x') + u"é"_s;
    m.timeZone = u"Asia/Kathmandu"_s;

    Participant p;
    p.id = std::numeric_limits<qint64>::max();
    p.name = u"李小龍 🐉"_s;
    s.participants = {p};

    s.events = {
        event(1, EventTime::unknown(), EventKind::Note, u"no time, first"_s,
            std::numeric_limits<qint64>::min(), 0),
        event(2,
            EventTime::at(inOffset(2023, 12, 31, 23, 59, 5 * 3600 + 45 * 60),
                TimeCertainty::Approximate, false, u"Asia/Kathmandu"_s),
            EventKind::Decision, u"|a|b|\n|-|-|"_s, 0, 0),
        event(3, EventTime::at(utc(1, 1, 1, 0, 0, 0, 1)), EventKind::Escalation,
            u"year one, one millisecond"_s, -62135596799999, 0),
        event(4, EventTime::at(utc(9999, 12, 31, 23, 59, 59, 999), TimeCertainty::Exact, true),
            EventKind::Note, {}, std::numeric_limits<qint64>::max(), 0),
        event(5, EventTime::unknown(), EventKind::Note, u"  spaces kept  "_s,
            std::numeric_limits<qint64>::max(), 1),
    };
    // An unknown time still remembers how the user wrote the times around it.
    s.events[4].time.zone = u"UTC"_s;
    s.events[4].time.offsetSeconds = -18 * 3600;
    s.events[1].reporterId = p.id;
    s.events[2].reporterText = u"<script>alert(1)</script>"_s;

    s.whyNodes = {
        why(4611686018427387904, 0, -3, u"root\n\nwith a blank line"_s, false, {5, 1}),
        why(1, 4611686018427387904, std::numeric_limits<int>::max(), {}, true),
    };

    ActionItem a;
    a.id = 1;
    a.what = u"[link](javascript:alert(1))"_s;
    a.status = ActionStatus::Dropped;
    a.priority = ActionPriority::Low;
    a.type = ActionType::Mitigate;
    a.position = std::numeric_limits<int>::min();
    s.actions = {a};

    adopt(s);
    return s;
}

// A session with nothing in it but what is required.
SessionSnapshot bare()
{
    SessionSnapshot s;
    s.session.id = 1;
    s.session.title = u"Untitled"_s;
    return s;
}

// Says where two snapshots differ, so a failing round trip points at the field.
QString firstDifference(const SessionSnapshot &a, const SessionSnapshot &b)
{
    if (!(a.session == b.session))
        return u"session"_s;
    auto lists = [](const auto &x, const auto &y, const QString &name) -> QString {
        if (x.size() != y.size())
            return name + u": %1 vs %2 items"_s.arg(x.size()).arg(y.size());
        for (qsizetype i = 0; i < x.size(); ++i)
            if (!(x[i] == y[i]))
                return name + u'[' + QString::number(i) + u']';
        return {};
    };
    for (const QString &d : {lists(a.participants, b.participants, u"participants"_s),
             lists(a.events, b.events, u"events"_s), lists(a.whyNodes, b.whyNodes, u"whyNodes"_s),
             lists(a.actions, b.actions, u"actions"_s), lists(a.rounds, b.rounds, u"rounds"_s),
             lists(a.ideas, b.ideas, u"ideas"_s), lists(a.themes, b.themes, u"themes"_s),
             lists(a.votes, b.votes, u"votes"_s)})
        if (!d.isEmpty())
            return d;
    return {};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString dataFile(const QString &name)
{
    return QStringLiteral(HINDSIGHT_TEST_DATA) + u"/json/"_s + name;
}

// Sets (or, with an undefined value, removes) the member at a dotted path such as
// "events.2.time.utc"; numbers index arrays.
QJsonValue setAt(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    const QString head = path.takeFirst();
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        const int i = head.toInt();
        a[i] = path.isEmpty() ? value : setAt(a.at(i), path, value);
        return a;
    }
    QJsonObject o = node.toObject();
    if (path.isEmpty()) {
        if (value.isUndefined())
            o.remove(head);
        else
            o[head] = value;
    } else {
        o[head] = setAt(o.value(head), path, value);
    }
    return o;
}

QByteArray mutated(const QByteArray &json, const char *path, const QJsonValue &value)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const QStringList parts = QString::fromLatin1(path).split(u'.');
    return QJsonDocument(setAt(root, parts, value).toObject()).toJson(QJsonDocument::Compact);
}

QByteArray replaced(QByteArray json, const QByteArray &from, const QByteArray &to)
{
    // A fixture edit that silently does nothing would make the row pass for the wrong reason.
    if (!json.contains(from))
        qFatal("test fixture does not contain %s", from.constData());
    return json.replace(from, to);
}

} // namespace

class TestJsonFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void golden_data();
    void golden();
    void documentedExample();
    void minimalFileTakesDefaults();
    void unknownMembersIgnored();
    void toleratedSpellings();
    void invalidInput_data();
    void invalidInput();
    void writerRefusesBrokenSnapshot_data();
    void writerRefusesBrokenSnapshot();
    void everyMemberWithEveryType();
    void writesToDevice();
    void longWhyChain();
};

void TestJsonFormat::roundTrip_data()
{
    QTest::addColumn<SessionSnapshot>("snapshot");
    QTest::addColumn<bool>("indented");
    QTest::newRow("post-mortem") << postmortem() << true;
    QTest::newRow("post-mortem, compact") << postmortem() << false;
    QTest::newRow("pre-mortem") << premortem() << true;
    QTest::newRow("pre-mortem, compact") << premortem() << false;
    QTest::newRow("awkward text and numbers") << awkward() << true;
    QTest::newRow("awkward, compact") << awkward() << false;
    QTest::newRow("bare session") << bare() << true;
}

void TestJsonFormat::roundTrip()
{
    QFETCH(SessionSnapshot, snapshot);
    QFETCH(bool, indented);
    const QByteArray json = sessionToJson(snapshot, indented);
    QVERIFY(!json.isEmpty());
    QCOMPARE(json.endsWith('\n'), indented);
    // Standard JSON, as any other tool would read it.
    QJsonParseError error;
    QVERIFY(QJsonDocument::fromJson(json, &error).isObject());
    QCOMPARE(error.error, QJsonParseError::NoError);

    const Result<SessionSnapshot> back = readSessionJson(json);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
    QVERIFY2(*back == snapshot, qPrintable(firstDifference(*back, snapshot)));
    // A second trip changes nothing: the writer is deterministic.
    QCOMPARE(sessionToJson(*back, indented), json);
}

void TestJsonFormat::golden_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<SessionSnapshot>("snapshot");
    QTest::newRow("post-mortem") << u"example-postmortem.json"_s << postmortem();
    QTest::newRow("pre-mortem") << u"example-premortem.json"_s << premortem();
}

void TestJsonFormat::golden()
{
    QFETCH(QString, file);
    QFETCH(SessionSnapshot, snapshot);
    const QByteArray golden = readAll(dataFile(file));
    QVERIFY2(!golden.isEmpty(), qPrintable(dataFile(file)));

    const QByteArray written = sessionToJson(snapshot);
    if (written != golden) {
        // Leave the output next to the build for a diff.
        QFile out(QDir::temp().filePath(u"actual-"_s + file));
        if (out.open(QIODevice::WriteOnly))
            out.write(written);
        QFAIL(qPrintable(u"written JSON differs from the golden file; see "_s + out.fileName()));
    }
    const Result<SessionSnapshot> read = readSessionJson(golden);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QVERIFY2(*read == snapshot, qPrintable(firstDifference(*read, snapshot)));
    QCOMPARE(sessionToJson(*read), golden);
}

// The example in docs/session-format.md is real: it reads, and the writer gives it back byte
// for byte, so the page cannot drift from the code.
void TestJsonFormat::documentedExample()
{
    const QByteArray doc = readAll(QStringLiteral(HINDSIGHT_SOURCE_DIR "/docs/session-format.md"));
    QVERIFY(!doc.isEmpty());
    const QByteArray fence = "```json\n";
    const qsizetype start = doc.indexOf(fence);
    QVERIFY(start >= 0);
    const qsizetype end = doc.indexOf("```", start + fence.size());
    QVERIFY(end > start);
    const QByteArray example = doc.mid(start + fence.size(), end - start - fence.size());

    const Result<SessionSnapshot> read = readSessionJson(example);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QVERIFY(!read->events.isEmpty());
    QVERIFY(!read->whyNodes.isEmpty());
    QVERIFY(!read->actions.isEmpty());
    QCOMPARE(sessionToJson(*read), example);
}

void TestJsonFormat::minimalFileTakesDefaults()
{
    const QByteArray json = R"({
        "format": "hindsight-session", "version": 1,
        "session": {"kind": "post-mortem", "title": "Minimal", "date": null, "summary": null},
        "participants": [{"id": 4, "name": "Ana"}],
        "events": [{"id": 9, "time": {"certainty": "unknown"}, "text": "Something broke"},
                   {"id": 8, "time": {"certainty": "exact", "utc": "2024-01-02T03:04:05.060Z"},
                    "text": "Later", "reporterId": 4}],
        "whyNodes": [{"id": 1, "text": "Why?", "evidence": [9]}],
        "actions": [{"id": 2, "what": "Do it"}],
        "votes": null
    })";
    const Result<SessionSnapshot> read = readSessionJson(json);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    const SessionSnapshot &s = *read;
    QCOMPARE(s.session.id, Id(0));
    QCOMPARE(s.session.kind, SessionKind::PostMortem);
    QCOMPARE(s.session.status, SessionStatus::Draft);
    QCOMPARE(s.session.title, u"Minimal"_s);
    QVERIFY(!s.session.date.isValid());
    QVERIFY(s.session.summary.isEmpty());
    QCOMPARE(s.participants.size(), 1);
    QCOMPARE(s.events.size(), 2);
    QCOMPARE(s.events[0].time, EventTime::unknown());
    QCOMPARE(s.events[0].kind, EventKind::Note);
    QCOMPARE(s.events[0].reporterId, Id(0));
    QCOMPARE(s.events[1].time.certainty, TimeCertainty::Exact);
    QCOMPARE(s.events[1].time.utc, utc(2024, 1, 2, 3, 4, 5, 60));
    QCOMPARE(s.events[1].time.utc.timeSpec(), Qt::UTC);
    QCOMPARE(s.events[1].reporterId, Id(4));
    QCOMPARE(s.whyNodes[0].parentId, Id(0));
    QCOMPARE(s.whyNodes[0].evidence, QList<Id> {9});
    const ActionItem defaults;
    QCOMPARE(s.actions[0].status, defaults.status);
    QCOMPARE(s.actions[0].priority, defaults.priority);
    QCOMPARE(s.actions[0].type, defaults.type);
    QVERIFY(!s.actions[0].due.isValid());
    QVERIFY(s.votes.isEmpty());
    QVERIFY(s.rounds.isEmpty());
}

void TestJsonFormat::unknownMembersIgnored()
{
    QByteArray json = sessionToJson(postmortem());
    json = mutated(json, "generator", QJsonValue(u"Hindsight 9.0"_s));
    json = mutated(json, "session.colour", QJsonValue(u"teal"_s));
    json = mutated(json, "events.0.attachments", QJsonArray {1, 2, 3});
    json = mutated(json, "events.1.time.leapSecond", QJsonValue(false));
    json = mutated(json, "retrospectives", QJsonObject {{u"x"_s, 1}});
    const Result<SessionSnapshot> read = readSessionJson(json);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QVERIFY2(*read == postmortem(), qPrintable(firstDifference(*read, postmortem())));
}

// What the page promises to accept besides the writer's own output.
void TestJsonFormat::toleratedSpellings()
{
    QByteArray json = "\xEF\xBB\xBF" + sessionToJson(postmortem());
    json = replaced(json, "\"kind\": \"postmortem\"", "\"kind\": \"Post-Mortem\"");
    json = replaced(json, "\"kind\": \"impact-start\"", "\"kind\": \"IMPACT-START\"");
    json = replaced(json, "\"sortKey\": 1709647082000", "\"sortKey\": 1.709647082e12");
    const Result<SessionSnapshot> read = readSessionJson(json);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().message));
    QVERIFY2(*read == postmortem(), qPrintable(firstDifference(*read, postmortem())));
}

void TestJsonFormat::invalidInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message"); // the start of the expected message

    const int invalid = int(ErrorCode::InvalidInput);
    const QByteArray post = sessionToJson(postmortem());
    const QByteArray pre = sessionToJson(premortem());
    QVERIFY(!post.isEmpty() && !pre.isEmpty());
    const QByteArray minimal =
        R"({"format":"hindsight-session","version":1,"session":{"kind":"postmortem","title":"T"}})";

    // Not a session at all.
    QTest::newRow("empty") << QByteArray("  \n") << invalid << u"the file is empty"_s;
    QTest::newRow("truncated JSON")
        << post.left(post.size() / 2) << invalid << u"not valid JSON at line "_s;
    QTest::newRow("invalid UTF-8") << replaced(post, "Jörg",
        "J\xff\xfe") << invalid << u"not valid JSON at line 32, column 17: invalid UTF8 string"_s;
    QTest::newRow("array at top level")
        << QByteArray("[{\"format\": \"hindsight-session\"}]") << invalid
        << u"expected a JSON object at the top level, found an array"_s;
    QTest::newRow("50 MB nesting bomb") << QByteArray(50 * 1024 * 1024, '[') << invalid
                                        << u"not valid JSON at line 1, column 1026: too deeply"_s;
    QByteArray arrayBomb = minimal;
    arrayBomb.replace("\"T\"", QByteArray(3 * 1024 * 1024, '['));
    QTest::newRow("nesting bomb in a field")
        << arrayBomb << invalid << u"not valid JSON at line 1, column 1105: too deeply"_s;
    QTest::newRow("object nesting bomb")
        << QByteArray("{\"a\":").repeated(1024 * 1024) << invalid << u"not valid JSON at line 1"_s;
    QTest::newRow("wrong format")
        << mutated(post, "format", QJsonValue(u"kanban-board"_s)) << invalid
        << u"format: expected \"hindsight-session\", found \"kanban-board\""_s;
    QTest::newRow("no format") << mutated(post, "format", QJsonValue::Undefined) << invalid
                               << u"format: missing; this is not a Hindsight session file"_s;
    QTest::newRow("newer version") << mutated(post, "version", 2) << int(ErrorCode::NewerSchema)
                                   << u"version: written by a newer Hindsight (format 2); this "
                                      "version reads format 1"_s;
    QTest::newRow("version as a string") << mutated(post, "version",
        QJsonValue(u"1"_s)) << invalid << u"version: expected an integer, found the string \"1\""_s;
    QTest::newRow("version zero") << mutated(post, "version",
        0) << invalid << u"version: unknown format version 0; this version reads format 1"_s;

    // The session.
    QTest::newRow("no session") << mutated(post, "session", QJsonValue::Undefined) << invalid
                                << u"session: required, but missing"_s;
    QTest::newRow("title is a number") << mutated(post, "session.title", 42) << invalid
                                       << u"session.title: expected a string, found 42"_s;
    QTest::newRow("title is null") << mutated(post, "session.title", QJsonValue::Null) << invalid
                                   << u"session.title: required, but null"_s;
    QTest::newRow("unknown session kind")
        << mutated(post, "session.kind", QJsonValue(u"retro"_s)) << invalid
        << u"session.kind: unknown value \"retro\" (expected one "
           "of: postmortem, premortem)"_s;
    QTest::newRow("date not ISO")
        << mutated(post, "session.date", QJsonValue(u"05/03/2024"_s)) << invalid
        << u"session.date: not a date in the form YYYY-MM-DD, found \"05/03/2024\""_s;
    QTest::newRow("date not real")
        << mutated(post, "session.horizon", QJsonValue(u"2023-02-29"_s)) << invalid
        << u"session.horizon: \"2023-02-29\" is not a real date"_s;
    QTest::newRow("created with an offset")
        << mutated(post, "session.created", QJsonValue(u"2024-03-06T10:00:00+01:00"_s)) << invalid
        << u"session.created: not an ISO 8601 instant in UTC such as \"2024-03-05T14:03:00Z\""_s;

    // Events.
    QTest::newRow("participants not an array") << mutated(post, "participants",
        QJsonObject {}) << invalid << u"participants: expected an array, found an object"_s;
    QTest::newRow("participant is a string")
        << mutated(post, "participants.1", QJsonValue(u"Jörg"_s)) << invalid
        << u"participants[1]: expected an object, found the string \"Jörg\""_s;
    QTest::newRow("utc not an instant")
        << mutated(post, "events.3.time.utc", QJsonValue(u"yesterday"_s)) << invalid
        << u"events[3].time.utc: not an ISO 8601 instant"_s;
    QTest::newRow("leap second")
        << mutated(post, "events.0.time.utc", QJsonValue(u"2016-12-31T23:59:60Z"_s)) << invalid
        << u"events[0].time.utc: \"2016-12-31T23:59:60Z\" is not a real date and time"_s;
    QTest::newRow("no time") << mutated(post, "events.4.time", QJsonValue::Undefined) << invalid
                             << u"events[4].time: required, but missing"_s;
    QTest::newRow("exact time without utc") << mutated(post, "events.0.time.utc",
        QJsonValue::Undefined) << invalid << u"events[0].time.utc: required, but missing"_s;
    QTest::newRow("exact time with null utc")
        << mutated(post, "events.0.time.utc", QJsonValue::Null) << invalid
        << u"events[0].time.utc: required when the certainty is exact"_s;
    QTest::newRow("unknown time with utc")
        << mutated(post, "events.2.time.utc", QJsonValue(u"2024-03-05T14:00:00Z"_s)) << invalid
        << u"events[2].time.utc: must be null when the certainty is unknown"_s;
    QTest::newRow("offset beyond 18 h")
        << mutated(post, "events.1.time.offsetSeconds", 100000) << invalid
        << u"events[1].time.offsetSeconds: must be from -64800 to 64800, found 100000"_s;
    QTest::newRow("unknown certainty")
        << mutated(post, "events.1.time.certainty", QJsonValue(u"sure"_s)) << invalid
        << u"events[1].time.certainty: unknown value \"sure\" (expected one of: exact, approximate, unknown)"_s;
    QTest::newRow("unknown event kind") << mutated(post, "events.5.kind", QJsonValue(u"blame"_s))
                                        << invalid << u"events[5].kind: unknown value \"blame\""_s;
    QTest::newRow("starred as a string")
        << mutated(post, "events.0.starred", QJsonValue(u"yes"_s)) << invalid
        << u"events[0].starred: expected true or false, found the string \"yes\""_s;
    QTest::newRow("id as a string")
        << mutated(post, "events.0.id", QJsonValue(u"10"_s)) << invalid
        << u"events[0].id: expected an integer, found the string \"10\""_s;
    QTest::newRow("id not an integer") << mutated(post, "events.1.id", 11.5) << invalid
                                       << u"events[1].id: expected an integer, found 11.5"_s;
    QTest::newRow("id 1e30") << mutated(post, "events.0.id", 1e30) << invalid
                             << u"events[0].id: expected an integer, found 1e+30"_s;
    QTest::newRow("id beyond 64 bits")
        << replaced(post, "\"id\": 14,", "\"id\": 9223372036854775808,") << invalid
        << u"events[4].id: expected an integer, found 9.22337e+18"_s;
    QTest::newRow("id zero") << mutated(post, "participants.0.id", 0) << invalid
                             << u"participants[0].id: must be at least 1, found 0"_s;
    QTest::newRow("duplicate event id") << mutated(post, "events.3.id", 11) << invalid
                                        << u"events[3].id: duplicate id 11 (also events[1])"_s;
    QTest::newRow("dangling reporter") << mutated(post, "events.1.reporterId", 999) << invalid
                                       << u"events[1].reporterId: no participant with id 999"_s;
    QTest::newRow("NUL in text") << mutated(post, "events.0.text", QJsonValue(u"before\0after"_s))
                                 << invalid << u"events[0].text: contains a NUL character"_s;
    QTest::newRow("lone surrogate")
        << replaced(post, "\"New certificate deployed\"", "\"New \\ud83d\"") << invalid
        << u"events[4].text: contains a lone UTF-16 surrogate"_s;

    // The why tree and actions.
    QTest::newRow("dangling parent") << mutated(post, "whyNodes.1.parentId", 999) << invalid
                                     << u"whyNodes[1].parentId: no why node with id 999"_s;
    QTest::newRow("own parent")
        << mutated(post, "whyNodes.3.parentId", 23) << invalid
        << u"whyNodes[3].parentId: the why tree loops back on itself (ids 23 -> 23)"_s;
    QTest::newRow("cycle")
        << mutated(post, "whyNodes.0.parentId", 22) << invalid
        << u"whyNodes[0].parentId: the why tree loops back on itself (ids 20 -> 22 -> 21 -> 20)"_s;
    QTest::newRow("dangling evidence") << mutated(post, "whyNodes.0.evidence",
        QJsonArray {10, 99}) << invalid << u"whyNodes[0].evidence[1]: no event with id 99"_s;
    QTest::newRow("evidence not a list") << mutated(post, "whyNodes.0.evidence", 10) << invalid
                                         << u"whyNodes[0].evidence: expected an array, found 10"_s;
    QTest::newRow("action cause twice") << mutated(post, "actions.0.whyNodes",
        QJsonArray {24, 24}) << invalid << u"actions[0].whyNodes[1]: id 24 is listed twice"_s;
    QTest::newRow("action cause is an event") << mutated(post, "actions.1.whyNodes",
        QJsonArray {10}) << invalid << u"actions[1].whyNodes[0]: no why node with id 10"_s;
    QTest::newRow("action status unknown")
        << mutated(post, "actions.0.status", QJsonValue(u"blocked"_s)) << invalid
        << u"actions[0].status: unknown value \"blocked\" (expected one of: open, in-progress, done, dropped)"_s;
    QTest::newRow("action without what") << mutated(post, "actions.1.what", QJsonValue::Undefined)
                                         << invalid << u"actions[1].what: required, but missing"_s;

    // Pre-mortem records.
    QTest::newRow("likelihood 11") << mutated(pre, "themes.0.likelihood", 11) << invalid
                                   << u"themes[0].likelihood: must be from -1 to 10, found 11"_s;
    QTest::newRow("impact 6") << mutated(pre, "themes.1.impact", 6) << invalid
                              << u"themes[1].impact: must be from 0 to 5, found 6"_s;
    QTest::newRow("negative dots") << mutated(pre, "votes.2.dots", -1) << invalid
                                   << u"votes[2].dots: must be at least 0, found -1"_s;
    QTest::newRow("vote for a missing theme") << mutated(pre, "votes.0.themeId", 999) << invalid
                                              << u"votes[0].themeId: no theme with id 999"_s;
    QTest::newRow("vote without participant") << mutated(pre, "votes.0.participantId",
        QJsonValue::Null) << invalid << u"votes[0].participantId: required, but null"_s;
    QTest::newRow("second vote") << mutated(pre, "votes.1.participantId",
        1) << invalid << u"votes[1]: a second vote by participant 1 for theme 5 (also votes[0])"_s;
    QTest::newRow("idea in a missing round") << mutated(pre, "ideas.2.roundId", 9) << invalid
                                             << u"ideas[2].roundId: no round with id 9"_s;
    QTest::newRow("idea author by name")
        << mutated(pre, "ideas.0.authorId", QJsonValue(u"Sam"_s)) << invalid
        << u"ideas[0].authorId: expected an integer, found the string \"Sam\""_s;
    QTest::newRow("round member missing") << mutated(pre, "rounds.1.members",
        QJsonArray {3, 40}) << invalid << u"rounds[1].members[1]: no participant with id 40"_s;
    QTest::newRow("round number zero") << mutated(pre, "rounds.0.number", 0) << invalid
                                       << u"rounds[0].number: must be at least 1, found 0"_s;
    QTest::newRow("action for a missing theme") << mutated(pre, "actions.0.themes",
        QJsonArray {5, 70}) << invalid << u"actions[0].themes[1]: no theme with id 70"_s;
}

void TestJsonFormat::invalidInput()
{
    QFETCH(QByteArray, json);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Result<SessionSnapshot> read = readSessionJson(json);
    QVERIFY(!read.ok());
    QCOMPARE(int(read.error().code), code);
    QVERIFY2(read.error().message.startsWith(message),
        qPrintable(u"got: "_s + read.error().message.left(300)));
}

void TestJsonFormat::writerRefusesBrokenSnapshot_data()
{
    QTest::addColumn<SessionSnapshot>("snapshot");
    QTest::addColumn<QString>("message");

    SessionSnapshot s = postmortem();
    s.events[1].reporterId = 77;
    QTest::newRow("dangling reporter") << s << u"events[1].reporterId: no participant with id 77"_s;

    s = postmortem();
    s.whyNodes[0].parentId = 24;
    QTest::newRow("cycle")
        << s
        << u"whyNodes[0].parentId: the why tree loops back on itself (ids 20 -> 24 -> 23 -> 20)"_s;

    s = postmortem();
    s.events[0].time.certainty = TimeCertainty::Approximate;
    s.events[0].time.utc = QDateTime();
    QTest::newRow("approximate without instant")
        << s << u"events[0].time.utc: required when the certainty is approximate"_s;

    s = postmortem();
    s.actions[0].due = QDate(10000, 1, 1);
    QTest::newRow("five-digit year") << s << u"actions[0].due: the year 10000 is outside 1..9999"_s;

    s = postmortem();
    s.session.summary = u"a\0b"_s;
    QTest::newRow("NUL") << s << u"session.summary: contains a NUL character"_s;

    s = postmortem();
    s.participants[2].sessionId = 8;
    QTest::newRow("foreign child")
        << s << u"participants[2].sessionId: belongs to session 8, not to session 7"_s;

    s = premortem();
    s.themes[2].likelihood = -2;
    QTest::newRow("likelihood -2")
        << s << u"themes[2].likelihood: must be from -1 to 10, found -2"_s;

    s = premortem();
    s.votes[3].participantId = 0;
    QTest::newRow("anonymous vote") << s << u"votes[3].participantId: no participant with id 0"_s;
}

// The writer applies the reader's rules, so an export can always be imported again.
void TestJsonFormat::writerRefusesBrokenSnapshot()
{
    QFETCH(SessionSnapshot, snapshot);
    QFETCH(QString, message);
    const Status checked = checkSessionSnapshot(snapshot);
    QVERIFY(!checked.ok());
    QCOMPARE(checked.error().code, ErrorCode::InvalidInput);
    QCOMPARE(checked.error().message.left(message.size()), message);
    QVERIFY(sessionToJson(snapshot).isEmpty());

    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    const Status written = writeSessionJson(snapshot, &buffer);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().message, checked.error().message);
    QVERIFY(buffer.data().isEmpty());
}

// Every member of both golden files replaced by every JSON type in turn: the reader must never
// crash, must refuse most of them, and whatever it accepts must survive a write and a read.
void TestJsonFormat::everyMemberWithEveryType()
{
    const QList<QJsonValue> replacements {QJsonValue::Null, QJsonValue(u"x"_s), QJsonValue(1.5),
        QJsonValue(-1), QJsonValue(true), QJsonArray {}, QJsonObject {}, QJsonValue::Undefined};
    int accepted = 0;
    int refused = 0;
    for (const SessionSnapshot &snapshot : {postmortem(), premortem()}) {
        const QByteArray json = sessionToJson(snapshot);
        QStringList paths;
        std::function<void(const QJsonValue &, const QString &)> collect =
            [&](const QJsonValue &v, const QString &path) {
                if (!path.isEmpty())
                    paths.append(path);
                const QString prefix = path.isEmpty() ? QString() : path + u'.';
                if (v.isObject()) {
                    const QJsonObject o = v.toObject();
                    for (auto it = o.begin(); it != o.end(); ++it)
                        collect(it.value(), prefix + it.key());
                } else if (v.isArray()) {
                    const QJsonArray a = v.toArray();
                    for (qsizetype i = 0; i < a.size(); ++i)
                        collect(a.at(i), prefix + QString::number(i));
                }
            };
        collect(QJsonDocument::fromJson(json).object(), {});
        QVERIFY(paths.size() > 100);
        for (const QString &path : std::as_const(paths)) {
            for (const QJsonValue &replacement : replacements) {
                const QByteArray input = mutated(json, path.toLatin1().constData(), replacement);
                const Result<SessionSnapshot> read = readSessionJson(input);
                if (!read.ok()) {
                    ++refused;
                    QVERIFY2(!read.error().message.isEmpty(), qPrintable(path));
                    continue;
                }
                ++accepted;
                const QByteArray again = sessionToJson(*read);
                QVERIFY2(!again.isEmpty(), qPrintable(path));
                const Result<SessionSnapshot> reread = readSessionJson(again);
                QVERIFY2(reread.ok() && *reread == *read, qPrintable(path));
            }
        }
    }
    QVERIFY(refused > accepted);
    QVERIFY(accepted > 0);
}

void TestJsonFormat::writesToDevice()
{
    const SessionSnapshot s = premortem();
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    const Status written = writeSessionJson(s, &buffer, false);
    QVERIFY(written.ok());
    QCOMPARE(buffer.data(), sessionToJson(s, false));
    QVERIFY(!buffer.data().contains('\n'));

    QBuffer closed;
    const Status notOpen = writeSessionJson(s, &closed);
    QVERIFY(!notOpen.ok());
    QCOMPARE(notOpen.error().code, ErrorCode::Io);

    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QCOMPARE(writeSessionJson(s, &readOnly).error().code, ErrorCode::Io);

    QCOMPARE(writeSessionJson(s, nullptr).error().code, ErrorCode::Internal);
}

// A 100 000-deep chain of whys must be read in linear time, and a loop at its end found.
void TestJsonFormat::longWhyChain()
{
    SessionSnapshot s = bare();
    const int n = 100000;
    s.whyNodes.reserve(n);
    for (int i = 1; i <= n; ++i)
        s.whyNodes.append(why(i, i - 1, 0, u"why %1"_s.arg(i)));
    adopt(s);
    const QByteArray json = sessionToJson(s, false);
    QVERIFY(!json.isEmpty());
    const Result<SessionSnapshot> read = readSessionJson(json);
    QVERIFY(read.ok());
    QCOMPARE(read->whyNodes.size(), n);

    s.whyNodes[0].parentId = n;
    const Status looped = checkSessionSnapshot(s);
    QVERIFY(!looped.ok());
    QVERIFY2(
        looped.error().message.startsWith(
            u"whyNodes[0].parentId: the why tree loops back on itself (ids 1 -> 100000 -> 99999"_s),
        qPrintable(looped.error().message));
}

QTEST_GUILESS_MAIN(TestJsonFormat)
#include "tst_jsonformat.moc"
