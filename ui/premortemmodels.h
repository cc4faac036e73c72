#pragma once

// The models behind the pre-mortem screens. They adapt to Workspace::changed one row at a time
// and ask the Editor (through premortemedits) for every change a view makes.

#include "domain.h"
#include "premortem.h"

#include <QAbstractTableModel>
#include <QHash>

namespace hindsight {

class Editor;
struct Change;

// Every idea of a session, from every round, in round order.
class IdeaModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TextColumn, GroupColumn, AuthorColumn, ThemeColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        RoundIdRole,
        AuthorIdRole,
        ThemeIdRole,
        RevealedRole,
    };
    // The drag payload: the dragged ideas' ids, for dropping onto a theme.
    static QString mimeType() { return QStringLiteral("application/x-hindsight-idea-ids"); }

    explicit IdeaModel(Editor *editor, QObject *parent = nullptr);

    void setSession(hindsight::Id sessionId);
    Id sessionId() const { return m_sessionId; }
    const QList<Idea> &ideas() const { return m_rows; }
    int rowOf(Id ideaId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

    // Ids from a drag payload made by mimeData().
    static QList<Id> idsFromMime(const QMimeData *mime);

private:
    void reload();
    // Another process changed the file: re-read and announce only what differs.
    void mergeExternalChanges();
    void reloadLookups();
    void onChanged(const hindsight::Change &change);
    QList<Idea> readAll() const;

    Editor *m_editor;
    Id m_sessionId = 0;
    QList<Idea> m_rows;
    QHash<Id, QString> m_groupNames; // round id -> "Round 2 · Sales"
    QHash<Id, QString> m_people;
    QHash<Id, QString> m_themes;
};

// The session's themes (risks) with what the ranking says about each.
class ThemeModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TitleColumn,
        IdeasColumn,
        FoundByColumn, // "3 rounds · 2 groups"
        VotesColumn,
        VotersColumn, // who gave dots; hidden in anonymous voting
        VoterDotsColumn, // the dots of the participant voting now
        LikelihoodColumn,
        ImpactColumn,
        ScoreColumn,
        VoteRankColumn,
        ScoreRankColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, SortRole };

    explicit ThemeModel(Editor *editor, QObject *parent = nullptr);

    void setSession(hindsight::Id sessionId);
    Id sessionId() const { return m_sessionId; }
    // Whose dots the VoterDotsColumn shows (0: nobody).
    void setVoter(hindsight::Id participantId);
    Id voter() const { return m_voter; }

    const QList<Theme> &themes() const { return m_rows; }
    RankedTheme ranked(Id themeId) const { return m_ranked.value(themeId); }
    const QList<Vote> &votes() const { return m_votes; }
    int rowOf(Id themeId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QStringList mimeTypes() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
        const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
        const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override;

Q_SIGNALS:
    // The derived numbers (votes, ranks, rounds) changed: the matrix redraws.
    void rankingChanged();

private:
    void reload();
    // Another process changed the file: re-read and announce only what differs.
    void mergeExternalChanges();
    void recompute();
    void onChanged(const hindsight::Change &change);
    QList<Theme> readAll() const;

    Editor *m_editor;
    Id m_sessionId = 0;
    Id m_voter = 0;
    QList<Theme> m_rows;
    QHash<Id, RankedTheme> m_ranked;
    QList<Vote> m_votes;
    QHash<Id, QString> m_people;
};

} // namespace hindsight
