#pragma once

#include "domain.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace hindsight {

class Editor;
struct Change;

// The why chains of one session as a tree: problem statements at the top level, each why
// under the one it answers, siblings by position. Follows Workspace::changed row by row;
// editing the text goes through whyedits.
class WhyTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        RootCauseRole, // bool
        EvidenceCountRole, // int
        LinkedActionCountRole, // int
        IsLeafRole, // bool: the last answer of its chain so far
        DepthRole, // int: 0 for a problem statement
    };

    explicit WhyTreeModel(Editor *editor, QObject *parent = nullptr);
    ~WhyTreeModel() override;

    void setSession(Id sessionId);
    Id sessionId() const { return m_sessionId; }

    QModelIndex indexOf(Id nodeId) const;
    // The node as last read (empty node when the index is invalid).
    WhyNode node(const QModelIndex &index) const;
    // Actions of this session that address the node.
    QList<Id> linkedActions(Id nodeId) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Item;
    // Re-reads the session and announces only what differs, per parent (see rowmerge.h): the
    // current node and an open editor stay where they are. Another process's changes and
    // the rare change this model does not follow row by row (a re-parented node) come here.
    void reload();
    void resetFromWorkspace();
    void onChanged(const Change &change);
    void insertNode(Id id);
    void updateNode(Id id);
    void removeNode(Id id);
    void updateActionLinks(Id actionId, bool removed);
    void refreshNodes(const QList<Id> &ids);
    int rowOf(const Item *item) const;
    QModelIndex indexFor(const Item *item, int column = 0) const;
    static int insertionRow(const Item *parent, const WhyNode &node);
    void forgetSubtree(Item *item);

    Editor *m_editor;
    Id m_sessionId = 0;
    std::unique_ptr<Item> m_root;
    QHash<Id, Item *> m_items; // owned through m_root's children
    QHash<Id, QList<Id>> m_actionLinks; // action id -> why nodes it addresses
};

} // namespace hindsight
