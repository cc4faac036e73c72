#pragma once

// Test helper: renders Markdown with the real cmark-gfm (the parser closest to GitHub's) and
// reads its HTML back as a small element tree, so tests check what a reader would see rather
// than what the writer meant to write. Header-only; used by tst_markdownwriter and
// tst_reportwriter.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QXmlStreamReader>

#include <memory>

namespace cmarkgfm {

struct Node {
    QString name; // element name; empty for a text node
    QString text; // text nodes only
    QMap<QString, QString> attributes;
    QList<std::shared_ptr<Node>> children;

    bool isElement() const { return !name.isEmpty(); }

    QList<const Node *> elements() const
    {
        QList<const Node *> out;
        for (const auto &c : children)
            if (c->isElement())
                out.append(c.get());
        return out;
    }

    // Every descendant element named `n`, in document order.
    QList<const Node *> findAll(const QString &n) const
    {
        QList<const Node *> out;
        for (const auto &c : children) {
            if (!c->isElement())
                continue;
            if (c->name == n)
                out.append(c.get());
            out += c->findAll(n);
        }
        return out;
    }

    QSet<QString> elementNames() const
    {
        QSet<QString> out;
        for (const auto &c : children) {
            if (!c->isElement())
                continue;
            out.insert(c->name);
            out.unite(c->elementNames());
        }
        return out;
    }

    // Text as a reader sees it: entities decoded by the XML reader, <br> as '\n'.
    QString textContent() const
    {
        if (!isElement())
            return text;
        if (name == QLatin1String("br"))
            return QStringLiteral("\n");
        QString out;
        for (const auto &c : children)
            out += c->textContent();
        return out;
    }
};

inline QString executable()
{
    return QStandardPaths::findExecutable(QStringLiteral("cmark-gfm"));
}

// GitHub's extensions, with raw HTML let through (--unsafe) so that any HTML the writer
// failed to escape would show up in the output instead of being silently dropped.
inline bool toHtml(const QByteArray &markdown, QByteArray *html, QString *error)
{
    const QString exe = executable();
    if (exe.isEmpty()) {
        *error = QStringLiteral("cmark-gfm not found in PATH: install the Debian package "
                                "'cmark-gfm' (CI installs it)");
        return false;
    }
    QProcess p;
    p.start(exe,
        {QStringLiteral("-e"), QStringLiteral("table"), QStringLiteral("-e"),
            QStringLiteral("tasklist"), QStringLiteral("-e"), QStringLiteral("strikethrough"),
            QStringLiteral("-e"), QStringLiteral("autolink"), QStringLiteral("--unsafe")});
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cmark-gfm did not start: ") + p.errorString();
        return false;
    }
    p.write(markdown);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("cmark-gfm failed: ") + QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    *html = p.readAllStandardOutput();
    return true;
}

// cmark-gfm writes XHTML-style void elements, except for raw HTML passed through: the only
// raw HTML the writer emits is <br>, which is closed here so the whole output parses as XML.
// Anything else unclosed makes parsing fail, which the caller reports as a failure.
inline std::shared_ptr<Node> parse(QByteArray html, QString *error)
{
    html.replace("<br />\n", "<br />");
    html.replace("<br>", "<br />");
    QXmlStreamReader xml(QByteArray("<root>") + html + QByteArray("</root>"));
    auto root = std::make_shared<Node>();
    root->name = QStringLiteral("root");
    QList<Node *> stack {root.get()};
    bool first = true;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (first) { // <root> itself
                first = false;
                continue;
            }
            auto n = std::make_shared<Node>();
            n->name = xml.name().toString();
            for (const auto &a : xml.attributes())
                n->attributes.insert(a.name().toString(), a.value().toString());
            stack.constLast()->children.append(n);
            stack.append(n.get());
        } else if (token == QXmlStreamReader::EndElement) {
            if (stack.size() > 1)
                stack.removeLast();
        } else if (token == QXmlStreamReader::Characters) {
            auto n = std::make_shared<Node>();
            n->text = xml.text().toString();
            stack.constLast()->children.append(n);
        }
    }
    if (xml.hasError()) {
        *error = QStringLiteral("cmark-gfm output is not well-formed (raw HTML got through?): ")
            + xml.errorString() + QStringLiteral("\n") + QString::fromUtf8(html);
        return nullptr;
    }
    return root;
}

inline std::shared_ptr<Node> render(const QByteArray &markdown, QString *error)
{
    QByteArray html;
    if (!toHtml(markdown, &html, error))
        return nullptr;
    return parse(html, error);
}

// A table's cells as text: the header row first, then the body rows.
inline QList<QStringList> tableCells(const Node &table)
{
    QList<QStringList> rows;
    for (const Node *tr : table.findAll(QStringLiteral("tr"))) {
        QStringList cells;
        for (const Node *cell : tr->elements())
            cells.append(cell->textContent());
        rows.append(cells);
    }
    return rows;
}

} // namespace cmarkgfm
