#pragma once

// Pre-mortem rules that more than one screen needs: how the risks (themes) rank. The report
// uses it today; the voting and matrix views use the same numbers.

#include "domain.h"

#include <QList>

namespace hindsight {

struct RankedTheme {
    Theme theme;
    int votes = 0; // dots given to the theme, all participants together
    int ideas = 0; // ideas grouped into it: how often it came up
    int rounds = 0; // distinct rounds with an idea in it (found independently)
    int groups = 0; // distinct groups with an idea in it
    int score = -1; // likelihood x impact; -1 while not scored
    int voteRank = 0; // 1-based, ties share a rank ("1, 2, 2, 4")
    int scoreRank = 0; // 1-based among scored themes; 0 when not scored
    bool operator==(const RankedTheme &other) const = default;
};

// Every theme of the session, most votes first; ties by score, then by the themes' order.
// Ideas count whether revealed or not: a hidden idea was still written independently.
// Groups are told apart by name (trimmed, case-insensitive); a round without a group name
// counts as a group of its own.
QList<RankedTheme> rankThemes(const SessionSnapshot &snapshot);

// The same themes ordered for the risk matrix: highest score first, unscored last; ties by
// votes, then by the themes' order.
QList<RankedTheme> sortByScore(QList<RankedTheme> ranked);

} // namespace hindsight
