#include "timelinemetrics.h"

#include <QTest>

using namespace hindsight;

namespace {

// A timeline in one line, so each row reads like the incident it describes:
//   "impact-start@14:00 detection@~14:10:30 mitigation@? resolution@01:00+1d"
// '~' marks an approximate time, '?' an unknown one, "+Nd" adds days (base 2017-01-31 UTC).
QList<TimelineEvent> parseTimeline(const QString &spec)
{
    QList<TimelineEvent> events;
    const QStringList tokens = spec.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &token : tokens) {
        const qsizetype at = token.indexOf(QLatin1Char('@'));
        TimelineEvent e;
        e.id = events.size() + 1;
        const auto kind = eventKindFromKey(token.left(at));
        if (at < 0 || !kind) {
            qWarning("bad token %s", qPrintable(token));
            return {};
        }
        e.kind = *kind;
        e.text = token;
        QString when = token.mid(at + 1);
        if (when == QLatin1String("?")) {
            e.time = EventTime::unknown();
        } else {
            TimeCertainty certainty = TimeCertainty::Exact;
            if (when.startsWith(QLatin1Char('~'))) {
                certainty = TimeCertainty::Approximate;
                when.remove(0, 1);
            }
            int days = 0;
            const qsizetype plus = when.indexOf(QLatin1Char('+'));
            if (plus >= 0) {
                days = when.mid(plus + 1).chopped(1).toInt();
                when.truncate(plus);
            }
            const bool seconds = when.count(QLatin1Char(':')) == 2;
            const QTime t = QTime::fromString(
                when, seconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
            if (!t.isValid()) {
                qWarning("bad time %s", qPrintable(token));
                return {};
            }
            const QDateTime dt(QDate(2017, 1, 31).addDays(days), t, Qt::UTC);
            e.time = EventTime::at(dt, certainty, seconds);
        }
        events.append(e);
    }
    return events;
}

// Expected metric, compactly: "600" available, "~600" available and approximate,
// "-" not available, "!" impossible order, "!~" impossible with an approximate endpoint.
void checkMetric(const char *name, const TimelineMetric &m, const QString &expected)
{
    const QString where = QString::fromLatin1(name) + QStringLiteral(": ") + m.explanation;
    QVERIFY2(!m.explanation.isEmpty(), name);
    QVERIFY2(m.seconds >= 0, qPrintable(where)); // never a negative duration
    if (expected == QLatin1String("-")) {
        QVERIFY2(!m.available && !m.impossible && !m.approximate, qPrintable(where));
        QCOMPARE(m.seconds, 0);
    } else if (expected.startsWith(QLatin1Char('!'))) {
        QVERIFY2(!m.available && m.impossible, qPrintable(where));
        QCOMPARE(m.seconds, 0);
        QCOMPARE(m.approximate, expected == QLatin1String("!~"));
        QVERIFY2(m.explanation.contains(QLatin1String("Impossible order")), qPrintable(where));
    } else {
        QVERIFY2(m.available && !m.impossible, qPrintable(where));
        QCOMPARE(m.approximate, expected.startsWith(QLatin1Char('~')));
        QCOMPARE(m.seconds, QString(expected).remove(QLatin1Char('~')).toLongLong());
    }
}

} // namespace

class TestTimelineMetrics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void metrics_data();
    void metrics();
    void explanations();
    void formatDuration_data();
    void formatDuration();
};

void TestTimelineMetrics::metrics_data()
{
    QTest::addColumn<QString>("timeline");
    QTest::addColumn<QString>("detect");
    QTest::addColumn<QString>("mitigate");
    QTest::addColumn<QString>("resolve");
    QTest::addColumn<QString>("total");

    QTest::newRow("complete, exact")
        << "impact-start@14:00 detection@14:10 mitigation@14:30 resolution@15:00"
        << "600"
        << "1800"
        << "3600"
        << "3600";
    QTest::newRow("any order")
        << "resolution@15:00 note@13:00 mitigation@14:30 impact-start@14:00 detection@14:10"
        << "600"
        << "1800"
        << "3600"
        << "3600";
    QTest::newRow("first of each, last resolution for the total")
        << "impact-start@14:05 impact-start@14:00 detection@14:20 detection@14:10 "
           "resolution@16:00 resolution@15:00"
        << "600"
        << "-"
        << "3600"
        << "7200";
    QTest::newRow("approximate detection") << "impact-start@14:00 detection@~14:10 resolution@15:00"
                                           << "~600"
                                           << "-"
                                           << "3600"
                                           << "3600";
    QTest::newRow("approximate impact start taints all")
        << "impact-start@~14:00 detection@14:10 mitigation@14:30 resolution@15:00"
        << "~600"
        << "~1800"
        << "~3600"
        << "~3600";
    QTest::newRow("exact wins over approximate at the same instant")
        << "impact-start@~14:00 impact-start@14:00 detection@14:10"
        << "600"
        << "-"
        << "-"
        << "-";
    QTest::newRow("detection before impact start")
        << "impact-start@14:00 detection@13:50 mitigation@14:30 resolution@15:00"
        << "!"
        << "1800"
        << "3600"
        << "3600";
    QTest::newRow("resolution before impact start")
        << "impact-start@14:00 detection@14:10 resolution@~13:00"
        << "600"
        << "-"
        << "!~"
        << "!~";
    QTest::newRow("mitigation before impact, no resolution")
        << "impact-start@14:00 mitigation@13:59"
        << "-"
        << "!"
        << "-"
        << "!";
    QTest::newRow("no detection event") << "impact-start@14:00 resolution@15:00"
                                        << "-"
                                        << "-"
                                        << "3600"
                                        << "3600";
    QTest::newRow("no impact start") << "detection@14:10 mitigation@14:30 resolution@15:00"
                                     << "-"
                                     << "-"
                                     << "-"
                                     << "-";
    QTest::newRow("impact start with unknown time")
        << "impact-start@? detection@14:10 resolution@15:00"
        << "-"
        << "-"
        << "-"
        << "-";
    QTest::newRow("unknown detection ignored, known one used")
        << "impact-start@14:00 detection@? detection@14:20"
        << "1200"
        << "-"
        << "-"
        << "-";
    QTest::newRow("only unknown detection") << "impact-start@14:00 detection@? resolution@15:00"
                                            << "-"
                                            << "-"
                                            << "3600"
                                            << "3600";
    QTest::newRow("unknown resolution: total falls back to the last mitigation")
        << "impact-start@14:00 mitigation@14:30 mitigation@14:45 resolution@?"
        << "-"
        << "1800"
        << "-"
        << "2700";
    QTest::newRow("neither resolution nor mitigation") << "impact-start@14:00 detection@14:10"
                                                       << "600"
                                                       << "-"
                                                       << "-"
                                                       << "-";
    QTest::newRow("zero duration") << "impact-start@14:00 detection@14:00 resolution@14:00"
                                   << "0"
                                   << "-"
                                   << "0"
                                   << "0";
    QTest::newRow("seconds") << "impact-start@14:00:00 detection@14:00:45"
                             << "45"
                             << "-"
                             << "-"
                             << "-";
    QTest::newRow("across days") << "impact-start@23:00 mitigation@02:00+1d resolution@01:00+2d"
                                 << "-"
                                 << "10800"
                                 << "93600"
                                 << "93600";
    QTest::newRow("other kinds ignored")
        << "impact-start@14:00 escalation@13:00 diagnosis@13:00 communication@12:00 "
           "decision@11:00 note@10:00"
        << "-"
        << "-"
        << "-"
        << "-";
    QTest::newRow("empty timeline") << ""
                                    << "-"
                                    << "-"
                                    << "-"
                                    << "-";
}

void TestTimelineMetrics::metrics()
{
    QFETCH(QString, timeline);
    QFETCH(QString, detect);
    QFETCH(QString, mitigate);
    QFETCH(QString, resolve);
    QFETCH(QString, total);
    const QList<TimelineEvent> events = parseTimeline(timeline);
    QCOMPARE(events.size(), timeline.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
    const TimelineMetrics m = computeTimelineMetrics(events);
    checkMetric("time to detect", m.timeToDetect, detect);
    checkMetric("time to mitigate", m.timeToMitigate, mitigate);
    checkMetric("time to resolve", m.timeToResolve, resolve);
    checkMetric("total impact", m.totalImpact, total);
}

void TestTimelineMetrics::explanations()
{
    // The explanation says which case applies, so the report can show why a number is missing.
    auto m = computeTimelineMetrics(
        parseTimeline(QStringLiteral("impact-start@14:00 mitigation@14:30")));
    QVERIFY(m.totalImpact.explanation.contains(QLatin1String("last mitigation")));
    QVERIFY(m.timeToDetect.explanation.contains(QLatin1String("No detection event")));

    m = computeTimelineMetrics(parseTimeline(QStringLiteral("impact-start@14:00 detection@?")));
    QVERIFY(m.timeToDetect.explanation.contains(QLatin1String("unknown")));

    m = computeTimelineMetrics(parseTimeline(QStringLiteral("detection@14:00")));
    QVERIFY(m.timeToDetect.explanation.contains(QLatin1String("impact start")));

    m = computeTimelineMetrics(parseTimeline(QStringLiteral("impact-start@14:00 detection@13:55")));
    QVERIFY2(m.timeToDetect.explanation.contains(QLatin1String("5 min before")),
        qPrintable(m.timeToDetect.explanation));
}

void TestTimelineMetrics::formatDuration_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << qint64(0) << "0 s";
    QTest::newRow("seconds") << qint64(45) << "45 s";
    QTest::newRow("one minute") << qint64(60) << "1 min";
    QTest::newRow("minute and seconds") << qint64(90) << "1 min 30 s";
    QTest::newRow("just under an hour") << qint64(3599) << "59 min 59 s";
    QTest::newRow("one hour") << qint64(3600) << "1 h";
    QTest::newRow("hour and minutes") << qint64(5100) << "1 h 25 min";
    QTest::newRow("seconds dropped below hours") << qint64(5145) << "1 h 25 min";
    QTest::newRow("hour and seconds only") << qint64(3605) << "1 h";
    QTest::newRow("one day") << qint64(86400) << "1 d";
    QTest::newRow("days and hours") << qint64(3 * 86400 + 2 * 3600) << "3 d 2 h";
    QTest::newRow("minutes dropped below days") << qint64(86400 + 59 * 60) << "1 d";
    QTest::newRow("long") << qint64(400 * 86400 + 23 * 3600 + 59 * 60) << "400 d 23 h";
    QTest::newRow("negative") << qint64(-300) << "-5 min";
}

void TestTimelineMetrics::formatDuration()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(hindsight::formatDuration(seconds), text);
}

QTEST_GUILESS_MAIN(TestTimelineMetrics)
#include "tst_timelinemetrics.moc"
