#include "generator.h"

#include "workspace.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QStringList>

#include <random>

using namespace Qt::StringLiterals;

namespace hindsight::bench {

namespace {

constexpr int kSessions = 500;
constexpr int kBigEvents = 10'000;
constexpr int kBigWhyNodes = 2'000;
constexpr int kBigActions = 1'000;
constexpr int kTotalEvents = 50'000;
constexpr int kSmallWhyNodes = 5;
constexpr int kSmallActions = 3;

// The texts mix English with the accents, scripts and emoji real teams type, so UTF-8
// encoding, collation and the FTS tokenizer do real work.
const QStringList &subjects()
{
    static const QStringList list {
        u"The checkout service"_s,
        u"Der Zahlungsdienst in Frankfurt"_s,
        u"The primary database (db-01)"_s,
        u"Le répartiteur de charge"_s,
        u"The Kubernetes ingress on cluster ß-2"_s,
        u"決済サービス"_s,
        u"The nightly batch for Müller & Söhne"_s,
        u"The CDN edge in São Paulo"_s,
        u"Our on-call engineer 👩‍💻"_s,
        u"The feature flag « new-cart »"_s,
        u"The Redis cache"_s,
        u"The DNS resolver"_s,
    };
    return list;
}

const QStringList &verbs()
{
    static const QStringList list {
        u"started returning 502 errors for about a third of the requests"_s,
        u"was paged by the latency alert and acknowledged it"_s,
        u"hit its connection limit after the deploy"_s,
        u"failed over to the standby, which took longer than the runbook says"_s,
        u"was rolled back to the previous release"_s,
        u"showed p99 latency above 4 s on the dashboard 📈"_s,
        u"wurde neu gestartet, danach waren die Fehler weg"_s,
        u"a été isolé du trafic pendant le diagnostic"_s,
        u"がタイムアウトを返し始めた"_s,
        u"ran out of disk space on /var/lib — logs were not rotated"_s,
        u"was escalated to the incident commander 🚨"_s,
        u"recovered once the cache was warmed again"_s,
    };
    return list;
}

const QStringList &details()
{
    static const QStringList list {
        u"We noticed it in the #incident channel first."_s,
        u"Customers in Zürich and Tōkyō reported failed payments."_s,
        u"The status page was updated at the same time."_s,
        u"Nobody knew the runbook had moved to the new wiki."_s,
        u"Die Metriken zeigten das schon zehn Minuten früher."_s,
        u"The alert threshold had been raised last quarter to reduce noise."_s,
        u"Décision : on garde la version précédente jusqu'à lundi."_s,
        u"顧客への影響は約15分間続いた。"_s,
        u"It looked like the 2019 outage, which made us look in the wrong place 🤔"_s,
        u""_s,
    };
    return list;
}

const QStringList &names()
{
    static const QStringList list {u"Amélie Durand"_s, u"Jürgen Weiß"_s, u"Sakura Tanaka"_s,
        u"Bob Smith"_s, u"Zoë Hernández"_s, u"Oğuz Yılmaz"_s, u"Priya Nair"_s,
        u"Łukasz Kowalski"_s};
    return list;
}

const QStringList &departments()
{
    static const QStringList list {
        u"SRE"_s, u"Payments"_s, u"Support"_s, u"Plattform"_s, u"Sécurité"_s, u"Data"_s};
    return list;
}

class Texts
{
public:
    explicit Texts(std::mt19937 &rng)
        : m_rng(rng)
    { }

    int below(int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(m_rng)); }
    const QString &pick(const QStringList &list) { return list.at(below(int(list.size()))); }

    QString sentence()
    {
        QString s = pick(subjects()) + u' ' + pick(verbs()) + u'.';
        const QString &more = pick(details());
        if (!more.isEmpty())
            s += u' ' + more;
        return s;
    }

private:
    std::mt19937 &m_rng;
};

SessionSnapshot makeSession(Texts &t, int index, int eventCount, int whyCount, int actionCount,
    QDate date, int &commonBudget, int &rareBudget)
{
    SessionSnapshot snap;
    Session &s = snap.session;
    s.kind = SessionKind::PostMortem;
    s.title = u"Incident %1: "_s.arg(index + 1) + t.pick(subjects()) + u" outage"_s;
    s.status = SessionStatus(t.below(3));
    s.date = date;
    s.severity = u"SEV-%1"_s.arg(1 + t.below(3));
    s.summary = t.sentence() + u' ' + t.sentence();
    s.impact = t.sentence();
    s.facilitator = t.pick(names());
    s.timeZone = u"Europe/Berlin"_s;
    s.lessons = t.sentence();
    s.primeDirective = defaultPrimeDirective();

    // Snapshot ids are local: importSnapshot maps them to new rowids.
    const int people = 4 + t.below(5);
    for (int i = 0; i < people; ++i) {
        Participant p;
        p.id = i + 1;
        p.name = names().at(i % names().size());
        p.department = t.pick(departments());
        p.role = i == 0 ? u"Facilitator"_s : u"Engineer"_s;
        snap.participants.append(p);
    }

    QDateTime when(date, QTime(t.below(24), t.below(60)), Qt::UTC);
    for (int i = 0; i < eventCount; ++i) {
        TimelineEvent e;
        e.id = i + 1;
        when = when.addSecs(1 + t.below(40));
        // A few events are remembered without a time, as in real reviews.
        if (t.below(50) != 0)
            e.time = EventTime::at(when,
                t.below(10) == 0 ? TimeCertainty::Approximate : TimeCertainty::Exact, true,
                u"Europe/Berlin"_s);
        e.text = t.sentence();
        if (commonBudget > 0 && t.below(100) == 0) {
            e.text += u" The "_s + QString::fromUtf16(kCommonWord) + u" lag grew."_s;
            --commonBudget;
        }
        if (rareBudget > 0 && index == 7 && i < 3) {
            e.text += u" "_s + QString::fromUtf16(kRareWord);
            --rareBudget;
        }
        e.kind = EventKind(t.below(9));
        if (t.below(3) == 0)
            e.reporterText = u"monitoring"_s;
        else
            e.reporterId = 1 + t.below(people);
        e.source = t.below(2) ? u"chat"_s : u"memory"_s;
        e.starred = t.below(20) == 0;
        snap.events.append(e);
    }

    // Why chains: a few problem statements, each node hanging under an earlier one.
    const int roots = std::max(1, whyCount / 100);
    QList<int> children(whyCount + 1, 0);
    for (int i = 0; i < whyCount; ++i) {
        WhyNode n;
        n.id = i + 1;
        n.parentId = i < roots ? 0 : 1 + t.below(i);
        n.position = children[n.parentId]++;
        n.text = u"Why? "_s + t.sentence();
        n.rootCause = t.below(15) == 0;
        if (eventCount > 0 && t.below(3) == 0)
            n.evidence = {1 + t.below(eventCount)};
        snap.whyNodes.append(n);
    }

    for (int i = 0; i < actionCount; ++i) {
        ActionItem a;
        a.id = i + 1;
        a.what = u"Make sure that "_s + t.sentence();
        a.owner = t.below(5) ? t.pick(names()) : QString();
        a.due = t.below(4) ? date.addDays(7 + t.below(60)) : QDate();
        a.status = ActionStatus(t.below(4));
        a.priority = ActionPriority(t.below(4));
        a.type = ActionType(t.below(3));
        a.tracker = u"OPS-%1"_s.arg(1000 + t.below(9000));
        if (whyCount > 0)
            a.whyNodes = {1 + t.below(whyCount)};
        a.position = i;
        snap.actions.append(a);
    }
    return snap;
}

} // namespace

Result<GeneratedWorkspace> generateWorkspace(const QString &path)
{
    if (QFileInfo::exists(path))
        return Error {ErrorCode::InvalidInput, u"%1 exists already"_s.arg(path), {}};
    QElapsedTimer timer;
    timer.start();
    auto opened = Workspace::open(path, OpenOptions {.create = true});
    if (!opened)
        return opened.error();
    Workspace &ws = **opened;

    std::mt19937 rng(20240611u); // fixed: the same workspace on every run
    Texts t(rng);
    GeneratedWorkspace out;
    int commonBudget = kTotalEvents / 100;
    int rareBudget = 3;
    const int smallEvents = (kTotalEvents - kBigEvents) / (kSessions - 1);
    int eventsLeft = kTotalEvents - kBigEvents;
    const QDate first(2021, 1, 4);
    for (int i = 0; i < kSessions; ++i) {
        // The big session is the oldest, so the app opens on an ordinary session at start-up
        // and the big one is measured on its own.
        const bool big = i == 0;
        int events = big ? kBigEvents : smallEvents;
        if (!big && i == kSessions - 1)
            events = eventsLeft; // the remainder, so the total is exact
        if (!big)
            eventsLeft -= events;
        const SessionSnapshot snap = makeSession(t, i, events, big ? kBigWhyNodes : kSmallWhyNodes,
            big ? kBigActions : kSmallActions, first.addDays(i * 3), commonBudget, rareBudget);
        auto created = ws.importSnapshot(snap);
        if (!created)
            return created.error();
        if (big)
            out.bigSession = created->id;
        ++out.sessions;
        out.events += int(snap.events.size());
        out.whyNodes += int(snap.whyNodes.size());
        out.actions += int(snap.actions.size());
    }
    out.milliseconds = timer.elapsed();
    return out;
}

Result<GeneratedWorkspace> describeWorkspace(const QString &path)
{
    auto opened = Workspace::open(path, OpenOptions {.readOnly = true});
    if (!opened)
        return opened.error();
    auto sessions = (*opened)->sessions();
    if (!sessions)
        return sessions.error();
    GeneratedWorkspace out;
    for (const Session &s : std::as_const(*sessions)) {
        auto snap = (*opened)->snapshot(s.id);
        if (!snap)
            return snap.error();
        ++out.sessions;
        out.events += int(snap->events.size());
        out.whyNodes += int(snap->whyNodes.size());
        out.actions += int(snap->actions.size());
        if (snap->events.size() == kBigEvents)
            out.bigSession = s.id;
    }
    return out;
}

QString generateChatLog(int lines)
{
    std::mt19937 rng(7u);
    Texts t(rng);
    QString log;
    log.reserve(lines * 110);
    QTime clock(9, 0);
    for (int i = 0; i < lines; ++i) {
        clock = clock.addSecs(t.below(20));
        const QString hhmm = clock.toString(u"HH:mm"_s);
        const QString who = t.pick(names()).section(u' ', 0, 0).toLower();
        switch (t.below(4)) {
        case 0: // IRC
            log += u'[' + hhmm + u"] <"_s + who + u"> "_s + t.sentence();
            break;
        case 1: // Slack copy, single line
            log += who + u" ["_s + clock.toString(u"h:mm AP"_s) + u"] "_s + t.sentence();
            break;
        case 2: // plain notes
            log += hhmm + u' ' + t.sentence();
            break;
        default: // Markdown list with a zone
            log += u"- "_s + hhmm + u" UTC "_s + who + u": "_s + t.sentence();
            break;
        }
        log += u'\n';
    }
    return log;
}

} // namespace hindsight::bench
