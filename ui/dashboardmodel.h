#pragma once

#include "workspace.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>

namespace hindsight {

class Editor;

// Every open or in-progress action of the workspace, overdue first, then by due date, undated
// last. Follows Workspace::changed for every session.
class DashboardModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Owner, What, Due, Status, SessionTitle, ColumnCount };
    enum Role {
        ActionIdRole = Qt::UserRole + 1,
        SessionIdRole,
        OverdueRole, // bool
        SortRole,
    };

    explicit DashboardModel(Editor *editor, QObject *parent = nullptr);

    void setToday(const QDate &today);
    QDate today() const { return m_today; }
    // Reads everything again (also done on Workspace::externallyChanged) and announces only
    // what differs (see rowmerge.h).
    void reload();

    QList<WorkspaceAction> actions() const { return m_rows; }
    WorkspaceAction action(int row) const;
    int rowOf(Id actionId) const;
    int overdueCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void onChanged(const Change &change);
    void actionChanged(Id id);
    void removeRow(int row);
    void sessionChanged(Id sessionId, bool removed);
    void merge(const QDate &today);
    // Overdue first, then by due date, undated last; owner and id settle ties.
    bool before(const WorkspaceAction &a, const WorkspaceAction &b) const;
    static bool precedes(const WorkspaceAction &a, const WorkspaceAction &b, const QDate &today);
    int insertionRow(const WorkspaceAction &item) const;

    Editor *m_editor;
    QDate m_today;
    QList<WorkspaceAction> m_rows;
};

} // namespace hindsight
