#include "timelineparser.h"

#include <QTest>

#include <tuple>

using namespace hindsight;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

const QDate kDay(2017, 1, 31);

ParseContext utcContext()
{
    ParseContext c;
    c.defaultDate = kDay;
    c.now = utc(2017, 2, 1, 12, 0);
    return c;
}

ParseContext berlinContext()
{
    ParseContext c = utcContext();
    c.defaultZone = QStringLiteral("Europe/Berlin");
    c.previous = utc(2017, 1, 31, 17, 0);
    return c;
}

QList<ParsedLine> events(const QList<ParsedLine> &lines)
{
    QList<ParsedLine> out;
    for (const ParsedLine &l : lines) {
        if (l.isEvent())
            out.append(l);
    }
    return out;
}

} // namespace

class TestTimelineParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formats_data();
    void formats();
    void defaultZone_data();
    void defaultZone();
    void roles();
    void headingCarry();
    void midnightIsFlaggedNotGuessed();
    void outOfOrderKeepsInputOrder();
    void unknownLinesKept();
    void slackCopyFormat();
    void tables();
    void lineEndings();
    void hostileInput();
    void manyLines();
    void typedTime_data();
    void typedTime();
    void typedRelativeNeedsPrevious();
    void guessKind_data();
    void guessKind();
};

// Each row: the pasted text (its last line is checked) and how that line must be read.
void TestTimelineParser::formats_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QTime>("clock");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<int>("certainty");
    QTest::addColumn<bool>("seconds");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reporter");
    QTest::addColumn<QDateTime>("instant");

    const int exact = int(TimeCertainty::Exact);
    const int approx = int(TimeCertainty::Approximate);
    const int unknown = int(TimeCertainty::Unknown);
    auto k = [](EventKind kind) { return int(kind); };
    const QTime none;
    const QDateTime never;

    // Bare clocks and separators
    QTest::newRow("bare HH:MM") << "10:15 deploy started" << kDay << QTime(10, 15) << "" << exact
                                << false << k(EventKind::Note) << "deploy started"
                                << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("bare HH:MM:SS")
        << "10:15:30 db failover started" << kDay << QTime(10, 15, 30) << "" << exact << true
        << k(EventKind::Mitigation) << "db failover started"
        << "" << utc(2017, 1, 31, 10, 15, 30);
    QTest::newRow("time alone") << "10:15" << kDay << QTime(10, 15) << "" << exact << false
                                << k(EventKind::Note) << ""
                                << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("separator pipe") << "10:15 | alert fired" << kDay << QTime(10, 15) << "" << exact
                                    << false << k(EventKind::Detection) << "alert fired"
                                    << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("separator en dash")
        << QStringLiteral(u"10:15 \u2013 db is down") << kDay << QTime(10, 15) << "" << exact
        << false << k(EventKind::ImpactStart) << "db is down"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("separator em dash")
        << QStringLiteral(u"10:15\u2014paged") << kDay << QTime(10, 15) << "" << exact << false
        << k(EventKind::Detection) << "paged"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("separator colon")
        << "10:15: decided to wait" << kDay << QTime(10, 15) << "" << exact << false
        << k(EventKind::Decision) << "decided to wait"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("separator hyphen")
        << "07:05 - checking dashboards" << kDay << QTime(7, 5) << "" << exact << false
        << k(EventKind::Diagnosis) << "checking dashboards"
        << "" << utc(2017, 1, 31, 7, 5);
    QTest::newRow("bold time") << "**10:15** deploy" << kDay << QTime(10, 15) << "" << exact
                               << false << k(EventKind::Note) << "deploy"
                               << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("one-digit hour")
        << "9:05 started bisecting" << kDay << QTime(9, 5) << "" << exact << false
        << k(EventKind::Diagnosis) << "started bisecting"
        << "" << utc(2017, 1, 31, 9, 5);
    QTest::newRow("range end stays text")
        << "10:00-11:00 maintenance window" << kDay << QTime(10, 0) << "" << exact << false
        << k(EventKind::Note) << "11:00 maintenance window"
        << "" << utc(2017, 1, 31, 10, 0);

    // Slack and IRC
    QTest::newRow("slack 24h") << "[10:15] alice: rolled back the release" << kDay << QTime(10, 15)
                               << "" << exact << false << k(EventKind::Mitigation)
                               << "rolled back the release"
                               << "alice" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("slack 12h AM") << "[10:15 AM] bob: paged the on-call" << kDay << QTime(10, 15)
                                  << "" << exact << false << k(EventKind::Detection)
                                  << "paged the on-call"
                                  << "bob" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("slack 12h PM") << "[2:05 PM] carol.d: posted status page update" << kDay
                                  << QTime(14, 5) << "" << exact << false
                                  << k(EventKind::Communication) << "posted status page update"
                                  << "carol.d" << utc(2017, 1, 31, 14, 5);
    QTest::newRow("slack label is not a person")
        << "[10:15] Update: restarted the workers" << kDay << QTime(10, 15) << "" << exact << false
        << k(EventKind::Mitigation) << "Update: restarted the workers"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("at prefix") << "at 10:15 we paged the DBA" << kDay << QTime(10, 15) << ""
                               << exact << false << k(EventKind::Detection) << "we paged the DBA"
                               << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("blockquote") << "> 10:15 quoted from the ticket" << kDay << QTime(10, 15) << ""
                                << exact << false << k(EventKind::Note) << "quoted from the ticket"
                                << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("url is not a name")
        << "[10:15] https://status.example.com posted" << kDay << QTime(10, 15) << "" << exact
        << false << k(EventKind::Communication) << "https://status.example.com posted"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("irc bracketed")
        << "[10:15] <alice> investigating the load balancer" << kDay << QTime(10, 15) << "" << exact
        << false << k(EventKind::Diagnosis) << "investigating the load balancer"
        << "alice" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("irc bare") << "10:15 <dave> customers report 502s" << kDay << QTime(10, 15) << ""
                              << exact << false << k(EventKind::ImpactStart)
                              << "customers report 502s"
                              << "dave" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("irc seconds, spaced nick")
        << "10:15:22 < erin> resolved" << kDay << QTime(10, 15, 22) << "" << exact << true
        << k(EventKind::Resolution) << "resolved"
        << "erin" << utc(2017, 1, 31, 10, 15, 22);
    QTest::newRow("irc op prefix")
        << "[10:15:22] <@op> escalated to the DB team" << kDay << QTime(10, 15, 22) << "" << exact
        << true << k(EventKind::Escalation) << "escalated to the DB team"
        << "op" << utc(2017, 1, 31, 10, 15, 22);

    // 12 h clocks and zones
    QTest::newRow("12h PST glued")
        << "9:37AM PST alert fired for checkout" << kDay << QTime(9, 37) << "PST" << exact << false
        << k(EventKind::Detection) << "alert fired for checkout"
        << "" << utc(2017, 1, 31, 17, 37);
    QTest::newRow("12h lower am EST")
        << "9:37 am EST decided to fail over" << kDay << QTime(9, 37) << "EST" << exact << false
        << k(EventKind::Decision) << "decided to fail over"
        << "" << utc(2017, 1, 31, 14, 37);
    QTest::newRow("12:05 PM is noon")
        << "12:05 PM notified support" << kDay << QTime(12, 5) << "" << exact << false
        << k(EventKind::Communication) << "notified support"
        << "" << utc(2017, 1, 31, 12, 5);
    QTest::newRow("12:30 AM is after midnight")
        << "12:30 AM errors started" << kDay << QTime(0, 30) << "" << exact << false
        << k(EventKind::ImpactStart) << "errors started"
        << "" << utc(2017, 1, 31, 0, 30);
    QTest::newRow("a.m. with dots") << "6:00 a.m. all clear" << kDay << QTime(6, 0) << "" << exact
                                    << false << k(EventKind::Resolution) << "all clear"
                                    << "" << utc(2017, 1, 31, 6, 0);
    QTest::newRow("CET") << "18:00 CET rollback started" << kDay << QTime(18, 0) << "CET" << exact
                         << false << k(EventKind::Mitigation) << "rollback started"
                         << "" << utc(2017, 1, 31, 17, 0);
    QTest::newRow("IST is India") << "09:00 IST notified the bank" << kDay << QTime(9, 0) << "IST"
                                  << exact << false << k(EventKind::Communication)
                                  << "notified the bank"
                                  << "" << utc(2017, 1, 31, 3, 30);
    QTest::newRow("AEDT crosses the date")
        << "10:00 AEDT failover done" << kDay << QTime(10, 0) << "AEDT" << exact << false
        << k(EventKind::Mitigation) << "failover done"
        << "" << utc(2017, 1, 30, 23, 0);
    QTest::newRow("UTC+2") << "10:15 UTC+2 checking logs" << kDay << QTime(10, 15) << "UTC+2"
                           << exact << false << k(EventKind::Diagnosis) << "checking logs"
                           << "" << utc(2017, 1, 31, 8, 15);
    QTest::newRow("zone in parentheses") << "10:15 (PDT) paged" << kDay << QTime(10, 15) << "PDT"
                                         << exact << false << k(EventKind::Detection) << "paged"
                                         << "" << utc(2017, 1, 31, 17, 15);
    QTest::newRow("IANA zone") << "10:15 Europe/Berlin paged" << kDay << QTime(10, 15)
                               << "Europe/Berlin" << exact << false << k(EventKind::Detection)
                               << "paged"
                               << "" << utc(2017, 1, 31, 9, 15);
    QTest::newRow("lower-case est is a word")
        << "10:15 est. cost unknown" << kDay << QTime(10, 15) << "" << exact << false
        << k(EventKind::Note) << "est. cost unknown"
        << "" << utc(2017, 1, 31, 10, 15);

    // Dates on the line
    QTest::newRow("ISO date UTC") << "2017-01-31 18:00 UTC outage began" << kDay << QTime(18, 0)
                                  << "UTC" << exact << false << k(EventKind::ImpactStart)
                                  << "outage began"
                                  << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("slashed date UTC")
        << "2017/01/31 18:00 UTC all clear" << kDay << QTime(18, 0) << "UTC" << exact << false
        << k(EventKind::Resolution) << "all clear"
        << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("ISO T Z") << "2017-01-31T18:00:00Z deploy" << kDay << QTime(18, 0) << "Z"
                             << exact << true << k(EventKind::Note) << "deploy"
                             << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("ISO offset") << "2017-01-31T18:00:00+02:00 found the bug" << kDay << QTime(18, 0)
                                << "+02:00" << exact << true << k(EventKind::Diagnosis)
                                << "found the bug"
                                << "" << utc(2017, 1, 31, 16, 0);
    QTest::newRow("ISO fraction and offset")
        << "2017-01-31T18:00:00.250-08:00 restarted" << kDay << QTime(18, 0, 0, 250) << "-08:00"
        << exact << true << k(EventKind::Mitigation) << "restarted"
        << "" << QDateTime(QDate(2017, 2, 1), QTime(2, 0, 0, 250), Qt::UTC);
    QTest::newRow("offset -0800 other day")
        << "2017-02-01 09:15 -0800 restarted workers" << QDate(2017, 2, 1) << QTime(9, 15)
        << "-0800" << exact << false << k(EventKind::Mitigation) << "restarted workers"
        << "" << utc(2017, 2, 1, 17, 15);
    QTest::newRow("dotted day-first date")
        << "31.01.2017 18:00 resolved" << kDay << QTime(18, 0) << "" << exact << false
        << k(EventKind::Resolution) << "resolved"
        << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("unambiguous US date") << "01/31/2017 18:00 paged" << kDay << QTime(18, 0) << ""
                                         << exact << false << k(EventKind::Detection) << "paged"
                                         << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("month name date 12h")
        << "Jan 31, 2017 6:00 PM resolved" << kDay << QTime(18, 0) << "" << exact << false
        << k(EventKind::Resolution) << "resolved"
        << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("day-first month name GMT")
        << "31 January 2017 18:00 GMT escalated" << kDay << QTime(18, 0) << "GMT" << exact << false
        << k(EventKind::Escalation) << "escalated"
        << "" << utc(2017, 1, 31, 18, 0);
    QTest::newRow("syslog, no year")
        << "Feb 1 18:00:01 web1 kernel: oom" << QDate(2017, 2, 1) << QTime(18, 0, 1) << "" << exact
        << true << k(EventKind::Note) << "web1 kernel: oom"
        << "" << utc(2017, 2, 1, 18, 0, 1);
    QTest::newRow("date without time")
        << "2017-01-30 capacity review" << QDate(2017, 1, 30) << none << "" << unknown << false
        << k(EventKind::Note) << "capacity review"
        << "" << never;

    // Approximate times
    QTest::newRow("tilde") << "~23:00 first customer emails" << kDay << QTime(23, 0) << "" << approx
                           << false << k(EventKind::Note) << "first customer emails"
                           << "" << utc(2017, 1, 31, 23, 0);
    QTest::newRow("plus-minus") << QStringLiteral(u"\u00b119:00 latency spike") << kDay
                                << QTime(19, 0) << "" << approx << false
                                << k(EventKind::ImpactStart) << "latency spike"
                                << "" << utc(2017, 1, 31, 19, 0);
    QTest::newRow("-ish") << "23:00-ish someone restarted the cache" << kDay << QTime(23, 0) << ""
                          << approx << false << k(EventKind::Mitigation)
                          << "someone restarted the cache"
                          << "" << utc(2017, 1, 31, 23, 0);
    QTest::newRow("approx") << "approx 14:00 traced to a bad config" << kDay << QTime(14, 0) << ""
                            << approx << false << k(EventKind::Diagnosis)
                            << "traced to a bad config"
                            << "" << utc(2017, 1, 31, 14, 0);
    QTest::newRow("around 9pm") << "around 9pm checking dashboards" << kDay << QTime(21, 0) << ""
                                << approx << false << k(EventKind::Diagnosis)
                                << "checking dashboards"
                                << "" << utc(2017, 1, 31, 21, 0);
    QTest::newRow("about, bracketed")
        << "[about 10:30] noticed slow queries" << kDay << QTime(10, 30) << "" << approx << false
        << k(EventKind::Detection) << "noticed slow queries"
        << "" << utc(2017, 1, 31, 10, 30);
    QTest::newRow("ca.") << "ca. 10:30 - noticed slow queries" << kDay << QTime(10, 30) << ""
                         << approx << false << k(EventKind::Detection) << "noticed slow queries"
                         << "" << utc(2017, 1, 31, 10, 30);
    QTest::newRow("question mark") << "10:15? maybe the cron job" << kDay << QTime(10, 15) << ""
                                   << approx << false << k(EventKind::Note) << "maybe the cron job"
                                   << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("approximate with zone") << "~9:37 PM PST paged" << kDay << QTime(21, 37) << "PST"
                                           << approx << false << k(EventKind::Detection) << "paged"
                                           << "" << utc(2017, 2, 1, 5, 37);

    // Lists
    QTest::newRow("dash bullet") << "- 10:15 foo" << kDay << QTime(10, 15) << "" << exact << false
                                 << k(EventKind::Note) << "foo"
                                 << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("star bullet em dash")
        << QStringLiteral(u"* 10:15 \u2014 rolled back") << kDay << QTime(10, 15) << "" << exact
        << false << k(EventKind::Mitigation) << "rolled back"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("numbered colon") << "1. 10:15: paged" << kDay << QTime(10, 15) << "" << exact
                                    << false << k(EventKind::Detection) << "paged"
                                    << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("bullet without time")
        << "- we should add a canary" << kDay << none << "" << unknown << false
        << k(EventKind::Note) << "we should add a canary"
        << "" << never;
    QTest::newRow("markdown heading with time")
        << "## 10:15 paged" << kDay << QTime(10, 15) << "" << exact << false
        << k(EventKind::Detection) << "paged"
        << "" << utc(2017, 1, 31, 10, 15);

    // Tables
    QTest::newRow("table with escaped pipe")
        << "| time | event | who |\n|---|---|---|\n| 10:15 | rolled back \\| verified | alice |"
        << kDay << QTime(10, 15) << "" << exact << false << k(EventKind::Mitigation)
        << "rolled back | verified"
        << "alice" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("table kind column")
        << "| When | What | Kind |\n|:--|:--|--:|\n| 11:00 | call with vendor | decision |" << kDay
        << QTime(11, 0) << "" << exact << false << k(EventKind::Decision) << "call with vendor"
        << "" << utc(2017, 1, 31, 11, 0);
    QTest::newRow("table date column, zone in header")
        << "| Date | Time (PST) | Event |\n|-|-|-|\n| 2017-02-01 | 9:00 AM | paged |"
        << QDate(2017, 2, 1) << QTime(9, 0) << "PST" << exact << false << k(EventKind::Detection)
        << "paged"
        << "" << utc(2017, 2, 1, 17, 0);
    QTest::newRow("table without header")
        << "| ~10:15 | deploy | ok |" << kDay << QTime(10, 15) << "" << approx << false
        << k(EventKind::Note) << "deploy | ok"
        << "" << utc(2017, 1, 31, 10, 15);
    QTest::newRow("table unreadable time cell")
        << "| time | event |\n|---|---|\n| after lunch | paged |" << kDay << none << "" << unknown
        << false << k(EventKind::Detection) << QStringLiteral(u"after lunch \u2014 paged") << ""
        << never;

    // Unreadable: unknown time, the whole line kept as text
    QTest::newRow("no time at all") << "no timestamp here at all" << kDay << none << "" << unknown
                                    << false << k(EventKind::Note) << "no timestamp here at all"
                                    << "" << never;
    QTest::newRow("13:00 PM rejected")
        << "13:00 PM something broke" << kDay << none << "" << unknown << false
        << k(EventKind::Note) << "13:00 PM something broke"
        << "" << never;
    QTest::newRow("25:00 rejected") << "25:00 paged" << kDay << none << "" << unknown << false
                                    << k(EventKind::Detection) << "25:00 paged"
                                    << "" << never;
    QTest::newRow("10:61 rejected") << "10:61 paged" << kDay << none << "" << unknown << false
                                    << k(EventKind::Detection) << "10:61 paged"
                                    << "" << never;
    QTest::newRow("no such date") << "2017-02-30 10:00 paged" << kDay << QTime(10, 0) << ""
                                  << unknown << false << k(EventKind::Detection)
                                  << "2017-02-30 10:00 paged"
                                  << "" << never;
    QTest::newRow("ambiguous date")
        << "01/02/2017 10:00 paged" << kDay << QTime(10, 0) << "" << unknown << false
        << k(EventKind::Detection) << "01/02/2017 10:00 paged"
        << "" << never;
    QTest::newRow("number is not a time") << "12 servers rebooted" << kDay << none << "" << unknown
                                          << false << k(EventKind::Note) << "12 servers rebooted"
                                          << "" << never;
    QTest::newRow("about without a time") << "about to deploy" << kDay << none << "" << unknown
                                          << false << k(EventKind::Note) << "about to deploy"
                                          << "" << never;
    QTest::newRow("May is not a date here")
        << "May 5 servers were down" << kDay << none << "" << unknown << false
        << k(EventKind::ImpactStart) << "May 5 servers were down"
        << "" << never;
    QTest::newRow("lower-case month without year")
        << "may 5 be related" << kDay << none << "" << unknown << false << k(EventKind::Note)
        << "may 5 be related"
        << "" << never;
    QTest::newRow("9amazon is not 9 am") << "9amazon thing" << kDay << none << "" << unknown
                                         << false << k(EventKind::Note) << "9amazon thing"
                                         << "" << never;
    // Outside the years 1..9999 in UTC no session can store or export the instant: the time
    // is unknown and the whole line stays the text (found by tests/fuzz/fuzz_timelineparser).
    QTest::newRow("year 10000 in UTC")
        << "9999-12-31 23:59 PST end of time" << QDate(9999, 12, 31) << QTime(23, 59) << "PST"
        << unknown << false << k(EventKind::Note) << "9999-12-31 23:59 PST end of time"
        << "" << never;
    QTest::newRow("year 0 in UTC")
        << "0001-01-01 00:10 +14:00 start" << QDate(1, 1, 1) << QTime(0, 10) << "+14:00" << unknown
        << false << k(EventKind::Note) << "0001-01-01 00:10 +14:00 start"
        << "" << never;
    QTest::newRow("last minute of 9999 in UTC")
        << "9999-12-31 23:59 UTC end" << QDate(9999, 12, 31) << QTime(23, 59) << "UTC" << exact
        << false << k(EventKind::Note) << "end"
        << "" << utc(9999, 12, 31, 23, 59);
}

void TestTimelineParser::formats()
{
    QFETCH(QString, input);
    QFETCH(QDate, date);
    QFETCH(QTime, clock);
    QFETCH(QString, zone);
    QFETCH(int, certainty);
    QFETCH(bool, seconds);
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QString, reporter);
    QFETCH(QDateTime, instant);

    const QList<ParsedLine> lines = TimelineParser::parse(input, utcContext());
    QCOMPARE(lines.size(), input.count(u'\n') + 1);
    const ParsedLine &l = lines.last();
    QCOMPARE(l.lineNumber, int(lines.size()));
    QCOMPARE(l.role, LineRole::Event);
    QCOMPARE(l.date, date);
    QCOMPARE(l.clock, clock);
    QCOMPARE(l.zone, zone);
    QCOMPARE(int(l.time.certainty), certainty);
    QCOMPARE(l.time.hasSeconds, seconds);
    QCOMPARE(int(l.kind), kind);
    QCOMPARE(l.text, text);
    QCOMPARE(l.reporter, reporter);
    QCOMPARE(l.time.utc, instant);
    QCOMPARE(l.time.isKnown(), instant.isValid());
    if (instant.isValid())
        QCOMPARE(l.time.utc.timeSpec(), Qt::UTC);
    QVERIFY2(!l.note.isEmpty(), "every line says how it was read");
    if (!instant.isValid())
        QVERIFY2(l.note.contains(QLatin1String("unknown")), qPrintable(l.note));
}

void TestTimelineParser::defaultZone_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("noteHas");

    QTest::newRow("winter") << "2017-01-31 10:15 paged" << utc(2017, 1, 31, 9, 15) << 3600
                            << "Europe/Berlin"
                            << "no zone: Europe/Berlin";
    QTest::newRow("summer") << "2017-07-01 10:15 paged" << utc(2017, 7, 1, 8, 15) << 7200
                            << "Europe/Berlin"
                            << "no zone: Europe/Berlin";
    // 02:30 does not exist on 2017-03-26 in Berlin: read with the offset before the change.
    QTest::newRow("spring gap") << "2017-03-26 02:30 cron ran" << utc(2017, 3, 26, 1, 30) << 3600
                                << "Europe/Berlin"
                                << "does not exist";
    // 02:30 happens twice on 2017-10-29: the first (summer time) is taken.
    QTest::newRow("autumn overlap")
        << "2017-10-29 02:30 cron ran" << utc(2017, 10, 29, 0, 30) << 7200 << "Europe/Berlin"
        << "happened twice";
    QTest::newRow("explicit zone wins")
        << "2017-01-31 10:15 PST paged" << utc(2017, 1, 31, 18, 15) << -8 * 3600 << "PST"
        << "PST (UTC-08:00)";
    QTest::newRow("other IANA zone, gap")
        << "2017-03-12 02:30 America/New_York cron ran" << utc(2017, 3, 12, 7, 30) << -5 * 3600
        << "America/New_York"
        << "does not exist";
}

void TestTimelineParser::defaultZone()
{
    QFETCH(QString, input);
    QFETCH(QDateTime, instant);
    QFETCH(int, offset);
    QFETCH(QString, zone);
    QFETCH(QString, noteHas);
    const QList<ParsedLine> lines = TimelineParser::parse(input, berlinContext());
    QCOMPARE(lines.size(), 1);
    QVERIFY(lines[0].time.isKnown());
    QCOMPARE(lines[0].time.utc, instant);
    QCOMPARE(lines[0].time.offsetSeconds, offset);
    QCOMPARE(lines[0].time.zone, zone);
    QVERIFY2(lines[0].note.contains(noteHas), qPrintable(lines[0].note));
    // Shown in the offset it was read with, the time is the one typed.
    QCOMPARE(lines[0].time.utc.toOffsetFromUtc(offset).time(), lines[0].clock);
}

void TestTimelineParser::roles()
{
    const QString text = QStringLiteral("# Incident 42\n"
                                        "\n"
                                        "---\n"
                                        "```\n"
                                        "| Time | Event |\n"
                                        "|------|-------|\n"
                                        "| 10:00 | paged |\n"
                                        "=== Timeline ===\n"
                                        "## 2017-02-03\n"
                                        "plain text\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    const QList<LineRole> expected {LineRole::Heading, LineRole::Blank, LineRole::Separator,
        LineRole::Separator, LineRole::TableHeader, LineRole::Separator, LineRole::Event,
        LineRole::Heading, LineRole::DateHeading, LineRole::Event};
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QVERIFY2(lines[i].role == expected[i], qPrintable(lines[i].raw));
        QCOMPARE(lines[i].lineNumber, int(i + 1));
        QCOMPARE(lines[i].raw, text.split(u'\n')[i]);
    }
    QCOMPARE(lines[0].text, QStringLiteral("Incident 42"));
    QCOMPARE(lines[8].date, QDate(2017, 2, 3));
    QCOMPARE(lines[9].date, QDate(2017, 2, 3));
    QCOMPARE(lines[9].time.certainty, TimeCertainty::Unknown);
}

void TestTimelineParser::headingCarry()
{
    const QString text = QStringLiteral("09:00 before any heading\n"
                                        "## 2017-01-30\n"
                                        "10:00 a\n"
                                        "Tuesday, 31 January 2017\n"
                                        "10:00 b\n"
                                        "--- Wednesday, February 1st ---\n"
                                        "10:00 c\n"
                                        "**2017-02-02**\n"
                                        "10:00 d\n"
                                        "Feb 3, 2017:\n"
                                        "2017-02-10 10:00 e on its own date\n"
                                        "11:00 f carried from the line above\n"
                                        "--- Today ---\n"
                                        "08:00 g\n"
                                        "--- Yesterday ---\n"
                                        "08:00 h\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 16);
    const QList<std::pair<int, QDate>> headings {{2, QDate(2017, 1, 30)}, {4, QDate(2017, 1, 31)},
        {6, QDate(2017, 2, 1)}, {8, QDate(2017, 2, 2)}, {10, QDate(2017, 2, 3)},
        {13, QDate(2017, 2, 1)}, {15, QDate(2017, 1, 31)}};
    for (const auto &[line, date] : headings) {
        QVERIFY2(lines[line - 1].role == LineRole::DateHeading, qPrintable(lines[line - 1].raw));
        QCOMPARE(lines[line - 1].date, date);
    }
    const QList<std::tuple<int, QDate, bool>> timed {
        {1, kDay, false},
        {3, QDate(2017, 1, 30), false},
        {5, QDate(2017, 1, 31), false},
        {7, QDate(2017, 2, 1), false},
        {9, QDate(2017, 2, 2), false},
        {11, QDate(2017, 2, 10), true},
        {12, QDate(2017, 2, 10), false},
        {14, QDate(2017, 2, 1), false},
        {16, QDate(2017, 1, 31), false},
    };
    for (const auto &[line, date, onLine] : timed) {
        const ParsedLine &l = lines[line - 1];
        QVERIFY2(l.role == LineRole::Event, qPrintable(l.raw));
        QCOMPARE(l.date, date);
        QCOMPARE(l.dateFromLine, onLine);
        QCOMPARE(l.time.utc.date(), date);
    }
    QVERIFY2(lines[4].note.contains(QLatin1String("line 4")), qPrintable(lines[4].note));
    QVERIFY2(lines[0].note.contains(QLatin1String("session date")), qPrintable(lines[0].note));
    // The Slack divider without a year took the session's year.
    QVERIFY2(lines[5].note.contains(QLatin1String("2017")), qPrintable(lines[5].note));
}

void TestTimelineParser::midnightIsFlaggedNotGuessed()
{
    const QString text = QStringLiteral("23:50 deploy\n00:10 paged\n00:20 rolled back\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 3);
    QVERIFY(!lines[0].maybeNextDay);
    QVERIFY(lines[1].maybeNextDay);
    QVERIFY(!lines[2].maybeNextDay);
    // The date is kept, not guessed: the user fixes it in the preview.
    QCOMPARE(lines[1].date, kDay);
    QCOMPARE(lines[1].time.utc, utc(2017, 1, 31, 0, 10));
    QVERIFY2(lines[1].note.contains(QLatin1String("midnight")), qPrintable(lines[1].note));

    // A date on the line means no guess at all.
    const QList<ParsedLine> dated = TimelineParser::parse(
        QStringLiteral("2017-01-31 23:50 deploy\n2017-02-01 00:10 paged\n"), utcContext());
    QVERIFY(!dated[1].maybeNextDay);

    // A time that leaves the years 1..9999 in UTC becomes unknown, and an unknown time has
    // no day to doubt (found by tests/fuzz/fuzz_timelineparser).
    const QList<ParsedLine> edge = TimelineParser::parse(
        QStringLiteral("0001-01-01 10:00 UTC a\n23:00 b\n01:00 +14:00 c\n"), utcContext());
    QCOMPARE(edge.size(), 3);
    QVERIFY(edge[1].time.isKnown());
    QVERIFY(!edge[2].time.isKnown());
    QVERIFY(!edge[2].maybeNextDay);
}

void TestTimelineParser::outOfOrderKeepsInputOrder()
{
    const QString text = QStringLiteral("10:20 b\n10:05 a\n~10:30 c\n09:00 z\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 4);
    const QStringList texts {
        QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("z")};
    const QList<QTime> clocks {QTime(10, 20), QTime(10, 5), QTime(10, 30), QTime(9, 0)};
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(lines[i].lineNumber, int(i + 1));
        QCOMPARE(lines[i].text, texts[i]);
        QCOMPARE(lines[i].clock, clocks[i]);
        // Going back an hour is not midnight.
        QVERIFY(!lines[i].maybeNextDay);
    }
    QVERIFY(lines[1].time.utc < lines[0].time.utc);
}

void TestTimelineParser::unknownLinesKept()
{
    const QString text = QStringLiteral("we noticed it at lunch\n"
                                        "10:15 paged\n"
                                        "\n"
                                        "   then someone asked in #ops   \n"
                                        "13:00 PM weird\n"
                                        "<alice> is this related?\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 6);
    QCOMPARE(events(lines).size(), 5);
    QCOMPARE(lines[2].role, LineRole::Blank);
    QCOMPARE(lines[0].text, QStringLiteral("we noticed it at lunch"));
    QCOMPARE(lines[0].kind, EventKind::Detection);
    QCOMPARE(lines[0].time.certainty, TimeCertainty::Unknown);
    QCOMPARE(lines[3].text, QStringLiteral("then someone asked in #ops"));
    QCOMPARE(lines[3].raw, QStringLiteral("   then someone asked in #ops   "));
    QCOMPARE(lines[4].text, QStringLiteral("13:00 PM weird"));
    QVERIFY2(lines[4].note.contains(QLatin1String("12 h")), qPrintable(lines[4].note));
    QCOMPARE(lines[5].reporter, QStringLiteral("alice"));
    QCOMPARE(lines[5].text, QStringLiteral("is this related?"));
    QVERIFY(!lines[5].time.isKnown());
}

void TestTimelineParser::slackCopyFormat()
{
    const QString text = QStringLiteral("alice [10:15 AM]\n"
                                        "rolled back the deploy\n"
                                        "checking graphs now\n"
                                        "Bob Smith [10:20 AM]\n"
                                        "all clear\n"
                                        "\n"
                                        "after the blank line\n"
                                        "deploy finished [11:00]\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 8);
    QCOMPARE(lines[0].role, LineRole::Speaker);
    QCOMPARE(lines[0].reporter, QStringLiteral("alice"));
    for (int i : {1, 2}) {
        QCOMPARE(lines[i].role, LineRole::Event);
        QCOMPARE(lines[i].reporter, QStringLiteral("alice"));
        QCOMPARE(lines[i].time.utc, utc(2017, 1, 31, 10, 15));
    }
    QCOMPARE(lines[1].text, QStringLiteral("rolled back the deploy"));
    QCOMPARE(lines[1].kind, EventKind::Mitigation);
    QCOMPARE(lines[3].role, LineRole::Speaker);
    QCOMPARE(lines[4].reporter, QStringLiteral("Bob Smith"));
    QCOMPARE(lines[4].kind, EventKind::Resolution);
    QCOMPARE(lines[4].time.utc, utc(2017, 1, 31, 10, 20));
    QVERIFY(!lines[6].time.isKnown());
    QVERIFY(lines[6].reporter.isEmpty());
    // Not followed by message lines: an ordinary event with its time at the end.
    QCOMPARE(lines[7].role, LineRole::Event);
    QCOMPARE(lines[7].text, QStringLiteral("deploy finished"));
    QCOMPARE(lines[7].time.utc, utc(2017, 1, 31, 11, 0));
}

void TestTimelineParser::tables()
{
    const QString text = QStringLiteral("| Time (UTC) | Who | What | Severity |\n"
                                        "| --- | --- | --- | --- |\n"
                                        "| 10:00 | alice | paged | SEV-2 |\n"
                                        "| | bob | no time here | |\n"
                                        "| 11:00 | carol | resolved | extra | more |\n"
                                        "\n"
                                        "| 12:00 | headerless |\n");
    const QList<ParsedLine> lines = TimelineParser::parse(text, berlinContext());
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines[0].role, LineRole::TableHeader);
    QCOMPARE(lines[1].role, LineRole::Separator);
    // The header's zone overrides the session's Europe/Berlin.
    QCOMPARE(lines[2].time.utc, utc(2017, 1, 31, 10, 0));
    QCOMPARE(lines[2].zone, QStringLiteral("UTC"));
    QCOMPARE(lines[2].reporter, QStringLiteral("alice"));
    QCOMPARE(lines[2].text, QStringLiteral("paged; Severity: SEV-2"));
    QCOMPARE(lines[2].kind, EventKind::Detection);
    QCOMPARE(lines[3].role, LineRole::Event);
    QCOMPARE(lines[3].time.certainty, TimeCertainty::Unknown);
    QCOMPARE(lines[3].text, QStringLiteral("no time here"));
    QCOMPARE(lines[3].reporter, QStringLiteral("bob"));
    QCOMPARE(lines[4].text, QStringLiteral("resolved; Severity: extra; more"));
    // After a blank line a new table starts; without a header it falls back to the session zone.
    QCOMPARE(lines[6].role, LineRole::Event);
    QCOMPARE(lines[6].text, QStringLiteral("headerless"));
    QCOMPARE(lines[6].time.utc, utc(2017, 1, 31, 11, 0));
}

void TestTimelineParser::lineEndings()
{
    const QString text = QStringLiteral("10:00 a\r\n10:01 b\r10:02 c\n10:03 d");
    const QList<ParsedLine> lines = TimelineParser::parse(text, utcContext());
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[1].text, QStringLiteral("b"));
    QCOMPARE(lines[3].clock, QTime(10, 3));
    QCOMPARE(lines[0].raw, QStringLiteral("10:00 a"));
    QVERIFY(TimelineParser::parse(QString(), utcContext()).isEmpty());
}

void TestTimelineParser::hostileInput()
{
    // A 1 MB line: read, kept, no time.
    const QString longLine = QString(1024 * 1024, u'x');
    QList<ParsedLine> lines = TimelineParser::parse(longLine, utcContext());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].text.size(), longLine.size());
    QVERIFY(!lines[0].time.isKnown());

    // A 1 MB line that starts with a time, and one full of near-misses for the patterns.
    lines = TimelineParser::parse(QStringLiteral("10:15 ") + longLine, utcContext());
    QCOMPARE(lines[0].clock, QTime(10, 15));
    QString nearMiss;
    for (int i = 0; i < 100000; ++i)
        nearMiss += QStringLiteral("1:2-");
    lines =
        TimelineParser::parse(QStringLiteral("| ") + nearMiss + QStringLiteral(" |"), utcContext());
    QCOMPARE(lines.size(), 1);
    lines = TimelineParser::parse(
        QStringLiteral("-- ") + nearMiss + QStringLiteral(" --"), utcContext());
    QCOMPARE(lines.size(), 1);

    // NUL bytes, a lone surrogate, RTL override: cleaned for reading, raw kept.
    QString nul = QStringLiteral("10:15 pa");
    nul.append(QChar(0));
    nul.append(QStringLiteral("ged"));
    lines = TimelineParser::parse(nul, utcContext());
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines[0].text, QStringLiteral("paged"));
    QCOMPARE(lines[0].raw, nul);

    QString surrogate = QStringLiteral("10:15 a");
    surrogate.append(QChar(0xd800));
    surrogate.append(QStringLiteral("b"));
    surrogate.append(QChar(0xdc00));
    lines = TimelineParser::parse(surrogate, utcContext());
    QCOMPARE(lines[0].text, QStringLiteral(u"a\ufffdb\ufffd"));

    const QString rtl = QStringLiteral(u"\u202e10:15 \u2066paged\u2069");
    lines = TimelineParser::parse(rtl, utcContext());
    QCOMPARE(lines[0].clock, QTime(10, 15));
    QCOMPARE(lines[0].text, QStringLiteral("paged"));

    // Only separators, only pipes, deep nesting of brackets.
    lines = TimelineParser::parse(QString(5000, u'|') + u'\n' + QString(5000, u'[') + u'\n'
            + QString(5000, u'<') + u'\n' + QString(5000, u'#'),
        utcContext());
    QCOMPARE(lines.size(), 4);
    for (const QString &typed : {longLine, nul, surrogate, rtl, QString(5000, u'+')})
        (void)TimelineParser::parseTypedTime(typed, berlinContext());
    QCOMPARE(TimelineParser::parseTypedTime(rtl, berlinContext()).has_value(), false);
}

void TestTimelineParser::manyLines()
{
    const QStringList shapes {
        QStringLiteral("[%1:%2] alice: rolled back"),
        QStringLiteral("%1:%2:07 <bob> paged"),
        QStringLiteral("- %1:%2 notified support"),
        QStringLiteral("~%1:%2 PST something"),
        QStringLiteral("| %1:%2 | table row | carol |"),
        QStringLiteral("no time %1 %2"),
        QStringLiteral("2017-01-31T%1:%2:00Z done"),
        QStringLiteral(""),
    };
    QString text;
    for (int i = 0; i < 10000; ++i) {
        const QString &shape = shapes[i % shapes.size()];
        if (!shape.isEmpty()) {
            text += shape.arg(i % 24, 2, 10, QLatin1Char('0')).arg(i % 60, 2, 10, QLatin1Char('0'));
        }
        text += u'\n';
    }
    const QList<ParsedLine> lines = TimelineParser::parse(text, berlinContext());
    QCOMPARE(lines.size(), 10000);
}

void TestTimelineParser::typedTime_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("readable");
    QTest::addColumn<int>("certainty");
    QTest::addColumn<QDateTime>("instant");
    QTest::addColumn<bool>("seconds");
    QTest::addColumn<QString>("zone");

    const int exact = int(TimeCertainty::Exact);
    const int approx = int(TimeCertainty::Approximate);
    const int unknown = int(TimeCertainty::Unknown);
    const QString berlin = QStringLiteral("Europe/Berlin");
    // Context: session date 2017-01-31 in Berlin (UTC+1), now 2017-02-01 12:00 UTC,
    // previous event 2017-01-31 17:00 UTC.
    QTest::newRow("HH:MM") << "14:05" << true << exact << utc(2017, 1, 31, 13, 5) << false
                           << berlin;
    QTest::newRow("HH:MM:SS") << "14:05:30" << true << exact << utc(2017, 1, 31, 13, 5, 30) << true
                              << berlin;
    QTest::newRow("approximate") << "~23:00" << true << approx << utc(2017, 1, 31, 22, 0) << false
                                 << berlin;
    QTest::newRow("-ish") << "23:00-ish" << true << approx << utc(2017, 1, 31, 22, 0) << false
                          << berlin;
    QTest::newRow("ISO date UTC") << "2017-01-31 18:00 UTC" << true << exact
                                  << utc(2017, 1, 31, 18, 0) << false << "UTC";
    QTest::newRow("12h PST") << "9:37 AM PST" << true << exact << utc(2017, 1, 31, 17, 37) << false
                             << "PST";
    QTest::newRow("12h glued") << "9:37pm" << true << exact << utc(2017, 1, 31, 20, 37) << false
                               << berlin;
    QTest::newRow("yesterday") << "yesterday 23:10" << true << exact << utc(2017, 1, 31, 22, 10)
                               << false << berlin;
    QTest::newRow("today") << "Today 08:00" << true << exact << utc(2017, 2, 1, 7, 0) << false
                           << berlin;
    QTest::newRow("now") << "now" << true << exact << utc(2017, 2, 1, 12, 0) << true << berlin;
    QTest::newRow("+5m") << "+5m" << true << exact << utc(2017, 1, 31, 17, 5) << false << berlin;
    QTest::newRow("+1h30m") << "+1h30m" << true << exact << utc(2017, 1, 31, 18, 30) << false
                            << berlin;
    QTest::newRow("+ 2 min") << "+ 2 min" << true << exact << utc(2017, 1, 31, 17, 2) << false
                             << berlin;
    QTest::newRow("+90s") << "+90s" << true << exact << utc(2017, 1, 31, 17, 1, 30) << true
                          << berlin;
    QTest::newRow("-10m") << "-10m" << true << exact << utc(2017, 1, 31, 16, 50) << false << berlin;
    QTest::newRow("~+5m") << "~+5m" << true << approx << utc(2017, 1, 31, 17, 5) << false << berlin;
    QTest::newRow("blank") << "" << true << unknown << QDateTime() << false << "";
    QTest::newRow("spaces") << "   " << true << unknown << QDateTime() << false << "";
    QTest::newRow("garbage") << "garbage" << false << unknown << QDateTime() << false << "";
    QTest::newRow("25:00") << "25:00" << false << unknown << QDateTime() << false << "";
    QTest::newRow("13:00 PM") << "13:00 PM" << false << unknown << QDateTime() << false << "";
    QTest::newRow("trailing words")
        << "14:05 and more" << false << unknown << QDateTime() << false << "";
    QTest::newRow("bare +5") << "+5" << false << unknown << QDateTime() << false << "";
    QTest::newRow("yesterday alone")
        << "yesterday" << false << unknown << QDateTime() << false << "";
    QTest::newRow("date only") << "2017-01-31" << false << unknown << QDateTime() << false << "";
    QTest::newRow("year 10000 in UTC")
        << "9999-12-31 23:30 PST" << false << unknown << QDateTime() << false << "";
    QTest::newRow("yesterday with a date")
        << "yesterday 2017-01-31 10:00" << false << unknown << QDateTime() << false << "";
}

void TestTimelineParser::typedTime()
{
    QFETCH(QString, typed);
    QFETCH(bool, readable);
    QFETCH(int, certainty);
    QFETCH(QDateTime, instant);
    QFETCH(bool, seconds);
    QFETCH(QString, zone);

    const std::optional<EventTime> t = TimelineParser::parseTypedTime(typed, berlinContext());
    QCOMPARE(t.has_value(), readable);
    if (!t)
        return;
    QCOMPARE(int(t->certainty), certainty);
    QCOMPARE(t->utc, instant);
    QCOMPARE(t->isKnown(), instant.isValid());
    QCOMPARE(t->hasSeconds, seconds);
    QCOMPARE(t->zone, zone);
}

void TestTimelineParser::typedRelativeNeedsPrevious()
{
    ParseContext c = berlinContext();
    c.previous = QDateTime();
    QVERIFY(!TimelineParser::parseTypedTime(QStringLiteral("+5m"), c).has_value());
    c.now = QDateTime();
    QVERIFY(!TimelineParser::parseTypedTime(QStringLiteral("yesterday 10:00"), c).has_value());
    c.defaultDate = QDate();
    QVERIFY(!TimelineParser::parseTypedTime(QStringLiteral("10:00"), c).has_value());
    QVERIFY(TimelineParser::parseTypedTime(QStringLiteral("2017-01-31 10:00"), c).has_value());
}

void TestTimelineParser::guessKind_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::newRow("paged") << "on-call paged by PagerDuty" << int(EventKind::Detection);
    QTest::newRow("alert fired") << "Alert fired: p99 > 2s" << int(EventKind::Detection);
    QTest::newRow("rolled back") << "We rolled back to v41" << int(EventKind::Mitigation);
    QTest::newRow("resolved") << "Incident resolved" << int(EventKind::Resolution);
    QTest::newRow("all clear") << "all clear given" << int(EventKind::Resolution);
    QTest::newRow("unresolved is not resolved") << "still unresolved" << int(EventKind::Note);
    QTest::newRow("escalated") << "Escalated to the DBA team" << int(EventKind::Escalation);
    QTest::newRow("decided") << "decided to roll back" << int(EventKind::Decision);
    QTest::newRow("customers report")
        << "Customers report checkout failures" << int(EventKind::ImpactStart);
    QTest::newRow("errors started") << "errors started on EU nodes" << int(EventKind::ImpactStart);
    QTest::newRow("outage began") << "outage began" << int(EventKind::ImpactStart);
    QTest::newRow("status page") << "posted status page" << int(EventKind::Communication);
    QTest::newRow("notified") << "notified account managers" << int(EventKind::Communication);
    QTest::newRow("investigating") << "investigating DNS" << int(EventKind::Diagnosis);
    QTest::newRow("found") << "found the expired certificate" << int(EventKind::Diagnosis);
    QTest::newRow("alert resolved") << "alert resolved" << int(EventKind::Resolution);
    QTest::newRow("nothing") << "coffee" << int(EventKind::Note);
    QTest::newRow("empty") << "" << int(EventKind::Note);
}

void TestTimelineParser::guessKind()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QCOMPARE(int(TimelineParser::guessKind(text)), kind);
}

QTEST_GUILESS_MAIN(TestTimelineParser)
#include "tst_timelineparser.moc"
