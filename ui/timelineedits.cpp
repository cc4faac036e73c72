#include "timelineedits.h"

#include "editor.h"
#include "workspace.h"

#include <QCoreApplication>

#include <algorithm>
#include <memory>

namespace hindsight::edits {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("TimelineEdits", text, nullptr, n);
}

Error missing()
{
    return Error {ErrorCode::NotFound,
        tr("The event no longer exists; it may have been deleted elsewhere."), {}};
}

} // namespace

Id addEvent(Editor &editor, const TimelineEvent &event)
{
    Workspace *ws = editor.workspace();
    // The stored event, including the sort key and sequence storage gave it, so redo puts it
    // back in exactly the same place under the same id.
    auto stored = std::make_shared<TimelineEvent>(event);
    auto apply = [ws, stored]() -> Status {
        auto r = ws->addEvent(*stored);
        if (!r)
            return r.error();
        *stored = *r;
        return ok();
    };
    auto revert = [ws, stored]() -> Status { return ws->removeEvent(stored->id); };
    if (!editor.perform(tr("Add event"), apply, revert))
        return 0;
    return stored->id;
}

QList<Id> addEvents(Editor &editor, const QList<TimelineEvent> &events)
{
    if (events.isEmpty())
        return {};
    Workspace *ws = editor.workspace();
    auto stored = std::make_shared<QList<TimelineEvent>>(events);
    auto apply = [ws, stored]() -> Status {
        auto r = ws->addEvents(*stored);
        if (!r)
            return r.error();
        *stored = *r;
        return ok();
    };
    auto revert = [ws, stored]() -> Status {
        QList<Id> ids;
        ids.reserve(stored->size());
        for (auto it = stored->crbegin(); it != stored->crend(); ++it)
            ids.append(it->id);
        return ws->removeEvents(ids);
    };
    if (!editor.perform(tr("Add %n event(s)", int(events.size())), apply, revert))
        return {};
    QList<Id> ids;
    ids.reserve(stored->size());
    for (const TimelineEvent &e : std::as_const(*stored))
        ids.append(e.id);
    return ids;
}

bool updateEvent(
    Editor &editor, const TimelineEvent &before, const TimelineEvent &after, int mergeId)
{
    if (before == after)
        return true;
    Workspace *ws = editor.workspace();
    auto apply = [ws, after]() -> Status {
        auto r = ws->updateEvent(after);
        return r ? ok() : Status(r.error());
    };
    auto revert = [ws, before]() -> Status {
        auto r = ws->updateEvent(before);
        return r ? ok() : Status(r.error());
    };
    return editor.perform(tr("Edit event"), apply, revert, mergeId, after.id);
}

bool removeEvents(Editor &editor, const QList<Id> &ids)
{
    if (ids.isEmpty())
        return true;
    Workspace *ws = editor.workspace();
    QList<TimelineEvent> removed;
    for (Id id : ids) {
        auto e = ws->event(id);
        if (!e) {
            editor.report(e.error());
            return false;
        }
        removed.append(*e);
    }
    // Removing an event drops the evidence links that cite it; keep the citing why nodes so
    // undo can link them again.
    QList<WhyNode> citing;
    auto nodes = ws->whyNodes(removed.first().sessionId);
    if (!nodes) {
        editor.report(nodes.error());
        return false;
    }
    for (const WhyNode &n : std::as_const(*nodes)) {
        const bool cites = std::any_of(
            n.evidence.cbegin(), n.evidence.cend(), [&ids](Id ev) { return ids.contains(ev); });
        if (cites)
            citing.append(n);
    }

    auto apply = [ws, ids]() -> Status { return ws->removeEvents(ids); };
    auto revert = [ws, removed, citing]() -> Status {
        auto r = ws->addEvents(removed);
        if (!r)
            return r.error();
        for (const WhyNode &n : citing) {
            if (Status s = ws->updateWhyNode(n); !s)
                return s;
        }
        return ok();
    };
    return editor.perform(tr("Delete %n event(s)", int(removed.size())), apply, revert);
}

bool canMoveEvent(Editor &editor, Id id, int direction)
{
    Workspace *ws = editor.workspace();
    auto e = ws->event(id);
    if (!e || e->time.isKnown())
        return false;
    auto all = ws->events(e->sessionId);
    if (!all)
        return false;
    const auto at = std::find_if(
        all->cbegin(), all->cend(), [id](const TimelineEvent &x) { return x.id == id; });
    const qsizetype index = at - all->cbegin();
    const qsizetype target = index + (direction < 0 ? -1 : 1);
    return at != all->cend() && target >= 0 && target < all->size();
}

bool moveEvent(Editor &editor, Id id, int direction)
{
    if (!canMoveEvent(editor, id, direction))
        return false;
    Workspace *ws = editor.workspace();
    const int step = direction < 0 ? -1 : 1;
    // Moving back the other way swaps the same two neighbours again, restoring the order.
    auto apply = [ws, id, step]() -> Status {
        auto r = ws->moveEvent(id, step);
        return r ? ok() : Status(r.error());
    };
    auto revert = [ws, id, step]() -> Status {
        auto r = ws->moveEvent(id, -step);
        return r ? ok() : Status(r.error());
    };
    return editor.perform(step < 0 ? tr("Move event up") : tr("Move event down"), apply, revert);
}

bool toggleStar(Editor &editor, const QList<Id> &ids)
{
    if (ids.isEmpty())
        return true;
    Workspace *ws = editor.workspace();
    QList<Id> changed;
    bool allStarred = true;
    QList<TimelineEvent> current;
    for (Id id : ids) {
        auto e = ws->event(id);
        if (!e) {
            editor.report(e.error());
            return false;
        }
        allStarred = allStarred && e->starred;
        current.append(*e);
    }
    const bool star = !allStarred;
    for (const TimelineEvent &e : std::as_const(current)) {
        if (e.starred != star)
            changed.append(e.id);
    }
    // Each step re-reads the event, so only the star flips whatever else the event holds.
    auto setAll = [ws, changed](bool value) -> Status {
        for (Id id : changed) {
            auto e = ws->event(id);
            if (!e)
                return e.error().code == ErrorCode::NotFound ? Status(missing())
                                                             : Status(e.error());
            TimelineEvent updated = *e;
            updated.starred = value;
            if (auto r = ws->updateEvent(updated); !r)
                return r.error();
        }
        return ok();
    };
    const QString text = star ? tr("Star %n event(s)", int(changed.size()))
                              : tr("Unstar %n event(s)", int(changed.size()));
    return editor.perform(
        text, [setAll, star] { return setAll(star); }, [setAll, star] { return setAll(!star); });
}

} // namespace hindsight::edits
