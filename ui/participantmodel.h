#pragma once

#include "domain.h"

#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>

#include <optional>
#include <utility>

namespace hindsight {

class Editor;
struct Change;

// The participants of one session, in storage order (by id). Follows Workspace::changed row by
// row; edits go through sessionedits, never into the list directly.
class ParticipantModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, DepartmentColumn, RoleColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit ParticipantModel(Editor *editor, QObject *parent = nullptr);

    void setSession(Id sessionId);
    Id sessionId() const { return m_sessionId; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    const QList<Participant> &participants() const { return m_rows; }
    Participant participant(int row) const { return m_rows.value(row); }
    int rowOf(Id participantId) const;
    // Departments in use, each once (case-insensitive), sorted.
    QStringList departments() const;
    // How many people each department brings, largest first: "SRE 3 · Payments 2".
    QList<std::pair<QString, int>> departmentCounts() const;

Q_SIGNALS:
    // The set of people or their departments changed (for summaries and completers).
    void departmentsChanged();

private:
    void onChanged(const hindsight::Change &change);
    void reload();
    // Another process changed the file: re-read and announce only what differs.
    void mergeExternalChanges();
    std::optional<Participant> read(Id participantId) const;

    Editor *m_editor;
    Id m_sessionId = 0;
    QList<Participant> m_rows;
};

// Sorts participants by department, then by name (case- and locale-aware), people without a
// department last, so the table reads as groups.
class ParticipantSortModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ParticipantSortModel(QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace hindsight
