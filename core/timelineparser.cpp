#include "timelineparser.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

#include <array>
#include <utility>

// How lines are read, in short (details next to the code that does it):
//  * Every regular expression is anchored at an offset and only ever sees the first kHead
//    characters of a line, so a 1 MB line costs one copy and a few short matches, and no
//    pattern can backtrack over the whole line.
//  * A time or date is only taken from the start of a line (after a list marker), from a
//    table's time/date cells, or from a bracket at the very end ("alice [10:15 AM]").
//  * Dates carry: a date heading, or a date written on an event line, applies to the lines
//    below until the next date. Before any, the session's date applies.
//  * Midnight: a chat log without dates that goes 23:50 then 00:10 keeps the date (the parser
//    does not guess) but flags the line (maybeNextDay) and says so in its note.
//  * Local times without a zone are in the context's zone. A time that does not exist there
//    (the spring-forward gap) is read with the offset in force before the change, so it shows
//    as typed; a time that happens twice (fall-back) is the first of the two. Both are noted.

namespace hindsight {

namespace {

using TP = TimelineParser;

// Where a line's time can be: a stamp never starts later than this, and regexes never see more.
constexpr qsizetype kHead = 256;
// Kind guessing looks at the start of the text only; a 1 MB paste is not worth scanning.
constexpr qsizetype kKindScan = 4096;
constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

QRegularExpressionMatch matchAt(const QRegularExpression &rx, QStringView s, qsizetype pos)
{
    return rx.match(
        s, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
}

QRegularExpression ci(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

// Most regexes below are tried on nearly every line; a look at the next character first
// saves allocating a match that cannot succeed.
QChar charAt(QStringView s, qsizetype pos)
{
    return pos >= 0 && pos < s.size() ? s[pos] : QChar();
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

// ---------------------------------------------------------------------------------------
// Input cleaning

// Removes what must not reach the preview or the regexes: NUL and other control characters,
// bidi overrides and isolates (which can make a line display as something it is not),
// zero-width characters, and lone surrogates (replaced by U+FFFD). No-break spaces, which
// chat clients put before "AM", become ordinary spaces.
QString sanitize(QStringView line)
{
    QString out;
    out.reserve(line.size());
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char16_t u = line[i].unicode();
        if (QChar::isHighSurrogate(u)) {
            if (i + 1 < line.size() && QChar::isLowSurrogate(line[i + 1].unicode())) {
                out.append(line[i]);
                out.append(line[i + 1]);
                ++i;
            } else {
                out.append(QChar(QChar::ReplacementCharacter));
            }
            continue;
        }
        if (QChar::isLowSurrogate(u)) {
            out.append(QChar(QChar::ReplacementCharacter));
            continue;
        }
        if (u == u'\t' || u == 0x00a0 || u == 0x202f || u == 0x2007) {
            out.append(u' ');
            continue;
        }
        if (u < 0x20 || (u >= 0x7f && u < 0xa0))
            continue;
        // Zero-width spaces, marks and bidi controls can hide or reorder a time; the joiners
        // (U+200C, U+200D) cannot, and emoji sequences and words in many scripts need them.
        if (u == 0x200b || u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069) || u == 0xfeff || u == 0x061c)
            continue;
        out.append(line[i]);
    }
    return out;
}

QList<QStringView> splitLines(QStringView text)
{
    QList<QStringView> lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u == u'\n' || u == u'\r' || u == 0x2028 || u == 0x2029) {
            lines.append(text.sliced(start, i - start));
            if (u == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            start = i + 1;
        }
    }
    if (start < text.size())
        lines.append(text.sliced(start));
    return lines;
}

// ---------------------------------------------------------------------------------------
// Names

int monthFromWord(QStringView word)
{
    static const std::array<QLatin1String, 12> names {QLatin1String("january"),
        QLatin1String("february"), QLatin1String("march"), QLatin1String("april"),
        QLatin1String("may"), QLatin1String("june"), QLatin1String("july"), QLatin1String("august"),
        QLatin1String("september"), QLatin1String("october"), QLatin1String("november"),
        QLatin1String("december")};
    const QString w = word.toString().toLower();
    if (w.size() < 3)
        return 0;
    for (int i = 0; i < 12; ++i) {
        if (w == names[i] || (w.size() == 3 && names[i].startsWith(w)))
            return i + 1;
    }
    return w == QLatin1String("sept") ? 9 : 0;
}

int weekdayFromWord(QStringView word)
{
    static const std::array<QLatin1String, 7> names {QLatin1String("monday"),
        QLatin1String("tuesday"), QLatin1String("wednesday"), QLatin1String("thursday"),
        QLatin1String("friday"), QLatin1String("saturday"), QLatin1String("sunday")};
    const QString w = word.toString().toLower();
    if (w.size() < 3)
        return 0;
    for (int i = 0; i < 7; ++i) {
        if (w == names[i] || (w.size() == 3 && names[i].startsWith(w)))
            return i + 1;
    }
    if (w == QLatin1String("tues"))
        return 2;
    if (w == QLatin1String("weds"))
        return 3;
    if (w == QLatin1String("thur") || w == QLatin1String("thurs"))
        return 4;
    return 0;
}

// Zone abbreviations are ambiguous in the wild; this table picks the reading most likely in
// an incident log: IST is India, CST is US Central, BST is British Summer Time, AST is
// Atlantic. Only upper-case spellings count, so words such as "est" stay text.
struct Abbreviation {
    const char *name;
    int minutes;
};
constexpr std::array<Abbreviation, 40> kAbbreviations {{
    {"UTC", 0},
    {"GMT", 0},
    {"WET", 0},
    {"WEST", 60},
    {"BST", 60},
    {"IST", 330},
    {"CET", 60},
    {"CEST", 120},
    {"MET", 60},
    {"MEST", 120},
    {"EET", 120},
    {"EEST", 180},
    {"MSK", 180},
    {"PST", -480},
    {"PDT", -420},
    {"MST", -420},
    {"MDT", -360},
    {"CST", -360},
    {"CDT", -300},
    {"EST", -300},
    {"EDT", -240},
    {"AKST", -540},
    {"AKDT", -480},
    {"HST", -600},
    {"AST", -240},
    {"ADT", -180},
    {"NST", -210},
    {"NDT", -150},
    {"JST", 540},
    {"KST", 540},
    {"HKT", 480},
    {"SGT", 480},
    {"AWST", 480},
    {"ACST", 570},
    {"ACDT", 630},
    {"AEST", 600},
    {"AEDT", 660},
    {"NZST", 720},
    {"NZDT", 780},
    {"SAST", 120},
}};

std::optional<int> abbreviationOffset(QStringView name)
{
    for (const auto &a : kAbbreviations) {
        if (name == QLatin1String(a.name))
            return a.minutes * 60;
    }
    return std::nullopt;
}

QString offsetText(int seconds)
{
    if (seconds == 0)
        return QStringLiteral("UTC");
    const int a = seconds < 0 ? -seconds : seconds;
    return QStringLiteral("UTC%1%2:%3")
        .arg(QChar(seconds < 0 ? u'-' : u'+'))
        .arg(a / 3600, 2, 10, QLatin1Char('0'))
        .arg((a % 3600) / 60, 2, 10, QLatin1Char('0'));
}

// Storage and the session file keep instants in the years 1..9999 (four-digit ISO years).
// A stamp on the first or last day of that range, in a far-off zone, can leave it:
// "9999-12-31 23:30 PST" is in the year 10000 in UTC.
bool inStorableYears(const EventTime &t)
{
    const int year = t.utc.date().year();
    return !t.isKnown() || (year >= 1 && year <= 9999);
}

// ---------------------------------------------------------------------------------------
// Kind guessing

struct KindWords {
    EventKind kind;
    std::array<const char *, 24> phrases; // nullptr-terminated
};

// Checked in this order, so "decided to roll back" is a Decision and "alert resolved" a
// Resolution. Phrases match at the start of a word ("alert" matches "alerts", but
// "resolved" does not match "unresolved").
const std::array<KindWords, 8> &kindTable()
{
    static const std::array<KindWords, 8> table {{
        {EventKind::Decision,
            {"decided", "decision", "agreed to", "we agreed", "chose to", "opted to", "go/no-go",
                nullptr}},
        {EventKind::Resolution,
            {"resolved", "all clear", "all-clear", "recovered", "back to normal", "restored",
                "incident closed", "closed the incident", "resolution", "fully operational",
                nullptr}},
        {EventKind::Mitigation,
            {"rolled back", "roll back", "rollback", "rolling back", "reverted", "revert",
                "failed over", "failover", "fail over", "mitigat", "restarted", "restart",
                "scaled up", "scaled out", "hotfix", "workaround", "drained", "feature flag",
                "rate limit", "deployed a fix", "deployed fix", "patched", "disabled", nullptr}},
        {EventKind::Escalation,
            {"escalat", "called in", "paged in", "brought in", "woke up", "incident commander",
                "declared", nullptr}},
        {EventKind::Communication,
            {"status page", "statuspage", "notified", "announced", "posted", "informed", "emailed",
                "tweeted", "communicat", "customer update", "sent an update", nullptr}},
        {EventKind::Detection,
            {"paged", "page fired", "alert", "alarm", "pagerduty", "opsgenie", "detected",
                "noticed", "triggered", "fired", nullptr}},
        {EventKind::ImpactStart,
            {"customers report", "customer report", "users report", "user report", "errors started",
                "error rate", "outage began", "outage started", "outage start", "started failing",
                "began failing", "went down", "is down", "was down", "were down", "impact start",
                "impact began", "latency spike", "5xx", "500s", "degraded", nullptr}},
        {EventKind::Diagnosis,
            {"investigating", "investigate", "found", "identified", "root cause", "looking into",
                "suspect", "discovered", "diagnos", "narrowed", "traced", "checking", "bisect",
                nullptr}},
    }};
    return table;
}

// The phrases of kindTable() by their first letter, each with the rank of its kind. guessKind
// runs on every pasted line: searching the line once per phrase (80 of them) took a third of
// the parse time of a 10,000-line log.
struct KindPhrase {
    QString text;
    int rank; // index into kindTable(): a lower rank wins
};

const std::array<QList<KindPhrase>, 128> &phrasesByFirstChar()
{
    static const std::array<QList<KindPhrase>, 128> index = [] {
        std::array<QList<KindPhrase>, 128> byChar;
        const auto &table = kindTable();
        for (int rank = 0; rank < int(table.size()); ++rank) {
            for (const char *phrase : table[size_t(rank)].phrases) {
                if (!phrase)
                    break;
                // Every phrase is ASCII: the table above is written so.
                byChar[size_t(uchar(phrase[0]) & 0x7f)].append({QString::fromLatin1(phrase), rank});
            }
        }
        return byChar;
    }();
    return index;
}

std::optional<EventKind> kindFromLabel(const QString &label)
{
    QString k = label.trimmed().toLower();
    k.replace(u' ', u'-');
    k.replace(u'_', u'-');
    if (k.isEmpty())
        return std::nullopt;
    if (auto kind = eventKindFromKey(k))
        return kind;
    if (k == QLatin1String("impact") || k == QLatin1String("impactstart"))
        return EventKind::ImpactStart;
    if (k == QLatin1String("comms") || k == QLatin1String("comm"))
        return EventKind::Communication;
    const EventKind guessed = TimelineParser::guessKind(label);
    if (guessed != EventKind::Note)
        return guessed;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Reading one date/time stamp

struct Zone {
    enum class Kind { None, Fixed, Named };
    Kind kind = Kind::None;
    int offset = 0; // seconds east of UTC, for Fixed
    QTimeZone tz; // for Named
    QString written;
};

struct Stamp {
    bool found = false; // a date and/or a time was read (possibly with an error)
    QDate date;
    bool dateWritten = false;
    bool yearless = false;
    QTime time;
    bool timeWritten = false;
    bool hasSeconds = false;
    bool twelveHour = false;
    bool approximate = false;
    bool bracketed = false;
    Zone zone;
    qsizetype stampEnd = 0; // just after the stamp
    qsizetype end = 0; // just after the stamp and the separator that follows it
    QString error; // it looks like a time or date but is not one
    QStringList notes; // remarks on the date (year guessed, weekday mismatch)
};

class Reader
{
public:
    explicit Reader(const ParseContext &context);

    Stamp read(QStringView s, qsizetype pos) const;
    // The whole of s is a date and nothing else (a heading).
    std::optional<Stamp> dateOnly(QStringView s) const;
    // The whole of s is a zone ("UTC", "PST", "+02:00", "Europe/Berlin").
    std::optional<Zone> zoneOnly(QStringView s) const;
    EventTime resolve(QDate date, const Stamp &st, const Zone &fallback, QStringList &notes) const;
    std::optional<QDate> relativeDay(QStringView word) const;

    const ParseContext &context;

private:
    bool readDate(QStringView s, qsizetype &pos, Stamp &st) const;
    bool readNumericDate(QStringView s, qsizetype &pos, Stamp &st) const;
    bool readTextDate(QStringView s, qsizetype &pos, Stamp &st, int weekday) const;
    bool readTime(QStringView s, qsizetype &pos, Stamp &st) const;
    bool readZone(QStringView s, qsizetype &pos, Zone &zone, bool fullStamp) const;
    bool readZoneName(QStringView s, qsizetype &pos, Zone &zone, bool adjacentMinus) const;
    QTimeZone named(const QString &id) const;
    EventTime fromLocal(const QTimeZone &tz, QDate date, QTime time, TimeCertainty certainty,
        bool hasSeconds, const QString &zoneName, QStringList &notes) const;

    QTimeZone m_defaultTz; // invalid: UTC
    QString m_defaultZoneName;
    bool m_defaultZoneBad = false;
    int m_referenceYear = 0;
    mutable QHash<QString, QTimeZone> m_zones;
};

Reader::Reader(const ParseContext &c)
    : context(c)
{
    const QString zone = c.defaultZone.trimmed();
    if (!zone.isEmpty() && zone.compare(QLatin1String("UTC"), Qt::CaseInsensitive) != 0) {
        QTimeZone tz(zone.toUtf8());
        if (tz.isValid()) {
            m_defaultTz = tz;
            m_defaultZoneName = zone;
        } else {
            m_defaultZoneBad = true;
        }
    }
    if (c.defaultDate.isValid())
        m_referenceYear = c.defaultDate.year();
    else if (c.now.isValid())
        m_referenceYear = c.now.toUTC().date().year();
}

QTimeZone Reader::named(const QString &id) const
{
    auto it = m_zones.constFind(id);
    if (it != m_zones.constEnd())
        return *it;
    QTimeZone tz(id.toUtf8());
    m_zones.insert(id, tz);
    return tz;
}

std::optional<QDate> Reader::relativeDay(QStringView word) const
{
    if (!context.now.isValid())
        return std::nullopt;
    const QDateTime local =
        m_defaultTz.isValid() ? context.now.toTimeZone(m_defaultTz) : context.now.toUTC();
    if (word.compare(QLatin1String("today"), Qt::CaseInsensitive) == 0)
        return local.date();
    if (word.compare(QLatin1String("yesterday"), Qt::CaseInsensitive) == 0)
        return local.date().addDays(-1);
    return std::nullopt;
}

bool Reader::readNumericDate(QStringView s, qsizetype &pos, Stamp &st) const
{
    // 2017-01-31, 2017/01/31, 2017.01.31
    static const QRegularExpression iso(
        QStringLiteral(R"((\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d))"));
    // 31.01.2017 (day first, as written where dots are used), 31/01/2017 or 01/31/2017
    static const QRegularExpression dmy(
        QStringLiteral(R"((\d{1,2})([./])(\d{1,2})\2(\d{4})(?!\d))"));
    if (!isAsciiDigit(charAt(s, pos)))
        return false;
    auto m = matchAt(iso, s, pos);
    int y = 0, mo = 0, d = 0;
    if (m.hasMatch()) {
        y = m.capturedView(1).toInt();
        mo = m.capturedView(3).toInt();
        d = m.capturedView(4).toInt();
    } else {
        m = matchAt(dmy, s, pos);
        if (!m.hasMatch())
            return false;
        const int a = m.capturedView(1).toInt();
        const int b = m.capturedView(3).toInt();
        y = m.capturedView(4).toInt();
        if (m.capturedView(2) == u"." || a > 12 || a == b) {
            d = a;
            mo = b;
        } else if (b > 12) {
            mo = a;
            d = b;
        } else {
            st.error = TP::tr("%1 could be day/month or month/day").arg(m.capturedView(0));
        }
    }
    pos = m.capturedEnd(0);
    st.dateWritten = true;
    if (st.error.isEmpty()) {
        st.date = QDate(y, mo, d);
        if (!st.date.isValid())
            st.error = TP::tr("%1 is not a date").arg(m.capturedView(0));
    }
    return true;
}

bool Reader::readTextDate(QStringView s, qsizetype &pos, Stamp &st, int weekday) const
{
    // "January 31, 2017", "Jan 31st", "Jan 31 2017"
    static const QRegularExpression monthFirst = ci(QStringLiteral(
        R"(([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(\d{4})(?!\d|:\d))?)"));
    // "31 January 2017", "31st of Jan", "31. Januar" is not English and stays text
    static const QRegularExpression dayFirst = ci(QStringLiteral(
        R"((\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?(?![a-z])(?:,?\s+(\d{4})(?!\d|:\d))?)"));
    int month = 0, day = 0, year = 0;
    qsizetype end = 0;
    QStringView yearText;
    const QChar first = charAt(s, pos);
    if (!isAsciiDigit(first) && !isAsciiLetter(first))
        return false;
    QRegularExpressionMatch m;
    if (isAsciiLetter(first))
        m = matchAt(monthFirst, s, pos);
    // Without a year, a month name must be capitalised: "may 5 ..." or "3 dec" are more likely
    // words than dates.
    auto monthOk = [&m](int group) {
        return m.capturedLength(3) > 0 || m.capturedView(group).front().isUpper();
    };
    if (m.hasMatch() && monthOk(1) && (month = monthFromWord(m.capturedView(1))) != 0) {
        day = m.capturedView(2).toInt();
        yearText = m.capturedView(3);
        end = m.capturedEnd(0);
    } else {
        if (!isAsciiDigit(first))
            return false;
        m = matchAt(dayFirst, s, pos);
        if (!m.hasMatch() || !monthOk(2) || (month = monthFromWord(m.capturedView(2))) == 0)
            return false;
        day = m.capturedView(1).toInt();
        yearText = m.capturedView(3);
        end = m.capturedEnd(0);
    }
    pos = end;
    st.dateWritten = true;
    if (!yearText.isEmpty()) {
        year = yearText.toInt();
        st.date = QDate(year, month, day);
        if (!st.date.isValid())
            st.error = TP::tr("%1 is not a date").arg(m.capturedView(0));
        else if (weekday != 0 && st.date.dayOfWeek() != weekday)
            st.notes.append(TP::tr("the weekday does not match the date; the date was kept"));
        return true;
    }
    st.yearless = true;
    if (m_referenceYear == 0) {
        st.error = TP::tr("%1 has no year and there is no session date").arg(m.capturedView(0));
        return true;
    }
    // Without a year, take the session's; with a weekday, the nearest year it fits
    // (a Slack divider "Tuesday, January 31st" pasted just after New Year).
    QDate chosen(m_referenceYear, month, day);
    if (weekday != 0 && (!chosen.isValid() || chosen.dayOfWeek() != weekday)) {
        for (int delta : {-1, 1}) {
            const QDate other(m_referenceYear + delta, month, day);
            if (other.isValid() && other.dayOfWeek() == weekday) {
                chosen = other;
                break;
            }
        }
    }
    if (!chosen.isValid()) {
        st.error = TP::tr("%1 is not a date in %2").arg(m.capturedView(0)).arg(m_referenceYear);
        return true;
    }
    st.date = chosen;
    st.notes.append(TP::tr("year %1 assumed").arg(chosen.year()));
    return true;
}

bool Reader::readDate(QStringView s, qsizetype &pos, Stamp &st) const
{
    static const QRegularExpression weekdayWord = ci(QStringLiteral(R"(([a-z]{3,9})\.?,?\s+)"));
    qsizetype p = pos;
    int weekday = 0;
    const auto w =
        isAsciiLetter(charAt(s, p)) ? matchAt(weekdayWord, s, p) : QRegularExpressionMatch();
    if (w.hasMatch() && (weekday = weekdayFromWord(w.capturedView(1))) != 0)
        p = w.capturedEnd(0);
    if (readNumericDate(s, p, st)) {
        if (weekday != 0 && st.date.isValid() && st.date.dayOfWeek() != weekday)
            st.notes.append(TP::tr("the weekday does not match the date; the date was kept"));
        pos = p;
        return true;
    }
    if (readTextDate(s, p, st, weekday)) {
        pos = p;
        return true;
    }
    return false;
}

bool Reader::readTime(QStringView s, qsizetype &pos, Stamp &st) const
{
    static const QRegularExpression clock(
        QStringLiteral(R"((\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?!\d))"));
    static const QRegularExpression hourOnly =
        ci(QStringLiteral(R"((\d{1,2})(?=\s?[ap]\.?\s?m\b))"));
    static const QRegularExpression amPm = ci(QStringLiteral(R"(\s?([ap])\.?\s?m\b\.?)"));
    auto m = matchAt(clock, s, pos);
    int h = 0, mi = 0, sec = 0, ms = 0;
    bool seconds = false;
    if (m.hasMatch()) {
        h = m.capturedView(1).toInt();
        mi = m.capturedView(2).toInt();
        if (m.capturedLength(3) > 0) {
            seconds = true;
            sec = m.capturedView(3).toInt();
            if (m.capturedLength(4) > 0)
                ms = QString(m.capturedView(4).left(3) + QStringLiteral("00")).left(3).toInt();
        }
    } else {
        m = matchAt(hourOnly, s, pos);
        if (!m.hasMatch())
            return false;
        h = m.capturedView(1).toInt();
    }
    qsizetype p = m.capturedEnd(0);
    const QString written = s.sliced(pos, p - pos).toString();
    const QChar next = charAt(s, p) == u' ' ? charAt(s, p + 1) : charAt(s, p);
    const auto ap =
        QStringView(u"aApP").contains(next) ? matchAt(amPm, s, p) : QRegularExpressionMatch();
    st.timeWritten = true;
    if (ap.hasMatch()) {
        p = ap.capturedEnd(0);
        st.twelveHour = true;
        if (h < 1 || h > 12) {
            st.error = TP::tr("%1 is not a 12 h time").arg(s.sliced(pos, p - pos));
        } else {
            const bool pm =
                ap.capturedView(1).compare(QLatin1String("p"), Qt::CaseInsensitive) == 0;
            h = h % 12 + (pm ? 12 : 0);
        }
    } else if (h > 23) {
        st.error = TP::tr("%1 is not a time of day").arg(written);
    }
    if (st.error.isEmpty()) {
        if (mi > 59 || sec > 59)
            st.error = TP::tr("%1 is not a time of day").arg(written);
        else
            st.time = QTime(h, mi, sec, ms);
    }
    st.hasSeconds = seconds;
    pos = p;
    return true;
}

bool Reader::readZoneName(QStringView s, qsizetype &pos, Zone &zone, bool adjacentMinus) const
{
    static const QRegularExpression utcPlus =
        ci(QStringLiteral(R"((UTC|GMT)(?:\s?([+\x{2212}-])(\d{1,2})(?::?(\d{2}))?)?(?![a-z0-9]))"));
    static const QRegularExpression numeric(
        QStringLiteral(R"(([+\x{2212}-])(\d{2}):?(\d{2})(?![\d:]))"));
    static const QRegularExpression abbreviation(QStringLiteral(R"(([A-Z]{2,5})(?![A-Za-z0-9]))"));
    static const QRegularExpression iana(
        QStringLiteral(R"([A-Za-z_]{2,20}(?:/[A-Za-z0-9_+-]{1,30}){1,2}(?![A-Za-z0-9/_]))"));

    const QChar first = charAt(s, pos);
    QRegularExpressionMatch m;
    if (QStringView(u"uUgG").contains(first))
        m = matchAt(utcPlus, s, pos);
    if (m.hasMatch()) {
        int offset = 0;
        if (m.capturedLength(2) > 0) {
            const int hours = m.capturedView(3).toInt();
            const int minutes = m.capturedView(4).toInt();
            if (hours > 14 || minutes > 59)
                return false;
            offset = (hours * 3600 + minutes * 60) * (m.capturedView(2) == u"+" ? 1 : -1);
        }
        zone = {Zone::Kind::Fixed, offset, {}, m.captured(0)};
        pos = m.capturedEnd(0);
        return true;
    }
    if (QStringView(u"+-\u2212").contains(first))
        m = matchAt(numeric, s, pos);
    if (m.hasMatch() && (adjacentMinus || m.capturedView(1) != u"-")) {
        const int hours = m.capturedView(2).toInt();
        const int minutes = m.capturedView(3).toInt();
        if (hours > 14 || minutes > 59)
            return false;
        const int sign = m.capturedView(1) == u"+" ? 1 : -1;
        zone = {Zone::Kind::Fixed, sign * (hours * 3600 + minutes * 60), {}, m.captured(0)};
        pos = m.capturedEnd(0);
        return true;
    }
    if (!isAsciiLetter(first))
        return false;
    m = matchAt(iana, s, pos);
    if (m.hasMatch()) {
        const QTimeZone tz = named(m.captured(0));
        if (tz.isValid()) {
            zone = {Zone::Kind::Named, 0, tz, m.captured(0)};
            pos = m.capturedEnd(0);
            return true;
        }
    }
    m = matchAt(abbreviation, s, pos);
    if (m.hasMatch()) {
        if (const auto offset = abbreviationOffset(m.capturedView(1))) {
            zone = {Zone::Kind::Fixed, *offset, {}, m.captured(1)};
            pos = m.capturedEnd(0);
            return true;
        }
    }
    return false;
}

// fullStamp: the time had seconds or a date, as in ISO 8601, so "18:00:00-08:00" is an offset;
// after a bare "10:00", "-11:00" is more likely the end of a range.
bool Reader::readZone(QStringView s, qsizetype &pos, Zone &zone, bool fullStamp) const
{
    const qsizetype n = s.size();
    // "18:00Z" and "18:00+02:00" are written without a space.
    if (pos < n && s[pos] == u'Z' && (pos + 1 == n || !isWordChar(s[pos + 1]))) {
        zone = {Zone::Kind::Fixed, 0, {}, QStringLiteral("Z")};
        ++pos;
        return true;
    }
    qsizetype p = pos;
    while (p < n && p - pos < 2 && s[p] == u' ')
        ++p;
    if (p < n && s[p] == u'(') {
        qsizetype q = p + 1;
        Zone z;
        if (readZoneName(s, q, z, true) && q < n && s[q] == u')') {
            zone = z;
            pos = q + 1;
            return true;
        }
        return false;
    }
    if (readZoneName(s, p, zone, fullStamp || p > pos)) {
        pos = p;
        return true;
    }
    return false;
}

Stamp Reader::read(QStringView s, qsizetype pos) const
{
    static const QRegularExpression approx = ci(QStringLiteral(
        R"((?:[~\x{2248}\x{00b1}]|\+/-|(?:approx(?:imately|\.)?|about|around|circa|ca\.|c\.)(?=[\s\d]))\s*)"));
    static const QRegularExpression dateTimeSep =
        ci(QStringLiteral(R"((?:T(?=\d)|\s*@\s*|,?\s+(?:at\s+)?))"));
    static const QRegularExpression ish = ci(QStringLiteral(R"(\s?-?ish(?![a-z]))"));
    static const QRegularExpression trailingApprox = ci(QStringLiteral(
        R"((?:\?|\s?\((?:approx(?:imately|\.)?|ca\.?|about|estimated|est\.)\)|\s(?:approx(?:imately|\.)?|or so)(?![a-z])))"));

    Stamp st;
    const qsizetype n = s.size();
    qsizetype p = pos;
    while (p < n && s[p] == u' ')
        ++p;
    auto skipApprox = [&]() {
        if (!QStringView(u"~\u2248\u00b1+aAcC").contains(charAt(s, p)))
            return;
        const auto m = matchAt(approx, s, p);
        if (m.hasMatch()) {
            st.approximate = true;
            p = m.capturedEnd(0);
        }
    };
    skipApprox();
    // "at 10:15 we paged": the preposition is not part of the text.
    if (s.sliced(p).startsWith(u"at ", Qt::CaseInsensitive) && isAsciiDigit(charAt(s, p + 3)))
        p += 3;
    QChar bracket;
    if (p < n && (s[p] == u'[' || s[p] == u'(')) {
        bracket = s[p];
        ++p;
        while (p < n && s[p] == u' ')
            ++p;
        skipApprox();
    }
    // Markdown emphasis or code around the time: "**10:15**", "`10:15`".
    QStringView markup;
    if (s.sliced(p).startsWith(u"**") || s.sliced(p).startsWith(u"__"))
        markup = s.sliced(p, 2);
    else if (p < n && s[p] == u'`')
        markup = s.sliced(p, 1);
    p += markup.size();
    skipApprox();

    if (readDate(s, p, st)) {
        qsizetype q = p;
        const auto sep = matchAt(dateTimeSep, s, q);
        if (sep.hasMatch()) {
            q = sep.capturedEnd(0);
            const auto a = matchAt(approx, s, q);
            if (a.hasMatch())
                q = a.capturedEnd(0);
            Stamp timeOnly;
            qsizetype t = q;
            if (readTime(s, t, timeOnly)) {
                st.time = timeOnly.time;
                st.timeWritten = true;
                st.hasSeconds = timeOnly.hasSeconds;
                st.twelveHour = timeOnly.twelveHour;
                if (st.error.isEmpty())
                    st.error = timeOnly.error;
                p = t;
                st.approximate = st.approximate || a.hasMatch();
            }
        }
    } else if (!readTime(s, p, st)) {
        return {};
    }

    if (st.timeWritten) {
        auto maybe = [&](const QRegularExpression &rx, QStringView firstChars) {
            const QChar c = charAt(s, p) == u' ' ? charAt(s, p + 1) : charAt(s, p);
            if (!firstChars.contains(c))
                return;
            const auto m = matchAt(rx, s, p);
            if (m.hasMatch()) {
                st.approximate = true;
                p = m.capturedEnd(0);
            }
        };
        maybe(ish, u"-iI");
        readZone(s, p, st.zone, st.hasSeconds || st.dateWritten);
        maybe(ish, u"-iI");
        maybe(trailingApprox, u"?(aAoO");
    }
    if (!markup.isEmpty() && s.sliced(p).startsWith(markup))
        p += markup.size();
    if (!bracket.isNull()) {
        while (p < n && s[p] == u' ')
            ++p;
        const QChar close = bracket == u'[' ? u']' : u')';
        if (p >= n || s[p] != close)
            return {};
        ++p;
        st.bracketed = true;
    }
    // "10:15x" or "2017-01-31abc" is not a stamp followed by text.
    if (p < n && isWordChar(s[p]))
        return {};
    // "May 5 servers were down": a date without a year counts only with a time after it or
    // alone on its line (a heading).
    if (st.yearless && !st.timeWritten && p < n)
        return {};
    st.found = true;
    st.stampEnd = p;
    // The separator between the time and the text: spaces, then a run of "-", "–", "—", ":",
    // "|", ";", ",", "->", "=>" or "→", then spaces.
    auto skipSpaces = [&]() {
        while (p < n && s[p] == u' ')
            ++p;
    };
    skipSpaces();
    const qsizetype beforeMarks = p;
    if (s.sliced(p).startsWith(u"->") || s.sliced(p).startsWith(u"=>"))
        p += 2;
    else if (charAt(s, p) == u'\u2192')
        ++p;
    else
        while (p < n && QStringView(u"-\u2013\u2014|:;,").contains(s[p]))
            ++p;
    if (p > beforeMarks)
        skipSpaces();
    st.end = p;
    return st;
}

std::optional<Stamp> Reader::dateOnly(QStringView s) const
{
    QStringView v = s.trimmed();
    while (!v.isEmpty() && (v.back() == u':' || v.back() == u'.' || v.back() == u' '))
        v.chop(1);
    if (v.isEmpty() || v.size() > kHead)
        return std::nullopt;
    Stamp st = read(v, 0);
    if (!st.found || !st.dateWritten || st.timeWritten || !st.error.isEmpty()
        || st.stampEnd != v.size())
        return std::nullopt;
    return st;
}

std::optional<Zone> Reader::zoneOnly(QStringView s) const
{
    const QStringView v = s.trimmed();
    Zone z;
    qsizetype p = 0;
    if (v == u"Z")
        return Zone {Zone::Kind::Fixed, 0, {}, QStringLiteral("Z")};
    if (readZoneName(v, p, z, true) && p == v.size())
        return z;
    return std::nullopt;
}

EventTime Reader::fromLocal(const QTimeZone &tz, QDate date, QTime time, TimeCertainty certainty,
    bool hasSeconds, const QString &zoneName, QStringList &notes) const
{
    // Work out the instant by hand instead of trusting QDateTime's gap handling (which
    // changed between Qt versions): try the offsets in force around that wall time and keep
    // those that really give it back.
    const qint64 naive = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    auto offsetAt = [&tz](qint64 ms) {
        return tz.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
    };
    const std::array<int, 3> candidates {
        offsetAt(naive - kDayMs), offsetAt(naive), offsetAt(naive + kDayMs)};
    qint64 best = 0;
    int bestOffset = 0;
    int valid = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const int o = candidates[i];
        bool seen = false;
        for (std::size_t j = 0; j < i; ++j)
            seen = seen || candidates[j] == o;
        if (seen)
            continue;
        const qint64 instant = naive - qint64(o) * 1000;
        if (offsetAt(instant) != o)
            continue;
        if (valid == 0 || instant < best) {
            best = instant;
            bestOffset = o;
        }
        ++valid;
    }
    if (valid == 0) {
        bestOffset = candidates[0];
        best = naive - qint64(bestOffset) * 1000;
        notes.append(
            TP::tr("%1 does not exist in %2 that day (clocks went forward); read as %3")
                .arg(time.toString(QStringLiteral("HH:mm")), zoneName, offsetText(bestOffset)));
    } else if (valid > 1) {
        notes.append(
            TP::tr("%1 happened twice in %2 that day (clocks went back); the first, %3, "
                   "was taken")
                .arg(time.toString(QStringLiteral("HH:mm")), zoneName, offsetText(bestOffset)));
    }
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(best, Qt::OffsetFromUTC, bestOffset);
    return EventTime::at(when, certainty, hasSeconds, zoneName);
}

EventTime Reader::resolve(
    QDate date, const Stamp &st, const Zone &fallback, QStringList &notes) const
{
    const TimeCertainty certainty =
        st.approximate ? TimeCertainty::Approximate : TimeCertainty::Exact;
    const Zone &zone = st.zone.kind != Zone::Kind::None ? st.zone : fallback;
    switch (zone.kind) {
    case Zone::Kind::Fixed: {
        notes.append(zone.written == offsetText(zone.offset)
                ? zone.written
                : TP::tr("%1 (%2)").arg(zone.written, offsetText(zone.offset)));
        const QDateTime when(date, st.time, Qt::OffsetFromUTC, zone.offset);
        return EventTime::at(when, certainty, st.hasSeconds, zone.written);
    }
    case Zone::Kind::Named:
        notes.append(zone.written);
        return fromLocal(zone.tz, date, st.time, certainty, st.hasSeconds, zone.written, notes);
    case Zone::Kind::None: break;
    }
    if (m_defaultTz.isValid()) {
        notes.append(TP::tr("no zone: %1").arg(m_defaultZoneName));
        return fromLocal(
            m_defaultTz, date, st.time, certainty, st.hasSeconds, m_defaultZoneName, notes);
    }
    notes.append(m_defaultZoneBad
            ? TP::tr("no zone: UTC (the zone %1 is unknown)").arg(context.defaultZone)
            : TP::tr("no zone: UTC"));
    return EventTime::at(QDateTime(date, st.time, Qt::UTC), certainty, st.hasSeconds);
}

// ---------------------------------------------------------------------------------------
// Tables

QStringList splitCells(QStringView row)
{
    QStringView r = row.trimmed();
    if (r.startsWith(u'|'))
        r = r.sliced(1);
    if (r.endsWith(u'|') && !r.endsWith(u"\\|"))
        r.chop(1);
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < r.size(); ++i) {
        if (r[i] == u'\\' && i + 1 < r.size() && r[i + 1] == u'|') {
            cell.append(u'|');
            ++i;
        } else if (r[i] == u'|') {
            cells.append(cell.trimmed());
            cell.clear();
        } else {
            cell.append(r[i]);
        }
    }
    cells.append(cell.trimmed());
    return cells;
}

bool isDelimiterRow(QStringView line)
{
    if (!line.contains(u'|') || !line.contains(u'-'))
        return false;
    for (QChar c : line) {
        if (c != u'|' && c != u'-' && c != u':' && c != u' ')
            return false;
    }
    return true;
}

enum class Column { Time, Date, Text, Reporter, Kind, Other };

struct Table {
    bool active = false;
    bool hasHeader = false;
    QList<Column> columns;
    QStringList names;
    Zone zone; // from a header such as "Time (UTC)"
};

Column columnFor(const QString &header)
{
    static const QRegularExpression paren(QStringLiteral(R"(\([^)]*\))"));
    QString h = header.toLower();
    h.remove(paren);
    h.remove(u'*');
    h.remove(u'_');
    h.remove(u'`');
    h = h.trimmed();
    auto any = [&h](std::initializer_list<const char *> words) {
        for (const char *w : words) {
            if (h == QLatin1String(w))
                return true;
        }
        return false;
    };
    if (h.contains(QLatin1String("time")) || any({"when", "at", "hour", "hh:mm", "clock"}))
        return Column::Time;
    if (any({"date", "day"}))
        return Column::Date;
    if (any({"who", "reporter", "reported by", "by", "author", "person", "name", "user", "from",
            "speaker", "owner", "nick"}))
        return Column::Reporter;
    if (any({"kind", "type", "category", "phase", "event type", "tag"}))
        return Column::Kind;
    if (any({"event", "events", "what", "description", "text", "details", "detail", "message",
            "summary", "action", "happened", "what happened", "note", "notes", "comment", "entry",
            "activity"}))
        return Column::Text;
    return Column::Other;
}

// ---------------------------------------------------------------------------------------
// The line-by-line parser

class LineParser
{
public:
    LineParser(const ParseContext &context, const QList<QString> &clean)
        : m_reader(context)
        , m_clean(clean)
        , m_date(context.defaultDate)
    { }

    void parseLine(qsizetype index, ParsedLine &pl);

private:
    void blankOrBreak();
    void tableRow(const QString &c, ParsedLine &pl);
    void tableHeader(const QString &c);
    bool headingLike(qsizetype index, QStringView inner, bool markdownHeading, ParsedLine &pl);
    void dateHeading(const Stamp &st, ParsedLine &pl);
    void eventLine(qsizetype index, QStringView content, ParsedLine &pl);
    bool trailingStamp(qsizetype index, QStringView content, ParsedLine &pl);
    void finish(ParsedLine &pl, const Stamp &st, const Zone &fallback, QStringList notes);
    bool looksLikeContinuation(qsizetype index) const;

    Reader m_reader;
    const QList<QString> &m_clean;
    QDate m_date; // the date for lines without one
    int m_dateFrom = 0; // the line it came from; 0: the session
    QTime m_lastClock; // last clock time read on the carried date, for midnight
    int m_lastClockLine = 0;
    Table m_table;
    struct Carry {
        bool active = false;
        Stamp stamp;
        QString reporter;
        int line = 0;
    } m_carry;
};

void LineParser::blankOrBreak()
{
    m_table = {};
    m_carry.active = false;
}

void LineParser::parseLine(qsizetype index, ParsedLine &pl)
{
    const QString &c = m_clean[index];
    if (c.isEmpty()) {
        pl.role = LineRole::Blank;
        blankOrBreak();
        return;
    }
    if (c.startsWith(QLatin1String("```")) || c.startsWith(QLatin1String("~~~"))) {
        pl.role = LineRole::Separator;
        blankOrBreak();
        return;
    }
    if (c.startsWith(u'|') || (m_table.active && c.contains(u'|'))) {
        m_carry.active = false;
        if (isDelimiterRow(c)) {
            pl.role = LineRole::Separator;
            m_table.active = true;
            return;
        }
        if (!m_table.active && index + 1 < m_clean.size() && isDelimiterRow(m_clean[index + 1])) {
            pl.role = LineRole::TableHeader;
            tableHeader(c);
            pl.note = TP::tr("table header");
            return;
        }
        tableRow(c, pl);
        return;
    }
    m_table = {};

    // A horizontal rule, or a Slack-style divider "--- Tuesday, January 31st ---".
    auto isRuleChar = [](QChar ch) {
        return ch == u'-' || ch == u'=' || ch == u'_' || ch == u'*' || ch == u'~' || ch == u'\x2014'
            || ch == u'\x2013';
    };
    qsizetype lead = 0;
    while (lead < c.size() && isRuleChar(c[lead]))
        ++lead;
    if (lead == c.size() && lead >= 3) {
        pl.role = LineRole::Separator;
        blankOrBreak();
        return;
    }
    qsizetype trail = 0;
    while (trail < c.size() - lead && isRuleChar(c[c.size() - 1 - trail]))
        ++trail;
    if (lead >= 2 && trail >= 2) {
        const QStringView inner = QStringView(c).sliced(lead, c.size() - lead - trail).trimmed();
        if (inner.isEmpty()) {
            pl.role = LineRole::Separator;
            blankOrBreak();
            return;
        }
        if (headingLike(index, inner, false, pl))
            return;
    }

    static const QRegularExpression heading(QStringLiteral(R"(#{1,6}\s+)"));
    const auto h = matchAt(heading, c, 0);
    if (h.hasMatch()) {
        QStringView inner = QStringView(c).sliced(h.capturedEnd(0));
        while (inner.endsWith(u'#'))
            inner.chop(1);
        if (headingLike(index, inner.trimmed(), true, pl))
            return;
    }
    if (c.size() > 4 && c.startsWith(QLatin1String("**")) && c.endsWith(QLatin1String("**"))) {
        if (const auto st = m_reader.dateOnly(QStringView(c).sliced(2, c.size() - 4))) {
            dateHeading(*st, pl);
            return;
        }
    }
    eventLine(index, c, pl);
}

void LineParser::dateHeading(const Stamp &st, ParsedLine &pl)
{
    pl.role = LineRole::DateHeading;
    pl.date = st.date;
    pl.dateFromLine = true;
    m_date = st.date;
    m_dateFrom = pl.lineNumber;
    m_lastClock = {};
    m_carry.active = false;
    QStringList notes {
        TP::tr("date heading %1, for the lines below").arg(st.date.toString(Qt::ISODate))};
    notes += st.notes;
    pl.note = notes.join(QLatin1String(", "));
}

// A Markdown heading or a divider: a date, "Today"/"Yesterday", a timed line, or a heading.
bool LineParser::headingLike(
    qsizetype index, QStringView inner, bool markdownHeading, ParsedLine &pl)
{
    QStringView v = inner;
    if (v.size() > 4 && v.startsWith(u"**") && v.endsWith(u"**"))
        v = v.sliced(2, v.size() - 4).trimmed();
    QStringView word = v;
    while (word.endsWith(u':'))
        word.chop(1);
    if (const auto day = m_reader.relativeDay(word.trimmed())) {
        Stamp st;
        st.date = *day;
        dateHeading(st, pl);
        return true;
    }
    if (const auto st = m_reader.dateOnly(v)) {
        dateHeading(*st, pl);
        return true;
    }
    if (markdownHeading) {
        const Stamp st = m_reader.read(v.left(kHead), 0);
        if (st.found && st.timeWritten) {
            eventLine(index, v, pl);
            return true;
        }
    }
    pl.role = LineRole::Heading;
    pl.text = inner.toString();
    pl.note = TP::tr("heading, not an event");
    m_carry.active = false;
    return true;
}

bool LineParser::looksLikeContinuation(qsizetype index) const
{
    if (index >= m_clean.size())
        return false;
    const QString &next = m_clean[index];
    if (next.isEmpty() || next.startsWith(u'|') || next.startsWith(u'#'))
        return false;
    return !m_reader.read(QStringView(next).left(kHead), 0).found
        && !m_reader.dateOnly(QStringView(next).left(kHead));
}

// "alice [10:15 AM]" (Slack's copy format, text on the next lines) or "text [10:15]".
bool LineParser::trailingStamp(qsizetype index, QStringView content, ParsedLine &pl)
{
    const qsizetype open = content.lastIndexOf(u'[');
    if (open <= 0 || content.size() - open > 64)
        return false;
    const QStringView inside = content.sliced(open);
    Stamp st = m_reader.read(inside, 0);
    if (!st.found || !st.timeWritten || st.dateWritten || st.stampEnd != inside.size())
        return false;
    const QString before = content.left(open).trimmed().toString();
    if (before.isEmpty())
        return false;
    static const QRegularExpression name(
        QStringLiteral(R"([\p{L}][\p{L}\p{N}._'-]{0,31}(?: [\p{L}\p{N}._'-]{1,32}){0,3})"));
    const auto m = name.match(
        before, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
    const bool isName = m.hasMatch() && m.capturedLength(0) == before.size();
    if (isName && st.error.isEmpty() && looksLikeContinuation(index + 1)) {
        pl.role = LineRole::Speaker;
        pl.reporter = before;
        pl.clock = st.time;
        pl.zone = st.zone.written;
        pl.date = m_date;
        pl.note = TP::tr("chat header: time and name for the lines below");
        m_carry = {true, st, before, pl.lineNumber};
        return true;
    }
    st.end = content.size();
    pl.text = before;
    m_carry.active = false;
    finish(pl, st, {}, {TP::tr("time read from the end of the line")});
    if (!st.error.isEmpty())
        pl.text = content.toString();
    return true;
}

// "[10:15] Update: ..." is a label, not a person called Update.
bool isLabel(QStringView word)
{
    static const std::array<QLatin1String, 22> labels {QLatin1String("note"),
        QLatin1String("notes"), QLatin1String("update"), QLatin1String("status"),
        QLatin1String("action"), QLatin1String("decision"), QLatin1String("info"),
        QLatin1String("warning"), QLatin1String("warn"), QLatin1String("error"),
        QLatin1String("alert"), QLatin1String("fyi"), QLatin1String("todo"),
        QLatin1String("question"), QLatin1String("summary"), QLatin1String("impact"),
        QLatin1String("cause"), QLatin1String("fix"), QLatin1String("resolved"),
        QLatin1String("event"), QLatin1String("edit"), QLatin1String("re")};
    for (QLatin1String l : labels) {
        if (word.compare(l, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void LineParser::eventLine(qsizetype index, QStringView content, ParsedLine &pl)
{
    static const QRegularExpression bullet(
        QStringLiteral(R"((?:[-*+\x{2022}>]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?)"));
    static const QRegularExpression irc(QStringLiteral(R"(<\s*[@+%~&]?([^\s<>]{1,64})\s*>\s*)"));
    static const QRegularExpression slack(QStringLiteral(R"(([\p{L}\p{N}._@'-]{1,40}):(?:\s+|$))"));

    pl.role = LineRole::Event;
    const QStringView head = content.left(kHead);
    Stamp st = m_reader.read(head, 0);
    // A date alone on its line ("Jan 31, 2017:", "Tuesday, 31 January 2017") is a heading.
    if (st.found && st.dateWritten && !st.timeWritten && st.error.isEmpty()) {
        QStringView rest = content.sliced(st.stampEnd);
        while (
            !rest.isEmpty() && (rest.back() == u':' || rest.back() == u'.' || rest.back() == u' '))
            rest.chop(1);
        if (rest.isEmpty()) {
            dateHeading(st, pl);
            return;
        }
    }
    qsizetype bodyStart = 0;
    if (!st.found) {
        const QChar first = charAt(head, 0);
        const auto b = QStringView(u"-*+\u2022>").contains(first) || isAsciiDigit(first)
            ? matchAt(bullet, head, 0)
            : QRegularExpressionMatch();
        if (b.hasMatch()) {
            bodyStart = b.capturedEnd(0);
            st = m_reader.read(head, bodyStart);
        }
    }
    const QStringView body = content.sliced(bodyStart);
    if (!st.found && trailingStamp(index, body, pl))
        return;

    qsizetype textStart = st.found ? st.end : bodyStart;
    QStringList notes;
    // IRC nicks anywhere after the time; "name:" only after a bracketed chat time, because
    // "10:15 Note: ..." in a plain list is not a person.
    const QStringView afterStamp = content.sliced(textStart).left(80);
    auto m = afterStamp.startsWith(u'<') ? matchAt(irc, afterStamp, 0) : QRegularExpressionMatch();
    if (m.hasMatch()) {
        pl.reporter = m.captured(1);
        textStart += m.capturedEnd(0);
    } else if (st.found && st.bracketed) {
        m = matchAt(slack, afterStamp, 0);
        if (m.hasMatch() && !isLabel(m.capturedView(1))) {
            pl.reporter = m.captured(1);
            textStart += m.capturedEnd(0);
        }
    }
    if (!st.found && m_carry.active) {
        st = m_carry.stamp;
        if (pl.reporter.isEmpty())
            pl.reporter = m_carry.reporter;
        notes.append(TP::tr("time and name from the chat header on line %1").arg(m_carry.line));
    } else {
        m_carry.active = false;
    }
    pl.text = content.sliced(textStart).trimmed().toString();
    if (!st.error.isEmpty()) {
        pl.text = body.trimmed().toString();
        pl.reporter.clear();
    }
    finish(pl, st, {}, notes);
}

void LineParser::tableHeader(const QString &c)
{
    static const QRegularExpression paren(QStringLiteral(R"(\(([^)]{1,40})\))"));
    m_table = {};
    m_table.active = true;
    m_table.hasHeader = true;
    m_table.names = splitCells(c);
    bool haveText = false;
    for (const QString &name : std::as_const(m_table.names)) {
        const Column col = columnFor(name);
        m_table.columns.append(col);
        haveText = haveText || col == Column::Text;
        if (col == Column::Time || col == Column::Date) {
            const auto m = paren.match(name);
            if (m.hasMatch()) {
                if (const auto z = m_reader.zoneOnly(m.capturedView(1)))
                    m_table.zone = *z;
            }
        }
    }
    // Without an "event" column, the first unnamed one holds the text.
    if (!haveText) {
        for (Column &col : m_table.columns) {
            if (col == Column::Other) {
                col = Column::Text;
                break;
            }
        }
    }
}

void LineParser::tableRow(const QString &c, ParsedLine &pl)
{
    pl.role = LineRole::Event;
    m_table.active = true;
    const QStringList cells = splitCells(c);
    QString timeText, dateText, text, kindText;
    QStringList extras;
    QStringList notes;
    if (m_table.hasHeader) {
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const QString &cell = cells[i];
            const Column col = i < m_table.columns.size() ? m_table.columns[i] : Column::Other;
            switch (col) {
            case Column::Time: timeText = cell; break;
            case Column::Date: dateText = cell; break;
            case Column::Text: text = text.isEmpty() ? cell : text % u' ' % cell; break;
            case Column::Reporter: pl.reporter = cell; break;
            case Column::Kind: kindText = cell; break;
            case Column::Other:
                if (!cell.isEmpty()) {
                    const QString name = i < m_table.names.size() ? m_table.names[i] : QString();
                    extras.append(name.isEmpty() ? cell : name % u": " % cell);
                }
                break;
            }
        }
    } else {
        // No header: the first cell that is a date or time is the time, the rest is text.
        qsizetype timeCell = -1;
        for (qsizetype i = 0; i < cells.size() && timeCell < 0; ++i) {
            const QStringView cell = QStringView(cells[i]).left(kHead);
            const Stamp st = m_reader.read(cell, 0);
            if (st.found && st.stampEnd == cells[i].size())
                timeCell = i;
        }
        QStringList rest;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i == timeCell)
                timeText = cells[i];
            else if (!cells[i].isEmpty())
                rest.append(cells[i]);
        }
        text = rest.join(QLatin1String(" | "));
    }
    if (!extras.isEmpty())
        text = text.isEmpty() ? extras.join(QLatin1String("; "))
                              : text % QLatin1String("; ") % extras.join(QLatin1String("; "));

    const QString stampText = QString(dateText % u' ' % timeText).trimmed();
    Stamp st;
    if (!stampText.isEmpty()) {
        st = m_reader.read(QStringView(stampText).left(kHead), 0);
        if (!st.found || st.stampEnd != stampText.size()) {
            st = {};
            notes.append(TP::tr("time cell \"%1\" not readable").arg(stampText.left(40)));
            text = text.isEmpty() ? stampText : stampText % QStringLiteral(" \x2014 ") % text;
        } else if (!st.error.isEmpty()) {
            text = text.isEmpty() ? stampText : stampText % QStringLiteral(" \x2014 ") % text;
        }
    }
    pl.text = text;
    finish(pl, st, m_table.zone, notes);
    if (!kindText.isEmpty()) {
        if (const auto k = kindFromLabel(kindText)) {
            pl.kind = *k;
            pl.note += TP::tr(", kind from the table");
        }
    }
}

void LineParser::finish(ParsedLine &pl, const Stamp &st, const Zone &fallback, QStringList notes)
{
    QStringList parts;
    pl.clock = st.time;
    // A zone from a table header ("Time (PST)") is written too, just not in the cell.
    pl.zone = st.zone.kind != Zone::Kind::None ? st.zone.written
        : st.timeWritten                       ? fallback.written
                                               : QString();
    if (st.found && st.dateWritten && st.date.isValid()) {
        pl.date = st.date;
        pl.dateFromLine = true;
        m_date = st.date;
        m_dateFrom = pl.lineNumber;
        m_lastClock = {};
        parts.append(TP::tr("date on the line"));
        parts += st.notes;
    } else {
        pl.date = m_date;
    }
    if (!st.found) {
        parts.append(TP::tr("no time found: unknown"));
    } else if (!st.error.isEmpty()) {
        parts.append(TP::tr("%1: unknown").arg(st.error));
    } else if (!st.timeWritten) {
        parts.append(TP::tr("no time: unknown"));
    } else if (!pl.date.isValid()) {
        parts.append(TP::tr("time read but no date: unknown"));
    } else {
        if (!pl.dateFromLine) {
            parts.append(m_dateFrom == 0 ? TP::tr("session date")
                                         : TP::tr("date from line %1").arg(m_dateFrom));
            // A backwards jump of more than 12 h on a carried date is most likely midnight
            // passing in a log without dates; smaller jumps are lines pasted out of order.
            if (m_lastClock.isValid() && st.time.msecsTo(m_lastClock) > 12 * 3600 * 1000) {
                pl.maybeNextDay = true;
                parts.append(TP::tr("earlier than line %1 (%2): midnight may have passed; "
                                    "date kept")
                                 .arg(m_lastClockLine)
                                 .arg(m_lastClock.toString(QStringLiteral("HH:mm"))));
            }
            m_lastClock = st.time;
            m_lastClockLine = pl.lineNumber;
        }
        parts.append(st.twelveHour ? TP::tr("12 h clock") : TP::tr("24 h clock"));
        pl.time = m_reader.resolve(pl.date, st, fallback, parts);
        if (!inStorableYears(pl.time)) {
            // Unknown rather than unstorable; the whole line stays the text, as for a stamp
            // that cannot be read, so nothing typed is lost.
            parts.append(TP::tr("the instant is outside the years 1 to 9999: unknown"));
            pl.time = EventTime::unknown();
            pl.maybeNextDay = false; // no time, so no day to doubt
            pl.text = m_clean.at(pl.lineNumber - 1);
        }
        if (st.approximate)
            parts.append(TP::tr("approximate"));
    }
    parts += notes;
    pl.note = parts.join(QLatin1String(", "));
    pl.kind = TimelineParser::guessKind(pl.text);
}

} // namespace

QList<ParsedLine> TimelineParser::parse(const QString &text, const ParseContext &context)
{
    const QList<QStringView> lines = splitLines(text);
    QList<QString> clean;
    clean.reserve(lines.size());
    for (QStringView line : lines)
        clean.append(sanitize(line).trimmed());

    LineParser parser(context, clean);
    QList<ParsedLine> out;
    out.reserve(lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        ParsedLine pl;
        pl.lineNumber = int(i + 1);
        pl.raw = lines[i].toString();
        parser.parseLine(i, pl);
        out.append(std::move(pl));
    }
    return out;
}

std::optional<EventTime> TimelineParser::parseTypedTime(
    const QString &typed, const ParseContext &context)
{
    static const QRegularExpression relative = ci(QStringLiteral(
        R"(([~\x{2248}\x{00b1}])?\s*([+-])\s*(?:(\d{1,3})\s*h(?:ours?|rs?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?|s)?)?)?\s*(?:(\d{1,5})\s*s(?:ec(?:onds?|s)?)?)?)"));
    static const QRegularExpression dayWord = ci(QStringLiteral(R"((yesterday|today)\b\s*,?\s*)"));

    const QString s = sanitize(typed).trimmed();
    if (s.isEmpty())
        return EventTime::unknown();
    if (s.size() > kHead)
        return std::nullopt;
    Reader reader(context);
    const QTimeZone tz = context.defaultZone.isEmpty()
        ? QTimeZone()
        : QTimeZone(context.defaultZone.trimmed().toUtf8());
    const QString zoneName = tz.isValid() ? context.defaultZone.trimmed() : QString();
    auto inZone = [&tz](const QDateTime &when) {
        return tz.isValid() ? when.toTimeZone(tz) : when.toUTC();
    };

    if (s.compare(QLatin1String("now"), Qt::CaseInsensitive) == 0) {
        if (!context.now.isValid())
            return std::nullopt;
        return EventTime::at(inZone(context.now), TimeCertainty::Exact, true, zoneName);
    }

    auto m = relative.match(
        s, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
    if (m.hasMatch() && m.capturedLength(0) == s.size()
        && (m.capturedLength(3) > 0 || m.capturedLength(4) > 0 || m.capturedLength(5) > 0)) {
        if (!context.previous.isValid())
            return std::nullopt;
        const qint64 seconds = m.capturedView(3).toLongLong() * 3600
            + m.capturedView(4).toLongLong() * 60 + m.capturedView(5).toLongLong();
        const qint64 sign = m.capturedView(2) == u"-" ? -1 : 1;
        const QDateTime when = inZone(context.previous.addSecs(sign * seconds));
        const bool approx = m.capturedLength(1) > 0;
        return EventTime::at(when, approx ? TimeCertainty::Approximate : TimeCertainty::Exact,
            m.capturedLength(5) > 0 || when.time().second() != 0, zoneName);
    }

    QDate date = context.defaultDate;
    qsizetype pos = 0;
    // "~yesterday 23:10" reads oddly; the approximate marker belongs before the time.
    m = dayWord.match(
        s, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
    bool relativeDay = false;
    if (m.hasMatch()) {
        const auto day = reader.relativeDay(m.capturedView(1));
        if (!day)
            return std::nullopt;
        date = *day;
        pos = m.capturedEnd(0);
        relativeDay = true;
    }
    const Stamp st = reader.read(s, pos);
    if (!st.found || !st.timeWritten || !st.error.isEmpty() || st.stampEnd != s.size())
        return std::nullopt;
    if (st.dateWritten) {
        if (relativeDay)
            return std::nullopt;
        date = st.date;
    }
    if (!date.isValid())
        return std::nullopt;
    QStringList notes;
    const EventTime t = reader.resolve(date, st, {}, notes);
    if (!inStorableYears(t))
        return std::nullopt;
    return t;
}

EventKind TimelineParser::guessKind(const QString &text)
{
    const QString lower = text.left(kKindScan).toLower();
    const QStringView view(lower);
    const auto &index = phrasesByFirstChar();
    int best = int(kindTable().size());
    // One pass over the word starts; a phrase matches only at the start of a word.
    for (qsizetype at = 0; at < view.size() && best > 0; ++at) {
        const char16_t c = view[at].unicode();
        if (c >= 128 || (at > 0 && view[at - 1].isLetterOrNumber()))
            continue;
        for (const KindPhrase &phrase : index[c]) {
            if (phrase.rank < best && view.mid(at).startsWith(phrase.text))
                best = phrase.rank;
        }
    }
    return best < int(kindTable().size()) ? kindTable()[size_t(best)].kind : EventKind::Note;
}

} // namespace hindsight
