#pragma once

// Undoable edits of the pre-mortem game (rounds, ideas, themes, votes, mitigations), each one
// step on the Editor's undo stack (see Editor::perform), plus the dot-voting rules the voting
// screen enforces before it asks for an edit.

#include "domain.h"

#include <QDate>
#include <QList>
#include <QString>

namespace hindsight {

class Editor;

namespace premortemedits {

// Adds a round (round.sessionId set; number <= 0 takes the next free number). Returns the new
// id or 0 on failure. Redo after undo restores the same id.
Id addRound(Editor &editor, Round round);
// Stores `round` over the round with the same id (group name, members, duration).
bool updateRound(Editor &editor, const Round &round);

// Adds an idea at the end of its round. Returns the new id or 0.
Id addIdea(Editor &editor, Idea idea);
bool removeIdea(Editor &editor, Id sessionId, Id ideaId);
// Turns ideas face up (or down) on the shared screen, all in one step; ideas already in that
// state are left alone. False when nothing changed.
bool setRevealed(Editor &editor, Id sessionId, const QList<Id> &ideaIds, bool revealed,
    const QString &text = {});

// Round-robin sharing: the turns are the round's members in order, then one turn for ideas that
// are anonymous or by someone outside the group. Starting after `lastTurn` (-1: from the top),
// finds the next turn with a hidden idea and returns that idea (lowest position first), setting
// *turn to its turn; 0 when every idea is revealed.
Id nextToReveal(const Round &round, const QList<Idea> &ideas, int lastTurn, int *turn = nullptr);

// Groups ideas into a theme in one step: into `themeId` when non-zero, otherwise into a new
// theme titled `newTitle` (trimmed; must not be empty). Returns the theme's id or 0.
Id groupIntoTheme(Editor &editor, Id sessionId, const QList<Id> &ideaIds, Id themeId,
    const QString &newTitle = {});
// Takes ideas out of their theme (themeId = 0).
bool ungroup(Editor &editor, Id sessionId, const QList<Id> &ideaIds);
bool renameTheme(Editor &editor, Id sessionId, Id themeId, const QString &title);
// Likelihood "in N of 10 projects" (0..10, -1 unscored) and impact 1..5 (0 unscored).
bool scoreTheme(Editor &editor, Id sessionId, Id themeId, int likelihood, int impact);

// The voting rules: every participant has `budget` dots, at most `cap` on one theme.
struct VoteRules {
    int budget = 3;
    int cap = 2;
};
// Why the participant may not have `dots` on the theme given the session's current votes, as a
// sentence for the shared screen; empty when the vote is allowed.
QString voteRefusal(
    const QList<Vote> &votes, Id participantId, Id themeId, int dots, const VoteRules &rules);
// Dots the participant has left to give.
int dotsLeft(const QList<Vote> &votes, Id participantId, const VoteRules &rules);
// Adds `delta` dots (+1 / -1) of the participant on the theme, if the rules allow it. On a
// refusal returns false and sets *refusal (nothing is written, nothing reported as an error).
bool changeVote(Editor &editor, Id sessionId, Id participantId, Id themeId, int delta,
    const VoteRules &rules, QString *refusal = nullptr);

// One step: a Mitigate action for the theme, open, with owner and due date. Returns its id or 0.
Id addMitigation(Editor &editor, Id sessionId, Id themeId, const QString &what,
    const QString &owner, const QDate &due);

} // namespace premortemedits
} // namespace hindsight
