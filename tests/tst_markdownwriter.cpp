#include "markdownwriter.h"

#include "cmarkgfm.h"

#include <QBuffer>
#include <QTest>

#include <functional>

using namespace hindsight;

namespace {

QString withChar(const char *before, char16_t c, const char *after)
{
    return QString::fromUtf8(before) + QChar(c) + QString::fromUtf8(after);
}

QByteArray writeDoc(const std::function<void(MarkdownWriter &)> &body)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    MarkdownWriter w(&buffer);
    body(w);
    if (!w.ok())
        qWarning("writer failed: %s", qPrintable(w.status().error().detail));
    return buffer.data();
}

// A device that accepts `budget` bytes and then fails, like a full disk.
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 budget)
        : m_budget(budget)
    {
        open(QIODevice::WriteOnly);
    }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 len) override
    {
        if (m_budget < len) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_budget -= len;
        return len;
    }

private:
    qint64 m_budget;
};

QStringList names(const QList<const cmarkgfm::Node *> &nodes)
{
    QStringList out;
    for (const auto *n : nodes)
        out.append(n->name);
    return out;
}

} // namespace

class TestMarkdownWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void escaping_data();
    void escaping();
    void escapedForms();
    void piecesDoNotJoinIntoLinks_data();
    void piecesDoNotJoinIntoLinks();
    void tableShape();
    void lists();
    void links_data();
    void links();
    void strongAndEmphasis();
    void ruleAfterParagraph();
    void deviceErrors();
    void utf8();
};

void TestMarkdownWriter::initTestCase()
{
    if (cmarkgfm::executable().isEmpty())
        QFAIL("cmark-gfm not found in PATH: these tests check the output with the real parser. "
              "Install the Debian package 'cmark-gfm' (CI installs it).");
}

void TestMarkdownWriter::escaping_data()
{
    QTest::addColumn<QString>("input");
    // What a reader must see, in a paragraph, list item, quote and table cell alike: the
    // input itself, except that control characters and bidi overrides are gone, line endings
    // are '\n' and the blanks around each line are trimmed.
    QTest::addColumn<QString>("expected");

    auto same = [](const char *name, const char *text) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(text);
    };
    auto changed = [](const char *name, const QString &in, const QString &out) {
        QTest::newRow(name) << in << out;
    };
    same("plain", "Database failover");
    same("pipes", "a | b || c");
    same("pipes at the edges", "|start and end|");
    same("script", "<script>alert(1)</script>");
    same("bold tag", "<b>bold</b>");
    same("html comment", "<!-- hidden -->");
    same("javascript link", "[x](javascript:alert(1))");
    same("image", "![img](http://example.com/a.png)");
    same("angle autolink", "<https://example.com>");
    same("bare url", "see https://evil.example.com/x?a=1&b=2 now");
    same("www", "www.example.com");
    same("link reference definition", "[foo]: https://evil.example.com");
    same("leading hash", "# not a heading");
    same("closing hashes", "### x ###");
    same("backticks", "`rm -rf /`");
    same("backtick fence", "```\ncode\n```");
    same("tilde fence", "~~~\ncode\n~~~");
    same("stars", "*stars* and **strong**");
    same("underscores", "_under_ and __strong__ snake_case_name");
    same("strikethrough", "~~strike~~ and ~one~");
    same("setext equals", "Title\n===");
    same("setext dashes", "Title\n---");
    same("thematic break", "***");
    same("dashes only", "---");
    same("underscore rule", "___");
    same("ordered list", "1. first");
    same("ordered paren", "2) second");
    same("bullets", "- a\n+ b\n* c");
    same("quote", "> quoted");
    same("entities", "&amp; &lt;b&gt; &#60;script&#62; &nbsp;&copy;");
    same("ampersands", "R&D & Ops");
    same("newline", "line one\nline two");
    same("blank lines inside", "a\n\n\nb");
    same("backslashes", "C:\\path\\ and \\| and \\* and \\");
    same("task marker", "[ ] not a task [x]");
    same("table row", "| a | b |\n| --- | --- |");
    same("footnote", "text[^1]");
    same("braces, dollars, plus, equals, bang", "{x} $y$ 1+1=2 wow!");
    same("dates, versions, abbreviations", "SEV-2 at 2017-01-31 v1.2 e.g. -x x- a.b.");
    same("mentions and issue refs", "@here see #123");
    same("emoji", "🔥 deploy 👩‍💻 👨‍👩‍👧 ✅");
    same("arabic and hebrew", "خطأ في الخادم שגיאה");
    changed("crlf and cr", QStringLiteral("a\r\nb\rc"), QStringLiteral("a\nb\nc"));
    changed("nul", withChar("a", 0, "b"), QStringLiteral("ab"));
    changed("escape sequence", withChar("red", 0x1b, "[31m text"), QStringLiteral("red[31m text"));
    changed("bell and del", withChar("x", 0x07, "y") + QChar(0x7f), QStringLiteral("xy"));
    changed(
        "rtl override", withChar("invoice", 0x202E, "gnp.exe"), QStringLiteral("invoicegnp.exe"));
    changed("line separator", withChar("a", 0x2028, "b"), QStringLiteral("a\nb"));
    changed("indented code", QStringLiteral("    four spaces"), QStringLiteral("four spaces"));
    changed("tabs", QStringLiteral("\tindented\ttab"), QStringLiteral("indented\ttab"));
    changed("blank edges", QStringLiteral("\n\n  x  \n\n"), QStringLiteral("x"));
    changed("trailing spaces", QStringLiteral("hard  \n  break"), QStringLiteral("hard\nbreak"));
}

// Text is escaped piece by piece (MdInline::text), and pieces are joined afterwards: a piece
// cannot see its neighbour, so what would make a link only with it must be escaped anyway.
// Found by fuzz_markdownwriter ("https:" then "//example.com").
void TestMarkdownWriter::piecesDoNotJoinIntoLinks_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::newRow("scheme, then slashes")
        << QStringLiteral("see https:") << QStringLiteral("//example.com/a");
    QTest::newRow("scheme and a slash, then a slash")
        << QStringLiteral("see https:/") << QStringLiteral("/example.com/a");
    QTest::newRow("scheme, then slashes, with a control character between")
        << QStringLiteral("see https:\x1f") << QStringLiteral("//example.com/a");
    QTest::newRow("ww, then w.") << QStringLiteral("see ww") << QStringLiteral("w.example.com");
    QTest::newRow("w, then ww.") << QStringLiteral("see w") << QStringLiteral("ww.example.com");
}

void TestMarkdownWriter::piecesDoNotJoinIntoLinks()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    const QByteArray md = writeDoc([&](MarkdownWriter &w) {
        w.paragraph(MdInline::text(first) + MdInline::text(second));
        w.listItem(MdInline::text(first) + MdInline::text(second));
        w.endList();
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    QVERIFY2(!root->elementNames().contains(QStringLiteral("a")), md.constData());
    // And the text reads as typed (control characters aside).
    const QString typed = QString(first + second).remove(QChar(0x1f));
    QVERIFY2(root->textContent().contains(typed), qPrintable(root->textContent()));
}

void TestMarkdownWriter::escaping()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const QString cell = MarkdownWriter::escapeCell(input);
    QVERIFY2(!cell.contains(QLatin1Char('\n')), qPrintable(cell));

    const QByteArray md = writeDoc([&](MarkdownWriter &w) {
        w.heading(2, input);
        w.paragraph(input);
        w.listItem(input);
        w.endList();
        w.taskItem(false, input);
        w.blockquote(input);
        w.table(QStringList {QStringLiteral("Text"), QStringLiteral("Check")},
            {QStringList {input, QStringLiteral("x")}});
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error + QStringLiteral("\n") + QString::fromUtf8(md)));
    const QString context = QStringLiteral("\nMarkdown:\n") + QString::fromUtf8(md);

    // Exactly the blocks written, nothing the user typed turned into structure.
    QCOMPARE(names(root->elements()),
        (QStringList {QStringLiteral("h2"), QStringLiteral("p"), QStringLiteral("ul"),
            QStringLiteral("ul"), QStringLiteral("blockquote"), QStringLiteral("table")}));
    const QSet<QString> allowed {QStringLiteral("h2"), QStringLiteral("p"), QStringLiteral("ul"),
        QStringLiteral("li"), QStringLiteral("input"), QStringLiteral("blockquote"),
        QStringLiteral("table"), QStringLiteral("thead"), QStringLiteral("tbody"),
        QStringLiteral("tr"), QStringLiteral("th"), QStringLiteral("td"), QStringLiteral("br")};
    const QSet<QString> unexpected = root->elementNames() - allowed;
    QVERIFY2(unexpected.isEmpty(),
        qPrintable(QStringList(unexpected.values()).join(QLatin1Char(',')) + context));
    // Line breaks are the only inline element anywhere.
    const auto blocks = root->elements();
    for (const auto *p : {blocks.at(0), blocks.at(1)})
        for (const auto *e : p->elements())
            QVERIFY2(e->name == QLatin1String("br"), qPrintable(e->name + context));

    QString headingText = expected;
    headingText.replace(QLatin1Char('\n'), QLatin1Char(' '));
    QCOMPARE(blocks.at(0)->textContent(), headingText);
    QCOMPARE(blocks.at(1)->textContent(), expected);

    const auto items = blocks.at(2)->elements();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.at(0)->textContent(), expected);

    const auto tasks = blocks.at(3)->elements();
    QCOMPARE(tasks.size(), 1);
    const auto checkbox = tasks.at(0)->findAll(QStringLiteral("input"));
    QCOMPARE(checkbox.size(), 1);
    QVERIFY(!checkbox.at(0)->attributes.contains(QStringLiteral("checked")));
    QString taskText = tasks.at(0)->textContent();
    QVERIFY(taskText.startsWith(QLatin1Char(' ')));
    QCOMPARE(taskText.mid(1), expected);

    const auto quoted = blocks.at(4)->elements();
    QCOMPARE(names(quoted), QStringList {QStringLiteral("p")});
    QCOMPARE(quoted.at(0)->textContent(), expected);

    const auto rows = cmarkgfm::tableCells(*blocks.at(5));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0), (QStringList {QStringLiteral("Text"), QStringLiteral("Check")}));
    QCOMPARE(rows.at(1).size(), 2);
    QCOMPARE(rows.at(1).at(0), expected);
    QCOMPARE(rows.at(1).at(1), QStringLiteral("x"));
}

void TestMarkdownWriter::escapedForms()
{
    // The static forms are what the writer uses; pin the properties callers rely on.
    QCOMPARE(MarkdownWriter::escapeCell(QStringLiteral("a\nb|c")), QStringLiteral("a<br>b\\|c"));
    QCOMPARE(MarkdownWriter::escapeInline(QStringLiteral("a\n  b")), QStringLiteral("a\\\nb"));
    QCOMPARE(MarkdownWriter::escapeInline(QStringLiteral("<b>&~")),
        QStringLiteral("&lt;b\\>&amp;&#126;"));
    QCOMPARE(MarkdownWriter::escapeCell(QString()), QString());
    // Every '|' that reaches a cell is escaped: an odd number of backslashes precedes it.
    const QString cell = MarkdownWriter::escapeCell(QStringLiteral("\\|\\\\|| |"));
    for (qsizetype i = 0; i < cell.size(); ++i) {
        if (cell.at(i) != QLatin1Char('|'))
            continue;
        qsizetype n = 0;
        while (i - n - 1 >= 0 && cell.at(i - n - 1) == QLatin1Char('\\'))
            ++n;
        QVERIFY2(n % 2 == 1, qPrintable(cell));
    }
}

void TestMarkdownWriter::tableShape()
{
    using A = MarkdownWriter::Align;
    const QByteArray md = writeDoc([](MarkdownWriter &w) {
        w.table(QStringList {QStringLiteral("L"), QStringLiteral("C"), QStringLiteral("R"),
                    QStringLiteral("")},
            {QStringList {QStringLiteral("1")}, // short: padded
                QStringList {QString(), QString(), QString(), QString()},
                QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                    QStringLiteral("d"), QStringLiteral("extra")}}, // long: cut
            {A::Left, A::Center, A::Right});
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    const auto tables = root->findAll(QStringLiteral("table"));
    QCOMPARE(tables.size(), 1);
    const auto rows = cmarkgfm::tableCells(*tables.at(0));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0),
        (QStringList {QStringLiteral("L"), QStringLiteral("C"), QStringLiteral("R"), QString()}));
    QCOMPARE(rows.at(1), (QStringList {QStringLiteral("1"), QString(), QString(), QString()}));
    QCOMPARE(rows.at(2), (QStringList {QString(), QString(), QString(), QString()}));
    QCOMPARE(rows.at(3),
        (QStringList {
            QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
    const auto th = tables.at(0)->findAll(QStringLiteral("th"));
    QCOMPARE(th.at(0)->attributes.value(QStringLiteral("align")), QStringLiteral("left"));
    QCOMPARE(th.at(1)->attributes.value(QStringLiteral("align")), QStringLiteral("center"));
    QCOMPARE(th.at(2)->attributes.value(QStringLiteral("align")), QStringLiteral("right"));
    QVERIFY(!th.at(3)->attributes.contains(QStringLiteral("align")));

    // A table without columns is refused, not written half.
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    MarkdownWriter w(&buffer);
    QVERIFY(!w.table(QStringList {}, {}));
    QVERIFY(!w.status().ok());
}

void TestMarkdownWriter::lists()
{
    const QByteArray md = writeDoc([](MarkdownWriter &w) {
        w.listItem(QStringLiteral("one"));
        w.listItem(QStringLiteral("one.a\nsecond line"), 1);
        w.listItem(QStringLiteral("one.a.i"), 7); // capped to depth 2
        w.listItem(QStringLiteral("two"));
        w.endList();
        w.taskItem(true, QStringLiteral("done"));
        w.taskItem(false, QStringLiteral("open"));
        w.paragraph(QStringLiteral("after"));
        w.bulletList({QStringLiteral("x"), QStringLiteral("y")});
        w.bulletList({QStringLiteral("z")});
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    const QString context = QString::fromUtf8(md);
    QCOMPARE(names(root->elements()),
        (QStringList {QStringLiteral("ul"), QStringLiteral("ul"), QStringLiteral("p"),
            QStringLiteral("ul"), QStringLiteral("ul")}));
    QVERIFY2(root->findAll(QStringLiteral("pre")).isEmpty(), qPrintable(context));
    const auto blocks = root->elements();

    const auto outer = blocks.at(0)->elements();
    QCOMPARE(names(outer), (QStringList {QStringLiteral("li"), QStringLiteral("li")}));
    QCOMPARE(outer.at(1)->textContent(), QStringLiteral("two"));
    const auto level1 = outer.at(0)->findAll(QStringLiteral("ul"));
    QCOMPARE(level1.size(), 2); // depth 1 and the capped depth 2 inside it
    const auto level1Items = level1.at(0)->elements();
    QCOMPARE(level1Items.size(), 1);
    QVERIFY(level1Items.at(0)->textContent().startsWith(QStringLiteral("one.a\nsecond line")));
    QCOMPARE(level1.at(1)->elements().at(0)->textContent(), QStringLiteral("one.a.i"));

    const auto tasks = blocks.at(1)->findAll(QStringLiteral("input"));
    QCOMPARE(tasks.size(), 2);
    QVERIFY(tasks.at(0)->attributes.contains(QStringLiteral("checked")));
    QVERIFY(!tasks.at(1)->attributes.contains(QStringLiteral("checked")));

    QCOMPARE(blocks.at(3)->elements().size(), 2);
    QCOMPARE(blocks.at(4)->elements().size(), 1);
}

void TestMarkdownWriter::links_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("linked");
    QTest::newRow("https") << "https://tracker.example.com/browse/OPS-123" << true;
    QTest::newRow("http with query") << "http://example.com/a?b=1&c=(2)" << true;
    QTest::newRow("entity-like query") << "https://example.com/?x=&amp;y" << true;
    QTest::newRow("angle brackets and space") << "https://example.com/a b<c>" << true;
    QTest::newRow("backslash") << "https://example.com/a\\)b" << true;
    QTest::newRow("javascript") << "javascript:alert(1)" << false;
    QTest::newRow("JavaScript mixed case") << "JaVaScRiPt:alert(1)" << false;
    QTest::newRow("data") << "data:text/html,<script>alert(1)</script>" << false;
    QTest::newRow("relative") << "/etc/passwd" << false;
    QTest::newRow("no host") << "https:///x" << false;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("issue key") << "OPS-123" << false;
}

void TestMarkdownWriter::links()
{
    QFETCH(QString, url);
    QFETCH(bool, linked);
    const QUrl u(url);
    QCOMPARE(MdInline::isLinkable(u), linked);
    const QString label = QStringLiteral("[ticket](x) <b>");
    const QByteArray md = writeDoc([&](MarkdownWriter &w) {
        w.paragraph(MdInline::text(QStringLiteral("See ")) + MdInline::link(label, u));
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    const auto anchors = root->findAll(QStringLiteral("a"));
    QCOMPARE(anchors.size(), linked ? 1 : 0);
    QCOMPARE(root->textContent().trimmed(), QStringLiteral("See ") + label);
    if (linked) {
        QCOMPARE(anchors.at(0)->attributes.value(QStringLiteral("href")),
            u.toString(QUrl::FullyEncoded));
        QCOMPARE(anchors.at(0)->textContent(), label);
    }
}

void TestMarkdownWriter::strongAndEmphasis()
{
    QVERIFY(MdInline::strong(QStringLiteral("  ")).isEmpty());
    QVERIFY(MdInline::emphasis(QString()).isEmpty());
    const QByteArray md = writeDoc([](MarkdownWriter &w) {
        w.paragraph(MdInline::strong(QStringLiteral("Root cause:"))
            + MdInline::text(QStringLiteral(" a*b_c")) + MdInline::lineBreak()
            + MdInline::emphasis(QStringLiteral("note *x*")));
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    const auto strong = root->findAll(QStringLiteral("strong"));
    QCOMPARE(strong.size(), 1);
    QCOMPARE(strong.at(0)->textContent(), QStringLiteral("Root cause:"));
    const auto em = root->findAll(QStringLiteral("em"));
    QCOMPARE(em.size(), 1);
    QCOMPARE(em.at(0)->textContent(), QStringLiteral("note *x*"));
    QCOMPARE(root->findAll(QStringLiteral("p")).at(0)->textContent(),
        QStringLiteral("Root cause: a*b_c\nnote *x*"));
}

void TestMarkdownWriter::ruleAfterParagraph()
{
    const QByteArray md = writeDoc([](MarkdownWriter &w) {
        w.paragraph(QStringLiteral("Not a heading"));
        w.horizontalRule();
        w.heading(9, QStringLiteral("Level capped"));
        w.heading(0, QStringLiteral("Level raised"));
    });
    QString error;
    const auto root = cmarkgfm::render(md, &error);
    QVERIFY2(root, qPrintable(error));
    QCOMPARE(names(root->elements()),
        (QStringList {QStringLiteral("p"), QStringLiteral("hr"), QStringLiteral("h6"),
            QStringLiteral("h1")}));
}

void TestMarkdownWriter::deviceErrors()
{
    {
        QBuffer closed;
        MarkdownWriter w(&closed);
        QVERIFY(!w.paragraph(QStringLiteral("x")));
        QCOMPARE(w.status().error().code, ErrorCode::Io);
    }
    {
        QBuffer readOnly;
        readOnly.open(QIODevice::ReadOnly);
        MarkdownWriter w(&readOnly);
        QVERIFY(!w.heading(1, QStringLiteral("x")));
        QVERIFY(!w.status().ok());
    }
    {
        FailingDevice full(20);
        MarkdownWriter w(&full);
        QVERIFY(w.paragraph(QStringLiteral("short")));
        QVERIFY(!w.paragraph(QStringLiteral("this one does not fit any more")));
        QVERIFY(!w.listItem(QStringLiteral("nor this")));
        const Status s = w.status();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Io);
        QCOMPARE(s.error().detail, QStringLiteral("No space left on device"));
    }
}

void TestMarkdownWriter::utf8()
{
    const QString text = QStringLiteral("Fehler bei der Überweisung 🔥");
    const QByteArray md = writeDoc([&](MarkdownWriter &w) { w.paragraph(text); });
    QCOMPARE(md, text.toUtf8() + QByteArray("\n"));
}

QTEST_GUILESS_MAIN(TestMarkdownWriter)
#include "tst_markdownwriter.moc"
