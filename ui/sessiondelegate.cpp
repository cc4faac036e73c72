#include "sessiondelegate.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QTextLayout>

namespace hindsight {

namespace {

const QString kEllipsis = QStringLiteral("\u2026");

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

// Room between the text and the row's edges, as Qt's own item views leave it.
int textMargin(const QStyleOptionViewItem &option)
{
    return styleOf(option)->pixelMetric(QStyle::PM_FocusFrameHMargin, &option, option.widget) + 1;
}

// Right-to-left text (Hebrew, Arabic) anywhere in a line: its visual order differs from its
// logical order, so where the line's start ends is not a position on the laid-out line.
bool hasRightToLeft(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            c = QChar::surrogateToUcs4(text[i], text[i + 1]), ++i;
        switch (QChar::direction(c)) {
        case QChar::DirR:
        case QChar::DirAL:
        case QChar::DirAN:
        case QChar::DirRLE:
        case QChar::DirRLO:
        case QChar::DirRLI: return true;
        default: break;
        }
    }
    return false;
}

// A ligature ("ffl" in "offline") is one glyph for several letters, and the cursor may stand
// between them. Cut there, the kept part would still draw the whole glyph, under the ellipsis:
// the text is cut before the glyph instead, as QFontMetrics::elidedText() cuts it.
bool startsInsideAGlyph(const QTextLayout &layout, int position)
{
    const QList<QGlyphRun> runs = layout.glyphRuns(position, 1);
    if (runs.isEmpty() || runs.constFirst().positions().isEmpty())
        return false;
    const qreal glyphStart = runs.constFirst().positions().constFirst().x();
    return glyphStart < layout.lineAt(0).cursorToX(position) - 0.01;
}

// The writing systems whose fonts could show a script's characters; none for the scripts every
// text font covers in part (Latin, symbols, emoji), where a fallback font may always help.
QList<QFontDatabase::WritingSystem> writingSystemsOf(QChar::Script script)
{
    using W = QFontDatabase;
    switch (script) {
    case QChar::Script_Greek: return {W::Greek};
    case QChar::Script_Cyrillic: return {W::Cyrillic};
    case QChar::Script_Armenian: return {W::Armenian};
    case QChar::Script_Hebrew: return {W::Hebrew};
    case QChar::Script_Arabic: return {W::Arabic};
    case QChar::Script_Syriac: return {W::Syriac};
    case QChar::Script_Thaana: return {W::Thaana};
    case QChar::Script_Devanagari: return {W::Devanagari};
    case QChar::Script_Bengali: return {W::Bengali};
    case QChar::Script_Gurmukhi: return {W::Gurmukhi};
    case QChar::Script_Gujarati: return {W::Gujarati};
    case QChar::Script_Oriya: return {W::Oriya};
    case QChar::Script_Tamil: return {W::Tamil};
    case QChar::Script_Telugu: return {W::Telugu};
    case QChar::Script_Kannada: return {W::Kannada};
    case QChar::Script_Malayalam: return {W::Malayalam};
    case QChar::Script_Sinhala: return {W::Sinhala};
    case QChar::Script_Thai: return {W::Thai};
    case QChar::Script_Lao: return {W::Lao};
    case QChar::Script_Tibetan: return {W::Tibetan};
    case QChar::Script_Myanmar: return {W::Myanmar};
    case QChar::Script_Georgian: return {W::Georgian};
    case QChar::Script_Khmer: return {W::Khmer};
    case QChar::Script_Han:
        return {W::SimplifiedChinese, W::TraditionalChinese, W::Japanese, W::Korean};
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana: return {W::Japanese};
    case QChar::Script_Hangul: return {W::Korean};
    case QChar::Script_Ogham: return {W::Ogham};
    case QChar::Script_Runic: return {W::Runic};
    case QChar::Script_Nko: return {W::Nko};
    default: return {};
    }
}

} // namespace

bool fallbackFontsCannotHelp(QStringView text, const std::function<bool(char32_t)> &inFont,
    const QList<QFontDatabase::WritingSystem> &installed)
{
    bool lacking = false;
    QChar::Script previous = QChar::Script_Common;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            c = QChar::surrogateToUcs4(text[i], text[i + 1]), ++i;
        QChar::Script script = QChar::script(c);
        if (script <= QChar::Script_Common) // Common and Inherited (marks): the text's script
            script = previous;
        previous = script;
        if (inFont(c))
            continue;
        const QList<QFontDatabase::WritingSystem> systems = writingSystemsOf(script);
        if (systems.isEmpty())
            return false;
        for (QFontDatabase::WritingSystem system : systems) {
            if (installed.contains(system))
                return false;
        }
        lacking = true;
    }
    return lacking;
}

SessionItemDelegate::SessionItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
    connect(qGuiApp, &QGuiApplication::fontDatabaseChanged, this,
        [this] { m_installedWritingSystems.reset(); });
}

int elidedLength(const QTextLayout &layout, qreal width, qreal ellipsisWidth)
{
    if (layout.lineCount() != 1 || layout.textOption().textDirection() == Qt::RightToLeft
        || hasRightToLeft(layout.text()))
        return -1;
    const QTextLine line = layout.lineAt(0);
    if (line.naturalTextWidth() <= width)
        return int(layout.text().size());
    const qreal room = width - ellipsisWidth;
    if (room <= 0)
        return 0;
    // The nearest boundary to the room's end may lie past it: step back to one before it.
    int cut = line.xToCursor(room, QTextLine::CursorBetweenCharacters);
    while (cut > 0 && (line.cursorToX(cut) >= room || startsInsideAGlyph(layout, cut)))
        cut = layout.previousCursorPosition(cut);
    return cut;
}

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
    const qreal ellipsisWidth = QFontMetricsF(opt.font).horizontalAdvance(kEllipsis);
    QFont unmerged = opt.font;
    unmerged.setStyleStrategy(
        QFont::StyleStrategy(unmerged.styleStrategy() | QFont::NoFontMerging));
    const QFontMetrics unmergedMetrics(unmerged);
    if (!m_installedWritingSystems)
        m_installedWritingSystems = QFontDatabase::writingSystems();
    for (QStringView line : lines) {
        const bool unmerge = fallbackFontsCannotHelp(
            line, [&](char32_t c) { return unmergedMetrics.inFontUcs4(c); },
            *m_installedWritingSystems);
        const QFont &font = unmerge ? unmerged : opt.font;
        QTextLayout layout(line.toString(), font, painter->device());
        layout.setTextOption(textOption);
        layout.beginLayout();
        QTextLine textLine = layout.createLine();
        textLine.setLineWidth(area.width());
        layout.endLayout();
        const QRect lineRect(area.left(), y, area.width(), metrics.lineSpacing());
        const int kept = elidedLength(layout, area.width(), ellipsisWidth);
        if (kept == line.size()) {
            layout.draw(painter, lineRect.topLeft());
        } else if (kept >= 0) {
            // The kept part is drawn from the layout already shaped, where drawText() of
            // QFontMetrics::elidedText()'s result shaped it once more: 0.75 M of the 16.2 M
            // instructions the first screen's 14 rows cost (most titles are cut).
            for (const QGlyphRun &run : layout.glyphRuns(0, kept))
                painter->drawGlyphRun(lineRect.topLeft(), run);
            painter->drawText(QPointF(lineRect.left() + textLine.cursorToX(kept),
                                  lineRect.top() + textLine.ascent()),
                kEllipsis);
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
