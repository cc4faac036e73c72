// libFuzzer target: the timeline-text parser (core/timelineparser). The bytes are the pasted
// text, decoded as UTF-8 (so invalid sequences, NUL, controls and bidi overrides reach it).
// The first byte also picks one of a few fixed contexts (session date and zone, "now",
// previous event), so daylight-saving days, an unknown zone and the ends of the calendar are
// all reached while every run stays reproducible.
//
// Invariants, from timelineparser.h and domain.h:
//  * one ParsedLine per input line, in order, numbered from 1, each `raw` exactly the line as
//    pasted: together with the line breaks they give back the whole input (nothing dropped);
//  * a time marked known has a valid instant and a time marked unknown has none, and every
//    known instant lies in years 1..9999, so the event can be stored and exported (the same
//    rule as checkSessionSnapshot(), which is asked too);
//  * no text, reporter or zone read from a line keeps a control character, a bidi override
//    or a lone surrogate (what the parser's cleaning promises the preview);
//  * the quick-entry reader obeys the same time rules, and blank means Unknown.

#include "fuzzcheck.h"
#include "jsonformat.h"
#include "timelineparser.h"

#include <array>
#include <cstddef>
#include <cstdint>

using namespace hindsight;

namespace {

ParseContext contextFor(uchar selector)
{
    struct Fixed {
        QDate date;
        const char *zone;
    };
    // Session dates on DST changes, on an absurd edge of the calendar, and none at all.
    const std::array<Fixed, 8> fixed {{
        {QDate(2017, 1, 31), ""},
        {QDate(2017, 3, 26), "Europe/Berlin"},
        {QDate(2024, 11, 3), "America/Los_Angeles"},
        {QDate(2011, 12, 30), "Pacific/Apia"}, // a day that did not exist there
        {QDate(2024, 4, 7), "Australia/Lord_Howe"}, // a 30-minute DST shift
        {QDate(9999, 12, 31), "Asia/Kolkata"},
        {QDate(1, 1, 1), "Not/AZone"},
        {QDate(), "UTC"},
    }};
    const Fixed &f = fixed[selector % fixed.size()];
    ParseContext c;
    c.defaultDate = f.date;
    c.defaultZone = QString::fromLatin1(f.zone);
    c.now = QDateTime(QDate(2017, 2, 1), QTime(12, 0), Qt::UTC);
    if (selector & 0x08)
        c.previous = QDateTime(QDate(2017, 1, 31), QTime(17, 0), Qt::UTC);
    return c;
}

bool isLineBreak(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r') || c.unicode() == 0x2028
        || c.unicode() == 0x2029;
}

QString clean(const QString &what, const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        const bool bad = c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
            || (c >= 0x2066 && c <= 0x2069)
            || (QChar::isHighSurrogate(c)
                && (i + 1 == s.size() || !QChar::isLowSurrogate(s.at(i + 1).unicode())))
            || (QChar::isLowSurrogate(c)
                && (i == 0 || !QChar::isHighSurrogate(s.at(i - 1).unicode())));
        if (bad)
            return QStringLiteral("%1 keeps U+%2 at %3: %4")
                .arg(what)
                .arg(int(c), 4, 16, QLatin1Char('0'))
                .arg(i)
                .arg(s.left(200));
    }
    return {};
}

void checkTime(const EventTime &t, const QString &where)
{
    if (t.certainty == TimeCertainty::Unknown) {
        FUZZ_CHECK(!t.utc.isValid(), QStringLiteral("unknown time with an instant: ") + where);
        return;
    }
    FUZZ_CHECK(t.utc.isValid(), QStringLiteral("known time without an instant: ") + where);
    FUZZ_CHECK(t.utc.timeSpec() == Qt::UTC, QStringLiteral("instant not in UTC: ") + where);
    const int year = t.utc.date().year();
    FUZZ_CHECK(year >= 1 && year <= 9999, QStringLiteral("instant in year %1: ").arg(year) + where);
    FUZZ_CHECK(t.offsetSeconds > -24 * 3600 && t.offsetSeconds < 24 * 3600,
        QStringLiteral("offset %1 s: ").arg(t.offsetSeconds) + where);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    const ParseContext context = contextFor(size > 0 ? data[0] : 0);
    const QList<ParsedLine> lines = TimelineParser::parse(text, context);

    // Every line, in order, exactly as pasted.
    qsizetype pos = 0;
    SessionSnapshot snapshot;
    snapshot.session.id = 1;
    snapshot.session.title = QStringLiteral("fuzz");
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const ParsedLine &l = lines.at(i);
        const QString where =
            QStringLiteral("line %1 \"%2\" (%3)").arg(i + 1).arg(l.raw.left(200), l.note);
        FUZZ_CHECK(l.lineNumber == i + 1, where);
        FUZZ_CHECK(QStringView(text).mid(pos, l.raw.size()) == l.raw,
            QStringLiteral("raw is not the input at offset %1: ").arg(pos) + where);
        pos += l.raw.size();
        FUZZ_CHECK(l.raw.size() == 0 || !isLineBreak(l.raw.back()), where);
        if (pos < text.size()) {
            FUZZ_CHECK(isLineBreak(text.at(pos)), QStringLiteral("no line break after: ") + where);
            pos += text.mid(pos, 2) == QLatin1String("\r\n") ? 2 : 1;
        }
        for (const QString &problem :
            {clean(QStringLiteral("text"), l.text), clean(QStringLiteral("reporter"), l.reporter),
                clean(QStringLiteral("zone"), l.zone)})
            FUZZ_CHECK(problem.isEmpty(), problem + QStringLiteral(" / ") + where);
        checkTime(l.time, where);
        FUZZ_CHECK(!l.maybeNextDay || l.time.isKnown(), where);
        FUZZ_CHECK(!l.note.isEmpty() || l.role != LineRole::Event, where);
        if (l.isEvent()) {
            TimelineEvent e;
            e.id = snapshot.events.size() + 1;
            e.sessionId = 1;
            e.time = l.time;
            e.text = l.text;
            e.kind = l.kind;
            e.reporterText = l.reporter;
            snapshot.events.append(e);
        }
    }
    FUZZ_CHECK(pos == text.size(),
        QStringLiteral("the lines end at %1 of %2 characters").arg(pos).arg(text.size()));

    // What the preview shows can be stored: the events break no rule of the session format.
    const Status storable = checkSessionSnapshot(snapshot);
    FUZZ_CHECK(storable.ok(), storable.ok() ? QString() : storable.error().message);

    // The quick-entry field, on the first line (the UI gives it one line).
    const QString firstLine = lines.isEmpty() ? QString() : lines.constFirst().raw;
    const std::optional<EventTime> typed = TimelineParser::parseTypedTime(firstLine, context);
    if (typed)
        checkTime(*typed, QStringLiteral("typed \"%1\"").arg(firstLine.left(200)));
    if (firstLine.trimmed().isEmpty())
        FUZZ_CHECK(typed && typed->certainty == TimeCertainty::Unknown, firstLine);
    (void)TimelineParser::guessKind(text);
    return 0;
}
