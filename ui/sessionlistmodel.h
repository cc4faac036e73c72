#pragma once

#include "domain.h"

#include <QAbstractListModel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTimer>

namespace hindsight {

class Workspace;
struct Change;

// The sessions of a workspace for the sidebar, newest incident first. Follows the workspace's
// change notifications row by row. The display text is the title and a line of facts;
// Qt::AccessibleTextRole is the title alone.
class SessionListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { SessionRole = Qt::UserRole, IdRole, KindRole, StatusRole, DateRole };

    explicit SessionListModel(Workspace *workspace, QObject *parent = nullptr);
    // With the list already read (Workspace::sessions(SessionColumns::Listed)).
    SessionListModel(Workspace *workspace, QList<Session> sessions, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOf(Id sessionId) const;
    // The row's session with the listed columns only (Workspace::SessionColumns::Listed).
    const Session *sessionAt(int row) const;

    void reload();

private:
    void onChanged(const Change &change);
    Workspace *m_workspace;
    QList<Session> m_sessions;
};

// Search and filters over the session list. The text is matched against the workspace's
// full-text index, so a session is found by any word typed in it, not only its title.
class SessionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit SessionFilterModel(Workspace *workspace, QObject *parent = nullptr);

    void setSearchText(const QString &text);
    void setKindFilter(std::optional<SessionKind> kind);
    void setStatusFilter(std::optional<SessionStatus> status);
    // Only sessions whose date is on or after `since` (invalid: any date).
    void setSince(const QDate &since);
    // Only sessions with a participant from this department (empty: any).
    void setDepartment(const QString &department);
    // Re-runs the text search and the department query. Called a moment after any change,
    // here or in another process, while either is in use: an event typed with the searched
    // word, or a participant added from the chosen department, must show its session.
    void refreshSearch();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void runQueries();

    Workspace *m_workspace;
    QTimer m_refresh;
    QString m_text;
    QSet<Id> m_matches;
    std::optional<SessionKind> m_kind;
    std::optional<SessionStatus> m_status;
    QDate m_since;
    QString m_department;
    QSet<Id> m_departmentSessions;
};

QString kindName(SessionKind kind);
QString statusName(SessionStatus status);

} // namespace hindsight
