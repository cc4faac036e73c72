#pragma once

#include "result.h"
#include "workspace.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QUndoStack;

namespace hindsight {

// The one way the UI changes a workspace: every user edit goes through perform(), which
// writes it (committed) and, only if that worked, puts it on the undo stack. Pages never
// touch the stack or new a QUndoCommand themselves (Subsurface's undo facade, in small).
class Editor : public QObject
{
    Q_OBJECT

public:
    explicit Editor(Workspace *workspace, QObject *parent = nullptr);
    ~Editor() override;

    Workspace *workspace() const { return m_workspace; }
    QUndoStack *undoStack() const { return m_stack; }

    // Runs `apply` now. On success pushes a command whose undo runs `revert` and whose redo
    // runs `apply` again; on failure emits failed() and pushes nothing, so the UI never shows
    // an edit as done that is not on disk. A non-negative mergeId lets consecutive edits of
    // the same field (typing bursts) collapse into one undo step: `mergeKey` must then name
    // the object being edited, and the merged command keeps the first revert and last apply.
    bool perform(const QString &text, std::function<Status()> apply, std::function<Status()> revert,
        int mergeId = -1, qint64 mergeKey = 0);

    // Reports an error that did not come through perform() (an import, an export).
    void report(const Error &error);

Q_SIGNALS:
    void failed(const hindsight::Error &error);

private:
    friend class EditorCommand;
    Workspace *m_workspace;
    QUndoStack *m_stack;
};

} // namespace hindsight
