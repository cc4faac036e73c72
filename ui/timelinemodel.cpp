#include "timelinemodel.h"

#include "editor.h"
#include "eventkindstyle.h"
#include "rowmerge.h"
#include "timelineedits.h"
#include "workspace.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>
#include <tuple>

namespace hindsight {

namespace {

// Storage orders by (sort key, seq); the id only breaks ties storage never produces, so the
// model's order is total and every row has one right place.
bool before(const TimelineEvent &a, const TimelineEvent &b)
{
    return std::tie(a.sortKey, a.seq, a.id) < std::tie(b.sortKey, b.seq, b.id);
}

} // namespace

Id participantNamed(const QList<Participant> &participants, const QString &name)
{
    const QString n = name.trimmed();
    if (n.isEmpty())
        return 0;
    for (const Participant &p : participants) {
        if (p.name.trimmed().compare(n, Qt::CaseInsensitive) == 0)
            return p.id;
    }
    Id match = 0;
    for (const Participant &p : participants) {
        const QString first = p.name.trimmed().section(QLatin1Char(' '), 0, 0);
        if (first.compare(n, Qt::CaseInsensitive) == 0) {
            if (match != 0)
                return 0; // two Alices: do not guess
            match = p.id;
        }
    }
    return match;
}

TimelineModel::TimelineModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
{
    connect(editor->workspace(), &Workspace::changed, this, &TimelineModel::onChanged);
    connect(editor->workspace(), &Workspace::externallyChanged, this, &TimelineModel::reload);
}

TimelineModel::~TimelineModel() = default;

void TimelineModel::setSession(Id sessionId)
{
    if (sessionId == m_session.id && sessionId != 0)
        return;
    beginResetModel();
    m_session = Session {};
    m_session.id = sessionId;
    m_events.clear();
    m_participants.clear();
    if (sessionId != 0) {
        loadSessionData();
        if (auto list = m_editor->workspace()->events(sessionId))
            m_events = *list;
        else
            m_editor->report(list.error());
    }
    endResetModel();
    Q_EMIT sessionDataChanged();
}

void TimelineModel::reload()
{
    if (m_session.id == 0)
        return;
    Workspace *ws = m_editor->workspace();
    auto session = ws->session(m_session.id);
    if (!session) {
        // Deleted in another window: show nothing rather than stale rows. Any other error
        // (a busy file) keeps what is shown until the next poll.
        if (session.error().code == ErrorCode::NotFound)
            setSession(0);
        else
            m_editor->report(session.error());
        return;
    }
    auto people = ws->participants(m_session.id);
    auto list = ws->events(m_session.id);
    if (!people || !list) {
        m_editor->report(!people ? people.error() : list.error());
        return;
    }
    // Times are shown in the session's zone and relative to its date, reporters by name and
    // department: when those change, every row may look different.
    const bool context = session->timeZone != m_session.timeZone || session->date != m_session.date
        || *people != m_participants;
    RowMergeOptions options;
    options.compareAll = context;
    options.updateContext = [this, &session, &people] {
        m_session = *session;
        m_participants = *people;
    };
    mergeRows(this, m_events, *list, options);
    if (context) {
        Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
        Q_EMIT sessionDataChanged();
    }
}

void TimelineModel::loadSessionData()
{
    Workspace *ws = m_editor->workspace();
    if (auto s = ws->session(m_session.id)) {
        m_session = *s;
    } else {
        // The session is gone (deleted in another window): show nothing rather than stale rows.
        m_session = Session {};
        return;
    }
    if (auto p = ws->participants(m_session.id))
        m_participants = *p;
    else
        m_editor->report(p.error());
}

QStringList TimelineModel::departments() const
{
    QStringList list;
    for (const Participant &p : m_participants) {
        const QString d = p.department.trimmed();
        if (!d.isEmpty() && !list.contains(d, Qt::CaseInsensitive))
            list.append(d);
    }
    list.sort(Qt::CaseInsensitive);
    return list;
}

int TimelineModel::rowOf(Id eventId) const
{
    for (int i = 0; i < m_events.size(); ++i) {
        if (m_events[i].id == eventId)
            return i;
    }
    return -1;
}

TimelineEvent TimelineModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? m_events[row] : TimelineEvent {};
}

QString TimelineModel::reporterName(const TimelineEvent &event) const
{
    if (event.reporterId != 0) {
        for (const Participant &p : m_participants) {
            if (p.id == event.reporterId)
                return p.name;
        }
    }
    return event.reporterText;
}

QString TimelineModel::departmentOf(const TimelineEvent &event) const
{
    if (event.reporterId == 0)
        return {};
    for (const Participant &p : m_participants) {
        if (p.id == event.reporterId)
            return p.department.trimmed();
    }
    return {};
}

QTimeZone TimelineModel::displayZone() const
{
    if (!m_session.timeZone.isEmpty()) {
        QTimeZone tz(m_session.timeZone.toUtf8());
        if (tz.isValid())
            return tz;
    }
    return QTimeZone::utc();
}

QString TimelineModel::displayTime(const EventTime &time) const
{
    if (!time.isKnown())
        return tr("unknown");
    return editableTime(time);
}

QString TimelineModel::editableTime(const EventTime &time) const
{
    if (!time.isKnown())
        return {};
    const QDateTime local = time.utc.toTimeZone(displayZone());
    QString text = time.certainty == TimeCertainty::Approximate ? QStringLiteral("~") : QString();
    if (m_session.date.isValid() && local.date() != m_session.date)
        text += local.toString(QStringLiteral("yyyy-MM-dd "));
    text += local.toString(time.hasSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    return text;
}

ParseContext TimelineModel::parseContext(int row) const
{
    ParseContext ctx;
    ctx.defaultZone = displayZone() == QTimeZone::utc() ? QString() : m_session.timeZone;
    ctx.now = QDateTime::currentDateTimeUtc();
    ctx.defaultDate = m_session.date;
    const int end = row < 0 || row > m_events.size() ? int(m_events.size()) : row;
    for (int i = end - 1; i >= 0; --i) {
        if (m_events[i].time.isKnown()) {
            ctx.previous = m_events[i].time.utc;
            break;
        }
    }
    if (!ctx.defaultDate.isValid()) {
        // A session without a date: the day of its first known event, else today.
        for (const TimelineEvent &e : m_events) {
            if (e.time.isKnown()) {
                ctx.defaultDate = e.time.utc.toTimeZone(displayZone()).date();
                break;
            }
        }
        if (!ctx.defaultDate.isValid())
            ctx.defaultDate = ctx.now.toTimeZone(displayZone()).date();
    }
    return ctx;
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEvent &e = m_events[index.row()];
    switch (role) {
    case EventRole: return QVariant::fromValue(e);
    case KindRole: return int(e.kind);
    case IdRole: return e.id;
    case DepartmentRole: return departmentOf(e);
    case TimeKnownRole: return e.time.isKnown();
    default: break;
    }

    switch (index.column()) {
    case StarColumn:
        switch (role) {
        case Qt::DisplayRole:
            return e.starred ? QStringLiteral("\u2605") : QStringLiteral("\u2606");
        case Qt::ForegroundRole:
            return e.starred ? QBrush(QColor(0xB3, 0x6B, 0x00)) : QBrush(QColor(0x9A, 0x9A, 0x9A));
        case Qt::TextAlignmentRole: return int(Qt::AlignCenter);
        case Qt::ToolTipRole:
            return e.starred ? tr("Key event. Click or press Space to unstar it.")
                             : tr("Click or press Space to mark this as a key event.");
        case Qt::AccessibleTextRole: return e.starred ? tr("Key event") : tr("Not a key event");
        default: return {};
        }
    case TimeColumn:
        switch (role) {
        case Qt::DisplayRole: return displayTime(e.time);
        case Qt::EditRole: return editableTime(e.time);
        case Qt::ForegroundRole:
            return e.time.isKnown() ? QVariant() : QVariant(QBrush(QColor(0x6B, 0x6B, 0x6B)));
        case Qt::FontRole: {
            if (e.time.isKnown())
                return {};
            QFont f;
            f.setItalic(true);
            return f;
        }
        case Qt::ToolTipRole: {
            if (!e.time.isKnown())
                return tr("Nobody knows when this happened yet. Alt+Up and Alt+Down move it.");
            const QDateTime local = e.time.utc.toTimeZone(displayZone());
            QString tip = QLocale().toString(local, QLocale::LongFormat);
            if (e.time.certainty == TimeCertainty::Approximate)
                tip = tr("About %1").arg(tip);
            if (e.time.offsetSeconds != local.offsetFromUtc() && !e.time.zone.isEmpty())
                tip += QLatin1Char('\n')
                    + tr("Entered as %1 %2")
                          .arg(e.time.utc.toOffsetFromUtc(e.time.offsetSeconds)
                                   .toString(QStringLiteral("HH:mm")),
                              e.time.zone);
            return tip;
        }
        default: return {};
        }
    case KindColumn:
        switch (role) {
        case Qt::DisplayRole: return kindName(e.kind);
        case Qt::EditRole: return int(e.kind);
        case Qt::DecorationRole: return kindIcon(e.kind);
        case Qt::ToolTipRole: return kindDescription(e.kind);
        default: return {};
        }
    case TextColumn:
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole: return e.text;
        case Qt::ToolTipRole: return e.text;
        case Qt::FontRole: {
            if (!e.starred)
                return {};
            QFont f;
            f.setBold(true);
            return f;
        }
        default: return {};
        }
    case ReporterColumn:
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole: return reporterName(e);
        case Qt::ToolTipRole: {
            const QString dept = departmentOf(e);
            return dept.isEmpty() ? QVariant() : QVariant(tr("Department: %1").arg(dept));
        }
        default: return {};
        }
    case SourceColumn:
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole: return e.source;
        default: return {};
        }
    default: return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case StarColumn: return QStringLiteral("\u2605");
        case TimeColumn: {
            const QString zone =
                m_session.timeZone.isEmpty() ? QStringLiteral("UTC") : m_session.timeZone;
            // Two lines: "Time (Europe/Amsterdam)" on one made the column three times as wide as
            // the times under it, taken from the event's text on a narrow screen.
            return tr("Time\n(%1)").arg(zone);
        }
        case KindColumn: return tr("Kind");
        case TextColumn: return tr("Event");
        case ReporterColumn: return tr("Reported by");
        case SourceColumn: return tr("Source");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case StarColumn: return tr("Key events");
        case TimeColumn: return tr("When it happened, in the session's time zone. ~ means about.");
        case KindColumn: return tr("What kind of event it was");
        case TextColumn: return tr("What happened: events, not people");
        case ReporterColumn: return tr("Who told us; a participant or any name");
        case SourceColumn: return tr("Where it is known from: chat, monitoring, memory, ...");
        default: return {};
        }
    }
    return {};
}

Qt::ItemFlags TimelineModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    // The star is toggled by a click or Space, not through an editor.
    if (index.column() != StarColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool TimelineModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (role != Qt::EditRole)
        return false;
    const TimelineEvent before = m_events[index.row()];
    TimelineEvent after = before;
    switch (index.column()) {
    case StarColumn:
        if (value.toBool() == before.starred)
            return true;
        return edits::toggleStar(*m_editor, {before.id});
    case TimeColumn: {
        ParseContext ctx = parseContext(index.row());
        // Retyping "14:10" on an event after midnight keeps it on its own day.
        if (before.time.isKnown())
            ctx.defaultDate = before.time.utc.toTimeZone(displayZone()).date();
        const QString typed = value.toString();
        const auto time = TimelineParser::parseTypedTime(typed, ctx);
        if (!time) {
            Q_EMIT editRejected(
                tr("Could not read the time \u201c%1\u201d. Try 14:05, ~14:05, 9:37 AM PST, "
                   "2017-01-31 18:00 UTC, +5m, or leave it blank for unknown.")
                    .arg(typed.trimmed()));
            return false;
        }
        after.time = *time;
        break;
    }
    case KindColumn: {
        bool ok = false;
        const int k = value.toInt(&ok);
        if (!ok || !allEventKinds().contains(EventKind(k)))
            return false;
        after.kind = EventKind(k);
        break;
    }
    case TextColumn: {
        const QString text = value.toString().trimmed();
        if (text.isEmpty()) {
            Q_EMIT editRejected(tr("An event needs a few words about what happened."));
            return false;
        }
        after.text = text;
        break;
    }
    case ReporterColumn: {
        const QString name = value.toString().trimmed();
        after.reporterId = participantNamed(name);
        after.reporterText = after.reporterId != 0 ? QString() : name;
        break;
    }
    case SourceColumn: after.source = value.toString().trimmed(); break;
    default: return false;
    }
    return edits::updateEvent(*m_editor, before, after);
}

void TimelineModel::onChanged(const Change &change)
{
    if (m_session.id == 0)
        return;
    switch (change.entity) {
    case Change::Entity::Session:
        if (change.id != m_session.id)
            return;
        if (change.type == Change::Type::Removed) {
            setSession(0);
            return;
        }
        loadSessionData();
        if (!m_events.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
        Q_EMIT sessionDataChanged();
        return;
    case Change::Entity::Participant:
        if (change.sessionId != m_session.id)
            return;
        loadSessionData();
        // Names and departments of reporters may have changed.
        if (!m_events.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        Q_EMIT sessionDataChanged();
        return;
    case Change::Entity::Event:
        if (change.sessionId != m_session.id)
            return;
        switch (change.type) {
        case Change::Type::Inserted: eventInserted(change.id); return;
        case Change::Type::Updated: eventUpdated(change.id); return;
        case Change::Type::Removed: eventRemoved(change.id); return;
        }
        return;
    default: return;
    }
}

int TimelineModel::insertionRow(const TimelineEvent &event, int skip) const
{
    // The rows are always sorted by what this model knows of them, so a binary search over
    // the list (without `skip`) finds the place.
    int lo = 0;
    int hi = int(m_events.size()) - (skip >= 0 ? 1 : 0);
    auto at = [&](int i) -> const TimelineEvent & {
        return m_events[skip >= 0 && i >= skip ? i + 1 : i];
    };
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (before(at(mid), event))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void TimelineModel::eventInserted(Id id)
{
    if (rowOf(id) >= 0) {
        eventUpdated(id);
        return;
    }
    auto e = m_editor->workspace()->event(id);
    if (!e || e->sessionId != m_session.id)
        return;
    const int row = insertionRow(*e);
    beginInsertRows({}, row, row);
    m_events.insert(row, *e);
    endInsertRows();
}

void TimelineModel::eventUpdated(Id id)
{
    const int row = rowOf(id);
    if (row < 0) {
        eventInserted(id);
        return;
    }
    auto e = m_editor->workspace()->event(id);
    if (!e) {
        eventRemoved(id);
        return;
    }
    m_events[row] = *e;
    const int target = insertionRow(*e, row);
    int now = row;
    if (target != row) {
        beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
        m_events.move(row, target);
        endMoveRows();
        now = target;
    }
    Q_EMIT dataChanged(index(now, 0), index(now, ColumnCount - 1));
}

void TimelineModel::eventRemoved(Id id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_events.removeAt(row);
    endRemoveRows();
}

// ---------------------------------------------------------------------------------------------

TimelineFilterModel::TimelineFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

QString TimelineFilterModel::noDepartment()
{
    // Not a department anyone types: it cannot clash with a real one.
    return QStringLiteral("\x01none");
}

void TimelineFilterModel::setKindFilter(std::optional<EventKind> kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateFilter();
}

void TimelineFilterModel::setDepartmentFilter(const QString &department)
{
    if (department == m_department)
        return;
    m_department = department;
    invalidateFilter();
}

bool TimelineFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kind && idx.data(TimelineModel::KindRole).toInt() != int(*m_kind))
        return false;
    if (!m_department.isEmpty()) {
        const QString dept = idx.data(TimelineModel::DepartmentRole).toString();
        if (m_department == noDepartment())
            return dept.isEmpty();
        return dept.compare(m_department, Qt::CaseInsensitive) == 0;
    }
    return true;
}

} // namespace hindsight
