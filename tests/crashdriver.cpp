// hindsight_crashdriver WORKSPACE SESSION_ID TAG [COUNT [SEED]]
//
// Edits a workspace through the public core API as fast as it can and reports every edit on
// stdout (protocol in crashprotocol.h): "try" before a call, "ack" once it returned success,
// "fail" when it returned an error. tst_crash kills it with SIGKILL at random moments;
// tst_twoprocesses runs two at once. COUNT 0 or absent: run until killed.
//
// Only rows whose text starts with "TAG " are this driver's own: it updates and answers only
// those, so two drivers with different tags never race on one row.

#include "crashprotocol.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cerrno>
#include <unistd.h>

#include <algorithm>
#include <vector>

using namespace hindsight;
using namespace hindsight::crash;

namespace {

// One write(2) per line, and nothing buffered: once this returns, the line is in the pipe
// even if the process is killed the next instant. Lines stay far below PIPE_BUF, so a reader
// never sees two writers' lines interleaved either.
void emitLine(const Line &line)
{
    const QByteArray bytes = formatLine(line);
    const char *p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ::_exit(3); // the reader is gone: nothing left to report to
        }
        p += n;
        left -= n;
    }
}

int usage()
{
    const QByteArray text =
        "usage: hindsight_crashdriver WORKSPACE SESSION_ID TAG [COUNT [SEED]]\n";
    (void)!::write(STDERR_FILENO, text.constData(), size_t(text.size()));
    return 64;
}

class Driver
{
public:
    Driver(Workspace &ws, Id sessionId, QString tag, quint32 seed)
        : m_ws(ws)
        , m_session(sessionId)
        , m_tag(std::move(tag))
        , m_rng(seed)
        , m_pid(QCoreApplication::applicationPid())
    { }

    // Own rows from earlier runs, so updates and child whys reach across restarts too.
    bool loadOwnRows()
    {
        const QString prefix = m_tag + QLatin1Char(' ');
        auto events = m_ws.events(m_session);
        auto whys = m_ws.whyNodes(m_session);
        if (!events || !whys) {
            const Error &e = events ? whys.error() : events.error();
            emitLine(Line {
                Verb::Fail, Kind::Event, 0, 0, 0, {}, {}, e.message, errorCodeName(e.code), {}});
            return false;
        }
        for (const TimelineEvent &e : *events) {
            if (e.text.startsWith(prefix))
                m_events.append(e.id);
        }
        for (const WhyNode &n : *whys) {
            if (n.text.startsWith(prefix))
                m_whys.append(n.id);
        }
        return true;
    }

    void step()
    {
        ++m_counter;
        const int dice = int(m_rng.bounded(100));
        m_timer.start();
        bool ok = false;
        if (dice < 20 && !m_events.isEmpty())
            ok = updateEvent();
        else if (dice < 50)
            ok = addEvent();
        else if (dice < 75)
            ok = addWhy();
        else
            ok = addAction();
        m_latencyUs.push_back(m_timer.nsecsElapsed() / 1000);
        if (!ok)
            ++m_fails;
    }

    Line summary()
    {
        std::vector<qint64> sorted = m_latencyUs;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) {
            return sorted.empty() ? 0 : sorted[size_t(q * double(sorted.size() - 1))];
        };
        Line done;
        done.verb = Verb::Done;
        done.figures = {qint64(sorted.size()), m_fails, at(0.5), at(0.99), at(1.0)};
        return done;
    }

private:
    // Non-ASCII on purpose (accents, CJK, Greek, an emoji outside the BMP): the acknowledged
    // text is compared byte for byte after the reopen.
    QString text(const char *what) const
    {
        return QStringLiteral("%1 p%2 #%3 %4: Grüße aus Zürich, 東京の障害, Ελληνικά 🚒")
            .arg(m_tag)
            .arg(m_pid)
            .arg(m_counter)
            .arg(QLatin1String(what));
    }

    template<typename T> Id pick(const QList<T> &ids) { return ids.at(m_rng.bounded(ids.size())); }

    bool failed(Kind kind, const Error &e)
    {
        // How long the call took tells a busy timeout (the full timeout) from an immediate
        // SQLITE_BUSY (SQLite refusing to wait because waiting could deadlock).
        const QString message =
            QStringLiteral("after %1 ms: %2 (%3)").arg(m_timer.elapsed()).arg(e.message, e.detail);
        emitLine(Line {Verb::Fail, kind, 0, 0, 0, {}, {}, message, errorCodeName(e.code), {}});
        return false;
    }

    bool addEvent()
    {
        TimelineEvent e;
        e.sessionId = m_session;
        e.text = text("event");
        e.kind = EventKind::Diagnosis;
        if (m_counter % 3 == 0) {
            e.time = EventTime::at(
                QDateTime(QDate(2026, 3, 5), QTime(10, 0), Qt::UTC).addSecs(m_counter),
                TimeCertainty::Exact, true, QStringLiteral("Europe/Berlin"));
        }
        Line l {Verb::Try, Kind::Event, 0, 0, 0, {}, {}, e.text, {}, {}};
        emitLine(l);
        auto r = m_ws.addEvent(e);
        if (!r)
            return failed(l.kind, r.error());
        m_events.append(r->id);
        l.verb = Verb::Ack;
        l.id = r->id;
        emitLine(l);
        return true;
    }

    bool updateEvent()
    {
        auto current = m_ws.event(pick(m_events));
        if (!current)
            return failed(Kind::UpdateEvent, current.error());
        TimelineEvent e = *current;
        e.text = text("updated event") + QStringLiteral(" (was #%1)").arg(e.id);
        e.starred = !e.starred;
        Line l {Verb::Try, Kind::UpdateEvent, e.id, 0, 0, {}, {}, e.text, {}, {}};
        emitLine(l);
        auto r = m_ws.updateEvent(e);
        if (!r)
            return failed(l.kind, r.error());
        l.verb = Verb::Ack;
        emitLine(l);
        return true;
    }

    bool addWhy()
    {
        WhyNode n;
        n.sessionId = m_session;
        n.text = text("why");
        // Half answer an earlier why (a chain), some cite an event as evidence.
        if (!m_whys.isEmpty() && m_rng.bounded(2) == 0)
            n.parentId = pick(m_whys);
        if (!m_events.isEmpty() && m_rng.bounded(3) == 0)
            n.evidence = {pick(m_events)};
        Line l {Verb::Try, Kind::Why, 0, n.parentId, n.evidence.value(0), {}, {}, n.text, {}, {}};
        emitLine(l);
        auto r = m_ws.addWhyNode(n);
        if (!r)
            return failed(l.kind, r.error());
        m_whys.append(r->id);
        l.verb = Verb::Ack;
        l.id = r->id;
        emitLine(l);
        return true;
    }

    bool addAction()
    {
        ActionItem a;
        a.sessionId = m_session;
        a.what = text("action");
        a.owner = QStringLiteral("Zoë-%1").arg(m_counter % 7);
        a.due = QDate(2026, 4, 1).addDays(m_counter % 90);
        a.priority = ActionPriority::High;
        if (!m_whys.isEmpty() && m_rng.bounded(2) == 0)
            a.whyNodes = {pick(m_whys)};
        Line l {Verb::Try, Kind::Action, 0, 0, a.whyNodes.value(0), a.due, a.owner, a.what, {}, {}};
        emitLine(l);
        auto r = m_ws.addAction(a);
        if (!r)
            return failed(l.kind, r.error());
        l.verb = Verb::Ack;
        l.id = r->id;
        emitLine(l);
        return true;
    }

    Workspace &m_ws;
    Id m_session;
    QString m_tag;
    QRandomGenerator m_rng;
    qint64 m_pid;
    qint64 m_counter = 0;
    qint64 m_fails = 0;
    QList<Id> m_events;
    QList<Id> m_whys;
    std::vector<qint64> m_latencyUs;
    QElapsedTimer m_timer; // times the current step
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4 || args.size() > 6)
        return usage();
    bool ok = false;
    const Id sessionId = args.at(2).toLongLong(&ok);
    if (!ok || sessionId <= 0)
        return usage();
    const QString tag = args.at(3);
    if (tag.isEmpty() || tag.contains(QLatin1Char(' ')))
        return usage();
    const qint64 count = args.size() > 4 ? args.at(4).toLongLong(&ok) : 0;
    if (!ok || count < 0)
        return usage();
    const quint32 seed =
        args.size() > 5 ? args.at(5).toUInt(&ok) : quint32(QCoreApplication::applicationPid());
    if (!ok)
        return usage();

    auto ws = Workspace::open(args.at(1));
    if (!ws) {
        emitLine(Line {Verb::Fail, Kind::Event, 0, 0, 0, {}, {},
            ws.error().message + QLatin1Char(' ') + ws.error().detail,
            errorCodeName(ws.error().code), {}});
        return 2;
    }
    Driver driver(**ws, sessionId, tag, seed);
    if (!driver.loadOwnRows())
        return 2;
    for (qint64 i = 0; count == 0 || i < count; ++i)
        driver.step();
    emitLine(driver.summary());
    return 0;
}
