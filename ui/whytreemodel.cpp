#include "whytreemodel.h"

#include "editor.h"
#include "rowmerge.h"
#include "whyedits.h"
#include "workspace.h"

#include <algorithm>

namespace hindsight {

struct WhyTreeModel::Item {
    WhyNode node;
    Item *parent = nullptr;
    std::vector<std::unique_ptr<Item>> children;
};

WhyTreeModel::WhyTreeModel(Editor *editor, QObject *parent)
    : QAbstractItemModel(parent)
    , m_editor(editor)
    , m_root(std::make_unique<Item>())
{
    connect(editor->workspace(), &Workspace::changed, this, &WhyTreeModel::onChanged);
    connect(editor->workspace(), &Workspace::externallyChanged, this, &WhyTreeModel::reload);
}

WhyTreeModel::~WhyTreeModel() = default;

void WhyTreeModel::setSession(Id sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    resetFromWorkspace();
}

void WhyTreeModel::reload()
{
    if (m_sessionId == 0)
        return;
    Workspace *ws = m_editor->workspace();
    auto nodes = ws->whyNodes(m_sessionId);
    auto actions = ws->actions(m_sessionId);
    if (!nodes || !actions) {
        // A session deleted elsewhere reads as empty lists, not an error; anything else (a
        // busy file) keeps what is shown until the next poll.
        m_editor->report(!nodes ? nodes.error() : actions.error());
        return;
    }
    QHash<Id, QList<Id>> links;
    for (const ActionItem &a : std::as_const(*actions))
        if (!a.whyNodes.isEmpty())
            links.insert(a.id, a.whyNodes);
    // Depth-first, parents before children: every node's parent is in the list before it.
    QHash<Id, Id> parentOf;
    QHash<Id, QList<WhyNode>> children;
    for (const WhyNode &n : std::as_const(*nodes)) {
        parentOf.insert(n.id, n.parentId);
        children[n.parentId].append(n);
    }

    // The tree has one column, so a node's flags and counts are compared as roles of its cell.
    const QList<int> roles {
        RootCauseRole, EvidenceCountRole, LinkedActionCountRole, IsLeafRole, DepthRole};
    QHash<Id, QList<QVariant>> before;
    QHash<Id, const Item *> was;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        before.insert(
            it.key(), readCells(this, indexFor(it.value()->parent), rowOf(it.value()), roles));
        was.insert(it.key(), it.value());
    }

    // mergeRows over one parent's children. Items own their subtrees: removing one forgets
    // everything under it, and a new one arrives without children (they follow when its own
    // turn comes, parents being merged first).
    struct Children {
        WhyTreeModel *model;
        Item *parent;
        Id key(const std::unique_ptr<Item> &item) const { return item->node.id; }
        Id key(const WhyNode &node) const { return node.id; }
        bool same(const std::unique_ptr<Item> &item, const WhyNode &node) const
        {
            return item->node == node;
        }
        void update(std::unique_ptr<Item> &item, const WhyNode &node) const { item->node = node; }
        std::unique_ptr<Item> make(const WhyNode &node) const
        {
            auto item = std::make_unique<Item>();
            item->node = node;
            item->parent = parent;
            model->m_items.insert(node.id, item.get());
            return item;
        }
        void removing(std::unique_ptr<Item> &item) const { model->forgetSubtree(item.get()); }
    };
    // Cells are compared once at the end, across parents: a node's leafness changes with
    // another parent's list.
    RowMergeOptions quiet;
    quiet.announce = false;

    // 1. Top down, take out what is gone or hangs under another parent now (a re-parented
    // node goes out with its subtree and comes back in step 2 at its new place).
    QList<Item *> pending {m_root.get()};
    while (!pending.isEmpty()) {
        Item *parent = pending.takeLast();
        const Id parentId = parent == m_root.get() ? 0 : parent->node.id;
        QList<WhyNode> staying;
        for (const auto &c : parent->children)
            if (parentOf.value(c->node.id, -1) == parentId)
                staying.append(c->node);
        mergeRows(
            this, indexFor(parent), parent->children, staying, Children {this, parent}, quiet);
        for (const auto &c : parent->children)
            pending.append(c.get());
    }

    // 2. Parents first, bring each one's children to the fresh list: inserts, moves, texts.
    m_actionLinks = links;
    mergeRows(this, QModelIndex(), m_root->children, children.value(0),
        Children {this, m_root.get()}, quiet);
    for (const WhyNode &n : std::as_const(*nodes)) {
        if (Item *item = m_items.value(n.id))
            mergeRows(this, indexFor(item), item->children, children.value(n.id),
                Children {this, item}, quiet);
    }

    // 3. What reads differently in the nodes that were there before, cell by cell.
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        const Item *item = m_items.value(it.key());
        if (item && item == was.value(it.key()))
            announceChangedCells(this, indexFor(item->parent), rowOf(item), it.value(), roles);
    }
}

void WhyTreeModel::resetFromWorkspace()
{
    beginResetModel();
    m_root = std::make_unique<Item>();
    m_items.clear();
    m_actionLinks.clear();
    if (m_sessionId != 0) {
        Workspace *ws = m_editor->workspace();
        if (auto nodes = ws->whyNodes(m_sessionId)) {
            // Parent-first order: every parent is in m_items before its children arrive.
            for (const WhyNode &n : std::as_const(*nodes)) {
                Item *parent = n.parentId == 0 ? m_root.get() : m_items.value(n.parentId);
                if (!parent)
                    continue;
                auto item = std::make_unique<Item>();
                item->node = n;
                item->parent = parent;
                m_items.insert(n.id, item.get());
                parent->children.push_back(std::move(item));
            }
        } else {
            m_editor->report(nodes.error());
        }
        if (auto actions = ws->actions(m_sessionId)) {
            for (const ActionItem &a : std::as_const(*actions))
                if (!a.whyNodes.isEmpty())
                    m_actionLinks.insert(a.id, a.whyNodes);
        }
    }
    endResetModel();
}

QModelIndex WhyTreeModel::indexOf(Id nodeId) const
{
    const Item *item = m_items.value(nodeId);
    return item ? indexFor(item) : QModelIndex();
}

WhyNode WhyTreeModel::node(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    return static_cast<const Item *>(index.internalPointer())->node;
}

QList<Id> WhyTreeModel::linkedActions(Id nodeId) const
{
    QList<Id> ids;
    for (auto it = m_actionLinks.cbegin(); it != m_actionLinks.cend(); ++it)
        if (it.value().contains(nodeId))
            ids.append(it.key());
    std::sort(ids.begin(), ids.end());
    return ids;
}

int WhyTreeModel::rowOf(const Item *item) const
{
    const auto &siblings = item->parent->children;
    for (size_t i = 0; i < siblings.size(); ++i)
        if (siblings[i].get() == item)
            return int(i);
    return -1;
}

QModelIndex WhyTreeModel::indexFor(const Item *item, int column) const
{
    if (!item || item == m_root.get())
        return {};
    return createIndex(rowOf(item), column, const_cast<Item *>(item));
}

QModelIndex WhyTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Item *p =
        parent.isValid() ? static_cast<const Item *>(parent.internalPointer()) : m_root.get();
    if (size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex WhyTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Item *item = static_cast<const Item *>(child.internalPointer());
    return indexFor(item->parent);
}

int WhyTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    const Item *p =
        parent.isValid() ? static_cast<const Item *>(parent.internalPointer()) : m_root.get();
    return int(p->children.size());
}

int WhyTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant WhyTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Item *item = static_cast<const Item *>(index.internalPointer());
    const WhyNode &n = item->node;
    switch (role) {
    case Qt::DisplayRole: return n.text;
    case Qt::EditRole: return n.text;
    case Qt::ToolTipRole: {
        QStringList parts;
        if (n.rootCause)
            parts << tr("Marked as a root cause.");
        const int events = int(n.evidence.size());
        const int actions = int(linkedActions(n.id).size());
        parts << (events == 1 ? tr("1 event cited as evidence.")
                              : tr("%1 events cited as evidence.").arg(events));
        parts << (actions == 1 ? tr("1 action addresses this.")
                               : tr("%1 actions address this.").arg(actions));
        return parts.join(u' ');
    }
    case IdRole: return n.id;
    case RootCauseRole: return n.rootCause;
    case EvidenceCountRole: return int(n.evidence.size());
    case LinkedActionCountRole: return int(linkedActions(n.id).size());
    case IsLeafRole: return item->children.empty();
    case DepthRole: {
        int depth = 0;
        for (const Item *p = item->parent; p && p != m_root.get(); p = p->parent)
            ++depth;
        return depth;
    }
    default: return {};
    }
}

bool WhyTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.model() != this)
        return false;
    const WhyNode n = node(index);
    if (role == Qt::EditRole)
        return value.toString() == n.text
            || whyedits::setWhyText(*m_editor, n.id, value.toString());
    if (role == RootCauseRole)
        return value.toBool() == n.rootCause
            || whyedits::setRootCause(*m_editor, n.id, value.toBool());
    return false;
}

Qt::ItemFlags WhyTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QHash<int, QByteArray> WhyTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(IdRole, "nodeId");
    names.insert(RootCauseRole, "rootCause");
    names.insert(EvidenceCountRole, "evidenceCount");
    names.insert(LinkedActionCountRole, "linkedActionCount");
    names.insert(IsLeafRole, "isLeaf");
    names.insert(DepthRole, "depth");
    return names;
}

void WhyTreeModel::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    switch (change.entity) {
    case Change::Entity::WhyNode:
        switch (change.type) {
        case Change::Type::Inserted: insertNode(change.id); break;
        case Change::Type::Updated: updateNode(change.id); break;
        case Change::Type::Removed: removeNode(change.id); break;
        }
        break;
    case Change::Entity::Action:
        updateActionLinks(change.id, change.type == Change::Type::Removed);
        break;
    case Change::Entity::Event:
        if (change.type == Change::Type::Removed) {
            // The citation went with the event (cascade) without a why change of its own.
            QList<Id> citing;
            for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
                if (it.value()->node.evidence.contains(change.id))
                    citing.append(it.key());
            refreshNodes(citing);
        }
        break;
    case Change::Entity::Session:
        if (change.type == Change::Type::Removed)
            setSession(0);
        break;
    default: break;
    }
}

int WhyTreeModel::insertionRow(const Item *parent, const WhyNode &node)
{
    int row = 0;
    for (const auto &c : parent->children) {
        const WhyNode &s = c->node;
        if (s.position > node.position || (s.position == node.position && s.id > node.id))
            break;
        ++row;
    }
    return row;
}

void WhyTreeModel::insertNode(Id id)
{
    if (m_items.contains(id)) {
        updateNode(id);
        return;
    }
    auto r = m_editor->workspace()->whyNode(id);
    if (!r)
        return; // gone again before we looked: a later Removed follows
    Item *parent = r->parentId == 0 ? m_root.get() : m_items.value(r->parentId);
    if (!parent) {
        // A child announced before its parent: never done by Workspace, but stay correct.
        reload();
        return;
    }
    const int row = insertionRow(parent, *r);
    beginInsertRows(indexFor(parent), row, row);
    auto item = std::make_unique<Item>();
    item->node = *r;
    item->parent = parent;
    m_items.insert(id, item.get());
    parent->children.insert(parent->children.begin() + row, std::move(item));
    endInsertRows();
    // The parent stopped being a leaf.
    if (parent != m_root.get()) {
        const QModelIndex pi = indexFor(parent);
        Q_EMIT dataChanged(pi, pi, {IsLeafRole});
    }
}

void WhyTreeModel::updateNode(Id id)
{
    Item *item = m_items.value(id);
    if (!item) {
        insertNode(id);
        return;
    }
    auto r = m_editor->workspace()->whyNode(id);
    if (!r)
        return;
    if (r->parentId != item->node.parentId) {
        // Re-parenting is not an edit the app offers; follow it the simple way.
        reload();
        return;
    }
    const bool moved = r->position != item->node.position;
    item->node = *r;
    if (moved) {
        Item *parent = item->parent;
        const int from = rowOf(item);
        // Where it goes among the others, counted without itself.
        auto owned = std::move(parent->children[size_t(from)]);
        parent->children.erase(parent->children.begin() + from);
        const int to = insertionRow(parent, owned->node);
        parent->children.insert(parent->children.begin() + from, std::move(owned));
        if (to != from) {
            const QModelIndex pi = indexFor(parent);
            beginMoveRows(pi, from, from, pi, to > from ? to + 1 : to);
            owned = std::move(parent->children[size_t(from)]);
            parent->children.erase(parent->children.begin() + from);
            parent->children.insert(parent->children.begin() + to, std::move(owned));
            endMoveRows();
        }
    }
    const QModelIndex i = indexFor(item);
    Q_EMIT dataChanged(i, i);
}

void WhyTreeModel::forgetSubtree(Item *item)
{
    for (const auto &c : item->children)
        forgetSubtree(c.get());
    m_items.remove(item->node.id);
    // The links went with the node (cascade) without an action change of their own.
    for (auto it = m_actionLinks.begin(); it != m_actionLinks.end();) {
        it.value().removeAll(item->node.id);
        it = it.value().isEmpty() ? m_actionLinks.erase(it) : std::next(it);
    }
}

void WhyTreeModel::removeNode(Id id)
{
    Item *item = m_items.value(id);
    if (!item)
        return; // already gone with an ancestor announced earlier
    Item *parent = item->parent;
    const int row = rowOf(item);
    beginRemoveRows(indexFor(parent), row, row);
    forgetSubtree(item);
    parent->children.erase(parent->children.begin() + row);
    endRemoveRows();
    if (parent != m_root.get() && parent->children.empty()) {
        const QModelIndex pi = indexFor(parent);
        Q_EMIT dataChanged(pi, pi, {IsLeafRole});
    }
}

void WhyTreeModel::updateActionLinks(Id actionId, bool removed)
{
    QList<Id> touched = m_actionLinks.value(actionId);
    if (removed) {
        m_actionLinks.remove(actionId);
    } else {
        auto a = m_editor->workspace()->action(actionId);
        if (!a)
            return;
        if (a->whyNodes.isEmpty())
            m_actionLinks.remove(actionId);
        else
            m_actionLinks.insert(actionId, a->whyNodes);
        touched += a->whyNodes;
    }
    for (Id n : std::as_const(touched)) {
        const QModelIndex i = indexOf(n);
        if (i.isValid())
            Q_EMIT dataChanged(i, i, {LinkedActionCountRole, Qt::ToolTipRole});
    }
}

void WhyTreeModel::refreshNodes(const QList<Id> &ids)
{
    for (Id id : ids)
        updateNode(id);
}

} // namespace hindsight
