#pragma once

#include <QStyledItemDelegate>

class QTextLayout;

namespace hindsight {

// Paints a row of the session list: its lines (title, then kind, status and date), each on one
// line and elided when too long. QStyledItemDelegate lays the text out to size the row, again
// to place it, and again for each elided line; for the first screen's two dozen rows of mixed
// scripts that was 27 M instructions of a cold start whose whole Qt floor is 51 M. Here each
// line is shaped once (twice when it must be elided), and the row's height comes from the font
// alone: every row has the same lines.
class SessionItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// How many characters of `layout`'s one line fit in `width` followed by an ellipsis
// `ellipsisWidth` wide: the whole text when it fits as it is. -1 when the line holds
// right-to-left text, whose kept part is not a prefix of the laid-out line.
int elidedLength(const QTextLayout &layout, qreal width, qreal ellipsisWidth);

} // namespace hindsight
