#pragma once

#include "domain.h"

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSplitter;
class QTimer;
class QTreeView;
class QVBoxLayout;

namespace hindsight {

class CoachHighlighter;
class Editor;
class WhyDelegate;
class WhyTreeModel;
struct Change;

// Step 3 of a post-mortem: the why chains. Left the tree of problem statements and their
// whys; right the current why with the blameless coach, the evidence it cites and the actions
// that address it. Keyboard-first: Enter or Tab asks the next why, Ctrl+R marks a root cause,
// Delete removes a why with everything under it (undoable).
class WhyPage : public QWidget
{
    Q_OBJECT

public:
    // The mime type a timeline view puts on a drag of events: their ids as text, separated by
    // white space or commas.
    static QString eventIdsMimeType();

    explicit WhyPage(Editor *editor, QWidget *parent = nullptr);
    ~WhyPage() override;

    void setSession(Id sessionId);
    Id sessionId() const { return m_sessionId; }
    WhyTreeModel *model() const { return m_model; }

    Id currentNodeId() const;
    void setCurrentNode(Id nodeId);

    // The page's commands, also reachable by buttons and keys.
    void newProblemStatement();
    // Adds a why under the current node and starts editing it in the tree.
    void askWhy();
    // Adds a why with the given text under the current node (the coach's question).
    void askWhyWith(const QString &text);
    void toggleRootCause();
    void deleteCurrent();
    // Opens the list of the session's events to pick evidence from.
    void citeEvents();
    void createActionFromCurrent();

Q_SIGNALS:
    // An action was created from a why or picked from the linked list: the main window shows
    // it on the Actions step.
    void actionRequested(hindsight::Id actionId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildUi();
    void applyFonts();
    // One row of commands over the tree where the page has room for it and the detail beside;
    // two rows otherwise, so the detail is not cut off at its right edge.
    void placeCommands();
    void onChanged(const Change &change);
    void onCurrentChanged();
    void refreshDetail();
    void refreshCoach();
    void refreshEvidence();
    void refreshActions();
    void refreshButtons();
    void reloadParticipants();
    // Reads the session's events if they are stale and the page is visible.
    void ensureEvents() const;
    // One event changed: update it in place (no re-read of the session).
    void updateEvent(const hindsight::Change &change);
    void flushText();
    void removeSelectedEvidence();
    void startEditing(Id nodeId);
    QList<Id> parseEventIds(const QByteArray &bytes) const;
    QString eventLine(const TimelineEvent &event) const;

    Editor *m_editor;
    QHBoxLayout *m_commandRows[2] = {};
    bool m_commandsInTwoRows = false;
    WhyTreeModel *m_model;
    WhyDelegate *m_delegate;
    Id m_sessionId = 0;
    QString m_timeZone;
    QStringList m_participants;
    // Evidence lookups, in timeline order; filled lazily (see ensureEvents).
    mutable QHash<Id, TimelineEvent> m_events;
    mutable QList<Id> m_eventOrder;
    mutable bool m_eventsStale = false;

    QSplitter *m_splitter = nullptr;
    QTreeView *m_tree = nullptr;
    QPushButton *m_newProblem = nullptr;
    QPushButton *m_askWhy = nullptr;
    QPushButton *m_rootCause = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_emptyHint = nullptr;

    QWidget *m_detail = nullptr;
    QLabel *m_detailTitle = nullptr;
    QLabel *m_chainPath = nullptr;
    QPlainTextEdit *m_text = nullptr;
    CoachHighlighter *m_highlighter = nullptr;
    QLabel *m_chainHint = nullptr;
    QWidget *m_coachPanel = nullptr;
    QVBoxLayout *m_coachRows = nullptr;
    QListWidget *m_evidence = nullptr;
    QPushButton *m_cite = nullptr;
    QPushButton *m_uncite = nullptr;
    QListWidget *m_actions = nullptr;
    QPushButton *m_createAction = nullptr;
    QTimer *m_textTimer = nullptr;
    bool m_textDirty = false;
    bool m_settingText = false;
    Id m_shownNode = 0;
};

} // namespace hindsight
