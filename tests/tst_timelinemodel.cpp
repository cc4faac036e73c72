#include "editor.h"
#include "timelineedits.h"
#include "timelinemodel.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUndoStack>

#include <memory>

using namespace hindsight;

namespace {

const QTimeZone kBerlin("Europe/Berlin");

EventTime berlin(
    int h, int m, TimeCertainty c = TimeCertainty::Exact, QDate day = QDate(2017, 1, 31))
{
    return EventTime::at(
        QDateTime(day, QTime(h, m), kBerlin), c, false, QStringLiteral("Europe/Berlin"));
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rowsFollowInsertsInTimeOrder();
    void editingTimeMovesRow();
    void unreadableTimeIsRejected();
    void removeUndoRedo();
    void bulkAddIsOneStep();
    void moveUnknownEvent();
    void cellEdits();
    void displayTime_data();
    void displayTime();
    void filters();
    void externalChangeReloads();
    void otherSessionsIgnored();

private:
    Id add(EventTime time, const QString &text, EventKind kind = EventKind::Note, Id reporter = 0);
    // The model's rows must be exactly storage's order, and known times never go backwards.
    void verifyOrder();
    QStringList texts() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<TimelineModel> m_model;
    std::unique_ptr<TimelineFilterModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    Session m_session;
    Participant m_alice;
    Participant m_bob;
};

void TestTimelineModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto ws = Workspace::open(
        m_dir->filePath(QStringLiteral("t.hindsight")), OpenOptions {.create = true});
    QVERIFY2(ws.ok(), ws ? "" : qPrintable(ws.error().message));
    m_ws = std::move(*ws);
    m_editor = std::make_unique<Editor>(m_ws.get());
    Session s;
    s.title = QStringLiteral("Checkout outage");
    s.date = QDate(2017, 1, 31);
    s.timeZone = QStringLiteral("Europe/Berlin");
    m_session = *m_ws->createSession(s);
    m_alice = *m_ws->addParticipant(
        Participant {0, m_session.id, QStringLiteral("Alice Chen"), QStringLiteral("SRE"), {}});
    m_bob = *m_ws->addParticipant(
        Participant {0, m_session.id, QStringLiteral("Bob Stone"), QStringLiteral("Support"), {}});

    m_model = std::make_unique<TimelineModel>(m_editor.get());
    m_proxy = std::make_unique<TimelineFilterModel>();
    m_proxy->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(
        m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->setSession(m_session.id);
}

void TestTimelineModel::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_editor.reset();
    m_ws.reset();
    m_dir.reset();
}

Id TestTimelineModel::add(EventTime time, const QString &text, EventKind kind, Id reporter)
{
    TimelineEvent e;
    e.sessionId = m_session.id;
    e.time = time;
    e.text = text;
    e.kind = kind;
    e.reporterId = reporter;
    return edits::addEvent(*m_editor, e);
}

void TestTimelineModel::verifyOrder()
{
    const auto stored = m_ws->events(m_session.id);
    QVERIFY(stored.ok());
    QCOMPARE(m_model->rowCount(), int(stored->size()));
    QDateTime last;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const auto e = m_model->index(row, 0).data(TimelineModel::EventRole).value<TimelineEvent>();
        QCOMPARE(e, stored->at(row));
        if (e.time.isKnown()) {
            QVERIFY2(!last.isValid() || last <= e.time.utc, qPrintable(texts().join(u", ")));
            last = e.time.utc;
        }
    }
}

QStringList TestTimelineModel::texts() const
{
    QStringList list;
    for (int row = 0; row < m_model->rowCount(); ++row)
        list.append(m_model->index(row, TimelineModel::TextColumn).data().toString());
    return list;
}

void TestTimelineModel::rowsFollowInsertsInTimeOrder()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    add(berlin(14, 5), QStringLiteral("Alert fired"), EventKind::Detection);
    add(berlin(13, 50), QStringLiteral("Deploy started"));
    add(berlin(14, 20, TimeCertainty::Approximate), QStringLiteral("Rollback"),
        EventKind::Mitigation);
    add(EventTime::unknown(), QStringLiteral("Someone noticed slowness"));
    add(berlin(13, 55), QStringLiteral("Errors rise"), EventKind::ImpactStart);

    QCOMPARE(inserted.count(), 5);
    QCOMPARE(reset.count(), 0); // one row at a time, never a reset
    QCOMPARE(texts(),
        (QStringList {QStringLiteral("Deploy started"), QStringLiteral("Errors rise"),
            QStringLiteral("Alert fired"), QStringLiteral("Rollback"),
            QStringLiteral("Someone noticed slowness")}));
    verifyOrder();
    QCOMPARE(m_proxy->rowCount(), 5);
}

void TestTimelineModel::editingTimeMovesRow()
{
    add(berlin(13, 50), QStringLiteral("A"));
    add(berlin(14, 5), QStringLiteral("B"));
    const Id c = add(berlin(14, 20), QStringLiteral("C"));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);

    QVERIFY(
        m_model->setData(m_model->index(2, TimelineModel::TimeColumn), QStringLiteral("13:00")));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("B")}));
    QCOMPARE(
        m_model->index(0, TimelineModel::TimeColumn).data().toString(), QStringLiteral("13:00"));
    verifyOrder();

    // Later than everything: to the end.
    QVERIFY(
        m_model->setData(m_model->index(0, TimelineModel::TimeColumn), QStringLiteral("~15:00")));
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    QCOMPARE(
        m_model->index(2, TimelineModel::TimeColumn).data().toString(), QStringLiteral("~15:00"));
    verifyOrder();

    QUndoStack *stack = m_editor->undoStack();
    stack->undo();
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("B")}));
    verifyOrder();
    stack->undo();
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    QCOMPARE(m_model->eventAt(2).time, berlin(14, 20));
    QCOMPARE(m_model->eventAt(2).id, c);
    verifyOrder();
    stack->redo();
    stack->redo();
    QCOMPARE(
        m_model->index(2, TimelineModel::TimeColumn).data().toString(), QStringLiteral("~15:00"));
    verifyOrder();

    // A time on another day shows its date, and edits back to the same form.
    QVERIFY(m_model->setData(
        m_model->index(2, TimelineModel::TimeColumn), QStringLiteral("2017-02-01 00:10")));
    QCOMPARE(m_model->index(2, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("2017-02-01 00:10"));
    QCOMPARE(m_model->index(2, TimelineModel::TimeColumn).data(Qt::EditRole).toString(),
        QStringLiteral("2017-02-01 00:10"));

    // Blank makes it unknown; it keeps its place.
    QVERIFY(m_model->setData(m_model->index(2, TimelineModel::TimeColumn), QString()));
    QCOMPARE(
        m_model->index(2, TimelineModel::TimeColumn).data().toString(), QStringLiteral("unknown"));
    QCOMPARE(m_model->eventAt(2).id, c);
    verifyOrder();
}

void TestTimelineModel::unreadableTimeIsRejected()
{
    add(berlin(13, 50), QStringLiteral("A"));
    QSignalSpy rejected(m_model.get(), &TimelineModel::editRejected);
    const int steps = m_editor->undoStack()->count();
    QVERIFY(!m_model->setData(
        m_model->index(0, TimelineModel::TimeColumn), QStringLiteral("half past nonsense")));
    QCOMPARE(rejected.count(), 1);
    QVERIFY(rejected.first().first().toString().contains(QStringLiteral("half past nonsense")));
    QCOMPARE(m_editor->undoStack()->count(), steps);
    QCOMPARE(m_model->eventAt(0).time, berlin(13, 50));
    // An empty text is refused too: an event says what happened.
    QVERIFY(!m_model->setData(m_model->index(0, TimelineModel::TextColumn), QStringLiteral("   ")));
    QCOMPARE(m_editor->undoStack()->count(), steps);
}

void TestTimelineModel::removeUndoRedo()
{
    const Id a = add(berlin(13, 50), QStringLiteral("A"));
    const Id b = add(EventTime::unknown(), QStringLiteral("B"));
    const Id c = add(berlin(14, 20), QStringLiteral("C"));
    const Id d = add(berlin(14, 30), QStringLiteral("D"));
    // Evidence cited by a why node comes back with the events.
    WhyNode why;
    why.sessionId = m_session.id;
    why.text = QStringLiteral("Why did the deploy break checkout?");
    why.evidence = {c};
    why = *m_ws->addWhyNode(why);
    const QStringList before = texts();

    QVERIFY(edits::removeEvents(*m_editor, {b, c}));
    QCOMPARE(texts(), (QStringList {QStringLiteral("A"), QStringLiteral("D")}));
    verifyOrder();
    QVERIFY(m_ws->whyNode(why.id)->evidence.isEmpty());

    m_editor->undoStack()->undo();
    QCOMPARE(texts(), before);
    QCOMPARE(m_model->eventAt(1).id, b);
    QCOMPARE(m_model->eventAt(2).id, c);
    QCOMPARE(m_ws->whyNode(why.id)->evidence, QList<Id> {c});
    verifyOrder();

    m_editor->undoStack()->redo();
    QCOMPARE(texts(), (QStringList {QStringLiteral("A"), QStringLiteral("D")}));
    verifyOrder();

    // Undo the removal and every add: the model ends empty, one row at a time.
    m_editor->undoStack()->undo();
    while (m_editor->undoStack()->canUndo())
        m_editor->undoStack()->undo();
    QCOMPARE(m_model->rowCount(), 0);
    // Redo every add: same ids again.
    while (m_editor->undoStack()->index() < 4)
        m_editor->undoStack()->redo();
    QCOMPARE(m_model->eventAt(0).id, a);
    QCOMPARE(m_model->eventAt(3).id, d);
    verifyOrder();
}

void TestTimelineModel::bulkAddIsOneStep()
{
    add(berlin(14, 0), QStringLiteral("Existing"));
    QList<TimelineEvent> list;
    for (int i = 0; i < 6; ++i) {
        TimelineEvent e;
        e.sessionId = m_session.id;
        // Out of order on purpose, and one without a time.
        e.time = i == 3 ? EventTime::unknown() : berlin(13, 10 * (5 - i));
        e.text = QStringLiteral("Pasted %1").arg(i);
        list.append(e);
    }
    const int steps = m_editor->undoStack()->count();
    const QList<Id> ids = edits::addEvents(*m_editor, list);
    QCOMPARE(ids.size(), 6);
    QCOMPARE(m_editor->undoStack()->count(), steps + 1);
    QCOMPARE(m_model->rowCount(), 7);
    verifyOrder();
    m_editor->undoStack()->undo();
    QCOMPARE(texts(), QStringList {QStringLiteral("Existing")});
    m_editor->undoStack()->redo();
    QCOMPARE(m_model->rowCount(), 7);
    for (Id id : ids)
        QVERIFY(m_model->rowOf(id) >= 0);
    verifyOrder();
}

void TestTimelineModel::moveUnknownEvent()
{
    add(berlin(13, 0), QStringLiteral("A"));
    add(berlin(14, 0), QStringLiteral("B"));
    const Id u = add(EventTime::unknown(), QStringLiteral("U"));
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("U")}));

    QVERIFY(!edits::moveEvent(*m_editor, u, 1)); // already last: nothing pushed
    QVERIFY(!edits::moveEvent(*m_editor, m_model->eventAt(0).id, 1)); // known time: never moves
    const int steps = m_editor->undoStack()->count();
    QVERIFY(edits::moveEvent(*m_editor, u, -1));
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("U"), QStringLiteral("B")}));
    verifyOrder();
    QVERIFY(edits::moveEvent(*m_editor, u, -1));
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("U"), QStringLiteral("A"), QStringLiteral("B")}));
    verifyOrder();
    QCOMPARE(m_editor->undoStack()->count(), steps + 2);

    m_editor->undoStack()->undo();
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("U"), QStringLiteral("B")}));
    verifyOrder();
    m_editor->undoStack()->undo();
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("U")}));
    verifyOrder();
    m_editor->undoStack()->redo();
    QCOMPARE(
        texts(), (QStringList {QStringLiteral("A"), QStringLiteral("U"), QStringLiteral("B")}));
    verifyOrder();
}

void TestTimelineModel::cellEdits()
{
    add(berlin(13, 0), QStringLiteral("Alert fired"));
    const QModelIndex row0 = m_model->index(0, 0);

    QVERIFY(m_model->setData(
        row0.siblingAtColumn(TimelineModel::KindColumn), int(EventKind::Detection)));
    QCOMPARE(m_model->eventAt(0).kind, EventKind::Detection);
    QCOMPARE(row0.data(TimelineModel::KindRole).toInt(), int(EventKind::Detection));
    QCOMPARE(row0.siblingAtColumn(TimelineModel::KindColumn).data().toString(),
        QStringLiteral("Detection"));

    // A participant's first name is enough; anyone else is free text.
    QVERIFY(m_model->setData(
        row0.siblingAtColumn(TimelineModel::ReporterColumn), QStringLiteral("alice")));
    QCOMPARE(m_model->eventAt(0).reporterId, m_alice.id);
    QCOMPARE(row0.siblingAtColumn(TimelineModel::ReporterColumn).data().toString(),
        QStringLiteral("Alice Chen"));
    QCOMPARE(row0.data(TimelineModel::DepartmentRole).toString(), QStringLiteral("SRE"));
    QVERIFY(m_model->setData(
        row0.siblingAtColumn(TimelineModel::ReporterColumn), QStringLiteral("Pager bot")));
    QCOMPARE(m_model->eventAt(0).reporterId, Id(0));
    QCOMPARE(m_model->eventAt(0).reporterText, QStringLiteral("Pager bot"));

    QVERIFY(m_model->setData(
        row0.siblingAtColumn(TimelineModel::SourceColumn), QStringLiteral("monitoring")));
    QCOMPARE(row0.siblingAtColumn(TimelineModel::SourceColumn).data().toString(),
        QStringLiteral("monitoring"));
    QVERIFY(m_model->setData(row0.siblingAtColumn(TimelineModel::TextColumn),
        QStringLiteral("Alert fired on checkout")));
    QCOMPARE(m_model->eventAt(0).text, QStringLiteral("Alert fired on checkout"));

    QVERIFY(!m_model->eventAt(0).starred);
    QVERIFY(edits::toggleStar(*m_editor, {m_model->eventAt(0).id}));
    QVERIFY(m_model->eventAt(0).starred);
    QCOMPARE(row0.siblingAtColumn(TimelineModel::StarColumn).data().toString(),
        QStringLiteral("\u2605"));

    // Undo walks back each committed edit, one per step.
    m_editor->undoStack()->undo();
    QVERIFY(!m_model->eventAt(0).starred);
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->eventAt(0).text, QStringLiteral("Alert fired"));
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->eventAt(0).source, QString());
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->eventAt(0).reporterId, m_alice.id);

    // A no-op edit pushes nothing.
    const int steps = m_editor->undoStack()->count();
    QVERIFY(m_model->setData(
        row0.siblingAtColumn(TimelineModel::KindColumn), int(EventKind::Detection)));
    QCOMPARE(m_editor->undoStack()->count(), steps);
    QVERIFY(!(m_model->flags(row0) & Qt::ItemIsEditable));
    QVERIFY(m_model->flags(row0.siblingAtColumn(TimelineModel::TimeColumn)) & Qt::ItemIsEditable);
}

void TestTimelineModel::displayTime_data()
{
    QTest::addColumn<EventTime>("time");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("edit");
    QTest::newRow("exact") << berlin(14, 5) << QStringLiteral("14:05") << QStringLiteral("14:05");
    QTest::newRow("approximate") << berlin(23, 0, TimeCertainty::Approximate)
                                 << QStringLiteral("~23:00") << QStringLiteral("~23:00");
    QTest::newRow("unknown") << EventTime::unknown() << QStringLiteral("unknown") << QString();
    QTest::newRow("next day") << berlin(0, 10, TimeCertainty::Exact, QDate(2017, 2, 1))
                              << QStringLiteral("2017-02-01 00:10")
                              << QStringLiteral("2017-02-01 00:10");
    // Entered in UTC, shown in the session's zone (UTC+1 in January).
    QTest::newRow("other zone") << EventTime::at(
        QDateTime(QDate(2017, 1, 31), QTime(18, 0), Qt::UTC))
                                << QStringLiteral("19:00") << QStringLiteral("19:00");
    EventTime seconds = berlin(14, 5);
    seconds.utc = seconds.utc.addSecs(30);
    seconds.hasSeconds = true;
    QTest::newRow("seconds") << seconds << QStringLiteral("14:05:30") << QStringLiteral("14:05:30");
}

void TestTimelineModel::displayTime()
{
    QFETCH(EventTime, time);
    QFETCH(QString, shown);
    QFETCH(QString, edit);
    add(time, QStringLiteral("E"));
    const QModelIndex cell = m_model->index(0, TimelineModel::TimeColumn);
    QCOMPARE(cell.data().toString(), shown);
    QCOMPARE(cell.data(Qt::EditRole).toString(), edit);
    // What the editor shows reads back to the same instant.
    const auto again = TimelineParser::parseTypedTime(edit, m_model->parseContext());
    QVERIFY(again.has_value());
    QCOMPARE(again->utc, time.utc);
    QCOMPARE(again->certainty, time.certainty);
}

void TestTimelineModel::filters()
{
    add(berlin(13, 0), QStringLiteral("Errors rise"), EventKind::ImpactStart);
    add(berlin(13, 10), QStringLiteral("Alert fired"), EventKind::Detection, m_alice.id);
    add(berlin(13, 20), QStringLiteral("Customer ticket"), EventKind::Detection, m_bob.id);
    add(berlin(13, 30), QStringLiteral("Rollback"), EventKind::Mitigation, m_alice.id);
    QCOMPARE(
        m_model->departments(), (QStringList {QStringLiteral("SRE"), QStringLiteral("Support")}));

    auto proxyTexts = [this] {
        QStringList list;
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            list.append(m_proxy->index(r, TimelineModel::TextColumn).data().toString());
        return list;
    };
    m_proxy->setKindFilter(EventKind::Detection);
    QCOMPARE(proxyTexts(),
        (QStringList {QStringLiteral("Alert fired"), QStringLiteral("Customer ticket")}));
    m_proxy->setDepartmentFilter(QStringLiteral("sre"));
    QCOMPARE(proxyTexts(), QStringList {QStringLiteral("Alert fired")});
    m_proxy->setKindFilter(std::nullopt);
    QCOMPARE(
        proxyTexts(), (QStringList {QStringLiteral("Alert fired"), QStringLiteral("Rollback")}));
    m_proxy->setDepartmentFilter(TimelineFilterModel::noDepartment());
    QCOMPARE(proxyTexts(), QStringList {QStringLiteral("Errors rise")});

    // Live: an event that enters the filter appears, in time order, and a department change
    // of a participant moves their events out of the SRE view.
    m_proxy->setDepartmentFilter(QStringLiteral("SRE"));
    add(berlin(13, 5), QStringLiteral("Dashboard red"), EventKind::Note, m_alice.id);
    QCOMPARE(proxyTexts(),
        (QStringList {QStringLiteral("Dashboard red"), QStringLiteral("Alert fired"),
            QStringLiteral("Rollback")}));
    Participant moved = m_alice;
    moved.department = QStringLiteral("Platform");
    QVERIFY(m_ws->updateParticipant(moved).ok());
    QCOMPARE(proxyTexts(), QStringList {});
    m_proxy->setDepartmentFilter({});
    QCOMPARE(m_proxy->rowCount(), 5);
}

void TestTimelineModel::externalChangeReloads()
{
    add(berlin(13, 0), QStringLiteral("A"));
    // Another process writes the same file.
    auto other = Workspace::open(m_ws->path());
    QVERIFY(other.ok());
    TimelineEvent e;
    e.sessionId = m_session.id;
    e.time = berlin(12, 0);
    e.text = QStringLiteral("From elsewhere");
    QVERIFY((*other)->addEvent(e).ok());
    QCOMPARE(m_model->rowCount(), 1); // not told yet

    QVERIFY(m_ws->hasExternalChanges());
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    Q_EMIT m_ws->externallyChanged();
    // Merged, not reset: a reset would drop the selection and an open editor.
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(texts(), (QStringList {QStringLiteral("From elsewhere"), QStringLiteral("A")}));
    verifyOrder();
}

void TestTimelineModel::otherSessionsIgnored()
{
    Session other;
    other.title = QStringLiteral("Another incident");
    other = *m_ws->createSession(other);
    add(berlin(13, 0), QStringLiteral("Mine"));
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    TimelineEvent e;
    e.sessionId = other.id;
    e.text = QStringLiteral("Not mine");
    QVERIFY(edits::addEvent(*m_editor, e) != 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);

    // Switching sessions shows the other one's events.
    m_model->setSession(other.id);
    QCOMPARE(texts(), QStringList {QStringLiteral("Not mine")});
    m_model->setSession(0);
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
