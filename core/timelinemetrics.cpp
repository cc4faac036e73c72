#include "timelinemetrics.h"

#include <array>
#include <optional>

namespace hindsight {

namespace {

// The event of one kind that bounds a metric, if any has a known time.
struct Endpoint {
    QDateTime utc;
    bool approximate = false;
};

enum class Pick { First, Last };

std::optional<Endpoint> findEndpoint(const QList<TimelineEvent> &events, EventKind kind, Pick pick)
{
    std::optional<Endpoint> best;
    for (const TimelineEvent &e : events) {
        if (e.kind != kind || !e.time.isKnown())
            continue;
        const QDateTime t = e.time.utc;
        const bool better = !best || (pick == Pick::First ? t < best->utc : t > best->utc);
        // Among events at the same instant, an exact one wins: the metric is only as
        // approximate as it has to be.
        const bool sameButExact =
            best && t == best->utc && best->approximate && e.time.certainty == TimeCertainty::Exact;
        if (better || sameButExact)
            best = Endpoint {t, e.time.certainty == TimeCertainty::Approximate};
    }
    return best;
}

bool hasKind(const QList<TimelineEvent> &events, EventKind kind)
{
    for (const TimelineEvent &e : events)
        if (e.kind == kind)
            return true;
    return false;
}

QString missingReason(const QList<TimelineEvent> &events, EventKind kind, const QString &name)
{
    if (hasKind(events, kind))
        return QStringLiteral("The %1 time is unknown.").arg(name);
    return QStringLiteral("No %1 event in the timeline.").arg(name);
}

TimelineMetric measure(const QList<TimelineEvent> &events, const std::optional<Endpoint> &start,
    const std::optional<Endpoint> &end, EventKind endKind, const QString &endName,
    const QString &howMeasured)
{
    TimelineMetric m;
    if (!start) {
        m.explanation =
            missingReason(events, EventKind::ImpactStart, QStringLiteral("impact start"));
        return m;
    }
    if (!end) {
        m.explanation = missingReason(events, endKind, endName);
        return m;
    }
    m.approximate = start->approximate || end->approximate;
    const qint64 delta = start->utc.secsTo(end->utc);
    if (delta < 0) {
        m.impossible = true;
        m.explanation =
            QStringLiteral("Impossible order: %1 is recorded %2 before the impact start.")
                .arg(endName, formatDuration(-delta));
        return m;
    }
    m.available = true;
    m.seconds = delta;
    m.explanation = howMeasured;
    if (m.approximate)
        m.explanation += QStringLiteral(" Approximate: based on an approximate time.");
    return m;
}

} // namespace

TimelineMetrics computeTimelineMetrics(const QList<TimelineEvent> &events)
{
    const auto start = findEndpoint(events, EventKind::ImpactStart, Pick::First);
    TimelineMetrics r;
    r.timeToDetect = measure(events, start, findEndpoint(events, EventKind::Detection, Pick::First),
        EventKind::Detection, QStringLiteral("detection"),
        QStringLiteral("From the first impact start to the first detection."));
    r.timeToMitigate =
        measure(events, start, findEndpoint(events, EventKind::Mitigation, Pick::First),
            EventKind::Mitigation, QStringLiteral("mitigation"),
            QStringLiteral("From the first impact start to the first mitigation."));
    r.timeToResolve =
        measure(events, start, findEndpoint(events, EventKind::Resolution, Pick::First),
            EventKind::Resolution, QStringLiteral("resolution"),
            QStringLiteral("From the first impact start to the first resolution."));

    if (const auto lastResolution = findEndpoint(events, EventKind::Resolution, Pick::Last)) {
        r.totalImpact = measure(events, start, lastResolution, EventKind::Resolution,
            QStringLiteral("the last resolution"),
            QStringLiteral("From the first impact start to the last resolution."));
    } else if (const auto lastMitigation =
                   findEndpoint(events, EventKind::Mitigation, Pick::Last)) {
        r.totalImpact = measure(events, start, lastMitigation, EventKind::Mitigation,
            QStringLiteral("the last mitigation"),
            QStringLiteral(
                "From the first impact start to the last mitigation (no resolution with a "
                "known time)."));
    } else {
        r.totalImpact = measure(events, start, std::nullopt, EventKind::Resolution,
            QStringLiteral("resolution"), QString());
        if (start)
            r.totalImpact.explanation =
                hasKind(events, EventKind::Resolution) || hasKind(events, EventKind::Mitigation)
                ? QStringLiteral("The resolution and mitigation times are unknown.")
                : QStringLiteral("No resolution or mitigation event in the timeline.");
    }
    return r;
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return QLatin1Char('-') + formatDuration(-seconds);
    struct Unit {
        qint64 seconds;
        const char *name;
    };
    static constexpr std::array<Unit, 4> units {{
        {86400, "d"},
        {3600, "h"},
        {60, "min"},
        {1, "s"},
    }};
    for (std::size_t i = 0; i < units.size(); ++i) {
        const qint64 count = seconds / units[i].seconds;
        if (count == 0 && i + 1 < units.size())
            continue;
        QString out = QString::number(count) + QLatin1Char(' ') + QLatin1String(units[i].name);
        if (i + 1 < units.size()) {
            const qint64 next = (seconds % units[i].seconds) / units[i + 1].seconds;
            if (next > 0)
                out += QLatin1Char(' ') + QString::number(next) + QLatin1Char(' ')
                    + QLatin1String(units[i + 1].name);
        }
        return out;
    }
    return QStringLiteral("0 s");
}

} // namespace hindsight
