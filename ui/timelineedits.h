#pragma once

// Every change the Timeline step makes, as undoable edits on the Editor. Widgets and models
// call these; none of them touches the Workspace's write methods or the undo stack.
//
// Added events keep their id across undo and redo (the first apply stores the new id, redo
// restores it), so why-chain evidence and selections that refer to an id stay valid.

#include "domain.h"

#include <QList>

namespace hindsight {

class Editor;

namespace edits {

// Adds one event. Returns its id, or 0 when it could not be stored (Editor reported why).
Id addEvent(Editor &editor, const TimelineEvent &event);
// Adds many events as ONE undo step (a pasted timeline); all or none. Returns their ids in the
// order given, or an empty list on failure.
QList<Id> addEvents(Editor &editor, const QList<TimelineEvent> &events);
// Replaces `before` by `after` (same id). Nothing is pushed when they are equal.
// With mergeId >= 0, consecutive edits of the same event collapse into one step.
bool updateEvent(
    Editor &editor, const TimelineEvent &before, const TimelineEvent &after, int mergeId = -1);
// Removes the events as one step; undo restores them with their ids, order and the why-chain
// evidence that cited them.
bool removeEvents(Editor &editor, const QList<Id> &ids);
// Moves an event with an unknown time one place up (-1) or down (+1). Returns false (and
// pushes nothing) when it cannot move: a known time, or already first or last.
bool moveEvent(Editor &editor, Id id, int direction);
// True when moveEvent(editor, id, direction) would move something.
bool canMoveEvent(Editor &editor, Id id, int direction);
// Stars the events, or unstars them when all of them are starred already. One step.
bool toggleStar(Editor &editor, const QList<Id> &ids);

} // namespace edits
} // namespace hindsight
