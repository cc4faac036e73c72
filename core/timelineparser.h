#pragma once

// Reads a pasted raw timeline or chat log (Slack, IRC, Markdown tables and lists, plain
// "HH:MM text" notes) into events, and one typed time from the quick-entry line.
//
// The parser never drops a line: what it cannot read becomes an event with an unknown time
// and the whole line as its text, and every line says in `note` how it was read, so the
// preview can show the user what was guessed before anything is stored.

#include "domain.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QTime>

#include <optional>

namespace hindsight {

struct ParseContext {
    QDate defaultDate; // the session's incident date, used when a line has no date
    QString defaultZone; // IANA id ("Europe/Berlin") for times without a zone; empty = UTC
    QDateTime now; // for "today" / "yesterday" / "now"; tests fix it
    QDateTime previous; // the previous event's instant, for "+5m"; may be invalid
};

enum class LineRole {
    Event, // becomes a timeline event (its time may be unknown)
    DateHeading, // a line holding only a date; the date applies to the lines below
    Heading, // a Markdown heading or divider without a date or time ("## Timeline")
    Speaker, // a Slack copy header ("alice [10:15 AM]"): its time and name apply below
    TableHeader, // a Markdown table's header row
    Separator, // a table delimiter row, a horizontal rule, a code fence
    Blank,
};

struct ParsedLine {
    int lineNumber = 0; // 1-based
    QString raw; // the line exactly as pasted
    LineRole role = LineRole::Event;
    QDate date; // as read, or carried from a heading, an earlier line or the session
    QTime clock; // the clock time as read; invalid if none
    QString zone; // as written ("PST", "UTC", "+02:00", "Europe/Paris") or empty
    bool dateFromLine = false; // the date is written on this line (not carried or the default)
    bool maybeNextDay = false; // the clock went back by more than 12 h on the same carried
                               // date: midnight may have passed. The date is kept; see note.
    EventTime time; // the resulting instant; Unknown when no time could be read
    EventKind kind = EventKind::Note;
    QString text; // the event text, without the time and the reporter prefix
    QString reporter; // "alice" from "[10:15] alice: ..." or "<alice>", or a table column
    QString note; // how the line was read, for the preview ("12 h clock, PST (UTC-08:00)")

    bool isEvent() const { return role == LineRole::Event; }
};

class TimelineParser
{
    Q_DECLARE_TR_FUNCTIONS(TimelineParser)

public:
    // One ParsedLine per input line, in input order (lines out of order stay where they are;
    // events sort by their instant later).
    static QList<ParsedLine> parse(const QString &text, const ParseContext &context);

    // One typed time from the quick-entry line: "14:05", "14:05:30", "~23:00",
    // "2017-01-31 18:00 UTC", "9:37 AM PST", "yesterday 23:10", "now", "+5m", "+1h30m",
    // "-10m". Blank gives an Unknown time; nullopt means it cannot be read (show an error).
    static std::optional<EventTime> parseTypedTime(
        const QString &typed, const ParseContext &context);

    // The kind suggested by the words of an event ("paged" -> Detection, ...); Note if none.
    static EventKind guessKind(const QString &text);
};

} // namespace hindsight
