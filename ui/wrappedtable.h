#pragma once

#include <QList>
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

    // The columns holding running text share the width the other columns leave, but each keeps
    // room for about `minimumChars` characters: in a narrower view they stop stretching and the
    // table scrolls sideways. In a 1400-px window the Actions step's fixed columns left "What"
    // 80 px, a dozen lines a row with words cut off.
    void setTextColumns(const QList<int> &columns, int minimumChars);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WrappedTable(QTableView *view);
    void schedule();
    void fitVisibleRows();
    void fitTextColumns();

    QTableView *m_view;
    bool m_scheduled = false;
    QList<int> m_textColumns;
    int m_minimumChars = 0;
};

} // namespace hindsight
