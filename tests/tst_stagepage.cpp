#include "editor.h"
#include "participantmodel.h"
#include "stagepage.h"
#include "workspace.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;

class TestStagePage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showsTheSession();
    void typingTitleSavesEveryKeystroke();
    void emptyTitleIsNotSaved();
    void otherFieldsSaveAndUndo();
    void reloadKeepsCursorAndDoesNotSave();
    void quickAddWithEnter();
    void deleteKeyRemovesAndUndoRestores();
    void primeDirectiveEditAndReset();
    void noSessionDisablesThePage();
    void leftColumnIsNeverCutOff();
    void timeZoneListDoesNotWidenThePage();
    void timeZoneShowsTheStartOfItsName();
    void formTakesTwoFieldsARowWhereThereIsRoom();
    void preMortemFormHasNoIncidentTexts();

private:
    template<typename T> T *find(const char *name)
    {
        auto *w = m_page->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget named %s", name);
        return w;
    }
    Session stored() const { return *m_ws->session(m_session); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<StagePage> m_page;
    Id m_session = 0;
};

void TestStagePage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto ws = Workspace::open(
        m_dir->filePath(QStringLiteral("w.hindsight")), OpenOptions {.create = true});
    QVERIFY(ws.ok());
    m_ws = std::move(*ws);
    m_editor = std::make_unique<Editor>(m_ws.get());
    Session s;
    s.title = QStringLiteral("Outage");
    s.date = QDate(2026, 3, 5);
    s.severity = QStringLiteral("SEV-2");
    s.timeZone = QStringLiteral("Europe/Berlin");
    s.summary = QStringLiteral("Checkout failed for EU customers.");
    auto created = m_ws->createSession(s);
    QVERIFY(created.ok());
    m_session = created->id;
    m_page = std::make_unique<StagePage>(m_editor.get());
    m_page->resize(1600, 1000);
    m_page->setSession(m_session);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
}

void TestStagePage::cleanup()
{
    m_page.reset();
    m_editor.reset();
    m_ws.reset();
    m_dir.reset();
}

void TestStagePage::showsTheSession()
{
    QCOMPARE(find<QLineEdit>("titleEdit")->text(), QStringLiteral("Outage"));
    QCOMPARE(find<QDateEdit>("dateEdit")->date(), QDate(2026, 3, 5));
    QCOMPARE(find<QComboBox>("severityCombo")->currentText(), QStringLiteral("SEV-2"));
    QCOMPARE(find<QComboBox>("timeZoneCombo")->currentData().toString(),
        QStringLiteral("Europe/Berlin"));
    QCOMPARE(find<QPlainTextEdit>("summaryEdit")->toPlainText(),
        QStringLiteral("Checkout failed for EU customers."));
    // No directive stored: the standard text is shown, and loading pushed nothing.
    QCOMPARE(find<QLabel>("primeDirectiveLabel")->text(), defaultPrimeDirective());
    QCOMPARE(m_editor->undoStack()->count(), 0);
}

void TestStagePage::typingTitleSavesEveryKeystroke()
{
    auto *title = find<QLineEdit>("titleEdit");
    title->setFocus();
    title->selectAll();
    const QString typed = QStringLiteral("Database failover ");
    QString expected;
    for (const QChar c : typed) {
        QTest::keyClick(title, c.toLatin1());
        expected.append(c);
        // Saved as typed; the workspace trims, so a trailing space is not stored...
        QCOMPARE(stored().title, expected.trimmed());
        // ...and the field keeps it, so the next word is not glued to this one.
        QCOMPARE(title->text(), expected);
    }
    QCOMPARE(title->cursorPosition(), typed.size());
    QCOMPARE(m_editor->undoStack()->count(), 1);

    m_editor->undoStack()->undo();
    QCOMPARE(stored().title, QStringLiteral("Outage"));
    QCOMPARE(title->text(), QStringLiteral("Outage"));
    QCOMPARE(m_editor->undoStack()->count(), 1); // loading the undone value pushed nothing
    m_editor->undoStack()->redo();
    QCOMPARE(title->text(), QStringLiteral("Database failover"));
}

void TestStagePage::emptyTitleIsNotSaved()
{
    QSignalSpy failed(m_editor.get(), &Editor::failed);
    auto *title = find<QLineEdit>("titleEdit");
    title->setFocus();
    title->selectAll();
    QTest::keyClick(title, Qt::Key_Backspace);
    QCOMPARE(title->text(), QString());
    QVERIFY(find<QLabel>("titleHint")->isVisible());
    QCOMPARE(failed.count(), 0);
    QCOMPARE(stored().title, QStringLiteral("Outage"));
    QTest::keyClicks(title, QStringLiteral("New"));
    QCOMPARE(stored().title, QStringLiteral("New"));
    QVERIFY(!find<QLabel>("titleHint")->isVisible());
}

void TestStagePage::otherFieldsSaveAndUndo()
{
    QUndoStack *stack = m_editor->undoStack();
    auto *status = find<QComboBox>("statusCombo");
    status->setCurrentIndex(status->findData(int(SessionStatus::InReview)));
    QCOMPARE(stored().status, SessionStatus::InReview);

    auto *zone = find<QComboBox>("timeZoneCombo");
    zone->setCurrentIndex(zone->findData(QStringLiteral("America/New_York")));
    QCOMPARE(stored().timeZone, QStringLiteral("America/New_York"));

    auto *severity = find<QComboBox>("severityCombo");
    severity->lineEdit()->setFocus();
    severity->lineEdit()->selectAll();
    QTest::keyClicks(severity->lineEdit(), QStringLiteral("P1 major"));
    QCOMPARE(stored().severity, QStringLiteral("P1 major"));

    auto *date = find<QDateEdit>("dateEdit");
    date->setDate(QDate(2026, 3, 6));
    QCOMPARE(stored().date, QDate(2026, 3, 6));
    date->setDate(date->minimumDate());
    QVERIFY(!stored().date.isValid());

    auto *facilitator = find<QLineEdit>("facilitatorEdit");
    QTest::keyClicks(facilitator, QStringLiteral("Mia"));
    auto *impact = find<QPlainTextEdit>("impactEdit");
    impact->setFocus();
    QTest::keyClicks(impact, QStringLiteral("12% of orders"));
    QCOMPARE(stored().facilitator, QStringLiteral("Mia"));
    QCOMPARE(stored().impact, QStringLiteral("12% of orders"));
    // status, zone, severity burst, date burst, facilitator burst, impact burst
    QCOMPARE(stack->count(), 6);

    stack->setIndex(0);
    const Session back = stored();
    QCOMPARE(back.status, SessionStatus::Draft);
    QCOMPARE(back.timeZone, QStringLiteral("Europe/Berlin"));
    QCOMPARE(back.severity, QStringLiteral("SEV-2"));
    QCOMPARE(back.date, QDate(2026, 3, 5));
    QCOMPARE(back.facilitator, QString());
    QCOMPARE(back.impact, QString());
    // The form follows the undo.
    QCOMPARE(status->currentData().toInt(), int(SessionStatus::Draft));
    QCOMPARE(zone->currentData().toString(), QStringLiteral("Europe/Berlin"));
    QCOMPARE(severity->currentText(), QStringLiteral("SEV-2"));
    QCOMPARE(date->date(), QDate(2026, 3, 5));
    QCOMPARE(impact->toPlainText(), QString());
    QCOMPARE(stack->count(), 6);
}

void TestStagePage::reloadKeepsCursorAndDoesNotSave()
{
    auto *summary = find<QPlainTextEdit>("summaryEdit");
    summary->setFocus();
    QTextCursor c = summary->textCursor();
    c.setPosition(8);
    summary->setTextCursor(c);
    QTest::keyClicks(summary, QStringLiteral("XY"));
    QCOMPARE(stored().summary, QStringLiteral("CheckoutXY failed for EU customers."));
    QCOMPARE(summary->textCursor().position(), 10);
    // Another edit of the session (another page, or an undo elsewhere) reloads the form.
    Session s = stored();
    s.facilitator = QStringLiteral("Sam");
    QVERIFY(m_ws->updateSession(s).ok());
    QCOMPARE(find<QLineEdit>("facilitatorEdit")->text(), QStringLiteral("Sam"));
    QCOMPARE(summary->textCursor().position(), 10);
    QCOMPARE(m_editor->undoStack()->count(), 1);
    // Typing goes on where it was.
    QTest::keyClicks(summary, QStringLiteral("Z"));
    QCOMPARE(stored().summary, QStringLiteral("CheckoutXYZ failed for EU customers."));
    QCOMPARE(stored().facilitator, QStringLiteral("Sam"));
}

void TestStagePage::quickAddWithEnter()
{
    auto *name = find<QLineEdit>("participantNameEdit");
    auto *department = find<QLineEdit>("participantDepartmentEdit");
    auto *role = find<QLineEdit>("participantRoleEdit");
    struct Person {
        QString name, department, role;
    };
    const QList<Person> people {
        {QStringLiteral("Ann"), QStringLiteral("SRE"), QStringLiteral("On call")},
        {QStringLiteral("Bob"), QStringLiteral("Payments"), QString()},
        {QStringLiteral("Cem"), QStringLiteral("SRE"), QString()}};
    for (const Person &p : people) {
        name->setFocus();
        QTest::keyClicks(name, p.name);
        QTest::keyClick(name, Qt::Key_Tab);
        QTRY_VERIFY(department->hasFocus());
        QTest::keyClicks(department, p.department);
        if (!p.role.isEmpty()) {
            role->setFocus();
            QTest::keyClicks(role, p.role);
            QTest::keyClick(role, Qt::Key_Return);
        } else {
            // Close a completion popup, if one opened, before Enter.
            if (department->completer()->popup()->isVisible())
                QTest::keyClick(department->completer()->popup(), Qt::Key_Escape);
            QTest::keyClick(department, Qt::Key_Return);
        }
        QTRY_VERIFY(name->hasFocus());
        QCOMPARE(name->text(), QString());
        QCOMPARE(department->text(), QString());
    }
    const auto stored = *m_ws->participants(m_session);
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.at(0).role, QStringLiteral("On call"));
    QCOMPARE(stored.at(2).department, QStringLiteral("SRE"));
    QCOMPARE(m_editor->undoStack()->count(), 3);
    QCOMPARE(find<QTableView>("participantTable")->model()->rowCount(), 3);
    const QString summary = find<QLabel>("departmentSummaryLabel")->text();
    QVERIFY2(summary.contains(QStringLiteral("SRE 2 \u00b7 Payments 1")), qPrintable(summary));
    // The departments used are offered for the next person.
    auto *completions = qobject_cast<QStringListModel *>(department->completer()->model());
    QVERIFY(completions);
    QCOMPARE(completions->stringList(),
        (QStringList {QStringLiteral("Payments"), QStringLiteral("SRE")}));
    // Enter with an empty name adds nobody.
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(m_ws->participants(m_session)->size(), 3);
}

void TestStagePage::deleteKeyRemovesAndUndoRestores()
{
    for (const char *n : {"Ann", "Bob"}) {
        Participant p;
        p.sessionId = m_session;
        p.name = QString::fromLatin1(n);
        p.department = QStringLiteral("SRE");
        QVERIFY(m_ws->addParticipant(p).ok());
    }
    auto *table = find<QTableView>("participantTable");
    QCOMPARE(table->model()->rowCount(), 2);
    table->setFocus();
    table->selectRow(1);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Ann"));
    m_editor->undoStack()->undo();
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(m_ws->participants(m_session)->at(1).name, QStringLiteral("Bob"));
}

void TestStagePage::primeDirectiveEditAndReset()
{
    auto *editButton = find<QPushButton>("editPrimeDirectiveButton");
    auto *reset = find<QPushButton>("resetPrimeDirectiveButton");
    auto *edit = find<QPlainTextEdit>("primeDirectiveEdit");
    auto *label = find<QLabel>("primeDirectiveLabel");
    QVERIFY(!reset->isEnabled());
    QVERIFY(!edit->isVisible());
    QVERIFY(label->font().pointSizeF() > m_page->font().pointSizeF() * 1.5);

    QTest::mouseClick(editButton, Qt::LeftButton);
    QVERIFY(edit->isVisible());
    QTRY_VERIFY(edit->hasFocus());
    QTest::keyClicks(edit, QStringLiteral(" Really."));
    const QString changed = defaultPrimeDirective() + QStringLiteral(" Really.");
    QCOMPARE(stored().primeDirective, changed);
    QCOMPARE(label->text(), changed);
    QCOMPARE(m_editor->undoStack()->count(), 1);
    QVERIFY(reset->isEnabled());

    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(stored().primeDirective, defaultPrimeDirective());
    QCOMPARE(label->text(), defaultPrimeDirective());
    QCOMPARE(edit->toPlainText(), defaultPrimeDirective());
    QVERIFY(!edit->isVisible());
    QVERIFY(!reset->isEnabled());

    m_editor->undoStack()->undo();
    QCOMPARE(stored().primeDirective, changed);
    QCOMPARE(label->text(), changed);
    m_editor->undoStack()->undo();
    QCOMPARE(stored().primeDirective, QString());
    QCOMPARE(label->text(), defaultPrimeDirective());
}

void TestStagePage::noSessionDisablesThePage()
{
    m_page->setSession(0);
    QVERIFY(!m_page->isEnabled());
    QCOMPARE(m_page->participantModel()->rowCount(), 0);
    // Removing the shown session has the same effect.
    m_page->setSession(m_session);
    QVERIFY(m_page->isEnabled());
    QVERIFY(m_ws->removeSession(m_session).ok());
    QVERIFY(!m_page->isEnabled());
    QCOMPARE(m_page->sessionId(), Id(0));
}

void TestStagePage::leftColumnIsNeverCutOff()
{
    // In a narrow window the left column used to be squeezed below its content's width with
    // the horizontal bar off, cutting off the ends of the ground rules and of the Prime
    // Directive's buttons (seen on a screenshot of a 1400-px window). Now the column claims
    // its content's width, up to a third of the screen, and scrolls sideways past that.
    auto *scroll = find<QScrollArea>("stageLeftScroll");
    QVERIFY(scroll);
    QList<QWidget *> watched {find<QPushButton>("resetPrimeDirectiveButton")};
    for (int i = 1; i <= 5; ++i)
        watched.append(find<QLabel>(qPrintable(QStringLiteral("rule%1Label").arg(i))));
    const int third = scroll->screen()->availableGeometry().width() / 3;
    for (int width : {1600, 1000, 760, 600}) {
        m_page->resize(width, 800); // the page may refuse to be that narrow: that is fine
        QTest::qWait(20); // layout requests are posted events
        QVERIFY(scroll->width() >= std::min(scroll->widget()->minimumSizeHint().width(), third));
        const QScrollBar *bar = scroll->horizontalScrollBar();
        const int reach = scroll->viewport()->width() + (bar->isVisible() ? bar->maximum() : 0);
        for (QWidget *w : std::as_const(watched)) {
            QVERIFY(w);
            const int right = w->mapTo(scroll->widget(), QPoint(w->width(), 0)).x();
            QVERIFY2(right <= reach,
                qPrintable(QStringLiteral("%1 ends at %2, out of reach of a %3-px viewport "
                                          "(page %4 px wide)")
                               .arg(w->objectName())
                               .arg(right)
                               .arg(scroll->viewport()->width())
                               .arg(width)));
        }
    }
}

// A zone set by the program shows the start of its name where the field is narrower than it:
// the cursor left at the end showed its end. Typing leaves the cursor where it is.
void TestStagePage::timeZoneShowsTheStartOfItsName()
{
    QComboBox combo;
    fillTimeZoneCombo(&combo, QStringLiteral("UTC"));
    combo.resize(combo.minimumSizeHint());
    combo.show();
    QVERIFY(QTest::qWaitForWindowActive(&combo));
    combo.clearFocus();
    selectTimeZone(&combo, QStringLiteral("America/Argentina/Buenos_Aires"));
    QCOMPARE(combo.lineEdit()->text(), QStringLiteral("America/Argentina/Buenos Aires"));
    QCOMPARE(combo.lineEdit()->cursorPosition(), 0);

    combo.lineEdit()->setFocus();
    combo.lineEdit()->selectAll();
    QTest::keyClicks(combo.lineEdit(), QStringLiteral("Tokyo"));
    QCOMPARE(combo.lineEdit()->cursorPosition(), 5);
    // Picked from the completions, then left: the name shows from its start.
    QWidget *completions = QApplication::activePopupWidget();
    QVERIFY(completions);
    QTest::keyClick(completions, Qt::Key_Down);
    QTest::keyClick(completions, Qt::Key_Return);
    QCOMPARE(combo.lineEdit()->text(), QStringLiteral("Asia/Tokyo"));
    selectTimeZone(&combo, QStringLiteral("America/Argentina/Buenos_Aires"));
    combo.lineEdit()->setCursorPosition(10);
    combo.lineEdit()->clearFocus();
    QCOMPARE(combo.lineEdit()->cursorPosition(), 0);
}

void TestStagePage::timeZoneListDoesNotWidenThePage()
{
    // Sized to its longest entry ("America/Argentina/ComodRivadavia"), the zone list made the
    // incident form 1,332 px wide at the largest zoom: the window no longer fitted the screen.
    // At three times the size, as in a meeting room, the frame and arrow are small next to the
    // text. (A fresh combo: QComboBox keeps its minimum size across font changes.)
    QComboBox combo;
    QFont big = combo.font();
    big.setPointSizeF(big.pointSizeF() * 3);
    combo.setFont(big);
    fillTimeZoneCombo(&combo, QStringLiteral("UTC"));
    QString longest;
    for (int i = 0; i < combo.count(); ++i) {
        if (combo.itemText(i).size() > longest.size())
            longest = combo.itemText(i);
    }
    QVERIFY(longest.size() > 25);
    const QFontMetrics fm(big);
    const int width = combo.minimumSizeHint().width();
    QVERIFY2(width < fm.horizontalAdvance(longest),
        qPrintable(QStringLiteral("%1 px wide for \"%2\"").arg(width).arg(longest)));
    // Still wide enough for a usual name.
    QVERIFY(width >= fm.horizontalAdvance(QStringLiteral("Europe/Berlin")));
}

// Date and severity, status and time zone side by side where the page is wide, one field a row
// where it is not: the page beside the sidebar on a 1024 px projector has 653 px, and the form
// two a row needed more. Narrow, the page asks for less than two a row need, and nothing is
// cut; wide again, the fields go back side by side.
void TestStagePage::formTakesTwoFieldsARowWhereThereIsRoom()
{
    auto *date = find<QDateEdit>("dateEdit");
    auto *severity = find<QComboBox>("severityCombo");
    auto *status = find<QComboBox>("statusCombo");
    auto *zone = find<QComboBox>("timeZoneCombo");
    // Fields of one row are centred on it: an editable combo is a pixel taller than the others.
    const auto sameRow = [](const QWidget *a, const QWidget *b) {
        return a->geometry().top() < b->geometry().bottom()
            && b->geometry().top() < a->geometry().bottom();
    };
    QVERIFY(sameRow(date, severity));
    QVERIFY(sameRow(status, zone));
    const int narrowest = m_page->minimumSizeHint().width();
    const int twoARow = m_page->layout()->minimumSize().width();
    QVERIFY2(narrowest < twoARow, qPrintable(QStringLiteral("%1 px").arg(narrowest)));

    // In a window of its own the page could not be made narrower than its layout: put it where
    // it lives in the app, inside another widget (the main window's stack of pages).
    QWidget host;
    host.resize(1600, 1000);
    m_page->setParent(&host);
    const auto giveBack = qScopeGuard([this] { m_page->setParent(nullptr); });
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    m_page->resize(narrowest, 1000);
    QTRY_VERIFY(severity->y() > date->y() && !sameRow(date, severity));
    QVERIFY(status->y() > severity->y() && !sameRow(status, severity));
    QVERIFY(zone->y() > status->y() && !sameRow(zone, status));
    QCoreApplication::processEvents();
    for (QWidget *field : {static_cast<QWidget *>(date), static_cast<QWidget *>(severity),
             static_cast<QWidget *>(status), static_cast<QWidget *>(zone)}) {
        QVERIFY2(
            field->width() >= field->minimumSizeHint().width(), qPrintable(field->objectName()));
        QVERIFY(field->geometry().right() < field->parentWidget()->width());
    }

    m_page->resize(1600, 1000);
    QTRY_VERIFY(sameRow(date, severity));
    QVERIFY(sameRow(status, zone));
}

// A pre-mortem's report has no summary or impact (its story is the catastrophe), so a summary
// typed on its stage was kept but shown nowhere. Its form leaves them out, unless they already
// hold text (nothing typed before is hidden), and does not hide one as it is emptied.
void TestStagePage::preMortemFormHasNoIncidentTexts()
{
    auto *summary = find<QPlainTextEdit>("summaryEdit");
    auto *impact = find<QPlainTextEdit>("impactEdit");
    QVERIFY(summary && impact);
    QVERIFY(summary->isVisible());
    QVERIFY(impact->isVisible());

    Session pre;
    pre.kind = SessionKind::PreMortem;
    pre.title = QStringLiteral("Payments API v2 launch");
    const Id empty = m_ws->createSession(pre)->id;
    pre.title = QStringLiteral("Migration to the new data centre");
    pre.summary = QStringLiteral("Typed before the form left it out.");
    const Id withText = m_ws->createSession(pre)->id;

    m_page->setSession(empty);
    QVERIFY(!summary->isVisible());
    QVERIFY(!impact->isVisible());
    QVERIFY(!find<QComboBox>("severityCombo")->isVisible());
    const QList<QLabel *> labels = m_page->findChildren<QLabel *>();
    for (const QLabel *l : labels)
        if (l->buddy() == summary || l->buddy() == impact)
            QVERIFY2(!l->isVisible(), qPrintable(l->text()));

    m_page->setSession(withText);
    QVERIFY(summary->isVisible());
    QCOMPARE(summary->toPlainText(), pre.summary);
    // Emptied: it stays while this session is shown, then goes with the next visit.
    summary->setFocus();
    summary->selectAll();
    QTest::keyClick(summary, Qt::Key_Delete);
    QTRY_COMPARE(m_ws->session(withText)->summary, QString());
    QVERIFY(summary->isVisible());
    m_page->setSession(m_session);
    QVERIFY(summary->isVisible()); // a post-mortem
    m_page->setSession(withText);
    QVERIFY(!summary->isVisible());
}

QTEST_MAIN(TestStagePage)
#include "tst_stagepage.moc"
