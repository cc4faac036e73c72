#include "editor.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace hindsight {

class EditorCommand : public QUndoCommand
{
public:
    EditorCommand(Editor *editor, const QString &text, std::function<Status()> apply,
        std::function<Status()> revert, int mergeId, qint64 mergeKey)
        : QUndoCommand(text)
        , m_editor(editor)
        , m_apply(std::move(apply))
        , m_revert(std::move(revert))
        , m_mergeId(mergeId)
        , m_mergeKey(mergeKey)
    { }

    // The first redo() happens in Editor::perform before the push, so the stack's own first
    // call must not apply the edit a second time.
    void redo() override
    {
        if (m_firstRedo) {
            m_firstRedo = false;
            return;
        }
        run(m_apply);
    }
    void undo() override { run(m_revert); }
    int id() const override { return m_mergeId; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = static_cast<const EditorCommand *>(other);
        if (o->m_mergeKey != m_mergeKey)
            return false;
        m_apply = o->m_apply;
        return true;
    }

private:
    void run(const std::function<Status()> &step)
    {
        const Status s = step();
        if (!s) {
            // The file did not change; the stack's idea of it now disagrees with the file, so
            // this step cannot be trusted for undo or redo any more.
            setObsolete(true);
            Q_EMIT m_editor->failed(s.error());
        }
    }

    Editor *m_editor;
    std::function<Status()> m_apply;
    std::function<Status()> m_revert;
    int m_mergeId;
    qint64 m_mergeKey;
    bool m_firstRedo = true;
};

Editor::Editor(Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_stack(new QUndoStack(this))
{ }

Editor::~Editor() = default;

bool Editor::perform(const QString &text, std::function<Status()> apply,
    std::function<Status()> revert, int mergeId, qint64 mergeKey)
{
    const Status s = apply();
    if (!s) {
        Q_EMIT failed(s.error());
        return false;
    }
    m_stack->push(
        new EditorCommand(this, text, std::move(apply), std::move(revert), mergeId, mergeKey));
    return true;
}

void Editor::report(const Error &error)
{
    Q_EMIT failed(error);
}

} // namespace hindsight
