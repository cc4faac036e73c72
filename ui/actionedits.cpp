#include "actionedits.h"

#include "editor.h"

#include <QCoreApplication>

#include <memory>

namespace hindsight::actionedits {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("hindsight::ActionEdits", text);
}

Id add(Editor &editor, const QString &text, ActionItem item)
{
    Workspace *ws = editor.workspace();
    // Redo after undo restores the same id and position, so later steps still find it.
    auto state = std::make_shared<ActionItem>(std::move(item));
    const bool done = editor.perform(
        text,
        [ws, state]() -> Status {
            auto r = ws->addAction(*state);
            if (!r)
                return r.error();
            *state = *r;
            return ok();
        },
        [ws, state]() { return ws->removeAction(state->id); });
    return done ? state->id : 0;
}

} // namespace

Id addAction(Editor &editor, ActionItem item)
{
    item.id = 0;
    return add(editor, tr("Add action"), std::move(item));
}

bool updateAction(Editor &editor, const ActionItem &item)
{
    Workspace *ws = editor.workspace();
    auto before = ws->action(item.id);
    if (!before) {
        editor.report(before.error());
        return false;
    }
    if (*before == item)
        return false;
    const ActionItem old = *before;
    return editor.perform(
        tr("Edit action"), [ws, item]() { return ws->updateAction(item); },
        [ws, old]() { return ws->updateAction(old); });
}

bool removeAction(Editor &editor, Id actionId)
{
    Workspace *ws = editor.workspace();
    auto before = ws->action(actionId);
    if (!before) {
        editor.report(before.error());
        return false;
    }
    const ActionItem old = *before;
    return editor.perform(
        tr("Delete action"), [ws, actionId]() { return ws->removeAction(actionId); },
        [ws, old]() -> Status {
            auto r = ws->addAction(old);
            if (!r)
                return r.error();
            return ok();
        });
}

Id createActionFromWhy(Editor &editor, Id whyNodeId)
{
    auto node = editor.workspace()->whyNode(whyNodeId);
    if (!node) {
        editor.report(node.error());
        return 0;
    }
    ActionItem item;
    item.sessionId = node->sessionId;
    const QString text = node->text.simplified();
    item.what = text.isEmpty()
        ? tr("Address this cause")
        : QCoreApplication::translate("hindsight::ActionEdits", "Address: %1").arg(text);
    item.whyNodes = {whyNodeId};
    return add(editor, tr("Create action from why"), std::move(item));
}

} // namespace hindsight::actionedits
