#include "sessiondelegate.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>

namespace hindsight {

namespace {

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

// Room between the text and the row's edges, as Qt's own item views leave it.
int textMargin(const QStyleOptionViewItem &option)
{
    return styleOf(option)->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, option.widget) + 1;
}

} // namespace

void SessionItemDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // initStyleOption() turned the model's line breaks into U+2028 line separators.
    const QString text = opt.text;
    opt.text.clear();
    // The style draws the row (alternating colour, selection, focus), the text is ours.
    QStyle *style = styleOf(opt);
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const int margin = textMargin(opt);
    const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, opt.widget)
                           .adjusted(margin, 0, -margin, 0);
    if (area.width() <= 0)
        return;
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (opt.state & QStyle::State_Active)                                ? QPalette::Active
                                                                            : QPalette::Inactive;
    painter->save();
    painter->setPen(opt.palette.color(
        group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    const QFontMetrics metrics(opt.font);
    const QList<QStringView> lines = QStringView(text).split(QChar::LineSeparator);
    int y = area.top() + (area.height() - int(lines.size()) * metrics.lineSpacing()) / 2;
    QTextOption textOption(QStyle::visualAlignment(opt.direction, Qt::AlignLeft));
    textOption.setWrapMode(QTextOption::NoWrap);
    textOption.setTextDirection(opt.direction);
    for (QStringView line : lines) {
        QTextLayout layout(line.toString(), opt.font, painter->device());
        layout.setTextOption(textOption);
        layout.beginLayout();
        QTextLine textLine = layout.createLine();
        textLine.setLineWidth(area.width());
        layout.endLayout();
        const QRect lineRect(area.left(), y, area.width(), metrics.lineSpacing());
        if (textLine.naturalTextWidth() <= area.width()) {
            layout.draw(painter, lineRect.topLeft());
        } else {
            painter->drawText(lineRect, int(textOption.alignment()) | Qt::AlignVCenter,
                metrics.elidedText(line.toString(), Qt::ElideRight, area.width()));
        }
        y += metrics.lineSpacing();
    }
    painter->restore();
}

QSize SessionItemDelegate::sizeHint(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int lines = int(opt.text.count(QChar::LineSeparator)) + 1;
    const QFontMetrics metrics(opt.font);
    // As wide as the list (the text is elided to it), as high as the lines and the margins.
    return {4 * textMargin(opt), lines * metrics.lineSpacing() + 2 * textMargin(opt)};
}

} // namespace hindsight
