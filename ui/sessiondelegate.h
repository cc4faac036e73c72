#pragma once

#include <QFontDatabase>
#include <QStyledItemDelegate>

#include <functional>
#include <optional>

class QTextLayout;

namespace hindsight {

// Paints a row of the session list: its lines (title, then kind, status and date), each on one
// line and elided when too long. QStyledItemDelegate lays the text out to size the row, again
// to place it, and again for each elided line; for the first screen's two dozen rows of mixed
// scripts that was 27 M instructions of a cold start whose whole Qt floor is 51 M. Here each
// line is shaped once (twice when it must be elided), and the row's height comes from the font
// alone: every row has the same lines.
//
// A line in a script that no installed font supports (Japanese titles on a machine without a
// CJK font) is laid out without Qt's font merging: see fallbackFontsCannotHelp().
class SessionItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit SessionItemDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    // QFontDatabase::writingSystems(): read at the first paint, again when fonts are installed.
    mutable std::optional<QList<QFontDatabase::WritingSystem>> m_installedWritingSystems;
};

// True when `text` has characters that the font lacks (`inFont` false) and no installed font
// supports the writing system of any of them (`installed`: QFontDatabase::writingSystems()).
// Qt then still searches for a fallback font for each such script, with several fontconfig
// queries per font family and script (about 0.25 ms each, 1.5 ms of the first frame for the
// list's Japanese titles here), and draws the font's own boxes in the end: laid out without
// font merging, the line shows the same boxes without the search. Characters common to several
// scripts (punctuation, U+30FC the long vowel mark) count as the script of the text before them,
// as Qt's own itemization does.
bool fallbackFontsCannotHelp(QStringView text, const std::function<bool(char32_t)> &inFont,
    const QList<QFontDatabase::WritingSystem> &installed);

// How many characters of `layout`'s one line fit in `width` followed by an ellipsis
// `ellipsisWidth` wide: the whole text when it fits as it is. -1 when the line holds
// right-to-left text, whose kept part is not a prefix of the laid-out line.
int elidedLength(const QTextLayout &layout, qreal width, qreal ellipsisWidth);

} // namespace hindsight
