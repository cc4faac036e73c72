// WrappedTable's text columns: they share the room the other columns leave, but never shrink
// below their minimum; then the table scrolls sideways (the Actions step in a 1400-px window
// left "What" 80 px wide, a dozen lines a row, before).
#include "wraplabel.h"
#include "wrappedtable.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace hindsight;

class TestWrappedTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textColumnsStretchOrKeepTheirMinimum();
    void wrapLabelHeightFollowsTextAndWidth();
};

void TestWrappedTable::textColumnsStretchOrKeepTheirMinimum()
{
    enum { What = 0, Owner, Due, Status, Causes, Columns };
    QStandardItemModel model(20, Columns);
    for (int row = 0; row < model.rowCount(); ++row) {
        model.setItem(row, What,
            new QStandardItem(QStringLiteral("Make the login service re-resolve the primary on "
                                             "connection errors, item %1")
                                  .arg(row)));
        model.setItem(row, Owner, new QStandardItem(QStringLiteral("Lena Hoffmann")));
        model.setItem(row, Causes, new QStandardItem(QStringLiteral("The pool kept stale hosts")));
    }
    QTableView view;
    view.setModel(&model);
    WrappedTable *rows = WrappedTable::install(&view);
    QHeaderView *h = view.horizontalHeader();
    for (int c : {Owner, Due, Status})
        h->resizeSection(c, 150);
    rows->setTextColumns({What, Causes}, 24);
    const int minimum = QFontMetrics(view.font()).averageCharWidth() * 24;
    view.resize(1600, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // Roomy: the text columns stretch over what is left, nothing to scroll sideways.
    QTRY_COMPARE(h->sectionResizeMode(What), QHeaderView::Stretch);
    QCOMPARE(h->sectionResizeMode(Causes), QHeaderView::Stretch);
    QTRY_COMPARE(h->length(), view.viewport()->width());
    QVERIFY(h->sectionSize(What) > minimum);

    // Narrow: each keeps its minimum and the rest is reached by scrolling.
    view.resize(600, 500);
    QTRY_COMPARE(h->sectionResizeMode(What), QHeaderView::Interactive);
    QCOMPARE(h->sectionResizeMode(Causes), QHeaderView::Interactive);
    QVERIFY(h->sectionSize(What) >= minimum);
    QVERIFY(h->sectionSize(Causes) >= minimum);
    QTRY_VERIFY(view.horizontalScrollBar()->maximum() > 0);

    // Wide again: back to stretching, without a horizontal bar.
    view.resize(1600, 500);
    QTRY_COMPARE(h->sectionResizeMode(What), QHeaderView::Stretch);
    QTRY_COMPARE(h->length(), view.viewport()->width());
    QTRY_COMPARE(view.horizontalScrollBar()->maximum(), 0);
}

void TestWrappedTable::wrapLabelHeightFollowsTextAndWidth()
{
    // WrapLabel caches heightForWidth(); the cache must follow the text, the font and the width.
    WrapLabel label(QStringLiteral("Ask what happened and what made it possible, not who did it."));
    QLabel plain(label.text());
    plain.setWordWrap(true);
    for (int width : {60, 120, 400, 60})
        QCOMPARE(label.heightForWidth(width), plain.heightForWidth(width));
    const QString longer = label.text().repeated(4);
    label.setText(longer);
    plain.setText(longer);
    QCOMPARE(label.heightForWidth(120), plain.heightForWidth(120));
    QFont big = label.font();
    big.setPointSizeF(big.pointSizeF() * 2);
    label.setFont(big);
    plain.setFont(big);
    QCOMPARE(label.heightForWidth(120), plain.heightForWidth(120));
    label.setContentsMargins(20, 0, 20, 0);
    plain.setContentsMargins(20, 0, 20, 0);
    QCOMPARE(label.heightForWidth(120), plain.heightForWidth(120));
}

QTEST_MAIN(TestWrappedTable)
#include "tst_wrappedtable.moc"
