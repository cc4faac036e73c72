#include "similarity.h"

#include <QSet>

#include <algorithm>

namespace hindsight {

namespace {

// Words that carry no risk on their own. Kept short on purpose: dropping too much makes
// unrelated ideas look alike ("not enough testers" vs "enough testers").
const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        const char *list[] = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "at",
            "by", "with", "was", "were", "is", "are", "be", "been", "it", "its", "we", "our", "us",
            "they", "their", "too", "very", "that", "this", "there", "had", "has", "have", "did",
            "do", "so", "as", "from", "into", "got", "get"};
        for (const char *w : list)
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

QString stem(QString w)
{
    // Only the most common English endings, and never below four letters, so "bus" and "news"
    // survive; good enough to let "vendors"/"vendor" and "delayed"/"delay" meet.
    if (w.size() > 4 && w.endsWith(QLatin1String("ies")))
        return w.chopped(3) + u'y';
    if (w.size() > 4 && (w.endsWith(QLatin1String("ed")) || w.endsWith(QLatin1String("es"))))
        return w.chopped(2);
    if (w.size() > 5 && w.endsWith(QLatin1String("ing")))
        return w.chopped(3);
    if (w.size() > 3 && w.endsWith(u's') && !w.endsWith(QLatin1String("ss")))
        return w.chopped(1);
    return w;
}

QSet<QString> wordSet(const QString &text)
{
    const QStringList words = normalisedWords(text);
    return QSet<QString>(words.cbegin(), words.cend());
}

QSet<QString> trigrams(const QString &text)
{
    QSet<QString> grams;
    const QStringList words = normalisedWords(text);
    for (const QString &w : words) {
        const QString padded = u' ' + w + u' ';
        for (qsizetype i = 0; i + 3 <= padded.size(); ++i)
            grams.insert(padded.mid(i, 3));
    }
    return grams;
}

} // namespace

QStringList normalisedWords(const QString &text)
{
    QStringList out;
    QString current;
    const QString lower = text.toLower();
    auto flush = [&]() {
        if (!current.isEmpty() && !stopWords().contains(current))
            out.append(stem(current));
        current.clear();
    };
    for (const QChar c : lower) {
        if (c.isLetterOrNumber())
            current.append(c);
        else if (c != u'\'' && c != u'\u2019') // "didn't" and "didn’t" both become "didnt"
            flush();
    }
    flush();
    return out;
}

double wordJaccard(const QString &a, const QString &b)
{
    const QSet<QString> x = wordSet(a);
    const QSet<QString> y = wordSet(b);
    if (x.isEmpty() || y.isEmpty())
        return 0;
    const qsizetype common = QSet<QString>(x).intersect(y).size();
    return double(common) / double(x.size() + y.size() - common);
}

double trigramSimilarity(const QString &a, const QString &b)
{
    const QSet<QString> x = trigrams(a);
    const QSet<QString> y = trigrams(b);
    if (x.isEmpty() || y.isEmpty())
        return 0;
    const qsizetype common = QSet<QString>(x).intersect(y).size();
    return 2.0 * double(common) / double(x.size() + y.size());
}

double textSimilarity(const QString &a, const QString &b)
{
    return std::max(wordJaccard(a, b), trigramSimilarity(a, b));
}

bool isLikelyDuplicate(const QString &a, const QString &b, double threshold)
{
    return textSimilarity(a, b) >= threshold;
}

QList<SimilarPair> similarPairs(const QStringList &texts, double threshold)
{
    QList<SimilarPair> pairs;
    for (int i = 0; i < texts.size(); ++i)
        for (int j = i + 1; j < texts.size(); ++j)
            if (const double s = textSimilarity(texts.at(i), texts.at(j)); s >= threshold)
                pairs.append({i, j, s});
    std::stable_sort(pairs.begin(), pairs.end(),
        [](const SimilarPair &l, const SimilarPair &r) { return l.score > r.score; });
    return pairs;
}

} // namespace hindsight
