#include "sessionlistmodel.h"

#include "rowmerge.h"
#include "workspace.h"

#include <QFont>
#include <QLocale>

namespace hindsight {

namespace {

// How long after the last change the search and the department query run again: long enough
// to gather a burst of edits, short enough to read as immediate in the sidebar.
constexpr int kRefreshDelayMs = 250;

} // namespace

QString kindName(SessionKind kind)
{
    return kind == SessionKind::PostMortem ? SessionListModel::tr("Post-mortem")
                                           : SessionListModel::tr("Pre-mortem");
}

QString statusName(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Draft: return SessionListModel::tr("Draft");
    case SessionStatus::InReview: return SessionListModel::tr("In review");
    case SessionStatus::Published: return SessionListModel::tr("Published");
    }
    return {};
}

SessionListModel::SessionListModel(Workspace *workspace, QObject *parent)
    : SessionListModel(workspace, {}, parent)
{
    reload();
}

SessionListModel::SessionListModel(Workspace *workspace, QList<Session> sessions, QObject *parent)
    : QAbstractListModel(parent)
    , m_workspace(workspace)
    , m_sessions(std::move(sessions))
{
    connect(m_workspace, &Workspace::changed, this, &SessionListModel::onChanged);
    connect(m_workspace, &Workspace::externallyChanged, this, &SessionListModel::reload);
}

void SessionListModel::reload()
{
    // Also what another process's changes come through: announce only what differs, so the
    // session selected in the sidebar stays selected (see rowmerge.h).
    auto list = m_workspace->sessions(Workspace::SessionColumns::Listed);
    if (!list)
        return; // a busy file: keep what is shown until the next poll
    mergeRows(this, m_sessions, *list);
}

int SessionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

QVariant SessionListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Session &s = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString date =
            s.date.isValid() ? QLocale().toString(s.date, QLocale::ShortFormat) : tr("no date");
        return QStringLiteral("%1\n%2 · %3 · %4")
            .arg(s.title, kindName(s.kind), statusName(s.status), date);
    }
    case Qt::ToolTipRole:
        return s.summary.isEmpty() ? s.title : s.title + QStringLiteral("\n\n") + s.summary;
    case Qt::AccessibleTextRole: return s.title;
    case SessionRole: return QVariant::fromValue(s.id);
    case IdRole: return s.id;
    case KindRole: return int(s.kind);
    case StatusRole: return int(s.status);
    case DateRole: return s.date;
    default: return {};
    }
}

QHash<int, QByteArray> SessionListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "sessionId");
    names.insert(KindRole, "kind");
    names.insert(StatusRole, "status");
    names.insert(DateRole, "date");
    return names;
}

QModelIndex SessionListModel::indexOf(Id sessionId) const
{
    for (int i = 0; i < m_sessions.size(); ++i)
        if (m_sessions[i].id == sessionId)
            return index(i);
    return {};
}

const Session *SessionListModel::sessionAt(int row) const
{
    return row >= 0 && row < m_sessions.size() ? &m_sessions[row] : nullptr;
}

// Sessions are ordered by incident date (newest first), then by id (newest first).
static bool before(const Session &a, const Session &b)
{
    if (a.date != b.date)
        return a.date > b.date;
    return a.id > b.id;
}

void SessionListModel::onChanged(const Change &change)
{
    if (change.entity != Change::Entity::Session)
        return;
    const QModelIndex existing = indexOf(change.id);
    if (change.type == Change::Type::Removed) {
        if (existing.isValid()) {
            beginRemoveRows({}, existing.row(), existing.row());
            m_sessions.removeAt(existing.row());
            endRemoveRows();
        }
        return;
    }
    auto fresh = m_workspace->session(change.id, Workspace::SessionColumns::Listed);
    if (!fresh)
        return;
    if (existing.isValid()) {
        // Remove and re-insert only when the date moved it; otherwise update in place.
        m_sessions[existing.row()] = *fresh;
        const int row = existing.row();
        const bool inOrder = (row == 0 || !before(*fresh, m_sessions[row - 1]))
            && (row + 1 >= m_sessions.size() || !before(m_sessions[row + 1], *fresh));
        if (inOrder) {
            Q_EMIT dataChanged(existing, existing);
            return;
        }
        beginRemoveRows({}, row, row);
        m_sessions.removeAt(row);
        endRemoveRows();
    }
    const auto at = std::lower_bound(m_sessions.begin(), m_sessions.end(), *fresh, before);
    const int row = int(at - m_sessions.begin());
    beginInsertRows({}, row, row);
    m_sessions.insert(row, *fresh);
    endInsertRows();
}

SessionFilterModel::SessionFilterModel(Workspace *workspace, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_workspace(workspace)
{
    // Edits come in bursts (an import, typing, another process's commits, read at one poll):
    // the queries run once after them, and typing never waits for a search.
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshDelayMs);
    connect(&m_refresh, &QTimer::timeout, this, &SessionFilterModel::refreshSearch);
    const auto changed = [this] {
        if (!m_text.isEmpty() || !m_department.isEmpty())
            m_refresh.start();
    };
    connect(workspace, &Workspace::changed, this, changed);
    connect(workspace, &Workspace::externallyChanged, this, changed);
}

void SessionFilterModel::setSearchText(const QString &text)
{
    m_text = text.trimmed();
    refreshSearch();
}

void SessionFilterModel::refreshSearch()
{
    m_refresh.stop();
    runQueries();
    invalidateRowsFilter();
}

void SessionFilterModel::runQueries()
{
    m_matches.clear();
    if (!m_text.isEmpty()) {
        if (auto hits = m_workspace->search(m_text, 2000)) {
            for (const SearchHit &h : *hits)
                m_matches.insert(h.sessionId);
        }
    }
    m_departmentSessions.clear();
    if (!m_department.isEmpty()) {
        if (auto ids = m_workspace->sessionsWithDepartment(m_department)) {
            for (Id id : *ids)
                m_departmentSessions.insert(id);
        }
    }
}

void SessionFilterModel::setKindFilter(std::optional<SessionKind> kind)
{
    m_kind = kind;
    invalidateRowsFilter();
}

void SessionFilterModel::setStatusFilter(std::optional<SessionStatus> status)
{
    m_status = status;
    invalidateRowsFilter();
}

void SessionFilterModel::setSince(const QDate &since)
{
    m_since = since;
    invalidateRowsFilter();
}

void SessionFilterModel::setDepartment(const QString &department)
{
    m_department = department;
    refreshSearch();
}

bool SessionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kind && i.data(SessionListModel::KindRole).toInt() != int(*m_kind))
        return false;
    if (m_status && i.data(SessionListModel::StatusRole).toInt() != int(*m_status))
        return false;
    const Id id = i.data(SessionListModel::IdRole).toLongLong();
    if (m_since.isValid() && i.data(SessionListModel::DateRole).toDate() < m_since)
        return false;
    if (!m_department.isEmpty() && !m_departmentSessions.contains(id))
        return false;
    if (m_text.isEmpty())
        return true;
    return m_matches.contains(id)
        || i.data(Qt::AccessibleTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace hindsight
