// hindsight_bench: measures what a user waits for, on a generated workspace of realistic
// size, and prints a Markdown table. Not a pass/fail test: the numbers depend on the machine,
// so docs/performance.md records them together with the machine they came from.
//
//   hindsight_bench [--runs N] [--adds N] [--keep DIR] [--workspace FILE]   everything
//   hindsight_bench generate FILE             only write the workspace (for profiling)
//   hindsight_bench open-big FILE ID          child process of measure (2): prints "ms kib"
//   hindsight_bench cold FILE [RUNS]          measure (1) alone, on a copy of FILE
//   hindsight_bench add FILE ID N             N durable event adds (for profiling)
//   hindsight_bench search FILE WORD          one search (for profiling)
//   hindsight_bench parse                     one parse of the 10,000-line chat log

#include "actionmodel.h"
#include "actionspage.h"
#include "benchhook.h"
#include "generator.h"
#include "mainwindow.h"
#include "timelinemodel.h"
#include "timelinepage.h"
#include "timelineparser.h"
#include "whypage.h"
#include "whytreemodel.h"
#include "workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace hindsight;

namespace {

constexpr int kBigEvents = 10'000;
constexpr int kBigActions = 1'000;
constexpr int kChatLines = 10'000;
constexpr int kAdds = 1'000;

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

struct Stats {
    double median = 0;
    double min = 0;
    double max = 0;
    double p99 = 0;
    int count = 0;
};

Stats statsOf(QList<double> samples)
{
    Stats s;
    if (samples.isEmpty())
        return s;
    std::sort(samples.begin(), samples.end());
    const qsizetype n = samples.size();
    s.count = int(n);
    s.min = samples.first();
    s.max = samples.last();
    s.median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    // Nearest-rank percentile.
    const qsizetype rank = std::max<qsizetype>(1, qsizetype((99 * n + 99) / 100));
    s.p99 = samples[std::min(n, rank) - 1];
    return s;
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

QString fmt(double v, const QString &unit = u"ms"_s)
{
    return QString::number(v, 'f', v < 10 ? 2 : 1) + u' ' + unit;
}

// The processes started here must not read or write the user's settings and recent files.
QProcessEnvironment childEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/cache"_s);
    env.insert(u"HINDSIGHT_BENCH_EXIT_WHEN_SHOWN"_s, u"1"_s);
    return env;
}

// Wall time of one process from start to exit; nullopt when it failed.
std::optional<double> timeProcess(const QString &program, const QStringList &arguments,
    const QProcessEnvironment &env, const QString &stdoutFile = {},
    QByteArray *stdoutData = nullptr)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile);
    QElapsedTimer t;
    t.start();
    p.start(program, arguments);
    if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit
        || p.exitCode() != 0) {
        err() << "failed: " << program << ' ' << arguments.join(u' ') << ": "
              << QString::fromLocal8Bit(p.readAllStandardError()) << Qt::endl;
        return std::nullopt;
    }
    const double ms = msSince(t);
    if (stdoutData)
        *stdoutData = p.readAllStandardOutput();
    return ms;
}

// Milliseconds from starting a program to the frames it stamps under
// HINDSIGHT_BENCH_EXIT_WHEN_SHOWN (app/benchhook.h): "shown", the first frame, and for
// hindsight "session", the frame showing the newest session.
struct StartUp {
    double shown = 0;
    std::optional<double> session;
};

std::optional<StartUp> startUpOnce(
    const QString &program, const QStringList &arguments, const QProcessEnvironment &env)
{
    const long long start = hindsight::bench::monotonicNs();
    QByteArray output;
    if (!timeProcess(program, arguments, env, {}, &output))
        return std::nullopt;
    StartUp s;
    bool shown = false;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() != 2)
            continue;
        const double ms = double(f[1].toLongLong() - start) / 1e6;
        if (f[0] == "shown") {
            s.shown = ms;
            shown = true;
        } else if (f[0] == "session") {
            s.session = ms;
        }
    }
    if (!shown) {
        err() << "no first frame stamped by " << program << Qt::endl;
        return std::nullopt;
    }
    return s;
}

QList<double> repeat(int runs, const std::function<std::optional<double>()> &once)
{
    QList<double> samples;
    for (int i = 0; i < runs; ++i) {
        if (auto ms = once())
            samples.append(*ms);
    }
    return samples;
}

struct Row {
    QString measure;
    Stats stats;
    QString unit = u"ms"_s;
    QString target; // empty: a floor or an information row
    std::optional<bool> ok;
    bool useP99 = false; // show the p99 instead of the median
};

QList<Row> g_rows;

void addRow(const QString &measure, const Stats &s, const QString &target = {},
    std::optional<bool> ok = std::nullopt, const QString &unit = u"ms"_s, bool useP99 = false)
{
    g_rows.append(Row {measure, s, unit, target, ok, useP99});
    err() << "  " << measure << ": " << fmt(useP99 ? s.p99 : s.median, unit) << " (n=" << s.count
          << ")" << Qt::endl;
}

void printTable()
{
    out() << "| measure | median | min | max | target | ok? |\n";
    out() << "|---|---:|---:|---:|---|:-:|\n";
    for (const Row &r : std::as_const(g_rows)) {
        if (r.stats.count == 0) { // every run failed (stderr says why): nothing to compare
            out() << "| " << r.measure << " | failed | | | "
                  << (r.target.isEmpty() ? u"—"_s : r.target) << " | "
                  << (r.ok ? u"**no**"_s : QString()) << " |\n";
            continue;
        }
        const QString value =
            r.useP99 ? u"p99 "_s + fmt(r.stats.p99, r.unit) : fmt(r.stats.median, r.unit);
        const QString ok = !r.ok ? QString() : *r.ok ? u"yes"_s : u"**no**"_s;
        out() << "| " << r.measure << " | " << value << " | " << fmt(r.stats.min, r.unit) << " | "
              << fmt(r.stats.max, r.unit) << " | " << (r.target.isEmpty() ? u"—"_s : r.target)
              << " | " << ok << " |\n";
    }
    out().flush();
}

// ---- measure (2), in a child process so its peak RSS is its own ---------------------------

qint64 peakRssKib()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

int openBig(int argc, char **argv, const QString &file, Id session)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hindsight"_s);
    QCoreApplication::setOrganizationName(u"hindsight"_s);
    MainWindow window;
    if (!window.openWorkspace(file))
        return 1;
    window.show();
    QCoreApplication::processEvents();
    window.showStep(MainWindow::Timeline);
    QCoreApplication::processEvents();

    QElapsedTimer t;
    t.start();
    window.selectSession(session);
    // Every view of the session: the timeline table, the why tree, the actions table. Step
    // pages are built when first shown, so each is shown once (its building is counted), then
    // the timeline again. Then the pending layout and paint events.
    window.showStep(MainWindow::WhyChains);
    window.showStep(MainWindow::Actions);
    window.showStep(MainWindow::Timeline);
    auto *timeline = window.findChild<TimelinePage *>();
    auto *why = window.findChild<WhyPage *>();
    auto *actions = window.findChild<ActionsPage *>();
    if (!timeline || !why || !actions) {
        err() << "open-big: a page is missing" << Qt::endl;
        return 1;
    }
    const auto populated = [&] {
        return timeline->model()->rowCount() == kBigEvents && why->model()->rowCount() > 0
            && actions->model()->rowCount() == kBigActions;
    };
    while (!populated() && t.elapsed() < 60'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QCoreApplication::processEvents();
    const double ms = msSince(t);
    if (!populated()) {
        err() << "open-big: the views were not populated" << Qt::endl;
        return 1;
    }
    out() << QString::number(ms, 'f', 3) << ' ' << peakRssKib() << Qt::endl;
    return 0;
}

// ---- the whole run ----------------------------------------------------------------------

bool waitForXvfb(int display)
{
    const QString socket = u"/tmp/.X11-unix/X%1"_s.arg(display);
    for (int i = 0; i < 100; ++i) {
        if (QFileInfo::exists(socket))
            return true;
        QThread::msleep(50);
    }
    return false;
}

void measureColdStart(const QString &file, const QString &home, int runs)
{
    const QString app = QStringLiteral(HINDSIGHT_APP_PATH);
    const QString floor = QStringLiteral(HINDSIGHT_FLOOR_PATH);
    const QProcessEnvironment env = childEnvironment(home);

    std::unique_ptr<QProcess> xvfb;
    QString display = qEnvironmentVariable("DISPLAY");
    if (display.isEmpty() && !QStandardPaths::findExecutable(u"Xvfb"_s).isEmpty()) {
        xvfb = std::make_unique<QProcess>();
        xvfb->start(u"Xvfb"_s,
            {u":95"_s, u"-screen"_s, u"0"_s, u"1920x1080x24"_s, u"-nolisten"_s, u"tcp"_s});
        if (xvfb->waitForStarted() && waitForXvfb(95))
            display = u":95"_s;
        else
            err() << "Xvfb did not start; the xcb rows are left out" << Qt::endl;
    }

    struct Platform {
        QString name;
        QString qpa;
        QString display;
    };
    QList<Platform> platforms {{u"offscreen"_s, u"offscreen"_s, {}}};
    if (!display.isEmpty())
        platforms.append({u"Xvfb (xcb)"_s, u"xcb"_s, display});

    for (const Platform &p : std::as_const(platforms)) {
        QProcessEnvironment e = env;
        if (!p.display.isEmpty())
            e.insert(u"DISPLAY"_s, p.display);
        const QStringList appArgs {u"--workspace"_s, file, u"-platform"_s, p.qpa};
        const QStringList floorArgs {u"-platform"_s, p.qpa};
        // One run of each first, not counted: it loads the libraries into the page cache, so
        // the figures measure our start-up, not the disk.
        (void)startUpOnce(app, appArgs, e);
        (void)startUpOnce(floor, floorArgs, e);
        QList<double> appMs, sessionMs, floorMs;
        // Interleaved, so a slow moment of the machine hits both alike.
        for (int i = 0; i < runs; ++i) {
            if (auto ms = startUpOnce(app, appArgs, e)) {
                appMs.append(ms->shown);
                if (ms->session)
                    sessionMs.append(*ms->session);
            }
            if (auto ms = startUpOnce(floor, floorArgs, e))
                floorMs.append(ms->shown);
        }
        const Stats a = statsOf(appMs);
        const Stats f = statsOf(floorMs);
        addRow(u"(1) cold start to window with 500 sessions listed, "_s + p.name, a,
            u"≤ 1.5 × floor = %1"_s.arg(fmt(1.5 * f.median)), a.median <= 1.5 * f.median);
        addRow(u"(1) floor: minimal Qt Widgets window, "_s + p.name, f);
        addRow(u"(1) then the newest session shown too, "_s + p.name, statsOf(sessionMs));
    }
    if (xvfb) {
        xvfb->terminate();
        xvfb->waitForFinished(3000);
    }
}

void measureOpenBig(const QString &file, Id session, const QString &home, int runs)
{
    QProcessEnvironment env = childEnvironment(home);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const QString self = QCoreApplication::applicationFilePath();
    const QStringList args {u"open-big"_s, file, QString::number(session)};
    QList<double> ms, mib;
    for (int i = 0; i < runs; ++i) {
        // Far off its target, more runs only cost minutes: the table shows n=1 then.
        if (!ms.isEmpty() && ms.first() > 30'000) {
            err() << "  (2) took over 30 s: measured once only" << Qt::endl;
            break;
        }
        QByteArray data;
        if (!timeProcess(self, args, env, {}, &data))
            continue;
        const QList<QByteArray> parts = data.trimmed().split(' ');
        if (parts.size() != 2)
            continue;
        ms.append(parts[0].toDouble());
        mib.append(parts[1].toDouble() / 1024.0);
    }
    const Stats t = statsOf(ms);
    addRow(u"(2) open the 10,000-event session, all views populated"_s, t, u"≤ 150 ms"_s,
        t.median <= 150);
    const Stats m = statsOf(mib);
    addRow(u"(7) peak RSS (VmHWM) of the process doing (2)"_s, m, u"≤ 150 MiB"_s, m.median <= 150,
        u"MiB"_s);
}

std::optional<QList<double>> addEvents(
    const QString &file, Id session, int count, QList<double> *checkpointMs = nullptr)
{
    auto ws = Workspace::open(file);
    if (!ws) {
        err() << ws.error().message << Qt::endl;
        return std::nullopt;
    }
    QList<double> samples;
    samples.reserve(count);
    QDateTime when(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    for (int i = 0; i < count; ++i) {
        TimelineEvent e;
        e.sessionId = session;
        e.time = EventTime::at(when.addSecs(i), TimeCertainty::Exact, true);
        e.text = u"Added by the benchmark: the Grafana panel for Zürich went red 🔴 #%1"_s.arg(i);
        e.kind = EventKind::Note;
        QElapsedTimer t;
        t.start();
        auto r = (*ws)->addEvent(e);
        samples.append(msSince(t));
        if (!r) {
            err() << r.error().message << Qt::endl;
            return std::nullopt;
        }
    }
    if (checkpointMs) {
        QElapsedTimer t;
        t.start();
        (*ws)->checkpointInIdleTime();
        checkpointMs->append(msSince(t));
    }
    return samples;
}

void measureAdd(const QString &file, Id session, const QString &dir, int adds)
{
    const QString copy = dir + u"/add-copy.hindsight"_s;
    QFile::remove(copy);
    if (!QFile::copy(file, copy)) {
        err() << "cannot copy the workspace" << Qt::endl;
        return;
    }
    QList<double> checkpointMs;
    auto samples = addEvents(copy, session, adds, &checkpointMs);
    if (!samples)
        return;
    const Stats s = statsOf(*samples);
    addRow(u"(3) add one event, committed (synchronous=FULL), median of %1"_s.arg(adds), s,
        u"≤ 2 ms"_s, s.median <= 2);
    addRow(u"(3) add one event, committed (synchronous=FULL), p99 of %1"_s.arg(adds), s,
        u"≤ 10 ms"_s, s.p99 <= 10, u"ms"_s, true);
    // Not part of any edit: the app runs it on its one-second timer (see Workspace).
    if (!checkpointMs.isEmpty())
        addRow(u"(3) then the idle-time WAL checkpoint of those %1 adds"_s.arg(adds),
            statsOf(checkpointMs), u"—"_s);
}

void measureExport(const QString &file, Id session, const QString &home, int runs)
{
    const QString app = QStringLiteral(HINDSIGHT_APP_PATH);
    const QProcessEnvironment env = childEnvironment(home);
    const QString md = home + u"/export.md"_s;
    const QStringList appArgs {
        u"--workspace"_s, file, u"export"_s, u"--session"_s, QString::number(session), u"-o"_s, md};
    // The same rows the report's timeline shows: time, kind, reporter, source, star, text.
    const QString sql =
        u"SELECT e.utc_ms, e.kind, coalesce(p.name, e.reporter_text), e.source, "
        "e.starred, e.text FROM event e LEFT JOIN participant p ON p.id = "
        "e.reporter_id WHERE e.session_id = %1 ORDER BY e.sort_key, e.seq"_s.arg(session);
    const QStringList sqliteArgs {file, u".mode markdown"_s, sql};
    const QString sqliteOut = home + u"/sqlite.md"_s;
    (void)timeProcess(app, appArgs, env);
    (void)timeProcess(u"sqlite3"_s, sqliteArgs, env, sqliteOut);
    QList<double> appMs, floorMs;
    for (int i = 0; i < runs; ++i) {
        if (auto ms = timeProcess(app, appArgs, env))
            appMs.append(*ms);
        if (auto ms = timeProcess(u"sqlite3"_s, sqliteArgs, env, sqliteOut))
            floorMs.append(*ms);
    }
    const Stats a = statsOf(appMs);
    const Stats f = statsOf(floorMs);
    addRow(u"(4) `hindsight export` of the 10,000-event session to Markdown"_s, a,
        u"≤ 2 × floor = %1"_s.arg(fmt(2 * f.median)), a.median <= 2 * f.median);
    addRow(u"(4) floor: `sqlite3 .mode markdown` over the same rows"_s, f);
}

double parseOnce(const QString &log)
{
    ParseContext context;
    context.defaultDate = QDate(2026, 3, 14);
    context.defaultZone = u"Europe/Berlin"_s;
    context.now = QDateTime(QDate(2026, 3, 15), QTime(12, 0), Qt::UTC);
    QElapsedTimer t;
    t.start();
    const QList<ParsedLine> lines = TimelineParser::parse(log, context);
    const double ms = msSince(t);
    if (lines.size() < kChatLines)
        err() << "parse: only " << lines.size() << " lines" << Qt::endl;
    return ms;
}

void measureParse(int runs)
{
    const QString log = bench::generateChatLog(kChatLines);
    (void)parseOnce(log); // warm-up: time zone data, regular expressions
    const Stats s =
        statsOf(repeat(runs, [&]() -> std::optional<double> { return parseOnce(log); }));
    addRow(u"(5) parse a 10,000-line chat log"_s, s, u"≤ 200 ms"_s, s.median <= 200);
}

std::optional<double> searchOnce(
    const Workspace &ws, const QString &word, qsizetype *hits = nullptr)
{
    QElapsedTimer t;
    t.start();
    // 2000: the limit the session sidebar asks for.
    auto r = ws.search(word, 2000);
    const double ms = msSince(t);
    if (!r) {
        err() << r.error().message << Qt::endl;
        return std::nullopt;
    }
    if (hits)
        *hits = r->size();
    return ms;
}

void measureSearch(const QString &file, int runs)
{
    auto ws = Workspace::open(file, OpenOptions {.readOnly = true});
    if (!ws) {
        err() << ws.error().message << Qt::endl;
        return;
    }
    const struct {
        QString word;
        QString label;
    } words[] = {{QString::fromUtf16(bench::kCommonWord), u"a word in ~1% of the events"_s},
        {QString::fromUtf16(bench::kRareWord), u"a word in 3 rows"_s}};
    for (const auto &w : words) {
        qsizetype hits = 0;
        (void)searchOnce(**ws, w.word, &hits);
        const Stats s = statsOf(repeat(runs, [&] { return searchOnce(**ws, w.word); }));
        addRow(u"(6) search the workspace: %1 (%2 hits)"_s.arg(w.label).arg(hits), s, u"≤ 50 ms"_s,
            s.median <= 50);
    }
}

int runAll(const QStringList &args)
{
    int runs = 5;
    QString keep;
    int adds = kAdds;
    QString existing; // a workspace made by an earlier `generate`, to skip generating
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args[i] == u"--runs"_s && i + 1 < args.size())
            runs = std::max(5, args[++i].toInt());
        else if (args[i] == u"--keep"_s && i + 1 < args.size())
            keep = args[++i];
        else if (args[i] == u"--adds"_s && i + 1 < args.size())
            adds = std::max(100, args[++i].toInt());
        else if (args[i] == u"--workspace"_s && i + 1 < args.size())
            existing = args[++i];
    }
    QTemporaryDir temp;
    const QString dir = keep.isEmpty() ? temp.path() : keep;
    QDir().mkpath(dir);
    const QString file = dir + u"/bench.hindsight"_s;
    QFile::remove(file);

    bench::GeneratedWorkspace g;
    if (existing.isEmpty()) {
        err() << "Generating the workspace in " << file << Qt::endl;
        auto generated = bench::generateWorkspace(file);
        if (!generated) {
            err() << generated.error().message << Qt::endl;
            return 1;
        }
        g = *generated;
    } else {
        auto found = bench::describeWorkspace(existing);
        if (!found || !QFile::copy(existing, file)) {
            err() << "cannot use " << existing << Qt::endl;
            return 1;
        }
        g = *found;
    }
    err() << "  " << g.sessions << " sessions, " << g.events << " events, " << g.whyNodes
          << " why nodes, " << g.actions << " actions, " << QFileInfo(file).size() / (1024 * 1024)
          << " MiB, in " << g.milliseconds << " ms" << Qt::endl;

    measureColdStart(file, dir, runs);
    measureOpenBig(file, g.bigSession, dir, runs);
    measureAdd(file, g.bigSession, dir, adds);
    measureExport(file, g.bigSession, dir, runs);
    measureParse(runs);
    measureSearch(file, runs);

    out() << "Workspace: " << g.sessions << " sessions, " << g.events << " events, " << g.whyNodes
          << " why nodes, " << g.actions << " actions (" << QFileInfo(file).size() / (1024 * 1024)
          << " MiB), "
          << (existing.isEmpty() ? u"generated in %1 ms"_s.arg(g.milliseconds)
                                 : u"reused from %1"_s.arg(existing))
          << ". " << runs << " runs per measure.\n\n";
    printTable();
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    const QString command = args.value(0);

    if (command == u"open-big"_s && args.size() == 3)
        return openBig(argc, argv, args[1], args[2].toLongLong());

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hindsight-bench"_s);
    if (command == u"generate"_s && args.size() == 2) {
        auto g = bench::generateWorkspace(args[1]);
        if (!g) {
            err() << g.error().message << Qt::endl;
            return 1;
        }
        out() << "big session " << g->bigSession << ", " << g->milliseconds << " ms" << Qt::endl;
        return 0;
    }
    if (command == u"add"_s && args.size() == 4) {
        auto s = addEvents(args[1], args[2].toLongLong(), args[3].toInt());
        if (!s)
            return 1;
        const Stats st = statsOf(*s);
        out() << "median " << st.median << " ms, p99 " << st.p99 << " ms" << Qt::endl;
        return 0;
    }
    if (command == u"search"_s && args.size() == 3) {
        auto ws = Workspace::open(args[1], OpenOptions {.readOnly = true});
        if (!ws)
            return 1;
        qsizetype hits = 0;
        const auto ms = searchOnce(**ws, args[2], &hits);
        out() << hits << " hits, " << ms.value_or(-1) << " ms" << Qt::endl;
        return ms ? 0 : 1;
    }
    if (command == u"cold"_s && args.size() >= 2) {
        // (1) alone, on a copy, so the workspace given is not touched by the app.
        QTemporaryDir temp;
        const QString file = temp.path() + u"/bench.hindsight"_s;
        if (!QFile::copy(args[1], file)) {
            err() << "cannot copy " << args[1] << Qt::endl;
            return 1;
        }
        measureColdStart(file, temp.path(), std::max(5, args.value(2, u"9"_s).toInt()));
        printTable();
        return 0;
    }
    if (command == u"parse"_s) {
        out() << parseOnce(bench::generateChatLog(kChatLines)) << " ms" << Qt::endl;
        return 0;
    }
    if (command == u"--help"_s || command == u"-h"_s
        || (!command.isEmpty() && !command.startsWith(u"--"_s))) {
        err() << "usage: hindsight_bench [--runs N] [--adds N] [--keep DIR] [--workspace FILE]\n"
                 "       | generate FILE | open-big FILE ID"
                 " | cold FILE [RUNS] | add FILE ID N | search FILE WORD | parse"
              << Qt::endl;
        return 64;
    }
    return runAll(args);
}
