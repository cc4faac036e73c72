#include "markdownwriter.h"

#include <QIODevice>

#include <algorithm>
#include <array>
#include <string_view>

namespace hindsight {

namespace {

bool isBidiControl(char16_t c)
{
    // Embeddings, overrides and isolates can reorder the rest of a raw Markdown line (the
    // "Trojan Source" trick), making a table look different from what it is. The marks
    // LRM/RLM (U+200E/F) cannot and are kept.
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// True for a character normalize() changes or drops, or one that may start a pair it checks.
bool needsNormalizing(char16_t c)
{
    return c < 0x20 ? (c != u'\n' && c != u'\t')
                    : (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029 || isBidiControl(c)
            || QChar::isSurrogate(c);
}

// Line endings to '\n'; control characters, bidi controls and lone surrogates out.
QString normalize(const QString &in)
{
    // Most texts need nothing: hand back the same (shared) string instead of copying it
    // character by character, which was a tenth of a 10,000-event export.
    const QChar *data = in.constData();
    const qsizetype size = in.size();
    qsizetype first = 0;
    for (; first < size; ++first) {
        const char16_t c = data[first].unicode();
        if (c >= 0x20 && c < 0x7F)
            continue; // printable ASCII, most of any text
        if (QChar::isHighSurrogate(c) && first + 1 < size && data[first + 1].isLowSurrogate())
            ++first; // a whole pair (an emoji, say) stays
        else if (needsNormalizing(c))
            break;
    }
    if (first == size)
        return in;
    QString out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char16_t c = in.at(i).unicode();
        if (c == u'\r') {
            if (i + 1 < in.size() && in.at(i + 1) == QLatin1Char('\n'))
                continue;
            out += QLatin1Char('\n');
        } else if (c == 0x2028 || c == 0x2029 || c == 0x85) {
            out += QLatin1Char('\n');
        } else if (c == u'\n' || c == u'\t') {
            out += QChar(c);
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || isBidiControl(c)) {
            continue;
        } else if (QChar::isHighSurrogate(c) && i + 1 < in.size()
            && in.at(i + 1).isLowSurrogate()) {
            out += QChar(c);
            out += in.at(i + 1);
            ++i;
        } else if (QChar::isSurrogate(c)) {
            out += QChar(QChar::ReplacementCharacter);
        } else {
            out += QChar(c);
        }
    }
    return out;
}

bool isWordChar(const QString &s, qsizetype i)
{
    if (i < 0 || i >= s.size())
        return false;
    const char16_t c = s.at(i).unicode();
    if (c < 0x80) // ASCII without a look into the Unicode tables
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
    return QChar::isLetterOrNumber(c);
}

// The characters escapeText() looks at; everything else is copied as it is.
bool isMarkdownPunctuation(char16_t c)
{
    static constexpr auto table = [] {
        std::array<bool, 128> t {};
        for (char p : std::string_view("<&~-.:\\`*_{}[]()#+!|>=$"))
            t[size_t(p)] = true;
        return t;
    }();
    return c < 128 && table[c];
}

// Escapes plain text (already normalized, may contain '\n').
QString escapeText(const QString &s)
{
    // Characters that need no escape are copied in runs; text with nothing to escape (most
    // names, times and kinds) is handed back as it is, without a copy.
    QString out;
    qsizetype run = 0;
    const QChar *data = s.constData();
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = data[i].unicode();
        if (!isMarkdownPunctuation(c))
            continue;
        QLatin1String entity;
        switch (c) {
        case u'<': entity = QLatin1String("&lt;"); break;
        case u'&': entity = QLatin1String("&amp;"); break;
        // "~~" is strikethrough in GFM, "~~~" a code fence; an entity is neither.
        case u'~': entity = QLatin1String("&#126;"); break;
        case u'-':
            // Between two letters or digits ("SEV-2", "2017-01-31") a hyphen cannot start
            // a list, a rule or a setext underline; leaving it keeps the source readable.
            if (isWordChar(s, i - 1) && isWordChar(s, i + 1))
                continue;
            break;
        case u'.':
            // Same for "v1.2" and "e.g", except after "www", which GitHub would autolink.
            if (isWordChar(s, i - 1) && isWordChar(s, i + 1)
                && !(i >= 3
                    && QStringView(s).mid(i - 3, 3).compare(
                           QLatin1String("www"), Qt::CaseInsensitive)
                        == 0))
                continue;
            break;
        case u':':
            // "scheme://" is what GitHub's autolinker looks for. (Where two texts are joined,
            // MdInline::operator+= looks across the joint.)
            if (QStringView(s).mid(i + 1, 2) != QLatin1String("//"))
                continue;
            break;
        default:
            // \ ` * _ { } [ ] ( ) # + ! | > and '=' (a line of it is a setext underline) and
            // '$' (GitHub renders $...$ as math): a backslash makes each literal.
            break;
        }
        if (out.isNull())
            out.reserve(s.size() + s.size() / 4);
        out.append(QStringView(s).mid(run, i - run));
        run = i + 1;
        if (entity.isEmpty()) {
            out += QLatin1Char('\\');
            out += QChar(c);
        } else {
            out += entity;
        }
    }
    if (run == 0)
        return s;
    out.append(QStringView(s).mid(run));
    return out;
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

// Splits inline Markdown at its line breaks, strips the spaces and tabs around each line
// (leading ones could make an indented code block; escaped text never ends in a space that
// matters) and drops empty lines at either end.
QString trimBlanks(const QString &line)
{
    qsizetype b = 0;
    qsizetype e = line.size();
    while (b < e && isBlank(line.at(b)))
        ++b;
    while (e > b && isBlank(line.at(e - 1)))
        --e;
    return b == 0 && e == line.size() ? line : line.mid(b, e - b);
}

QStringList blockLines(const QString &md)
{
    if (!md.contains(QLatin1Char('\n'))) {
        // One line, as most list items are: no list to split and clean up.
        QString line = trimBlanks(md);
        return line.isEmpty() ? QStringList() : QStringList {std::move(line)};
    }
    QStringList lines = md.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = trimBlanks(line);
    while (!lines.isEmpty() && lines.constFirst().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

// Lines joined with a hard break (a trailing backslash: CommonMark, cmark-gfm and GitHub all
// read it, and unlike two trailing spaces it survives editors that strip whitespace). Every
// line after the first is indented by `indent` so it stays inside its list item.
QString joinHardBreaks(const QStringList &lines, const QString &indent)
{
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            out += QLatin1String("\\\n") + indent;
        out += lines.at(i);
    }
    return out;
}

QString renderCell(const MdInline &cell)
{
    const QString &md = cell.markdown();
    if (!md.contains(QLatin1Char('\n')))
        return trimBlanks(md); // one line: nothing to join
    return blockLines(md).join(QLatin1String("<br>"));
}

} // namespace

// Each text is escaped alone, so two joined texts can make what neither makes alone: "https:"
// and "//example.com" an autolink, "ww" and "w.example.com" a "www." one (found by
// fuzz_markdownwriter). Escape the joint where that happens; an escaped character stays
// escaped.
MdInline &MdInline::operator+=(const MdInline &other)
{
    const QString &right = other.m_md;
    auto escapedAt = [](const QString &md, qsizetype i) {
        qsizetype slashes = 0;
        while (i - 1 - slashes >= 0 && md.at(i - 1 - slashes) == u'\\')
            ++slashes;
        return slashes % 2 == 1;
    };
    // "scheme:" + "//", or "scheme:/" + "/": escape that ':' on the left.
    const qsizetype colon = m_md.endsWith(u':') ? m_md.size() - 1
        : m_md.endsWith(QLatin1String(":/"))    ? m_md.size() - 2
                                                : -1;
    if (colon >= 0 && !escapedAt(m_md, colon)
        && QString(m_md.mid(colon + 1) + right.left(2)).startsWith(QLatin1String("//")))
        m_md.insert(colon, u'\\');
    // "w" + "ww.", "ww" + "w.": escape that '.' on the right.
    qsizetype ws = 0;
    while (ws < 3 && ws < m_md.size() && m_md.at(m_md.size() - 1 - ws).toLower() == u'w')
        ++ws;
    if (ws > 0 && ws < 3 && right.size() > 3 - ws && right.at(3 - ws) == u'.'
        && QStringView(right).first(3 - ws).compare(QString(3 - ws, u'w'), Qt::CaseInsensitive)
            == 0) {
        m_md += QStringView(right).first(3 - ws);
        m_md += u'\\';
        m_md += QStringView(right).mid(3 - ws);
        return *this;
    }
    m_md += right;
    return *this;
}

MdInline MdInline::text(const QString &plain)
{
    return MdInline(escapeText(normalize(plain)));
}

MdInline MdInline::strong(const QString &plain)
{
    const QString t = normalize(plain).trimmed();
    if (t.isEmpty())
        return {};
    return MdInline(QLatin1String("**") + escapeText(t) + QLatin1String("**"));
}

MdInline MdInline::emphasis(const QString &plain)
{
    const QString t = normalize(plain).trimmed();
    if (t.isEmpty())
        return {};
    return MdInline(QLatin1Char('*') + escapeText(t) + QLatin1Char('*'));
}

bool MdInline::isLinkable(const QUrl &url)
{
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return false;
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("http") || scheme == QLatin1String("https");
}

MdInline MdInline::link(const QString &text, const QUrl &url)
{
    const QString label = normalize(text).trimmed();
    if (!isLinkable(url))
        return MdInline::text(label);
    // FullyEncoded leaves no space, '<', '>', '\\' or control character. What can still be
    // read as Markdown inside <...> is an entity: cmark decodes "&amp;" in a destination
    // before backslash escapes, so '&' is written as an entity, which works in either order.
    QString dest;
    const QString encoded = url.toString(QUrl::FullyEncoded);
    for (const QChar c : encoded) {
        if (c == QLatin1Char('&'))
            dest += QLatin1String("&amp;");
        else if (c == QLatin1Char('\\') || c == QLatin1Char('<') || c == QLatin1Char('>'))
            dest += QLatin1Char('\\') + c; // not produced by FullyEncoded; kept inert anyway
        else
            dest += c;
    }
    const QString shown = label.isEmpty() ? url.toDisplayString() : label;
    return MdInline(QLatin1Char('[') + escapeText(normalize(shown)) + QLatin1String("](<") + dest
        + QLatin1String(">)"));
}

MdInline MdInline::lineBreak()
{
    return MdInline(QStringLiteral("\n"));
}

MarkdownWriter::MarkdownWriter(QIODevice *device)
    : m_device(device)
{
    if (!m_device || !m_device->isOpen() || !m_device->isWritable()) {
        m_ok = false;
        m_error = QStringLiteral("The output is not open for writing.");
    }
}

Status MarkdownWriter::status() const
{
    if (m_ok)
        return hindsight::ok();
    return Error {ErrorCode::Io, QStringLiteral("Could not write the Markdown output."), m_error};
}

bool MarkdownWriter::write(const QString &markdown)
{
    if (!m_ok)
        return false;
    const QByteArray bytes = markdown.toUtf8();
    if (m_device->write(bytes) != bytes.size()) {
        m_ok = false;
        m_error = m_device->errorString();
        if (m_error.isEmpty())
            m_error = QStringLiteral("Short write.");
    }
    return m_ok;
}

bool MarkdownWriter::beginBlock(bool listItem)
{
    if (!m_ok)
        return false;
    const bool continuesList = listItem && m_state == State::List;
    if (listItem && !continuesList) {
        // CommonMark joins two lists separated only by a blank line into one; switching the
        // bullet character keeps them apart.
        if (m_lastBlockWasList)
            m_bullet = m_bullet == QLatin1Char('-') ? QLatin1Char('*') : QLatin1Char('-');
        m_listDepth = -1;
    }
    const bool separate = m_state != State::Start && !continuesList;
    m_lastBlockWasList = listItem;
    m_state = listItem ? State::List : State::Block;
    return separate ? write(QStringLiteral("\n")) : true;
}

void MarkdownWriter::endList()
{
    if (m_state == State::List)
        m_state = State::Block;
}

bool MarkdownWriter::heading(int level, const MdInline &text)
{
    if (!beginBlock(false))
        return false;
    level = std::clamp(level, 1, 6);
    const QString body = blockLines(text.markdown()).join(QLatin1Char(' '));
    return write(QString(level, QLatin1Char('#')) + QLatin1Char(' ') + body + QLatin1Char('\n'));
}

bool MarkdownWriter::heading(int level, const QString &plain)
{
    return heading(level, MdInline::text(plain));
}

bool MarkdownWriter::paragraph(const MdInline &text)
{
    const QStringList lines = blockLines(text.markdown());
    if (lines.isEmpty())
        return m_ok;
    if (!beginBlock(false))
        return false;
    return write(joinHardBreaks(lines, QString()) + QLatin1Char('\n'));
}

bool MarkdownWriter::paragraph(const QString &plain)
{
    return paragraph(MdInline::text(plain));
}

bool MarkdownWriter::blockquote(const MdInline &text)
{
    const QStringList lines = blockLines(text.markdown());
    if (lines.isEmpty())
        return m_ok;
    if (!beginBlock(false))
        return false;
    QString out;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        out += QLatin1String("> ") + lines.at(i);
        out += i + 1 < lines.size() ? QLatin1String("\\\n") : QLatin1String("\n");
    }
    return write(out);
}

bool MarkdownWriter::blockquote(const QString &plain)
{
    return blockquote(MdInline::text(plain));
}

bool MarkdownWriter::horizontalRule()
{
    // Always after a blank line, so "---" can never turn the paragraph above into a heading.
    if (!beginBlock(false))
        return false;
    return write(QStringLiteral("---\n"));
}

bool MarkdownWriter::table(const QList<MdInline> &headers, const QList<QList<MdInline>> &rows,
    const QList<Align> &alignments)
{
    return table(
        headers, rows.size(), [&rows](qsizetype i, QList<MdInline> &cells) { cells = rows.at(i); },
        alignments);
}

bool MarkdownWriter::table(const QList<MdInline> &headers, qsizetype rowCount,
    const std::function<void(qsizetype, QList<MdInline> &)> &row, const QList<Align> &alignments)
{
    if (headers.isEmpty()) {
        m_ok = false;
        m_error = QStringLiteral("A table needs at least one column.");
        return false;
    }
    if (!beginBlock(false))
        return false;
    const qsizetype columns = headers.size();
    // Rows go out in chunks of about 64 KiB: one string for a 10,000-row table was copied
    // again at each doubling.
    QString out;
    out.reserve(80 * 1024);
    auto rowLine = [columns, &out](const QList<MdInline> &cells) {
        out += QLatin1Char('|');
        for (qsizetype c = 0; c < columns; ++c) {
            out += QLatin1Char(' ');
            if (c < cells.size())
                out += renderCell(cells.at(c));
            out += QLatin1String(" |");
        }
        out += QLatin1Char('\n');
    };
    rowLine(headers);
    out += QLatin1Char('|');
    for (qsizetype c = 0; c < columns; ++c) {
        switch (c < alignments.size() ? alignments.at(c) : Align::None) {
        case Align::None: out += QLatin1String(" --- |"); break;
        case Align::Left: out += QLatin1String(" :-- |"); break;
        case Align::Center: out += QLatin1String(" :-: |"); break;
        case Align::Right: out += QLatin1String(" --: |"); break;
        }
    }
    out += QLatin1Char('\n');
    QList<MdInline> cells;
    for (qsizetype i = 0; i < rowCount; ++i) {
        cells.clear(); // keeps the capacity
        row(i, cells);
        rowLine(cells);
        if (out.size() > 64 * 1024) {
            if (!write(out))
                return false;
            out.resize(0); // keeps the capacity
        }
    }
    return write(out);
}

bool MarkdownWriter::table(
    const QStringList &headers, const QList<QStringList> &rows, const QList<Align> &alignments)
{
    QList<MdInline> h;
    for (const QString &s : headers)
        h.append(MdInline::text(s));
    QList<QList<MdInline>> r;
    for (const QStringList &row : rows) {
        QList<MdInline> cells;
        for (const QString &s : row)
            cells.append(MdInline::text(s));
        r.append(cells);
    }
    return table(h, r, alignments);
}

bool MarkdownWriter::item(const QString &marker, const MdInline &text, int depth)
{
    const bool continues = m_state == State::List;
    if (!beginBlock(true))
        return false;
    // Deeper than one level below the previous item would be indented far enough to become
    // a code block, so the depth is capped.
    depth = std::clamp(depth, 0, continues ? m_listDepth + 1 : 0);
    m_listDepth = depth;
    // "- " puts an item's content at column 2, so each level is two more spaces.
    const QString indent(2 * depth, QLatin1Char(' '));
    const QString contentIndent(2 * (depth + 1), QLatin1Char(' '));
    const QStringList lines = blockLines(text.markdown());
    QString line = indent + m_bullet + marker;
    if (!lines.isEmpty())
        line += QLatin1Char(' ') + joinHardBreaks(lines, contentIndent);
    return write(line + QLatin1Char('\n'));
}

bool MarkdownWriter::listItem(const MdInline &text, int depth)
{
    return item(QString(), text, depth);
}

bool MarkdownWriter::listItem(const QString &plain, int depth)
{
    return listItem(MdInline::text(plain), depth);
}

bool MarkdownWriter::taskItem(bool checked, const MdInline &text, int depth)
{
    return item(checked ? QStringLiteral(" [x]") : QStringLiteral(" [ ]"), text, depth);
}

bool MarkdownWriter::taskItem(bool checked, const QString &plain, int depth)
{
    return taskItem(checked, MdInline::text(plain), depth);
}

bool MarkdownWriter::bulletList(const QStringList &items)
{
    endList();
    for (const QString &s : items)
        if (!listItem(s))
            return false;
    endList();
    return m_ok;
}

QString MarkdownWriter::escapeInline(const QString &plain)
{
    return joinHardBreaks(blockLines(MdInline::text(plain).markdown()), QString());
}

QString MarkdownWriter::escapeCell(const QString &plain)
{
    return renderCell(MdInline::text(plain));
}

} // namespace hindsight
