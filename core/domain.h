#pragma once

// The plain values Hindsight works with. No storage, no Qt models: these structs are what the
// storage layer reads and writes, what the report and JSON writers take, and what the UI
// models hold. Ids are SQLite rowids; 0 means "not stored yet" or "none".

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace hindsight {

using Id = qint64;

enum class SessionKind { PostMortem, PreMortem };
enum class SessionStatus { Draft, InReview, Published };

enum class TimeCertainty { Exact, Approximate, Unknown };

enum class EventKind {
    ImpactStart,
    Detection,
    Escalation,
    Diagnosis,
    Mitigation,
    Resolution,
    Communication,
    Decision,
    Note,
};

enum class ActionStatus { Open, InProgress, Done, Dropped };
enum class ActionPriority { Low, Medium, High, Critical };
enum class ActionType { Mitigate, Prevent, Process };

// Stable identifiers used in storage, JSON and on the command line ("impact-start", ...).
// They never change once shipped; display names are the UI's business (tr()).
QString toKey(SessionKind v);
QString toKey(SessionStatus v);
QString toKey(TimeCertainty v);
QString toKey(EventKind v);
QString toKey(ActionStatus v);
QString toKey(ActionPriority v);
QString toKey(ActionType v);
std::optional<SessionKind> sessionKindFromKey(const QString &key);
std::optional<SessionStatus> sessionStatusFromKey(const QString &key);
std::optional<TimeCertainty> certaintyFromKey(const QString &key);
std::optional<EventKind> eventKindFromKey(const QString &key);
std::optional<ActionStatus> actionStatusFromKey(const QString &key);
std::optional<ActionPriority> actionPriorityFromKey(const QString &key);
std::optional<ActionType> actionTypeFromKey(const QString &key);
QList<EventKind> allEventKinds();

// The Prime Directive (Norm Kerth), shown at the start of every post-mortem.
QString defaultPrimeDirective();

// When something happened, as honestly as it is known.
struct EventTime {
    TimeCertainty certainty = TimeCertainty::Unknown;
    QDateTime utc; // the instant, in UTC; invalid when certainty is Unknown
    int offsetSeconds = 0; // the UTC offset the time was given in (for display as entered)
    QString zone; // the zone as given: IANA id ("Europe/Berlin"), abbreviation ("PST") or empty
    bool hasSeconds = false;

    bool isKnown() const { return certainty != TimeCertainty::Unknown && utc.isValid(); }
    static EventTime unknown() { return {}; }
    static EventTime at(const QDateTime &when, TimeCertainty certainty = TimeCertainty::Exact,
        bool hasSeconds = false, const QString &zone = {});
    bool operator==(const EventTime &other) const = default;
};

struct Session {
    Id id = 0;
    SessionKind kind = SessionKind::PostMortem;
    QString title;
    SessionStatus status = SessionStatus::Draft;
    QDate date; // incident date (post-mortem) or meeting date (pre-mortem)
    QString severity; // free text such as "SEV-2"; teams name levels differently
    QString summary;
    QString impact;
    QString facilitator;
    QString timeZone; // IANA id used to display times; empty means UTC
    QString lessons;
    QString primeDirective;
    // Pre-mortem only.
    QString project;
    QDate horizon; // the date by which the project "has failed"
    QString catastrophe;
    QDateTime created; // UTC, set by storage
    QDateTime updated; // UTC, set by storage

    bool operator==(const Session &other) const = default;
};

struct Participant {
    Id id = 0;
    Id sessionId = 0;
    QString name;
    QString department;
    QString role;
    bool operator==(const Participant &other) const = default;
};

struct TimelineEvent {
    Id id = 0;
    Id sessionId = 0;
    EventTime time;
    QString text;
    EventKind kind = EventKind::Note;
    Id reporterId = 0; // a participant, or 0
    QString reporterText; // free text when the reporter is not a participant
    QString source; // chat, monitoring, memory, ...
    bool starred = false;
    // Order within the timeline. Known times sort by their instant; an event with an unknown
    // time keeps the sort key of the place the user put it, and seq breaks ties.
    qint64 sortKey = 0;
    qint64 seq = 0;
    bool operator==(const TimelineEvent &other) const = default;
};

struct WhyNode {
    Id id = 0;
    Id sessionId = 0;
    Id parentId = 0; // 0: a problem statement (a root of the tree)
    int position = 0; // order among siblings
    QString text;
    bool rootCause = false;
    QList<Id> evidence; // timeline events cited
    bool operator==(const WhyNode &other) const = default;
};

struct ActionItem {
    Id id = 0;
    Id sessionId = 0;
    QString what;
    QString owner;
    QDate due;
    ActionStatus status = ActionStatus::Open;
    ActionPriority priority = ActionPriority::Medium;
    ActionType type = ActionType::Prevent;
    QString tracker; // an issue key ("OPS-123") or a URL
    QList<Id> whyNodes; // post-mortem: the causes it addresses
    QList<Id> themes; // pre-mortem: the risks it mitigates
    int position = 0;
    bool operator==(const ActionItem &other) const = default;

    // "Who does it, when will it happen": without both it is not an action yet.
    bool isIncomplete() const { return owner.trimmed().isEmpty() || !due.isValid(); }
    bool isOverdue(const QDate &today) const
    {
        return due.isValid() && due < today
            && (status == ActionStatus::Open || status == ActionStatus::InProgress);
    }
};

// Pre-mortem: one round of the game, played by one group.
struct Round {
    Id id = 0;
    Id sessionId = 0;
    int number = 1;
    QString group; // the group's name
    QList<Id> members; // participants in the group
    int durationSeconds = 300;
    bool operator==(const Round &other) const = default;
};

struct Idea {
    Id id = 0;
    Id sessionId = 0;
    Id roundId = 0;
    QString text;
    Id authorId = 0; // 0: anonymous
    Id themeId = 0; // 0: not grouped yet
    bool revealed = false; // hidden on the shared screen until revealed
    int position = 0;
    bool operator==(const Idea &other) const = default;
};

// Pre-mortem: a risk, grouping ideas from one or more rounds.
struct Theme {
    Id id = 0;
    Id sessionId = 0;
    QString title;
    int likelihood = -1; // "in N of 10 projects like this", 0..10; -1 not scored
    int impact = 0; // 1..5; 0 not scored
    int position = 0;
    bool operator==(const Theme &other) const = default;

    bool isScored() const { return likelihood >= 0 && impact > 0; }
    int score() const { return isScored() ? likelihood * impact : -1; }
};

struct Vote {
    Id sessionId = 0;
    Id themeId = 0;
    Id participantId = 0;
    int dots = 0;
    bool operator==(const Vote &other) const = default;
};

} // namespace hindsight

// Every member is a Qt value type that may be moved in memory as bytes, so QList can grow with
// realloc() instead of moving element by element into a new block: a 10,000-event list was
// moved whole at each doubling, and each new block cost fresh page faults.
Q_DECLARE_TYPEINFO(hindsight::EventTime, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Session, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Participant, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::TimelineEvent, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::WhyNode, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::ActionItem, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Round, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Idea, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Theme, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(hindsight::Vote, Q_RELOCATABLE_TYPE);

namespace hindsight {

// Everything one session holds, as the report and JSON writers need it. Lists are in display
// order: events in timeline order, why nodes parent-first by position, the rest by position.
struct SessionSnapshot {
    Session session;
    QList<Participant> participants;
    QList<TimelineEvent> events;
    QList<WhyNode> whyNodes;
    QList<ActionItem> actions;
    QList<Round> rounds;
    QList<Idea> ideas;
    QList<Theme> themes;
    QList<Vote> votes;
    bool operator==(const SessionSnapshot &other) const = default;

    const Participant *participant(Id id) const;
    const TimelineEvent *event(Id id) const;
    const Theme *theme(Id id) const;
    // Who reported an event, as a display string (participant name or free text).
    QString reporterName(const TimelineEvent &event) const;
};

} // namespace hindsight
