#include "actionmodel.h"

#include "actionedits.h"
#include "editor.h"
#include "rowmerge.h"
#include "workspace.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QIcon>
#include <QStyle>

#include <limits>
#include <optional>

namespace hindsight {

namespace {

// Readable on a projector and with the light text of a dark theme: the rows that stand out set
// their own dark foreground.
const QColor kOverdueBackground(0xf8, 0xd0, 0xd0);
const QColor kIncompleteBackground(0xfd, 0xec, 0xc0);
const QColor kMarkedForeground(0x20, 0x20, 0x20);

template<typename E>
std::optional<E> enumFrom(
    const QVariant &v, std::optional<E> (*fromKey)(const QString &), int count)
{
    bool isInt = false;
    const int i = v.toInt(&isInt);
    if (isInt && i >= 0 && i < count)
        return E(i);
    return fromKey(v.toString());
}

} // namespace

ActionModel::ActionModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
    , m_today(QDate::currentDate())
{
    connect(editor->workspace(), &Workspace::changed, this, &ActionModel::onChanged);
    connect(editor->workspace(), &Workspace::externallyChanged, this,
        &ActionModel::mergeExternalChanges);
}

QString ActionModel::statusName(ActionStatus s)
{
    switch (s) {
    case ActionStatus::Open: return tr("Open");
    case ActionStatus::InProgress: return tr("In progress");
    case ActionStatus::Done: return tr("Done");
    case ActionStatus::Dropped: return tr("Dropped");
    }
    return {};
}

QString ActionModel::priorityName(ActionPriority p)
{
    switch (p) {
    case ActionPriority::Low: return tr("Low");
    case ActionPriority::Medium: return tr("Medium");
    case ActionPriority::High: return tr("High");
    case ActionPriority::Critical: return tr("Critical");
    }
    return {};
}

QString ActionModel::typeName(ActionType t)
{
    switch (t) {
    case ActionType::Mitigate: return tr("Mitigate");
    case ActionType::Prevent: return tr("Prevent");
    case ActionType::Process: return tr("Process");
    }
    return {};
}

void ActionModel::setSession(Id sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    reload();
}

void ActionModel::mergeExternalChanges()
{
    if (m_sessionId == 0)
        return;
    Workspace *ws = m_editor->workspace();
    auto actions = ws->actions(m_sessionId);
    auto nodes = ws->whyNodes(m_sessionId);
    if (!actions || !nodes) {
        // A session deleted elsewhere reads as empty lists, not an error; anything else (a
        // busy file) keeps what is shown until the next poll.
        m_editor->report(!actions ? actions.error() : nodes.error());
        return;
    }
    QHash<Id, QString> whyText;
    for (const WhyNode &n : std::as_const(*nodes))
        whyText.insert(n.id, n.text);
    RowMergeOptions options;
    // The causes column shows the linked why nodes' texts.
    options.compareAll = whyText != m_whyText;
    options.updateContext = [this, &whyText] { m_whyText = whyText; };
    mergeRows(this, m_rows, *actions, options);
    reloadParticipants();
}

void ActionModel::setToday(const QDate &today)
{
    if (today == m_today)
        return;
    m_today = today;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ActionModel::reload()
{
    beginResetModel();
    m_rows.clear();
    m_whyText.clear();
    if (m_sessionId != 0) {
        Workspace *ws = m_editor->workspace();
        if (auto a = ws->actions(m_sessionId))
            m_rows = *a;
        else
            m_editor->report(a.error());
        if (auto w = ws->whyNodes(m_sessionId))
            for (const WhyNode &n : std::as_const(*w))
                m_whyText.insert(n.id, n.text);
    }
    endResetModel();
    reloadParticipants();
}

void ActionModel::reloadParticipants()
{
    QStringList names;
    if (m_sessionId != 0) {
        if (auto p = m_editor->workspace()->participants(m_sessionId))
            for (const Participant &x : std::as_const(*p))
                if (!x.name.trimmed().isEmpty())
                    names.append(x.name.trimmed());
    }
    if (names != m_participants) {
        m_participants = names;
        Q_EMIT participantNamesChanged();
    }
}

ActionItem ActionModel::action(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : ActionItem {};
}

int ActionModel::rowOf(Id actionId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == actionId)
            return int(i);
    return -1;
}

int ActionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ActionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ActionModel::linkedCauses(const ActionItem &item) const
{
    QStringList texts;
    for (Id w : item.whyNodes) {
        const QString t = m_whyText.value(w).simplified();
        if (!t.isEmpty())
            texts.append(t);
    }
    return texts.join(QStringLiteral("; "));
}

QVariant ActionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ActionItem &a = m_rows.at(index.row());
    const bool overdue = a.isOverdue(m_today);
    const bool incomplete = a.isIncomplete();
    const bool closed = a.status == ActionStatus::Done || a.status == ActionStatus::Dropped;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case What: return a.what;
        case Owner: return a.owner.trimmed().isEmpty() ? tr("No owner") : a.owner;
        case Due: return a.due.isValid() ? a.due.toString(Qt::ISODate) : tr("No date");
        case Status: return statusName(a.status);
        case Priority: return priorityName(a.priority);
        case Type: return typeName(a.type);
        case Tracker: return a.tracker;
        case LinkedCauses: return linkedCauses(a);
        }
        return {};
    case Qt::EditRole:
        switch (index.column()) {
        case What: return a.what;
        case Owner: return a.owner;
        case Due: return a.due;
        case Status: return int(a.status);
        case Priority: return int(a.priority);
        case Type: return int(a.type);
        case Tracker: return a.tracker;
        case LinkedCauses: return linkedCauses(a);
        }
        return {};
    case SortRole:
        switch (index.column()) {
        case Due: return a.due.isValid() ? a.due.toJulianDay() : std::numeric_limits<qint64>::max();
        case Status:
        case Priority:
        case Type: return data(index, Qt::EditRole);
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case Qt::BackgroundRole:
        if (closed)
            return {};
        if (overdue)
            return kOverdueBackground;
        if (incomplete)
            return kIncompleteBackground;
        return {};
    case Qt::ForegroundRole:
        if (closed)
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        if (overdue || incomplete) {
            const bool missing = (index.column() == Owner && a.owner.trimmed().isEmpty())
                || (index.column() == Due && !a.due.isValid());
            return missing ? QColor(0x8a, 0x3b, 0x00) : kMarkedForeground;
        }
        return {};
    case Qt::FontRole:
        if ((index.column() == Owner && a.owner.trimmed().isEmpty())
            || (index.column() == Due && !a.due.isValid()) || (index.column() == Due && overdue)) {
            QFont f;
            f.setItalic(!overdue || index.column() != Due);
            f.setBold(overdue && index.column() == Due);
            return f;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() != What || closed)
            return {};
        if (overdue)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
        if (incomplete)
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    case Qt::ToolTipRole:
        if (closed)
            return {};
        if (incomplete)
            return tr("Who does it and by when?");
        if (overdue)
            return tr("Overdue: it was due on %1.").arg(a.due.toString(Qt::ISODate));
        if (index.column() == LinkedCauses)
            return linkedCauses(a);
        return {};
    case IdRole: return a.id;
    case IncompleteRole: return incomplete;
    case OverdueRole: return overdue;
    default: return {};
    }
}

QVariant ActionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case What: return tr("What");
    case Owner: return tr("Owner");
    case Due: return tr("Due");
    case Status: return tr("Status");
    case Priority: return tr("Priority");
    case Type: return tr("Type");
    case Tracker: return tr("Tracker");
    case LinkedCauses: return tr("Addresses");
    }
    return {};
}

bool ActionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.row() >= m_rows.size())
        return false;
    ActionItem a = m_rows.at(index.row());
    switch (index.column()) {
    case What:
        if (value.toString().trimmed().isEmpty())
            return false; // an action says what is to be done; keep the old text
        a.what = value.toString().trimmed();
        break;
    case Owner: a.owner = value.toString().trimmed(); break;
    case Due: a.due = value.toDate(); break;
    case Status:
        if (auto s = enumFrom<ActionStatus>(value, &actionStatusFromKey, 4))
            a.status = *s;
        else
            return false;
        break;
    case Priority:
        if (auto p = enumFrom<ActionPriority>(value, &actionPriorityFromKey, 4))
            a.priority = *p;
        else
            return false;
        break;
    case Type:
        if (auto t = enumFrom<ActionType>(value, &actionTypeFromKey, 3))
            a.type = *t;
        else
            return false;
        break;
    case Tracker: a.tracker = value.toString().trimmed(); break;
    default: return false;
    }
    if (a == m_rows.at(index.row()))
        return true; // nothing to do, and nothing on the undo stack
    return actionedits::updateAction(*m_editor, a);
}

Qt::ItemFlags ActionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() != LinkedCauses)
        f |= Qt::ItemIsEditable;
    return f;
}

void ActionModel::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    switch (change.entity) {
    case Change::Entity::Action:
        switch (change.type) {
        case Change::Type::Inserted: insertAction(change.id); break;
        case Change::Type::Updated: updateAction(change.id); break;
        case Change::Type::Removed: removeAction(change.id); break;
        }
        break;
    case Change::Entity::WhyNode:
        whyChanged(change.id, change.type == Change::Type::Removed);
        break;
    case Change::Entity::Participant: reloadParticipants(); break;
    case Change::Entity::Session:
        if (change.type == Change::Type::Removed)
            setSession(0);
        break;
    default: break;
    }
}

int ActionModel::insertionRow(const ActionItem &item) const
{
    int row = 0;
    for (const ActionItem &a : m_rows) {
        if (a.position > item.position || (a.position == item.position && a.id > item.id))
            break;
        ++row;
    }
    return row;
}

void ActionModel::insertAction(Id id)
{
    if (rowOf(id) >= 0) {
        updateAction(id);
        return;
    }
    auto r = m_editor->workspace()->action(id);
    if (!r)
        return;
    const int row = insertionRow(*r);
    beginInsertRows({}, row, row);
    m_rows.insert(row, *r);
    endInsertRows();
}

void ActionModel::updateAction(Id id)
{
    const int row = rowOf(id);
    if (row < 0) {
        insertAction(id);
        return;
    }
    auto r = m_editor->workspace()->action(id);
    if (!r)
        return;
    if (r->position != m_rows.at(row).position) {
        // A new place in the list: out and back in, which keeps the order rule in one spot.
        removeAction(id);
        insertAction(id);
        return;
    }
    m_rows[row] = *r;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ActionModel::removeAction(Id id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ActionModel::whyChanged(Id id, bool removed)
{
    if (removed) {
        m_whyText.remove(id);
    } else if (auto n = m_editor->workspace()->whyNode(id)) {
        m_whyText.insert(id, n->text);
    }
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        ActionItem &a = m_rows[i];
        if (!a.whyNodes.contains(id))
            continue;
        // A removed why takes its link along (cascade) without an action change.
        if (removed)
            a.whyNodes.removeAll(id);
        const QModelIndex cell = index(int(i), LinkedCauses);
        Q_EMIT dataChanged(cell, cell);
    }
}

} // namespace hindsight
