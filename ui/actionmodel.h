#pragma once

#include "domain.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <QStringList>

namespace hindsight {

class Editor;
struct Change;

// The action items of one session as a table, edited in place (setData goes through
// actionedits). Incomplete items (no owner or no date) and overdue ones stand out.
class ActionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { What, Owner, Due, Status, Priority, Type, Tracker, LinkedCauses, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        IncompleteRole, // bool
        OverdueRole, // bool
        SortRole, // a value that sorts the column sensibly
    };

    explicit ActionModel(Editor *editor, QObject *parent = nullptr);

    void setSession(Id sessionId);
    Id sessionId() const { return m_sessionId; }
    // "Today" for overdue; tests pin it. Defaults to the current date.
    void setToday(const QDate &today);
    QDate today() const { return m_today; }

    ActionItem action(int row) const;
    int rowOf(Id actionId) const;
    // The session's participants, for the owner completer.
    QStringList participantNames() const { return m_participants; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Display names; the keys in domain.h are for files, these are for people.
    static QString statusName(ActionStatus s);
    static QString priorityName(ActionPriority p);
    static QString typeName(ActionType t);

Q_SIGNALS:
    void participantNamesChanged();

private:
    void reload();
    // Another process changed the file: re-read and announce only what differs.
    void mergeExternalChanges();
    void reloadParticipants();
    void onChanged(const Change &change);
    void insertAction(Id id);
    void updateAction(Id id);
    void removeAction(Id id);
    void whyChanged(Id id, bool removed);
    int insertionRow(const ActionItem &item) const;
    QString linkedCauses(const ActionItem &item) const;

    Editor *m_editor;
    Id m_sessionId = 0;
    QDate m_today;
    QList<ActionItem> m_rows;
    QHash<Id, QString> m_whyText; // the session's why nodes, for the linked-causes column
    QStringList m_participants;
};

} // namespace hindsight
