#include "sessionedits.h"

#include "editor.h"

#include <QCoreApplication>

#include <memory>
#include <optional>

namespace hindsight::sessionedits {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("hindsight::SessionEdits", text, disambiguation, n);
}

// Storage sets the timestamps itself; two sessions differing only there are the same edit.
bool sameContent(Session a, Session b)
{
    a.created = b.created;
    a.updated = b.updated;
    return a == b;
}

std::optional<Participant> findParticipant(Editor &editor, Id participantId, Id sessionId = 0)
{
    Workspace *ws = editor.workspace();
    // The workspace has no single-participant read; the list of one session is short.
    QList<Session> sessions;
    if (sessionId != 0) {
        Session only;
        only.id = sessionId;
        sessions.append(only);
    } else {
        auto all = ws->sessions();
        if (!all) {
            editor.report(all.error());
            return std::nullopt;
        }
        sessions = *all;
    }
    for (const Session &s : std::as_const(sessions)) {
        auto list = ws->participants(s.id);
        if (!list) {
            editor.report(list.error());
            return std::nullopt;
        }
        for (const Participant &p : std::as_const(*list)) {
            if (p.id == participantId)
                return p;
        }
    }
    editor.report(Error {ErrorCode::NotFound,
        tr("The participant no longer exists; they may have been removed elsewhere."), {}});
    return std::nullopt;
}

// Everything that points at a participant and that the database unlinks or deletes with them.
struct ParticipantLinks {
    Participant participant;
    QList<Id> reportedEvents;
    QList<Id> authoredIdeas;
    QList<std::pair<Id, int>> roundMemberships; // round id, index in its member list
    QList<Vote> votes;
};

Result<ParticipantLinks> captureLinks(Workspace *ws, const Participant &p)
{
    ParticipantLinks links;
    links.participant = p;
    auto events = ws->events(p.sessionId);
    if (!events)
        return events.error();
    for (const TimelineEvent &e : std::as_const(*events)) {
        if (e.reporterId == p.id)
            links.reportedEvents.append(e.id);
    }
    auto ideas = ws->ideas(p.sessionId);
    if (!ideas)
        return ideas.error();
    for (const Idea &i : std::as_const(*ideas)) {
        if (i.authorId == p.id)
            links.authoredIdeas.append(i.id);
    }
    auto rounds = ws->rounds(p.sessionId);
    if (!rounds)
        return rounds.error();
    for (const Round &r : std::as_const(*rounds)) {
        const auto index = r.members.indexOf(p.id);
        if (index >= 0)
            links.roundMemberships.append({r.id, int(index)});
    }
    auto votes = ws->votes(p.sessionId);
    if (!votes)
        return votes.error();
    for (const Vote &v : std::as_const(*votes)) {
        if (v.participantId == p.id)
            links.votes.append(v);
    }
    return links;
}

// Puts the links back on the rows as they are now: later edits of those rows that were undone
// before this step already restored everything else.
Status restoreLinks(Workspace *ws, const ParticipantLinks &links)
{
    const Id pid = links.participant.id;
    if (!links.reportedEvents.isEmpty()) {
        for (const Id eventId : links.reportedEvents) {
            auto e = ws->event(eventId);
            if (!e)
                return e.error();
            TimelineEvent event = *e;
            event.reporterId = pid;
            if (auto r = ws->updateEvent(event); !r)
                return r.error();
        }
    }
    if (!links.authoredIdeas.isEmpty()) {
        auto ideas = ws->ideas(links.participant.sessionId);
        if (!ideas)
            return ideas.error();
        for (Idea idea : std::as_const(*ideas)) {
            if (!links.authoredIdeas.contains(idea.id))
                continue;
            idea.authorId = pid;
            if (auto r = ws->updateIdea(idea); !r)
                return r.error();
        }
    }
    if (!links.roundMemberships.isEmpty()) {
        auto rounds = ws->rounds(links.participant.sessionId);
        if (!rounds)
            return rounds.error();
        for (Round round : std::as_const(*rounds)) {
            for (const auto &[roundId, index] : links.roundMemberships) {
                if (roundId != round.id || round.members.contains(pid))
                    continue;
                round.members.insert(qBound(0, index, int(round.members.size())), pid);
                if (auto r = ws->updateRound(round); !r)
                    return r.error();
            }
        }
    }
    for (const Vote &v : links.votes) {
        if (auto r = ws->setVote(v); !r)
            return r.error();
    }
    return ok();
}

} // namespace

bool updateSession(
    Editor &editor, const Session &before, const Session &after, int mergeId, const QString &text)
{
    if (sameContent(before, after))
        return false; // a no-op pushes nothing
    Workspace *ws = editor.workspace();
    return editor.perform(
        text.isEmpty() ? tr("Edit session details") : text,
        [ws, after]() { return ws->updateSession(after); },
        [ws, before]() { return ws->updateSession(before); }, mergeId, after.id);
}

bool editSession(Editor &editor, Id sessionId, const std::function<void(Session &)> &change,
    int mergeId, const QString &text)
{
    auto before = editor.workspace()->session(sessionId);
    if (!before) {
        editor.report(before.error());
        return false;
    }
    Session after = *before;
    change(after);
    return updateSession(editor, *before, after, mergeId, text);
}

Id addParticipant(Editor &editor, Participant participant)
{
    Workspace *ws = editor.workspace();
    // The first apply stores the participant and remembers its id; redo after undo restores the
    // same id, so later steps on the stack (an event naming them as reporter) still find it.
    auto state = std::make_shared<Participant>(std::move(participant));
    const bool done = editor.perform(
        tr("Add participant %1").arg(state->name.trimmed()),
        [ws, state]() -> Status {
            auto r = ws->addParticipant(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeParticipant(state->id); });
    return done ? state->id : 0;
}

bool updateParticipant(Editor &editor, const Participant &after, int mergeId)
{
    const auto before = findParticipant(editor, after.id, after.sessionId);
    if (!before)
        return false;
    Participant stored = after;
    stored.sessionId = before->sessionId;
    // Storage trims; comparing trimmed values keeps "Ann " from being an edit of "Ann".
    if (before->name == stored.name.trimmed() && before->department == stored.department.trimmed()
        && before->role == stored.role.trimmed())
        return false;
    Workspace *ws = editor.workspace();
    return editor.perform(
        tr("Edit participant %1").arg(stored.name.trimmed()),
        [ws, stored]() { return ws->updateParticipant(stored); },
        [ws, b = *before]() { return ws->updateParticipant(b); }, mergeId, stored.id);
}

bool removeParticipant(Editor &editor, Id participantId)
{
    return removeParticipants(editor, {participantId});
}

bool removeParticipants(Editor &editor, const QList<Id> &participantIds)
{
    QList<ParticipantLinks> found;
    for (const Id id : participantIds) {
        const auto p = findParticipant(editor, id);
        if (!p)
            return false;
        ParticipantLinks links;
        links.participant = *p;
        found.append(links);
    }
    if (found.isEmpty())
        return false;
    Workspace *ws = editor.workspace();
    auto state = std::make_shared<QList<ParticipantLinks>>(found);
    // Puts back the first `count` participants with their links (undo, or a failed apply).
    auto restore = [ws, state](qsizetype count) -> Status {
        for (qsizetype i = 0; i < count; ++i) {
            if (auto r = ws->addParticipant(state->at(i).participant); !r)
                return r.error();
        }
        for (qsizetype i = 0; i < count; ++i) {
            if (Status s = restoreLinks(ws, state->at(i)); !s)
                return s;
        }
        return ok();
    };
    const QString text = found.size() == 1
        ? tr("Remove participant %1").arg(found.first().participant.name)
        : tr("Remove %n participants", nullptr, int(found.size()));
    return editor.perform(
        text,
        [ws, state, restore]() -> Status {
            // Captured on every apply, all before the first removal: a redo must see the links
            // as they are at that moment.
            for (ParticipantLinks &links : *state) {
                auto captured = captureLinks(ws, links.participant);
                if (!captured)
                    return captured.error();
                links = *captured;
            }
            for (qsizetype i = 0; i < state->size(); ++i) {
                if (Status s = ws->removeParticipant(state->at(i).participant.id); !s) {
                    // Leave the file as it was, since nothing goes on the undo stack.
                    (void)restore(i);
                    return s;
                }
            }
            return ok();
        },
        [restore, state]() { return restore(state->size()); });
}

} // namespace hindsight::sessionedits
