#pragma once

// Writes a session's Markdown report into memory and checks it: the generic well-formedness
// of markdowncheck.h, plus what reportwriter.h promises about the report's shape, so that no
// participant's text can add a section, a table row or a list item. Used by the Markdown and
// the JSON import fuzzers (an imported session must always give a well-formed report).

#include "markdowncheck.h"
#include "reportwriter.h"

#include <QBuffer>
#include <QHash>
#include <QSet>

namespace reportcheck {

using markdowncheck::Block;

inline QString dump(const QByteArray &md)
{
    return QStringLiteral("--- report ---\n") + QString::fromUtf8(md);
}

// The index of the level-2 heading with this (escaped) text, or -1.
inline qsizetype section(const QList<Block> &blocks, const QString &name)
{
    for (qsizetype i = 0; i < blocks.size(); ++i)
        if (blocks.at(i).kind == Block::Kind::Heading && blocks.at(i).level == 2
            && blocks.at(i).body == name)
            return i;
    return -1;
}

// The first block of `kind` after `from` and before the next level-2 heading, or -1.
inline qsizetype nextOf(const QList<Block> &blocks, qsizetype from, Block::Kind kind)
{
    for (qsizetype i = from + 1; i < blocks.size(); ++i) {
        if (blocks.at(i).kind == Block::Kind::Heading && blocks.at(i).level <= 2)
            return -1;
        if (blocks.at(i).kind == kind)
            return i;
    }
    return -1;
}

// Why nodes the report must show: those whose parent chain reaches a problem statement (no
// parent, a missing parent, or itself). Nodes caught in a cycle cannot be placed.
inline qsizetype placeableWhyNodes(const hindsight::SessionSnapshot &s)
{
    QHash<hindsight::Id, hindsight::Id> parent;
    for (const hindsight::WhyNode &n : s.whyNodes)
        parent.insert(n.id, n.parentId);
    qsizetype count = 0;
    for (const hindsight::WhyNode &n : s.whyNodes) {
        QSet<hindsight::Id> seen;
        hindsight::Id at = n.id;
        for (;;) {
            const hindsight::Id p = parent.value(at);
            if (p == 0 || p == at || !parent.contains(p)) {
                ++count;
                break;
            }
            if (seen.contains(at))
                break;
            seen.insert(at);
            at = p;
        }
    }
    return count;
}

inline void expectRows(
    const QList<Block> &blocks, const QString &heading, qsizetype rows, const QByteArray &md)
{
    const qsizetype h = section(blocks, heading);
    FUZZ_CHECK(h >= 0, QStringLiteral("missing section ") + heading + dump(md));
    const qsizetype t = nextOf(blocks, h, Block::Kind::Table);
    FUZZ_CHECK(t >= 0, QStringLiteral("no table under ") + heading + dump(md));
    FUZZ_CHECK(blocks.at(t).rows == rows,
        QStringLiteral("%1: %2 rows, expected %3").arg(heading).arg(blocks.at(t).rows).arg(rows)
            + dump(md));
}

// Writes the report and checks it; returns the Markdown.
inline QByteArray check(
    const hindsight::SessionSnapshot &s, const hindsight::ReportOptions &options)
{
    using hindsight::ReportOptions;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const hindsight::Status status = hindsight::writeReport(s, options, &buffer);
    const QByteArray md = buffer.data();
    if (!status) {
        // The only refusal: a display zone that is not a known IANA id, before any output.
        FUZZ_CHECK(status.error().code == hindsight::ErrorCode::InvalidInput
                && !options.timeZone.trimmed().isEmpty() && md.isEmpty(),
            status.error().message + dump(md));
        return md;
    }
    const QList<Block> blocks = markdowncheck::parse(md);

    // The title, then the metadata table; the title is the only level-1 heading.
    FUZZ_CHECK(blocks.size() >= 2 && blocks.at(0).kind == Block::Kind::Heading
            && blocks.at(0).level == 1 && blocks.at(1).kind == Block::Kind::Table
            && blocks.at(1).columns == 6 && blocks.at(1).rows == 1,
        QStringLiteral("title and metadata") + dump(md));
    static const QStringList sections {QStringLiteral("Summary"), QStringLiteral("Impact"),
        QStringLiteral("Key times"), QStringLiteral("Participants"), QStringLiteral("Timeline"),
        QStringLiteral("Why chains"), QStringLiteral("Action items"),
        QStringLiteral("Lessons learned"), QStringLiteral("The catastrophe"),
        QStringLiteral("Rounds"), QStringLiteral("Ideas"), QStringLiteral("Risk ranking"),
        QStringLiteral("Risk matrix"), QStringLiteral("Mitigations")};
    QSet<QString> seen;
    for (qsizetype i = 1; i < blocks.size(); ++i) {
        const Block &b = blocks.at(i);
        if (b.kind != Block::Kind::Heading)
            continue;
        FUZZ_CHECK(b.level != 1, QStringLiteral("a second level-1 heading") + dump(md));
        if (b.level == 2) {
            FUZZ_CHECK(sections.contains(b.body) && !seen.contains(b.body),
                QStringLiteral("an unknown or repeated section: ") + b.body + dump(md));
            seen.insert(b.body);
        }
    }

    const bool post = s.session.kind == hindsight::SessionKind::PostMortem;
    const auto on = [&options](ReportOptions::Section f) { return options.sections.testFlag(f); };
    if (post && on(ReportOptions::Timeline)) {
        qsizetype shown = 0;
        for (const hindsight::TimelineEvent &e : s.events)
            shown += !options.starredOnly || e.starred ? 1 : 0;
        if (shown > 0)
            expectRows(blocks, QStringLiteral("Timeline"), shown, md);
    }
    if (on(post ? ReportOptions::Actions : ReportOptions::Mitigations) && !s.actions.isEmpty()) {
        const QString heading =
            post ? QStringLiteral("Action items") : QStringLiteral("Mitigations");
        expectRows(blocks, heading, s.actions.size(), md);
        // The checklist: one task per action, ticked exactly when done.
        const qsizetype h = section(blocks, heading);
        const qsizetype list = nextOf(blocks, h, Block::Kind::List);
        FUZZ_CHECK(list >= 0 && blocks.at(list).tasks.size() == s.actions.size(),
            QStringLiteral("checklist items") + dump(md));
        for (qsizetype i = 0; i < s.actions.size(); ++i)
            FUZZ_CHECK(blocks.at(list).tasks.at(i)
                        == (s.actions.at(i).status == hindsight::ActionStatus::Done ? 1 : 0)
                    && blocks.at(list).depths.at(i) == 0,
                QStringLiteral("checklist item %1").arg(i) + dump(md));
    }
    if (post && on(ReportOptions::WhyChains) && !s.whyNodes.isEmpty()) {
        // Only a cycle (which neither storage nor the JSON import lets in) leaves none.
        const qsizetype h = section(blocks, QStringLiteral("Why chains"));
        const qsizetype list = nextOf(blocks, h, Block::Kind::List);
        const qsizetype placeable = placeableWhyNodes(s);
        FUZZ_CHECK(h >= 0
                && (placeable == 0 ? list < 0
                                   : list >= 0 && blocks.at(list).depths.size() == placeable),
            QStringLiteral("why chain items") + dump(md));
    }
    if (on(ReportOptions::Participants) && !s.participants.isEmpty()) {
        QSet<QString> departments;
        for (const hindsight::Participant &p : s.participants)
            departments.insert(p.department.trimmed());
        const qsizetype h = section(blocks, QStringLiteral("Participants"));
        const qsizetype list = nextOf(blocks, h, Block::Kind::List);
        FUZZ_CHECK(h >= 0 && list >= 0
                && blocks.at(list).depths.size() == departments.size() + s.participants.size(),
            QStringLiteral("participant items") + dump(md));
    }
    if (!post && on(ReportOptions::Rounds) && !s.rounds.isEmpty())
        expectRows(blocks, QStringLiteral("Rounds"), s.rounds.size(), md);
    if (!post && on(ReportOptions::RiskMatrix) && !s.themes.isEmpty())
        expectRows(blocks, QStringLiteral("Risk matrix"), 11, md);
    return md;
}

} // namespace reportcheck
