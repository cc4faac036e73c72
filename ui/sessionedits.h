#pragma once

// Undoable edits of a session's details and its participants, each one step on the Editor's
// undo stack (see Editor::perform).

#include "domain.h"

#include <QString>

#include <functional>

namespace hindsight {

class Editor;

namespace sessionedits {

// Merge ids for typing bursts, one per field, so that typing in the title and then in the
// summary are two undo steps while each burst is one. Unusual values on purpose so they never
// meet another page's ids; the merge key is always the session id.
enum MergeId : int {
    kMergeTitle = 0x53450001,
    kMergeDate,
    kMergeSeverity,
    kMergeStatus,
    kMergeTimeZone,
    kMergeFacilitator,
    kMergeSummary,
    kMergeImpact,
    kMergeLessons,
    kMergePrimeDirective,
    kMergeProject,
    kMergeHorizon,
    kMergeCatastrophe,
    kMergeParticipantName = 0x53450101,
    kMergeParticipantDepartment,
    kMergeParticipantRole,
};

// Replaces the stored session `before` by `after` (same id). A no-op (the two equal apart from
// the storage timestamps) pushes nothing and returns false. Undo writes `before` back whole.
bool updateSession(Editor &editor, const Session &before, const Session &after, int mergeId = -1,
    const QString &text = {});
// Reads the session as stored now, lets `change` modify the copy and stores it: the usual way a
// form field saves, so a field never writes back stale values of the other fields.
bool editSession(Editor &editor, Id sessionId, const std::function<void(Session &)> &change,
    int mergeId = -1, const QString &text = {});

// Adds a participant (participant.sessionId must be set). Returns the new id, or 0 when it
// failed (Editor::failed was emitted). Redo after undo restores the same id.
Id addParticipant(Editor &editor, Participant participant);
// Stores `after` over the participant with the same id. mergeId collapses consecutive edits of
// the same participant (mergeKey = participant id).
bool updateParticipant(Editor &editor, const Participant &after, int mergeId = -1);
// Removes a participant. The database unlinks what pointed at them (events' reporter, ideas'
// author) and drops their round memberships and votes; undo restores the participant under the
// same id together with all of those links.
bool removeParticipant(Editor &editor, Id participantId);
// Removes several participants as one undo step (a multi-row selection).
bool removeParticipants(Editor &editor, const QList<Id> &participantIds);

} // namespace sessionedits
} // namespace hindsight
