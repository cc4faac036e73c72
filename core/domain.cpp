#include "domain.h"

#include <QTimeZone>

#include <array>
#include <utility>

namespace hindsight {

namespace {

// One table per enum keeps key <-> value in a single place.
template<typename E, std::size_t N>
QString keyOf(const std::array<std::pair<E, const char *>, N> &table, E v)
{
    for (const auto &[value, key] : table)
        if (value == v)
            return QString::fromLatin1(key);
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, const char *>, N> &table, const QString &key)
{
    // Stored keys are ours, so exactly as written: try that first. Reading 10,000 events spent
    // 9 M instructions in case-insensitive compares before.
    for (const auto &[value, k] : table)
        if (key == QLatin1String(k))
            return value;
    for (const auto &[value, k] : table)
        if (key.compare(QLatin1String(k), Qt::CaseInsensitive) == 0)
            return value;
    return std::nullopt;
}

constexpr std::array<std::pair<SessionKind, const char *>, 2> kSessionKinds {{
    {SessionKind::PostMortem, "postmortem"},
    {SessionKind::PreMortem, "premortem"},
}};
constexpr std::array<std::pair<SessionStatus, const char *>, 3> kStatuses {{
    {SessionStatus::Draft, "draft"},
    {SessionStatus::InReview, "in-review"},
    {SessionStatus::Published, "published"},
}};
constexpr std::array<std::pair<TimeCertainty, const char *>, 3> kCertainties {{
    {TimeCertainty::Exact, "exact"},
    {TimeCertainty::Approximate, "approximate"},
    {TimeCertainty::Unknown, "unknown"},
}};
constexpr std::array<std::pair<EventKind, const char *>, 9> kEventKinds {{
    {EventKind::ImpactStart, "impact-start"},
    {EventKind::Detection, "detection"},
    {EventKind::Escalation, "escalation"},
    {EventKind::Diagnosis, "diagnosis"},
    {EventKind::Mitigation, "mitigation"},
    {EventKind::Resolution, "resolution"},
    {EventKind::Communication, "communication"},
    {EventKind::Decision, "decision"},
    {EventKind::Note, "note"},
}};
constexpr std::array<std::pair<ActionStatus, const char *>, 4> kActionStatuses {{
    {ActionStatus::Open, "open"},
    {ActionStatus::InProgress, "in-progress"},
    {ActionStatus::Done, "done"},
    {ActionStatus::Dropped, "dropped"},
}};
constexpr std::array<std::pair<ActionPriority, const char *>, 4> kPriorities {{
    {ActionPriority::Low, "low"},
    {ActionPriority::Medium, "medium"},
    {ActionPriority::High, "high"},
    {ActionPriority::Critical, "critical"},
}};
constexpr std::array<std::pair<ActionType, const char *>, 3> kActionTypes {{
    {ActionType::Mitigate, "mitigate"},
    {ActionType::Prevent, "prevent"},
    {ActionType::Process, "process"},
}};

} // namespace

QString toKey(SessionKind v)
{
    return keyOf(kSessionKinds, v);
}
QString toKey(SessionStatus v)
{
    return keyOf(kStatuses, v);
}
QString toKey(TimeCertainty v)
{
    return keyOf(kCertainties, v);
}
QString toKey(EventKind v)
{
    return keyOf(kEventKinds, v);
}
QString toKey(ActionStatus v)
{
    return keyOf(kActionStatuses, v);
}
QString toKey(ActionPriority v)
{
    return keyOf(kPriorities, v);
}
QString toKey(ActionType v)
{
    return keyOf(kActionTypes, v);
}

std::optional<SessionKind> sessionKindFromKey(const QString &key)
{
    // "post-mortem" is what people type; accept it as well as the stored key.
    QString k = key;
    k.remove(QLatin1Char('-'));
    return valueOf(kSessionKinds, k);
}
std::optional<SessionStatus> sessionStatusFromKey(const QString &key)
{
    return valueOf(kStatuses, key);
}
std::optional<TimeCertainty> certaintyFromKey(const QString &key)
{
    return valueOf(kCertainties, key);
}
std::optional<EventKind> eventKindFromKey(const QString &key)
{
    return valueOf(kEventKinds, key);
}
std::optional<ActionStatus> actionStatusFromKey(const QString &key)
{
    return valueOf(kActionStatuses, key);
}
std::optional<ActionPriority> actionPriorityFromKey(const QString &key)
{
    return valueOf(kPriorities, key);
}
std::optional<ActionType> actionTypeFromKey(const QString &key)
{
    return valueOf(kActionTypes, key);
}

QList<EventKind> allEventKinds()
{
    QList<EventKind> kinds;
    for (const auto &entry : kEventKinds)
        kinds.append(entry.first);
    return kinds;
}

QString defaultPrimeDirective()
{
    return QStringLiteral(
        "Regardless of what we discover, we understand and truly believe that everyone did "
        "the best job they could, given what they knew at the time, their skills and "
        "abilities, the resources available, and the situation at hand.");
}

EventTime EventTime::at(
    const QDateTime &when, TimeCertainty certainty, bool hasSeconds, const QString &zone)
{
    EventTime t;
    t.certainty = when.isValid() ? certainty : TimeCertainty::Unknown;
    if (!when.isValid())
        return t;
    t.utc = when.toUTC();
    t.offsetSeconds = when.offsetFromUtc();
    t.zone = zone;
    t.hasSeconds = hasSeconds;
    return t;
}

const Participant *SessionSnapshot::participant(Id id) const
{
    for (const auto &p : participants)
        if (p.id == id)
            return &p;
    return nullptr;
}

const TimelineEvent *SessionSnapshot::event(Id id) const
{
    for (const auto &e : events)
        if (e.id == id)
            return &e;
    return nullptr;
}

const Theme *SessionSnapshot::theme(Id id) const
{
    for (const auto &t : themes)
        if (t.id == id)
            return &t;
    return nullptr;
}

QString SessionSnapshot::reporterName(const TimelineEvent &e) const
{
    if (const Participant *p = participant(e.reporterId))
        return p->name;
    return e.reporterText;
}

} // namespace hindsight
