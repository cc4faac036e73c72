#include "editor.h"
#include "premortemedits.h"
#include "premortemmodels.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;
using namespace Qt::StringLiterals;

class TestPremortemModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void ideasFollowEditsRowByRow();
    void ideaSetDataEditsText();
    void themesRankAndFoundBy();
    void themeSetDataScores_data();
    void themeSetDataScores();
    void votesRespectRules_data();
    void votesRespectRules();
    void roundRobinOrder();
    void dropIdeasOntoTheme();
    void removingAThemeUnlinksIdeas();

private:
    Id addRound(const QString &group, const QList<Id> &members);
    Id addIdea(Id round, const QString &text, Id author = 0);

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<IdeaModel> m_ideas;
    std::unique_ptr<ThemeModel> m_themes;
    std::unique_ptr<QAbstractItemModelTester> m_ideaTester;
    std::unique_ptr<QAbstractItemModelTester> m_themeTester;
    Id m_session = 0;
    Id m_ann = 0;
    Id m_bob = 0;
    Id m_cy = 0;
};

void TestPremortemModels::init()
{
    auto ws = Workspace::open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction())
                                  + QString::fromLatin1(QTest::currentDataTag()) + u".hindsight"_s),
        OpenOptions {.create = true});
    QVERIFY(ws);
    m_ws = std::move(*ws);
    Session s;
    s.kind = SessionKind::PreMortem;
    s.title = u"Apollo pre-mortem"_s;
    s.project = u"Apollo"_s;
    auto created = m_ws->createSession(s);
    QVERIFY(created);
    m_session = created->id;
    m_ann = m_ws->addParticipant({0, m_session, u"Ann"_s, u"Legal"_s, {}})->id;
    m_bob = m_ws->addParticipant({0, m_session, u"Bob"_s, u"Sales"_s, {}})->id;
    m_cy = m_ws->addParticipant({0, m_session, u"Cy"_s, u"Ops"_s, {}})->id;
    m_editor = std::make_unique<Editor>(m_ws.get());
    m_ideas = std::make_unique<IdeaModel>(m_editor.get());
    m_themes = std::make_unique<ThemeModel>(m_editor.get());
    m_ideaTester = std::make_unique<QAbstractItemModelTester>(
        m_ideas.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_themeTester = std::make_unique<QAbstractItemModelTester>(
        m_themes.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_ideas->setSession(m_session);
    m_themes->setSession(m_session);
}

void TestPremortemModels::cleanup()
{
    m_ideaTester.reset();
    m_themeTester.reset();
    m_ideas.reset();
    m_themes.reset();
    m_editor.reset();
    m_ws.reset();
}

Id TestPremortemModels::addRound(const QString &group, const QList<Id> &members)
{
    Round r;
    r.sessionId = m_session;
    r.number = 0;
    r.group = group;
    r.members = members;
    return premortemedits::addRound(*m_editor, r);
}

Id TestPremortemModels::addIdea(Id round, const QString &text, Id author)
{
    Idea i;
    i.sessionId = m_session;
    i.roundId = round;
    i.text = text;
    i.authorId = author;
    return premortemedits::addIdea(*m_editor, i);
}

void TestPremortemModels::ideasFollowEditsRowByRow()
{
    const Id r1 = addRound(u"Alpha"_s, {m_ann, m_bob});
    QVERIFY(r1);
    QSignalSpy inserted(m_ideas.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_ideas.get(), &QAbstractItemModel::modelReset);
    const Id a = addIdea(r1, u"Vendor went bankrupt"_s, m_ann);
    const Id b = addIdea(r1, u"Budget cut"_s);
    QVERIFY(a && b);
    QCOMPARE(m_ideas->rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_ideas->index(0, IdeaModel::TextColumn).data().toString(), u"Vendor went bankrupt"_s);
    QCOMPARE(m_ideas->index(0, IdeaModel::AuthorColumn).data().toString(), u"Ann"_s);
    QCOMPARE(m_ideas->index(1, IdeaModel::AuthorColumn).data().toString(), u"Anonymous"_s);
    QCOMPARE(m_ideas->index(0, IdeaModel::GroupColumn).data().toString(), u"Round 1 · Alpha"_s);

    // Renaming the group reaches the ideas' round column without a reset.
    Round round = m_ws->rounds(m_session)->constFirst();
    round.group = u"Legal and sales"_s;
    QVERIFY(premortemedits::updateRound(*m_editor, round));
    QCOMPARE(m_ideas->index(1, IdeaModel::GroupColumn).data().toString(),
        u"Round 1 · Legal and sales"_s);

    QSignalSpy changed(m_ideas.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(premortemedits::setRevealed(*m_editor, m_session, {b}, true));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    QVERIFY(m_ideas->index(1, 0).data(IdeaModel::RevealedRole).toBool());
    QVERIFY(!m_ideas->index(0, 0).data(IdeaModel::RevealedRole).toBool());
    // Nothing to change: no undo step.
    QVERIFY(!premortemedits::setRevealed(*m_editor, m_session, {b}, true));

    QSignalSpy removed(m_ideas.get(), &QAbstractItemModel::rowsRemoved);
    m_editor->undoStack()->undo(); // reveal
    m_editor->undoStack()->undo(); // rename
    m_editor->undoStack()->undo(); // idea b
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_ideas->rowCount(), 1);
    m_editor->undoStack()->redo();
    QCOMPARE(m_ideas->rowCount(), 2);
    QCOMPARE(m_ideas->index(1, 0).data(IdeaModel::IdRole).toLongLong(), b); // same id back
    QCOMPARE(reset.size(), 0);

    // A second round's ideas come after the first's.
    const Id r2 = addRound(u"Beta"_s, {m_cy});
    addIdea(r2, u"Ops burned out"_s, m_cy);
    addIdea(r1, u"Scope creep"_s);
    QCOMPARE(m_ideas->rowCount(), 4);
    QCOMPARE(m_ideas->index(2, 0).data().toString(), u"Scope creep"_s);
    QCOMPARE(m_ideas->index(3, 0).data().toString(), u"Ops burned out"_s);
    QCOMPARE(reset.size(), 0);
}

void TestPremortemModels::ideaSetDataEditsText()
{
    const Id r = addRound(u"Alpha"_s, {});
    addIdea(r, u"Vendr late"_s);
    QVERIFY(m_ideas->setData(m_ideas->index(0, IdeaModel::TextColumn), u"Vendor late"_s));
    QCOMPARE(m_ws->ideas(m_session)->constFirst().text, u"Vendor late"_s);
    QVERIFY(!m_ideas->setData(m_ideas->index(0, IdeaModel::TextColumn), u"  "_s));
    QVERIFY(!m_ideas->setData(m_ideas->index(0, IdeaModel::AuthorColumn), u"Ann"_s));
    m_editor->undoStack()->undo();
    QCOMPARE(m_ideas->index(0, 0).data().toString(), u"Vendr late"_s);
}

void TestPremortemModels::themesRankAndFoundBy()
{
    const Id r1 = addRound(u"Alpha"_s, {m_ann, m_bob});
    const Id r2 = addRound(u"Beta"_s, {m_cy});
    const Id a = addIdea(r1, u"Vendor went bankrupt"_s, m_ann);
    const Id b = addIdea(r2, u"The vendor went bankrupt"_s, m_cy);
    const Id c = addIdea(r1, u"Budget cut"_s, m_bob);
    QSignalSpy inserted(m_themes.get(), &QAbstractItemModel::rowsInserted);
    const Id vendor = premortemedits::groupIntoTheme(*m_editor, m_session, {a, b}, 0, u"Vendor"_s);
    QVERIFY(vendor);
    const Id budget = premortemedits::groupIntoTheme(*m_editor, m_session, {c}, 0, u"Budget"_s);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(m_themes->rowCount(), 2);
    QCOMPARE(m_themes->index(0, ThemeModel::IdeasColumn).data(Qt::EditRole).toInt(), 2);
    QCOMPARE(m_themes->index(0, ThemeModel::FoundByColumn).data().toString(),
        u"2 round(s) · 2 group(s)"_s);
    QCOMPARE(m_themes->index(1, ThemeModel::FoundByColumn).data().toString(),
        u"1 round(s) · 1 group(s)"_s);
    QCOMPARE(m_ideas->index(0, IdeaModel::ThemeColumn).data().toString(), u"Vendor"_s);

    // Adding to an existing theme; votes move the rank.
    const Id d = addIdea(r2, u"Budget frozen"_s);
    QVERIFY(premortemedits::groupIntoTheme(*m_editor, m_session, {d}, budget) == budget);
    const premortemedits::VoteRules rules {3, 2};
    QVERIFY(premortemedits::changeVote(*m_editor, m_session, m_ann, budget, 1, rules));
    QVERIFY(premortemedits::changeVote(*m_editor, m_session, m_bob, budget, 1, rules));
    QVERIFY(premortemedits::changeVote(*m_editor, m_session, m_cy, vendor, 1, rules));
    QCOMPARE(m_themes->index(1, ThemeModel::VotesColumn).data(Qt::EditRole).toInt(), 2);
    QCOMPARE(m_themes->index(1, ThemeModel::VoteRankColumn).data().toInt(), 1);
    QCOMPARE(m_themes->index(0, ThemeModel::VoteRankColumn).data().toInt(), 2);
    QCOMPARE(m_themes->index(1, ThemeModel::VotersColumn).data().toString(), u"Ann ×1, Bob ×1"_s);
    m_themes->setVoter(m_cy);
    QCOMPARE(m_themes->index(0, ThemeModel::VoterDotsColumn).data(Qt::EditRole).toInt(), 1);
    QCOMPARE(m_themes->index(1, ThemeModel::VoterDotsColumn).data(Qt::EditRole).toInt(), 0);

    // Undo of a new theme removes it and takes its ideas out again.
    m_editor->undoStack()->setIndex(0);
    QCOMPARE(m_themes->rowCount(), 0);
    QCOMPARE(m_ideas->rowCount(), 0);
    while (m_editor->undoStack()->canRedo())
        m_editor->undoStack()->redo();
    QCOMPARE(m_themes->rowCount(), 2);
    QCOMPARE(m_themes->index(0, 0).data(ThemeModel::IdRole).toLongLong(), vendor);
    QCOMPARE(m_themes->index(1, ThemeModel::VotesColumn).data(Qt::EditRole).toInt(), 2);
}

void TestPremortemModels::themeSetDataScores_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("likelihood");
    QTest::addColumn<int>("impact");
    QTest::newRow("likelihood") << int(ThemeModel::LikelihoodColumn) << QVariant(7) << true << 7
                                << 0;
    QTest::newRow("likelihood too high")
        << int(ThemeModel::LikelihoodColumn) << QVariant(11) << false << -1 << 0;
    QTest::newRow("impact") << int(ThemeModel::ImpactColumn) << QVariant(4) << true << -1 << 4;
    QTest::newRow("impact zero") << int(ThemeModel::ImpactColumn) << QVariant(6) << false << -1
                                 << 0;
    QTest::newRow("not a number") << int(ThemeModel::ImpactColumn) << QVariant(u"high"_s) << false
                                  << -1 << 0;
    QTest::newRow("read only") << int(ThemeModel::VotesColumn) << QVariant(3) << false << -1 << 0;
}

void TestPremortemModels::themeSetDataScores()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(bool, accepted);
    QFETCH(int, likelihood);
    QFETCH(int, impact);
    const Id r = addRound(u"Alpha"_s, {});
    const Id i = addIdea(r, u"Vendor late"_s);
    QVERIFY(premortemedits::groupIntoTheme(*m_editor, m_session, {i}, 0, u"Vendor"_s));
    QCOMPARE(m_themes->setData(m_themes->index(0, column), value), accepted);
    const Theme t = m_ws->themes(m_session)->constFirst();
    QCOMPARE(t.likelihood, likelihood);
    QCOMPARE(t.impact, impact);
}

void TestPremortemModels::votesRespectRules_data()
{
    QTest::addColumn<QList<Vote>>("votes");
    QTest::addColumn<int>("dots");
    QTest::addColumn<bool>("allowed");
    const Id p = 1;
    const Id other = 2;
    QTest::newRow("first dot") << QList<Vote> {} << 1 << true;
    QTest::newRow("at the cap") << QList<Vote> {{0, 10, p, 1}} << 2 << true;
    QTest::newRow("over the cap") << QList<Vote> {{0, 10, p, 2}} << 3 << false;
    QTest::newRow("budget used elsewhere")
        << QList<Vote> {{0, 11, p, 2}, {0, 12, p, 1}} << 1 << false;
    QTest::newRow("budget left") << QList<Vote> {{0, 11, p, 2}} << 1 << true;
    QTest::newRow("others do not count")
        << QList<Vote> {{0, 11, other, 2}, {0, 12, other, 1}} << 2 << true;
    QTest::newRow("taking back to zero") << QList<Vote> {{0, 10, p, 1}} << 0 << true;
    QTest::newRow("below zero") << QList<Vote> {} << -1 << false;
}

void TestPremortemModels::votesRespectRules()
{
    QFETCH(QList<Vote>, votes);
    QFETCH(int, dots);
    QFETCH(bool, allowed);
    const QString why = premortemedits::voteRefusal(votes, 1, 10, dots, {3, 2});
    QCOMPARE(why.isEmpty(), allowed);
}

void TestPremortemModels::roundRobinOrder()
{
    Round r;
    r.id = 5;
    r.members = {m_ann, m_bob};
    QList<Idea> ideas;
    auto idea = [&](Id id, Id author, int position) {
        Idea i;
        i.id = id;
        i.roundId = 5;
        i.authorId = author;
        i.position = position;
        i.text = u"x"_s;
        ideas.append(i);
    };
    idea(1, m_ann, 0);
    idea(2, m_ann, 1);
    idea(3, m_bob, 2);
    idea(4, 0, 3); // anonymous
    idea(5, m_cy, 4); // not in the group: shares in the anonymous turn
    QList<Id> order;
    int turn = -1;
    for (int guard = 0; guard < 10; ++guard) {
        const Id next = premortemedits::nextToReveal(r, ideas, turn, &turn);
        if (next == 0)
            break;
        order.append(next);
        for (Idea &i : ideas)
            if (i.id == next)
                i.revealed = true;
    }
    QCOMPARE(order, (QList<Id> {1, 3, 4, 2, 5}));
}

void TestPremortemModels::dropIdeasOntoTheme()
{
    const Id r = addRound(u"Alpha"_s, {});
    const Id a = addIdea(r, u"Vendor late"_s);
    const Id b = addIdea(r, u"Vendor slow"_s);
    const Id t = premortemedits::groupIntoTheme(*m_editor, m_session, {a}, 0, u"Vendor"_s);
    std::unique_ptr<QMimeData> mime(
        m_ideas->mimeData({m_ideas->index(1, 0), m_ideas->index(1, 1)}));
    QVERIFY(mime);
    QCOMPARE(IdeaModel::idsFromMime(mime.get()), QList<Id> {b});
    QVERIFY(!m_themes->canDropMimeData(mime.get(), Qt::MoveAction, 0, 0, {}));
    QVERIFY(m_themes->canDropMimeData(mime.get(), Qt::MoveAction, -1, -1, m_themes->index(0, 0)));
    m_themes->dropMimeData(mime.get(), Qt::MoveAction, -1, -1, m_themes->index(0, 0));
    QCOMPARE(m_ideas->index(1, 0).data(IdeaModel::ThemeIdRole).toLongLong(), t);
    QCOMPARE(m_themes->index(0, ThemeModel::IdeasColumn).data(Qt::EditRole).toInt(), 2);
}

void TestPremortemModels::removingAThemeUnlinksIdeas()
{
    const Id r = addRound(u"Alpha"_s, {});
    const Id a = addIdea(r, u"Vendor late"_s);
    const Id t = premortemedits::groupIntoTheme(*m_editor, m_session, {a}, 0, u"Vendor"_s);
    QVERIFY(t);
    // Outside the editor (another view or the command line): the models still follow.
    QVERIFY(m_ws->removeTheme(t));
    QCOMPARE(m_themes->rowCount(), 0);
    QCOMPARE(m_ideas->index(0, 0).data(IdeaModel::ThemeIdRole).toLongLong(), Id(0));
    QCOMPARE(m_ideas->index(0, IdeaModel::ThemeColumn).data().toString(), QString());
}

QTEST_MAIN(TestPremortemModels)
#include "tst_premortemmodels.moc"
