#include "cmarkgfm.h"
#include "commandline.h"
#include "jsonformat.h"
#include "testfiles.h"
#include "workspace.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <unistd.h>

using namespace hindsight;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList &args, const QByteArray &input = {})
{
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    QBuffer in;
    in.setData(input);
    in.open(QIODevice::ReadOnly);
    r.code = runCommand(parseCommandLine(args), out, err, &in);
    out.flush();
    err.flush();
    return r;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void parsing_data();
    void parsing();
    void newListAddExport();
    void hostileTextExportsAsTheIntendedTable();
    void importTimeline();
    void jsonRoundTrip();
    void errors_data();
    void errors();
    void badWorkspaceFiles();
    void realExecutable();
    void startsFromAnyFolder();
    void appStartsOnTheWorkspace();
    void walWorkspaceInReadOnlyFolder();

private:
    QString ws() const { return m_dir->filePath(QStringLiteral("w.hindsight")); }
    Id newSession(const QString &title = QStringLiteral("Checkout outage"));
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCommandLine::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

Id TestCommandLine::newSession(const QString &title)
{
    const Run r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("new"),
        QStringLiteral("--kind"), QStringLiteral("postmortem"), QStringLiteral("--title"), title,
        QStringLiteral("--date"), QStringLiteral("2024-03-05"), QStringLiteral("--zone"),
        QStringLiteral("Europe/Berlin")});
    if (r.code != 0)
        qWarning() << r.err;
    return r.out.trimmed().toLongLong();
}

void TestCommandLine::parsing_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("workspace");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("rest");
    QTest::addColumn<bool>("hasError");
    QTest::newRow("nothing: the GUI")
        << QStringList {} << QString() << QString() << QStringList {} << false;
    QTest::newRow("workspace only: the GUI")
        << QStringList {QStringLiteral("--workspace"), QStringLiteral("a.hindsight")}
        << QStringLiteral("a.hindsight") << QString() << QStringList {} << false;
    QTest::newRow("Qt GUI options are left alone")
        << QStringList {QStringLiteral("-platform"), QStringLiteral("offscreen")} << QString()
        << QString() << QStringList {} << false;
    QTest::newRow("command with options")
        << QStringList {QStringLiteral("--workspace=x.hindsight"), QStringLiteral("export"),
               QStringLiteral("--session"), QStringLiteral("3")}
        << QStringLiteral("x.hindsight") << QStringLiteral("export")
        << QStringList {QStringLiteral("--session"), QStringLiteral("3")} << false;
    QTest::newRow("workspace after the command")
        << QStringList {QStringLiteral("list"), QStringLiteral("--workspace"), QStringLiteral("y")}
        << QStringLiteral("y") << QStringLiteral("list") << QStringList {} << false;
    QTest::newRow("unknown command") << QStringList {QStringLiteral("blame")} << QString()
                                     << QStringLiteral("blame") << QStringList {} << true;
    QTest::newRow("workspace without file") << QStringList {QStringLiteral("--workspace")}
                                            << QString() << QString() << QStringList {} << true;
}

void TestCommandLine::parsing()
{
    QFETCH(QStringList, args);
    QFETCH(QString, workspace);
    QFETCH(QString, command);
    QFETCH(QStringList, rest);
    QFETCH(bool, hasError);
    const CommandLineRequest r = parseCommandLine(args);
    QCOMPARE(r.workspace, workspace);
    QCOMPARE(r.command, command);
    QCOMPARE(r.arguments, rest);
    QCOMPARE(!r.error.isEmpty(), hasError);
}

void TestCommandLine::newListAddExport()
{
    const Id id = newSession();
    QVERIFY(id > 0);
    Run r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("list")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("%1\tpostmortem\tdraft\t2024-03-05\tCheckout outage\n").arg(id));

    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"),
        QStringLiteral("14:05"), QStringLiteral("--kind"), QStringLiteral("detection"),
        QStringLiteral("--text"), QStringLiteral("Alert fires"), QStringLiteral("--star")});
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"),
        QStringLiteral("~13:58"), QStringLiteral("--kind"), QStringLiteral("impact-start"),
        QStringLiteral("--text"), QStringLiteral("Payments fail")});
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"),
        QStringLiteral("+5m"), QStringLiteral("--kind"), QStringLiteral("mitigation"),
        QStringLiteral("--text"), QStringLiteral("Rolled back")});
    QCOMPARE(r.code, 0);

    auto w = Workspace::open(ws());
    QVERIFY(w);
    auto events = (*w)->events(id);
    QVERIFY(events);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(0).text, QStringLiteral("Payments fail"));
    QCOMPARE(events->at(0).time.certainty, TimeCertainty::Approximate);
    // 14:05 in Berlin in March is 13:05 UTC; "+5m" follows the latest event.
    QCOMPARE(events->at(1).time.utc, QDateTime(QDate(2024, 3, 5), QTime(13, 5), Qt::UTC));
    QVERIFY(events->at(1).starred);
    QCOMPARE(events->at(2).time.utc, QDateTime(QDate(2024, 3, 5), QTime(13, 10), Qt::UTC));

    const QString md = m_dir->filePath(QStringLiteral("report.md"));
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("export"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("-o"), md});
    QCOMPARE(r.code, 0);
    QFile f(md);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.startsWith("# Checkout outage"));
    QVERIFY(text.contains("Rolled back"));
}

void TestCommandLine::hostileTextExportsAsTheIntendedTable()
{
    const Id id = newSession(QStringLiteral("# Not a <b>heading</b> | pipe"));
    const QString hostile = QStringLiteral(
        "a | b <b>bold</b> # not heading\nsecond line `code` [x](javascript:alert(1))");
    Run r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"),
        QStringLiteral("10:00"), QStringLiteral("--kind"), QStringLiteral("note"),
        QStringLiteral("--text"), hostile, QStringLiteral("--reporter"),
        QStringLiteral("<script>alert(1)</script>")});
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"),
        QStringLiteral("11:00"), QStringLiteral("--kind"), QStringLiteral("resolution"),
        QStringLiteral("--text"), QStringLiteral("plain")});
    QCOMPARE(r.code, 0);
    const QString md = m_dir->filePath(QStringLiteral("report.md"));
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("export"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--output"), md});
    QCOMPARE(r.code, 0);
    QFile f(md);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString error;
    auto doc = cmarkgfm::render(f.readAll(), &error);
    QVERIFY2(doc, qPrintable(error));
    // No element the user typed: no <b>, <script>, <a>, <code>, and one h1 only.
    const QSet<QString> names = doc->elementNames();
    for (const char *forbidden : {"b", "script", "a", "code"})
        QVERIFY2(!names.contains(QLatin1String(forbidden)), forbidden);
    QCOMPARE(doc->findAll(QStringLiteral("h1")).size(), 1);
    QCOMPARE(doc->findAll(QStringLiteral("h1")).first()->textContent(),
        QStringLiteral("# Not a <b>heading</b> | pipe"));
    // Find the timeline table: the one with the event text, with both rows intact.
    const cmarkgfm::Node *timeline = nullptr;
    for (const cmarkgfm::Node *t : doc->findAll(QStringLiteral("table")))
        if (t->textContent().contains(QStringLiteral("plain")))
            timeline = t;
    QVERIFY(timeline);
    const QList<QStringList> cells = cmarkgfm::tableCells(*timeline);
    QCOMPARE(cells.size(), 3); // header + two events
    const int columns = int(cells.first().size());
    for (const QStringList &row : cells)
        QCOMPARE(row.size(), columns);
    bool found = false;
    for (const QString &cell : cells[1]) {
        if (cell.startsWith(QStringLiteral("a | b"))) {
            QCOMPARE(cell, QString(hostile).replace(QLatin1Char('\n'), QLatin1Char('\n')));
            found = true;
        }
    }
    QVERIFY2(found, qPrintable(cells[1].join(QStringLiteral(" ¦ "))));
    QVERIFY(cells[1].contains(QStringLiteral("<script>alert(1)</script>")));
    // The newline inside the cell is our <br>, the only element inside the row.
    QCOMPARE(timeline->findAll(QStringLiteral("br")).size(), 1);
}

void TestCommandLine::importTimeline()
{
    const Id id = newSession();
    const QByteArray log = "[10:15] alice: paged for checkout errors\n"
                           "[10:02] bob: customers report failed payments\n"
                           "\n"
                           "something without a time\n"
                           "10:30 rolled back the gateway config\n";
    Run r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("import-timeline"),
                    QStringLiteral("--session"), QString::number(id), QStringLiteral("-")},
        log);
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("line 1: 2024-03-05 10:15")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("4 events imported (1 with an unknown time)")));
    auto w = Workspace::open(ws());
    QVERIFY(w);
    auto events = (*w)->events(id);
    QCOMPARE(events->size(), 4);
    QCOMPARE(events->at(0).text, QStringLiteral("customers report failed payments"));
    QCOMPARE(events->at(0).reporterText, QStringLiteral("bob"));
    QCOMPARE(events->at(0).kind, EventKind::ImpactStart);
    // The unreadable line is kept, with an unknown time, where it was pasted (after 10:15).
    QCOMPARE(events->at(2).text, QStringLiteral("something without a time"));
    QCOMPARE(events->at(2).time.certainty, TimeCertainty::Unknown);

    // --dry-run writes nothing.
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("import-timeline"),
                QStringLiteral("--dry-run"), QStringLiteral("--session"), QString::number(id),
                QStringLiteral("-")},
        log);
    QCOMPARE(r.code, 0);
    QCOMPARE((*w)->events(id)->size(), 4);
}

void TestCommandLine::jsonRoundTrip()
{
    const Id id = newSession();
    Run r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("add-event"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--time"), QString(),
        QStringLiteral("--text"), QStringLiteral("unknown time, emoji 🔥, RTL \u202E")});
    QCOMPARE(r.code, 0);
    const QString json = m_dir->filePath(QStringLiteral("s.json"));
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("export"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("--format"),
        QStringLiteral("json"), QStringLiteral("-o"), json});
    QCOMPARE(r.code, 0);
    const QString other = m_dir->filePath(QStringLiteral("other.hindsight"));
    r = run({QStringLiteral("--workspace"), other, QStringLiteral("import"), json});
    QCOMPARE(r.code, 0);
    const Id copy = r.out.trimmed().toLongLong();
    auto a = Workspace::open(ws());
    auto b = Workspace::open(other);
    QVERIFY(a && b);
    auto sa = (*a)->snapshot(id);
    auto sb = (*b)->snapshot(copy);
    QVERIFY(sa && sb);
    QCOMPARE(sb->session.title, sa->session.title);
    QCOMPARE(sb->events.size(), 1);
    QCOMPARE(sb->events[0].text, sa->events[0].text);
    QCOMPARE(sb->events[0].time, sa->events[0].time);
}

void TestCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList {QStringLiteral("frobnicate")} << int(ExitUsage)
                                     << QStringLiteral("unknown command");
    QTest::newRow("unknown option")
        << QStringList {QStringLiteral("list"), QStringLiteral("--bogus")} << int(ExitUsage)
        << QStringLiteral("unknown option --bogus");
    QTest::newRow("missing value")
        << QStringList {QStringLiteral("export"), QStringLiteral("--session")} << int(ExitUsage)
        << QStringLiteral("needs a value");
    QTest::newRow("bad kind") << QStringList {QStringLiteral("new"), QStringLiteral("--kind"),
        QStringLiteral("retro"), QStringLiteral("--title"), QStringLiteral("x")}
                              << int(ExitUsage) << QStringLiteral("postmortem or premortem");
    QTest::newRow("no title") << QStringList {QStringLiteral("new")} << int(ExitUsage)
                              << QStringLiteral("--title");
    QTest::newRow("no such session") << QStringList {QStringLiteral("export"),
        QStringLiteral("--session"), QStringLiteral("999")}
                                     << int(ExitNotFound) << QStringLiteral("does not exist");
    QTest::newRow("session not a number")
        << QStringList {QStringLiteral("export"), QStringLiteral("--session"),
               QStringLiteral("1; DROP TABLE session")}
        << int(ExitDataError) << QStringLiteral("positive number");
    QTest::newRow("bad time") << QStringList {QStringLiteral("add-event"),
        QStringLiteral("--session"), QStringLiteral("1"), QStringLiteral("--time"),
        QStringLiteral("25:99"), QStringLiteral("--text"), QStringLiteral("x")}
                              << int(ExitDataError) << QStringLiteral("cannot read the time");
    QTest::newRow("bad event kind") << QStringList {QStringLiteral("add-event"),
        QStringLiteral("--session"), QStringLiteral("1"), QStringLiteral("--kind"),
        QStringLiteral("blame"), QStringLiteral("--text"), QStringLiteral("x")}
                                    << int(ExitUsage) << QStringLiteral("impact-start");
    QTest::newRow("missing input file")
        << QStringList {QStringLiteral("import"), QStringLiteral("/nonexistent/x.json")}
        << int(ExitNotFound) << QStringLiteral("cannot read");
    QTest::newRow("bad zone") << QStringList {QStringLiteral("new"), QStringLiteral("--title"),
        QStringLiteral("x"), QStringLiteral("--zone"), QStringLiteral("Mars/Olympus")}
                              << int(ExitDataError) << QStringLiteral("unknown time zone");
}

void TestCommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    QCOMPARE(newSession(), Id(1));
    const Run r = run(QStringList {QStringLiteral("--workspace"), ws()} + args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.err.startsWith(QStringLiteral("hindsight: ")));
    QVERIFY(r.out.isEmpty());
}

void TestCommandLine::badWorkspaceFiles()
{
    const QString garbage = m_dir->filePath(QStringLiteral("garbage.hindsight"));
    {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a database\n");
    }
    Run r = run({QStringLiteral("--workspace"), garbage, QStringLiteral("list")});
    QCOMPARE(r.code, int(ExitDataError));
    QVERIFY(r.err.contains(QStringLiteral("not a Hindsight workspace")));
    r = run({QStringLiteral("--workspace"), m_dir->filePath(QStringLiteral("missing.hindsight")),
        QStringLiteral("list")});
    QCOMPARE(r.code, int(ExitNotFound));
    r = run({QStringLiteral("--workspace"), m_dir->path(), QStringLiteral("list")});
    QCOMPARE(r.code, int(ExitDataError));
    QVERIFY(r.err.contains(QStringLiteral("folder")));
    // An invalid JSON file leaves the workspace as it was.
    const Id id = newSession();
    QVERIFY(id > 0);
    const QString bad = m_dir->filePath(QStringLiteral("bad.json"));
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"format": "hindsight-session", "version": 1, "session": {"kind": "postmortem"}})");
    }
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("import"), bad});
    QCOMPARE(r.code, int(ExitDataError));
    QVERIFY2(r.err.contains(QStringLiteral("session.title")), qPrintable(r.err));
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("list")});
    QCOMPARE(r.out.count(QLatin1Char('\n')), 1);
    // Output into a folder that does not exist.
    r = run({QStringLiteral("--workspace"), ws(), QStringLiteral("export"),
        QStringLiteral("--session"), QString::number(id), QStringLiteral("-o"),
        QStringLiteral("/nonexistent/dir/report.md")});
    QCOMPARE(r.code, int(ExitCannotCreate));
}

void TestCommandLine::realExecutable()
{
    // The issue's own proof: the shipped binary, with new and add-event, exports Markdown that
    // cmark-gfm renders as the intended table.
    const QString exe = QStringLiteral(HINDSIGHT_EXECUTABLE);
    QVERIFY(QFile::exists(exe));
    auto hs = [&](const QStringList &args, QByteArray *out = nullptr) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // a command must not need a display
        p.setProcessEnvironment(env);
        p.start(exe, QStringList {QStringLiteral("--workspace"), ws()} + args);
        if (!p.waitForFinished(30000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput();
        return p.exitCode();
    };
    QByteArray out;
    QCOMPARE(hs({QStringLiteral("new"), QStringLiteral("--kind"), QStringLiteral("postmortem"),
                    QStringLiteral("--title"), QStringLiteral("DNS outage")},
                 &out),
        0);
    const QString id = QString::fromUtf8(out).trimmed();
    QCOMPARE(hs({QStringLiteral("add-event"), QStringLiteral("--session"), id,
                 QStringLiteral("--time"), QStringLiteral("2017-01-31 18:00 UTC"),
                 QStringLiteral("--kind"), QStringLiteral("impact-start"), QStringLiteral("--text"),
                 QStringLiteral("Resolver | cache <b>flushed</b>\n# twice")}),
        0);
    QCOMPARE(hs({QStringLiteral("export"), QStringLiteral("--session"), id}, &out), 0);
    QString error;
    auto doc = cmarkgfm::render(out, &error);
    QVERIFY2(doc, qPrintable(error));
    QVERIFY(!doc->elementNames().contains(QStringLiteral("b")));
    bool found = false;
    for (const cmarkgfm::Node *t : doc->findAll(QStringLiteral("table"))) {
        for (const QStringList &row : cmarkgfm::tableCells(*t))
            found =
                found || row.contains(QStringLiteral("Resolver | cache <b>flushed</b>\n# twice"));
    }
    QVERIFY2(found, out.constData());
    QCOMPARE(hs({QStringLiteral("export"), QStringLiteral("--session"), QStringLiteral("42")}),
        int(ExitNotFound));
    QCOMPARE(hs({QStringLiteral("--help")}, &out), 0);
    QVERIFY(out.contains("Usage: hindsight"));
}

// The dynamic loader must look for the executable's libraries where the system keeps them, not
// in the folder it was started from: a file there named like one of them would stop the start
// ("file too short") or, worse, be loaded and run.
void TestCommandLine::startsFromAnyFolder()
{
    const QString folder = m_dir->filePath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(folder));
    for (const char *name : {"libQt6Core.so.6", "libQt6Sql.so.6", "libsqlite3.so.0"}) {
        QFile planted(folder + u'/' + QLatin1String(name));
        QVERIFY(planted.open(QIODevice::WriteOnly));
        planted.write("not a library");
    }
    QProcess p;
    p.setWorkingDirectory(folder);
    p.start(QStringLiteral(HINDSIGHT_EXECUTABLE), {QStringLiteral("--version")});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QVERIFY(p.readAllStandardOutput().startsWith("hindsight "));
}

// The shipped binary as the app (ui/startup.h: another thread reads the fonts, then the session
// list while the window is built): its first frame lists the workspace, then its newest session
// opens. The benchmark
// hook (app/benchhook.h) says when each frame is on screen and quits.
void TestCommandLine::appStartsOnTheWorkspace()
{
    const QString exe = QStringLiteral(HINDSIGHT_EXECUTABLE);
    QVERIFY(QFile::exists(exe));
    QCOMPARE(run({QStringLiteral("--workspace"), ws(), QStringLiteral("new"),
                     QStringLiteral("--kind"), QStringLiteral("postmortem"),
                     QStringLiteral("--title"), QStringLiteral("Cache stampede 東京")})
                 .code,
        0);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Neither the user's settings nor their recent files.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("HINDSIGHT_BENCH_EXIT_WHEN_SHOWN"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(exe,
        {QStringLiteral("--workspace"), ws(), QStringLiteral("-platform"),
            QStringLiteral("offscreen")});
    QVERIFY2(p.waitForFinished(60000), "the app did not show its window and quit");
    const QByteArray out = p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const qsizetype shown = out.indexOf("shown ");
    const qsizetype session = out.indexOf("session ");
    QVERIFY2(shown >= 0 && session > shown, out.constData());
    const Run list = run({QStringLiteral("--workspace"), ws(), QStringLiteral("list")});
    QVERIFY(list.out.contains(QStringLiteral("Cache stampede 東京")));
}

// A WAL workspace in a folder the user cannot write (read-only media, a colleague's share) is
// read as it is and left untouched; one with commits still waiting in its log is refused with a
// message rather than shown older than it is. The shipped binary, as that user.
void TestCommandLine::walWorkspaceInReadOnlyFolder()
{
    // Permissions do not bind root: as root, run the binary as "nobody" (setpriv, util-linux).
    QStringList asUser;
    if (::geteuid() == 0) {
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        if (setpriv.isEmpty())
            QSKIP("running as root without setpriv: the permission to write cannot be dropped");
        asUser = {setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
            QStringLiteral("--clear-groups"), QStringLiteral("--")};
    }
    const auto everyone = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther
        | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    QVERIFY(QFile::setPermissions(m_dir->path(), everyone | QFileDevice::WriteOwner));
    const QString shared = m_dir->filePath(QStringLiteral("shared"));
    const QString pending = m_dir->filePath(QStringLiteral("pending"));
    QVERIFY(QDir().mkpath(shared) && QDir().mkpath(pending));
    const QString path = shared + QStringLiteral("/w.hindsight");
    {
        auto w = Workspace::open(path, OpenOptions {.create = true});
        QVERIFY(w);
        Session s;
        s.title = QStringLiteral("Shared outage 東京");
        QVERIFY((*w)->createSession(s));
        s.title = QStringLiteral("Only in the log");
        QVERIFY((*w)->createSession(s));
        // As a crash would leave it: the file and a log still holding the last commit.
        QVERIFY(QFile::copy(path, pending + QStringLiteral("/w.hindsight")));
        QVERIFY(QFile::copy(
            path + QStringLiteral("-wal"), pending + QStringLiteral("/w.hindsight-wal")));
    } // closing folds the log into the shared file
    const QString pendingPath = pending + QStringLiteral("/w.hindsight");
    for (const QString &folder : {shared, pending}) {
        for (const QFileInfo &f : QDir(folder).entryInfoList(QDir::Files))
            QVERIFY(QFile::setPermissions(f.filePath(),
                QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QVERIFY(QFile::setPermissions(folder, everyone));
    }
    const QByteArray sharedBefore = test::fileHash(path);
    const QByteArray pendingBefore = test::fileHash(pendingPath);
    const QStringList sharedFiles = QDir(shared).entryList(QDir::Files);

    auto hs = [&](const QString &workspace, const QStringList &args, QByteArray *out,
                  QByteArray *err) {
        QProcess p;
        QStringList command = asUser;
        command << QStringLiteral(HINDSIGHT_EXECUTABLE) << QStringLiteral("--workspace")
                << workspace << args;
        p.start(command.takeFirst(), command);
        if (!p.waitForFinished(30000))
            return -1;
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    };
    QByteArray out;
    QByteArray err;
    QCOMPARE(hs(path, {QStringLiteral("list")}, &out, &err), 0);
    QVERIFY2(
        QString::fromUtf8(out).contains(QStringLiteral("Shared outage 東京")), err.constData());
    QVERIFY(QString::fromUtf8(out).contains(QStringLiteral("Only in the log")));
    QCOMPARE(hs(path, {QStringLiteral("export"), QStringLiteral("--session"), QStringLiteral("1")},
                 &out, &err),
        0);
    QVERIFY(out.startsWith("# Shared outage"));
    QCOMPARE(test::fileHash(path), sharedBefore);
    QCOMPARE(QDir(shared).entryList(QDir::Files), sharedFiles);

    QVERIFY(hs(pendingPath, {QStringLiteral("list")}, &out, &err) != 0);
    QVERIFY2(QString::fromUtf8(err).contains(QStringLiteral("recent changes")), err.constData());
    QVERIFY(out.isEmpty());
    QCOMPARE(test::fileHash(pendingPath), pendingBefore);

    // Let QTemporaryDir clean up as any user.
    for (const QString &folder : {shared, pending})
        QVERIFY(QFile::setPermissions(folder, everyone | QFileDevice::WriteOwner));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
