#include "actionedits.h"
#include "editor.h"
#include "whyedits.h"
#include "whytreemodel.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace hindsight;

class TestWhyTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void loadsParentFirstTree();
    void addEditAndUndoRedo();
    void removeSubtreeRestoresEvidenceAndLinks();
    void removalChangesInAnyOrder();
    void setDataGoesThroughEditor();
    void linkedActionCountFollowsActions();
    void otherSessionsIgnored();

private:
    // Reads the model back as "text(depth)" lines, depth-first, to compare with the workspace.
    QStringList dump(const QModelIndex &parent = {}, int depth = 0) const;
    QStringList workspaceDump() const;

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<Editor> m_editor;
    std::unique_ptr<WhyTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    Id m_session = 0;
    Id m_event = 0;
};

void TestWhyTreeModel::init()
{
    auto ws = Workspace::open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction())
                                  + QStringLiteral(".hindsight")),
        OpenOptions {.create = true});
    QVERIFY(ws);
    m_ws = std::move(*ws);
    Session s;
    s.title = QStringLiteral("Checkout outage");
    auto created = m_ws->createSession(s);
    QVERIFY(created);
    m_session = created->id;
    TimelineEvent e;
    e.sessionId = m_session;
    e.text = QStringLiteral("Config rollout started");
    auto ev = m_ws->addEvent(e);
    QVERIFY(ev);
    m_event = ev->id;
    m_editor = std::make_unique<Editor>(m_ws.get());
    m_model = std::make_unique<WhyTreeModel>(m_editor.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_model->setSession(m_session);
}

void TestWhyTreeModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_editor.reset();
    m_ws.reset();
}

QStringList TestWhyTreeModel::dump(const QModelIndex &parent, int depth) const
{
    QStringList out;
    for (int r = 0; r < m_model->rowCount(parent); ++r) {
        const QModelIndex i = m_model->index(r, 0, parent);
        out << QStringLiteral("%1(%2)%3")
                   .arg(i.data().toString())
                   .arg(depth)
                   .arg(i.data(WhyTreeModel::RootCauseRole).toBool() ? QStringLiteral("*")
                                                                     : QString());
        out << dump(i, depth + 1);
    }
    return out;
}

QStringList TestWhyTreeModel::workspaceDump() const
{
    QStringList out;
    auto nodes = m_ws->whyNodes(m_session);
    if (!nodes)
        return {QStringLiteral("error")};
    QHash<Id, int> depth;
    for (const WhyNode &n : std::as_const(*nodes)) {
        const int d = n.parentId == 0 ? 0 : depth.value(n.parentId) + 1;
        depth.insert(n.id, d);
        out << QStringLiteral("%1(%2)%3")
                   .arg(n.text)
                   .arg(d)
                   .arg(n.rootCause ? QStringLiteral("*") : QString());
    }
    return out;
}

void TestWhyTreeModel::loadsParentFirstTree()
{
    auto node = [this](Id parent, const QString &text) {
        WhyNode n;
        n.sessionId = m_session;
        n.parentId = parent;
        n.text = text;
        return m_ws->addWhyNode(n);
    };
    auto root = node(0, QStringLiteral("Checkout down"));
    QVERIFY(root);
    auto a = node(root->id, QStringLiteral("A"));
    auto b = node(root->id, QStringLiteral("B"));
    QVERIFY(a && b);
    auto a1 = node(a->id, QStringLiteral("A1"));
    QVERIFY(a1);
    // A fresh model reads what is already there.
    WhyTreeModel fresh(m_editor.get());
    QAbstractItemModelTester tester(&fresh, QAbstractItemModelTester::FailureReportingMode::Fatal);
    fresh.setSession(m_session);
    QCOMPARE(fresh.rowCount(), 1);
    const QModelIndex r = fresh.index(0, 0);
    QCOMPARE(fresh.rowCount(r), 2);
    QCOMPARE(fresh.index(0, 0, r).data().toString(), QStringLiteral("A"));
    QCOMPARE(fresh.index(1, 0, r).data().toString(), QStringLiteral("B"));
    QCOMPARE(fresh.index(0, 0, fresh.index(0, 0, r)).data().toString(), QStringLiteral("A1"));
    QCOMPARE(fresh.index(0, 0, fresh.index(0, 0, r)).data(WhyTreeModel::DepthRole).toInt(), 2);
    QCOMPARE(fresh.index(1, 0, r).data(WhyTreeModel::IsLeafRole).toBool(), true);
    QCOMPARE(r.data(WhyTreeModel::IsLeafRole).toBool(), false);
    // The incrementally built model agrees.
    QCOMPARE(dump(), workspaceDump());
}

void TestWhyTreeModel::addEditAndUndoRedo()
{
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("Checkout down"));
    QVERIFY(root);
    const Id w1 = whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("Payments failed"));
    const Id w2 = whyedits::addWhy(*m_editor, m_session, w1, QStringLiteral("Provider disabled"));
    QVERIFY(w1 && w2);
    QVERIFY(whyedits::setWhyText(*m_editor, w2, QStringLiteral("Provider flag disabled")));
    QVERIFY(whyedits::setRootCause(*m_editor, w2, true));
    const QStringList full {QStringLiteral("Checkout down(0)"),
        QStringLiteral("Payments failed(1)"), QStringLiteral("Provider flag disabled(2)*")};
    QCOMPARE(dump(), full);
    QCOMPARE(dump(), workspaceDump());

    QUndoStack *stack = m_editor->undoStack();
    QCOMPARE(stack->count(), 5);
    QStringList states[6];
    for (int i = 5; i >= 0; --i) {
        states[i] = dump();
        QCOMPARE(states[i], workspaceDump());
        if (i > 0)
            stack->undo();
    }
    QVERIFY(dump().isEmpty());
    for (int i = 1; i <= 5; ++i) {
        stack->redo();
        QCOMPARE(dump(), states[i]);
        QCOMPARE(workspaceDump(), states[i]);
    }
    // Redo brought back the same ids, so the later steps found their nodes.
    QCOMPARE(m_model->indexOf(w2).data().toString(), QStringLiteral("Provider flag disabled"));
    QCOMPARE(reset.count(), 0); // row by row, never a reset
}

void TestWhyTreeModel::removeSubtreeRestoresEvidenceAndLinks()
{
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("Checkout down"));
    const Id w1 = whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("Payments failed"));
    const Id w2 = whyedits::addWhy(*m_editor, m_session, w1, QStringLiteral("Provider disabled"));
    const Id w3 =
        whyedits::addWhy(*m_editor, m_session, w2, QStringLiteral("Rollout had no check"));
    const Id sibling =
        whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("Retries hid it"));
    QVERIFY(root && w1 && w2 && w3 && sibling);
    QVERIFY(whyedits::citeEvents(*m_editor, w2, {m_event}));
    const Id action = actionedits::createActionFromWhy(*m_editor, w3);
    QVERIFY(action);
    QCOMPARE(m_model->indexOf(w3).data(WhyTreeModel::LinkedActionCountRole).toInt(), 1);
    QCOMPARE(m_model->indexOf(w2).data(WhyTreeModel::EvidenceCountRole).toInt(), 1);
    const QStringList before = dump();

    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(whyedits::removeWhy(*m_editor, w1));
    QCOMPARE(removed.count(), 1); // one subtree, one removal; the deeper announcements are no-ops
    QCOMPARE(dump(), workspaceDump());
    QCOMPARE(dump(),
        (QStringList {QStringLiteral("Checkout down(0)"), QStringLiteral("Retries hid it(1)")}));
    QVERIFY(m_ws->action(action)->whyNodes.isEmpty());

    m_editor->undoStack()->undo();
    QCOMPARE(dump(), before);
    QCOMPARE(workspaceDump(), before);
    QCOMPARE(m_ws->whyNode(w2)->evidence, QList<Id> {m_event});
    QCOMPARE(m_ws->action(action)->whyNodes, QList<Id> {w3});
    QCOMPARE(m_model->indexOf(w3).data(WhyTreeModel::LinkedActionCountRole).toInt(), 1);
    QCOMPARE(m_model->indexOf(w2).data(WhyTreeModel::EvidenceCountRole).toInt(), 1);

    m_editor->undoStack()->redo();
    QCOMPARE(dump(), workspaceDump());
    QVERIFY(!m_model->indexOf(w3).isValid());
}

void TestWhyTreeModel::removalChangesInAnyOrder()
{
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("R"));
    const Id a = whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("A"));
    const Id b = whyedits::addWhy(*m_editor, m_session, a, QStringLiteral("B"));
    QVERIFY(root && a && b);
    // Deepest first, as another writer might announce them: each step stays consistent.
    Q_EMIT m_ws->changed(Change {Change::Entity::WhyNode, Change::Type::Removed, m_session, b});
    QCOMPARE(dump(), (QStringList {QStringLiteral("R(0)"), QStringLiteral("A(1)")}));
    Q_EMIT m_ws->changed(Change {Change::Entity::WhyNode, Change::Type::Removed, m_session, root});
    QVERIFY(dump().isEmpty());
    Q_EMIT m_ws->changed(Change {Change::Entity::WhyNode, Change::Type::Removed, m_session, a});
    QVERIFY(dump().isEmpty());
    // A stray insert for a node whose parent the model does not know makes it re-read.
    Q_EMIT m_ws->changed(Change {Change::Entity::WhyNode, Change::Type::Inserted, m_session, b});
    QCOMPARE(dump(), workspaceDump());
}

void TestWhyTreeModel::setDataGoesThroughEditor()
{
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("Checkout down"));
    const QModelIndex i = m_model->indexOf(root);
    QVERIFY(m_model->flags(i) & Qt::ItemIsEditable);
    QVERIFY(m_model->setData(i, QStringLiteral("Checkout down for 40 minutes")));
    QCOMPARE(m_ws->whyNode(root)->text, QStringLiteral("Checkout down for 40 minutes"));
    QCOMPARE(
        m_model->indexOf(root).data().toString(), QStringLiteral("Checkout down for 40 minutes"));
    QCOMPARE(m_editor->undoStack()->count(), 2);
    // The same text again is no edit at all.
    QVERIFY(m_model->setData(i, QStringLiteral("Checkout down for 40 minutes")));
    QCOMPARE(m_editor->undoStack()->count(), 2);
    QVERIFY(m_model->setData(i, true, WhyTreeModel::RootCauseRole));
    QVERIFY(m_ws->whyNode(root)->rootCause);
    m_editor->undoStack()->undo();
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->indexOf(root).data().toString(), QStringLiteral("Checkout down"));
    QVERIFY(!m_model->indexOf(root).data(WhyTreeModel::RootCauseRole).toBool());
}

void TestWhyTreeModel::linkedActionCountFollowsActions()
{
    const Id root = whyedits::addWhy(*m_editor, m_session, 0, QStringLiteral("Checkout down"));
    const Id w = whyedits::addWhy(*m_editor, m_session, root, QStringLiteral("No alert"));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const Id a1 = actionedits::createActionFromWhy(*m_editor, w);
    const Id a2 = actionedits::createActionFromWhy(*m_editor, w);
    QVERIFY(a1 && a2);
    QVERIFY(changed.count() >= 2);
    QCOMPARE(m_model->linkedActions(w), (QList<Id> {a1, a2}));
    QCOMPARE(m_model->indexOf(w).data(WhyTreeModel::LinkedActionCountRole).toInt(), 2);
    QVERIFY(actionedits::removeAction(*m_editor, a1));
    QCOMPARE(m_model->indexOf(w).data(WhyTreeModel::LinkedActionCountRole).toInt(), 1);
    ActionItem unlinked = *m_ws->action(a2);
    unlinked.whyNodes.clear();
    QVERIFY(actionedits::updateAction(*m_editor, unlinked));
    QCOMPARE(m_model->indexOf(w).data(WhyTreeModel::LinkedActionCountRole).toInt(), 0);
    m_editor->undoStack()->undo();
    m_editor->undoStack()->undo();
    QCOMPARE(m_model->indexOf(w).data(WhyTreeModel::LinkedActionCountRole).toInt(), 2);
}

void TestWhyTreeModel::otherSessionsIgnored()
{
    Session other;
    other.title = QStringLiteral("Another");
    auto s = m_ws->createSession(other);
    QVERIFY(s);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(whyedits::addWhy(*m_editor, s->id, 0, QStringLiteral("Elsewhere")));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setSession(s->id);
    QCOMPARE(m_model->rowCount(), 1);
}

QTEST_GUILESS_MAIN(TestWhyTreeModel)
#include "tst_whytreemodel.moc"
