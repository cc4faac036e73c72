#include "actionscsv.h"

#include <QBuffer>
#include <QTest>

using namespace hindsight;

namespace {

WorkspaceAction sample(const QString &what, const QString &owner, const QDate &due = {})
{
    WorkspaceAction w;
    w.action.id = 7;
    w.action.sessionId = 3;
    w.action.what = what;
    w.action.owner = owner;
    w.action.due = due;
    w.action.status = ActionStatus::InProgress;
    w.action.priority = ActionPriority::Critical;
    w.action.type = ActionType::Mitigate;
    w.action.tracker = QStringLiteral("OPS-42");
    w.sessionTitle = QStringLiteral("Checkout outage");
    return w;
}

QByteArray write(const QList<WorkspaceAction> &actions)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status s = writeActionsCsv(actions, &buffer);
    return s ? buffer.data() : QByteArray("FAILED");
}

// A small RFC 4180 reader, independent of the writer, so the tests check that what is written
// reads back as the original fields.
QList<QStringList> parse(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
            ++i;
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

} // namespace

class TestActionsCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void field_data();
    void field();
    void roundTrip_data();
    void roundTrip();
    void headerAndMapping();
    void utf8WithoutBom();
    void emptyListIsHeaderOnly();
    void refusesUnwritableDevice();
};

void TestActionsCsv::field_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("Add a canary") << QStringLiteral("Add a canary");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("comma") << QStringLiteral("Alerts, dashboards")
                           << QStringLiteral("\"Alerts, dashboards\"");
    QTest::newRow("quote") << QStringLiteral("The \"big\" switch")
                           << QStringLiteral("\"The \"\"big\"\" switch\"");
    QTest::newRow("lf") << QStringLiteral("line one\nline two")
                        << QStringLiteral("\"line one\nline two\"");
    QTest::newRow("crlf") << QStringLiteral("a\r\nb") << QStringLiteral("\"a\r\nb\"");
    QTest::newRow("formula =") << QStringLiteral("=HYPERLINK(\"x\")")
                               << QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\"");
    QTest::newRow("formula +") << QStringLiteral("+1") << QStringLiteral("'+1");
    QTest::newRow("formula -") << QStringLiteral("-2+3") << QStringLiteral("'-2+3");
    QTest::newRow("formula @") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
    QTest::newRow("formula tab") << QStringLiteral("\t=1") << QStringLiteral("'\t=1");
    QTest::newRow("formula inside is fine") << QStringLiteral("a=b") << QStringLiteral("a=b");
    QTest::newRow("non-ascii") << QStringLiteral("Zoë Müller, 東京")
                               << QStringLiteral("\"Zoë Müller, 東京\"");
}

void TestActionsCsv::field()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    QCOMPARE(csvField(value), expected);
}

void TestActionsCsv::roundTrip_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QString>("expectedWhat"); // as a spreadsheet shows it
    QTest::newRow("plain") << QStringLiteral("Add a canary stage") << QStringLiteral("Alice")
                           << QStringLiteral("Add a canary stage");
    QTest::newRow("commas and quotes")
        << QStringLiteral("Page \"on-call\", not email") << QStringLiteral("Bob, SRE")
        << QStringLiteral("Page \"on-call\", not email");
    QTest::newRow("newlines") << QStringLiteral("Step one\nStep two") << QStringLiteral("Chen")
                              << QStringLiteral("Step one\nStep two");
    QTest::newRow("formula") << QStringLiteral("=cmd|' /C calc'!A0") << QStringLiteral("@admin")
                             << QStringLiteral("'=cmd|' /C calc'!A0");
    QTest::newRow("non-ascii") << QStringLiteral("Überprüfen: Ausfallsicherung ✓")
                               << QStringLiteral("Zoë")
                               << QStringLiteral("Überprüfen: Ausfallsicherung ✓");
}

void TestActionsCsv::roundTrip()
{
    QFETCH(QString, what);
    QFETCH(QString, owner);
    QFETCH(QString, expectedWhat);
    const QByteArray bytes = write({sample(what, owner, QDate(2026, 4, 30))});
    const QList<QStringList> rows = parse(QString::fromUtf8(bytes));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(1).size(), 8);
    QCOMPARE(rows.at(1).at(0), expectedWhat);
    QCOMPARE(rows.at(1).at(2), owner.startsWith(u'@') ? u'\'' + owner : owner);
    QCOMPARE(rows.at(1).at(3), QStringLiteral("2026-04-30"));
}

void TestActionsCsv::headerAndMapping()
{
    const QByteArray bytes = write({sample(QStringLiteral("Fix it"), QStringLiteral("Dana")),
        sample(QStringLiteral("Watch it"), QString(), QDate(2026, 1, 2))});
    QVERIFY(bytes.startsWith(
        "Summary,Description,Assignee,Due date,Status,Priority,Labels,Session\r\n"));
    QVERIFY(bytes.endsWith("\r\n"));
    QCOMPARE(bytes.count("\r\n"), 3);
    const QList<QStringList> rows = parse(QString::fromUtf8(bytes));
    QCOMPARE(rows.size(), 3);
    const QStringList first = rows.at(1);
    QCOMPARE(first.at(0), QStringLiteral("Fix it"));
    QVERIFY(first.at(1).contains(QStringLiteral("Checkout outage")));
    QVERIFY(first.at(1).contains(QStringLiteral("OPS-42")));
    QCOMPARE(first.at(3), QString()); // no due date: an empty field, not a made-up date
    QCOMPARE(first.at(4), QStringLiteral("In Progress"));
    QCOMPARE(first.at(5), QStringLiteral("Highest"));
    QCOMPARE(first.at(6).split(u' '),
        (QStringList {QStringLiteral("hindsight"), toKey(SessionKind::PostMortem),
            toKey(ActionType::Mitigate)}));
    QCOMPARE(first.at(7), QStringLiteral("Checkout outage"));
    QCOMPARE(rows.at(2).at(2), QString());
    QCOMPARE(rows.at(2).at(3), QStringLiteral("2026-01-02"));
}

void TestActionsCsv::utf8WithoutBom()
{
    const QByteArray bytes = write({sample(QStringLiteral("Prüfen"), QStringLiteral("Zoë"))});
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(bytes.contains("Pr\xC3\xBC"
                           "fen"));
    QVERIFY(bytes.contains("Zo\xC3\xAB"));
}

void TestActionsCsv::emptyListIsHeaderOnly()
{
    QCOMPARE(write({}),
        QByteArray("Summary,Description,Assignee,Due date,Status,Priority,Labels,Session\r\n"));
}

void TestActionsCsv::refusesUnwritableDevice()
{
    QBuffer buffer;
    buffer.open(QIODevice::ReadOnly);
    const Status s = writeActionsCsv({sample(QStringLiteral("x"), QStringLiteral("y"))}, &buffer);
    QVERIFY(!s);
    QCOMPARE(s.error().code, ErrorCode::Io);
    QVERIFY(!writeActionsCsv({}, nullptr));
}

QTEST_GUILESS_MAIN(TestActionsCsv)
#include "tst_actionscsv.moc"
