#pragma once

#include "domain.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace hindsight {

class DashboardModel;
class Editor;
class WrappedTable;

// Across sessions: every open action of the workspace, overdue first, each leading back to
// its session; exported as CSV for Jira or GitHub.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(Editor *editor, QWidget *parent = nullptr);

    // The dashboard shows every session; the current one is only remembered so its rows can
    // be told apart (bold session column).
    void setSession(Id sessionId);
    DashboardModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Writes the open actions, in the order shown, to `path` atomically (QSaveFile).
    // Errors go to Editor::report and make it return false.
    bool exportCsv(const QString &path);
    // Asks for a file name and exports.
    void exportCsvInteractive();

Q_SIGNALS:
    // Double-click on an action: show its session (and the action there).
    void sessionRequested(hindsight::Id sessionId, hindsight::Id actionId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFonts();
    void refreshSummary();

    Editor *m_editor;
    DashboardModel *m_model;
    QSortFilterProxyModel *m_proxy;
    Id m_sessionId = 0;
    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_view = nullptr;
    WrappedTable *m_rows = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_order = nullptr;
};

} // namespace hindsight
