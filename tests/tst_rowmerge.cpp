#include "rowmerge.h"

#include <QAbstractItemModelTester>
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace hindsight;

namespace {

struct Row {
    Id id = 0;
    int value = 0;
    QString note;
    bool operator==(const Row &other) const = default;
};

// The smallest model mergeRows serves: id, value and note columns over a QList<Row>.
class RowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit RowModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    { }

    QList<Row> rows;

    void set(const QList<Row> &fresh)
    {
        beginResetModel();
        rows = fresh;
        endResetModel();
    }
    RowMergeStats merge(const QList<Row> &fresh, const RowMergeOptions &options = {})
    {
        return mergeRows(this, rows, fresh, options);
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : 3;
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
            || (role != Qt::DisplayRole && role != Qt::EditRole))
            return {};
        const Row &r = rows.at(index.row());
        switch (index.column()) {
        case 0: return r.id;
        case 1: return r.value;
        default: return r.note;
        }
    }
};

// A random list drawn from ids 1..pool: a random subset in random order, with small values so
// that many survivors keep theirs.
QList<Row> randomRows(QRandomGenerator &rng, int pool)
{
    QList<Row> out;
    for (int id = 1; id <= pool; ++id) {
        if (rng.bounded(100) < 60)
            out.append(Row {
                id, int(rng.bounded(3)), rng.bounded(4) == 0 ? QStringLiteral("x") : QString()});
    }
    std::shuffle(out.begin(), out.end(), rng);
    // Often nearly sorted, as reloads are: sort most of the time, then disturb a few.
    if (rng.bounded(3) != 0) {
        std::sort(out.begin(), out.end(), [](const Row &a, const Row &b) { return a.id < b.id; });
        const int swaps = int(rng.bounded(3));
        for (int s = 0; s < swaps && out.size() > 1; ++s)
            std::swap(
                out[int(rng.bounded(int(out.size())))], out[int(rng.bounded(int(out.size())))]);
    }
    return out;
}

int indexOfId(const QList<Row> &rows, Id id)
{
    for (int i = 0; i < rows.size(); ++i)
        if (rows.at(i).id == id)
            return i;
    return -1;
}

} // namespace

class TestRowMerge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void longestIncreasing_data();
    void longestIncreasing();
    void randomMerges();
    void onlyChangedCellsAreAnnounced();
    void contextChangeComparesEveryRow();
    void invisibleChangeAnnouncesTheRow();
    void tooManyStepsResets();
    void duplicateKeysReset();
    void bigInterleavedInsert();
};

void TestRowMerge::longestIncreasing_data()
{
    QTest::addColumn<QList<int>>("values");
    QTest::addColumn<int>("length");
    QTest::newRow("empty") << QList<int> {} << 0;
    QTest::newRow("one") << QList<int> {7} << 1;
    QTest::newRow("sorted") << QList<int> {0, 1, 2, 3} << 4;
    QTest::newRow("reversed") << QList<int> {3, 2, 1, 0} << 1;
    QTest::newRow("first to last") << QList<int> {3, 0, 1, 2} << 3;
    QTest::newRow("last to first") << QList<int> {1, 2, 3, 0} << 3;
    QTest::newRow("mixed") << QList<int> {4, 0, 5, 1, 6, 2, 3} << 4;
}

void TestRowMerge::longestIncreasing()
{
    QFETCH(QList<int>, values);
    QFETCH(int, length);
    const QList<bool> on = rowmerge_detail::longestIncreasing(values);
    QCOMPARE(on.size(), values.size());
    QCOMPARE(int(std::count(on.cbegin(), on.cend(), true)), length);
    int last = -1;
    for (int i = 0; i < values.size(); ++i) {
        if (!on.at(i))
            continue;
        QVERIFY2(values.at(i) > last, "the marked values must increase");
        last = values.at(i);
    }
}

void TestRowMerge::randomMerges()
{
    // A fixed seed: a failure names its case and can be replayed.
    QRandomGenerator rng(20240611);
    constexpr int kCases = 500;
    int removed = 0, inserted = 0, moved = 0, changed = 0;
    QElapsedTimer timer;
    timer.start();
    for (int c = 0; c < kCases; ++c) {
        const int pool = 1 + int(rng.bounded(c < 50 ? 6 : 40));
        const QList<Row> before = randomRows(rng, pool);
        const QList<Row> after = randomRows(rng, pool);

        RowModel model;
        model.set(before);
        QAbstractItemModelTester tester(
            &model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // Persistent indexes stand for the selection, the current index and open editors.
        QList<QPersistentModelIndex> held;
        for (int i = 0; i < before.size(); ++i)
            held.append(QPersistentModelIndex(model.index(i, 1)));
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        const RowMergeStats stats = model.merge(after);

        const QByteArray where = "case " + QByteArray::number(c);
        QVERIFY2(model.rows == after, where.constData());
        QVERIFY2(!stats.reset && resets.isEmpty(), where.constData());
        for (int i = 0; i < before.size(); ++i) {
            const int now = indexOfId(after, before.at(i).id);
            if (now < 0) {
                QVERIFY2(!held.at(i).isValid(), where.constData());
                continue;
            }
            QVERIFY2(held.at(i).isValid(), where.constData());
            QCOMPARE(held.at(i).row(), now);
            QCOMPARE(held.at(i).column(), 1);
        }
        // dataChanged only for cells whose content changed, never for a new or unchanged row.
        int cells = 0;
        for (const QList<QVariant> &args : std::as_const(changes)) {
            const auto tl = args.at(0).value<QModelIndex>();
            const auto br = args.at(1).value<QModelIndex>();
            QCOMPARE(tl.row(), br.row());
            const Row &now = after.at(tl.row());
            const int old = indexOfId(before, now.id);
            QVERIFY2(old >= 0, where.constData());
            for (int col = tl.column(); col <= br.column(); ++col) {
                QVERIFY2(col != 0, where.constData()); // the id never changes
                const bool differs =
                    col == 1 ? before.at(old).value != now.value : before.at(old).note != now.note;
                QVERIFY2(differs, where.constData());
                ++cells;
            }
        }
        int expectedCells = 0;
        for (const Row &r : after) {
            const int old = indexOfId(before, r.id);
            if (old >= 0)
                expectedCells +=
                    (before.at(old).value != r.value) + (before.at(old).note != r.note);
        }
        QCOMPARE(cells, expectedCells);
        QCOMPARE(stats.changedCells, expectedCells);
        // The fewest moves: every survivor off the longest run already in order, no more.
        QList<int> ranks;
        for (const Row &r : before) {
            const int now = indexOfId(after, r.id);
            if (now >= 0)
                ranks.append(now);
        }
        const QList<bool> stays = rowmerge_detail::longestIncreasing(ranks);
        QVERIFY2(
            stats.moved <= int(std::count(stays.cbegin(), stays.cend(), false)), where.constData());
        removed += stats.removed;
        inserted += stats.inserted;
        moved += stats.moved;
        changed += stats.changedRows;
    }
    qInfo("%d random merges in %lld ms: %d rows removed, %d inserted, %d moved, %d changed", kCases,
        qint64(timer.elapsed()), removed, inserted, moved, changed);
}

void TestRowMerge::onlyChangedCellsAreAnnounced()
{
    RowModel model;
    model.set({{1, 0, {}}, {2, 0, {}}, {3, 0, {}}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    const RowMergeStats stats = model.merge({{1, 0, {}}, {2, 5, {}}, {3, 0, QStringLiteral("n")}});
    QCOMPARE(stats.changedRows, 2);
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(0).at(0).value<QModelIndex>(), model.index(1, 1));
    QCOMPARE(changes.at(0).at(1).value<QModelIndex>(), model.index(1, 1));
    QCOMPARE(changes.at(1).at(0).value<QModelIndex>(), model.index(2, 2));
    QCOMPARE(changes.at(1).at(1).value<QModelIndex>(), model.index(2, 2));

    // Nothing different: not a single signal.
    QSignalSpy any(&model, &QAbstractItemModel::layoutChanged);
    changes.clear();
    QVERIFY(model.merge(model.rows).isEmpty());
    QVERIFY(changes.isEmpty());
    QVERIFY(any.isEmpty());
}

void TestRowMerge::contextChangeComparesEveryRow()
{
    // A row's struct stays the same but what it shows changes with a lookup (here: a suffix
    // the model appends), swapped in by updateContext after the old cells were read.
    class SuffixModel : public RowModel
    {
    public:
        QString suffix;
        QVariant data(const QModelIndex &index, int role) const override
        {
            const QVariant v = RowModel::data(index, role);
            return index.column() == 2 ? QVariant(v.toString() + suffix) : v;
        }
    };
    SuffixModel model;
    model.set({{1, 0, {}}, {2, 0, {}}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    RowMergeOptions options;
    options.compareAll = true;
    options.updateContext = [&model] { model.suffix = QStringLiteral("!"); };
    const RowMergeStats stats = model.merge(model.rows, options);
    QCOMPARE(stats.changedRows, 2);
    QCOMPARE(changes.size(), 2);
    for (const QList<QVariant> &args : std::as_const(changes))
        QCOMPARE(args.at(0).value<QModelIndex>().column(), 2);

    // Without compareAll an unchanged struct is not looked at.
    changes.clear();
    RowMergeOptions plain;
    plain.updateContext = [&model] { model.suffix = QStringLiteral("?"); };
    QCOMPARE(model.merge(model.rows, plain).changedRows, 0);
    QVERIFY(changes.isEmpty());
}

void TestRowMerge::invisibleChangeAnnouncesTheRow()
{
    // The policy says row 2 changed, but no compared role shows a difference (as a flag read
    // only through a custom role): the whole row is announced rather than nothing.
    struct HiddenChange : PlainRowPolicy<Row> {
        bool same(const Row &a, const Row &b) const { return a == b && a.id != 2; }
    };
    RowModel model;
    model.set({{1, 0, {}}, {2, 0, {}}, {3, 0, {}}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    const QList<Row> fresh = model.rows;
    const RowMergeStats stats = mergeRows(&model, {}, model.rows, fresh, HiddenChange {});
    QCOMPARE(stats.changedRows, 1);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().at(0).value<QModelIndex>(), model.index(1, 0));
    QCOMPARE(changes.first().at(1).value<QModelIndex>(), model.index(1, 2));
}

void TestRowMerge::tooManyStepsResets()
{
    RowModel model;
    QList<Row> before, after;
    for (int i = 1; i <= 40; ++i)
        before.append({i, 0, {}});
    after = before;
    std::reverse(after.begin(), after.end()); // 39 moves
    model.set(before);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    RowMergeOptions options;
    options.maxSteps = 10;
    QVERIFY(model.merge(after, options).reset);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rows, after);
    options.maxSteps = 39;
    const RowMergeStats stats = model.merge(before, options);
    QVERIFY(!stats.reset);
    QCOMPARE(stats.moved, 39);
    QCOMPARE(model.rows, before);
}

void TestRowMerge::duplicateKeysReset()
{
    RowModel model;
    model.set({{1, 0, {}}, {2, 0, {}}});
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QList<Row> twice {{1, 0, {}}, {1, 1, {}}};
    QVERIFY(model.merge(twice).reset);
    QCOMPARE(model.rows, twice);
}

void TestRowMerge::bigInterleavedInsert()
{
    // 20,000 rows, every other one new: 10,000 insertion runs would each shift the tail, so
    // the merge resets instead; and a single run of 10,000 at the front stays one signal.
    QList<Row> odd, all, front;
    for (int i = 1; i <= 20000; ++i) {
        all.append({i, 0, {}});
        if (i % 2 == 1)
            odd.append({i, 0, {}});
    }
    for (int i = 1; i <= 10000; ++i)
        front.append({-i, 0, {}});
    front += odd;
    RowModel model;
    model.set(odd);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(model.merge(all).reset);
    QCOMPARE(model.rows, all);
    model.set(odd);
    const RowMergeStats stats = model.merge(front);
    QVERIFY(!stats.reset);
    QCOMPARE(stats.inserted, 10000);
    QCOMPARE(inserts.size(), 1);
    QCOMPARE(model.rows, front);
    QVERIFY2(timer.elapsed() < 5000, "a big merge must stay well under a poll interval's worth");
}

QTEST_GUILESS_MAIN(TestRowMerge)
#include "tst_rowmerge.moc"
