#include "cmarkgfm.h"
#include "editor.h"
#include "premortemmodels.h"
#include "premortempage.h"
#include "premortemwidgets.h"
#include "reportwriter.h"
#include "workspace.h"

#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace hindsight;
using namespace Qt::StringLiterals;

class TestPremortemPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void catastropheStep();
    void wholeGame();
    void countdownTurnsRed();
    void withoutSession();

private:
    template<typename T> T *find(const QString &name)
    {
        auto *w = m_page->findChild<T *>(name);
        if (!w)
            qFatal("no widget %s", qPrintable(name));
        return w;
    }
    void newRound(const QString &group, const QList<Id> &members);
    void writeIdea(const QString &text, Id author);
    void selectRow(QTableView *view, int row);
    int rowOfTheme(QTableView *view, const QString &title);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<PremortemPage> m_page;
    Id m_session = 0;
    Id m_ann = 0, m_bob = 0, m_cy = 0, m_di = 0;
};

void TestPremortemPage::init()
{
    auto ws = Workspace::open(
        m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".hindsight"_s),
        OpenOptions {.create = true});
    QVERIFY(ws);
    m_ws = std::move(*ws);
    Session s;
    s.kind = SessionKind::PreMortem;
    s.title = u"Apollo pre-mortem"_s;
    s.horizon = QDate(2027, 3, 1);
    auto created = m_ws->createSession(s);
    QVERIFY(created);
    m_session = created->id;
    m_ann = m_ws->addParticipant({0, m_session, u"Ann"_s, u"Legal"_s, {}})->id;
    m_bob = m_ws->addParticipant({0, m_session, u"Bob"_s, u"Sales"_s, {}})->id;
    m_cy = m_ws->addParticipant({0, m_session, u"Cy"_s, u"Ops"_s, {}})->id;
    m_di = m_ws->addParticipant({0, m_session, u"Di"_s, u"Legal"_s, {}})->id;
    m_editor = std::make_unique<Editor>(m_ws.get());
    m_page = std::make_unique<PremortemPage>(m_editor.get());
    m_page->resize(1600, 1000);
    m_page->setSession(m_session);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestPremortemPage::cleanup()
{
    m_page.reset();
    m_editor.reset();
    m_ws.reset();
}

void TestPremortemPage::catastropheStep()
{
    auto *steps = find<QTabBar>(u"premortemSteps"_s);
    QCOMPARE(steps->count(), int(PremortemPage::StepCount));
    QCOMPARE(m_page->step(), int(PremortemPage::CatastropheStep));

    auto *project = find<QLineEdit>(u"projectEdit"_s);
    project->setFocus();
    QTest::keyClicks(project, u"Apollo"_s);
    QCOMPARE(m_ws->session(m_session)->project, u"Apollo"_s);
    QVERIFY(find<QLabel>(u"catastropheStatement"_s)
                ->text()
                .endsWith(u"Apollo has failed spectacularly."_s));
    // One undo step for the typing burst.
    QCOMPARE(m_editor->undoStack()->count(), 1);

    // Headlines: each click proposes the next template, with the project's name.
    auto *propose = find<QPushButton>(u"headlineButton"_s);
    auto *headline = find<QLabel>(u"headlineLabel"_s);
    QSet<QString> seen;
    for (int i = 0; i < PremortemPage::headlineTemplates().size(); ++i) {
        QTest::mouseClick(propose, Qt::LeftButton);
        QVERIFY(headline->text().contains(u"Apollo"_s));
        seen.insert(headline->text());
    }
    QCOMPARE(seen.size(), PremortemPage::headlineTemplates().size());
    QTest::mouseClick(find<QPushButton>(u"useHeadlineButton"_s), Qt::LeftButton);
    const QString catastrophe = m_ws->session(m_session)->catastrophe;
    QVERIFY(catastrophe.startsWith(u"It is "_s));
    QVERIFY(catastrophe.endsWith(headline->text()));
    QCOMPARE(find<QPlainTextEdit>(u"catastropheEdit"_s)->toPlainText(), catastrophe);

    // A prompt per department, each department once.
    const QString prompts = find<QLabel>(u"departmentPrompts"_s)->text();
    QVERIFY(prompts.contains(u"What did Legal see coming?"_s));
    QVERIFY(prompts.contains(u"Sales"_s));
    QVERIFY(prompts.contains(u"Ops"_s));
    QCOMPARE(prompts.count(u"Legal"_s), 1);

    QTest::keyClick(m_page.get(), Qt::Key_3, Qt::AltModifier);
    QCOMPARE(m_page->step(), int(PremortemPage::MergeStep));

    m_editor->undoStack()->undo();
    QVERIFY(m_ws->session(m_session)->catastrophe.isEmpty());
    QVERIFY(find<QPlainTextEdit>(u"catastropheEdit"_s)->toPlainText().isEmpty());
}

void TestPremortemPage::newRound(const QString &group, const QList<Id> &members)
{
    QTest::mouseClick(find<QPushButton>(u"newRoundButton"_s), Qt::LeftButton);
    auto *name = find<QLineEdit>(u"groupNameEdit"_s);
    QVERIFY(name->hasFocus() || !name->isVisible());
    name->selectAll();
    QTest::keyClicks(name, group);
    QTest::keyClick(name, Qt::Key_Return);
    auto *list = find<QListWidget>(u"membersList"_s);
    for (Id m : members) {
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->data(Qt::UserRole).toLongLong() == m)
                list->item(i)->setCheckState(Qt::Checked);
    }
}

void TestPremortemPage::writeIdea(const QString &text, Id author)
{
    auto *combo = find<QComboBox>(u"authorCombo"_s);
    combo->setCurrentIndex(combo->findData(author));
    QVERIFY(combo->currentIndex() >= 0);
    auto *edit = find<QLineEdit>(u"ideaEdit"_s);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(edit->text().isEmpty());
}

void TestPremortemPage::selectRow(QTableView *view, int row)
{
    view->setFocus();
    view->setCurrentIndex(view->model()->index(row, 0));
    view->selectRow(row);
}

int TestPremortemPage::rowOfTheme(QTableView *view, const QString &title)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, ThemeModel::TitleColumn).data().toString() == title)
            return r;
    return -1;
}

void TestPremortemPage::wholeGame()
{
    QUndoStack *undo = m_editor->undoStack();
    m_page->setStep(PremortemPage::RoundsStep);

    // Round 1, group Alpha: Ann and Bob write in silence.
    newRound(u"Alpha"_s, {m_ann, m_bob});
    auto rounds = m_ws->rounds(m_session);
    QCOMPARE(rounds->size(), 1);
    QCOMPARE(rounds->constFirst().group, u"Alpha"_s);
    QCOMPARE(rounds->constFirst().members, (QList<Id> {m_ann, m_bob}));
    // Only the group's members (and "anonymous") can be picked as authors.
    auto *authors = find<QComboBox>(u"authorCombo"_s);
    QCOMPARE(authors->count(), 3);
    QCOMPARE(authors->findData(m_cy), -1);

    writeIdea(u"Vendor went bankrupt"_s, m_ann);
    writeIdea(u"Budget cut in Q3"_s, m_bob);
    writeIdea(u"Nobody owned the rollout"_s, 0);
    writeIdea(u"Legal review took months"_s, m_ann);
    auto *hidden = find<QLabel>(u"hiddenIdeas"_s);
    QVERIFY(hidden->text().contains(u"4 idea(s) written"_s));
    QVERIFY(!hidden->text().contains(u"Vendor"_s));
    QCOMPARE(find<QStackedWidget>(u"phaseStack"_s)->currentIndex(), 0);
    for (const Idea &i : *m_ws->ideas(m_session))
        QVERIFY(!i.revealed);

    // Reveal, then round-robin: Ann, Bob, the anonymous turn, Ann again.
    QTest::mouseClick(find<QPushButton>(u"revealButton"_s), Qt::LeftButton);
    QCOMPARE(find<QStackedWidget>(u"phaseStack"_s)->currentIndex(), 1);
    QVERIFY(m_page->isSharing(m_page->currentRound()));
    auto *next = find<QPushButton>(u"nextButton"_s);
    auto *current = find<QLabel>(u"currentIdea"_s);
    auto *turn = find<QLabel>(u"turnLabel"_s);
    const QStringList expected {u"Vendor went bankrupt"_s, u"Budget cut in Q3"_s,
        u"Nobody owned the rollout"_s, u"Legal review took months"_s};
    const QStringList who {
        u"Ann shares:"_s, u"Bob shares:"_s, u"Anonymous shares:"_s, u"Ann shares:"_s};
    for (int i = 0; i < expected.size(); ++i) {
        QVERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(current->text(), expected.at(i));
        QCOMPARE(turn->text(), who.at(i));
        QCOMPARE(find<QListWidget>(u"revealedList"_s)->count(), i + 1);
    }
    QVERIFY(!next->isEnabled());
    for (const Idea &i : *m_ws->ideas(m_session))
        QVERIFY(i.revealed);

    // Round 2, another group; one of its ideas duplicates round 1's.
    newRound(u"Beta"_s, {m_cy, m_di});
    QCOMPARE(m_ws->rounds(m_session)->size(), 2);
    QCOMPARE(find<QStackedWidget>(u"phaseStack"_s)->currentIndex(), 0);
    QVERIFY(find<QLabel>(u"hiddenIdeas"_s)->text().contains(u"Nothing written yet"_s));
    writeIdea(u"The vendor went bankrupt"_s, m_cy);
    writeIdea(u"Ops burned out"_s, m_di);
    QTest::mouseClick(find<QPushButton>(u"revealButton"_s), Qt::LeftButton);
    QTest::mouseClick(find<QPushButton>(u"revealAllButton"_s), Qt::LeftButton);
    QCOMPARE(find<QListWidget>(u"revealedList"_s)->count(), 2);

    // Switching back to round 1 shows its shared ideas.
    auto *roundCombo = find<QComboBox>(u"roundCombo"_s);
    QCOMPARE(roundCombo->count(), 2);
    m_page->setCurrentRound(roundCombo->itemData(0).toLongLong());
    QCOMPARE(find<QListWidget>(u"revealedList"_s)->count(), 4);

    // Merge: the duplicate pair is suggested; taking the suggestion selects both.
    m_page->setStep(PremortemPage::MergeStep);
    auto *suggestions = find<QListWidget>(u"suggestionsList"_s);
    int pairRow = -1;
    for (int i = 0; i < suggestions->count(); ++i)
        if (suggestions->item(i)->text().contains(u"The vendor went bankrupt"_s))
            pairRow = i;
    QVERIFY(pairRow >= 0);
    QVERIFY(!suggestions->item(pairRow)->text().contains(u"Ops burned out"_s));
    suggestions->setFocus();
    suggestions->setCurrentRow(pairRow);
    QTest::keyClick(suggestions, Qt::Key_Return);
    auto *ideaTable = find<QTableView>(u"ideaTable"_s);
    QCOMPARE(ideaTable->selectionModel()->selectedRows().size(), 2);
    auto *title = find<QLineEdit>(u"themeTitleEdit"_s);
    QTest::keyClicks(title, u"Vendor fails us"_s);
    QTest::keyClick(title, Qt::Key_Return);
    auto themes = m_ws->themes(m_session);
    QCOMPARE(themes->size(), 1);
    const Id vendor = themes->constFirst().id;
    int grouped = 0;
    for (const Idea &i : *m_ws->ideas(m_session))
        grouped += i.themeId == vendor ? 1 : 0;
    QCOMPARE(grouped, 2);
    auto *mergeThemes = find<QTableView>(u"mergeThemeTable"_s);
    QCOMPARE(mergeThemes->model()->rowCount(), 1);
    QCOMPARE(mergeThemes->model()->index(0, ThemeModel::FoundByColumn).data().toString(),
        u"2 round(s) · 2 group(s)"_s);
    // Once together, the pair is no longer suggested.
    for (int i = 0; i < suggestions->count(); ++i)
        QVERIFY(!suggestions->item(i)->text().contains(u"The vendor went bankrupt"_s));

    // A second theme from one idea, named in place.
    selectRow(ideaTable, 1); // "Budget cut in Q3"
    QCOMPARE(ideaTable->model()->index(1, 0).data().toString(), u"Budget cut in Q3"_s);
    QTest::keyClicks(title, u"Money runs out"_s);
    QTest::mouseClick(find<QPushButton>(u"groupButton"_s), Qt::LeftButton);
    QCOMPARE(m_ws->themes(m_session)->size(), 2);
    const Id money = m_ws->themes(m_session)->at(1).id;
    // And an idea into an existing theme, chosen in the combo.
    selectRow(ideaTable, 2); // "Nobody owned the rollout"
    auto *target = find<QComboBox>(u"themeTarget"_s);
    target->setCurrentIndex(target->findData(money));
    QVERIFY(!title->isEnabled());
    QTest::mouseClick(find<QPushButton>(u"groupButton"_s), Qt::LeftButton);
    QCOMPARE(mergeThemes->model()->index(1, ThemeModel::IdeasColumn).data(Qt::EditRole).toInt(), 2);

    // Vote: Ann puts two dots on the vendor risk; the cap refuses a third.
    m_page->setStep(PremortemPage::VoteStep);
    auto *voterCombo = find<QComboBox>(u"voterCombo"_s);
    voterCombo->setCurrentIndex(voterCombo->findData(m_ann));
    auto *voteTable = find<QTableView>(u"voteTable"_s);
    auto *plus = find<QPushButton>(u"plusButton"_s);
    auto *message = find<QLabel>(u"voteMessage"_s);
    selectRow(voteTable, rowOfTheme(voteTable, u"Vendor fails us"_s));
    QTest::mouseClick(plus, Qt::LeftButton);
    QTest::keyClick(voteTable, Qt::Key_Plus); // the keyboard way
    QVERIFY(message->text().isEmpty());
    const int stepsBefore = undo->count();
    QTest::mouseClick(plus, Qt::LeftButton);
    QVERIFY(message->text().contains(u"At most 2"_s));
    QCOMPARE(undo->count(), stepsBefore); // refused: nothing written
    selectRow(voteTable, rowOfTheme(voteTable, u"Money runs out"_s));
    QTest::mouseClick(plus, Qt::LeftButton);
    QVERIFY(message->text().isEmpty());
    QVERIFY(find<QLabel>(u"dotsLeftLabel"_s)->text().contains(u"0 dot(s) left"_s));
    QTest::mouseClick(plus, Qt::LeftButton);
    QVERIFY(message->text().contains(u"All 3"_s));
    // Bob votes too.
    voterCombo->setCurrentIndex(voterCombo->findData(m_bob));
    QVERIFY(message->text().isEmpty());
    selectRow(voteTable, rowOfTheme(voteTable, u"Money runs out"_s));
    QTest::mouseClick(plus, Qt::LeftButton);
    QMap<QPair<Id, Id>, int> dots;
    for (const Vote &v : *m_ws->votes(m_session))
        dots.insert({v.participantId, v.themeId}, v.dots);
    QCOMPARE(dots.value({m_ann, vendor}), 2);
    QCOMPARE(dots.value({m_ann, money}), 1);
    QCOMPARE(dots.value({m_bob, money}), 1);
    QCOMPARE(dots.size(), 3);
    // Anonymous mode hides who voted what.
    QVERIFY(!voteTable->isColumnHidden(ThemeModel::VotersColumn));
    find<QCheckBox>(u"anonymousCheck"_s)->setChecked(true);
    QVERIFY(voteTable->isColumnHidden(ThemeModel::VotersColumn));
    QVERIFY(voteTable->isColumnHidden(ThemeModel::VoterDotsColumn));
    QVERIFY(!voteTable->isColumnHidden(ThemeModel::VotesColumn));

    // Score: "in 6 of 10 projects", impact 5.
    m_page->setStep(PremortemPage::ScoreStep);
    auto *scoreTable = find<QTableView>(u"scoreTable"_s);
    selectRow(scoreTable, rowOfTheme(scoreTable, u"Vendor fails us"_s));
    auto *likelihood = find<QSpinBox>(u"likelihoodSpin"_s);
    auto *impact = find<QSpinBox>(u"impactSpin"_s);
    likelihood->setValue(6);
    impact->setValue(5);
    Theme scored;
    for (const Theme &t : *m_ws->themes(m_session))
        if (t.id == vendor)
            scored = t;
    QCOMPARE(scored.likelihood, 6);
    QCOMPARE(scored.impact, 5);
    auto *matrix = find<RiskMatrixWidget>(u"riskMatrix"_s);
    QCOMPARE(matrix->themes().constFirst().theme.id, vendor); // highest score first
    QCOMPARE(matrix->themes().constFirst().score, 30);
    const QPointF dot = matrix->cellRect(6, 5).center();
    QCOMPARE(matrix->themeAt(dot), vendor);
    QVERIFY(!matrix->grab().isNull());
    // Ranked by score and by votes in the table.
    QCOMPARE(scoreTable->model()
                 ->index(rowOfTheme(scoreTable, u"Vendor fails us"_s), ThemeModel::ScoreRankColumn)
                 .data()
                 .toString(),
        u"1"_s);

    // Mitigation for the top risk: one step, an open Mitigate action linked to the theme.
    m_page->setStep(PremortemPage::MitigationsStep);
    auto *themeCombo = find<QComboBox>(u"mitigationTheme"_s);
    themeCombo->setCurrentIndex(themeCombo->findData(vendor));
    QTest::keyClicks(find<QLineEdit>(u"mitigationWhat"_s), u"Sign a second vendor"_s);
    QTest::keyClicks(find<QLineEdit>(u"mitigationOwner"_s), u"Ann"_s);
    find<QDateEdit>(u"mitigationDue"_s)->setDate(QDate(2026, 12, 1));
    const int beforeMitigation = undo->count();
    QTest::mouseClick(find<QPushButton>(u"addMitigationButton"_s), Qt::LeftButton);
    QCOMPARE(undo->count(), beforeMitigation + 1);
    auto actions = m_ws->actions(m_session);
    QCOMPARE(actions->size(), 1);
    const ActionItem action = actions->constFirst();
    QCOMPARE(action.what, u"Sign a second vendor"_s);
    QCOMPARE(action.owner, u"Ann"_s);
    QCOMPARE(action.due, QDate(2026, 12, 1));
    QCOMPARE(action.type, ActionType::Mitigate);
    QCOMPARE(action.themes, QList<Id> {vendor});
    auto *list = find<QTreeWidget>(u"mitigationsList"_s);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(0), u"Vendor fails us"_s);
    bool onDashboard = false;
    for (const WorkspaceAction &a : *m_ws->openActions())
        onDashboard = onDashboard || a.action.id == action.id;
    QVERIFY(onDashboard);

    // Undo / redo the last steps: the mitigation, then the impact score.
    undo->undo();
    QCOMPARE(list->topLevelItemCount(), 0);
    undo->undo();
    for (const Theme &t : *m_ws->themes(m_session))
        if (t.id == vendor)
            QCOMPARE(t.impact, 0);
    undo->redo();
    undo->redo();
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(m_ws->actions(m_session)->constFirst().id, action.id);

    // The report, rendered by the real cmark-gfm, carries the theme and the mitigation.
    auto snapshot = m_ws->snapshot(m_session);
    QVERIFY(snapshot);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ReportOptions options;
    options.today = QDate(2026, 11, 1);
    QVERIFY(writeReport(*snapshot, options, &buffer));
    QString error;
    auto root = cmarkgfm::render(buffer.data(), &error);
    QVERIFY2(root, qPrintable(error));
    bool themeHeading = false;
    for (const auto *h : root->findAll(u"h3"_s))
        themeHeading = themeHeading || h->textContent() == u"Vendor fails us"_s;
    QVERIFY(themeHeading);
    bool mitigationRow = false;
    for (const auto *table : root->findAll(u"table"_s)) {
        for (const QStringList &row : cmarkgfm::tableCells(*table))
            if (row.contains(u"Sign a second vendor"_s) && row.contains(u"Vendor fails us"_s)
                && row.contains(u"Ann"_s))
                mitigationRow = true;
    }
    QVERIFY(mitigationRow);
}

void TestPremortemPage::countdownTurnsRed()
{
    m_page->setStep(PremortemPage::RoundsStep);
    auto *countdown = find<CountdownWidget>(u"countdown"_s);
    QVERIFY(!countdown->isEnabled()); // no round yet
    newRound(u"Alpha"_s, {});
    QVERIFY(countdown->isEnabled());
    QCOMPARE(countdown->displayText(), u"5:00"_s);
    QVERIFY(countdown->displayText() != u"Time's up"_s);
    QSignalSpy expired(countdown, &CountdownWidget::expired);
    countdown->setDuration(1);
    QCOMPARE(countdown->displayText(), u"0:01"_s);
    QTest::mouseClick(find<QPushButton>(u"countdownStart"_s), Qt::LeftButton);
    QVERIFY(countdown->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(countdown->isExpired(), 3000);
    QTRY_COMPARE(countdown->displayText(), u"Time's up"_s);
    QCOMPARE(expired.size(), 1);
    auto *display = find<QLabel>(u"countdownDisplay"_s);
    const QColor bg = display->palette().color(QPalette::Window);
    QVERIFY(bg.red() > 150 && bg.green() < 80 && bg.blue() < 80);
    QTest::mouseClick(find<QPushButton>(u"countdownReset"_s), Qt::LeftButton);
    QCOMPARE(countdown->displayText(), u"0:01"_s);

    // The minutes spin box sets the round's duration (undoable).
    find<QSpinBox>(u"countdownMinutes"_s)->setValue(7);
    QCOMPARE(m_ws->rounds(m_session)->constFirst().durationSeconds, 420);
    QCOMPARE(countdown->displayText(), u"7:00"_s);
}

void TestPremortemPage::withoutSession()
{
    m_page->setSession(0);
    QVERIFY(!m_page->isEnabled());
    QCOMPARE(m_page->ideaModel()->rowCount(), 0);
    m_page->setSession(m_session);
    QVERIFY(m_page->isEnabled());
}

QTEST_MAIN(TestPremortemPage)
#include "tst_premortempage.moc"
