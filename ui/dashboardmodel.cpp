#include "dashboardmodel.h"

#include "actionmodel.h"
#include "editor.h"
#include "rowmerge.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <limits>

namespace hindsight {

DashboardModel::DashboardModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
    , m_today(QDate::currentDate())
{
    connect(editor->workspace(), &Workspace::changed, this, &DashboardModel::onChanged);
    connect(editor->workspace(), &Workspace::externallyChanged, this, &DashboardModel::reload);
    reload();
}

namespace {

// Open actions are keyed by the action's id; the session's title and kind are part of the row.
struct WorkspaceActionRows : PlainRowPolicy<WorkspaceAction> {
    Id key(const WorkspaceAction &w) const { return w.action.id; }
    bool same(const WorkspaceAction &a, const WorkspaceAction &b) const
    {
        return a.action == b.action && a.sessionTitle == b.sessionTitle
            && a.sessionKind == b.sessionKind;
    }
};

} // namespace

void DashboardModel::setToday(const QDate &today)
{
    if (today == m_today)
        return;
    // What counts as overdue moved, and with it the order and the look of rows.
    merge(today);
}

void DashboardModel::reload()
{
    merge(m_today);
}

void DashboardModel::merge(const QDate &today)
{
    auto r = m_editor->workspace()->openActions();
    if (!r) {
        m_editor->report(r.error()); // a busy file: keep what is shown until the next poll
        return;
    }
    QList<WorkspaceAction> fresh = *r;
    std::stable_sort(
        fresh.begin(), fresh.end(), [today](const WorkspaceAction &a, const WorkspaceAction &b) {
            return precedes(a, b, today);
        });
    RowMergeOptions options;
    options.compareAll = today != m_today;
    options.updateContext = [this, today] { m_today = today; };
    mergeRows(this, QModelIndex(), m_rows, fresh, WorkspaceActionRows {}, options);
}

bool DashboardModel::before(const WorkspaceAction &a, const WorkspaceAction &b) const
{
    return precedes(a, b, m_today);
}

bool DashboardModel::precedes(
    const WorkspaceAction &a, const WorkspaceAction &b, const QDate &today)
{
    const bool ao = a.action.isOverdue(today);
    const bool bo = b.action.isOverdue(today);
    if (ao != bo)
        return ao;
    const qint64 ad =
        a.action.due.isValid() ? a.action.due.toJulianDay() : std::numeric_limits<qint64>::max();
    const qint64 bd =
        b.action.due.isValid() ? b.action.due.toJulianDay() : std::numeric_limits<qint64>::max();
    if (ad != bd)
        return ad < bd;
    const int byOwner = QString::compare(a.action.owner, b.action.owner, Qt::CaseInsensitive);
    if (byOwner != 0)
        return byOwner < 0;
    return a.action.id < b.action.id;
}

int DashboardModel::insertionRow(const WorkspaceAction &item) const
{
    const auto it = std::upper_bound(m_rows.cbegin(), m_rows.cend(), item,
        [this](const WorkspaceAction &a, const WorkspaceAction &b) { return before(a, b); });
    return int(it - m_rows.cbegin());
}

WorkspaceAction DashboardModel::action(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : WorkspaceAction {};
}

int DashboardModel::rowOf(Id actionId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).action.id == actionId)
            return int(i);
    return -1;
}

int DashboardModel::overdueCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
        [this](const WorkspaceAction &w) { return w.action.isOverdue(m_today); }));
}

int DashboardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DashboardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DashboardModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const WorkspaceAction &w = m_rows.at(index.row());
    const ActionItem &a = w.action;
    const bool overdue = a.isOverdue(m_today);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Owner: return a.owner.trimmed().isEmpty() ? tr("No owner") : a.owner;
        case What: return a.what;
        case Due:
            if (!a.due.isValid())
                return tr("No date");
            if (overdue) {
                const qint64 late = a.due.daysTo(m_today);
                const QString date = a.due.toString(Qt::ISODate);
                return late == 1 ? tr("%1 (1 day late)").arg(date)
                                 : tr("%1 (%2 days late)").arg(date).arg(late);
            }
            return a.due.toString(Qt::ISODate);
        case Status: return ActionModel::statusName(a.status);
        case SessionTitle: return w.sessionTitle;
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Due: return a.due.isValid() ? a.due.toJulianDay() : std::numeric_limits<qint64>::max();
        case Status: return int(a.status);
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::BackgroundRole: return overdue ? QVariant(QColor(0xf8, 0xd0, 0xd0)) : QVariant();
    case Qt::ForegroundRole:
        if (overdue)
            return QColor(0x20, 0x20, 0x20);
        return {};
    case Qt::FontRole:
        if ((overdue && index.column() == Due)
            || (index.column() == Owner && a.owner.trimmed().isEmpty())) {
            QFont f;
            f.setBold(overdue && index.column() == Due);
            f.setItalic(index.column() == Owner && a.owner.trimmed().isEmpty());
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (overdue)
            return tr("Overdue: it was due on %1. Double-click to open its session.")
                .arg(a.due.toString(Qt::ISODate));
        return tr("Double-click to open the session \"%1\".").arg(w.sessionTitle);
    case ActionIdRole: return a.id;
    case SessionIdRole: return a.sessionId;
    case OverdueRole: return overdue;
    default: return {};
    }
}

QVariant DashboardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Owner: return tr("Owner");
    case What: return tr("What");
    case Due: return tr("Due");
    case Status: return tr("Status");
    case SessionTitle: return tr("Session");
    }
    return {};
}

void DashboardModel::onChanged(const Change &change)
{
    switch (change.entity) {
    case Change::Entity::Action:
        if (change.type == Change::Type::Removed) {
            if (const int row = rowOf(change.id); row >= 0)
                removeRow(row);
        } else {
            actionChanged(change.id);
        }
        break;
    case Change::Entity::Session:
        if (change.type != Change::Type::Inserted)
            sessionChanged(change.sessionId != 0 ? change.sessionId : change.id,
                change.type == Change::Type::Removed);
        break;
    default: break;
    }
}

void DashboardModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void DashboardModel::actionChanged(Id id)
{
    Workspace *ws = m_editor->workspace();
    auto a = ws->action(id);
    const int row = rowOf(id);
    const bool open =
        a && (a->status == ActionStatus::Open || a->status == ActionStatus::InProgress);
    if (!open) {
        if (row >= 0)
            removeRow(row);
        return;
    }
    WorkspaceAction w;
    w.action = *a;
    if (row >= 0) {
        w.sessionTitle = m_rows.at(row).sessionTitle;
        w.sessionKind = m_rows.at(row).sessionKind;
    } else if (auto s = ws->session(a->sessionId)) {
        w.sessionTitle = s->title;
        w.sessionKind = s->kind;
    }
    if (row >= 0) {
        // Stays where it is when the order allows; otherwise out and back in at its place.
        const bool fitsBefore = row == 0 || !before(w, m_rows.at(row - 1));
        const bool fitsAfter = row == m_rows.size() - 1 || !before(m_rows.at(row + 1), w);
        if (fitsBefore && fitsAfter) {
            m_rows[row] = w;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
        removeRow(row);
    }
    const int at = insertionRow(w);
    beginInsertRows({}, at, at);
    m_rows.insert(at, w);
    endInsertRows();
}

void DashboardModel::sessionChanged(Id sessionId, bool removed)
{
    if (removed) {
        for (int row = int(m_rows.size()) - 1; row >= 0; --row)
            if (m_rows.at(row).action.sessionId == sessionId)
                removeRow(row);
        return;
    }
    auto s = m_editor->workspace()->session(sessionId);
    if (!s)
        return;
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        WorkspaceAction &w = m_rows[row];
        if (w.action.sessionId != sessionId || w.sessionTitle == s->title)
            continue;
        w.sessionTitle = s->title;
        const QModelIndex cell = index(int(row), SessionTitle);
        Q_EMIT dataChanged(cell, cell);
    }
}

} // namespace hindsight
