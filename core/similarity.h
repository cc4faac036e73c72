#pragma once

// Text similarity for the pre-mortem merge step: which ideas, written independently by
// different groups, probably say the same thing. It only *suggests* duplicates; people decide.
// Two measures, because they fail differently: the word-set Jaccard index sees the same words
// in another order ("budget cut" / "cut budget"), character trigrams see the same word spelt or
// inflected differently ("deadline slipped" / "deadlines slip").

#include <QList>
#include <QString>
#include <QStringList>

namespace hindsight {

// Lower case, letters and digits only, common filler words dropped ("the", "was", "too"), and a
// crude plural/tense trim ("vendors" -> "vendor", "delayed" -> "delay") so inflections meet.
QStringList normalisedWords(const QString &text);

// |A ∩ B| / |A ∪ B| over the normalised word sets; 0 when either side has no words.
double wordJaccard(const QString &a, const QString &b);
// Dice coefficient over the character trigrams of the normalised words (each word padded
// with spaces so short words still count); 0 when either side has no words.
double trigramSimilarity(const QString &a, const QString &b);
// The larger of the two: a pair is as similar as its strongest evidence.
double textSimilarity(const QString &a, const QString &b);

constexpr double kDuplicateThreshold = 0.5;

bool isLikelyDuplicate(const QString &a, const QString &b, double threshold = kDuplicateThreshold);

struct SimilarPair {
    int first = 0; // indexes into the list given, first < second
    int second = 0;
    double score = 0;
    bool operator==(const SimilarPair &other) const = default;
};

// Every pair at or above the threshold, most similar first (ties by index).
QList<SimilarPair> similarPairs(const QStringList &texts, double threshold = kDuplicateThreshold);

} // namespace hindsight
