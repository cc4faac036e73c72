#include "reportwriter.h"

#include "markdownwriter.h"
#include "premortem.h"
#include "timelinemetrics.h"

#include <QHash>
#include <QIODevice>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>

namespace hindsight {

namespace {

using Align = MarkdownWriter::Align;

const QString kWarning = QStringLiteral("⚠ ");

MdInline txt(const QString &s)
{
    return MdInline::text(s);
}

QString kindName(EventKind k)
{
    switch (k) {
    case EventKind::ImpactStart: return QStringLiteral("Impact start");
    case EventKind::Detection: return QStringLiteral("Detection");
    case EventKind::Escalation: return QStringLiteral("Escalation");
    case EventKind::Diagnosis: return QStringLiteral("Diagnosis");
    case EventKind::Mitigation: return QStringLiteral("Mitigation");
    case EventKind::Resolution: return QStringLiteral("Resolution");
    case EventKind::Communication: return QStringLiteral("Communication");
    case EventKind::Decision: return QStringLiteral("Decision");
    case EventKind::Note: return QStringLiteral("Note");
    }
    return QString();
}

QString statusName(SessionStatus s)
{
    switch (s) {
    case SessionStatus::Draft: return QStringLiteral("Draft");
    case SessionStatus::InReview: return QStringLiteral("In review");
    case SessionStatus::Published: return QStringLiteral("Published");
    }
    return QString();
}

QString statusName(ActionStatus s)
{
    switch (s) {
    case ActionStatus::Open: return QStringLiteral("open");
    case ActionStatus::InProgress: return QStringLiteral("in progress");
    case ActionStatus::Done: return QStringLiteral("done");
    case ActionStatus::Dropped: return QStringLiteral("dropped");
    }
    return QString();
}

QString orDash(const QString &s)
{
    const QString t = s.trimmed();
    return t.isEmpty() ? QStringLiteral("—") : t;
}

QString isoDate(const QDate &d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QStringLiteral("—");
}

bool isUtcId(const QString &id)
{
    static const QStringList utcIds {QStringLiteral("UTC"), QStringLiteral("Etc/UTC"),
        QStringLiteral("Etc/UCT"), QStringLiteral("UCT"), QStringLiteral("Etc/Universal"),
        QStringLiteral("Universal"), QStringLiteral("Etc/Zulu"), QStringLiteral("Zulu"),
        QStringLiteral("GMT"), QStringLiteral("Etc/GMT")};
    return id.isEmpty() || utcIds.contains(id);
}

QString offsetText(int seconds)
{
    const QChar sign = seconds < 0 ? QLatin1Char('-') : QLatin1Char('+');
    seconds = std::abs(seconds);
    return QStringLiteral("UTC") + sign
        + QStringLiteral("%1:%2")
              .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
              .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

// How times are shown: one display zone (the session's or the options'), plus UTC.
class Clock
{
public:
    QString zoneId; // empty when the display zone is UTC
    QTimeZone zone;

    bool isUtc() const { return zoneId.isEmpty(); }

    // The display zone's wall clock at an instant, in milliseconds since 1970-01-01 00:00 of
    // that wall clock. Plain numbers: building a QDateTime per event and asking it for its
    // date and time was most of the cost of a timeline row.
    qint64 localMs(const QDateTime &utc) const
    {
        const qint64 ms = utc.toMSecsSinceEpoch();
        return isUtc() ? ms : ms + 1000LL * stretchAt(utc).offset;
    }

    QDate localDate(const QDateTime &utc) const { return dateOf(localMs(utc)); }

    // "CET", or "UTC+05:30" where the zone has no letters of its own.
    QString abbreviation(const QDateTime &utc) const
    {
        return isUtc() ? QStringLiteral("UTC") : stretchAt(utc).abbreviation;
    }

    // "~2026-03-05 14:02:09" from wall-clock milliseconds. Stored years are 1-9999.
    static QString stamp(qint64 wallMs, const EventTime &t, bool withDate)
    {
        const qint64 msOfDay = wallMs - dayOf(wallMs) * kDayMs;
        char16_t text[24];
        int n = 0;
        auto digits = [&](int value, int width) {
            for (int i = width - 1; i >= 0; --i, value /= 10)
                text[n + i] = char16_t(u'0' + value % 10);
            n += width;
        };
        if (t.certainty == TimeCertainty::Approximate)
            text[n++] = u'~';
        if (withDate) {
            int year = 0;
            int month = 0;
            int day = 0;
            dateOf(wallMs).getDate(&year, &month, &day);
            digits(year, 4);
            text[n++] = u'-';
            digits(month, 2);
            text[n++] = u'-';
            digits(day, 2);
            text[n++] = u' ';
        }
        digits(int(msOfDay / 3600000), 2);
        text[n++] = u':';
        digits(int(msOfDay / 60000 % 60), 2);
        if (t.hasSeconds) {
            text[n++] = u':';
            digits(int(msOfDay / 1000 % 60), 2);
        }
        return QString(reinterpret_cast<const QChar *>(text), n);
    }

    QString localStamp(const EventTime &t, bool withDate = true) const
    {
        return t.isKnown() ? stamp(localMs(t.utc), t, withDate) : QStringLiteral("unknown");
    }
    static QString utcStamp(const EventTime &t)
    {
        return t.isKnown() ? stamp(t.utc.toMSecsSinceEpoch(), t, true) : QStringLiteral("unknown");
    }

private:
    // A stretch of time between two transitions of the zone, with one offset and one
    // abbreviation. Events come sorted, so the zone database is asked once per stretch
    // rather than twice per event (a tenth of a 10,000-event export).
    struct Stretch {
        qint64 fromMs = 0; // inclusive
        qint64 untilMs = 0; // exclusive
        int offset = 0;
        QString abbreviation;
    };

    const Stretch &stretchAt(const QDateTime &utc) const
    {
        const qint64 ms = utc.toMSecsSinceEpoch();
        if (m_stretch && ms >= m_stretch->fromMs && ms < m_stretch->untilMs)
            return *m_stretch;
        Stretch s;
        s.offset = zone.offsetFromUtc(utc);
        const QString abbr = zone.abbreviation(utc);
        s.abbreviation = abbr.isEmpty() || abbr.startsWith(QLatin1Char('+'))
                || abbr.startsWith(QLatin1Char('-')) || abbr.startsWith(QLatin1String("UTC"))
                || abbr.startsWith(QLatin1String("GMT"))
            ? offsetText(s.offset)
            : abbr;
        s.fromMs = ms;
        s.untilMs = ms + 1; // this instant only, unless the zone tells its transitions
        if (zone.hasTransitions()) {
            const QTimeZone::OffsetData before = zone.previousTransition(utc.addMSecs(1));
            const QTimeZone::OffsetData after = zone.nextTransition(utc);
            s.fromMs = before.atUtc.isValid() ? before.atUtc.toMSecsSinceEpoch()
                                              : std::numeric_limits<qint64>::min();
            s.untilMs = after.atUtc.isValid() ? after.atUtc.toMSecsSinceEpoch()
                                              : std::numeric_limits<qint64>::max();
        } else if (!zone.hasDaylightTime()) {
            s.fromMs = std::numeric_limits<qint64>::min();
            s.untilMs = std::numeric_limits<qint64>::max();
        }
        m_stretch = std::move(s);
        return *m_stretch;
    }

    static constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

    static qint64 dayOf(qint64 ms) { return ms >= 0 ? ms / kDayMs : (ms + 1) / kDayMs - 1; }

    static QDate dateOf(qint64 wallMs)
    {
        constexpr qint64 kJulianDayOf1970 = 2440588;
        return QDate::fromJulianDay(dayOf(wallMs) + kJulianDayOf1970);
    }

    mutable std::optional<Stretch> m_stretch;
};

QString actionLabel(qsizetype index)
{
    return QStringLiteral("A") + QString::number(index + 1);
}

MdInline trackerCell(const QString &tracker)
{
    const QString t = tracker.trimmed();
    if (t.isEmpty())
        return txt(QStringLiteral("—"));
    const QUrl url(t);
    return MdInline::isLinkable(url) ? MdInline::link(t, url) : txt(t);
}

class Report
{
public:
    Report(const SessionSnapshot &s, const ReportOptions &o, Clock clock, QString zoneNote,
        QIODevice *out)
        : m_s(s)
        , m_o(o)
        , m_clock(std::move(clock))
        , m_zoneNote(std::move(zoneNote))
        , m_w(out)
        , m_today(o.today.isValid() ? o.today : QDate::currentDate())
    {
        // Looked up once per why node: a scan of 10,000 events and 1,000 actions for each of
        // 2,000 nodes was a fifth of a big export.
        m_eventById.reserve(s.events.size());
        for (const TimelineEvent &e : s.events)
            m_eventById.insert(e.id, &e);
        for (qsizetype i = 0; i < s.actions.size(); ++i)
            for (Id why : s.actions.at(i).whyNodes)
                m_actionsByWhy[why].append(i);
    }

    Status write()
    {
        if (m_s.session.kind == SessionKind::PostMortem)
            writePostMortem();
        else
            writePreMortem();
        return m_w.status();
    }

private:
    bool on(ReportOptions::Section s) const { return m_o.sections.testFlag(s); }

    QString zoneText() const
    {
        QString text = m_clock.isUtc() ? QStringLiteral("UTC") : m_clock.zoneId;
        if (!m_zoneNote.isEmpty())
            text += QStringLiteral(" (") + m_zoneNote + QLatin1Char(')');
        return text;
    }

    void title(const QString &fallback)
    {
        const QString t = m_s.session.title.trimmed();
        m_w.heading(1, t.isEmpty() ? fallback : t);
    }

    void textSection(ReportOptions::Section flag, const QString &heading, const QString &body)
    {
        if (!on(flag) || body.trimmed().isEmpty())
            return;
        m_w.heading(2, heading);
        m_w.paragraph(body);
    }

    // ---- post-mortem ---------------------------------------------------------------------

    void writePostMortem()
    {
        const Session &ss = m_s.session;
        title(QStringLiteral("Untitled post-mortem"));
        m_w.table(QStringList {QStringLiteral("Kind"), QStringLiteral("Status"),
                      QStringLiteral("Date"), QStringLiteral("Severity"),
                      QStringLiteral("Facilitator"), QStringLiteral("Time zone")},
            {QStringList {QStringLiteral("Post-mortem"), statusName(ss.status), isoDate(ss.date),
                orDash(ss.severity), orDash(ss.facilitator), zoneText()}});
        if (on(ReportOptions::PrimeDirective)) {
            const QString pd =
                ss.primeDirective.trimmed().isEmpty() ? defaultPrimeDirective() : ss.primeDirective;
            m_w.blockquote(MdInline::strong(QStringLiteral("Prime Directive:"))
                + txt(QStringLiteral(" ")) + txt(pd));
        }
        textSection(ReportOptions::Summary, QStringLiteral("Summary"), ss.summary);
        textSection(ReportOptions::Impact, QStringLiteral("Impact"), ss.impact);
        if (on(ReportOptions::Metrics))
            metrics();
        if (on(ReportOptions::Participants))
            participants();
        if (on(ReportOptions::Timeline))
            timeline();
        if (on(ReportOptions::WhyChains))
            whyChains();
        if (on(ReportOptions::Actions))
            actions(QStringLiteral("Action items"), false);
        textSection(ReportOptions::Lessons, QStringLiteral("Lessons learned"), ss.lessons);
    }

    void metrics()
    {
        const TimelineMetrics m = computeTimelineMetrics(m_s.events);
        bool knownResolution = false;
        for (const TimelineEvent &e : m_s.events)
            knownResolution =
                knownResolution || (e.kind == EventKind::Resolution && e.time.isKnown());
        struct Row {
            const char *name;
            const TimelineMetric &metric;
            const char *endName;
        };
        const Row rows[] = {
            {"Time to detect", m.timeToDetect, "detection"},
            {"Time to mitigate", m.timeToMitigate, "mitigation"},
            {"Time to resolve", m.timeToResolve, "resolution"},
            {"Total impact", m.totalImpact, knownResolution ? "resolution" : "mitigation"},
        };
        QList<QList<MdInline>> cells;
        for (const Row &r : rows) {
            QString value;
            if (r.metric.available)
                value = (r.metric.approximate ? QStringLiteral("~") : QString())
                    + formatDuration(r.metric.seconds);
            else if (r.metric.impossible)
                value = kWarning + QStringLiteral("impossible order: ") + QLatin1String(r.endName)
                    + QStringLiteral(" before impact start");
            else
                value = QStringLiteral("not available");
            cells.append({txt(QLatin1String(r.name)), txt(value), txt(r.metric.explanation)});
        }
        m_w.heading(2, QStringLiteral("Key times"));
        m_w.table(QList<MdInline> {txt(QStringLiteral("Metric")), txt(QStringLiteral("Duration")),
                      txt(QStringLiteral("How it was measured"))},
            cells, {Align::Left, Align::Right, Align::Left});
    }

    void participants()
    {
        if (m_s.participants.isEmpty())
            return;
        // Departments in alphabetical order, people without one last: the point is to see
        // at a glance whether every affected department was in the room.
        QStringList departments;
        QHash<QString, QList<const Participant *>> byDepartment;
        for (const Participant &p : m_s.participants) {
            const QString d = p.department.trimmed();
            if (!byDepartment.contains(d))
                departments.append(d);
            byDepartment[d].append(&p);
        }
        std::sort(departments.begin(), departments.end(), [](const QString &a, const QString &b) {
            if (a.isEmpty() != b.isEmpty())
                return b.isEmpty();
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
        const qsizetype named = departments.size() - (byDepartment.contains(QString()) ? 1 : 0);
        m_w.heading(2, QStringLiteral("Participants"));
        m_w.paragraph(
            QStringLiteral("%1 people from %2 %3.")
                .arg(m_s.participants.size())
                .arg(named)
                .arg(named == 1 ? QStringLiteral("department") : QStringLiteral("departments")));
        for (const QString &d : departments) {
            m_w.listItem(d.isEmpty() ? MdInline::emphasis(QStringLiteral("No department"))
                                     : MdInline::strong(d));
            for (const Participant *p : byDepartment.value(d)) {
                MdInline item = txt(p->name.trimmed());
                if (!p->role.trimmed().isEmpty())
                    item += txt(QStringLiteral(" — ") + p->role.trimmed());
                m_w.listItem(item, 1);
            }
        }
        m_w.endList();
    }

    void timeline()
    {
        QList<const TimelineEvent *> shown;
        for (const TimelineEvent &e : m_s.events)
            if (!m_o.starredOnly || e.starred)
                shown.append(&e);
        m_w.heading(2, QStringLiteral("Timeline"));
        if (m_o.starredOnly)
            m_w.paragraph(QStringLiteral("Starred events only (%1 of %2).")
                              .arg(shown.size())
                              .arg(m_s.events.size()));
        if (shown.isEmpty()) {
            m_w.paragraph(QStringLiteral("No events."));
            return;
        }

        // One abbreviation in the header when every shown time has the same one; across a
        // daylight-saving change each cell carries its own instead.
        QSet<QString> abbreviations;
        for (const TimelineEvent *e : shown)
            if (e->time.isKnown())
                abbreviations.insert(m_clock.abbreviation(e->time.utc));
        const bool perCell = abbreviations.size() > 1;
        bool anySource = false;
        for (const TimelineEvent *e : shown)
            anySource = anySource || !e->source.trimmed().isEmpty();

        QList<MdInline> headers;
        QList<Align> align;
        if (!m_clock.isUtc()) {
            QString h = QStringLiteral("Time (") + m_clock.zoneId;
            if (abbreviations.size() == 1)
                h += QStringLiteral(", ") + *abbreviations.cbegin();
            headers.append(txt(h + QLatin1Char(')')));
            align.append(Align::Left);
        }
        headers += {txt(QStringLiteral("Time (UTC)")), txt(QStringLiteral("Kind")),
            txt(QStringLiteral("Event")), txt(QStringLiteral("Reported by"))};
        align += {Align::Left, Align::Left, Align::Left, Align::Left};
        if (anySource) {
            headers.append(txt(QStringLiteral("Source")));
            align.append(Align::Left);
        }

        const auto row = [&](qsizetype i, QList<MdInline> &cells) {
            const TimelineEvent *e = shown.at(i);
            if (!m_clock.isUtc()) {
                QString t = m_clock.localStamp(e->time);
                if (perCell && e->time.isKnown())
                    t += QLatin1Char(' ') + m_clock.abbreviation(e->time.utc);
                cells.append(txt(t));
            }
            cells.append(txt(Clock::utcStamp(e->time)));
            cells.append(txt(kindName(e->kind)));
            cells.append(txt((e->starred ? QStringLiteral("★ ") : QString()) + e->text));
            cells.append(txt(orDash(m_s.reporterName(*e))));
            if (anySource)
                cells.append(txt(orDash(e->source)));
        };
        m_w.table(headers, previewed(shown.size()), row, align);
        notePreviewCut(shown.size(), QStringLiteral("events"));

        QStringList legend;
        bool approximate = false;
        bool starred = false;
        for (const TimelineEvent *e : shown) {
            approximate = approximate || e->time.certainty == TimeCertainty::Approximate;
            starred = starred || e->starred;
        }
        if (approximate)
            legend.append(QStringLiteral("~ marks an approximate time"));
        if (starred)
            legend.append(QStringLiteral("★ a starred event"));
        if (!legend.isEmpty())
            m_w.paragraph(MdInline::emphasis(legend.join(QStringLiteral(", ")) + QLatin1Char('.')));
    }

    MdInline evidence(const WhyNode &n) const
    {
        MdInline out;
        for (Id id : n.evidence) {
            const TimelineEvent *e = m_eventById.value(id);
            if (!e)
                continue;
            if (!out.isEmpty())
                out += txt(QStringLiteral("; "));
            // The time alone reads best; the date is added when it is not the incident's.
            const bool otherDay =
                e->time.isKnown() && m_clock.localDate(e->time.utc) != m_s.session.date;
            out += txt((e->time.isKnown() ? m_clock.localStamp(e->time, otherDay)
                                          : QStringLiteral("(time unknown)"))
                + QLatin1Char(' ') + e->text.trimmed());
        }
        return out;
    }

    MdInline linkedActions(Id nodeId) const
    {
        MdInline out;
        QList<qsizetype> linked = m_actionsByWhy.value(nodeId);
        // An action linked to the same node twice is listed once, as before.
        linked.erase(std::unique(linked.begin(), linked.end()), linked.end());
        for (qsizetype i : std::as_const(linked)) {
            const ActionItem &a = m_s.actions.at(i);
            if (!out.isEmpty())
                out += txt(QStringLiteral("; "));
            out += txt(actionLabel(i) + QLatin1Char(' ') + a.what.trimmed());
        }
        return out;
    }

    void whyChains()
    {
        if (m_s.whyNodes.isEmpty())
            return;
        QSet<Id> ids;
        for (const WhyNode &n : m_s.whyNodes)
            ids.insert(n.id);
        // Children by parent, in position order (stable for equal positions). A node whose
        // parent is missing is shown as a problem statement rather than dropped.
        QHash<Id, QList<const WhyNode *>> children;
        QList<const WhyNode *> roots;
        for (const WhyNode &n : m_s.whyNodes) {
            if (n.parentId == 0 || !ids.contains(n.parentId) || n.parentId == n.id)
                roots.append(&n);
            else
                children[n.parentId].append(&n);
        }
        auto byPosition = [](const WhyNode *a, const WhyNode *b) {
            return a->position < b->position;
        };
        std::stable_sort(roots.begin(), roots.end(), byPosition);
        for (auto &list : children)
            std::stable_sort(list.begin(), list.end(), byPosition);

        m_w.heading(2, QStringLiteral("Why chains"));
        QSet<Id> visited;
        std::function<void(const WhyNode *, int)> node = [&](const WhyNode *n, int depth) {
            if (visited.contains(n->id))
                return; // a cycle in stored data must not hang the report
            visited.insert(n->id);
            MdInline item;
            if (depth == 0)
                item += MdInline::strong(QStringLiteral("Problem:")) + txt(QStringLiteral(" "));
            else if (n->rootCause)
                item += MdInline::strong(QStringLiteral("Root cause:")) + txt(QStringLiteral(" "));
            else
                item += txt(QStringLiteral("Why? "));
            item += txt(n->text.trimmed());
            if (depth == 0 && n->rootCause)
                item += txt(QStringLiteral(" ")) + MdInline::strong(QStringLiteral("(root cause)"));
            const MdInline ev = evidence(*n);
            if (!ev.isEmpty())
                item += MdInline::lineBreak() + MdInline::emphasis(QStringLiteral("Evidence:"))
                    + txt(QStringLiteral(" ")) + ev;
            const MdInline acts = linkedActions(n->id);
            if (!acts.isEmpty())
                item += MdInline::lineBreak() + MdInline::emphasis(QStringLiteral("Actions:"))
                    + txt(QStringLiteral(" ")) + acts;
            m_w.listItem(item, depth);
            for (const WhyNode *c : children.value(n->id))
                node(c, depth + 1);
        };
        for (const WhyNode *r : roots)
            node(r, 0);
        m_w.endList();
    }

    // Post-mortem action items, or pre-mortem mitigations (with the risks they address).
    void actions(const QString &heading, bool withThemes)
    {
        if (m_s.actions.isEmpty())
            return;
        m_w.heading(2, heading);
        QList<MdInline> headers {txt(QStringLiteral("#")),
            txt(withThemes ? QStringLiteral("Mitigation") : QStringLiteral("What"))};
        if (withThemes)
            headers.append(txt(QStringLiteral("Risks")));
        headers += {txt(QStringLiteral("Owner")), txt(QStringLiteral("Due")),
            txt(QStringLiteral("Status")), txt(QStringLiteral("Priority")),
            txt(QStringLiteral("Type")), txt(QStringLiteral("Tracker"))};
        QList<QList<MdInline>> rows;
        const qsizetype actionRows = previewed(m_s.actions.size());
        for (qsizetype i = 0; i < actionRows; ++i) {
            const ActionItem &a = m_s.actions.at(i);
            QList<MdInline> row {txt(actionLabel(i)), txt(a.what.trimmed())};
            if (withThemes) {
                QStringList titles;
                for (Id t : a.themes)
                    if (const Theme *th = m_s.theme(t))
                        titles.append(th->title.trimmed());
                row.append(txt(
                    titles.isEmpty() ? QStringLiteral("—") : titles.join(QStringLiteral("; "))));
            }
            row.append(txt(a.owner.trimmed().isEmpty() ? kWarning + QStringLiteral("owner missing")
                                                       : a.owner.trimmed()));
            QString due =
                a.due.isValid() ? isoDate(a.due) : kWarning + QStringLiteral("no due date");
            if (a.isOverdue(m_today))
                due += QLatin1Char(' ') + kWarning + QStringLiteral("overdue");
            row.append(txt(due));
            row += {txt(statusName(a.status)), txt(toKey(a.priority)), txt(toKey(a.type)),
                trackerCell(a.tracker)};
            rows.append(row);
        }
        m_w.table(headers, rows);
        notePreviewCut(m_s.actions.size(), QStringLiteral("actions"));

        m_w.heading(3, QStringLiteral("Checklist"));
        for (qsizetype i = 0; i < actionRows; ++i) {
            const ActionItem &a = m_s.actions.at(i);
            MdInline item = txt(actionLabel(i) + QLatin1Char(' ') + a.what.trimmed());
            QStringList details;
            details.append(
                a.owner.trimmed().isEmpty() ? QStringLiteral("owner missing") : a.owner.trimmed());
            details.append(a.due.isValid() ? QStringLiteral("due ") + isoDate(a.due)
                                           : QStringLiteral("no due date"));
            if (a.isOverdue(m_today))
                details.append(QStringLiteral("overdue"));
            if (a.status == ActionStatus::Dropped)
                details.append(QStringLiteral("dropped"));
            item +=
                txt(QStringLiteral(" (") + details.join(QStringLiteral(", ")) + QLatin1Char(')'));
            // "Who, and by when" matters while the work is ahead; a finished or dropped
            // item is not flagged any more.
            const bool pending =
                a.status == ActionStatus::Open || a.status == ActionStatus::InProgress;
            if (pending && a.isIncomplete())
                item += txt(QStringLiteral(" ")) + MdInline::strong(QStringLiteral("incomplete"));
            m_w.taskItem(a.status == ActionStatus::Done, item);
        }
        m_w.endList();
    }

    // ---- pre-mortem ----------------------------------------------------------------------

    void writePreMortem()
    {
        const Session &ss = m_s.session;
        title(QStringLiteral("Untitled pre-mortem"));
        m_w.table(QStringList {QStringLiteral("Kind"), QStringLiteral("Status"),
                      QStringLiteral("Date"), QStringLiteral("Facilitator"),
                      QStringLiteral("Project"), QStringLiteral("Horizon")},
            {QStringList {QStringLiteral("Pre-mortem"), statusName(ss.status), isoDate(ss.date),
                orDash(ss.facilitator), orDash(ss.project), isoDate(ss.horizon)}});
        if (on(ReportOptions::Catastrophe))
            catastrophe();
        if (on(ReportOptions::Participants))
            participants();
        const QList<RankedTheme> ranked = rankThemes(m_s);
        if (on(ReportOptions::Rounds))
            rounds();
        if (on(ReportOptions::Ideas))
            ideas(ranked);
        if (on(ReportOptions::Ranking))
            ranking(ranked);
        if (on(ReportOptions::RiskMatrix))
            matrix(ranked);
        if (on(ReportOptions::Mitigations))
            actions(QStringLiteral("Mitigations"), true);
    }

    void catastrophe()
    {
        const Session &ss = m_s.session;
        m_w.heading(2, QStringLiteral("The catastrophe"));
        MdInline intro = ss.horizon.isValid()
            ? txt(QStringLiteral("It is ") + isoDate(ss.horizon) + QStringLiteral(". "))
            : MdInline();
        intro += ss.project.trimmed().isEmpty() ? txt(QStringLiteral("The project"))
                                                : MdInline::strong(ss.project);
        intro += txt(QStringLiteral(" has failed. This is what happened:"));
        m_w.paragraph(intro);
        m_w.blockquote(ss.catastrophe.trimmed().isEmpty() ? QStringLiteral("(not described yet)")
                                                          : ss.catastrophe);
    }

    QString roundLabel(const Round &r) const
    {
        const QString group = r.group.trimmed();
        return QStringLiteral("Round ") + QString::number(r.number)
            + (group.isEmpty() ? QString() : QStringLiteral(" · ") + group);
    }

    void rounds()
    {
        if (m_s.rounds.isEmpty())
            return;
        m_w.heading(2, QStringLiteral("Rounds"));
        QList<QList<MdInline>> rows;
        for (const Round &r : m_s.rounds) {
            QStringList members;
            for (Id id : r.members)
                if (const Participant *p = m_s.participant(id))
                    members.append(p->name.trimmed());
            int count = 0;
            for (const Idea &i : m_s.ideas)
                count += i.roundId == r.id ? 1 : 0;
            rows.append({txt(QString::number(r.number)), txt(orDash(r.group)),
                txt(members.isEmpty() ? QStringLiteral("—") : members.join(QStringLiteral(", "))),
                txt(formatDuration(r.durationSeconds)), txt(QString::number(count))});
        }
        m_w.table(QList<MdInline> {txt(QStringLiteral("Round")), txt(QStringLiteral("Group")),
                      txt(QStringLiteral("Members")), txt(QStringLiteral("Time box")),
                      txt(QStringLiteral("Ideas"))},
            rows, {Align::Right, Align::Left, Align::Left, Align::Right, Align::Right});
    }

    static QString likelihoodText(const Theme &t)
    {
        return t.likelihood >= 0
            ? QStringLiteral("in %1 of 10 projects like this").arg(t.likelihood)
            : QStringLiteral("likelihood not estimated");
    }

    static QString foundBy(const RankedTheme &r)
    {
        return QStringLiteral("found by %1 %2 in %3 %4")
            .arg(r.groups)
            .arg(r.groups == 1 ? QStringLiteral("group") : QStringLiteral("groups"))
            .arg(r.rounds)
            .arg(r.rounds == 1 ? QStringLiteral("round") : QStringLiteral("rounds"));
    }

    // The revealed ideas of one theme (0: ungrouped), listed under their rounds.
    void ideasOf(Id themeId)
    {
        QList<const Round *> order;
        for (const Round &r : m_s.rounds)
            order.append(&r);
        std::stable_sort(order.begin(), order.end(),
            [](const Round *a, const Round *b) { return a->number < b->number; });
        QSet<Id> known;
        for (const Round *r : order)
            known.insert(r->id);
        auto listIdeas = [&](const std::function<bool(const Idea &)> &match) {
            QList<const Idea *> out;
            for (const Idea &i : m_s.ideas)
                if (i.themeId == themeId && i.revealed && match(i))
                    out.append(&i);
            std::stable_sort(out.begin(), out.end(),
                [](const Idea *a, const Idea *b) { return a->position < b->position; });
            return out;
        };
        for (const Round *r : order) {
            const auto ideas = listIdeas([r](const Idea &i) { return i.roundId == r->id; });
            if (ideas.isEmpty())
                continue;
            m_w.listItem(MdInline::strong(roundLabel(*r)));
            for (const Idea *i : ideas)
                m_w.listItem(i->text.trimmed(), 1);
        }
        const auto loose =
            listIdeas([&known](const Idea &i) { return !known.contains(i.roundId); });
        if (!loose.isEmpty()) {
            m_w.listItem(MdInline::emphasis(QStringLiteral("No round")));
            for (const Idea *i : loose)
                m_w.listItem(i->text.trimmed(), 1);
        }
        m_w.endList();
    }

    void ideas(const QList<RankedTheme> &ranked)
    {
        if (m_s.ideas.isEmpty())
            return;
        m_w.heading(2, QStringLiteral("Ideas"));
        int hidden = 0;
        for (const Idea &i : m_s.ideas)
            hidden += i.revealed ? 0 : 1;
        if (hidden > 0)
            m_w.paragraph(
                QStringLiteral("%1 %2 not revealed and %3 left out.")
                    .arg(hidden)
                    .arg(hidden == 1 ? QStringLiteral("idea was") : QStringLiteral("ideas were"))
                    .arg(hidden == 1 ? QStringLiteral("is") : QStringLiteral("are")));
        // Themes in the facilitator's order, which is how the wall was grouped.
        QList<RankedTheme> themes = ranked;
        std::stable_sort(
            themes.begin(), themes.end(), [](const RankedTheme &a, const RankedTheme &b) {
                return a.theme.position != b.theme.position ? a.theme.position < b.theme.position
                                                            : a.theme.id < b.theme.id;
            });
        for (const RankedTheme &r : themes) {
            m_w.heading(3,
                r.theme.title.trimmed().isEmpty() ? QStringLiteral("Untitled risk")
                                                  : r.theme.title);
            QStringList facts {likelihoodText(r.theme)};
            if (r.theme.impact > 0)
                facts.append(QStringLiteral("impact %1 of 5").arg(r.theme.impact));
            facts.append(foundBy(r));
            facts.append(QStringLiteral("%1 %2 · %3 %4")
                             .arg(r.ideas)
                             .arg(r.ideas == 1 ? QStringLiteral("idea") : QStringLiteral("ideas"))
                             .arg(r.votes)
                             .arg(r.votes == 1 ? QStringLiteral("vote") : QStringLiteral("votes")));
            m_w.paragraph(MdInline::emphasis(facts.join(QStringLiteral(" · "))));
            ideasOf(r.theme.id);
        }
        bool ungrouped = false;
        for (const Idea &i : m_s.ideas)
            ungrouped = ungrouped || (i.themeId == 0 && i.revealed);
        if (ungrouped) {
            m_w.heading(3, QStringLiteral("Not grouped yet"));
            ideasOf(0);
        }
    }

    static QString themeTitle(const RankedTheme &r)
    {
        const QString t = r.theme.title.trimmed();
        return t.isEmpty() ? QStringLiteral("Untitled risk") : t;
    }

    void ranking(const QList<RankedTheme> &ranked)
    {
        if (ranked.isEmpty())
            return;
        m_w.heading(2, QStringLiteral("Risk ranking"));
        m_w.heading(3, QStringLiteral("By votes"));
        QList<QList<MdInline>> rows;
        for (const RankedTheme &r : ranked)
            rows.append({txt(QString::number(r.voteRank)), txt(themeTitle(r)),
                txt(QString::number(r.votes)), txt(QString::number(r.ideas)),
                txt(QString::number(r.groups)), txt(QString::number(r.rounds))});
        m_w.table(QList<MdInline> {txt(QStringLiteral("Rank")), txt(QStringLiteral("Risk")),
                      txt(QStringLiteral("Votes")), txt(QStringLiteral("Ideas")),
                      txt(QStringLiteral("Groups")), txt(QStringLiteral("Rounds"))},
            rows,
            {Align::Right, Align::Left, Align::Right, Align::Right, Align::Right, Align::Right});

        m_w.heading(3, QStringLiteral("By score (likelihood × impact)"));
        rows.clear();
        for (const RankedTheme &r : sortByScore(ranked)) {
            const bool scored = r.score >= 0;
            rows.append({txt(scored ? QString::number(r.scoreRank) : QStringLiteral("—")),
                txt(themeTitle(r)),
                txt(r.theme.likelihood >= 0 ? QStringLiteral("%1 in 10").arg(r.theme.likelihood)
                                            : QStringLiteral("—")),
                txt(r.theme.impact > 0 ? QString::number(r.theme.impact) : QStringLiteral("—")),
                txt(scored ? QString::number(r.score) : QStringLiteral("not scored"))});
        }
        m_w.table(QList<MdInline> {txt(QStringLiteral("Rank")), txt(QStringLiteral("Risk")),
                      txt(QStringLiteral("Likelihood")), txt(QStringLiteral("Impact")),
                      txt(QStringLiteral("Score"))},
            rows, {Align::Right, Align::Left, Align::Right, Align::Right, Align::Right});
    }

    void matrix(const QList<RankedTheme> &ranked)
    {
        if (ranked.isEmpty())
            return;
        m_w.heading(2, QStringLiteral("Risk matrix"));
        m_w.paragraph(QStringLiteral("Rows: in how many of 10 projects like this it happens. "
                                     "Columns: impact from 1 (minor) to 5 (severe)."));
        QList<MdInline> headers {txt(QStringLiteral("Likelihood"))};
        QList<Align> align {Align::Right};
        for (int impact = 1; impact <= 5; ++impact) {
            headers.append(txt(QStringLiteral("Impact %1").arg(impact)));
            align.append(Align::Center);
        }
        QList<QList<MdInline>> rows;
        QStringList unscored;
        for (int likelihood = 10; likelihood >= 0; --likelihood) {
            QList<MdInline> row {txt(QStringLiteral("%1 in 10").arg(likelihood))};
            for (int impact = 1; impact <= 5; ++impact) {
                MdInline cell;
                for (const RankedTheme &r : ranked) {
                    if (r.theme.likelihood != likelihood || r.theme.impact != impact)
                        continue;
                    if (!cell.isEmpty())
                        cell += MdInline::lineBreak();
                    cell += txt(themeTitle(r));
                }
                row.append(cell);
            }
            rows.append(row);
        }
        for (const RankedTheme &r : ranked)
            if (!r.theme.isScored())
                unscored.append(themeTitle(r));
        m_w.table(headers, rows, align);
        if (!unscored.isEmpty())
            m_w.paragraph(QStringLiteral("Not scored yet: ") + unscored.join(QStringLiteral("; ")));
    }

    // How many of `total` rows a table shows: all, except in a capped preview.
    qsizetype previewed(qsizetype total) const
    {
        return m_o.previewRows > 0 ? std::min<qsizetype>(total, m_o.previewRows) : total;
    }

    void notePreviewCut(qsizetype total, const QString &what)
    {
        if (previewed(total) < total)
            m_w.paragraph(MdInline::emphasis(
                QStringLiteral("Preview: the first %1 of %2 %3. The saved or copied report has "
                               "all of them.")
                    .arg(previewed(total))
                    .arg(total)
                    .arg(what)));
    }

    const SessionSnapshot &m_s;
    const ReportOptions &m_o;
    Clock m_clock;
    QString m_zoneNote;
    MarkdownWriter m_w;
    QDate m_today;
    QHash<Id, const TimelineEvent *> m_eventById;
    QHash<Id, QList<qsizetype>> m_actionsByWhy; // indexes into m_s.actions
};

} // namespace

Status writeReport(const SessionSnapshot &snapshot, const ReportOptions &options, QIODevice *out)
{
    Clock clock;
    QString zoneNote;
    QString id = options.timeZone.trimmed();
    if (!id.isEmpty()) {
        if (!isUtcId(id) && !QTimeZone(id.toUtf8()).isValid())
            return Error {ErrorCode::InvalidInput,
                QStringLiteral("Unknown time zone \"%1\".").arg(id), QString()};
    } else {
        id = snapshot.session.timeZone.trimmed();
        // A zone stored by another machine may be unknown here: fall back to UTC and say so
        // rather than refuse the whole report.
        if (!isUtcId(id) && !QTimeZone(id.toUtf8()).isValid()) {
            zoneNote = QStringLiteral("unknown zone \"%1\", times in UTC").arg(id);
            id.clear();
        }
    }
    if (!isUtcId(id)) {
        clock.zoneId = id;
        clock.zone = QTimeZone(id.toUtf8());
    }
    Report report(snapshot, options, clock, zoneNote, out);
    return report.write();
}

} // namespace hindsight
