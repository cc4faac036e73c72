#include "premortem.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace hindsight {

namespace {

// Themes keep the order the facilitator gave them as the last tie-break, so a report is
// stable from one run to the next.
bool byPosition(const RankedTheme &a, const RankedTheme &b)
{
    if (a.theme.position != b.theme.position)
        return a.theme.position < b.theme.position;
    return a.theme.id < b.theme.id;
}

// Standard competition ranking over an already sorted list.
template<typename Key, typename Set> void assignRanks(QList<RankedTheme> &sorted, Key key, Set set)
{
    int rank = 0;
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        if (i == 0 || key(sorted.at(i)) != key(sorted.at(i - 1)))
            rank = int(i) + 1;
        set(sorted[i], rank);
    }
}

} // namespace

QList<RankedTheme> rankThemes(const SessionSnapshot &s)
{
    QHash<Id, const Round *> rounds;
    for (const Round &r : s.rounds)
        rounds.insert(r.id, &r);

    QList<RankedTheme> ranked;
    ranked.reserve(s.themes.size());
    for (const Theme &t : s.themes) {
        RankedTheme r;
        r.theme = t;
        r.score = t.score();
        QSet<Id> roundIds;
        QSet<QString> groups;
        for (const Idea &idea : s.ideas) {
            if (idea.themeId != t.id)
                continue;
            ++r.ideas;
            const Round *round = rounds.value(idea.roundId);
            if (!round)
                continue;
            roundIds.insert(round->id);
            const QString name = round->group.trimmed().toCaseFolded();
            groups.insert(name.isEmpty() ? QStringLiteral("#") + QString::number(round->id) : name);
        }
        r.rounds = int(roundIds.size());
        r.groups = int(groups.size());
        for (const Vote &v : s.votes)
            if (v.themeId == t.id)
                r.votes += v.dots;
        ranked.append(r);
    }

    ranked = sortByScore(ranked);
    assignRanks(
        ranked, [](const RankedTheme &r) { return r.score; },
        [](RankedTheme &r, int rank) { r.scoreRank = r.score >= 0 ? rank : 0; });

    std::stable_sort(ranked.begin(), ranked.end(), [](const RankedTheme &a, const RankedTheme &b) {
        if (a.votes != b.votes)
            return a.votes > b.votes;
        if (a.score != b.score)
            return a.score > b.score;
        return byPosition(a, b);
    });
    assignRanks(
        ranked, [](const RankedTheme &r) { return r.votes; },
        [](RankedTheme &r, int rank) { r.voteRank = rank; });
    return ranked;
}

QList<RankedTheme> sortByScore(QList<RankedTheme> ranked)
{
    std::stable_sort(ranked.begin(), ranked.end(), [](const RankedTheme &a, const RankedTheme &b) {
        if (a.score != b.score)
            return a.score > b.score;
        if (a.votes != b.votes)
            return a.votes > b.votes;
        return byPosition(a, b);
    });
    return ranked;
}

} // namespace hindsight
