#pragma once

// A small GitHub-flavoured Markdown writer. QTextDocument::toMarkdown() neither escapes text
// nor survives a '|' in a table cell, so reports are written with this instead.
//
// The safety rule: user text enters only through MdInline::text() (or the QString overloads,
// which call it), and that escapes everything Markdown could read as syntax. User text can
// therefore never end a table row, start a heading or list, open a code block, inject raw HTML
// or create a link, with one exception no escaping can prevent: GitHub (cmark-gfm's autolink
// extension) shows a plain e-mail address as a mailto: link to that same address. Markup comes only
// from this file: strong/emphasis around escaped text, links to http(s) URLs the program chose, and
// the "<br>" used for line breaks inside table cells (the only raw HTML written).

#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <utility>

class QIODevice;

namespace hindsight {

// A piece of inline Markdown that is safe to place in any block. A raw '\n' inside it is a
// line break; the block decides how to render it (a hard break in a paragraph or list item,
// "<br>" in a table cell, a space in a heading).
class MdInline
{
public:
    MdInline() = default;

    // Plain text, escaped. Control characters and bidi overrides are removed, "\r\n" and
    // "\r" become line breaks.
    static MdInline text(const QString &plain);
    // **text** / *text*; empty (not "****") when the trimmed text is empty.
    static MdInline strong(const QString &plain);
    static MdInline emphasis(const QString &plain);
    // [text](<url>) when isLinkable(url), else just the escaped text.
    static MdInline link(const QString &text, const QUrl &url);
    static MdInline lineBreak();
    // Only absolute http and https URLs with a host are ever linked: never javascript:,
    // data: or relative links.
    static bool isLinkable(const QUrl &url);

    // Joins, escaping the joint where the two would make a link together.
    MdInline &operator+=(const MdInline &other);
    friend MdInline operator+(MdInline a, const MdInline &b)
    {
        a += b;
        return a;
    }
    bool isEmpty() const { return m_md.isEmpty(); }
    const QString &markdown() const { return m_md; }

private:
    explicit MdInline(QString md)
        : m_md(std::move(md))
    { }
    QString m_md;
};

class MarkdownWriter
{
public:
    enum class Align { None, Left, Center, Right };

    // The device must be open for writing; the writer does not own it. Output is UTF-8 with
    // '\n' line endings.
    explicit MarkdownWriter(QIODevice *device);

    // Each block returns false once a write has failed; status() then says why. After a
    // failure further calls write nothing.
    bool heading(int level, const MdInline &text); // level clamped to 1..6
    bool heading(int level, const QString &plain);
    bool paragraph(const MdInline &text); // nothing written when empty
    bool paragraph(const QString &plain);
    bool blockquote(const MdInline &text);
    bool blockquote(const QString &plain);
    bool horizontalRule();

    // Every row is padded or cut to the header's column count, so a row always keeps its
    // shape. Missing alignments mean Align::None.
    bool table(const QList<MdInline> &headers, const QList<QList<MdInline>> &rows,
        const QList<Align> &alignments = {});
    // The same for long tables: `row(i, cells)` fills row i's cells when it is written, so the
    // rows are never all in memory (a 10,000-event timeline held 10 MB of cells).
    bool table(const QList<MdInline> &headers, qsizetype rowCount,
        const std::function<void(qsizetype, QList<MdInline> &)> &row,
        const QList<Align> &alignments = {});
    bool table(const QStringList &headers, const QList<QStringList> &rows,
        const QList<Align> &alignments = {});

    // List items: consecutive items form one list; depth 0 is the outer level and a depth
    // can be at most one more than the previous item's. endList() closes the list so the
    // next item starts a new one (any other block closes it too).
    bool listItem(const MdInline &text, int depth = 0);
    bool listItem(const QString &plain, int depth = 0);
    bool taskItem(bool checked, const MdInline &text, int depth = 0);
    bool taskItem(bool checked, const QString &plain, int depth = 0);
    bool bulletList(const QStringList &items);
    void endList();

    Status status() const;
    bool ok() const { return m_ok; }

    // The escaped forms on their own: escapeInline() gives paragraph-ready Markdown (line
    // breaks as hard breaks, "\\\n"), escapeCell() gives a table cell (line breaks as "<br>",
    // no newline, never a raw '|').
    static QString escapeInline(const QString &plain);
    static QString escapeCell(const QString &plain);

private:
    bool beginBlock(bool listItem);
    bool write(const QString &markdown);
    bool item(const QString &marker, const MdInline &text, int depth);

    QIODevice *m_device = nullptr;
    bool m_ok = true;
    QString m_error;
    enum class State { Start, Block, List } m_state = State::Start;
    bool m_lastBlockWasList = false;
    QChar m_bullet = QLatin1Char('-');
    int m_listDepth = -1;
};

} // namespace hindsight
