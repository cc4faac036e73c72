#include "similarity.h"

#include <QTest>

using namespace hindsight;
using namespace Qt::StringLiterals;

class TstSimilarity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void duplicates_data();
    void duplicates();
    void normalisedWords_data();
    void normalisedWords();
    void measuresAreSymmetricAndBounded();
    void emptyTextIsNeverADuplicate();
    void similarPairsOrderedAndThresholded();
};

void TstSimilarity::duplicates_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("duplicate");

    // Same idea, written by another group.
    QTest::newRow("identical") << u"The vendor went bankrupt"_s << u"The vendor went bankrupt"_s
                               << true;
    QTest::newRow("case and punctuation")
        << u"Key people left the team!"_s << u"key people left the team"_s << true;
    QTest::newRow("word order") << u"Budget cut in Q3"_s << u"Q3 budget cut"_s << true;
    QTest::newRow("plural") << u"Vendors missed deadlines"_s << u"vendor missed deadline"_s << true;
    QTest::newRow("tense") << u"Launch delayed by legal review"_s
                           << u"legal review delays the launch"_s << true;
    QTest::newRow("filler words") << u"The database was too slow"_s << u"database slow"_s << true;
    QTest::newRow("typo") << u"Nobody tested the migration"_s << u"Nobody tested the migraton"_s
                          << true;
    QTest::newRow("extra word") << u"Scope creep from sales"_s
                                << u"Scope creep from the sales team"_s << true;
    QTest::newRow("apostrophe") << u"Ops didn't get trained"_s << u"ops didn’t get trained"_s
                                << true;
    // Near misses: share a word or two, say something else.
    QTest::newRow("shared subject")
        << u"The vendor went bankrupt"_s << u"The vendor shipped late"_s << false;
    QTest::newRow("shared object")
        << u"Marketing overpromised features"_s << u"Engineering cut features"_s << false;
    QTest::newRow("unrelated") << u"Key people left the team"_s << u"Regulator changed the rules"_s
                               << false;
    QTest::newRow("only filler in common")
        << u"It was the budget"_s << u"It was the weather"_s << false;
    QTest::newRow("short vs long")
        << u"Security"_s << u"Security audit found data leak in payment service"_s << false;
    QTest::newRow("shared verb") << u"Servers ran out of disk"_s
                                 << u"Customers ran out of patience"_s << false;
    QTest::newRow("empty") << QString() << u"anything"_s << false;
    QTest::newRow("punctuation only") << u"?!"_s << u"?!"_s << false;
}

void TstSimilarity::duplicates()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, duplicate);
    const double score = textSimilarity(a, b);
    QVERIFY2(isLikelyDuplicate(a, b) == duplicate,
        qPrintable(QStringLiteral("score %1 for \"%2\" / \"%3\"").arg(score).arg(a, b)));
    QCOMPARE(isLikelyDuplicate(b, a), duplicate);
}

void TstSimilarity::normalisedWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");
    QTest::newRow("filler and case")
        << u"The API was TOO slow"_s << QStringList {u"api"_s, u"slow"_s};
    QTest::newRow("plurals") << u"vendors, bus, glass, parties"_s
                             << QStringList {u"vendor"_s, u"bus"_s, u"glass"_s, u"party"_s};
    QTest::newRow("apostrophe dropped") << u"didn't ship"_s << QStringList {u"didnt"_s, u"ship"_s};
    QTest::newRow("non-latin letters")
        << u"Ärger mit Zöllen"_s << QStringList {u"ärger"_s, u"mit"_s, u"zöllen"_s};
    QTest::newRow("nothing") << u" -- "_s << QStringList();
}

void TstSimilarity::normalisedWords()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    QCOMPARE(hindsight::normalisedWords(text), words);
}

void TstSimilarity::measuresAreSymmetricAndBounded()
{
    const QStringList texts {u"Budget cut"_s, u"Cut of the budget in Q3"_s, u"Vendor bankrupt"_s,
        u"Nobody owned the rollout"_s, u"x"_s};
    for (const QString &a : texts) {
        QCOMPARE(wordJaccard(a, a), 1.0);
        QCOMPARE(trigramSimilarity(a, a), 1.0);
        for (const QString &b : texts) {
            QCOMPARE(wordJaccard(a, b), wordJaccard(b, a));
            QCOMPARE(trigramSimilarity(a, b), trigramSimilarity(b, a));
            QVERIFY(textSimilarity(a, b) >= 0.0 && textSimilarity(a, b) <= 1.0);
        }
    }
    // Jaccard by hand: {budget, cut} vs {cut, budget, q3} -> 2 / 3.
    QCOMPARE(wordJaccard(u"budget cut"_s, u"cut budget Q3"_s), 2.0 / 3.0);
}

void TstSimilarity::emptyTextIsNeverADuplicate()
{
    QCOMPARE(textSimilarity(QString(), QString()), 0.0);
    QVERIFY(!isLikelyDuplicate(u"the"_s, u"the"_s));
}

void TstSimilarity::similarPairsOrderedAndThresholded()
{
    const QStringList texts {u"Vendor went bankrupt"_s, u"Regulator changed rules"_s,
        u"The vendor went bankrupt"_s, u"Vendor bankrupt"_s, u"rules changed by regulator"_s};
    const QList<SimilarPair> pairs = similarPairs(texts);
    QVERIFY(!pairs.isEmpty());
    QCOMPARE(pairs.first(), (SimilarPair {0, 2, 1.0}));
    bool regulator = false;
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        QVERIFY(pairs.at(i).first < pairs.at(i).second);
        QVERIFY(pairs.at(i).score >= kDuplicateThreshold);
        if (i > 0)
            QVERIFY(pairs.at(i - 1).score >= pairs.at(i).score);
        if (pairs.at(i).first == 1 && pairs.at(i).second == 4)
            regulator = true;
        // Never a vendor idea paired with a regulator idea.
        const bool l = texts.at(pairs.at(i).first).contains(u"endor"_s);
        const bool r = texts.at(pairs.at(i).second).contains(u"endor"_s);
        QCOMPARE(l, r);
    }
    QVERIFY(regulator);
    QVERIFY(similarPairs(texts, 1.01).isEmpty());
}

QTEST_GUILESS_MAIN(TstSimilarity)
#include "tst_similarity.moc"
