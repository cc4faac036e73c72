#include "editor.h"
#include "pastetimelinedialog.h"
#include "timeaxiswidget.h"
#include "timelinemodel.h"
#include "timelinepage.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

using namespace hindsight;

namespace {

// Ten lines as people paste them: a Slack-style log, one line out of order, one without a time.
const char *kChatLog = "[13:50] alice: deploy 4512 started\n"
                       "[13:55] bob: checkout errors rising\n"
                       "[14:02] alice: alert fired: checkout 5xx above 5%\n"
                       "[14:10] carol: customers report failed payments\n"
                       "[14:05] alice: paged the on-call engineer\n"
                       "[14:12] alice: escalated to the payments team\n"
                       "[14:20] dave: rolled back deploy 4512\n"
                       "[14:25] bob: error rate back to normal\n"
                       "[14:30] bob: posted a status page update\n"
                       "someone restarted the cache at some point\n";

} // namespace

class TestTimelinePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void quickEntryAddsInTimeOrder();
    void unreadableTimeShowsErrorAndAddsNothing();
    void pasteChatLogIsOneStep();
    void previewEditsBeforeImport();
    void previewTimeRoundTrip();
    void keyboardOnTheTable();
    void editTimeInTheTable();
    void filtersAndAxis();
    void eventTextKeepsRoomOnNarrowScreens();

private:
    template<typename T> T *find(const char *name) const
    {
        auto *w = m_page->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget named %s", name);
        return w;
    }
    void type(const QString &time, const QString &text);
    QStringList shownTexts() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<TimelinePage> m_page;
    Session m_session;
};

void TestTimelinePage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto ws = Workspace::open(
        m_dir->filePath(QStringLiteral("p.hindsight")), OpenOptions {.create = true});
    QVERIFY(ws.ok());
    m_ws = std::move(*ws);
    m_editor = std::make_unique<Editor>(m_ws.get());
    Session s;
    s.title = QStringLiteral("Checkout outage");
    s.date = QDate(2017, 1, 31);
    s.timeZone = QStringLiteral("Europe/Berlin");
    m_session = *m_ws->createSession(s);
    QVERIFY(m_ws->addParticipant(Participant {0, m_session.id, QStringLiteral("Alice Chen"),
                                     QStringLiteral("SRE"), {}})
                .ok());
    QVERIFY(m_ws->addParticipant(Participant {0, m_session.id, QStringLiteral("Bob Stone"),
                                     QStringLiteral("Support"), {}})
                .ok());

    m_page = std::make_unique<TimelinePage>(m_editor.get());
    m_page->setSession(m_session.id);
    m_page->resize(1400, 900);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestTimelinePage::cleanup()
{
    m_page.reset();
    m_editor.reset();
    m_ws.reset();
    m_dir.reset();
}

void TestTimelinePage::type(const QString &time, const QString &text)
{
    auto *timeEdit = find<QLineEdit>("quickTime");
    auto *textEdit = find<QLineEdit>("quickText");
    QVERIFY(timeEdit && textEdit);
    timeEdit->clear();
    QTest::keyClicks(timeEdit, time);
    QTest::keyClicks(textEdit, text);
    QTest::keyClick(textEdit, Qt::Key_Return);
}

QStringList TestTimelinePage::shownTexts() const
{
    QStringList list;
    const QAbstractItemModel *m = m_page->table()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        list.append(m->index(r, TimelineModel::TextColumn).data().toString());
    return list;
}

void TestTimelinePage::quickEntryAddsInTimeOrder()
{
    type(QStringLiteral("14:05"), QStringLiteral("Alert fired"));
    QCOMPARE(find<QLineEdit>("quickText")->text(), QString()); // added, ready for the next one
    type(QStringLiteral("13:50"), QStringLiteral("Deploy started"));
    type(QStringLiteral("~14:20"), QStringLiteral("Rolled back the deploy"));
    QCOMPARE(shownTexts(),
        (QStringList {QStringLiteral("Deploy started"), QStringLiteral("Alert fired"),
            QStringLiteral("Rolled back the deploy")}));
    QCOMPARE(m_page->table()->model()->index(2, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("~14:20"));
    // The kind was guessed from the words, as the combo showed while typing.
    QCOMPARE(m_page->model()->eventAt(2).kind,
        TimelineParser::guessKind(QStringLiteral("Rolled back the deploy")));

    // "+5m" counts from the event added last (14:20), not from the last row.
    type(QStringLiteral("+5m"), QStringLiteral("Status page updated"));
    QCOMPARE(m_page->model()->rowCount(), 4);
    QCOMPARE(shownTexts().last(), QStringLiteral("Status page updated"));
    QCOMPARE(m_page->table()->model()->index(3, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("14:25"));

    // A reporter typed as a first name becomes the participant; blank time is unknown.
    QTest::keyClicks(find<QComboBox>("quickReporter")->lineEdit(), QStringLiteral("bob"));
    type(QString(), QStringLiteral("Someone restarted a cache"));
    QCOMPARE(m_page->model()->rowCount(), 5);
    const TimelineEvent last = m_page->model()->eventAt(4);
    QVERIFY(!last.time.isKnown());
    QCOMPARE(m_page->model()->reporterName(last), QStringLiteral("Bob Stone"));
    QCOMPARE(m_page->table()->model()->index(4, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("unknown"));

    // Each Enter is one undo step.
    QUndoStack *stack = m_editor->undoStack();
    QCOMPARE(stack->count(), 5);
    for (int n = 4; n >= 0; --n) {
        stack->undo();
        QCOMPARE(m_page->model()->rowCount(), n);
    }
    for (int n = 1; n <= 5; ++n) {
        stack->redo();
        QCOMPARE(m_page->model()->rowCount(), n);
    }
    QCOMPARE(shownTexts(),
        (QStringList {QStringLiteral("Deploy started"), QStringLiteral("Alert fired"),
            QStringLiteral("Rolled back the deploy"), QStringLiteral("Status page updated"),
            QStringLiteral("Someone restarted a cache")}));
}

void TestTimelinePage::unreadableTimeShowsErrorAndAddsNothing()
{
    auto *error = find<QLabel>("quickError");
    QVERIFY(error->isHidden());
    type(QStringLiteral("25:99"), QStringLiteral("Alert fired"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("25:99")));
    QCOMPARE(m_page->model()->rowCount(), 0);
    QCOMPARE(m_editor->undoStack()->count(), 0);
    // The typed text stays, so fixing the time is all it takes.
    QCOMPARE(find<QLineEdit>("quickText")->text(), QStringLiteral("Alert fired"));
    QCOMPARE(find<QLineEdit>("quickTime")->text(), QStringLiteral("25:99"));

    // "+5m" with nothing before it cannot be read either, and says why.
    find<QLineEdit>("quickText")->clear();
    type(QStringLiteral("+5m"), QStringLiteral("Alert fired"));
    QCOMPARE(m_page->model()->rowCount(), 0);
    QVERIFY(error->text().contains(QStringLiteral("previous")));

    find<QLineEdit>("quickText")->clear();
    type(QStringLiteral("9:37 AM PST"), QStringLiteral("Alert fired"));
    QCOMPARE(m_page->model()->rowCount(), 1);
    QVERIFY(error->isHidden());
    // 9:37 PST is 18:37 in Berlin.
    QCOMPARE(m_page->table()->model()->index(0, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("18:37"));
}

void TestTimelinePage::pasteChatLogIsOneStep()
{
    type(QStringLiteral("13:00"), QStringLiteral("Already here"));
    const int steps = m_editor->undoStack()->count();

    PasteTimelineDialog *dialog = m_page->openPasteDialog(QString::fromUtf8(kChatLog));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->linesModel()->includedCount(), 10);
    QCOMPARE(dialog->linesModel()->includedWithoutTime(), 1);
    auto *import = dialog->findChild<QPushButton *>(QStringLiteral("pasteImport"));
    QVERIFY(import);
    QVERIFY(import->isEnabled());
    QTest::mouseClick(import, Qt::LeftButton);

    QCOMPARE(m_page->model()->rowCount(), 11);
    QCOMPARE(m_editor->undoStack()->count(), steps + 1);
    const QStringList texts = shownTexts();
    // In time order: the 14:05 line pasted after the 14:10 one sits before it.
    QVERIFY(texts.indexOf(QStringLiteral("paged the on-call engineer"))
        < texts.indexOf(QStringLiteral("customers report failed payments")));
    QVERIFY(texts.contains(QStringLiteral("someone restarted the cache at some point")));
    // Chat nicknames become participants when they name one.
    const TimelineEvent first = m_page->model()->eventAt(1);
    QCOMPARE(first.text, QStringLiteral("deploy 4512 started"));
    QCOMPARE(m_page->model()->reporterName(first), QStringLiteral("Alice Chen"));
    QCOMPARE(first.source, QStringLiteral("chat log"));

    m_editor->undoStack()->undo();
    QCOMPARE(shownTexts(), QStringList {QStringLiteral("Already here")});
    m_editor->undoStack()->redo();
    QCOMPARE(m_page->model()->rowCount(), 11);
    QTRY_VERIFY(!m_page->findChild<PasteTimelineDialog *>()); // closed and deleted
}

void TestTimelinePage::previewEditsBeforeImport()
{
    PasteTimelineDialog *dialog = m_page->openPasteDialog(QString::fromUtf8(kChatLog));
    ParsedLinesModel *lines = dialog->linesModel();
    QAbstractItemModelTester tester(lines, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(lines->rowCount(), 10);
    const int last = lines->rowCount() - 1;
    QVERIFY(!lines->lines()[last].time.isKnown());

    // Fix the unknown time, pick a kind, drop one line.
    QVERIFY(
        lines->setData(lines->index(last, ParsedLinesModel::TimeColumn), QStringLiteral("~14:40")));
    QCOMPARE(lines->index(last, ParsedLinesModel::TimeColumn).data().toString(),
        QStringLiteral("~14:40"));
    QCOMPARE(lines->index(last, ParsedLinesModel::CertaintyColumn).data().toString(),
        QStringLiteral("about"));
    QVERIFY(lines->setData(
        lines->index(last, ParsedLinesModel::KindColumn), int(EventKind::Mitigation)));
    QVERIFY(lines->setData(
        lines->index(0, ParsedLinesModel::IncludeColumn), Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(!lines->setData(
        lines->index(1, ParsedLinesModel::TimeColumn), QStringLiteral("not a time")));
    QCOMPARE(lines->includedCount(), 9);
    QCOMPARE(lines->includedWithoutTime(), 0);

    auto *import = dialog->findChild<QPushButton *>(QStringLiteral("pasteImport"));
    QVERIFY(import->text().contains(QStringLiteral("9")));
    QTest::mouseClick(import, Qt::LeftButton);
    QCOMPARE(m_page->model()->rowCount(), 9);
    QVERIFY(!shownTexts().contains(QStringLiteral("deploy 4512 started")));
    const TimelineEvent cache = m_page->model()->eventAt(8);
    QCOMPARE(cache.text, QStringLiteral("someone restarted the cache at some point"));
    QCOMPARE(cache.kind, EventKind::Mitigation);
    QCOMPARE(cache.time.certainty, TimeCertainty::Approximate);
    QCOMPARE(cache.time.utc,
        QDateTime(QDate(2017, 1, 31), QTime(14, 40), QTimeZone("Europe/Berlin")).toUTC());

    // Cancel imports nothing.
    dialog = m_page->openPasteDialog(QString::fromUtf8(kChatLog));
    QTest::mouseClick(
        dialog->findChild<QPushButton *>(QStringLiteral("pasteCancel")), Qt::LeftButton);
    QCOMPARE(m_page->model()->rowCount(), 9);
}

void TestTimelinePage::previewTimeRoundTrip()
{
    // Headings, tables, zones and both clocks: what the time editor shows reads back to the
    // same instant, so opening a cell and leaving it never changes a time.
    PasteTimelineDialog *dialog =
        m_page->openPasteDialog(QStringLiteral("## Tuesday 31 January 2017\n"
                                               "| Time | Who | What |\n|---|---|---|\n"
                                               "| 9:37 AM PST | alice | deploy 4512 started |\n"
                                               "| 18:50 | bob | checkout errors rising |\n"
                                               "\n"
                                               "[14:02:30] <alice> alert fired\n"
                                               "- ~14:05 paged the on-call engineer\n"
                                               "2017-02-01 00:10 UTC all clear\n"));
    ParsedLinesModel *lines = dialog->linesModel();
    QAbstractItemModelTester tester(lines, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(lines->includedCount(), 5);
    QCOMPARE(lines->includedWithoutTime(), 0);
    for (int row = 0; row < lines->rowCount(); ++row) {
        if (!lines->isIncluded(row))
            continue;
        const EventTime before = lines->lines()[row].time;
        const QModelIndex cell = lines->index(row, ParsedLinesModel::TimeColumn);
        const QString shown = cell.data(Qt::EditRole).toString();
        QVERIFY2(lines->setData(cell, shown), qPrintable(shown));
        QCOMPARE(lines->lines()[row].time.utc, before.utc);
        QCOMPARE(lines->lines()[row].time.certainty, before.certainty);
    }
    dialog->reject();
}

void TestTimelinePage::keyboardOnTheTable()
{
    type(QStringLiteral("13:00"), QStringLiteral("A"));
    type(QStringLiteral("14:00"), QStringLiteral("B"));
    type(QString(), QStringLiteral("U"));
    QTableView *table = m_page->table();
    table->setFocus();
    const Id u = m_page->model()->eventAt(2).id;

    // Alt+Up moves the unknown-time event; the button follows the selection.
    m_page->selectEvent(u);
    QVERIFY(find<QToolButton>("moveUpButton")->isEnabled());
    QVERIFY(!find<QToolButton>("moveDownButton")->isEnabled());
    QTest::keyClick(table, Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(shownTexts(),
        (QStringList {QStringLiteral("A"), QStringLiteral("U"), QStringLiteral("B")}));
    QCOMPARE(m_page->selectedEventIds(), QList<Id> {u});
    QTest::mouseClick(find<QToolButton>("moveUpButton"), Qt::LeftButton);
    QCOMPARE(shownTexts(),
        (QStringList {QStringLiteral("U"), QStringLiteral("A"), QStringLiteral("B")}));
    m_editor->undoStack()->undo();
    QCOMPARE(shownTexts(),
        (QStringList {QStringLiteral("A"), QStringLiteral("U"), QStringLiteral("B")}));

    // A known time cannot move.
    const Id a = m_page->model()->eventAt(0).id;
    m_page->selectEvent(a);
    QVERIFY(!find<QToolButton>("moveDownButton")->isEnabled());

    // Space stars, a click on the star column unstars.
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Space);
    QVERIFY(m_page->model()->eventAt(0).starred);
    const QRect star = table->visualRect(table->model()->index(0, TimelineModel::StarColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, star.center());
    QVERIFY(!m_page->model()->eventAt(0).starred);

    // Delete removes the selection; undo brings it back with its id.
    m_page->selectEvent(a);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(shownTexts(), (QStringList {QStringLiteral("U"), QStringLiteral("B")}));
    m_editor->undoStack()->undo();
    QCOMPARE(m_page->model()->eventAt(0).id, a);
    m_editor->undoStack()->redo();
    QCOMPARE(m_page->model()->rowCount(), 2);
}

void TestTimelinePage::editTimeInTheTable()
{
    type(QStringLiteral("13:00"), QStringLiteral("A"));
    type(QStringLiteral("14:00"), QStringLiteral("B"));
    QTableView *table = m_page->table();
    const QModelIndex cell = table->model()->index(1, TimelineModel::TimeColumn);
    table->setCurrentIndex(cell);
    table->edit(cell);
    auto *editor = table->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    QCOMPARE(editor->text(), QStringLiteral("14:00"));
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("12:30"));
    QTest::keyClick(editor, Qt::Key_Return); // the delegate commits on the next event loop pass
    QTRY_COMPARE(shownTexts(), (QStringList {QStringLiteral("B"), QStringLiteral("A")}));
    QCOMPARE(table->model()->index(0, TimelineModel::TimeColumn).data().toString(),
        QStringLiteral("12:30"));

    // An unreadable time in a cell is refused, with the message where the user looks.
    const int steps = m_editor->undoStack()->count();
    QVERIFY(!table->model()->setData(
        table->model()->index(0, TimelineModel::TimeColumn), QStringLiteral("soonish")));
    QCOMPARE(m_editor->undoStack()->count(), steps);
    QVERIFY(find<QLabel>("quickError")->isVisible());
}

void TestTimelinePage::filtersAndAxis()
{
    QTest::keyClicks(find<QComboBox>("quickReporter")->lineEdit(), QStringLiteral("Alice Chen"));
    type(QStringLiteral("13:00"), QStringLiteral("Errors rise"));
    m_page->model()->setData(
        m_page->model()->index(0, TimelineModel::KindColumn), int(EventKind::ImpactStart));
    find<QComboBox>("quickReporter")->setCurrentText(QStringLiteral("Bob Stone"));
    type(QStringLiteral("13:20"), QStringLiteral("Customer ticket"));
    m_page->model()->setData(
        m_page->model()->index(1, TimelineModel::KindColumn), int(EventKind::Detection));

    auto *dept = find<QComboBox>("departmentFilter");
    QCOMPARE(dept->count(), 4); // all, SRE, Support, none
    dept->setCurrentIndex(dept->findData(QStringLiteral("Support")));
    QCOMPARE(shownTexts(), QStringList {QStringLiteral("Customer ticket")});
    dept->setCurrentIndex(0);
    auto *kind = find<QComboBox>("kindFilter");
    kind->setCurrentIndex(kind->findData(int(EventKind::ImpactStart)));
    QCOMPARE(shownTexts(), QStringList {QStringLiteral("Errors rise")});
    kind->setCurrentIndex(0);
    QCOMPARE(shownTexts().size(), 2);

    // The metrics beside the axis are live: 20 minutes to detect.
    QTRY_COMPARE(find<QLabel>("metricDetect")->text(), QStringLiteral("20 min"));
    // A detection before the impact is flagged, never shown as a negative duration.
    m_page->model()->setData(
        m_page->model()->index(1, TimelineModel::TimeColumn), QStringLiteral("12:40"));
    QTRY_VERIFY(find<QLabel>("metricDetect")->text().contains(QStringLiteral("check")));
    QVERIFY(!find<QLabel>("metricDetect")->text().contains(QLatin1Char('-')));

    // Clicking a marker on the axis selects its row.
    TimeAxisWidget *axis = m_page->axis();
    axis->repaint();
    const Id ticket = m_page->model()->eventAt(0).id;
    const QRectF r = axis->markerRect(ticket);
    QVERIFY(!r.isEmpty());
    QTest::mouseClick(axis, Qt::LeftButton, {}, r.center().toPoint());
    QCOMPARE(m_page->selectedEventIds(), QList<Id> {ticket});
    QCOMPARE(axis->currentEvent(), ticket);
}

// On a 1024-px projector the event's text was left a few letters wide, between a time column
// as wide as "Time (Europe/Berlin)" and fixed reporter and source columns. The reporter and the
// source now give it room, down to a width that still shows a name, and keep what the user sets.
void TestTimelinePage::eventTextKeepsRoomOnNarrowScreens()
{
    type(QStringLiteral("14:02"),
        QStringLiteral("Alert fired: checkout 5xx above 5% for ten minutes"));
    auto *table = find<QTableView>("timelineTable");
    QVERIFY(table);
    QHeaderView *h = table->horizontalHeader();
    const int ch = QFontMetrics(table->font()).averageCharWidth();
    const auto width = [h](int column) { return h->sectionSize(column); };

    QCOMPARE(width(TimelineModel::ReporterColumn), 22 * ch);
    QCOMPARE(width(TimelineModel::SourceColumn), 16 * ch);

    // The page's width beside the sidebar in a window on a 1024-px screen.
    m_page->resize(700, 700);
    QTRY_VERIFY(table->viewport()->width() < 700);
    QCoreApplication::processEvents();
    QVERIFY2(width(TimelineModel::TextColumn) >= 32 * ch
            || (width(TimelineModel::ReporterColumn) == 12 * ch
                && width(TimelineModel::SourceColumn) == 9 * ch),
        qPrintable(QStringLiteral("text %1 px, reporter %2 px, source %3 px (a character: %4 px)")
                       .arg(width(TimelineModel::TextColumn))
                       .arg(width(TimelineModel::ReporterColumn))
                       .arg(width(TimelineModel::SourceColumn))
                       .arg(ch)));
    QVERIFY(width(TimelineModel::ReporterColumn) >= 12 * ch);
    QVERIFY(width(TimelineModel::SourceColumn) >= 9 * ch);
    QVERIFY(width(TimelineModel::TextColumn) > width(TimelineModel::SourceColumn));
    // The zone's name no longer sets the time column's width.
    QVERIFY(width(TimelineModel::TimeColumn)
        < QFontMetrics(h->font()).horizontalAdvance(QStringLiteral("Time (Europe/Berlin)")));

    // Wide again: back to the widths they want.
    m_page->resize(1400, 900);
    QTRY_COMPARE(width(TimelineModel::ReporterColumn), 22 * ch);
    QCOMPARE(width(TimelineModel::SourceColumn), 16 * ch);

    // Another session shown (a model reset) keeps them.
    m_page->setSession(m_session.id);
    QCoreApplication::processEvents();
    QCOMPARE(width(TimelineModel::ReporterColumn), 22 * ch);
    QCOMPARE(width(TimelineModel::SourceColumn), 16 * ch);

    // Sized by hand: kept, narrow or wide.
    h->resizeSection(TimelineModel::ReporterColumn, 30 * ch);
    m_page->resize(700, 700);
    QTRY_VERIFY(table->viewport()->width() < 700);
    QCoreApplication::processEvents();
    QCOMPARE(width(TimelineModel::ReporterColumn), 30 * ch);
    QCOMPARE(width(TimelineModel::SourceColumn), 16 * ch);
}

QTEST_MAIN(TestTimelinePage)
#include "tst_timelinepage.moc"
