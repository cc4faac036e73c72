#pragma once

// Undoable edits of action items, each one step on the Editor's undo stack.

#include "domain.h"

#include <QString>

namespace hindsight {

class Editor;

namespace actionedits {

// Adds an action at the end of its session's list. Returns the new id, or 0 on failure
// (Editor::failed was emitted).
Id addAction(Editor &editor, ActionItem item);
// Stores `item` over the action with the same id; false when nothing changed or it failed.
bool updateAction(Editor &editor, const ActionItem &item);
bool removeAction(Editor &editor, Id actionId);
// One step: an action linked to the why, "Address: <why text>", open, no owner or date yet
// (so it shows as incomplete until someone takes it). Returns the new id or 0.
Id createActionFromWhy(Editor &editor, Id whyNodeId);

} // namespace actionedits
} // namespace hindsight
