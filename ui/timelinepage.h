#pragma once

#include "domain.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace hindsight {

class Editor;
class PasteTimelineDialog;
class TimeAxisWidget;
class TimelineFilterModel;
class TimelineMetricsPanel;
class TimelineModel;

// Step 2 of a post-mortem: collect the timeline. A quick-entry line on top (typed times,
// Enter adds), the time axis with the live metrics, and the table of events in time order,
// editable in place. Every change goes through the Editor, so it can be undone.
class TimelinePage : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePage(Editor *editor, QWidget *parent = nullptr);
    ~TimelinePage() override;

    void setSession(Id sessionId);
    Id sessionId() const;

    TimelineModel *model() const { return m_model; }
    TimelineFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    TimeAxisWidget *axis() const { return m_axis; }

    // The events selected in the table, in timeline order.
    QList<Id> selectedEventIds() const;
    // Selects the event's row and scrolls to it (clearing filters that hide it).
    void selectEvent(Id eventId);

    // Adds the quick-entry line as an event (what Enter does). False when nothing was added;
    // a time that cannot be read shows an inline error and keeps the typed text.
    bool addFromQuickEntry();
    void focusQuickEntry();
    // Opens the paste preview (window-modal, returns at once); `text` pre-fills it, else the
    // clipboard's text. The dialog's accept imports its events as one undo step.
    PasteTimelineDialog *openPasteDialog(const QString &text = {});
    // Adds events as one undo step and selects them; returns their ids.
    QList<Id> importEvents(const QList<TimelineEvent> &events);

    void deleteSelected();
    void toggleStarSelected();
    void moveSelected(int direction);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void applyFonts();
    void fitSideColumns();
    void showMessage(const QString &message);
    void clearMessage();
    void refreshSessionChoices();
    void updateActions();
    void guessQuickKind();

    Editor *m_editor;
    TimelineModel *m_model;
    TimelineFilterModel *m_filter;

    QLabel *m_title = nullptr;
    QLabel *m_hint = nullptr;
    TimeAxisWidget *m_axis = nullptr;
    TimelineMetricsPanel *m_metrics = nullptr;
    QLineEdit *m_quickTime = nullptr;
    QLineEdit *m_quickText = nullptr;
    QComboBox *m_quickKind = nullptr;
    QComboBox *m_quickReporter = nullptr;
    QLineEdit *m_quickSource = nullptr;
    QPushButton *m_quickAdd = nullptr;
    QLabel *m_message = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_departmentFilter = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    QWidget *m_tableViewport = nullptr;
    QPushButton *m_pasteButton = nullptr;
    QToolButton *m_upButton = nullptr;
    QToolButton *m_downButton = nullptr;
    QToolButton *m_starButton = nullptr;
    QToolButton *m_deleteButton = nullptr;
    QAction *m_upAction = nullptr;
    QAction *m_downAction = nullptr;
    QAction *m_starAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_pasteAction = nullptr;

    bool m_kindChosen = false; // the user picked a kind; stop guessing it from the text
    int m_fittedWidths[2] = {-1, -1}; // the reporter's and the source's, as last fitted
    bool m_sideColumnsSizedByUser = false; // then they keep the widths the user gave them
    Id m_lastAdded = 0; // "+5m" counts from the event added last, when it has a time
};

} // namespace hindsight
