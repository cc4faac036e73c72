#include "whyedits.h"

#include "editor.h"

#include <QCoreApplication>
#include <QSet>

#include <memory>
#include <optional>

namespace hindsight::whyedits {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("hindsight::WhyEdits", text);
}

// Reads a node for an edit; reports through the editor when it is gone.
std::optional<WhyNode> current(Editor &editor, Id nodeId)
{
    auto r = editor.workspace()->whyNode(nodeId);
    if (!r) {
        editor.report(r.error());
        return std::nullopt;
    }
    return *r;
}

bool replaceNode(Editor &editor, const QString &text, const WhyNode &before, const WhyNode &after,
    int mergeId = -1)
{
    if (before == after)
        return false; // a no-op pushes nothing
    Workspace *ws = editor.workspace();
    return editor.perform(
        text, [ws, after]() { return ws->updateWhyNode(after); },
        [ws, before]() { return ws->updateWhyNode(before); }, mergeId, after.id);
}

} // namespace

Id addWhy(Editor &editor, Id sessionId, Id parentId, const QString &text)
{
    Workspace *ws = editor.workspace();
    // The first apply stores the node and remembers it whole; redo after undo restores the
    // same id and position, so later steps on the stack still find it.
    auto state = std::make_shared<WhyNode>();
    state->sessionId = sessionId;
    state->parentId = parentId;
    state->text = text.isNull() ? QStringLiteral("") : text;
    const bool done = editor.perform(
        parentId == 0 ? tr("New problem statement") : tr("Ask why"),
        [ws, state]() -> Status {
            auto r = ws->addWhyNode(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeWhyNode(state->id); });
    return done ? state->id : 0;
}

bool setWhyText(Editor &editor, Id nodeId, const QString &text, bool merge)
{
    const auto before = current(editor, nodeId);
    if (!before)
        return false;
    WhyNode after = *before;
    after.text = text.isNull() ? QStringLiteral("") : text;
    return replaceNode(editor, tr("Edit why"), *before, after, merge ? kMergeWhyText : -1);
}

bool setRootCause(Editor &editor, Id nodeId, bool rootCause)
{
    const auto before = current(editor, nodeId);
    if (!before)
        return false;
    WhyNode after = *before;
    after.rootCause = rootCause;
    return replaceNode(
        editor, rootCause ? tr("Mark root cause") : tr("Unmark root cause"), *before, after);
}

bool setEvidence(Editor &editor, Id nodeId, const QList<Id> &eventIds)
{
    const auto before = current(editor, nodeId);
    if (!before)
        return false;
    WhyNode after = *before;
    after.evidence = eventIds;
    return replaceNode(editor, tr("Change evidence"), *before, after);
}

bool citeEvents(Editor &editor, Id nodeId, const QList<Id> &eventIds)
{
    const auto before = current(editor, nodeId);
    if (!before)
        return false;
    WhyNode after = *before;
    for (Id e : eventIds)
        if (e != 0 && !after.evidence.contains(e))
            after.evidence.append(e);
    return replaceNode(editor, tr("Cite evidence"), *before, after);
}

bool removeWhy(Editor &editor, Id nodeId)
{
    Workspace *ws = editor.workspace();
    const auto node = current(editor, nodeId);
    if (!node)
        return false;
    auto all = ws->whyNodes(node->sessionId);
    if (!all) {
        editor.report(all.error());
        return false;
    }
    // The subtree, parents first (whyNodes() is parent-first), so revert can re-add in order.
    QList<WhyNode> subtree;
    QSet<Id> ids {nodeId};
    for (const WhyNode &n : std::as_const(*all)) {
        if (n.id == nodeId || ids.contains(n.parentId)) {
            ids.insert(n.id);
            subtree.append(n);
        }
    }
    // Actions keep their rows when a why goes, but lose the link (cascade): remember them.
    auto actions = ws->actions(node->sessionId);
    if (!actions) {
        editor.report(actions.error());
        return false;
    }
    QList<ActionItem> linked;
    for (const ActionItem &a : std::as_const(*actions)) {
        for (Id w : a.whyNodes) {
            if (ids.contains(w)) {
                linked.append(a);
                break;
            }
        }
    }
    return editor.perform(
        subtree.size() > 1 ? tr("Delete why chain") : tr("Delete why"),
        [ws, nodeId]() { return ws->removeWhyNode(nodeId); },
        [ws, subtree, linked]() -> Status {
            for (const WhyNode &n : subtree) {
                auto r = ws->addWhyNode(n);
                if (!r)
                    return r.error();
            }
            for (const ActionItem &a : linked) {
                // The action itself may have been edited since; only its links come back.
                auto now = ws->action(a.id);
                if (!now)
                    continue; // deleted meanwhile: nothing to relink
                ActionItem relinked = *now;
                for (Id w : a.whyNodes)
                    if (!relinked.whyNodes.contains(w))
                        relinked.whyNodes.append(w);
                if (Status s = ws->updateAction(relinked); !s)
                    return s;
            }
            return ok();
        });
}

} // namespace hindsight::whyedits
