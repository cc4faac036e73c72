#include "wrappedtable.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

namespace hindsight {

WrappedTable *WrappedTable::install(QTableView *view)
{
    return new WrappedTable(view);
}

WrappedTable::WrappedTable(QTableView *view)
    : QObject(view)
    , m_view(view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setWordWrap(true);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    QHeaderView *h = view->horizontalHeader();
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    h->setSectionResizeMode(QHeaderView::Interactive);
    setMinimumLines(1.9);

    // Everything that can change which rows are in view, or how tall their text is.
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, &WrappedTable::schedule);
    connect(view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &WrappedTable::schedule);
    connect(h, &QHeaderView::sectionResized, this, &WrappedTable::schedule);
    view->viewport()->installEventFilter(this);
    if (QAbstractItemModel *model = view->model()) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &WrappedTable::schedule);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &WrappedTable::schedule);
        connect(model, &QAbstractItemModel::modelReset, this, &WrappedTable::schedule);
        connect(model, &QAbstractItemModel::layoutChanged, this, &WrappedTable::schedule);
        connect(model, &QAbstractItemModel::dataChanged, this, &WrappedTable::schedule);
    }
}

void WrappedTable::setMinimumLines(qreal lines)
{
    const int height = int(QFontMetrics(m_view->font()).height() * lines);
    QHeaderView *v = m_view->verticalHeader();
    v->setMinimumSectionSize(height);
    v->setDefaultSectionSize(height);
    schedule();
}

void WrappedTable::setTextColumns(const QList<int> &columns, int minimumChars)
{
    m_textColumns = columns;
    m_minimumChars = minimumChars;
    fitTextColumns();
    schedule();
}

void WrappedTable::fitTextColumns()
{
    if (m_textColumns.isEmpty())
        return;
    QHeaderView *h = m_view->horizontalHeader();
    const int minimum = QFontMetrics(m_view->font()).averageCharWidth() * m_minimumChars;
    int others = 0;
    for (int c = 0; c < h->count(); ++c) {
        if (!m_textColumns.contains(c) && !h->isSectionHidden(c))
            others += h->sectionSize(c);
    }
    const bool roomy = m_view->viewport()->width() - others >= minimum * m_textColumns.size();
    for (int c : std::as_const(m_textColumns)) {
        if (roomy) {
            h->setSectionResizeMode(c, QHeaderView::Stretch);
        } else if (h->sectionResizeMode(c) == QHeaderView::Stretch || h->sectionSize(c) < minimum) {
            // Interactive from here: the user may widen it, and the table scrolls sideways.
            h->setSectionResizeMode(c, QHeaderView::Interactive);
            h->resizeSection(c, minimum);
        }
    }
}

bool WrappedTable::eventFilter(QObject *watched, QEvent *event)
{
    // Installed on the viewport only. Never ask m_view which widget that is: the viewport is
    // destroyed (and sends events) after the view itself, in ~QWidget.
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        schedule();
    return QObject::eventFilter(watched, event);
}

void WrappedTable::schedule()
{
    // Many changes arrive together (a model reset, then a resize): fit once after them.
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &WrappedTable::fitVisibleRows);
}

void WrappedTable::fitVisibleRows()
{
    m_scheduled = false;
    fitTextColumns(); // first: the rows' heights depend on the columns' widths
    if (!m_view->isVisible() || !m_view->model())
        return;
    const int first = m_view->rowAt(0);
    if (first < 0)
        return;
    const int rows = m_view->model()->rowCount();
    const int bottom = m_view->viewport()->height();
    // Rows that shrink bring more rows into view: those are fitted in the same pass.
    for (int row = first; row < rows && m_view->rowViewportPosition(row) < bottom; ++row) {
        if (!m_view->isRowHidden(row))
            m_view->resizeRowToContents(row);
    }
}

} // namespace hindsight
