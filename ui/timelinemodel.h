#pragma once

#include "domain.h"
#include "timelineparser.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QTimeZone>

#include <optional>

namespace hindsight {

class Editor;
struct Change;

// The participant whose name matches `name` (case-insensitive, full name, or first name when
// only one participant has it), or 0. "alice" in a chat log is Alice Chen.
Id participantNamed(const QList<Participant> &participants, const QString &name);

// The events of one session, in timeline order: the rows mirror Workspace::events(), and
// follow each Workspace::changed() one row at a time (insert, update and move, remove).
// Edits made through setData() go to the Editor as undoable steps; the model changes only
// when the workspace says it did.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        StarColumn,
        TimeColumn,
        KindColumn,
        TextColumn,
        ReporterColumn,
        SourceColumn,
        ColumnCount
    };
    enum Role {
        EventRole = Qt::UserRole, // the TimelineEvent
        KindRole, // int(EventKind)
        IdRole, // Id
        DepartmentRole, // the reporter's department ("" when none or not a participant)
        TimeKnownRole, // bool
    };
    Q_ENUM(Column)

    explicit TimelineModel(Editor *editor, QObject *parent = nullptr);
    ~TimelineModel() override;

    void setSession(Id sessionId);
    Id sessionId() const { return m_session.id; }
    const Session &session() const { return m_session; }
    const QList<TimelineEvent> &events() const { return m_events; }
    const QList<Participant> &participants() const { return m_participants; }
    // The departments of the session's participants, sorted, without duplicates or blanks.
    QStringList departments() const;
    Editor *editor() const { return m_editor; }

    int rowOf(Id eventId) const;
    TimelineEvent eventAt(int row) const;
    QString reporterName(const TimelineEvent &event) const;
    QString departmentOf(const TimelineEvent &event) const;
    Id participantNamed(const QString &name) const
    {
        return hindsight::participantNamed(m_participants, name);
    }

    // The zone times are shown in: the session's, UTC when it has none.
    QTimeZone displayZone() const;
    // "14:05", "~14:05:30", "2017-02-01 00:10" (when not on the session's date), "unknown".
    QString displayTime(const EventTime &time) const;
    // The same, but in a form parseTypedTime reads back; blank for unknown.
    QString editableTime(const EventTime &time) const;
    // Context for reading a typed time: the session's date and zone, `previous` = the last
    // known time before `row` (row < 0: the last known time of the timeline).
    ParseContext parseContext(int row = -1) const;

    // Re-reads everything (another process changed the file) and announces only what
    // differs, so the selection and an open editor stay where they are (see rowmerge.h).
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    // An edit could not be understood (a time that cannot be read); the message says why.
    void editRejected(const QString &message);
    // The session's date or zone, or its participants changed: what times and reporters
    // look like may have changed, and filters by department need new choices.
    void sessionDataChanged();

private:
    void onChanged(const hindsight::Change &change);
    void eventInserted(Id id);
    void eventUpdated(Id id);
    void eventRemoved(Id id);
    void loadSessionData();
    // Where an event with this order belongs among m_events (ignoring row `skip`).
    int insertionRow(const TimelineEvent &event, int skip = -1) const;

    Editor *m_editor;
    Session m_session;
    QList<TimelineEvent> m_events;
    QList<Participant> m_participants;
};

// Filters the timeline by kind and by the reporter's department. It never sorts: order is
// the timeline's.
class TimelineFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TimelineFilterModel(QObject *parent = nullptr);

    // nullopt: every kind.
    void setKindFilter(std::optional<EventKind> kind);
    std::optional<EventKind> kindFilter() const { return m_kind; }
    // Empty: every department. kNoDepartment: events whose reporter has none.
    void setDepartmentFilter(const QString &department);
    QString departmentFilter() const { return m_department; }
    static QString noDepartment();
    bool isFiltering() const { return m_kind.has_value() || !m_department.isEmpty(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<EventKind> m_kind;
    QString m_department;
};

} // namespace hindsight
