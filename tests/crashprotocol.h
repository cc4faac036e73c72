#pragma once

// The line protocol between hindsight_crashdriver and the tests that run it (tst_crash,
// tst_twoprocesses), and the bookkeeping those tests share: what was acknowledged, and how
// that compares with what a reopened workspace holds.
//
// The driver writes one line per step, each with a single write(2) and before the next step
// starts:
//   try <kind> <id> <fields> <text>     the edit is about to start (id 0 for an add)
//   ack <kind> <id> <fields> <text>     the call returned success: the edit must be on disk
//   fail <kind> <code> <message>        the call returned an error
//   done <edits> <fails> <median µs> <p99 µs> <max µs>   COUNT edits made, normal exit
// where <kind> <fields> is one of
//   event                     update-event
//   why <parent> <evidence>   action <why> <due> <owner>
// and <text> runs to the end of the line (it never holds a line break).

#include "domain.h"
#include "workspace.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>

#include <optional>

namespace hindsight::crash {

enum class Verb { Try, Ack, Fail, Done };
enum class Kind { Event, UpdateEvent, Why, Action };

inline QString kindName(Kind k)
{
    switch (k) {
    case Kind::Event: return QStringLiteral("event");
    case Kind::UpdateEvent: return QStringLiteral("update-event");
    case Kind::Why: return QStringLiteral("why");
    case Kind::Action: return QStringLiteral("action");
    }
    return {};
}

inline std::optional<Kind> kindFromName(QStringView name)
{
    for (Kind k : {Kind::Event, Kind::UpdateEvent, Kind::Why, Kind::Action}) {
        if (name == kindName(k))
            return k;
    }
    return std::nullopt;
}

struct Line {
    Verb verb = Verb::Ack;
    Kind kind = Kind::Event;
    Id id = 0;
    Id parent = 0; // why: the node it answers (0: a problem statement)
    Id link = 0; // why: an evidence event; action: the why node it addresses (0: none)
    QDate due; // action
    QString owner; // action; never contains a space
    QString text; // event text, why text, action "what"; for fail: the message
    QString errorCode; // fail
    QList<qint64> figures; // done
};

inline QByteArray formatLine(const Line &l)
{
    QString s;
    switch (l.verb) {
    case Verb::Fail:
        s = QStringLiteral("fail %1 %2 %3").arg(kindName(l.kind), l.errorCode, l.text);
        break;
    case Verb::Done: {
        QStringList parts {QStringLiteral("done")};
        for (qint64 f : l.figures)
            parts.append(QString::number(f));
        s = parts.join(QLatin1Char(' '));
        break;
    }
    case Verb::Try:
    case Verb::Ack:
        s = (l.verb == Verb::Try ? QStringLiteral("try ") : QStringLiteral("ack "))
            + kindName(l.kind) + QLatin1Char(' ') + QString::number(l.id);
        if (l.kind == Kind::Why)
            s += QStringLiteral(" %1 %2").arg(l.parent).arg(l.link);
        else if (l.kind == Kind::Action)
            s += QStringLiteral(" %1 %2 %3").arg(l.link).arg(l.due.toString(Qt::ISODate), l.owner);
        s += QLatin1Char(' ') + l.text;
        break;
    }
    // A line break inside a text would split one record into two; the driver never makes one.
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s.toUtf8() + '\n';
}

// Parses one complete line (without its '\n'); nullopt for anything malformed.
inline std::optional<Line> parseLine(const QByteArray &raw)
{
    const QString s = QString::fromUtf8(raw);
    qsizetype pos = 0;
    auto token = [&]() -> QStringView {
        const qsizetype end = s.indexOf(QLatin1Char(' '), pos);
        const QStringView t = QStringView(s).mid(pos, end < 0 ? -1 : end - pos);
        pos = end < 0 ? s.size() : end + 1;
        return t;
    };
    auto number = [&](Id *out) {
        bool ok = false;
        *out = token().toLongLong(&ok);
        return ok;
    };
    Line l;
    const QStringView verb = token();
    if (verb == u"done") {
        l.verb = Verb::Done;
        while (pos < s.size()) {
            Id f = 0;
            if (!number(&f))
                return std::nullopt;
            l.figures.append(f);
        }
        return l;
    }
    if (verb == u"fail")
        l.verb = Verb::Fail;
    else if (verb == u"try")
        l.verb = Verb::Try;
    else if (verb == u"ack")
        l.verb = Verb::Ack;
    else
        return std::nullopt;
    const auto kind = kindFromName(token());
    if (!kind)
        return std::nullopt;
    l.kind = *kind;
    if (l.verb == Verb::Fail) {
        l.errorCode = token().toString();
        l.text = s.mid(pos);
        return l;
    }
    if (!number(&l.id))
        return std::nullopt;
    if (l.kind == Kind::Why && !(number(&l.parent) && number(&l.link)))
        return std::nullopt;
    if (l.kind == Kind::Action) {
        if (!number(&l.link))
            return std::nullopt;
        l.due = QDate::fromString(token().toString(), Qt::ISODate);
        l.owner = token().toString();
        if (!l.due.isValid() || l.owner.isEmpty())
            return std::nullopt;
    }
    if (pos > s.size())
        return std::nullopt;
    l.text = s.mid(pos);
    return l;
}

// Splits what a driver wrote into complete lines. A last line without its '\n' (the process
// was killed while writing it) does not count: only a complete line is an acknowledgement.
struct Transcript {
    QList<Line> lines;
    int malformed = 0;
    int partialTail = 0; // bytes after the last '\n'
};

inline Transcript readTranscript(const QByteArray &output)
{
    Transcript t;
    const qsizetype lastBreak = output.lastIndexOf('\n');
    t.partialTail = int(output.size() - (lastBreak + 1));
    if (lastBreak < 0)
        return t;
    for (const QByteArray &raw : output.left(lastBreak).split('\n')) {
        if (auto l = parseLine(raw))
            t.lines.append(*l);
        else
            ++t.malformed;
    }
    return t;
}

// The edit that was started but whose outcome was never printed: it may or may not be on disk.
inline std::optional<Line> inFlight(const Transcript &t)
{
    if (!t.lines.isEmpty() && t.lines.last().verb == Verb::Try)
        return t.lines.last();
    return std::nullopt;
}

// Everything acknowledged so far, as it must be on disk.
struct Expected {
    QHash<Id, QString> events; // id -> latest acknowledged text
    QHash<Id, Line> whys;
    QHash<Id, Line> actions;
    int acks = 0;

    // Records an acknowledged edit; returns a problem when the ack contradicts earlier ones.
    QString apply(const Line &ack)
    {
        ++acks;
        const QString where = kindName(ack.kind) + QLatin1Char(' ') + QString::number(ack.id);
        switch (ack.kind) {
        case Kind::Event:
            if (events.contains(ack.id))
                return QStringLiteral("%1 acknowledged twice").arg(where);
            events.insert(ack.id, ack.text);
            break;
        case Kind::UpdateEvent:
            if (!events.contains(ack.id))
                return QStringLiteral("%1 updates an event never acknowledged").arg(where);
            events.insert(ack.id, ack.text);
            break;
        case Kind::Why:
            if (whys.contains(ack.id))
                return QStringLiteral("%1 acknowledged twice").arg(where);
            whys.insert(ack.id, ack);
            break;
        case Kind::Action:
            if (actions.contains(ack.id))
                return QStringLiteral("%1 acknowledged twice").arg(where);
            actions.insert(ack.id, ack);
            break;
        }
        return {};
    }
    qsizetype rows() const { return events.size() + whys.size() + actions.size(); }
};

// One session's rows as a reopened workspace returns them.
struct Disk {
    QHash<Id, TimelineEvent> events;
    QHash<Id, WhyNode> whys;
    QHash<Id, ActionItem> actions;
    qsizetype rows() const { return events.size() + whys.size() + actions.size(); }
};

inline Result<Disk> readDisk(const Workspace &ws, Id sessionId)
{
    Disk d;
    auto events = ws.events(sessionId);
    if (!events)
        return events.error();
    for (const TimelineEvent &e : *events)
        d.events.insert(e.id, e);
    auto whys = ws.whyNodes(sessionId);
    if (!whys)
        return whys.error();
    for (const WhyNode &n : *whys)
        d.whys.insert(n.id, n);
    auto actions = ws.actions(sessionId);
    if (!actions)
        return actions.error();
    for (const ActionItem &a : *actions)
        d.actions.insert(a.id, a);
    return d;
}

inline bool sameWhy(const Line &l, const WhyNode &n)
{
    return n.text == l.text && n.parentId == l.parent
        && n.evidence == (l.link ? QList<Id> {l.link} : QList<Id> {});
}

inline bool sameAction(const Line &l, const ActionItem &a)
{
    return a.what == l.text && a.owner == l.owner && a.due == l.due
        && a.whyNodes == (l.link ? QList<Id> {l.link} : QList<Id> {});
}

struct Comparison {
    QStringList problems;
    bool inFlightLanded = false;
    int rowsChecked = 0;
};

// Checks every acknowledged edit against the disk. With `exact`, the disk may hold nothing
// else except the in-flight edit, which is then adopted into `expected` (it is durable now).
// Without it (a reader while writers still run), rows not acknowledged yet are allowed and
// event texts are not compared (a later, unread update may already be committed).
inline Comparison compare(
    Expected &expected, const Disk &disk, const std::optional<Line> &pending, bool exact)
{
    Comparison c;
    auto problem = [&](const QString &p) {
        if (c.problems.size() < 20)
            c.problems.append(p);
    };
    std::optional<QString> updateLanded;
    for (auto it = expected.events.cbegin(); it != expected.events.cend(); ++it) {
        ++c.rowsChecked;
        const auto found = disk.events.constFind(it.key());
        if (found == disk.events.cend()) {
            problem(QStringLiteral("acknowledged event %1 is missing").arg(it.key()));
            continue;
        }
        if (!exact || found->text == it.value())
            continue;
        if (pending && pending->kind == Kind::UpdateEvent && pending->id == it.key()
            && found->text == pending->text) {
            updateLanded = pending->text;
            continue;
        }
        problem(QStringLiteral("event %1 holds “%2”, acknowledged “%3”")
                    .arg(it.key())
                    .arg(found->text, it.value()));
    }
    for (auto it = expected.whys.cbegin(); it != expected.whys.cend(); ++it) {
        ++c.rowsChecked;
        const auto found = disk.whys.constFind(it.key());
        if (found == disk.whys.cend())
            problem(QStringLiteral("acknowledged why %1 is missing").arg(it.key()));
        else if (!sameWhy(*it, *found))
            problem(QStringLiteral("why %1 differs from its acknowledgement").arg(it.key()));
    }
    for (auto it = expected.actions.cbegin(); it != expected.actions.cend(); ++it) {
        ++c.rowsChecked;
        const auto found = disk.actions.constFind(it.key());
        if (found == disk.actions.cend())
            problem(QStringLiteral("acknowledged action %1 is missing").arg(it.key()));
        else if (!sameAction(*it, *found))
            problem(QStringLiteral("action %1 differs from its acknowledgement").arg(it.key()));
    }
    if (!exact)
        return c;
    if (updateLanded) {
        c.inFlightLanded = true;
        expected.events.insert(pending->id, *updateLanded);
    }

    // Rows nobody acknowledged: only the in-flight add may have landed, exactly as tried.
    QList<Line> extras;
    for (auto it = disk.events.cbegin(); it != disk.events.cend(); ++it) {
        if (!expected.events.contains(it.key())) {
            Line l {Verb::Ack, Kind::Event, it.key(), 0, 0, {}, {}, it->text, {}, {}};
            extras.append(l);
        }
    }
    for (auto it = disk.whys.cbegin(); it != disk.whys.cend(); ++it) {
        if (!expected.whys.contains(it.key())) {
            Line l {Verb::Ack, Kind::Why, it.key(), it->parentId, it->evidence.value(0), {}, {},
                it->text, {}, {}};
            if (it->evidence.size() > 1)
                l.link = -1; // never what the driver tries
            extras.append(l);
        }
    }
    for (auto it = disk.actions.cbegin(); it != disk.actions.cend(); ++it) {
        if (!expected.actions.contains(it.key())) {
            Line l {Verb::Ack, Kind::Action, it.key(), 0, it->whyNodes.value(0), it->due, it->owner,
                it->what, {}, {}};
            if (it->whyNodes.size() > 1)
                l.link = -1;
            extras.append(l);
        }
    }
    if (extras.isEmpty())
        return c;
    const Line &extra = extras.first();
    const bool matchesPending = extras.size() == 1 && pending && pending->kind == extra.kind
        && pending->text == extra.text && pending->parent == extra.parent
        && pending->link == extra.link && pending->due == extra.due
        && pending->owner == extra.owner;
    if (!matchesPending) {
        for (const Line &l : std::as_const(extras))
            problem(QStringLiteral("%1 %2 (“%3”) is on disk but was never acknowledged")
                        .arg(kindName(l.kind))
                        .arg(l.id)
                        .arg(l.text));
        return c;
    }
    c.inFlightLanded = true;
    (void)expected.apply(extra);
    --expected.acks; // adopted, not acknowledged
    return c;
}

} // namespace hindsight::crash
