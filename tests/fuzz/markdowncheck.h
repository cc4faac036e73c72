#pragma once

// An independent reader for what MarkdownWriter promises (core/markdownwriter.h): it cuts the
// output into the blocks the writer can produce and aborts, through FUZZ_CHECK, on anything
// user text could have turned into structure. It knows the writer's grammar, not its code:
//  * blocks are separated by exactly one blank line; list items of one list are not;
//  * a block is a heading ("#".."######" then a space), a table (every line "| ... |" with
//    the header's number of separators and a delimiter row second), a quote ("> " lines), a
//    rule ("---"), a list (items "- "/"* " indented two spaces per level, optional task box,
//    continuation lines indented to the item's content) or else a paragraph;
//  * a line continues only after a hard break (an odd run of trailing backslashes);
//  * inside text, the only unescaped Markdown punctuation is the writer's own markup: '*'
//    for strong/emphasis (balanced), "[label](<url>)" links, "<br>" in table cells, '|' as
//    cell separators, and the entities "&lt;", "&amp;", "&#126;". A '-' or '.' stays bare
//    only between two letters or digits, a ':' never before "//", a '.' never after "www".
// Checking with cmark-gfm itself is the unit tests' job (tst_markdownwriter); this runs in
// process at fuzzing speed.

#include "fuzzcheck.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace markdowncheck {

struct Block {
    enum class Kind { Heading, Paragraph, Quote, Rule, Table, List };
    Kind kind = Kind::Paragraph;
    QStringList lines;
    int level = 0; // heading
    QString body; // heading text as written (escaped)
    int columns = 0; // table
    int rows = 0; // table body rows
    QStringList alignments; // table delimiter cells: "---", ":--", ":-:", "--:"
    QChar bullet; // list
    QList<int> depths; // list: one per item
    QList<int> tasks; // list: -1 plain item, 0 open task, 1 checked task
    int links = 0; // "[label](<url>)" links in the block
};

inline QString show(const QStringList &lines, qsizetype at)
{
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i)
        out += (i == at ? QStringLiteral(">>") : QStringLiteral("  ")) + lines.at(i)
            + QLatin1Char('\n');
    return out;
}

inline bool isWord(QStringView s, qsizetype i)
{
    return i >= 0 && i < s.size() && s.at(i).isLetterOrNumber();
}

inline bool endsWithHardBreak(QStringView line)
{
    qsizetype n = 0;
    while (n < line.size() && line.at(line.size() - 1 - n) == QLatin1Char('\\'))
        ++n;
    return n % 2 == 1;
}

// A line that would open a block of its own (or a thematic break) when it starts a line of
// text: what escaping exists to prevent.
inline bool opensBlock(QStringView s)
{
    static const QRegularExpression ordered(QStringLiteral("^[0-9]{1,9}[.)]([ \\t]|$)"));
    static const QRegularExpression rule(QStringLiteral("^(?:(?:\\*[ \\t]*){3,}|(?:_[ \\t]*){3,}"
                                                        "|(?:-[ \\t]*){3,})$"));
    if (s.isEmpty())
        return false;
    const QChar c = s.at(0);
    if (c == QLatin1Char(' ') || c == QLatin1Char('\t'))
        return true; // indented code, or a hidden list marker
    if (QStringLiteral("#>|=`~<+-_").contains(c))
        return true;
    if (c == QLatin1Char('*') && (s.size() == 1 || s.at(1) == QLatin1Char(' ')))
        return true;
    return ordered.match(s).hasMatch() || rule.match(s).hasMatch();
}

struct Inline {
    int stars = 0;
    int links = 0;
    bool hardBreak = false;
};

// Checks one run of inline Markdown (a line, or one table cell) against the escaping rules.
inline Inline scanInline(QStringView s, bool inTable, const QString &context)
{
    Inline r;
    const auto bad = [&](const char *what, qsizetype at) {
        fuzzcheck::fail(
            what, QStringLiteral("at column %1 of: %2\n%3").arg(at).arg(s.toString(), context));
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        switch (c.unicode()) {
        case u'\\':
            if (i + 1 == s.size())
                r.hardBreak = true;
            else
                ++i; // the escaped character, or the newline of a hard break
            break;
        case u'*': ++r.stars; break;
        case u'&': {
            const QStringView rest = s.mid(i);
            qsizetype length = 0;
            for (const QStringView entity : {u"&lt;", u"&amp;", u"&#126;"})
                if (rest.startsWith(entity))
                    length = entity.size();
            if (length == 0)
                bad("a bare '&' (a user-typed entity would be decoded)", i);
            i += length - 1;
            break;
        }
        case u'<':
            if (!inTable || !s.mid(i).startsWith(u"<br>"))
                bad("a raw '<' outside a table's <br>", i);
            i += 3;
            break;
        case u'[': {
            // The writer's only link shape: [escaped label](<destination>).
            qsizetype j = i + 1;
            while (j < s.size() && s.at(j) != QLatin1Char(']')) {
                if (s.at(j) == QLatin1Char('\\'))
                    ++j;
                ++j;
            }
            if (j >= s.size() || !s.mid(j).startsWith(u"](<"))
                bad("a bare '[' that is not one of the writer's links", i);
            const Inline label = scanInline(s.mid(i + 1, j - i - 1), inTable, context);
            if (label.stars != 0 || label.links != 0 || label.hardBreak)
                bad("markup inside a link label", i);
            qsizetype k = j + 3;
            while (k < s.size() && s.at(k) != QLatin1Char('>')) {
                const QChar d = s.at(k);
                if (d == QLatin1Char('\\'))
                    ++k;
                else if (d == QLatin1Char('<') || d == QLatin1Char(' ') || d == QLatin1Char('|')
                    || d < QLatin1Char(' '))
                    bad("a link destination with a space, '<', '|' or a control character", k);
                else if (d == QLatin1Char('&') && !s.mid(k).startsWith(u"&amp;"))
                    bad("a bare '&' in a link destination", k);
                ++k;
            }
            if (k >= s.size() || !s.mid(k).startsWith(u">)"))
                bad("an unterminated link destination", k);
            ++r.links;
            i = k + 1;
            break;
        }
        case u'-':
            if (!isWord(s, i - 1) || !isWord(s, i + 1))
                bad("a bare '-' that is not between two letters or digits", i);
            break;
        case u'.':
            if (!isWord(s, i - 1) || !isWord(s, i + 1)
                || (i >= 3 && s.mid(i - 3, 3).compare(u"www", Qt::CaseInsensitive) == 0))
                bad("a bare '.' outside a word, or after \"www\" (an autolink)", i);
            break;
        case u':':
            if (s.mid(i + 1).startsWith(u"//"))
                bad("a bare \"://\" (an autolink)", i);
            break;
        case u'`':
        case u'~':
        case u'_':
        case u'=':
        case u'$':
        case u'+':
        case u'!':
        case u'{':
        case u'}':
        case u']':
        case u'(':
        case u')':
        case u'#':
        case u'>':
        case u'|': bad("unescaped Markdown punctuation in text", i); break;
        default:
            if (c.unicode() < 0x20 && c != QLatin1Char('\t'))
                bad("a control character in the output", i);
        }
    }
    return r;
}

inline QStringList splitRow(const QString &line, const QString &context)
{
    // Separators are the unescaped pipes; the writer puts a space before every one after the
    // first, so an escaped backslash never runs into a separator (cmark-gfm and a simple
    // escape-pair reading could disagree there).
    QStringList cells;
    qsizetype start = 1;
    for (qsizetype i = 1; i < line.size(); ++i) {
        if (line.at(i) == QLatin1Char('\\')) {
            ++i;
        } else if (line.at(i) == QLatin1Char('|')) {
            if (line.at(i - 1) != QLatin1Char(' '))
                fuzzcheck::fail("a cell separator not preceded by a space", context);
            cells.append(line.mid(start, i - start));
            start = i + 1;
        }
    }
    if (start != line.size())
        fuzzcheck::fail("a table row that does not end with '|'", context);
    return cells;
}

inline void checkTable(Block &b)
{
    static const QRegularExpression delimiter(QStringLiteral("^\\|( (---|:--|:-:|--:) \\|)+$"));
    if (b.lines.size() < 2)
        fuzzcheck::fail("a table without a delimiter row", show(b.lines, 0));
    if (!delimiter.match(b.lines.at(1)).hasMatch())
        fuzzcheck::fail("a malformed delimiter row", show(b.lines, 1));
    const QStringList delims = splitRow(b.lines.at(1), show(b.lines, 1));
    for (const QString &d : delims)
        b.alignments.append(d.trimmed());
    b.columns = int(delims.size());
    b.rows = int(b.lines.size() - 2);
    for (qsizetype i = 0; i < b.lines.size(); ++i) {
        const QString &line = b.lines.at(i);
        const QString context = show(b.lines, i);
        if (!line.startsWith(QLatin1String("| ")))
            fuzzcheck::fail("a table row that does not start with \"| \"", context);
        const QStringList cells = splitRow(line, context);
        if (cells.size() != b.columns)
            fuzzcheck::fail("a table row whose cell count differs from the header's", context);
        if (i == 1)
            continue;
        for (const QString &cell : cells) {
            if (!cell.startsWith(QLatin1Char(' ')) || !cell.endsWith(QLatin1Char(' ')))
                fuzzcheck::fail("a cell not padded by one space", context);
            const QString content = cell.mid(1, cell.size() - 2);
            if (content.startsWith(QLatin1Char(' ')) || content.endsWith(QLatin1Char(' ')))
                fuzzcheck::fail("blanks around a cell's text", context);
            const Inline in = scanInline(content, true, context);
            if (in.stars % 2 != 0)
                fuzzcheck::fail("unbalanced '*' markup in a cell", context);
            if (in.hardBreak)
                fuzzcheck::fail("a cell ending in an unescaped backslash", context);
            b.links += in.links;
        }
    }
}

// Lines of text (paragraph, quote content, list item content): no block opener at the start
// of any line, every line but the last ends in a hard break. The inline rules are checked on
// the lines joined, as a reader sees them: a link's label may run over a hard break.
inline void checkTextLines(Block &b, const QList<QStringView> &texts, const QList<qsizetype> &at)
{
    QString joined;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QString context = show(b.lines, at.at(i));
        const QStringView t = texts.at(i);
        if (t.isEmpty() || t.back() == QLatin1Char(' ') || t.back() == QLatin1Char('\t'))
            fuzzcheck::fail("an empty text line or one with trailing blanks", context);
        if (opensBlock(t))
            fuzzcheck::fail("a text line that starts a block of its own", context);
        const bool hardBreak = endsWithHardBreak(t);
        if (hardBreak != (i + 1 < texts.size()))
            fuzzcheck::fail(hardBreak ? "a hard break at the end of a block"
                                      : "a line continued without a hard break",
                context);
        if (i > 0)
            joined += QLatin1Char('\n');
        joined += t;
    }
    if (texts.isEmpty())
        return;
    const Inline in = scanInline(joined, false, show(b.lines, at.constFirst()));
    if (in.stars % 2 != 0)
        fuzzcheck::fail("unbalanced '*' markup", show(b.lines, at.constFirst()));
    b.links += in.links;
}

inline void checkList(Block &b)
{
    static const QRegularExpression item(
        QStringLiteral("^((?:  )*)([-*])(?: \\[([ x])\\])?(?: (.*))?$"));
    QList<QStringView> texts;
    QList<qsizetype> at;
    auto flush = [&]() {
        checkTextLines(b, texts, at);
        texts.clear();
        at.clear();
    };
    int depth = -1;
    for (qsizetype i = 0; i < b.lines.size(); ++i) {
        const QString &line = b.lines.at(i);
        const QRegularExpressionMatch m = item.match(line);
        if (m.hasMatch()) {
            flush();
            const int d = int(m.capturedLength(1) / 2);
            if (d > depth + 1)
                fuzzcheck::fail(
                    "a list item more than one level deeper than the one above", show(b.lines, i));
            depth = d;
            const QChar bullet = m.captured(2).at(0);
            if (b.bullet.isNull())
                b.bullet = bullet;
            else if (bullet != b.bullet)
                fuzzcheck::fail("two bullets in one list", show(b.lines, i));
            b.depths.append(d);
            b.tasks.append(
                m.capturedLength(3) == 0 ? -1 : (m.captured(3) == QLatin1String("x") ? 1 : 0));
            if (m.capturedLength(4) > 0) {
                texts.append(m.capturedView(4));
                at.append(i);
            } else if (m.capturedStart(4) >= 0) {
                fuzzcheck::fail("a list marker followed by a blank", show(b.lines, i));
            }
            continue;
        }
        // A continuation line: exactly the item's content indent, after a hard break.
        const QString indent(2 * (depth + 1), QLatin1Char(' '));
        if (depth < 0 || !line.startsWith(indent) || texts.isEmpty())
            fuzzcheck::fail("a line inside a list that is neither an item nor a continuation",
                show(b.lines, i));
        texts.append(QStringView(line).mid(indent.size()));
        at.append(i);
    }
    flush();
}

inline Block classify(const QStringList &lines)
{
    static const QRegularExpression heading(QStringLiteral("^(#{1,6}) (.*)$"));
    static const QRegularExpression item(QStringLiteral("^[-*]( |$)"));
    Block b;
    b.lines = lines;
    const QString &first = lines.constFirst();
    if (first.startsWith(QLatin1Char('#'))) {
        b.kind = Block::Kind::Heading;
        const QRegularExpressionMatch m = heading.match(first);
        if (!m.hasMatch() || lines.size() != 1)
            fuzzcheck::fail("a malformed heading", show(lines, 0));
        b.level = int(m.capturedLength(1));
        b.body = m.captured(2);
        if (b.body.startsWith(QLatin1Char(' ')) || b.body.endsWith(QLatin1Char(' ')))
            fuzzcheck::fail("blanks around a heading's text", show(lines, 0));
        const Inline in = scanInline(b.body, false, show(lines, 0));
        if (in.stars % 2 != 0 || in.hardBreak)
            fuzzcheck::fail(
                "unbalanced markup or a backslash at the end of a heading", show(lines, 0));
        b.links = in.links;
    } else if (first == QLatin1String("---")) {
        b.kind = Block::Kind::Rule;
        if (lines.size() != 1)
            fuzzcheck::fail("a rule with more lines", show(lines, 1));
    } else if (first.startsWith(QLatin1Char('|'))) {
        b.kind = Block::Kind::Table;
        checkTable(b);
    } else if (first.startsWith(QLatin1Char('>'))) {
        b.kind = Block::Kind::Quote;
        QList<QStringView> texts;
        QList<qsizetype> at;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!lines.at(i).startsWith(QLatin1String("> ")))
                fuzzcheck::fail("a quote line without \"> \"", show(lines, i));
            texts.append(QStringView(lines.at(i)).mid(2));
            at.append(i);
        }
        checkTextLines(b, texts, at);
    } else if (item.match(first).hasMatch()) {
        b.kind = Block::Kind::List;
        checkList(b);
    } else {
        b.kind = Block::Kind::Paragraph;
        QList<QStringView> texts;
        QList<qsizetype> at;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            texts.append(lines.at(i));
            at.append(i);
        }
        checkTextLines(b, texts, at);
    }
    return b;
}

// Cuts a whole document into blocks, checking the encoding and the separation on the way.
inline QList<Block> parse(const QByteArray &bytes)
{
    QList<Block> blocks;
    if (bytes.isEmpty())
        return blocks;
    const QString doc = QString::fromUtf8(bytes);
    if (doc.toUtf8() != bytes)
        fuzzcheck::fail("output that is not valid UTF-8", doc);
    if (!doc.endsWith(QLatin1Char('\n')))
        fuzzcheck::fail("output that does not end with a newline", doc);
    for (qsizetype i = 0; i < doc.size(); ++i) {
        const char16_t c = doc.at(i).unicode();
        if ((c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7f && c < 0xa0)
            || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028
            || c == 0x2029)
            fuzzcheck::fail("a control, bidi-override or separator character in the output",
                QStringLiteral("U+%1 at %2").arg(int(c), 4, 16, QLatin1Char('0')).arg(i));
    }
    QStringList lines = doc.split(QLatin1Char('\n'));
    lines.removeLast(); // after the final newline
    QStringList group;
    for (qsizetype i = 0; i <= lines.size(); ++i) {
        if (i < lines.size() && !lines.at(i).isEmpty()) {
            group.append(lines.at(i));
            continue;
        }
        if (group.isEmpty())
            fuzzcheck::fail(
                "a blank line at the start, at the end or after another", show(lines, i));
        blocks.append(classify(group));
        group.clear();
    }
    return blocks;
}

} // namespace markdowncheck
