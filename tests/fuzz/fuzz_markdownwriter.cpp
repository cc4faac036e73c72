// libFuzzer target: the Markdown writer (core/markdownwriter) and the report built on it
// (core/reportwriter). The bytes are records (see fuzzcheck.h); the first byte picks the mode:
//  'W' (or any even byte): a sequence of MarkdownWriter calls. A model of the calls predicts
//      the blocks the output must hold (kinds, heading levels, table shapes and alignments,
//      list items with their depths and task boxes, links), and markdowncheck.h reads the
//      output back independently; the two must agree.
//  'R' (or any odd byte): a SessionSnapshot and ReportOptions, written with writeReport();
//      reportcheck.h checks the report's shape.
// Texts are raw fuzz bytes decoded as UTF-8, so they carry NUL, controls, bidi overrides,
// invalid sequences (read as U+FFFD) and any Markdown or HTML syntax; the 'u' piece adds the
// lone surrogates that UTF-8 cannot carry.

#include "fuzzcheck.h"
#include "markdowncheck.h"
#include "markdownwriter.h"
#include "reportcheck.h"

#include <QBuffer>
#include <QUrl>

#include <cstddef>
#include <cstdint>

using namespace hindsight;
using fuzzcheck::Fields;
using markdowncheck::Block;

namespace {

// FUZZ_DUMP=1 prints each output, to see what a seed exercises.
void dump(const QByteArray &md)
{
    static const bool on = qEnvironmentVariableIsSet("FUZZ_DUMP");
    if (on)
        std::fprintf(stderr, "%s\n=====\n", md.constData());
}

// ---- Writer calls --------------------------------------------------------------------------

// What one inline piece contributes. Tags: 't' text, 's' strong, 'e' emphasis, 'l' link
// (label, then the URL after a U+001D), 'n' line break, 'u' a lone surrogate and an RLO
// around the rest (unreachable from UTF-8 bytes, so added on purpose); anything else is text.
struct Piece {
    MdInline md;
    int links = 0;
};

bool linkable(const QUrl &url)
{
    // Written from the header's promise, not copied from the writer.
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.isRelative() && !url.host().isEmpty()
        && (scheme == QLatin1String("http") || scheme == QLatin1String("https"));
}

Piece piece(const QByteArray &field)
{
    if (field.isEmpty())
        return {MdInline::text(QString()), 0};
    const QString rest = QString::fromUtf8(field.mid(1));
    switch (field.at(0)) {
    case 't': return {MdInline::text(rest), 0};
    case 's': return {MdInline::strong(rest), 0};
    case 'e': return {MdInline::emphasis(rest), 0};
    case 'n': return {MdInline::lineBreak(), 0};
    case 'u': {
        QString odd = rest;
        odd.insert(odd.size() / 2, QChar(0xd800));
        odd.prepend(QChar(0x202e));
        odd.append(QChar(0xdc00));
        return {MdInline::text(odd), 0};
    }
    case 'l': {
        const qsizetype cut = field.indexOf('\x1d');
        const QString label = QString::fromUtf8(cut < 0 ? field.mid(1) : field.mid(1, cut - 1));
        const QUrl url(cut < 0 ? QString() : QString::fromUtf8(field.mid(cut + 1)));
        return {MdInline::link(label, url), linkable(url) ? 1 : 0};
    }
    default: return {MdInline::text(QString::fromUtf8(field)), 0};
    }
}

Piece inlineFrom(Fields &f)
{
    Piece out;
    while (!f.atEnd()) {
        const Piece p = piece(f.bytes());
        out.md += p.md;
        out.links += p.links;
    }
    return out;
}

bool isBlank(const MdInline &md)
{
    for (const QChar c : md.markdown())
        if (c != QLatin1Char(' ') && c != QLatin1Char('\t') && c != QLatin1Char('\n'))
            return false;
    return true;
}

// The writer as the header describes it, block by block.
class Model
{
public:
    QList<Block> expected;
    bool failed = false;

    void block(Block::Kind kind, int links)
    {
        inList = false;
        Block b;
        b.kind = kind;
        b.links = links;
        expected.append(b);
    }
    void item(int depth, int task, int links)
    {
        if (!inList) {
            Block b;
            b.kind = Block::Kind::List;
            expected.append(b);
            depth = 0;
            inList = true;
        } else {
            depth = std::clamp(depth, 0, expected.last().depths.last() + 1);
        }
        expected.last().depths.append(std::max(depth, 0));
        expected.last().tasks.append(task);
        expected.last().links += links;
    }
    void endList() { inList = false; }

private:
    bool inList = false;
};

void writerMode(const QList<QByteArray> &records)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    MarkdownWriter w(&buffer);
    Model model;
    for (const QByteArray &record : records) {
        if (record.isEmpty())
            continue;
        const char op = record.at(0);
        Fields f(record.mid(1));
        switch (op) {
        case 'H':
        case 'h': {
            const int level = int(f.integer(-3, 9));
            const QString text = op == 'h' ? f.text() : QString();
            const Piece p = op == 'H' ? inlineFrom(f) : Piece {MdInline::text(text), 0};
            op == 'H' ? w.heading(level, p.md) : w.heading(level, text);
            if (!model.failed) {
                model.block(Block::Kind::Heading, p.links);
                model.expected.last().level = std::clamp(level, 1, 6);
            }
            break;
        }
        case 'P':
        case 'p':
        case 'Q':
        case 'q': {
            const bool quote = op == 'Q' || op == 'q';
            const bool plain = op == 'p' || op == 'q';
            const QString text = plain ? f.text() : QString();
            const Piece p = plain ? Piece {MdInline::text(text), 0} : inlineFrom(f);
            if (quote)
                plain ? w.blockquote(text) : w.blockquote(p.md);
            else
                plain ? w.paragraph(text) : w.paragraph(p.md);
            if (!model.failed && !isBlank(p.md))
                model.block(quote ? Block::Kind::Quote : Block::Kind::Paragraph, p.links);
            break;
        }
        case 'R':
            w.horizontalRule();
            if (!model.failed)
                model.block(Block::Kind::Rule, 0);
            break;
        case 'T':
        case 't': {
            // Alignment letters, then rows at U+001D, cells at U+001F; the first row is the
            // header. 't' uses the QString overload.
            const QList<QByteArray> parts = record.mid(1).split('\x1d');
            QList<MarkdownWriter::Align> align;
            for (const char c : parts.value(0)) {
                switch (c) {
                case 'L': align.append(MarkdownWriter::Align::Left); break;
                case 'C': align.append(MarkdownWriter::Align::Center); break;
                case 'R': align.append(MarkdownWriter::Align::Right); break;
                default: align.append(MarkdownWriter::Align::None);
                }
            }
            QList<QList<MdInline>> rows;
            QList<QStringList> plainRows;
            int links = 0;
            for (qsizetype r = 1; r < parts.size(); ++r) {
                QList<MdInline> cells;
                QStringList plainCells;
                const QList<QByteArray> fields = parts.at(r).split(fuzzcheck::kFieldSeparator);
                // An empty row part is an empty row, not a row with one empty cell.
                for (qsizetype c = 0; c < fields.size() && !parts.at(r).isEmpty(); ++c) {
                    const Piece p = piece(fields.at(c));
                    cells.append(p.md);
                    plainCells.append(QString::fromUtf8(fields.at(c)));
                }
                rows.append(cells);
                plainRows.append(plainCells);
            }
            const QList<MdInline> headers = rows.value(0);
            const QStringList plainHeaders = plainRows.value(0);
            if (!rows.isEmpty()) {
                rows.removeFirst();
                plainRows.removeFirst();
            }
            const qsizetype columns = headers.size();
            if (op == 'T') {
                // Rows are cut to the header's width: only the cells written can link.
                for (qsizetype r = 1; r < parts.size(); ++r) {
                    if (parts.at(r).isEmpty())
                        continue;
                    const QList<QByteArray> fields = parts.at(r).split(fuzzcheck::kFieldSeparator);
                    for (qsizetype c = 0; c < fields.size() && c < columns; ++c)
                        links += piece(fields.at(c)).links;
                }
                w.table(headers, rows, align);
            } else {
                w.table(plainHeaders, plainRows, align);
            }
            if (model.failed)
                break;
            if (columns == 0) {
                model.failed = true; // "A table needs at least one column": the writer stops
                break;
            }
            model.block(Block::Kind::Table, links);
            Block &b = model.expected.last();
            b.columns = int(columns);
            b.rows = int(rows.size());
            for (qsizetype c = 0; c < columns; ++c) {
                switch (align.value(c, MarkdownWriter::Align::None)) {
                case MarkdownWriter::Align::None: b.alignments.append(QStringLiteral("---")); break;
                case MarkdownWriter::Align::Left: b.alignments.append(QStringLiteral(":--")); break;
                case MarkdownWriter::Align::Center:
                    b.alignments.append(QStringLiteral(":-:"));
                    break;
                case MarkdownWriter::Align::Right:
                    b.alignments.append(QStringLiteral("--:"));
                    break;
                }
            }
            break;
        }
        case 'L':
        case 'l':
        case 'X':
        case 'x': {
            const bool task = op == 'X' || op == 'x';
            const bool checked = task && f.flag();
            const int depth = int(f.integer(-2, 8));
            const bool plain = op == 'l' || op == 'x';
            const QString text = plain ? f.text() : QString();
            const Piece p = plain ? Piece {MdInline::text(text), 0} : inlineFrom(f);
            if (task)
                plain ? w.taskItem(checked, text, depth) : w.taskItem(checked, p.md, depth);
            else
                plain ? w.listItem(text, depth) : w.listItem(p.md, depth);
            if (!model.failed)
                model.item(depth, task ? int(checked) : -1, p.links);
            break;
        }
        case 'B': {
            QStringList items;
            while (!f.atEnd())
                items.append(f.text());
            w.bulletList(items);
            model.endList();
            if (!model.failed)
                for (qsizetype i = 0; i < items.size(); ++i)
                    model.item(0, -1, 0);
            model.endList();
            break;
        }
        case 'E':
            w.endList();
            model.endList();
            break;
        case 'C': {
            // The escaped forms on their own: a cell is one cell, a paragraph has no blank line.
            const QString plain = f.text();
            const QString cell = MarkdownWriter::escapeCell(plain);
            const QString line = QStringLiteral("| ") + cell + QStringLiteral(" |");
            FUZZ_CHECK(!cell.contains(QLatin1Char('\n'))
                    && markdowncheck::splitRow(line, line).size() == 1,
                line);
            const QString para = MarkdownWriter::escapeInline(plain);
            FUZZ_CHECK(!para.contains(QStringLiteral("\n\n")), para);
            break;
        }
        default: break;
        }
    }
    FUZZ_CHECK(w.ok() == !model.failed, QStringLiteral("writer ok() disagrees with the model"));
    if (!w.ok())
        FUZZ_CHECK(w.status().error().code == ErrorCode::Io, w.status().error().detail);

    const QByteArray md = buffer.data();
    dump(md);
    const QList<Block> blocks = markdowncheck::parse(md);
    const QString context = QStringLiteral("\n--- output ---\n") + QString::fromUtf8(md);
    FUZZ_CHECK(blocks.size() == model.expected.size(),
        QStringLiteral("%1 blocks written, %2 expected")
                .arg(blocks.size())
                .arg(model.expected.size())
            + context);
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const Block &got = blocks.at(i);
        const Block &want = model.expected.at(i);
        const QString where = QStringLiteral("block %1").arg(i) + context;
        FUZZ_CHECK(got.kind == want.kind, where);
        FUZZ_CHECK(got.links == want.links, QStringLiteral("links: ") + where);
        switch (want.kind) {
        case Block::Kind::Heading: FUZZ_CHECK(got.level == want.level, where); break;
        case Block::Kind::Table:
            FUZZ_CHECK(got.columns == want.columns && got.rows == want.rows
                    && got.alignments == want.alignments,
                QStringLiteral("table shape: ") + where);
            break;
        case Block::Kind::List:
            FUZZ_CHECK(got.depths == want.depths && got.tasks == want.tasks,
                QStringLiteral("list items: ") + where);
            // Two lists one blank line apart would be read as one list.
            if (i > 0 && blocks.at(i - 1).kind == Block::Kind::List)
                FUZZ_CHECK(got.bullet != blocks.at(i - 1).bullet,
                    QStringLiteral("adjacent lists with the same bullet: ") + where);
            break;
        default: break;
        }
    }
}

// ---- Reports -------------------------------------------------------------------------------

// Years 1..9999, as storage and the JSON format allow.
constexpr qint64 kMinMs = -62135596800000LL; // 0001-01-01T00:00:00Z
constexpr qint64 kMaxMs = 253402300799999LL; // 9999-12-31T23:59:59.999Z

QDate dateFrom(const QByteArray &field)
{
    if (field.startsWith('J'))
        return QDate::fromJulianDay(
            std::clamp(field.mid(1).toLongLong(), qint64(1721426), qint64(5373484)));
    return QDate::fromString(QString::fromLatin1(field), Qt::ISODate);
}

QList<Id> ids(const QByteArray &field)
{
    QList<Id> out;
    for (const QByteArray &part : field.split(','))
        if (!part.isEmpty())
            out.append(part.toLongLong());
    return out;
}

void reportMode(const QList<QByteArray> &records)
{
    SessionSnapshot s;
    s.session.id = 1;
    ReportOptions options;
    options.today = QDate(2024, 3, 10);
    for (const QByteArray &record : records) {
        if (record.isEmpty())
            continue;
        Fields f(record.mid(1));
        switch (record.at(0)) {
        case 'S': {
            Session &ss = s.session;
            ss.kind = f.flag() ? SessionKind::PreMortem : SessionKind::PostMortem;
            ss.title = f.text();
            ss.status = SessionStatus(f.integer(0, 2));
            ss.date = dateFrom(f.bytes());
            ss.severity = f.text();
            ss.summary = f.text();
            ss.impact = f.text();
            ss.facilitator = f.text();
            ss.timeZone = f.text();
            ss.lessons = f.text();
            ss.primeDirective = f.text();
            ss.project = f.text();
            ss.horizon = dateFrom(f.bytes());
            ss.catastrophe = f.text();
            break;
        }
        case 'O':
            options.timeZone = f.text();
            options.sections = ReportOptions::Sections(int(f.integer(0, 0x7fff)));
            options.starredOnly = f.flag();
            if (!f.atEnd())
                options.today = dateFrom(f.bytes());
            break;
        case 'p': {
            Participant p;
            p.id = s.participants.size() + 1;
            p.sessionId = 1;
            p.name = f.text();
            p.department = f.text();
            p.role = f.text();
            s.participants.append(p);
            break;
        }
        case 'v': {
            TimelineEvent e;
            e.id = s.events.size() + 1;
            e.sessionId = 1;
            const auto certainty = TimeCertainty(f.integer(0, 2));
            const QByteArray when = f.bytes();
            QDateTime utc = when.startsWith('@')
                ? QDateTime::fromMSecsSinceEpoch(
                    std::clamp(when.mid(1).toLongLong(), kMinMs, kMaxMs), Qt::UTC)
                : QDateTime::fromString(QString::fromLatin1(when), Qt::ISODate).toUTC();
            const int offset = int(f.integer(-18 * 3600, 18 * 3600));
            const QString zone = f.text();
            const bool seconds = f.flag();
            e.time = certainty == TimeCertainty::Unknown || !utc.isValid()
                ? EventTime::unknown()
                : EventTime {certainty, utc, offset, zone, seconds};
            e.text = f.text();
            e.kind = EventKind(f.integer(0, 8));
            e.reporterId = f.integer(0, 100);
            e.reporterText = f.text();
            e.source = f.text();
            e.starred = f.flag();
            e.seq = e.id;
            s.events.append(e);
            break;
        }
        case 'w': {
            WhyNode n;
            n.id = s.whyNodes.size() + 1;
            n.sessionId = 1;
            n.parentId = f.integer(0, 100);
            n.position = int(f.integer(-5, 100));
            n.text = f.text();
            n.rootCause = f.flag();
            n.evidence = ids(f.bytes());
            s.whyNodes.append(n);
            break;
        }
        case 'a': {
            ActionItem a;
            a.id = s.actions.size() + 1;
            a.sessionId = 1;
            a.what = f.text();
            a.owner = f.text();
            a.due = dateFrom(f.bytes());
            a.status = ActionStatus(f.integer(0, 3));
            a.priority = ActionPriority(f.integer(0, 3));
            a.type = ActionType(f.integer(0, 2));
            a.tracker = f.text();
            a.whyNodes = ids(f.bytes());
            a.themes = ids(f.bytes());
            a.position = int(s.actions.size());
            s.actions.append(a);
            break;
        }
        case 'r': {
            Round r;
            r.id = s.rounds.size() + 1;
            r.sessionId = 1;
            r.number = int(f.integer(-1, 1000));
            r.group = f.text();
            r.members = ids(f.bytes());
            r.durationSeconds = int(f.integer(0, 24 * 3600));
            s.rounds.append(r);
            break;
        }
        case 'i': {
            Idea i;
            i.id = s.ideas.size() + 1;
            i.sessionId = 1;
            i.roundId = f.integer(0, 100);
            i.text = f.text();
            i.authorId = f.integer(0, 100);
            i.themeId = f.integer(0, 100);
            i.revealed = f.flag();
            i.position = int(f.integer(-5, 100));
            s.ideas.append(i);
            break;
        }
        case 'm': {
            Theme t;
            t.id = s.themes.size() + 1;
            t.sessionId = 1;
            t.title = f.text();
            t.likelihood = int(f.integer(-1, 10));
            t.impact = int(f.integer(0, 5));
            t.position = int(f.integer(-5, 100));
            s.themes.append(t);
            break;
        }
        case 'V': {
            Vote v;
            v.sessionId = 1;
            v.themeId = f.integer(0, 100);
            v.participantId = f.integer(0, 100);
            v.dots = int(f.integer(0, 100));
            s.votes.append(v);
            break;
        }
        default: break;
        }
    }
    dump(reportcheck::check(s, options));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const char mode = bytes.at(0);
    const QList<QByteArray> records = bytes.mid(1).split(fuzzcheck::kRecordSeparator);
    const bool report = mode == 'R' || (mode != 'W' && (uchar(mode) & 1));
    if (report)
        reportMode(records);
    else
        writerMode(records);
    return 0;
}
