#include "premortemmodels.h"

#include "editor.h"
#include "premortemedits.h"
#include "rowmerge.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QIODevice>
#include <QMimeData>

namespace hindsight {

// ---------------------------------------------------------------------------------------------
// IdeaModel

IdeaModel::IdeaModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
{
    connect(editor->workspace(), &Workspace::changed, this, &IdeaModel::onChanged);
    connect(
        editor->workspace(), &Workspace::externallyChanged, this, &IdeaModel::mergeExternalChanges);
}

void IdeaModel::setSession(Id sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    reload();
}

QList<Idea> IdeaModel::readAll() const
{
    if (m_sessionId == 0)
        return {};
    auto list = m_editor->workspace()->ideas(m_sessionId);
    if (!list) {
        m_editor->report(list.error());
        return {};
    }
    return *list;
}

void IdeaModel::reload()
{
    beginResetModel();
    reloadLookups();
    m_rows = readAll();
    endResetModel();
}

void IdeaModel::mergeExternalChanges()
{
    if (m_sessionId == 0)
        return;
    auto list = m_editor->workspace()->ideas(m_sessionId);
    if (!list) {
        m_editor->report(list.error()); // a busy file: keep what is shown until the next poll
        return;
    }
    // Read the fresh names into the members, then keep them aside until the merge has read
    // the old cells: rows show their round's, author's and theme's names.
    QHash<Id, QString> groups = m_groupNames, people = m_people, themes = m_themes;
    reloadLookups();
    RowMergeOptions options;
    options.compareAll = groups != m_groupNames || people != m_people || themes != m_themes;
    std::swap(groups, m_groupNames);
    std::swap(people, m_people);
    std::swap(themes, m_themes);
    options.updateContext = [&] {
        m_groupNames = std::move(groups);
        m_people = std::move(people);
        m_themes = std::move(themes);
    };
    mergeRows(this, m_rows, *list, options);
}

void IdeaModel::reloadLookups()
{
    m_groupNames.clear();
    m_people.clear();
    m_themes.clear();
    if (m_sessionId == 0)
        return;
    Workspace *ws = m_editor->workspace();
    if (auto rounds = ws->rounds(m_sessionId)) {
        for (const Round &r : *rounds)
            m_groupNames.insert(r.id,
                r.group.isEmpty() ? tr("Round %1").arg(r.number)
                                  : tr("Round %1 · %2").arg(r.number).arg(r.group));
    }
    if (auto people = ws->participants(m_sessionId)) {
        for (const Participant &p : *people)
            m_people.insert(p.id, p.name);
    }
    if (auto themes = ws->themes(m_sessionId)) {
        for (const Theme &t : *themes)
            m_themes.insert(t.id, t.title);
    }
}

void IdeaModel::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    using E = Change::Entity;
    if (change.entity == E::Session && change.type == Change::Type::Removed) {
        m_sessionId = 0;
        reload();
        return;
    }
    const bool lookups =
        change.entity == E::Round || change.entity == E::Participant || change.entity == E::Theme;
    if (lookups) {
        reloadLookups();
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, GroupColumn), index(rowCount() - 1, ThemeColumn));
    }
    // A removed round, person or theme also changes ideas in the database (cascade, unlink).
    if (change.entity == E::Idea || (lookups && change.type == Change::Type::Removed)) {
        mergeRows(this, m_rows, readAll());
    }
}

int IdeaModel::rowOf(Id ideaId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == ideaId)
            return i;
    return -1;
}

int IdeaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IdeaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IdeaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Idea &i = m_rows.at(index.row());
    switch (role) {
    case IdRole: return i.id;
    case RoundIdRole: return i.roundId;
    case AuthorIdRole: return i.authorId;
    case ThemeIdRole: return i.themeId;
    case RevealedRole: return i.revealed;
    case Qt::DisplayRole:
    case Qt::EditRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TextColumn: return i.text;
        case GroupColumn: return m_groupNames.value(i.roundId);
        case AuthorColumn: return i.authorId == 0 ? tr("Anonymous") : m_people.value(i.authorId);
        case ThemeColumn: return i.themeId == 0 ? QString() : m_themes.value(i.themeId);
        }
        break;
    }
    return {};
}

QVariant IdeaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TextColumn: return tr("Idea");
    case GroupColumn: return tr("Round");
    case AuthorColumn: return tr("Written by");
    case ThemeColumn: return tr("Theme");
    }
    return {};
}

Qt::ItemFlags IdeaModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == TextColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool IdeaModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != TextColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Idea &before = m_rows.at(index.row());
    const QString text = value.toString().trimmed();
    if (text.isEmpty() || text == before.text)
        return false;
    Workspace *ws = m_editor->workspace();
    Idea after = before;
    after.text = text;
    return m_editor->perform(
        tr("Edit idea"), [ws, after]() { return ws->updateIdea(after); },
        [ws, before]() { return ws->updateIdea(before); });
}

QStringList IdeaModel::mimeTypes() const
{
    return {mimeType()};
}

QMimeData *IdeaModel::mimeData(const QModelIndexList &indexes) const
{
    QList<Id> ids;
    for (const QModelIndex &i : indexes) {
        const Id id = i.data(IdRole).toLongLong();
        if (id != 0 && !ids.contains(id))
            ids.append(id);
    }
    if (ids.isEmpty())
        return nullptr;
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out << ids;
    auto *mime = new QMimeData;
    mime->setData(mimeType(), bytes);
    return mime;
}

Qt::DropActions IdeaModel::supportedDragActions() const
{
    return Qt::LinkAction | Qt::MoveAction;
}

QList<Id> IdeaModel::idsFromMime(const QMimeData *mime)
{
    QList<Id> ids;
    if (!mime || !mime->hasFormat(mimeType()))
        return ids;
    QDataStream in(mime->data(mimeType()));
    in >> ids;
    return ids;
}

// ---------------------------------------------------------------------------------------------
// ThemeModel

ThemeModel::ThemeModel(Editor *editor, QObject *parent)
    : QAbstractTableModel(parent)
    , m_editor(editor)
{
    connect(editor->workspace(), &Workspace::changed, this, &ThemeModel::onChanged);
    connect(editor->workspace(), &Workspace::externallyChanged, this,
        &ThemeModel::mergeExternalChanges);
}

void ThemeModel::setSession(Id sessionId)
{
    if (sessionId == m_sessionId)
        return;
    m_sessionId = sessionId;
    m_voter = 0;
    reload();
}

void ThemeModel::setVoter(Id participantId)
{
    if (participantId == m_voter)
        return;
    m_voter = participantId;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, VoterDotsColumn), index(rowCount() - 1, VoterDotsColumn));
}

QList<Theme> ThemeModel::readAll() const
{
    if (m_sessionId == 0)
        return {};
    auto list = m_editor->workspace()->themes(m_sessionId);
    if (!list) {
        m_editor->report(list.error());
        return {};
    }
    return *list;
}

void ThemeModel::reload()
{
    beginResetModel();
    m_rows = readAll();
    recompute();
    endResetModel();
    Q_EMIT rankingChanged();
}

void ThemeModel::mergeExternalChanges()
{
    if (m_sessionId == 0)
        return;
    auto list = m_editor->workspace()->themes(m_sessionId);
    if (!list) {
        m_editor->report(list.error()); // a busy file: keep what is shown until the next poll
        return;
    }
    // Votes, ranks and voters are derived from every row: compare every row's cells (a
    // session has tens of themes), the old derived values read before the new ones go in.
    auto ranked = m_ranked;
    auto votes = m_votes;
    auto people = m_people;
    recompute();
    std::swap(ranked, m_ranked);
    std::swap(votes, m_votes);
    std::swap(people, m_people);
    RowMergeOptions options;
    options.compareAll = true;
    options.updateContext = [&] {
        m_ranked = std::move(ranked);
        m_votes = std::move(votes);
        m_people = std::move(people);
    };
    mergeRows(this, m_rows, *list, options);
    Q_EMIT rankingChanged();
}

void ThemeModel::recompute()
{
    m_ranked.clear();
    m_votes.clear();
    m_people.clear();
    if (m_sessionId == 0)
        return;
    // Ranking needs the pre-mortem lists only; a post-mortem's 10,000 events stay unread.
    auto snapshot = m_editor->workspace()->snapshot(m_sessionId, SnapshotPart::PreMortem);
    if (!snapshot) {
        m_editor->report(snapshot.error());
        return;
    }
    const QList<RankedTheme> ranked = rankThemes(*snapshot);
    for (const RankedTheme &r : ranked)
        m_ranked.insert(r.theme.id, r);
    m_votes = snapshot->votes;
    for (const Participant &p : std::as_const(snapshot->participants))
        m_people.insert(p.id, p.name);
}

void ThemeModel::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    using E = Change::Entity;
    if (change.entity == E::Session) {
        if (change.type == Change::Type::Removed) {
            m_sessionId = 0;
            reload();
        }
        return;
    }
    if (change.entity != E::Theme && change.entity != E::Idea && change.entity != E::Round
        && change.entity != E::Vote && change.entity != E::Participant)
        return;
    recompute();
    if (change.entity == E::Theme) {
        mergeRows(this, m_rows, readAll());
    }
    // Votes, ideas and ranks are derived from every row: one change moves them all.
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, IdeasColumn), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT rankingChanged();
}

int ThemeModel::rowOf(Id themeId) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == themeId)
            return i;
    return -1;
}

int ThemeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ThemeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ThemeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Theme &t = m_rows.at(index.row());
    const RankedTheme r = m_ranked.value(t.id);
    if (role == IdRole)
        return t.id;
    if (role == Qt::TextAlignmentRole && index.column() != TitleColumn
        && index.column() != VotersColumn && index.column() != FoundByColumn)
        return int(Qt::AlignCenter);
    const bool display = role == Qt::DisplayRole || role == Qt::ToolTipRole;
    if (!display && role != Qt::EditRole && role != SortRole)
        return {};
    switch (index.column()) {
    case TitleColumn: return t.title;
    case IdeasColumn: return r.ideas;
    case FoundByColumn:
        if (role == SortRole)
            return r.groups * 1000 + r.rounds;
        return QString(tr("%n round(s)", nullptr, r.rounds) + QStringLiteral(" · ")
            + tr("%n group(s)", nullptr, r.groups));
    case VotesColumn:
        if (display)
            return r.votes == 0 ? QString() : QString(r.votes, QChar(0x25CF)); // ●
        return r.votes;
    case VotersColumn: {
        QStringList who;
        for (const Vote &v : m_votes)
            if (v.themeId == t.id && v.dots > 0)
                who.append(
                    QStringLiteral("%1 ×%2").arg(m_people.value(v.participantId)).arg(v.dots));
        return who.join(QStringLiteral(", "));
    }
    case VoterDotsColumn: {
        int dots = 0;
        for (const Vote &v : m_votes)
            if (v.themeId == t.id && v.participantId == m_voter)
                dots = v.dots;
        if (display)
            return QString(dots, QChar(0x25CF));
        return dots;
    }
    case LikelihoodColumn:
        if (display)
            return t.likelihood < 0
                ? QString()
                : QCoreApplication::translate("hindsight::PremortemModels", "%1 of 10")
                      .arg(t.likelihood);
        return t.likelihood;
    case ImpactColumn:
        if (display)
            return t.impact <= 0 ? QString() : QString::number(t.impact);
        return t.impact;
    case ScoreColumn:
        if (display)
            return t.isScored() ? QString::number(t.score()) : QString();
        return t.score();
    case VoteRankColumn: return r.voteRank;
    case ScoreRankColumn:
        if (display)
            return r.scoreRank == 0 ? QString() : QString::number(r.scoreRank);
        // Unscored themes sort after every scored one.
        return r.scoreRank == 0 ? 1000000 : r.scoreRank;
    }
    return {};
}

QVariant ThemeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case TitleColumn: return tr("Risk");
    case IdeasColumn: return tip ? tr("How many ideas were grouped into this risk") : tr("Ideas");
    case FoundByColumn:
        return tip ? tr("How many rounds and groups found it independently") : tr("Found by");
    case VotesColumn: return tip ? tr("Dots given by everyone together") : tr("Votes");
    case VotersColumn: return tr("Who voted");
    case VoterDotsColumn: return tip ? tr("The dots of the person voting now") : tr("Their dots");
    case LikelihoodColumn:
        return tip ? tr("In how many of 10 projects like this would it happen?") : tr("Likelihood");
    case ImpactColumn: return tip ? tr("How bad it would be, from 1 to 5") : tr("Impact");
    case ScoreColumn: return tip ? tr("Likelihood × impact") : tr("Score");
    case VoteRankColumn: return tip ? tr("Rank by votes") : tr("Rank (votes)");
    case ScoreRankColumn: return tip ? tr("Rank by score") : tr("Rank (score)");
    }
    return {};
}

Qt::ItemFlags ThemeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled;
    if (index.column() == TitleColumn || index.column() == LikelihoodColumn
        || index.column() == ImpactColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ThemeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Theme &t = m_rows.at(index.row());
    switch (index.column()) {
    case TitleColumn:
        if (value.toString().trimmed().isEmpty())
            return false;
        return premortemedits::renameTheme(*m_editor, m_sessionId, t.id, value.toString());
    case LikelihoodColumn: {
        bool okay = false;
        const int v = value.toInt(&okay);
        if (!okay || v < -1 || v > 10)
            return false;
        return premortemedits::scoreTheme(*m_editor, m_sessionId, t.id, v, t.impact);
    }
    case ImpactColumn: {
        bool okay = false;
        const int v = value.toInt(&okay);
        if (!okay || v < 0 || v > 5)
            return false;
        return premortemedits::scoreTheme(*m_editor, m_sessionId, t.id, t.likelihood, v);
    }
    }
    return false;
}

QStringList ThemeModel::mimeTypes() const
{
    return {IdeaModel::mimeType()};
}

bool ThemeModel::canDropMimeData(
    const QMimeData *data, Qt::DropAction, int row, int, const QModelIndex &parent) const
{
    // Only onto a theme (not between rows): the drop groups the ideas into it.
    return data && data->hasFormat(IdeaModel::mimeType()) && parent.isValid() && row < 0;
}

bool ThemeModel::dropMimeData(
    const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QList<Id> ids = IdeaModel::idsFromMime(data);
    if (ids.isEmpty())
        return false;
    premortemedits::groupIntoTheme(*m_editor, m_sessionId, ids, m_rows.at(parent.row()).id);
    // The ideas change through the workspace; the view must not remove anything itself.
    return false;
}

Qt::DropActions ThemeModel::supportedDropActions() const
{
    return Qt::LinkAction | Qt::MoveAction | Qt::CopyAction;
}

} // namespace hindsight
