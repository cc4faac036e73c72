#pragma once

// Plain fields (a title, a summary) and another process's changes: a reload updates every
// field except the one the user is typing in, which keeps its text until they leave it. Their
// next keystroke saves what they see, so the last one to type wins, as in one window.

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>

namespace hindsight {

// True when a reload must leave the field alone: it has focus and the user typed in it since
// it was last loaded. Qt keeps the flags for us: typing sets them, setText() and
// setPlainText() clear them.
inline bool isBeingEdited(const QLineEdit *edit)
{
    return edit && edit->hasFocus() && edit->isModified();
}

inline bool isBeingEdited(const QPlainTextEdit *edit)
{
    return edit && edit->hasFocus() && edit->document()->isModified();
}

} // namespace hindsight
