#pragma once

// Undoable edits of why chains, each one step on the Editor's undo stack.

#include "domain.h"

#include <QList>
#include <QString>

namespace hindsight {

class Editor;

namespace whyedits {

// Merge id for typing bursts in a why's text (see Editor::perform); unusual on purpose so it
// never meets another page's id.
inline constexpr int kMergeWhyText = 0x57480001;

// Adds a why under parentId (0: a new problem statement) at the end of its siblings. Returns
// the new node's id, or 0 when it failed (Editor::failed was emitted).
Id addWhy(Editor &editor, Id sessionId, Id parentId, const QString &text);
// Changes a why's text. merge: collapse with the previous text edit of the same node.
bool setWhyText(Editor &editor, Id nodeId, const QString &text, bool merge = false);
bool setRootCause(Editor &editor, Id nodeId, bool rootCause);
// Replaces the events a why cites (order kept).
bool setEvidence(Editor &editor, Id nodeId, const QList<Id> &eventIds);
// Adds citations not already there; false when nothing was new or the edit failed.
bool citeEvents(Editor &editor, Id nodeId, const QList<Id> &eventIds);
// Removes a why and everything under it; undo restores the subtree with its evidence and the
// actions' links to it.
bool removeWhy(Editor &editor, Id nodeId);

} // namespace whyedits
} // namespace hindsight
