#include "rowmerge.h"

namespace hindsight {

namespace rowmerge_detail {

QList<bool> longestIncreasing(const QList<int> &values)
{
    // Patience sorting: tails[k] is the index of the smallest value ending an increasing run
    // of length k + 1; previous[] links each value to the one before it on its best run.
    const int n = int(values.size());
    QList<int> tails;
    // Sized from values.size() (qsizetype), not n: GCC 12 at -O2 otherwise warns that a
    // negative int could reach memset (-Wstringop-overflow), a false positive.
    QList<int> previous(values.size(), -1);
    for (int i = 0; i < n; ++i) {
        const auto at = std::lower_bound(tails.cbegin(), tails.cend(), values.at(i),
            [&values](int index, int value) { return values.at(index) < value; });
        const int length = int(at - tails.cbegin());
        if (length > 0)
            previous[i] = tails.at(length - 1);
        if (length == tails.size())
            tails.append(i);
        else
            tails[length] = i;
    }
    QList<bool> on(values.size(), false);
    for (int i = tails.isEmpty() ? -1 : tails.constLast(); i >= 0; i = previous.at(i))
        on[i] = true;
    return on;
}

} // namespace rowmerge_detail

QList<QVariant> readCells(
    const QAbstractItemModel *model, const QModelIndex &parent, int row, const QList<int> &roles)
{
    const int columns = model->columnCount(parent);
    const QList<int> &standard = kCellRoles();
    QList<QVariant> cells;
    cells.reserve(columns * (standard.size() + roles.size()));
    for (int c = 0; c < columns; ++c) {
        const QModelIndex cell = model->index(row, c, parent);
        for (int role : standard)
            cells.append(model->data(cell, role));
        for (int role : roles)
            cells.append(model->data(cell, role));
    }
    return cells;
}

int announceChangedCells(QAbstractItemModel *model, const QModelIndex &parent, int row,
    const QList<QVariant> &before, const QList<int> &roles)
{
    const QList<QVariant> after = readCells(model, parent, row, roles);
    const int columns = model->columnCount(parent);
    const qsizetype perCell = kCellRoles().size() + roles.size();
    auto differs = [&](int column) {
        if (before.size() != after.size())
            return true;
        for (qsizetype i = column * perCell; i < (column + 1) * perCell; ++i)
            if (before.at(i) != after.at(i))
                return true;
        return false;
    };
    int count = 0;
    for (int c = 0; c < columns;) {
        if (!differs(c)) {
            ++c;
            continue;
        }
        int last = c;
        while (last + 1 < columns && differs(last + 1))
            ++last;
        Q_EMIT model->dataChanged(model->index(row, c, parent), model->index(row, last, parent));
        count += last - c + 1;
        c = last + 1;
    }
    return count;
}

} // namespace hindsight
