#include "domain.h"

#include <QTest>

using namespace hindsight;

class TestDomain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysRoundTrip();
    void incompleteAndOverdue_data();
    void incompleteAndOverdue();
};

void TestDomain::keysRoundTrip()
{
    for (EventKind k : allEventKinds())
        QCOMPARE(eventKindFromKey(toKey(k)), std::optional<EventKind>(k));
    QCOMPARE(sessionKindFromKey(QStringLiteral("post-mortem")),
        std::optional<SessionKind>(SessionKind::PostMortem));
    QCOMPARE(sessionKindFromKey(QStringLiteral("PREMORTEM")),
        std::optional<SessionKind>(SessionKind::PreMortem));
    QVERIFY(!eventKindFromKey(QStringLiteral("blame")).has_value());
    QCOMPARE(toKey(ActionStatus::InProgress), QStringLiteral("in-progress"));
}

void TestDomain::incompleteAndOverdue_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QDate>("due");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("incomplete");
    QTest::addColumn<bool>("overdue");
    const QDate today(2026, 11, 26);
    QTest::newRow("complete, future")
        << "Ana" << today.addDays(3) << int(ActionStatus::Open) << false << false;
    QTest::newRow("no owner") << "  " << today.addDays(3) << int(ActionStatus::Open) << true
                              << false;
    QTest::newRow("no date") << "Ana" << QDate() << int(ActionStatus::Open) << true << false;
    QTest::newRow("overdue") << "Ana" << today.addDays(-1) << int(ActionStatus::InProgress) << false
                             << true;
    QTest::newRow("done is never overdue")
        << "Ana" << today.addDays(-9) << int(ActionStatus::Done) << false << false;
    QTest::newRow("due today is not overdue")
        << "Ana" << today << int(ActionStatus::Open) << false << false;
}

void TestDomain::incompleteAndOverdue()
{
    QFETCH(QString, owner);
    QFETCH(QDate, due);
    QFETCH(int, status);
    QFETCH(bool, incomplete);
    QFETCH(bool, overdue);
    ActionItem a;
    a.what = QStringLiteral("Add a canary stage");
    a.owner = owner;
    a.due = due;
    a.status = ActionStatus(status);
    QCOMPARE(a.isIncomplete(), incomplete);
    QCOMPARE(a.isOverdue(QDate(2026, 11, 26)), overdue);
}

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
