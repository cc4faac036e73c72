#pragma once

#include "domain.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace hindsight {

class ActionModel;
class Editor;
class WrappedTable;

// Step 4 of a post-mortem: the action items, edited in place. Who does it and by when is what
// makes an action real, so rows without an owner or a date stand out, as do overdue ones.
class ActionsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ActionsPage(Editor *editor, QWidget *parent = nullptr);

    void setSession(Id sessionId);
    Id sessionId() const { return m_sessionId; }
    ActionModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Selects the action and opens the first thing it lacks for editing (its owner, its due
    // date, else its text). Used after "Create action from this why".
    void showAction(Id actionId);
    // Adds "New action" and starts editing its text.
    void addAction();
    void removeSelected();
    void setIncompleteOnly(bool on);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyFonts();
    void refreshSummary();
    Id currentActionId() const;

    Editor *m_editor;
    ActionModel *m_model;
    QSortFilterProxyModel *m_proxy;
    Id m_sessionId = 0;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_view = nullptr;
    WrappedTable *m_rows = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QCheckBox *m_incompleteOnly = nullptr;
};

} // namespace hindsight
