#pragma once

#include <QObject>

class QTableView;

namespace hindsight {

// The action tables (the Actions step and the dashboard) wrap long text over several lines,
// so each row is as tall as its text. QHeaderView::ResizeToContents would lay out the text of
// every row on each geometry change: with 1,000 actions that is seconds at start-up. Instead,
// rows get a default height and only the rows in view are fitted to their text, again after
// each scroll, resize or model change.
class WrappedTable : public QObject
{
    Q_OBJECT

public:
    // Sets the view up (whole-row selection, wrapped text, no row numbers) and keeps the rows
    // in view fitted. The object is a child of the view.
    static WrappedTable *install(QTableView *view);

    // The view's font changed: rows are at least `lines` text lines tall.
    void setMinimumLines(qreal lines);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WrappedTable(QTableView *view);
    void schedule();
    void fitVisibleRows();

    QTableView *m_view;
    bool m_scheduled = false;
};

} // namespace hindsight
