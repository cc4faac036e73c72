#include "editor.h"
#include "participantmodel.h"
#include "sessionedits.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;

class TestParticipantModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void addEditRemoveUndoRedo();
    void typingBurstIsOneStep();
    void noOpEditPushesNothing();
    void followsOnlyItsSession();
    void removeRestoresReporterLinks();
    void removeRestoresPreMortemLinks();
    void removeSeveralIsOneStep();
    void sortsByDepartmentThenName();
    void departmentCounts_data();
    void departmentCounts();

private:
    Participant person(const QString &name, const QString &department, const QString &role = {});
    Id add(const QString &name, const QString &department, const QString &role = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    Id m_session = 0;
};

void TestParticipantModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto ws = Workspace::open(
        m_dir->filePath(QStringLiteral("w.hindsight")), OpenOptions {.create = true});
    QVERIFY2(ws.ok(), qPrintable(ws ? QString() : ws.error().message));
    m_ws = std::move(*ws);
    m_editor = std::make_unique<Editor>(m_ws.get());
    Session s;
    s.title = QStringLiteral("Checkout outage");
    auto created = m_ws->createSession(s);
    QVERIFY(created.ok());
    m_session = created->id;
}

void TestParticipantModel::cleanup()
{
    m_editor.reset();
    m_ws.reset();
    m_dir.reset();
}

Participant TestParticipantModel::person(
    const QString &name, const QString &department, const QString &role)
{
    Participant p;
    p.sessionId = m_session;
    p.name = name;
    p.department = department;
    p.role = role;
    return p;
}

Id TestParticipantModel::add(const QString &name, const QString &department, const QString &role)
{
    return sessionedits::addParticipant(*m_editor, person(name, department, role));
}

void TestParticipantModel::addEditRemoveUndoRedo()
{
    ParticipantModel model(m_editor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSession(m_session);
    QCOMPARE(model.rowCount(), 0);
    QUndoStack *stack = m_editor->undoStack();

    const Id ann = add(QStringLiteral("Ann"), QStringLiteral("SRE"), QStringLiteral("On call"));
    const Id bob = add(QStringLiteral("  Bob "), QStringLiteral("Payments"));
    QVERIFY(ann != 0 && bob != 0);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, ParticipantModel::NameColumn).data().toString(), QStringLiteral("Bob"));
    QCOMPARE(
        model.index(0, ParticipantModel::RoleColumn).data().toString(), QStringLiteral("On call"));
    QCOMPARE(model.index(0, 0).data(ParticipantModel::IdRole).toLongLong(), ann);

    // Inline edit goes through the workspace and comes back as an update of that row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(
        model.index(0, ParticipantModel::DepartmentColumn), QStringLiteral("Platform")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0, ParticipantModel::DepartmentColumn).data().toString(),
        QStringLiteral("Platform"));
    QCOMPARE(m_ws->participants(m_session)->at(0).department, QStringLiteral("Platform"));
    QCOMPARE(stack->count(), 3);

    stack->undo();
    QCOMPARE(model.index(0, ParticipantModel::DepartmentColumn).data().toString(),
        QStringLiteral("SRE"));
    QCOMPARE(m_ws->participants(m_session)->at(0).department, QStringLiteral("SRE"));
    stack->redo();
    QCOMPARE(model.index(0, ParticipantModel::DepartmentColumn).data().toString(),
        QStringLiteral("Platform"));

    // Removal and its undo: same id, same place.
    QVERIFY(sessionedits::removeParticipant(*m_editor, ann));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(ParticipantModel::IdRole).toLongLong(), bob);
    stack->undo();
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data(ParticipantModel::IdRole).toLongLong(), ann);
    QCOMPARE(model.participant(0).department, QStringLiteral("Platform"));
    stack->redo();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(m_ws->participants(m_session)->size(), 1);

    // Undo of the add removes the row; redo restores the same id.
    stack->setIndex(1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.participant(0).id, ann);
    stack->setIndex(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.participant(1).id, bob);
    stack->setIndex(0);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(m_ws->participants(m_session)->isEmpty());
}

void TestParticipantModel::typingBurstIsOneStep()
{
    ParticipantModel model(m_editor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSession(m_session);
    add(QStringLiteral("A"), QStringLiteral("SRE"));
    const int before = m_editor->undoStack()->count();
    const QString typed = QStringLiteral("Alice");
    for (qsizetype n = 2; n <= typed.size(); ++n)
        QVERIFY(model.setData(model.index(0, ParticipantModel::NameColumn), typed.left(n)));
    QCOMPARE(m_editor->undoStack()->count(), before + 1);
    QCOMPARE(model.participant(0).name, typed);
    // A different field is its own step.
    QVERIFY(model.setData(model.index(0, ParticipantModel::RoleColumn), QStringLiteral("IC")));
    QCOMPARE(m_editor->undoStack()->count(), before + 2);
    m_editor->undoStack()->undo();
    m_editor->undoStack()->undo();
    QCOMPARE(model.participant(0).name, QStringLiteral("A"));
    QCOMPARE(model.participant(0).role, QString());
}

void TestParticipantModel::noOpEditPushesNothing()
{
    ParticipantModel model(m_editor.get());
    model.setSession(m_session);
    add(QStringLiteral("Ann"), QStringLiteral("SRE"));
    const int before = m_editor->undoStack()->count();
    QVERIFY(!model.setData(model.index(0, ParticipantModel::NameColumn), QStringLiteral("Ann ")));
    QVERIFY(!model.setData(
        model.index(0, ParticipantModel::NameColumn), QStringLiteral("Ann"), Qt::DisplayRole));
    QCOMPARE(m_editor->undoStack()->count(), before);

    // A name cannot be emptied: the workspace refuses, the editor reports, nothing is pushed.
    QSignalSpy failed(m_editor.get(), &Editor::failed);
    QVERIFY(!model.setData(model.index(0, ParticipantModel::NameColumn), QStringLiteral("  ")));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(m_editor->undoStack()->count(), before);
    QCOMPARE(model.participant(0).name, QStringLiteral("Ann"));
}

void TestParticipantModel::followsOnlyItsSession()
{
    Session other;
    other.title = QStringLiteral("Other");
    const Id otherId = m_ws->createSession(other)->id;
    ParticipantModel model(m_editor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSession(m_session);
    Participant p = person(QStringLiteral("Zed"), QStringLiteral("Support"));
    p.sessionId = otherId;
    QVERIFY(sessionedits::addParticipant(*m_editor, p) != 0);
    QCOMPARE(model.rowCount(), 0);
    add(QStringLiteral("Ann"), QStringLiteral("SRE"));
    QCOMPARE(model.rowCount(), 1);
    model.setSession(otherId);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.participant(0).name, QStringLiteral("Zed"));
    // The session going away empties the model.
    QVERIFY(m_ws->removeSession(otherId).ok());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.sessionId(), Id(0));
}

void TestParticipantModel::removeRestoresReporterLinks()
{
    ParticipantModel model(m_editor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSession(m_session);
    const Id ann = add(QStringLiteral("Ann"), QStringLiteral("SRE"));
    const Id bob = add(QStringLiteral("Bob"), QStringLiteral("Payments"));
    QList<Id> events;
    for (int i = 0; i < 3; ++i) {
        TimelineEvent e;
        e.sessionId = m_session;
        e.text = QStringLiteral("Event %1").arg(i);
        e.reporterId = i == 1 ? bob : ann;
        auto r = m_ws->addEvent(e);
        QVERIFY(r.ok());
        events.append(r->id);
    }

    QVERIFY(sessionedits::removeParticipant(*m_editor, ann));
    // The foreign key unlinked Ann's events; Bob's is untouched.
    QCOMPARE(m_ws->event(events[0])->reporterId, Id(0));
    QCOMPARE(m_ws->event(events[1])->reporterId, bob);
    QCOMPARE(m_ws->event(events[2])->reporterId, Id(0));

    m_editor->undoStack()->undo();
    QCOMPARE(m_ws->event(events[0])->reporterId, ann);
    QCOMPARE(m_ws->event(events[1])->reporterId, bob);
    QCOMPARE(m_ws->event(events[2])->reporterId, ann);
    QCOMPARE(model.rowOf(ann), 0);

    m_editor->undoStack()->redo();
    QCOMPARE(m_ws->event(events[0])->reporterId, Id(0));
    QCOMPARE(model.rowOf(ann), -1);
    m_editor->undoStack()->undo();
    QCOMPARE(m_ws->event(events[2])->reporterId, ann);
}

void TestParticipantModel::removeRestoresPreMortemLinks()
{
    Session pre;
    pre.kind = SessionKind::PreMortem;
    pre.title = QStringLiteral("Launch");
    m_session = m_ws->createSession(pre)->id;
    const Id a = add(QStringLiteral("A"), QStringLiteral("Sales"));
    const Id p = add(QStringLiteral("P"), QStringLiteral("Legal"));
    const Id b = add(QStringLiteral("B"), QStringLiteral("Ops"));

    Round round;
    round.sessionId = m_session;
    round.group = QStringLiteral("Blue");
    round.members = {a, p, b};
    auto storedRound = m_ws->addRound(round);
    QVERIFY(storedRound.ok());
    Idea idea;
    idea.sessionId = m_session;
    idea.roundId = storedRound->id;
    idea.text = QStringLiteral("The vendor goes bust");
    idea.authorId = p;
    auto storedIdea = m_ws->addIdea(idea);
    QVERIFY(storedIdea.ok());
    Theme theme;
    theme.sessionId = m_session;
    theme.title = QStringLiteral("Suppliers");
    auto storedTheme = m_ws->addTheme(theme);
    QVERIFY(storedTheme.ok());
    QVERIFY(m_ws->setVote(Vote {m_session, storedTheme->id, p, 3}).ok());
    QVERIFY(m_ws->setVote(Vote {m_session, storedTheme->id, a, 1}).ok());
    const auto votesBefore = *m_ws->votes(m_session);

    QVERIFY(sessionedits::removeParticipant(*m_editor, p));
    QCOMPARE(m_ws->rounds(m_session)->at(0).members, (QList<Id> {a, b}));
    QCOMPARE(m_ws->ideas(m_session)->at(0).authorId, Id(0));
    QCOMPARE(m_ws->votes(m_session)->size(), 1);

    m_editor->undoStack()->undo();
    QCOMPARE(m_ws->rounds(m_session)->at(0).members, (QList<Id> {a, p, b}));
    QCOMPARE(m_ws->ideas(m_session)->at(0).authorId, p);
    QCOMPARE(*m_ws->votes(m_session), votesBefore);
}

void TestParticipantModel::removeSeveralIsOneStep()
{
    ParticipantModel model(m_editor.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSession(m_session);
    const Id a = add(QStringLiteral("A"), QStringLiteral("SRE"));
    const Id b = add(QStringLiteral("B"), QStringLiteral("SRE"));
    const Id c = add(QStringLiteral("C"), QStringLiteral("Support"));
    TimelineEvent e;
    e.sessionId = m_session;
    e.text = QStringLiteral("Pager fired");
    e.reporterId = b;
    const Id eventId = m_ws->addEvent(e)->id;
    const int before = m_editor->undoStack()->count();
    QVERIFY(sessionedits::removeParticipants(*m_editor, {a, b}));
    QCOMPARE(m_editor->undoStack()->count(), before + 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.participant(0).id, c);
    m_editor->undoStack()->undo();
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.participant(0).id, a);
    QCOMPARE(model.participant(1).id, b);
    QCOMPARE(m_ws->event(eventId)->reporterId, b);
}

void TestParticipantModel::sortsByDepartmentThenName()
{
    ParticipantModel model(m_editor.get());
    ParticipantSortModel sorted;
    sorted.setSourceModel(&model);
    QAbstractItemModelTester tester(&sorted, QAbstractItemModelTester::FailureReportingMode::Fatal);
    sorted.sort(0);
    model.setSession(m_session);
    add(QStringLiteral("zoe"), QStringLiteral("SRE"));
    add(QStringLiteral("Nobody"), QString());
    add(QStringLiteral("Adam"), QStringLiteral("sre"));
    add(QStringLiteral("Carl"), QStringLiteral("Payments"));
    const Id bea = add(QStringLiteral("Bea"), QStringLiteral("SRE"));
    const auto names = [&sorted]() {
        QStringList list;
        for (int r = 0; r < sorted.rowCount(); ++r)
            list.append(sorted.index(r, ParticipantModel::NameColumn).data().toString());
        return list;
    };
    QCOMPARE(names(),
        (QStringList {QStringLiteral("Carl"), QStringLiteral("Adam"), QStringLiteral("Bea"),
            QStringLiteral("zoe"), QStringLiteral("Nobody")}));
    // An edit of the department moves the row to its new group.
    QVERIFY(model.setData(model.index(model.rowOf(bea), ParticipantModel::DepartmentColumn),
        QStringLiteral("Accounts")));
    QCOMPARE(names().first(), QStringLiteral("Bea"));
}

void TestParticipantModel::departmentCounts_data()
{
    QTest::addColumn<QStringList>("departments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << QStringList {} << QString();
    QTest::newRow("largest first") << QStringList {QStringLiteral("Support"), QStringLiteral("SRE"),
        QStringLiteral("Payments"), QStringLiteral("SRE"), QStringLiteral("Payments"),
        QStringLiteral("SRE")} << QStringLiteral("SRE 3, Payments 2, Support 1");
    QTest::newRow("ties by name, case-insensitive groups") << QStringList {QStringLiteral("ops"),
        QStringLiteral("Legal"), QStringLiteral("Ops"), QStringLiteral("legal")}
                                                           << QStringLiteral("Legal 2, ops 2");
    QTest::newRow("no department last")
        << QStringList {QString(), QString(), QStringLiteral("QA")} << QStringLiteral("QA 1,  2");
}

void TestParticipantModel::departmentCounts()
{
    QFETCH(QStringList, departments);
    QFETCH(QString, expected);
    ParticipantModel model(m_editor.get());
    model.setSession(m_session);
    QSignalSpy spy(&model, &ParticipantModel::departmentsChanged);
    int n = 0;
    for (const QString &d : std::as_const(departments))
        add(QStringLiteral("Person %1").arg(++n), d);
    QCOMPARE(spy.count(), departments.size());
    QStringList parts;
    for (const auto &[department, count] : model.departmentCounts())
        parts.append(department + u' ' + QString::number(count));
    QCOMPARE(parts.join(QStringLiteral(", ")), expected);
}

QTEST_GUILESS_MAIN(TestParticipantModel)
#include "tst_participantmodel.moc"
