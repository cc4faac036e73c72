#pragma once

// Brings the rows of a model up to date with a fresh read, for when another process changed
// the workspace. A model reset would do it in two lines, but a reset throws away what the
// user is doing: the selection, the current row and an open cell editor with half-typed text.
// mergeRows() announces only what differs (rows removed, inserted or moved, and cells that
// read differently), so persistent indexes, and with them the selection, the current index
// and open editors, follow their row.
//
// Views refresh an open editor (QAbstractItemDelegate::setEditorData) whenever a dataChanged
// range covers its cell, so "only what differs" is taken cell by cell: the cells of a row that
// changed are read through the model's data() before and after, and only those that read
// differently are announced. An editor on an unchanged cell keeps its text even when the
// other instance edited another column of the same row. A row whose struct changed where no
// compared role shows it (a flag read through a custom role) is announced whole.

#include "domain.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QVariant>

#include <algorithm>
#include <functional>
#include <utility>

namespace hindsight {

// What a merge announced, for tests and for deciding what else to refresh.
struct RowMergeStats {
    int removed = 0; // rows
    int inserted = 0; // rows
    int moved = 0; // rows, one beginMoveRows each
    int changedRows = 0; // rows with at least one cell announced as changed
    int changedCells = 0;
    bool reset = false; // too much changed to say row by row: the model was reset instead

    bool isEmpty() const
    {
        return !reset && removed == 0 && inserted == 0 && moved == 0 && changedRows == 0;
    }
};

struct RowMergeOptions {
    // Compared cell by cell besides kCellRoles: roles that vary by cell and that views or
    // delegates read (the why tree's IsLeafRole). Not roles that give the same value in every
    // column (an id, the whole struct): those would make every cell of the row differ.
    QList<int> roles;
    // Something every row shows besides its own struct changed (a participant's name, the
    // session's time zone): compare the cells of every surviving row, not only of those
    // whose struct differs.
    bool compareAll = false;
    // Runs after the old cells are read and before any row changes: swap the model's lookups
    // (names, time zone) for the fresh ones here, so "before" reads the old ones.
    std::function<void()> updateContext;
    // False: update the rows but announce no dataChanged; the caller compares cells itself
    // (the why tree, whose changes span several parents).
    bool announce = true;
    // Beyond this many structural signals (runs removed or inserted, rows moved) at the top
    // level a reset is cheaper than telling views row by row (a 100,000-line paste landing in
    // between existing rows); selection and editors are then lost.
    int maxSteps = 1000;
    // Beyond this many cells to compare, changed rows are announced whole (an open editor on
    // such a row is then refreshed by the view).
    int maxCells = 20000;
};

// The roles compared cell by cell: what a delegate paints or shows. DecorationRole is left
// out because QIcon has no equality (every icon would read as changed); in our models an icon
// follows from data that another role shows.
inline const QList<int> &kCellRoles()
{
    static const QList<int> roles {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole, Qt::FontRole,
        Qt::TextAlignmentRole, Qt::BackgroundRole, Qt::ForegroundRole, Qt::CheckStateRole,
        Qt::AccessibleTextRole};
    return roles;
}

// How mergeRows keys, compares, updates and builds the elements of a row container. This one
// suits a QList of domain structs with an `id` and operator==; a model that keys or stores its
// rows differently passes a policy with the same members (the why tree keeps items that own
// their children and adds a key() for the fresh WhyNode).
template<typename T> struct PlainRowPolicy {
    Id key(const T &row) const { return row.id; }
    bool same(const T &row, const T &fresh) const { return row == fresh; }
    void update(T &row, const T &fresh) const { row = fresh; }
    T make(const T &fresh) const { return fresh; }
    void removing(T &) const { }
};

namespace rowmerge_detail {

// beginInsertRows() and friends are protected. A model calls mergeRows() from its own reload,
// so the helper acts on the model's behalf: naming the members through a subclass is the
// standard way to reach them without befriending every model. Never instantiated.
struct ModelAccess : QAbstractItemModel {
    using QAbstractItemModel::beginInsertRows;
    using QAbstractItemModel::beginMoveRows;
    using QAbstractItemModel::beginRemoveRows;
    using QAbstractItemModel::beginResetModel;
    using QAbstractItemModel::endInsertRows;
    using QAbstractItemModel::endMoveRows;
    using QAbstractItemModel::endRemoveRows;
    using QAbstractItemModel::endResetModel;
};

inline void beginInsert(QAbstractItemModel *m, const QModelIndex &parent, int first, int last)
{
    (m->*(&ModelAccess::beginInsertRows))(parent, first, last);
}
inline void endInsert(QAbstractItemModel *m)
{
    (m->*(&ModelAccess::endInsertRows))();
}
inline void beginRemove(QAbstractItemModel *m, const QModelIndex &parent, int first, int last)
{
    (m->*(&ModelAccess::beginRemoveRows))(parent, first, last);
}
inline void endRemove(QAbstractItemModel *m)
{
    (m->*(&ModelAccess::endRemoveRows))();
}
inline bool beginMove(QAbstractItemModel *m, const QModelIndex &parent, int row, int destination)
{
    return (m->*(&ModelAccess::beginMoveRows))(parent, row, row, parent, destination);
}
inline void endMove(QAbstractItemModel *m)
{
    (m->*(&ModelAccess::endMoveRows))();
}
inline void beginReset(QAbstractItemModel *m)
{
    (m->*(&ModelAccess::beginResetModel))();
}
inline void endReset(QAbstractItemModel *m)
{
    (m->*(&ModelAccess::endResetModel))();
}

// Which elements of `values` (all distinct) form a longest increasing subsequence: those rows
// stay where they are, every other survivor moves once, the fewest moves there can be.
QList<bool> longestIncreasing(const QList<int> &values);

} // namespace rowmerge_detail

// Every cell of one row (all columns, kCellRoles plus `roles`), as the model shows it now.
// Taken before a change and compared after it by announceChangedCells().
QList<QVariant> readCells(
    const QAbstractItemModel *model, const QModelIndex &parent, int row, const QList<int> &roles);

// Emits dataChanged for the cells of `row` that read differently from `before` (one signal per
// run of adjacent changed columns); returns how many cells differed.
int announceChangedCells(QAbstractItemModel *model, const QModelIndex &parent, int row,
    const QList<QVariant> &before, const QList<int> &roles);

// Brings `rows`, the children of `parent` in `model`, to `fresh`, keyed by policy.key(),
// emitting the model's signals for each step: removals (one per run), moves (one per row out
// of order), insertions (one per run), then dataChanged for the cells that changed. `rows`
// may be a QList or a std::vector; `fresh` holds what the rows should become (the same type,
// or what the policy builds rows from). Keys must be unique in both lists; if they are not,
// or (at the top level) more than options.maxSteps signals would be needed, the model is reset.
template<typename Rows, typename Fresh, typename Policy>
RowMergeStats mergeRows(QAbstractItemModel *model, const QModelIndex &parent, Rows &rows,
    const QList<Fresh> &fresh, const Policy &policy, const RowMergeOptions &options = {})
{
    namespace d = rowmerge_detail;
    RowMergeStats stats;
    const int oldCount = int(rows.size());
    const int freshCount = int(fresh.size());

    QHash<Id, int> freshAt;
    freshAt.reserve(freshCount);
    bool unique = true;
    for (int i = 0; i < freshCount; ++i) {
        const Id key = policy.key(fresh.at(i));
        unique = unique && !freshAt.contains(key);
        freshAt.insert(key, i);
    }
    QHash<Id, int> oldAt;
    oldAt.reserve(oldCount);
    for (int i = 0; i < oldCount; ++i) {
        const Id key = policy.key(rows[i]);
        unique = unique && !oldAt.contains(key);
        oldAt.insert(key, i);
    }

    // The plan: what survives (in old order, with its place in the fresh list), which rows
    // must be compared, and how many signals the whole thing takes.
    QList<int> survivorRanks;
    QList<Id> candidates; // rows whose cells are compared
    QSet<Id> changedStructs; // rows whose own data differs
    int steps = 0;
    bool inRun = false;
    for (int i = 0; i < oldCount; ++i) {
        const auto at = freshAt.constFind(policy.key(rows[i]));
        if (at == freshAt.cend()) {
            steps += inRun ? 0 : 1;
            inRun = true;
            continue;
        }
        inRun = false;
        survivorRanks.append(*at);
        const bool same = policy.same(rows[i], fresh.at(*at));
        if (!same)
            changedStructs.insert(policy.key(rows[i]));
        if (options.compareAll || !same)
            candidates.append(policy.key(rows[i]));
    }
    inRun = false;
    for (int f = 0; f < freshCount; ++f) {
        const bool isNew = !oldAt.contains(policy.key(fresh.at(f)));
        steps += isNew && !inRun ? 1 : 0;
        inRun = isNew;
    }
    const QList<bool> stays = d::longestIncreasing(survivorRanks);
    steps += int(std::count(stays.cbegin(), stays.cend(), false));

    if (!unique || (!parent.isValid() && steps > options.maxSteps)) {
        d::beginReset(model);
        if (options.updateContext)
            options.updateContext();
        for (auto &row : rows)
            policy.removing(row);
        rows.clear();
        for (const Fresh &f : fresh)
            rows.push_back(policy.make(f));
        d::endReset(model);
        stats.reset = true;
        return stats;
    }

    const QList<int> &roles = options.roles;
    const int columns = model->columnCount(parent);
    const bool cellwise =
        options.announce && qint64(candidates.size()) * columns <= qint64(options.maxCells);
    QHash<Id, QList<QVariant>> before;
    if (cellwise) {
        for (Id id : std::as_const(candidates))
            before.insert(id, readCells(model, parent, oldAt.value(id), roles));
    }
    if (options.updateContext)
        options.updateContext();

    // 1. Removals, from the back so the rows in front keep their numbers; one signal per run.
    for (int last = oldCount - 1; last >= 0;) {
        if (freshAt.contains(policy.key(rows[last]))) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !freshAt.contains(policy.key(rows[first - 1])))
            --first;
        d::beginRemove(model, parent, first, last);
        for (int i = first; i <= last; ++i)
            policy.removing(rows[i]);
        rows.erase(rows.begin() + first, rows.begin() + last + 1);
        d::endRemove(model);
        stats.removed += last - first + 1;
        last = first - 1;
    }

    // 2. Moves. The survivors on the longest run already in order stay; each other one goes
    // right after the survivor that precedes it in the fresh order, which (by induction over
    // that order) leaves every survivor placed so far in the fresh order.
    QList<int> ranks = survivorRanks; // parallel to rows from here on
    QList<int> target = survivorRanks;
    std::sort(target.begin(), target.end());
    QList<int> staying;
    for (int i = 0; i < stays.size(); ++i)
        if (stays.at(i))
            staying.append(survivorRanks.at(i));
    std::sort(staying.begin(), staying.end());
    for (int t = 0; t < target.size(); ++t) {
        if (std::binary_search(staying.cbegin(), staying.cend(), target.at(t)))
            continue;
        const int from = int(ranks.indexOf(target.at(t)));
        const int to = t == 0 ? 0 : int(ranks.indexOf(target.at(t - 1))) + 1;
        if (from == to)
            continue;
        if (!d::beginMove(model, parent, from, to))
            continue; // cannot happen: from is neither to nor to - 1
        if (from < to) {
            std::rotate(rows.begin() + from, rows.begin() + from + 1, rows.begin() + to);
            std::rotate(ranks.begin() + from, ranks.begin() + from + 1, ranks.begin() + to);
        } else {
            std::rotate(rows.begin() + to, rows.begin() + from, rows.begin() + from + 1);
            std::rotate(ranks.begin() + to, ranks.begin() + from, ranks.begin() + from + 1);
        }
        d::endMove(model);
        ++stats.moved;
    }

    // 3. Insertions, front to back (one signal per run), and new values for the survivors:
    // after this, row i is fresh[i].
    for (int f = 0; f < freshCount;) {
        if (oldAt.contains(policy.key(fresh.at(f)))) {
            Q_ASSERT(policy.key(rows[f]) == policy.key(fresh.at(f)));
            if (!policy.same(rows[f], fresh.at(f)))
                policy.update(rows[f], fresh.at(f));
            ++f;
            continue;
        }
        int end = f;
        while (end < freshCount && !oldAt.contains(policy.key(fresh.at(end))))
            ++end;
        d::beginInsert(model, parent, f, end - 1);
        const int size = int(rows.size());
        for (int i = f; i < end; ++i)
            rows.push_back(policy.make(fresh.at(i)));
        // Appended and rotated into place: one pass over the tail for the whole run.
        std::rotate(rows.begin() + f, rows.begin() + size, rows.end());
        d::endInsert(model);
        stats.inserted += end - f;
        f = end;
    }

    // 4. What changed in place.
    if (!options.announce)
        return stats;
    if (cellwise) {
        for (Id id : std::as_const(candidates)) {
            const int row = freshAt.value(id);
            int n = announceChangedCells(model, parent, row, before.value(id), roles);
            if (n == 0 && changedStructs.contains(id) && columns > 0) {
                // The row changed where no compared role shows it (a flag read through a
                // custom role, a sort key): say the row changed rather than nothing.
                Q_EMIT model->dataChanged(
                    model->index(row, 0, parent), model->index(row, columns - 1, parent));
                n = columns;
            }
            stats.changedCells += n;
            stats.changedRows += n > 0 ? 1 : 0;
        }
        return stats;
    }
    QList<int> changed;
    for (Id id : std::as_const(candidates))
        changed.append(freshAt.value(id));
    std::sort(changed.begin(), changed.end());
    for (int i = 0; i < changed.size();) {
        int j = i;
        while (j + 1 < changed.size() && changed.at(j + 1) == changed.at(j) + 1)
            ++j;
        Q_EMIT model->dataChanged(model->index(changed.at(i), 0, parent),
            model->index(changed.at(j), columns - 1, parent));
        stats.changedRows += j - i + 1;
        stats.changedCells += (j - i + 1) * columns;
        i = j + 1;
    }
    return stats;
}

// The common case: a flat list of domain structs with `id` and operator==, at the top level.
template<typename T>
RowMergeStats mergeRows(QAbstractItemModel *model, QList<T> &rows, const QList<T> &fresh,
    const RowMergeOptions &options = {})
{
    return mergeRows(model, QModelIndex(), rows, fresh, PlainRowPolicy<T> {}, options);
}

} // namespace hindsight
