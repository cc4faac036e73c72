#include "premortem.h"
#include "reportwriter.h"

#include "cmarkgfm.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace hindsight;

namespace {

QDateTime utc(int h, int m, int s = 0, QDate day = QDate(2017, 1, 31))
{
    return QDateTime(day, QTime(h, m, s), Qt::UTC);
}

// A realistic post-mortem, with the kind of text people really type: pipes, tags,
// backticks, leading '#', newlines.
SessionSnapshot postMortem()
{
    SessionSnapshot s;
    Session &ss = s.session;
    ss.id = 1;
    ss.kind = SessionKind::PostMortem;
    ss.title = QStringLiteral("Checkout outage: `payments-db` | <b>503s</b> #1");
    ss.status = SessionStatus::InReview;
    ss.date = QDate(2017, 1, 31);
    ss.severity = QStringLiteral("SEV-1");
    ss.facilitator = QStringLiteral("Dana");
    ss.timeZone = QStringLiteral("Europe/Berlin");
    ss.summary = QStringLiteral("Checkout returned 503s for 90 minutes.\n# not a heading\n"
                                "Orders were retried | later.");
    ss.impact =
        QStringLiteral("~40% of checkouts failed.\n- not a list item\n<script>alert(1)</script>");
    ss.lessons =
        QStringLiteral("Review pool sizes *before* launches; see [docs](javascript:alert(1)).");

    auto person = [&](Id id, const char *name, const char *dept, const char *role) {
        s.participants.append(
            {id, 1, QString::fromUtf8(name), QString::fromUtf8(dept), QString::fromUtf8(role)});
    };
    person(1, "Ana", "Engineering", "incident commander");
    person(2, "Bo", "Support", "");
    person(3, "Chen", "Engineering", "on call");
    person(4, "Dee", "", "");
    person(5, "Eve | Ops", "Ops <script>", "SRE");

    auto event = [&](Id id, EventTime t, EventKind kind, const QString &text, Id reporter,
                     const char *reporterText, const char *source, bool starred) {
        TimelineEvent e;
        e.id = id;
        e.sessionId = 1;
        e.time = t;
        e.kind = kind;
        e.text = text;
        e.reporterId = reporter;
        e.reporterText = QString::fromUtf8(reporterText);
        e.source = QString::fromUtf8(source);
        e.starred = starred;
        e.seq = id;
        s.events.append(e);
    };
    event(1, EventTime::at(utc(17, 0)), EventKind::ImpactStart,
        QStringLiteral("Error rate rises | 5xx > 2%"), 0, "Grafana", "monitoring", true);
    event(2, EventTime::at(utc(17, 20), TimeCertainty::Approximate), EventKind::Detection,
        QStringLiteral("Support ticket: \"checkout broken\""), 2, "", "chat", false);
    event(3, EventTime::at(utc(17, 25, 30), TimeCertainty::Exact, true), EventKind::Escalation,
        QStringLiteral("Paged on-call `payments`"), 1, "", "", false);
    event(4, EventTime::unknown(), EventKind::Note,
        QStringLiteral("Someone restarted <b>worker-3</b>\nsecond line"), 0, "unknown", "memory",
        false);
    event(5, EventTime::at(utc(17, 40)), EventKind::Diagnosis,
        QStringLiteral("DB pool exhausted (max_connections=100)"), 3, "", "", true);
    event(6, EventTime::at(utc(18, 5)), EventKind::Mitigation,
        QStringLiteral("Rolled back to v2.3.1"), 3, "", "chat", true);
    event(7, EventTime::at(utc(18, 30)), EventKind::Resolution,
        QStringLiteral("Error rate back to baseline"), 1, "", "", false);
    event(8, EventTime::at(utc(18, 45)), EventKind::Communication,
        QStringLiteral("Status page: [resolved](javascript:alert(1))"), 2, "", "", false);

    auto why = [&](Id id, Id parent, int pos, const char *text, bool root, QList<Id> evidence) {
        WhyNode n;
        n.id = id;
        n.sessionId = 1;
        n.parentId = parent;
        n.position = pos;
        n.text = QString::fromUtf8(text);
        n.rootCause = root;
        n.evidence = evidence;
        s.whyNodes.append(n);
    };
    why(1, 0, 0, "Checkout failed for 90 minutes", false, {});
    why(2, 1, 0, "The DB connection pool was exhausted", false, {5});
    why(3, 2, 0, "A deploy doubled the number of workers", false, {6});
    why(4, 3, 0, "Pool size is not part of the deploy checklist", true, {5, 4});
    why(5, 2, 1, "Alert threshold | too high\n# for saturation", true, {1, 2});

    auto action = [&](Id id, const char *what, const char *owner, QDate due, ActionStatus st,
                      ActionPriority pr, ActionType ty, const char *tracker, QList<Id> nodes) {
        ActionItem a;
        a.id = id;
        a.sessionId = 1;
        a.what = QString::fromUtf8(what);
        a.owner = QString::fromUtf8(owner);
        a.due = due;
        a.status = st;
        a.priority = pr;
        a.type = ty;
        a.tracker = QString::fromUtf8(tracker);
        a.whyNodes = nodes;
        a.position = int(id);
        s.actions.append(a);
    };
    action(1, "Add pool size to the deploy checklist", "Ana", QDate(2017, 2, 15),
        ActionStatus::Open, ActionPriority::High, ActionType::Process, "OPS-123", {4});
    action(2, "Alert on pool saturation > 80%", "", QDate(2017, 2, 10), ActionStatus::InProgress,
        ActionPriority::Critical, ActionType::Prevent,
        "https://tracker.example.com/browse/OPS-124?x=1&y=2", {5});
    action(3, "Write a runbook for `pool` exhaustion", "Chen", QDate(), ActionStatus::Done,
        ActionPriority::Medium, ActionType::Mitigate, "javascript:alert(1)", {4});
    action(4, "Review | <b>capacity</b> plan", "Dee", QDate(2017, 1, 20), ActionStatus::Open,
        ActionPriority::Low, ActionType::Prevent, "", {});
    action(5, "Rewrite checkout in a weekend", "Bo", QDate(2017, 3, 1), ActionStatus::Dropped,
        ActionPriority::Low, ActionType::Prevent, "", {});
    return s;
}

SessionSnapshot preMortem()
{
    SessionSnapshot s;
    Session &ss = s.session;
    ss.id = 2;
    ss.kind = SessionKind::PreMortem;
    ss.title = QStringLiteral("Launch of the new app | Q3 <i>");
    ss.status = SessionStatus::Draft;
    ss.date = QDate(2026, 5, 4);
    ss.facilitator = QStringLiteral("Dana");
    ss.timeZone = QStringLiteral("Europe/Berlin");
    ss.project = QStringLiteral("Mobile app v2");
    ss.horizon = QDate(2027, 6, 30);
    ss.catastrophe = QStringLiteral("The app launched\nand **nobody** used it | churn 90%");

    const char *names[] = {"Ana", "Bo", "Chen", "Dee", "Eli", "Fay"};
    const char *depts[] = {"Engineering", "Marketing", "Legal", "Support", "Engineering", "Sales"};
    for (int i = 0; i < 6; ++i)
        s.participants.append(
            {Id(i + 1), 2, QString::fromUtf8(names[i]), QString::fromUtf8(depts[i]), QString()});

    s.rounds = {{1, 2, 1, QStringLiteral("Red"), {1, 2, 3}, 300},
        {2, 2, 1, QStringLiteral("Blue"), {4, 5, 6}, 300},
        {3, 2, 2, QStringLiteral("red "), {1, 2, 3}, 240}};

    auto theme = [&](Id id, const char *title, int likelihood, int impact, int pos) {
        s.themes.append({id, 2, QString::fromUtf8(title), likelihood, impact, pos});
    };
    theme(1, "App store rejection", 3, 5, 0);
    theme(2, "Backend can't scale | `k8s`", 6, 4, 1);
    theme(3, "Nobody knows the launch date", 6, 4, 2);
    theme(4, "Legal <b>blocks</b> the launch", -1, 0, 3);

    auto idea = [&](Id id, Id round, Id themeId, const char *text, bool revealed, int pos) {
        s.ideas.append({id, 2, round, QString::fromUtf8(text), 0, themeId, revealed, pos});
    };
    idea(1, 1, 1, "Apple rejects us for the login flow", true, 0);
    idea(2, 2, 1, "Store review takes 3 weeks", true, 1);
    idea(3, 1, 2, "Load test never ran | prod-like data", true, 2);
    idea(4, 2, 2, "# Autoscaling off in prod", true, 3);
    idea(5, 3, 2, "DB migrations lock tables", true, 4);
    idea(6, 2, 3, "Marketing and engineering\nhave different dates", true, 5);
    idea(7, 3, 4, "GDPR review too late", true, 6);
    idea(8, 1, 4, "SECRET unrevealed idea", false, 7);
    idea(9, 3, 0, "Nobody owns the FAQ", true, 8);

    s.votes = {{2, 1, 1, 2}, {2, 1, 4, 2}, {2, 2, 2, 3}, {2, 2, 5, 2}, {2, 3, 3, 4}, {2, 3, 6, 1}};

    ActionItem a;
    a.sessionId = 2;
    a.id = 1;
    a.what = QStringLiteral("Run a load test with prod-like data");
    a.owner = QStringLiteral("Eli");
    a.due = QDate(2026, 6, 1);
    a.priority = ActionPriority::High;
    a.type = ActionType::Prevent;
    a.tracker = QStringLiteral("https://tracker.example.com/MOB-7");
    a.themes = {2};
    s.actions.append(a);
    a.id = 2;
    a.what = QStringLiteral("One launch date, owned | announced by Marketing");
    a.owner = QString();
    a.due = QDate();
    a.priority = ActionPriority::Medium;
    a.type = ActionType::Process;
    a.tracker = QString();
    a.themes = {3, 4};
    s.actions.append(a);
    return s;
}

ReportOptions fixedOptions()
{
    ReportOptions o;
    o.today = QDate(2017, 2, 12);
    return o;
}

QByteArray report(const SessionSnapshot &s, const ReportOptions &o, Status *status = nullptr)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status st = writeReport(s, o, &buffer);
    if (status)
        *status = st;
    else if (!st.ok())
        qWarning("writeReport failed: %s", qPrintable(st.error().message));
    return buffer.data();
}

// Compares with tests/data/golden/<name>. HINDSIGHT_UPDATE_GOLDEN=1 rewrites the file and
// still fails, so an update is always a deliberate, reviewed step.
void compareGolden(const QByteArray &actual, const QString &name)
{
    const QString path = QStringLiteral(HINDSIGHT_TEST_DATA "/golden/") + name;
    if (qEnvironmentVariableIntValue("HINDSIGHT_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(f.errorString()));
        f.write(actual);
        QFAIL(qPrintable(QStringLiteral("Golden file rewritten: %1. Review the diff, then run "
                                        "again without HINDSIGHT_UPDATE_GOLDEN.")
                             .arg(path)));
    }
    QFile f(path);
    QVERIFY2(f.open(QIODevice::ReadOnly),
        qPrintable(QStringLiteral("Missing golden file %1 (HINDSIGHT_UPDATE_GOLDEN=1 creates "
                                  "it for review)")
                       .arg(path)));
    const QByteArray expected = f.readAll();
    if (actual == expected)
        return;
    const QString actualPath = QDir::temp().filePath(name + QStringLiteral(".actual"));
    QFile out(actualPath);
    if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        out.write(actual);
    const QList<QByteArray> a = actual.split('\n');
    const QList<QByteArray> e = expected.split('\n');
    qsizetype line = 0;
    while (line < a.size() && line < e.size() && a.at(line) == e.at(line))
        ++line;
    QFAIL(qPrintable(QStringLiteral("%1 differs at line %2:\n  expected: %3\n  actual:   %4\n"
                                    "Full output: %5")
                         .arg(name)
                         .arg(line + 1)
                         .arg(QString::fromUtf8(line < e.size() ? e.at(line) : QByteArray("<eof>")),
                             QString::fromUtf8(line < a.size() ? a.at(line) : QByteArray("<eof>")),
                             actualPath)));
}

std::shared_ptr<cmarkgfm::Node> parsed(const QByteArray &md)
{
    QString error;
    auto root = cmarkgfm::render(md, &error);
    if (!root)
        qWarning("%s", qPrintable(error));
    return root;
}

// The h2 headings, in order.
QStringList sections(const cmarkgfm::Node &root)
{
    QStringList out;
    for (const auto *h : root.findAll(QStringLiteral("h2")))
        out.append(h->textContent());
    return out;
}

// The first table after the h2 (or h3) with this text.
const cmarkgfm::Node *tableAfter(const cmarkgfm::Node &root, const QString &heading)
{
    bool seen = false;
    for (const auto *e : root.elements()) {
        if ((e->name == QLatin1String("h2") || e->name == QLatin1String("h3"))
            && e->textContent() == heading)
            seen = true;
        else if (seen && e->name == QLatin1String("table"))
            return e;
    }
    return nullptr;
}

const QSet<QString> kAllowed {QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3"),
    QStringLiteral("p"), QStringLiteral("table"), QStringLiteral("thead"), QStringLiteral("tbody"),
    QStringLiteral("tr"), QStringLiteral("th"), QStringLiteral("td"), QStringLiteral("br"),
    QStringLiteral("ul"), QStringLiteral("li"), QStringLiteral("input"),
    QStringLiteral("blockquote"), QStringLiteral("strong"), QStringLiteral("em"),
    QStringLiteral("a")};

} // namespace

class TestReportWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void postMortemGolden();
    void preMortemGolden();
    void postMortemStructure();
    void impossibleOrder();
    void starredOnly();
    void previewRowsCutLongTablesOnly_data();
    void previewRowsCutLongTablesOnly();
    void otherTimeZone_data();
    void otherTimeZone();
    void daylightSavingChange();
    void unknownZones();
    void sectionsOff();
    void overdueDependsOnToday();
    void preMortemStructure();
    void ranking();
    void deviceError();
};

void TestReportWriter::initTestCase()
{
    if (cmarkgfm::executable().isEmpty())
        QFAIL("cmark-gfm not found in PATH: these tests parse the report with the real parser. "
              "Install the Debian package 'cmark-gfm' (CI installs it).");
}

void TestReportWriter::postMortemGolden()
{
    compareGolden(report(postMortem(), fixedOptions()), QStringLiteral("postmortem.md"));
}

void TestReportWriter::preMortemGolden()
{
    ReportOptions o = fixedOptions();
    o.today = QDate(2026, 7, 1);
    compareGolden(report(preMortem(), o), QStringLiteral("premortem.md"));
}

void TestReportWriter::postMortemStructure()
{
    const SessionSnapshot s = postMortem();
    const QByteArray md = report(s, fixedOptions());
    const auto root = parsed(md);
    QVERIFY(root);

    const QSet<QString> unexpected = root->elementNames() - kAllowed;
    QVERIFY2(
        unexpected.isEmpty(), qPrintable(QStringList(unexpected.values()).join(QLatin1Char(','))));
    const auto h1 = root->findAll(QStringLiteral("h1"));
    QCOMPARE(h1.size(), 1); // the hostile summary's "# not a heading" stays text
    QCOMPARE(h1.at(0)->textContent(), s.session.title);
    QCOMPARE(sections(*root),
        (QStringList {QStringLiteral("Summary"), QStringLiteral("Impact"),
            QStringLiteral("Key times"), QStringLiteral("Participants"), QStringLiteral("Timeline"),
            QStringLiteral("Why chains"), QStringLiteral("Action items"),
            QStringLiteral("Lessons learned")}));

    // Metadata and the Prime Directive.
    const auto meta = cmarkgfm::tableCells(*root->findAll(QStringLiteral("table")).at(0));
    QCOMPARE(meta.size(), 2);
    QCOMPARE(meta.at(1),
        (QStringList {QStringLiteral("Post-mortem"), QStringLiteral("In review"),
            QStringLiteral("2017-01-31"), QStringLiteral("SEV-1"), QStringLiteral("Dana"),
            QStringLiteral("Europe/Berlin")}));
    const auto quote = root->findAll(QStringLiteral("blockquote"));
    QCOMPARE(quote.size(), 1);
    QCOMPARE(quote.at(0)->textContent().trimmed(),
        QStringLiteral("Prime Directive: ") + defaultPrimeDirective());

    // Key times: detection is approximate, the rest exact.
    const auto *metrics = tableAfter(*root, QStringLiteral("Key times"));
    QVERIFY(metrics);
    const auto m = cmarkgfm::tableCells(*metrics);
    QCOMPARE(m.size(), 5);
    QCOMPARE(m.at(1).mid(0, 2),
        (QStringList {QStringLiteral("Time to detect"), QStringLiteral("~20 min")}));
    QCOMPARE(m.at(2).at(1), QStringLiteral("1 h 5 min"));
    QCOMPARE(m.at(3).at(1), QStringLiteral("1 h 30 min"));
    QCOMPARE(m.at(4).at(1), QStringLiteral("1 h 30 min"));

    // Timeline: one row per event, every row with all columns, text exactly as typed.
    const auto *timeline = tableAfter(*root, QStringLiteral("Timeline"));
    QVERIFY(timeline);
    const auto rows = cmarkgfm::tableCells(*timeline);
    QCOMPARE(rows.size(), s.events.size() + 1);
    QCOMPARE(rows.at(0),
        (QStringList {QStringLiteral("Time (Europe/Berlin, CET)"), QStringLiteral("Time (UTC)"),
            QStringLiteral("Kind"), QStringLiteral("Event"), QStringLiteral("Reported by"),
            QStringLiteral("Source")}));
    for (const QStringList &row : rows)
        QCOMPARE(row.size(), 6);
    QCOMPARE(rows.at(1),
        (QStringList {QStringLiteral("2017-01-31 18:00"), QStringLiteral("2017-01-31 17:00"),
            QStringLiteral("Impact start"), QStringLiteral("★ Error rate rises | 5xx > 2%"),
            QStringLiteral("Grafana"), QStringLiteral("monitoring")}));
    QCOMPARE(rows.at(2).mid(0, 2),
        (QStringList {QStringLiteral("~2017-01-31 18:20"), QStringLiteral("~2017-01-31 17:20")}));
    QCOMPARE(rows.at(2).at(4), QStringLiteral("Bo"));
    QCOMPARE(rows.at(3).mid(0, 2),
        (QStringList {
            QStringLiteral("2017-01-31 18:25:30"), QStringLiteral("2017-01-31 17:25:30")}));
    QCOMPARE(rows.at(3).at(3), QStringLiteral("Paged on-call `payments`"));
    QCOMPARE(rows.at(4).mid(0, 4),
        (QStringList {QStringLiteral("unknown"), QStringLiteral("unknown"), QStringLiteral("Note"),
            QStringLiteral("Someone restarted <b>worker-3</b>\nsecond line")}));
    QCOMPARE(rows.at(8).at(3), QStringLiteral("Status page: [resolved](javascript:alert(1))"));

    // Why chains: the tree, root causes marked, evidence quoted with local times.
    const auto *whyList = [&]() -> const cmarkgfm::Node * {
        bool seen = false;
        for (const auto *e : root->elements()) {
            if (e->name == QLatin1String("h2") && e->textContent() == QLatin1String("Why chains"))
                seen = true;
            else if (seen && e->name == QLatin1String("ul"))
                return e;
        }
        return nullptr;
    }();
    QVERIFY(whyList);
    QCOMPARE(whyList->elements().size(), 1); // one problem statement
    QCOMPARE(whyList->findAll(QStringLiteral("li")).size(), s.whyNodes.size());
    int rootCauses = 0;
    for (const auto *st : whyList->findAll(QStringLiteral("strong")))
        rootCauses += st->textContent() == QLatin1String("Root cause:") ? 1 : 0;
    QCOMPARE(rootCauses, 2);
    const QString whyText = whyList->textContent();
    QVERIFY2(whyText.contains(
                 QStringLiteral("Evidence: 18:40 DB pool exhausted (max_connections=100); "
                                "(time unknown) Someone restarted <b>worker-3</b>\nsecond line")),
        qPrintable(whyText));
    QVERIFY(whyText.contains(QStringLiteral("Actions: A1 Add pool size to the deploy checklist; "
                                            "A3 Write a runbook for `pool` exhaustion")));
    QVERIFY(whyText.contains(QStringLiteral("Alert threshold | too high\n# for saturation")));

    // Actions: the table with warnings, then the task list.
    const auto *actions = tableAfter(*root, QStringLiteral("Action items"));
    QVERIFY(actions);
    const auto a = cmarkgfm::tableCells(*actions);
    QCOMPARE(a.size(), s.actions.size() + 1);
    QCOMPARE(a.at(0),
        (QStringList {QStringLiteral("#"), QStringLiteral("What"), QStringLiteral("Owner"),
            QStringLiteral("Due"), QStringLiteral("Status"), QStringLiteral("Priority"),
            QStringLiteral("Type"), QStringLiteral("Tracker")}));
    QCOMPARE(a.at(1),
        (QStringList {QStringLiteral("A1"), QStringLiteral("Add pool size to the deploy checklist"),
            QStringLiteral("Ana"), QStringLiteral("2017-02-15"), QStringLiteral("open"),
            QStringLiteral("high"), QStringLiteral("process"), QStringLiteral("OPS-123")}));
    QCOMPARE(a.at(2).at(2), QStringLiteral("⚠ owner missing"));
    QCOMPARE(a.at(3).at(3), QStringLiteral("⚠ no due date"));
    QCOMPARE(a.at(3).at(7), QStringLiteral("javascript:alert(1)"));
    QCOMPARE(a.at(4).at(1), QStringLiteral("Review | <b>capacity</b> plan"));
    QCOMPARE(a.at(4).at(3), QStringLiteral("2017-01-20 ⚠ overdue"));
    // The one link in the whole report is the http(s) tracker URL.
    const auto links = root->findAll(QStringLiteral("a"));
    QCOMPARE(links.size(), 1);
    QCOMPARE(links.at(0)->attributes.value(QStringLiteral("href")),
        QStringLiteral("https://tracker.example.com/browse/OPS-124?x=1&y=2"));
    QCOMPARE(actions->findAll(QStringLiteral("a")).size(), 1);

    const auto boxes = root->findAll(QStringLiteral("input"));
    QCOMPARE(boxes.size(), s.actions.size());
    for (qsizetype i = 0; i < boxes.size(); ++i)
        QCOMPARE(boxes.at(i)->attributes.contains(QStringLiteral("checked")),
            s.actions.at(i).status == ActionStatus::Done);
}

void TestReportWriter::impossibleOrder()
{
    SessionSnapshot s = postMortem();
    s.events[1].time = EventTime::at(utc(16, 50)); // detection before impact
    s.events[6].time = EventTime::at(utc(16, 55)); // resolution too
    s.events[4].time = EventTime::at(utc(0, 10, 0, QDate(2017, 2, 1))); // diagnosis, next day
    const auto root = parsed(report(s, fixedOptions()));
    QVERIFY(root);
    const auto m = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Key times")));
    QCOMPARE(m.at(1).at(1), QStringLiteral("⚠ impossible order: detection before impact start"));
    QVERIFY(m.at(1).at(2).contains(QStringLiteral("10 min before")));
    QCOMPARE(m.at(2).at(1), QStringLiteral("1 h 5 min"));
    QCOMPARE(m.at(3).at(1), QStringLiteral("⚠ impossible order: resolution before impact start"));
    QCOMPARE(m.at(4).at(1), QStringLiteral("⚠ impossible order: resolution before impact start"));
    // Evidence from another day than the incident's carries its date.
    QVERIFY(root->textContent().contains(
        QStringLiteral("Evidence: 2017-02-01 01:10 DB pool exhausted")));
}

void TestReportWriter::starredOnly()
{
    const SessionSnapshot s = postMortem();
    ReportOptions o = fixedOptions();
    o.starredOnly = true;
    const auto root = parsed(report(s, o));
    QVERIFY(root);
    const auto rows = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Timeline")));
    QCOMPARE(rows.size(), 3 + 1);
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(rows.at(i).at(3).startsWith(QStringLiteral("★ ")));
    QVERIFY(root->textContent().contains(QStringLiteral("Starred events only (3 of 8).")));
    // Metrics still use the whole timeline.
    const auto m = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Key times")));
    QCOMPARE(m.at(1).at(1), QStringLiteral("~20 min"));
}

void TestReportWriter::previewRowsCutLongTablesOnly_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("events"); // rows the timeline table must have
    QTest::addColumn<int>("actions");
    const int e = int(postMortem().events.size());
    const int a = int(postMortem().actions.size());
    QTest::newRow("0: everything") << 0 << e << a;
    QTest::newRow("larger than the lists") << 100 << e << a;
    QTest::newRow("exactly the lists' size") << std::max(e, a) << e << a;
    QTest::newRow("2: both cut") << 2 << 2 << 2;
}

void TestReportWriter::previewRowsCutLongTablesOnly()
{
    QFETCH(int, limit);
    QFETCH(int, events);
    QFETCH(int, actions);
    const SessionSnapshot s = postMortem();
    ReportOptions o = fixedOptions();
    o.previewRows = limit;
    const auto root = parsed(report(s, o));
    QVERIFY(root);
    QCOMPARE(
        cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Timeline"))).size(), events + 1);
    QCOMPARE(cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Action items"))).size(),
        actions + 1);
    const QString text = root->textContent();
    const bool eventsCut = events < s.events.size();
    QCOMPARE(
        text.contains(
            QStringLiteral("Preview: the first %1 of %2 events.").arg(events).arg(s.events.size())),
        eventsCut);
    QCOMPARE(text.contains(QStringLiteral("of %1 actions.").arg(s.actions.size())),
        actions < s.actions.size());
    // Not cut: byte for byte the report without the option.
    if (!eventsCut && actions == s.actions.size())
        QCOMPARE(report(s, o), report(s, fixedOptions()));
}

void TestReportWriter::otherTimeZone_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("first");
    QTest::newRow("New York") << "America/New_York"
                              << "Time (America/New_York, EST)"
                              << "2017-01-31 12:00";
    QTest::newRow("Kolkata, half-hour offset") << "Asia/Kolkata"
                                               << "Time (Asia/Kolkata, IST)"
                                               << "2017-01-31 22:30";
    QTest::newRow("UTC: one time column") << "UTC"
                                          << "Time (UTC)"
                                          << "2017-01-31 17:00";
}

void TestReportWriter::otherTimeZone()
{
    QFETCH(QString, zone);
    QFETCH(QString, header);
    QFETCH(QString, first);
    ReportOptions o = fixedOptions();
    o.timeZone = zone;
    const auto root = parsed(report(postMortem(), o));
    QVERIFY(root);
    const auto rows = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Timeline")));
    QCOMPARE(rows.at(0).at(0), header);
    QCOMPARE(rows.at(1).at(0), first);
    QCOMPARE(rows.at(0).size(), zone == QLatin1String("UTC") ? 5 : 6);
    // Evidence follows the display zone too.
    QVERIFY(root->textContent().contains(QStringLiteral("Evidence: ")
        + first.mid(11)
              .replace(QStringLiteral("12:00"), QStringLiteral("12:40"))
              .replace(QStringLiteral("22:30"), QStringLiteral("23:10"))
              .replace(QStringLiteral("17:00"), QStringLiteral("17:40"))));
}

void TestReportWriter::daylightSavingChange()
{
    // Berlin switches from CET to CEST at 01:00 UTC on 2017-03-26.
    SessionSnapshot s = postMortem();
    s.events.resize(2);
    s.events[0].time = EventTime::at(utc(0, 30, 0, QDate(2017, 3, 26)));
    s.events[1].time = EventTime::at(utc(1, 30, 0, QDate(2017, 3, 26)));
    const auto root = parsed(report(s, fixedOptions()));
    QVERIFY(root);
    const auto rows = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Timeline")));
    QCOMPARE(rows.at(0).at(0), QStringLiteral("Time (Europe/Berlin)"));
    QCOMPARE(rows.at(1).at(0), QStringLiteral("2017-03-26 01:30 CET"));
    QCOMPARE(rows.at(2).at(0), QStringLiteral("2017-03-26 03:30 CEST"));
}

void TestReportWriter::unknownZones()
{
    ReportOptions o = fixedOptions();
    o.timeZone = QStringLiteral("Mars/Olympus_Mons");
    Status st = hindsight::ok();
    const QByteArray md = report(postMortem(), o, &st);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, ErrorCode::InvalidInput);
    QVERIFY(md.isEmpty());

    // A stored zone this machine does not know: UTC, said plainly, instead of no report.
    SessionSnapshot s = postMortem();
    s.session.timeZone = QStringLiteral("Nowhere/Land");
    const auto root = parsed(report(s, fixedOptions(), &st));
    QVERIFY(st.ok());
    QVERIFY(root);
    const auto meta = cmarkgfm::tableCells(*root->findAll(QStringLiteral("table")).at(0));
    QCOMPARE(meta.at(1).at(5), QStringLiteral("UTC (unknown zone \"Nowhere/Land\", times in UTC)"));
    const auto rows = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Timeline")));
    QCOMPARE(rows.at(0).at(0), QStringLiteral("Time (UTC)"));
}

void TestReportWriter::sectionsOff()
{
    ReportOptions o = fixedOptions();
    o.sections &=
        ~(ReportOptions::Timeline | ReportOptions::Metrics | ReportOptions::PrimeDirective);
    auto root = parsed(report(postMortem(), o));
    QVERIFY(root);
    QCOMPARE(sections(*root),
        (QStringList {QStringLiteral("Summary"), QStringLiteral("Impact"),
            QStringLiteral("Participants"), QStringLiteral("Why chains"),
            QStringLiteral("Action items"), QStringLiteral("Lessons learned")}));
    QVERIFY(root->findAll(QStringLiteral("blockquote")).isEmpty());

    o.sections = {};
    root = parsed(report(postMortem(), o));
    QVERIFY(root);
    QCOMPARE(root->elements().size(), 2); // title and metadata only
    QCOMPARE(root->elements().at(0)->name, QStringLiteral("h1"));
    QCOMPARE(root->elements().at(1)->name, QStringLiteral("table"));

    o.sections = ReportOptions::RiskMatrix;
    root = parsed(report(preMortem(), o));
    QVERIFY(root);
    QCOMPARE(sections(*root), QStringList {QStringLiteral("Risk matrix")});
}

void TestReportWriter::overdueDependsOnToday()
{
    ReportOptions o = fixedOptions();
    o.today = QDate(2017, 1, 19);
    const QByteArray early = report(postMortem(), o);
    QVERIFY(!early.contains("overdue"));
    o.today = QDate(2017, 2, 11); // A2 (in progress, due 02-10) and A4 (open, 01-20)
    const QByteArray later = report(postMortem(), o);
    QCOMPARE(later.count("⚠ overdue"), 2);
}

void TestReportWriter::preMortemStructure()
{
    const SessionSnapshot s = preMortem();
    const QByteArray md = report(s, fixedOptions());
    QVERIFY(!md.contains("SECRET")); // unrevealed ideas stay private
    const auto root = parsed(md);
    QVERIFY(root);
    const QSet<QString> unexpected = root->elementNames() - kAllowed;
    QVERIFY2(
        unexpected.isEmpty(), qPrintable(QStringList(unexpected.values()).join(QLatin1Char(','))));
    QCOMPARE(sections(*root),
        (QStringList {QStringLiteral("The catastrophe"), QStringLiteral("Participants"),
            QStringLiteral("Rounds"), QStringLiteral("Ideas"), QStringLiteral("Risk ranking"),
            QStringLiteral("Risk matrix"), QStringLiteral("Mitigations")}));
    QCOMPARE(root->findAll(QStringLiteral("h1")).at(0)->textContent(), s.session.title);
    QCOMPARE(root->findAll(QStringLiteral("blockquote")).at(0)->textContent().trimmed(),
        s.session.catastrophe);

    const auto rounds = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Rounds")));
    QCOMPARE(rounds.size(), 4);
    QCOMPARE(rounds.at(1),
        (QStringList {QStringLiteral("1"), QStringLiteral("Red"), QStringLiteral("Ana, Bo, Chen"),
            QStringLiteral("5 min"), QStringLiteral("3")}));

    const auto byVotes = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("By votes")));
    QCOMPARE(byVotes.size(), 5);
    QCOMPARE(byVotes.at(1).mid(0, 3),
        (QStringList {QStringLiteral("1"), QStringLiteral("Backend can't scale | `k8s`"),
            QStringLiteral("5")}));
    QCOMPARE(byVotes.at(2).mid(0, 3),
        (QStringList {QStringLiteral("1"), QStringLiteral("Nobody knows the launch date"),
            QStringLiteral("5")}));
    QCOMPARE(byVotes.at(3).mid(0, 3),
        (QStringList {
            QStringLiteral("3"), QStringLiteral("App store rejection"), QStringLiteral("4")}));
    QCOMPARE(byVotes.at(4).mid(0, 3),
        (QStringList {QStringLiteral("4"), QStringLiteral("Legal <b>blocks</b> the launch"),
            QStringLiteral("0")}));

    const auto byScore =
        cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("By score (likelihood × impact)")));
    QCOMPARE(byScore.size(), 5);
    QCOMPARE(byScore.at(3),
        (QStringList {QStringLiteral("3"), QStringLiteral("App store rejection"),
            QStringLiteral("3 in 10"), QStringLiteral("5"), QStringLiteral("15")}));
    QCOMPARE(byScore.at(4).at(4), QStringLiteral("not scored"));

    // The matrix: likelihood 10..0 down, impact 1..5 across, titles in their cells.
    const auto matrix = cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Risk matrix")));
    QCOMPARE(matrix.size(), 12);
    for (const QStringList &row : matrix)
        QCOMPARE(row.size(), 6);
    QCOMPARE(matrix.at(0).at(5), QStringLiteral("Impact 5"));
    QCOMPARE(matrix.at(5).at(0), QStringLiteral("6 in 10"));
    QCOMPARE(matrix.at(5).at(4),
        QStringLiteral("Backend can't scale | `k8s`\nNobody knows the launch date"));
    QCOMPARE(matrix.at(8).at(5), QStringLiteral("App store rejection"));
    int filled = 0;
    for (const QStringList &row : matrix.mid(1))
        for (const QString &cell : row.mid(1))
            filled += cell.isEmpty() ? 0 : 1;
    QCOMPARE(filled, 2);
    QVERIFY(root->textContent().contains(
        QStringLiteral("Not scored yet: Legal <b>blocks</b> the launch")));

    const auto mitigations =
        cmarkgfm::tableCells(*tableAfter(*root, QStringLiteral("Mitigations")));
    QCOMPARE(mitigations.size(), 3);
    QCOMPARE(mitigations.at(0).at(2), QStringLiteral("Risks"));
    QCOMPARE(mitigations.at(2).at(2),
        QStringLiteral("Nobody knows the launch date; Legal <b>blocks</b> the launch"));
    QCOMPARE(mitigations.at(2).at(3), QStringLiteral("⚠ owner missing"));

    const QString all = root->textContent();
    QVERIFY(all.contains(QStringLiteral("in 6 of 10 projects like this · impact 4 of 5 · found by "
                                        "2 groups in 3 rounds · 3 ideas · 5 votes")));
    QVERIFY(all.contains(QStringLiteral("# Autoscaling off in prod")));
    QVERIFY(all.contains(QStringLiteral("1 idea was not revealed and is left out.")));
}

void TestReportWriter::ranking()
{
    const QList<RankedTheme> r = rankThemes(preMortem());
    QCOMPARE(r.size(), 4);
    QList<Id> order;
    for (const RankedTheme &t : r)
        order.append(t.theme.id);
    QCOMPARE(order, (QList<Id> {2, 3, 1, 4}));
    // theme 2: ideas in rounds 1 (Red), 2 (Blue), 3 ("red ", the same group as round 1).
    QCOMPARE(r.at(0).votes, 5);
    QCOMPARE(r.at(0).ideas, 3);
    QCOMPARE(r.at(0).rounds, 3);
    QCOMPARE(r.at(0).groups, 2);
    QCOMPARE(r.at(0).score, 24);
    QCOMPARE(r.at(0).voteRank, 1);
    QCOMPARE(r.at(1).voteRank, 1); // tie on votes
    QCOMPARE(r.at(0).scoreRank, 1);
    QCOMPARE(r.at(1).scoreRank, 1); // tie on score
    QCOMPARE(r.at(2).voteRank, 3);
    QCOMPARE(r.at(2).scoreRank, 3);
    // theme 4: one revealed idea in round 3 and an unrevealed one in round 1 — both count.
    QCOMPARE(r.at(3).ideas, 2);
    QCOMPARE(r.at(3).rounds, 2);
    QCOMPARE(r.at(3).groups, 1);
    QCOMPARE(r.at(3).score, -1);
    QCOMPARE(r.at(3).scoreRank, 0);
    QCOMPARE(r.at(3).voteRank, 4);

    const QList<RankedTheme> byScore = sortByScore(r);
    QCOMPARE(byScore.at(2).theme.id, Id(1));
    QCOMPARE(byScore.at(3).theme.id, Id(4));
    QVERIFY(rankThemes(SessionSnapshot {}).isEmpty());
}

void TestReportWriter::deviceError()
{
    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    const Status st = writeReport(postMortem(), fixedOptions(), &readOnly);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, ErrorCode::Io);
}

QTEST_GUILESS_MAIN(TestReportWriter)
#include "tst_reportwriter.moc"
