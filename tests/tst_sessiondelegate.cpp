// The session list's rows: each line is cut to the row with an ellipsis, as QFontMetrics::
// elidedText() would cut it, but read from the layout already made to measure the line.
#include "sessiondelegate.h"

#include <QDir>
#include <QFontMetricsF>
#include <QImage>
#include <QListView>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>
#include <QTextLayout>

using namespace hindsight;

namespace {

QTextLayout *laidOut(const QString &text, const QFont &font, qreal width)
{
    auto *layout = new QTextLayout(text, font);
    QTextOption option(Qt::AlignLeft);
    option.setWrapMode(QTextOption::NoWrap);
    layout->setTextOption(option);
    layout->beginLayout();
    QTextLine line = layout->createLine();
    line.setLineWidth(width);
    layout->endLayout();
    return layout;
}

const QString kEllipsis = QStringLiteral("\u2026");

// The options a list view gives its delegate.
class ListView : public QListView
{
public:
    using QListView::initViewItemOption;
};

} // namespace

class TestSessionDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cutsWhereQtCuts_data();
    void cutsWhereQtCuts();
    void rightToLeftIsLeftToQt();
    void paintsTheSameRowAsQtsElision_data();
    void paintsTheSameRowAsQtsElision();
    void fallbackFontsCannotHelp_data();
    void fallbackFontsCannotHelp();
};

void TestSessionDelegate::cutsWhereQtCuts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    const QString french = QStringLiteral("Incident 500: Le répartiteur de charge a renvoyé toutes "
                                          "les requêtes vers un seul nœud");
    QTest::newRow("fits") << QStringLiteral("Incident 12: disk full") << 400;
    QTest::newRow("accents, cut") << french << 215;
    QTest::newRow("accents, narrow") << french << 60;
    QTest::newRow("decomposed accents")
        << QString(QStringLiteral("Ope\u0301ration re\u0301seau ").repeated(6)) << 180;
    QTest::newRow("CJK and Latin") << QStringLiteral("Incident 499: 東京データセンター outage with "
                                                     "a long tail of words")
                                   << 200;
    QTest::newRow("emoji, surrogate pairs") << QStringLiteral(
        "Pager storm \U0001F525\U0001F525\U0001F525 then the queue backed up "
        "for hours") << 150;
    QTest::newRow("no room for a letter") << french << 6;
    // Every width, in steps that land inside letters, clusters, a ligature ("ffl" in DejaVu
    // Sans) and an emoji sequence: an error shows at some widths and not others. At 350 px the
    // cut fell inside the ligature, which was then drawn whole under the ellipsis.
    const QString mixed = QStringLiteral("Our on-call engineer \U0001F469\u200D\U0001F4BB "
                                         "at 決済サービス: Ope\u0301ration re\u0301seau, "
                                         "offline for 3\u00BD hours");
    for (int width = 9; width <= 420; width += 11)
        QTest::addRow("sweep, %d px", width) << mixed << width;
}

void TestSessionDelegate::cutsWhereQtCuts()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    const QFont font;
    const QFontMetrics metrics(font);
    std::unique_ptr<QTextLayout> layout(laidOut(text, font, width));
    const int kept = elidedLength(*layout, width, QFontMetricsF(font).horizontalAdvance(kEllipsis));

    const QString elided = metrics.elidedText(text, Qt::ElideRight, width);
    if (elided == text) {
        QCOMPARE(kept, text.size());
    } else {
        // Qt keeps a prefix and adds the ellipsis, or gives up (empty) when even one character
        // and the ellipsis do not fit.
        const int qtKept = elided.isEmpty() ? 0 : int(elided.size() - kEllipsis.size());
        QCOMPARE(text.left(kept), text.left(qtKept));
        QVERIFY(kept < text.size());
        if (kept > 0)
            QVERIFY(metrics.horizontalAdvance(text.left(kept) + kEllipsis) <= width);
    }
}

void TestSessionDelegate::rightToLeftIsLeftToQt()
{
    const QFont font;
    for (const QString &text : {QStringLiteral("תקלה במסד הנתונים הראשי גרמה להשבתה ארוכה"),
             QStringLiteral("Incident 7: \u05EA\u05E7\u05DC\u05D4 in the billing run, long")}) {
        std::unique_ptr<QTextLayout> layout(laidOut(text, font, 80));
        QCOMPARE(elidedLength(*layout, 80, 10), -1);
    }
    // A left-to-right line in a right-to-left window: the cut is Qt's too.
    std::unique_ptr<QTextLayout> layout(
        laidOut(QStringLiteral("Plain text, long enough"), font, 40));
    QTextOption option = layout->textOption();
    option.setTextDirection(Qt::RightToLeft);
    layout->setTextOption(option);
    QCOMPARE(elidedLength(*layout, 40, 10), -1);
}

void TestSessionDelegate::paintsTheSameRowAsQtsElision_data()
{
    QTest::addColumn<QString>("title");
    QTest::newRow("accents, cut") << QStringLiteral(
        "Incident 500: Le répartiteur de charge a renvoyé toutes les requêtes vers un seul nœud");
    // Laid out without font merging where no installed font has Japanese (this machine): the
    // same boxes as Qt's own search for a fallback font ends with. Elsewhere, merged as Qt does.
    QTest::newRow("Japanese") << QStringLiteral("Incident 499: 決済サービス outage");
    QTest::newRow("Japanese, cut")
        << QStringLiteral("Incident 498: 決済サービスの障害で、カード決済が四十二分間できなかった");
    QTest::newRow("emoji") << QStringLiteral("Incident 497: card payments 💳 declined");
}

// The row as the list paints it, against the same row painted with Qt's own elision.
void TestSessionDelegate::paintsTheSameRowAsQtsElision()
{
    QFETCH(QString, title);
    const QString meta = QStringLiteral("Post-mortem · Published · 31 Jan 2025");
    QStandardItemModel model;
    model.appendRow(new QStandardItem(title + QLatin1Char('\n') + meta));
    ListView view;
    view.setModel(&model);
    auto *delegate = new SessionItemDelegate(&view);
    view.setItemDelegate(delegate);
    view.resize(240, 200);

    QStyleOptionViewItem option;
    view.initViewItemOption(&option);
    option.rect = QRect(QPoint(0, 0), delegate->sizeHint(option, model.index(0, 0)));
    option.rect.setWidth(220);
    option.state &= ~QStyle::State_HasFocus;

    QImage painted(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    painted.fill(Qt::white);
    {
        QPainter p(&painted);
        delegate->paint(&p, option, model.index(0, 0));
    }

    // Qt's elision of the same lines in the same places: an empty row, then drawText().
    QImage expected(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    expected.fill(Qt::white);
    {
        QStandardItemModel empty;
        empty.appendRow(new QStandardItem(QString(QChar::LineSeparator)));
        QPainter p(&expected);
        delegate->paint(&p, option, empty.index(0, 0));
        const QFontMetrics metrics(option.font);
        const int margin = view.style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1;
        const QRect area = view.style()
                               ->subElementRect(QStyle::SE_ItemViewItemText, &option, &view)
                               .adjusted(margin, 0, -margin, 0);
        int y = area.top() + (area.height() - 2 * metrics.lineSpacing()) / 2;
        p.setFont(option.font);
        p.setPen(option.palette.color(QPalette::Active, QPalette::Text));
        for (const QString &line : {title, meta}) {
            p.drawText(QRect(area.left(), y, area.width(), metrics.lineSpacing()),
                Qt::AlignLeft | Qt::AlignVCenter,
                metrics.elidedText(line, Qt::ElideRight, area.width()));
            y += metrics.lineSpacing();
        }
    }
    QImage blank(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::white);
    QVERIFY(painted != blank);
    if (qEnvironmentVariableIsSet("HINDSIGHT_SAVE_ROW"))
        painted.save(qEnvironmentVariable("HINDSIGHT_SAVE_ROW"));
    if (painted != expected) {
        painted.save(QDir::temp().filePath(QStringLiteral("tst_sessiondelegate-painted.png")));
        expected.save(QDir::temp().filePath(QStringLiteral("tst_sessiondelegate-expected.png")));
        QFAIL("The row differs from Qt's elision; both images are in the temporary folder.");
    }
}

void TestSessionDelegate::fallbackFontsCannotHelp_data()
{
    using W = QFontDatabase;
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<QFontDatabase::WritingSystem>>("installed");
    QTest::addColumn<bool>("cannotHelp");
    const QString japanese = QStringLiteral("Incident 499: 決済サービス outage");
    const QList<W::WritingSystem> latin {W::Latin};
    QTest::newRow("all in the font") << QStringLiteral("Disk full, 12 % left") << latin << false;
    QTest::newRow("Japanese, no font for it") << japanese << latin << true;
    QTest::newRow("Japanese, a Japanese font")
        << japanese << (latin + QList {W::Japanese}) << false;
    // Han characters are written in Chinese, Japanese and Korean: any of their fonts may have them.
    QTest::newRow("kanji, a Korean font")
        << QStringLiteral("決済") << (latin + QList {W::Korean}) << false;
    // U+30FC, the long vowel mark, is common to Hiragana and Katakana: it counts as the Katakana
    // before it. Alone it has no script: a fallback font may have it.
    QTest::newRow("long vowel mark after Katakana") << QStringLiteral("サー") << latin << true;
    QTest::newRow("long vowel mark alone") << QStringLiteral("ー") << latin << false;
    // Emoji and symbols belong to no writing system: some font may have them.
    QTest::newRow("emoji") << QStringLiteral("Payments 💳") << latin << false;
    QTest::newRow("Japanese and emoji") << (japanese + QStringLiteral(" 💳")) << latin << false;
    QTest::newRow("Greek, no font for it") << QStringLiteral("Ωμέγα") << latin << true;
    QTest::newRow("Greek, a Greek font")
        << QStringLiteral("Ωμέγα") << (latin + QList {W::Greek}) << false;
}

// Which lines are laid out without font merging, with a font that has Latin letters only.
void TestSessionDelegate::fallbackFontsCannotHelp()
{
    QFETCH(QString, text);
    QFETCH(QList<QFontDatabase::WritingSystem>, installed);
    QFETCH(bool, cannotHelp);
    const auto latinOnly = [](char32_t c) { return c < 0x0370; };
    QCOMPARE(hindsight::fallbackFontsCannotHelp(text, latinOnly, installed), cannotHelp);
}

QTEST_MAIN(TestSessionDelegate)
#include "tst_sessiondelegate.moc"
