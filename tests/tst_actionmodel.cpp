#include "actionedits.h"
#include "actionmodel.h"
#include "dashboardmodel.h"
#include "editor.h"
#include "whyedits.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;

namespace {
const QDate kToday(2026, 3, 10);
}

class TestActionModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void addEditUndoRedo();
    void setDataPerColumn_data();
    void setDataPerColumn();
    void incompleteAndOverdueStandOut_data();
    void incompleteAndOverdueStandOut();
    void linkedCausesFollowWhys();
    void participantsForCompletion();
    void dashboardOrderAndUpdates();

private:
    Id addAction(const QString &what, const QString &owner = {}, const QDate &due = {},
        ActionStatus status = ActionStatus::Open, Id session = 0);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<ActionModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    Id m_session = 0;
};

void TestActionModel::init()
{
    auto ws = Workspace::open(
        m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction())
            + QString::fromLatin1(QTest::currentDataTag()) + QStringLiteral(".hindsight")),
        OpenOptions {.create = true});
    QVERIFY(ws);
    m_ws = std::move(*ws);
    Session s;
    s.title = QStringLiteral("Checkout outage");
    auto created = m_ws->createSession(s);
    QVERIFY(created);
    m_session = created->id;
    m_editor = std::make_unique<Editor>(m_ws.get());
    m_model = std::make_unique<ActionModel>(m_editor.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->setToday(kToday);
    m_model->setSession(m_session);
}

void TestActionModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_editor.reset();
    m_ws.reset();
}

Id TestActionModel::addAction(
    const QString &what, const QString &owner, const QDate &due, ActionStatus status, Id session)
{
    ActionItem a;
    a.sessionId = session ? session : m_session;
    a.what = what;
    a.owner = owner;
    a.due = due;
    a.status = status;
    return actionedits::addAction(*m_editor, a);
}

void TestActionModel::addEditUndoRedo()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    const Id a = addAction(QStringLiteral("Add a canary stage"));
    const Id b = addAction(QStringLiteral("Alert on payment errors"));
    QVERIFY(a && b);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(1, ActionModel::What).data().toString(),
        QStringLiteral("Alert on payment errors"));
    QVERIFY(m_model->setData(m_model->index(0, ActionModel::Owner), QStringLiteral("Alice")));
    QVERIFY(m_model->setData(m_model->index(0, ActionModel::Due), QDate(2026, 4, 1)));
    QVERIFY(actionedits::removeAction(*m_editor, b));
    QCOMPARE(m_model->rowCount(), 1);
    QUndoStack *stack = m_editor->undoStack();
    QCOMPARE(stack->count(), 5);
    stack->undo(); // delete
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->action(1).id, b);
    stack->undo(); // due
    QVERIFY(!m_model->action(0).due.isValid());
    QVERIFY(!m_ws->action(a)->due.isValid());
    stack->undo(); // owner
    QCOMPARE(m_model->action(0).owner, QString());
    stack->undo();
    stack->undo();
    QCOMPARE(m_model->rowCount(), 0);
    for (int i = 0; i < 5; ++i)
        stack->redo();
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->action(0).id, a);
    QCOMPARE(m_model->action(0).owner, QStringLiteral("Alice"));
    QCOMPARE(m_model->action(0).due, QDate(2026, 4, 1));
    QCOMPARE(*m_ws->action(a), m_model->action(0));
    QCOMPARE(reset.count(), 0);
}

void TestActionModel::setDataPerColumn_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("display");
    QTest::newRow("what") << int(ActionModel::What)
                          << QVariant(QStringLiteral("  Rewrite runbook  "))
                          << QStringLiteral("Rewrite runbook");
    QTest::newRow("owner") << int(ActionModel::Owner) << QVariant(QStringLiteral("Bob Jones"))
                           << QStringLiteral("Bob Jones");
    QTest::newRow("due") << int(ActionModel::Due) << QVariant(QDate(2026, 5, 2))
                         << QStringLiteral("2026-05-02");
    QTest::newRow("status int") << int(ActionModel::Status)
                                << QVariant(int(ActionStatus::InProgress))
                                << QStringLiteral("In progress");
    QTest::newRow("status key") << int(ActionModel::Status) << QVariant(QStringLiteral("done"))
                                << QStringLiteral("Done");
    QTest::newRow("priority") << int(ActionModel::Priority)
                              << QVariant(int(ActionPriority::Critical))
                              << QStringLiteral("Critical");
    QTest::newRow("type") << int(ActionModel::Type) << QVariant(int(ActionType::Process))
                          << QStringLiteral("Process");
    QTest::newRow("tracker") << int(ActionModel::Tracker) << QVariant(QStringLiteral("OPS-123"))
                             << QStringLiteral("OPS-123");
}

void TestActionModel::setDataPerColumn()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(QString, display);
    const Id id = addAction(QStringLiteral("Original"));
    QVERIFY(id);
    const QModelIndex cell = m_model->index(0, column);
    QVERIFY(m_model->flags(cell) & Qt::ItemIsEditable);
    QVERIFY(m_model->setData(cell, value));
    QCOMPARE(cell.data().toString(), display);
    QCOMPARE(m_editor->undoStack()->count(), 2);
    // What the model shows is what is stored.
    QCOMPARE(*m_ws->action(id), m_model->action(0));
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->action(0).what, QStringLiteral("Original"));
    QCOMPARE(*m_ws->action(id), m_model->action(0));
}

void TestActionModel::incompleteAndOverdueStandOut_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QDate>("due");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("incomplete");
    QTest::addColumn<bool>("overdue");
    QTest::newRow("complete, future") << QStringLiteral("Alice") << QDate(2026, 3, 20)
                                      << int(ActionStatus::Open) << false << false;
    QTest::newRow("no owner") << QString() << QDate(2026, 3, 20) << int(ActionStatus::Open) << true
                              << false;
    QTest::newRow("no date") << QStringLiteral("Alice") << QDate() << int(ActionStatus::Open)
                             << true << false;
    QTest::newRow("overdue") << QStringLiteral("Alice") << QDate(2026, 3, 9)
                             << int(ActionStatus::InProgress) << false << true;
    QTest::newRow("past but done") << QStringLiteral("Alice") << QDate(2026, 3, 1)
                                   << int(ActionStatus::Done) << false << false;
    QTest::newRow("due today") << QStringLiteral("Alice") << kToday << int(ActionStatus::Open)
                               << false << false;
}

void TestActionModel::incompleteAndOverdueStandOut()
{
    QFETCH(QString, owner);
    QFETCH(QDate, due);
    QFETCH(int, status);
    QFETCH(bool, incomplete);
    QFETCH(bool, overdue);
    QVERIFY(addAction(QStringLiteral("Something"), owner, due, ActionStatus(status)));
    const QModelIndex what = m_model->index(0, ActionModel::What);
    QCOMPARE(what.data(ActionModel::IncompleteRole).toBool(), incomplete);
    QCOMPARE(what.data(ActionModel::OverdueRole).toBool(), overdue);
    const bool marked = incomplete || overdue;
    QCOMPARE(what.data(Qt::BackgroundRole).isValid(), marked);
    QCOMPARE(what.data(Qt::DecorationRole).isValid(), marked);
    if (incomplete)
        QCOMPARE(what.data(Qt::ToolTipRole).toString(), QStringLiteral("Who does it and by when?"));
    else if (overdue)
        QVERIFY(what.data(Qt::ToolTipRole).toString().contains(due.toString(Qt::ISODate)));
    // Today moving on makes it overdue without any edit.
    m_model->setToday(QDate(2027, 1, 1));
    const bool open = ActionStatus(status) == ActionStatus::Open
        || ActionStatus(status) == ActionStatus::InProgress;
    QCOMPARE(m_model->index(0, 0).data(ActionModel::OverdueRole).toBool(), open && due.isValid());
}

void TestActionModel::linkedCausesFollowWhys()
{
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("Checkout down"));
    const Id why = whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("No canary"));
    const Id action = actionedits::createActionFromWhy(*m_editor, why);
    QVERIFY(action);
    QCOMPARE(m_model->action(0).what, QStringLiteral("Address: No canary"));
    QCOMPARE(m_model->index(0, ActionModel::LinkedCauses).data().toString(),
        QStringLiteral("No canary"));
    QVERIFY(!(m_model->flags(m_model->index(0, ActionModel::LinkedCauses)) & Qt::ItemIsEditable));
    QVERIFY(whyedits::setWhyText(*m_editor, why, QStringLiteral("No canary stage")));
    QCOMPARE(m_model->index(0, ActionModel::LinkedCauses).data().toString(),
        QStringLiteral("No canary stage"));
    QVERIFY(whyedits::removeWhy(*m_editor, root));
    QCOMPARE(m_model->index(0, ActionModel::LinkedCauses).data().toString(), QString());
    QCOMPARE(m_model->action(0), *m_ws->action(action));
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->index(0, ActionModel::LinkedCauses).data().toString(),
        QStringLiteral("No canary stage"));
    QCOMPARE(m_model->action(0), *m_ws->action(action));
}

void TestActionModel::participantsForCompletion()
{
    QSignalSpy spy(m_model.get(), &ActionModel::participantNamesChanged);
    Participant p;
    p.sessionId = m_session;
    p.name = QStringLiteral("Alice Smith");
    QVERIFY(m_ws->addParticipant(p));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(m_model->participantNames(), QStringList {QStringLiteral("Alice Smith")});
}

void TestActionModel::dashboardOrderAndUpdates()
{
    Session other;
    other.title = QStringLiteral("DNS incident");
    auto s2 = m_ws->createSession(other);
    QVERIFY(s2);
    DashboardModel dash(m_editor.get());
    QAbstractItemModelTester tester(&dash, QAbstractItemModelTester::FailureReportingMode::Fatal);
    dash.setToday(kToday);
    const Id undated = addAction(QStringLiteral("Undated"), QStringLiteral("Zed"));
    const Id later = addAction(QStringLiteral("Later"), QStringLiteral("Amy"), QDate(2026, 6, 1),
        ActionStatus::Open, s2->id);
    const Id overdue = addAction(QStringLiteral("Late"), QStringLiteral("Bo"), QDate(2026, 3, 1));
    const Id soon =
        addAction(QStringLiteral("Soon"), QString(), QDate(2026, 3, 12), ActionStatus::InProgress);
    const Id done = addAction(
        QStringLiteral("Finished"), QStringLiteral("Cy"), QDate(2026, 1, 1), ActionStatus::Done);
    QVERIFY(undated && later && overdue && soon && done);
    auto order = [&dash]() {
        QList<Id> ids;
        for (int r = 0; r < dash.rowCount(); ++r)
            ids.append(dash.index(r, 0).data(DashboardModel::ActionIdRole).toLongLong());
        return ids;
    };
    QCOMPARE(order(), (QList<Id> {overdue, soon, later, undated}));
    QVERIFY(dash.index(0, DashboardModel::Due).data(DashboardModel::OverdueRole).toBool());
    QVERIFY(dash.index(0, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!dash.index(1, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(dash.index(2, DashboardModel::SessionTitle).data().toString(),
        QStringLiteral("DNS incident"));
    QCOMPARE(dash.index(2, 0).data(DashboardModel::SessionIdRole).toLongLong(), s2->id);
    QCOMPARE(dash.overdueCount(), 1);

    // A fresh read agrees with the incremental one.
    DashboardModel fresh(m_editor.get());
    fresh.setToday(kToday);
    QCOMPARE(fresh.rowCount(), dash.rowCount());

    // Editing moves rows to their place; closing removes them; undo brings them back.
    ActionItem a = *m_ws->action(undated);
    a.due = QDate(2026, 2, 1);
    QVERIFY(actionedits::updateAction(*m_editor, a));
    QCOMPARE(order(), (QList<Id> {undated, overdue, soon, later}));
    a.status = ActionStatus::Done;
    QVERIFY(actionedits::updateAction(*m_editor, a));
    QCOMPARE(order(), (QList<Id> {overdue, soon, later}));
    m_editor->undoStack()->undo();
    m_editor->undoStack()->undo();
    QCOMPARE(order(), (QList<Id> {overdue, soon, later, undated}));

    Session renamed = *m_ws->session(s2->id);
    renamed.title = QStringLiteral("DNS outage");
    QVERIFY(m_ws->updateSession(renamed));
    QCOMPARE(dash.index(2, DashboardModel::SessionTitle).data().toString(),
        QStringLiteral("DNS outage"));
    QVERIFY(m_ws->removeSession(s2->id));
    QCOMPARE(order(), (QList<Id> {overdue, soon, undated}));
}

QTEST_MAIN(TestActionModel)
#include "tst_actionmodel.moc"
