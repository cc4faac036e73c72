#include "participantmodel.h"

#include "editor.h"
#include "rowmerge.h"
#include "sessionedits.h"
#include "workspace.h"

#include <QCollator>

#include <algorithm>

namespace hindsight {

ParticipantModel::ParticipantModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
{
    Workspace *ws = editor->workspace();
    connect(ws, &Workspace::changed, this, &ParticipantModel::onChanged);
    connect(ws, &Workspace::externallyChanged, this, &ParticipantModel::mergeExternalChanges);
}

void ParticipantModel::setSession(Id sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    reload();
}

void ParticipantModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_sessionId != 0) {
        auto list = m_editor->workspace()->participants(m_sessionId);
        if (list)
            m_rows = *list;
        else
            m_editor->report(list.error());
    }
    endResetModel();
    Q_EMIT departmentsChanged();
}

void ParticipantModel::mergeExternalChanges()
{
    if (m_sessionId == 0)
        return;
    auto list = m_editor->workspace()->participants(m_sessionId);
    if (!list) {
        m_editor->report(list.error()); // a busy file: keep what is shown until the next poll
        return;
    }
    if (!mergeRows(this, m_rows, *list).isEmpty())
        Q_EMIT departmentsChanged();
}

std::optional<Participant> ParticipantModel::read(Id participantId) const
{
    // No single-row read exists in the workspace; one session's list is a handful of rows.
    auto list = m_editor->workspace()->participants(m_sessionId);
    if (!list) {
        m_editor->report(list.error());
        return std::nullopt;
    }
    for (const Participant &p : std::as_const(*list)) {
        if (p.id == participantId)
            return p;
    }
    return std::nullopt;
}

void ParticipantModel::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    if (change.entity == Change::Entity::Session) {
        if (change.type == Change::Type::Removed) {
            m_sessionId = 0;
            reload();
        }
        return;
    }
    if (change.entity != Change::Entity::Participant)
        return;
    const int row = rowOf(change.id);
    switch (change.type) {
    case Change::Type::Inserted: {
        if (row >= 0)
            return;
        const auto p = read(change.id);
        if (!p)
            return;
        // Storage order is by id; a participant restored by undo goes back to its old place.
        const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), p->id,
            [](const Participant &a, Id id) { return a.id < id; });
        const int at = int(it - m_rows.cbegin());
        beginInsertRows({}, at, at);
        m_rows.insert(at, *p);
        endInsertRows();
        break;
    }
    case Change::Type::Updated: {
        if (row < 0)
            return;
        const auto p = read(change.id);
        if (!p || *p == m_rows.at(row))
            return;
        m_rows[row] = *p;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        break;
    }
    case Change::Type::Removed:
        if (row < 0)
            return;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        break;
    }
    Q_EMIT departmentsChanged();
}

int ParticipantModel::rowOf(Id participantId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == participantId)
            return i;
    }
    return -1;
}

int ParticipantModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ParticipantModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParticipantModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Participant &p = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case NameColumn: return p.name;
        case DepartmentColumn: return p.department;
        case RoleColumn: return p.role;
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == DepartmentColumn && p.department.isEmpty())
            return tr("No department yet: double-click to set one");
        return {};
    case IdRole: return p.id;
    default: return {};
    }
}

QVariant ParticipantModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Name");
    case DepartmentColumn: return tr("Department");
    case RoleColumn: return tr("Role");
    default: return {};
    }
}

Qt::ItemFlags ParticipantModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

bool ParticipantModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Participant after = m_rows.at(index.row());
    const QString text = value.toString();
    int mergeId = -1;
    switch (index.column()) {
    case NameColumn:
        after.name = text;
        mergeId = sessionedits::kMergeParticipantName;
        break;
    case DepartmentColumn:
        after.department = text;
        mergeId = sessionedits::kMergeParticipantDepartment;
        break;
    case RoleColumn:
        after.role = text;
        mergeId = sessionedits::kMergeParticipantRole;
        break;
    default: return false;
    }
    // The row changes when the workspace announces the stored value (onChanged).
    return sessionedits::updateParticipant(*m_editor, after, mergeId);
}

QStringList ParticipantModel::departments() const
{
    QStringList result;
    for (const Participant &p : m_rows) {
        if (!p.department.isEmpty() && !result.contains(p.department, Qt::CaseInsensitive))
            result.append(p.department);
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(result.begin(), result.end(), collator);
    return result;
}

QList<std::pair<QString, int>> ParticipantModel::departmentCounts() const
{
    QList<std::pair<QString, int>> counts;
    for (const Participant &p : m_rows) {
        auto it = std::find_if(counts.begin(), counts.end(), [&p](const auto &c) {
            return c.first.compare(p.department, Qt::CaseInsensitive) == 0;
        });
        if (it == counts.end())
            counts.append({p.department, 1});
        else
            ++it->second;
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::stable_sort(counts.begin(), counts.end(), [&collator](const auto &a, const auto &b) {
        if (a.first.isEmpty() != b.first.isEmpty())
            return b.first.isEmpty(); // "no department" last
        if (a.second != b.second)
            return a.second > b.second;
        return collator.compare(a.first, b.first) < 0;
    });
    return counts;
}

ParticipantSortModel::ParticipantSortModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

bool ParticipantSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QAbstractItemModel *m = sourceModel();
    const auto text = [m](const QModelIndex &i, int column) {
        return m->index(i.row(), column).data(Qt::DisplayRole).toString();
    };
    const QString deptL = text(left, ParticipantModel::DepartmentColumn);
    const QString deptR = text(right, ParticipantModel::DepartmentColumn);
    if (deptL.isEmpty() != deptR.isEmpty())
        return deptR.isEmpty();
    if (const int c = QString::localeAwareCompare(deptL.toCaseFolded(), deptR.toCaseFolded());
        c != 0)
        return c < 0;
    const QString nameL = text(left, ParticipantModel::NameColumn);
    const QString nameR = text(right, ParticipantModel::NameColumn);
    if (const int c = QString::localeAwareCompare(nameL.toCaseFolded(), nameR.toCaseFolded());
        c != 0)
        return c < 0;
    return m->index(left.row(), 0).data(ParticipantModel::IdRole).toLongLong()
        < m->index(right.row(), 0).data(ParticipantModel::IdRole).toLongLong();
}

} // namespace hindsight
