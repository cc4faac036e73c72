#include "blamelesscoach.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <map>
#include <utility>

using namespace Qt::StringLiterals;

// The analysis works on words, not on regular expressions: the text is split once into tokens
// (linear, no backtracking whatever the input), and every rule looks at a bounded number of
// neighbouring tokens. Whole-word matching falls out of the tokenizer: a word is a run of
// letters, digits, marks and underscores, joined by inner hyphens and apostrophes, so
// "default", "faultless" and "fault-tolerant" are words of their own and never "fault".

namespace hindsight {

namespace {

constexpr int kMaxClause = 8; // words of context quoted back in a question ("to renew the cert")

struct Token {
    int start = 0; // in the analysed text
    int end = 0;
    QString key; // case-folded, ’ → ', ‐ → -; a split contraction spelled out ("not")
    QString display; // how to write it back when not the original text ("can" for "ca|n't")
    bool wsBefore = true; // only whitespace (or nothing) since the previous token
    bool sentenceStart = false; // first token, or after . ! ? ; : … or a line break
    bool glued = false; // a clitic written onto the previous word ("'s", "'re")
};
using Tokens = QList<Token>;

char32_t codePointAt(const QString &s, qsizetype i, int *units)
{
    const QChar c = s.at(i);
    if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
        *units = 2;
        return QChar::surrogateToUcs4(c, s.at(i + 1));
    }
    *units = 1;
    return c.unicode();
}

bool isWordChar(char32_t c)
{
    if (c == U'_' || QChar::isLetterOrNumber(c))
        return true;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing: return true; // decomposed accents stay inside their word
    default: return false;
    }
}

// Joins two word characters into one word: "fault-tolerant", "on-call", "don't", "O’Brien".
bool isJoiner(char32_t c)
{
    return c == U'-' || c == U'\'' || c == 0x2010 || c == 0x2011 || c == 0x2019 || c == 0x02BC;
}

bool isSentenceBreak(QChar c)
{
    switch (c.unicode()) {
    case u'.':
    case u'!':
    case u'?':
    case u';':
    case u':':
    case u'\n':
    case u'\r':
    case 0x2026: // …
    case 0x2028: // line separator
    case 0x2029: // paragraph separator
        return true;
    default: return false;
    }
}

QString foldKey(const QString &word)
{
    QString k = word.toCaseFolded();
    bool ascii = true;
    for (QChar &ch : k) {
        switch (ch.unicode()) {
        case 0x2019:
        case 0x02BC: ch = u'\''; break;
        case 0x2010:
        case 0x2011: ch = u'-'; break;
        default:
            if (ch.unicode() >= 0x80)
                ascii = false;
            break;
        }
    }
    // Composed and decomposed "é" must compare equal; only worth the cost for non-ASCII words.
    return ascii ? k : k.normalized(QString::NormalizationForm_C);
}

// Contractions are split so the lists need one spelling: "wasn't" is "was not", "she's" is
// "she" + "'s", "should've" is "should have". The parts keep their place in the text.
struct Clitic {
    QLatin1StringView suffix;
    QLatin1StringView key;
    bool glued;
};
constexpr std::array<Clitic, 7> kClitics {{
    {"n't"_L1, "not"_L1, false},
    {"'s"_L1, "'s"_L1, true}, // is, has or a possessive: decided where it is used
    {"'re"_L1, "are"_L1, true},
    {"'m"_L1, "am"_L1, true},
    {"'ve"_L1, "have"_L1, true},
    {"'d"_L1, "'d"_L1, true}, // had or would
    {"'ll"_L1, "will"_L1, true},
}};

void appendWord(Tokens &tokens, const QString &text, qsizetype gapStart, qsizetype s, qsizetype e)
{
    Token tok;
    tok.start = int(s);
    tok.end = int(e);
    tok.key = foldKey(text.mid(s, e - s));
    tok.sentenceStart = tokens.isEmpty();
    for (qsizetype g = gapStart; g < s; ++g) {
        const QChar c = text.at(g);
        if (!c.isSpace())
            tok.wsBefore = false;
        if (isSentenceBreak(c))
            tok.sentenceStart = true;
    }

    auto splitAt = [&](qsizetype suffixLength, const QString &baseKey, const QString &baseDisplay,
                       const QString &suffixKey, bool glued) {
        Token base = tok;
        base.end = int(e - suffixLength);
        base.key = baseKey;
        base.display = baseDisplay;
        Token tail;
        tail.start = base.end;
        tail.end = int(e);
        tail.key = suffixKey;
        tail.glued = glued;
        if (!glued)
            tail.display = suffixKey;
        tokens.append(std::move(base));
        tokens.append(std::move(tail));
    };

    if (tok.key == "cannot"_L1 && e - s == 6) {
        splitAt(3, u"can"_s, {}, u"not"_s, false);
        return;
    }
    for (const Clitic &cl : kClitics) {
        const qsizetype n = cl.suffix.size();
        if (tok.key.size() <= n || e - s <= n || !tok.key.endsWith(cl.suffix))
            continue;
        QString base = tok.key.chopped(n);
        if (base.endsWith(u'\'') || base.endsWith(u'-'))
            continue;
        QString display;
        if (cl.suffix == "n't"_L1) {
            // "can't", "won't", "shan't": the written stem is not the word.
            static const QHash<QString, QString> stems {
                {u"ca"_s, u"can"_s}, {u"wo"_s, u"will"_s}, {u"sha"_s, u"shall"_s}};
            if (const auto it = stems.constFind(base); it != stems.constEnd()) {
                base = *it;
                display = *it;
            }
        }
        splitAt(n, base, display, QString(cl.key), cl.glued);
        return;
    }
    tokens.append(std::move(tok));
}

Tokens tokenize(const QString &text)
{
    Tokens tokens;
    const qsizetype n = text.size();
    qsizetype i = 0;
    qsizetype gapStart = 0;
    while (i < n) {
        int units = 1;
        if (!isWordChar(codePointAt(text, i, &units))) {
            i += units;
            continue;
        }
        const qsizetype s = i;
        char32_t previous = codePointAt(text, i, &units);
        i += units;
        while (i < n) {
            const char32_t c = codePointAt(text, i, &units);
            if (isWordChar(c)) {
                previous = c;
                i += units;
                continue;
            }
            if (i + units < n) {
                int next = 1;
                const char32_t after = codePointAt(text, i + units, &next);
                // "10:42", "1.5", "v2.3" and "1,000" are one word: a colon or a full stop
                // inside a number is not the end of a sentence.
                const bool numberJoin = (c == U':' || c == U'.' || c == U',')
                    && QChar::isDigit(previous) && QChar::isDigit(after);
                if ((isJoiner(c) || numberJoin) && isWordChar(after)) {
                    previous = after;
                    i += units + next;
                    continue;
                }
            }
            break;
        }
        appendWord(tokens, text, gapStart, s, i);
        gapStart = i;
    }
    return tokens;
}

QStringList keysOf(const QString &phrase)
{
    QStringList keys;
    const Tokens tokens = tokenize(phrase);
    keys.reserve(tokens.size());
    for (const Token &t : tokens)
        keys.append(t.key);
    return keys;
}

QSet<QString> setOf(std::initializer_list<const char16_t *> words)
{
    QSet<QString> set;
    for (const char16_t *w : words)
        set.insert(QString::fromUtf16(w));
    return set;
}

// Grammar, not vocabulary: these small closed sets describe sentence structure and are not
// meant to be extended by users, so they live here rather than in the word lists.
const QSet<QString> &determiners()
{
    static const QSet<QString> s = setOf(
        {u"the", u"a", u"an", u"our", u"their", u"his", u"her", u"my", u"your", u"its", u"this",
            u"that", u"these", u"those", u"one", u"another", u"every", u"each", u"some", u"any"});
    return s;
}

// Words that cannot be a modifier between a determiner and a person noun.
const QSet<QString> &functionWords()
{
    static const QSet<QString> s = setOf({u"the", u"a", u"an", u"and", u"or", u"but", u"so", u"to",
        u"of", u"in", u"on", u"at", u"by", u"for", u"with", u"from", u"was", u"were", u"is", u"are",
        u"am", u"be", u"been", u"being", u"has", u"have", u"had", u"'s", u"'d", u"not", u"will",
        u"would", u"should", u"could", u"can", u"may", u"might", u"must", u"do", u"does", u"did",
        u"that", u"this", u"these", u"those", u"it", u"because", u"since", u"when", u"while", u"if",
        u"then", u"than", u"as", u"after", u"before", u"he", u"she", u"they", u"we", u"i", u"you",
        u"who", u"which"});
    return s;
}

// Ends the clause quoted back in a question: "they forgot to renew it and ..." stops at "and".
const QSet<QString> &clauseStops()
{
    static const QSet<QString> s =
        setOf({u"and", u"but", u"or", u"nor", u"so", u"because", u"since", u"which", u"while",
            u"whilst", u"when", u"whereas", u"although", u"though", u"then", u"until", u"unless"});
    return s;
}

// Where a long clause may be cut without leaving half a phrase.
const QSet<QString> &phraseStarts()
{
    static const QSet<QString> s = setOf({u"to", u"for", u"at", u"on", u"in", u"by", u"with",
        u"after", u"before", u"during", u"from", u"that", u"who", u"where", u"without", u"into"});
    return s;
}

// Degree and manner words allowed between a verb and what follows ("was very tired",
// "simply forgot", "should have just asked").
const QSet<QString> &adverbs()
{
    static const QSet<QString> s = setOf({u"very", u"really", u"so", u"too", u"quite", u"extremely",
        u"pretty", u"completely", u"totally", u"overly", u"incredibly", u"clearly", u"probably",
        u"apparently", u"just", u"also", u"still", u"already", u"rather", u"somewhat", u"badly",
        u"severely", u"heavily", u"seriously", u"utterly", u"visibly", u"obviously", u"simply",
        u"easily", u"definitely", u"certainly", u"maybe", u"perhaps", u"never", u"not", u"all",
        u"likely"});
    return s;
}

// "felt tired" -> "Why did X feel tired?"
const QHash<QString, QString> &linkingVerbs()
{
    static const QHash<QString, QString> h {
        {u"felt"_s, u"feel"_s},
        {u"seemed"_s, u"seem"_s},
        {u"got"_s, u"get"_s},
        {u"became"_s, u"become"_s},
        {u"grew"_s, u"grow"_s},
        {u"looked"_s, u"look"_s},
    };
    return h;
}

// Past forms that do not read well in "what made <doing it> look safe?".
const QSet<QString> &genericCauseVerbs()
{
    static const QSet<QString> s = setOf({u"caused", u"broke", u"crashed", u"killed", u"destroyed",
        u"ruined", u"took", u"brought", u"messed", u"screwed", u"failed", u"made", u"forgot"});
    return s;
}

// Past forms that describe a need, a feeling or a perception, not an act that caused
// something: "We needed more time" is no person as the cause.
const QSet<QString> &notAnAct()
{
    static const QSet<QString> s = setOf({u"needed", u"wanted", u"liked", u"hated", u"loved",
        u"knew", u"noticed", u"saw", u"heard", u"received", u"hoped", u"wished", u"tried", u"asked",
        u"waited", u"worked", u"helped", u"found", u"joined", u"left", u"reported", u"alerted",
        u"escalated", u"called", u"paged", u"emailed", u"mentioned", u"warned"});
    return s;
}

// Words ending in "ed" that are not past tenses.
const QSet<QString> &notPastTense()
{
    static const QSet<QString> s =
        setOf({u"embed", u"hundred", u"sacred", u"naked", u"wicked", u"kindred", u"rugged",
            u"ragged", u"crooked", u"beloved", u"shred", u"sled", u"fred", u"ahmed", u"mohammed",
            u"muhammed", u"mohamed", u"jared", u"alfred", u"manfred", u"winifred"});
    return s;
}

} // namespace

namespace detail {

struct CoachLists {
    struct Phrase {
        QStringList tokens;
        CoachCategory category = CoachCategory::BlameWord;
        bool needsParticiple = false;
    };
    struct Lapse {
        QStringList tokens;
        QString asked; // "forget", "not notice": what follows "Why did X"
    };

    // All indexes are keyed by the first token and hold the longest phrases first.
    QHash<QString, QList<Phrase>> literal; // blame words, human error, counterfactuals
    QHash<QString, QList<Phrase>> afterPerson; // "<person> failed to"
    QHash<QString, QList<QStringList>> notBlame;
    QHash<QString, QList<QStringList>> nouns;
    QHash<QString, QList<QStringList>> pronouns;
    QHash<QString, QList<QStringList>> states;
    QHash<QString, QList<Lapse>> lapses;
    QSet<QString> participles; // irregular past participles
    QHash<QString, QString> pastGerund; // irregular past -> -ing form
    QStringList missing;
};

} // namespace detail

namespace {

using detail::CoachLists;

const QStringList &tokensOf(const QStringList &t)
{
    return t;
}
const QStringList &tokensOf(const CoachLists::Phrase &p)
{
    return p.tokens;
}
const QStringList &tokensOf(const CoachLists::Lapse &l)
{
    return l.tokens;
}

template<typename T> void addTo(QHash<QString, QList<T>> &index, T item)
{
    const QStringList &keys = tokensOf(item);
    if (keys.isEmpty())
        return;
    index[keys.first()].append(std::move(item));
}

template<typename T> void longestFirst(QHash<QString, QList<T>> &index)
{
    for (auto &bucket : index)
        std::stable_sort(bucket.begin(), bucket.end(),
            [](const T &a, const T &b) { return tokensOf(a).size() > tokensOf(b).size(); });
}

QStringList readList(const QString &directory, const QString &name, QStringList *missing)
{
    QFile file(directory + u'/' + name);
    if (!file.open(QIODevice::ReadOnly)) {
        missing->append(name);
        return {};
    }
    QString all = QString::fromUtf8(file.readAll());
    if (all.startsWith(QChar(0xFEFF)))
        all.remove(0, 1);
    QStringList lines;
    for (QStringView line : QStringView(all).split(u'\n')) {
        line = line.trimmed(); // also drops the \r of CRLF files
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        lines.append(line.toString());
    }
    return lines;
}

std::shared_ptr<const CoachLists> loadLists(const QString &directory)
{
    auto lists = std::make_shared<CoachLists>();
    QStringList *missing = &lists->missing;

    auto addPhrases = [&](const QString &file, CoachCategory category) {
        for (QString line : readList(directory, file, missing)) {
            bool person = false;
            bool participle = false;
            if (line.startsWith("<person>"_L1)) {
                person = true;
                line = line.mid(8);
            }
            if (line.endsWith("<pp>"_L1)) {
                participle = true;
                line.chop(4);
            }
            CoachLists::Phrase p {keysOf(line), category, participle};
            addTo(person ? lists->afterPerson : lists->literal, std::move(p));
        }
    };
    addPhrases(u"blame-words.txt"_s, CoachCategory::BlameWord);
    addPhrases(u"human-error.txt"_s, CoachCategory::HumanError);
    addPhrases(u"counterfactuals.txt"_s, CoachCategory::Counterfactual);

    auto addSimple = [&](const QString &file, QHash<QString, QList<QStringList>> &index) {
        for (const QString &line : readList(directory, file, missing))
            addTo(index, keysOf(line));
    };
    addSimple(u"not-blame.txt"_s, lists->notBlame);
    addSimple(u"person-nouns.txt"_s, lists->nouns);
    addSimple(u"person-pronouns.txt"_s, lists->pronouns);
    addSimple(u"person-states.txt"_s, lists->states);

    for (const QString &line : readList(directory, u"person-lapses.txt"_s, missing)) {
        const qsizetype eq = line.indexOf(u'=');
        const QString written = (eq < 0 ? line : line.left(eq)).trimmed();
        const QString asked = (eq < 0 ? written : line.mid(eq + 1).trimmed());
        addTo(lists->lapses, CoachLists::Lapse {keysOf(written), asked});
    }

    for (const QString &line : readList(directory, u"irregular-verbs.txt"_s, missing)) {
        const QStringList cols = line.simplified().split(u' ');
        if (cols.size() != 4)
            continue;
        const QString gerund = cols.at(3).toCaseFolded();
        for (const QString &past : cols.at(1).split(u'/', Qt::SkipEmptyParts))
            lists->pastGerund.insert(past.toCaseFolded(), gerund);
        for (const QString &pp : cols.at(2).split(u'/', Qt::SkipEmptyParts))
            lists->participles.insert(pp.toCaseFolded());
    }
    // Auxiliaries are kept out of the verb table, but they are participles all the same:
    // "should have been", "could have had".
    lists->participles.insert(u"been"_s);
    lists->participles.insert(u"had"_s);

    longestFirst(lists->literal);
    longestFirst(lists->afterPerson);
    longestFirst(lists->notBlame);
    longestFirst(lists->nouns);
    longestFirst(lists->pronouns);
    longestFirst(lists->states);
    longestFirst(lists->lapses);
    return lists;
}

int priority(CoachCategory c)
{
    // When spans compete, the most specific reading wins: a listed phrase over a pattern,
    // and a person's state (which comes with a ready question) over "person as the cause".
    switch (c) {
    case CoachCategory::HumanError: return 0;
    case CoachCategory::BlameWord: return 1;
    case CoachCategory::Counterfactual: return 2;
    case CoachCategory::PersonState: return 3;
    case CoachCategory::PersonAsCause: return 4;
    }
    return 5;
}

struct Candidate {
    int firstToken = 0; // for ordering only
    CoachHint hint;
};

struct Subject {
    qsizetype begin = -1;
    qsizetype end = -1; // one past the last token
    bool startsWithName = false;
    bool valid() const { return begin >= 0; }
};

struct Range {
    qsizetype begin = 0;
    qsizetype end = 0;
};

class Analysis
{
    Q_DECLARE_TR_FUNCTIONS(BlamelessCoach)

public:
    Analysis(const QString &text, const CoachLists &lists, const QStringList &participants,
        bool chainEnd)
        : m_text(text)
        , m_t(tokenize(text))
        , m_n(m_t.size())
        , m_lists(lists)
        , m_chainEnd(chainEnd)
    {
        for (const QString &name : participants) {
            const QStringList keys = keysOf(name);
            if (keys.isEmpty())
                continue;
            addTo(m_names, keys);
            if (keys.size() > 1)
                addTo(m_names, QStringList {keys.first()});
        }
        longestFirst(m_names);
    }

    QList<CoachHint> run()
    {
        computeNotBlameReach();
        for (qsizetype i = 0; i < m_n; ++i) {
            literalAt(i);
            const Subject s = subjectAt(i);
            if (!s.valid())
                continue;
            afterPersonAt(s);
            if (m_chainEnd) {
                stateAfter(s);
                lapseAfter(s);
                causeAt(s);
            }
        }
        return resolve();
    }

private:
    bool ws(qsizetype j) const { return j < m_n && m_t.at(j).wsBefore; }
    // The next word continues the same clause: whitespace only, no sentence break.
    bool continues(qsizetype j) const { return ws(j) && !m_t.at(j).sentenceStart; }

    bool matchesAt(qsizetype i, const QStringList &seq) const
    {
        if (i < 0 || i + seq.size() > m_n)
            return false;
        for (qsizetype k = 0; k < seq.size(); ++k) {
            if (k > 0 && !m_t.at(i + k).wsBefore)
                return false;
            if (m_t.at(i + k).key != seq.at(k))
                return false;
        }
        return true;
    }

    // Length in tokens of the longest entry of index that matches at i, or 0.
    template<typename T>
    qsizetype longestAt(
        const QHash<QString, QList<T>> &index, qsizetype i, const T **found = nullptr) const
    {
        if (i >= m_n)
            return 0;
        const auto it = index.constFind(m_t.at(i).key);
        if (it == index.constEnd())
            return 0;
        for (const T &item : *it) {
            if (matchesAt(i, tokensOf(item))) {
                if (found)
                    *found = &item;
                return tokensOf(item).size();
            }
        }
        return 0;
    }

    bool isPastTense(const QString &key) const
    {
        if (m_lists.pastGerund.contains(key))
            return true;
        if (key.size() < 4 || !key.endsWith("ed"_L1) || notPastTense().contains(key))
            return false;
        // "need", "speed", "proceed" are present tense; "agreed", "freed" are not.
        if (key.endsWith("eed"_L1))
            return key == "agreed"_L1 || key == "freed"_L1 || key == "guaranteed"_L1;
        return std::all_of(
            key.cbegin(), key.cend(), [](QChar c) { return c.isLetter() || c == u'-'; });
    }

    QString gerundOf(const QString &past) const
    {
        if (const auto it = m_lists.pastGerund.constFind(past); it != m_lists.pastGerund.cend())
            return *it;
        if (past.endsWith("ied"_L1))
            return past.chopped(3) + "ying"_L1; // applied -> applying
        if (past.endsWith("eed"_L1))
            return past.chopped(1) + "ing"_L1; // agreed -> agreeing
        return past.chopped(2) + "ing"_L1; // deployed, stopped, used -> deploy/stopp/using
    }

    // Index after a past participle at j (one adverb may come first), or -1.
    qsizetype participleAt(qsizetype j) const
    {
        if (continues(j) && adverbs().contains(m_t.at(j).key))
            ++j;
        if (!continues(j))
            return -1;
        const QString &key = m_t.at(j).key;
        return (m_lists.participles.contains(key) || isPastTense(key)) ? j + 1 : -1;
    }

    // Words after `from` that belong to the same clause, up to kMaxClause. A longer clause is
    // cut before its last preposition or relative word within reach ("to skip the load test |
    // to hit the deadline"); failing that it is not quoted at all, because a question cut
    // mid-phrase reads worse than a short one.
    Range clauseFrom(qsizetype from) const
    {
        qsizetype j = from;
        qsizetype cut = from;
        while (continues(j) && !clauseStops().contains(m_t.at(j).key)) {
            if (j - from == kMaxClause)
                return {from, cut};
            if (j > from && phraseStarts().contains(m_t.at(j).key))
                cut = j;
            ++j;
        }
        return {from, j};
    }

    QString render(qsizetype a, qsizetype b) const
    {
        QString out;
        for (qsizetype j = a; j < b; ++j) {
            const Token &tk = m_t.at(j);
            const QString word =
                tk.display.isEmpty() ? m_text.mid(tk.start, tk.end - tk.start) : tk.display;
            if (!tk.glued && !out.isEmpty())
                out += u' ';
            out += word;
        }
        return out;
    }

    // The subject as the user wrote it, fit for the middle of a question: "The operator" ->
    // "the operator", but "SRE team", "I" and names keep their capitals.
    QString renderSubject(const Subject &s) const
    {
        QString out = render(s.begin, s.end);
        const Token &first = m_t.at(s.begin);
        if (s.startsWithName || first.key == "i"_L1 || out.isEmpty())
            return out;
        const QString word = m_text.mid(first.start, first.end - first.start);
        const bool restHasUpper =
            std::any_of(word.cbegin() + 1, word.cend(), [](QChar c) { return c.isUpper(); });
        if (!restHasUpper)
            out[0] = out.at(0).toLower();
        return out;
    }

    qsizetype simpleSubjectEnd(qsizetype i, bool *isName) const
    {
        qsizetype best = -1;
        if (const qsizetype len = longestAt(m_names, i)) {
            best = i + len;
            *isName = true;
        }
        if (const qsizetype len = longestAt(m_lists.pronouns, i))
            best = std::max(best, i + len);
        // Nouns in a row are one noun phrase: "on-call engineer", "SRE team".
        for (qsizetype j = i, len = 0; j < i + 3 && (len = longestAt(m_lists.nouns, j)) > 0;
             j += len) {
            best = std::max(best, j + len);
            if (!continues(j + len))
                break;
        }

        // A determiner ("the", "our", "Alice's") and up to two modifiers before a person noun:
        // "the on-call engineer", "our new SRE", "Alice's manager".
        qsizetype d = -1;
        const QString &key = m_t.at(i).key;
        if (determiners().contains(key))
            d = i + 1;
        else if (i + 1 < m_n && m_t.at(i + 1).glued && m_t.at(i + 1).key == "'s"_L1
            && !functionWords().contains(key))
            d = i + 2;
        if (d > 0) {
            // The phrase ends at its last person noun: "the on-call engineer", "the team lead".
            for (qsizetype j = d; j < d + 3 && continues(j); ++j) {
                if (const qsizetype len = longestAt(m_lists.nouns, j)) {
                    best = std::max(best, j + len);
                    continue;
                }
                if (functionWords().contains(m_t.at(j).key) || longestAt(m_lists.pronouns, j) > 0)
                    break;
            }
        }
        return best;
    }

    Subject subjectAt(qsizetype i) const
    {
        bool isName = false;
        qsizetype end = simpleSubjectEnd(i, &isName);
        if (end < 0)
            return {};
        // "Alice and Bob were tired": one level of coordination.
        if (continues(end) && m_t.at(end).key == "and"_L1 && continues(end + 1)) {
            bool ignored = false;
            const qsizetype second = simpleSubjectEnd(end + 1, &ignored);
            if (second > 0)
                end = second;
        }
        return {i, end, isName};
    }

    void add(qsizetype firstToken, qsizetype lastToken, CoachCategory category,
        const QString &suggestion, const QString &question = {})
    {
        Candidate c;
        c.firstToken = int(firstToken);
        c.hint.start = m_t.at(firstToken).start;
        c.hint.length = m_t.at(lastToken).end - c.hint.start;
        c.hint.category = category;
        c.hint.suggestion = suggestion;
        c.hint.nextQuestion = question;
        m_candidates.append(std::move(c));
    }

    QString suggestionFor(CoachCategory category) const
    {
        switch (category) {
        case CoachCategory::BlameWord:
            return tr("Describe what happened and what made it easy to happen, rather than "
                      "judging the person.");
        case CoachCategory::HumanError:
            return tr("Ask what in the system made this error possible.");
        case CoachCategory::Counterfactual:
            return tr("Describe what was known at the time instead of what should have "
                      "happened.");
        case CoachCategory::PersonAsCause:
        case CoachCategory::PersonState: break;
        }
        return {};
    }

    // For every token, how far (in tokens) the not-blame phrases starting at or before it
    // reach. A listed hit [a, b) lies inside one of them exactly when m_reach[a] >= b.
    void computeNotBlameReach()
    {
        m_reach.resize(m_n);
        qsizetype reach = 0;
        for (qsizetype i = 0; i < m_n; ++i) {
            if (const qsizetype len = longestAt(m_lists.notBlame, i))
                reach = std::max(reach, i + len);
            m_reach[i] = reach;
        }
    }

    void addPhraseHits(const QList<CoachLists::Phrase> &bucket, qsizetype i)
    {
        for (const CoachLists::Phrase &p : bucket) {
            const qsizetype end = i + p.tokens.size();
            if (!matchesAt(i, p.tokens))
                continue;
            if (p.needsParticiple && participleAt(end) < 0)
                continue;
            if (m_reach.at(i) >= end)
                continue;
            add(i, end - 1, p.category, suggestionFor(p.category));
        }
    }

    void literalAt(qsizetype i)
    {
        const auto it = m_lists.literal.constFind(m_t.at(i).key);
        if (it != m_lists.literal.constEnd())
            addPhraseHits(*it, i);
    }

    void afterPersonAt(const Subject &s)
    {
        if (!ws(s.end))
            return;
        const auto it = m_lists.afterPerson.constFind(m_t.at(s.end).key);
        if (it != m_lists.afterPerson.constEnd())
            addPhraseHits(*it, s.end);
    }

    QString stateQuestion(
        const QString &aux, const Subject &s, const QString &middle, Range rest) const
    {
        QString q = u"Why "_s + aux + u' ' + renderSubject(s) + u' ' + middle;
        if (rest.end > rest.begin)
            q += u' ' + render(rest.begin, rest.end);
        return q + u'?';
    }

    void addState(const Subject &s, qsizetype lastToken, const QString &question)
    {
        add(s.begin, lastToken, CoachCategory::PersonState,
            tr("A person's state is not a root cause yet. Ask the next why: %1").arg(question),
            question);
    }

    // "<person> was/is/had been/felt [getting] [very] <state>"
    void stateAfter(const Subject &s)
    {
        qsizetype k = s.end;
        if (!ws(k))
            return;
        const QString &key = m_t.at(k).key;
        const bool nextIsBeen = continues(k + 1) && m_t.at(k + 1).key == "been"_L1;
        QString aux;
        QString verb; // for "felt", "got" ...: the base form asked with "did"
        if (key == "is"_L1 || key == "are"_L1 || key == "am"_L1 || key == "was"_L1
            || key == "were"_L1)
            aux = key;
        else if (key == "'s"_L1)
            aux = nextIsBeen ? u"has"_s : u"is"_s;
        else if ((key == "'d"_L1 || key == "has"_L1 || key == "have"_L1 || key == "had"_L1)
            && nextIsBeen)
            aux = key == "'d"_L1 ? u"had"_s : key;
        else if (const auto it = linkingVerbs().constFind(key); it != linkingVerbs().cend()) {
            aux = u"did"_s;
            verb = *it;
        } else
            return;

        const qsizetype middle = k + 1;
        qsizetype j = middle;
        if (nextIsBeen && verb.isEmpty())
            ++j;
        if (verb.isEmpty() && continues(j)) {
            static const QSet<QString> progressive =
                setOf({u"getting", u"feeling", u"becoming", u"being"});
            if (progressive.contains(m_t.at(j).key))
                ++j;
        }
        for (int a = 0; a < 2 && continues(j) && adverbs().contains(m_t.at(j).key)
             && m_t.at(j).key != "not"_L1;
             ++a)
            ++j;
        if (!continues(j))
            return;
        const qsizetype len = longestAt(m_lists.states, j);
        if (len == 0)
            return;
        const qsizetype stateEnd = j + len;
        QString said = render(middle, stateEnd);
        if (!verb.isEmpty())
            said = verb + u' ' + said;
        addState(s, stateEnd - 1, stateQuestion(aux, s, said, clauseFrom(stateEnd)));
    }

    // "<person> [simply] forgot / did not notice / assumed ..."
    void lapseAfter(const Subject &s)
    {
        qsizetype j = s.end;
        if (!ws(j))
            return;
        const CoachLists::Lapse *lapse = nullptr;
        qsizetype len = longestAt(m_lists.lapses, j, &lapse);
        if (len == 0 && adverbs().contains(m_t.at(j).key) && continues(j + 1)) {
            ++j; // "simply forgot"; tried second so that "never noticed" stays one phrase
            len = longestAt(m_lists.lapses, j, &lapse);
        }
        if (len == 0)
            return;
        const qsizetype end = j + len;
        addState(s, end - 1, stateQuestion(u"did"_s, s, lapse->asked, clauseFrom(end)));
    }

    bool afterConnective(qsizetype b) const
    {
        static const std::array<QStringList, 6> connectives {{
            {u"because"_s},
            {u"because"_s, u"of"_s},
            {u"due"_s, u"to"_s},
            {u"caused"_s, u"by"_s},
            {u"cause"_s, u"was"_s},
            {u"cause"_s, u"is"_s},
        }};
        if (!continues(b))
            return false;
        return std::any_of(connectives.cbegin(), connectives.cend(),
            [&](const QStringList &c) { return matchesAt(b - c.size(), c); });
    }

    // A person as the final cause: "because Bob deployed it", "due to the operator.",
    // or an answer that starts with a person doing something ("We skipped the canary").
    void causeAt(const Subject &s)
    {
        const QString &first = m_t.at(s.begin).key;
        if (first == "nobody"_L1 || (first == "no"_L1 && s.end > s.begin + 1))
            return; // "because nobody noticed" is about a gap, not a person
        const bool connective = afterConnective(s.begin);
        if (!connective && !m_t.at(s.begin).sentenceStart)
            return;

        auto addGeneric = [&] {
            add(s.begin, s.end - 1, CoachCategory::PersonAsCause,
                tr("A person is not a root cause yet. Ask why the system let this happen."),
                tr("What in the system made this possible?"));
        };
        const qsizetype k = s.end;
        if (!continues(k)) {
            // Nothing follows the person in this clause: "because of Bob." / "Alice."
            const bool clauseEnds = k >= m_n || m_t.at(k).sentenceStart;
            if (connective || clauseEnds)
                addGeneric();
            return;
        }
        const QString &key = m_t.at(k).key;
        if ((key == "did"_L1 && continues(k + 1) && m_t.at(k + 1).key == "not"_L1)
            || key == "never"_L1) {
            addGeneric();
            return;
        }
        if (!isPastTense(key) || notAnAct().contains(key))
            return;
        const Range rest = clauseFrom(k + 1);
        const bool tooLong = rest.end == rest.begin && continues(k + 1)
            && !clauseStops().contains(m_t.at(k + 1).key);
        if (genericCauseVerbs().contains(key) || tooLong) {
            addGeneric();
            return;
        }
        QString doing = gerundOf(key);
        if (rest.end > rest.begin)
            doing += u' ' + render(rest.begin, rest.end);
        add(s.begin, s.end - 1, CoachCategory::PersonAsCause,
            tr("Ask why the system let this happen: what made %1 look safe?").arg(doing),
            tr("What made %1 look safe?").arg(doing));
    }

    QList<CoachHint> resolve()
    {
        std::stable_sort(
            m_candidates.begin(), m_candidates.end(), [](const Candidate &a, const Candidate &b) {
                const int pa = priority(a.hint.category);
                const int pb = priority(b.hint.category);
                if (pa != pb)
                    return pa < pb;
                if (a.hint.length != b.hint.length)
                    return a.hint.length > b.hint.length;
                return a.hint.start < b.hint.start;
            });
        std::map<int, int> taken; // start -> end of accepted spans; they never overlap
        QList<CoachHint> hints;
        for (Candidate &c : m_candidates) {
            const int start = c.hint.start;
            const int end = start + c.hint.length;
            auto it = taken.lower_bound(end);
            if (it != taken.begin() && std::prev(it)->second > start)
                continue;
            taken.emplace(start, end);
            hints.append(std::move(c.hint));
        }
        std::sort(hints.begin(), hints.end(),
            [](const CoachHint &a, const CoachHint &b) { return a.start < b.start; });
        return hints;
    }

    const QString &m_text;
    const Tokens m_t;
    const qsizetype m_n;
    const CoachLists &m_lists;
    const bool m_chainEnd;
    QHash<QString, QList<QStringList>> m_names;
    QList<qsizetype> m_reach;
    QList<Candidate> m_candidates;
};

constexpr std::array<std::pair<CoachCategory, const char *>, 5> kCategoryKeys {{
    {CoachCategory::BlameWord, "blame-word"},
    {CoachCategory::HumanError, "human-error"},
    {CoachCategory::Counterfactual, "counterfactual"},
    {CoachCategory::PersonAsCause, "person-as-cause"},
    {CoachCategory::PersonState, "person-state"},
}};

} // namespace

QString toKey(CoachCategory c)
{
    for (const auto &[value, key] : kCategoryKeys)
        if (value == c)
            return QString::fromLatin1(key);
    return {};
}

std::optional<CoachCategory> coachCategoryFromKey(const QString &key)
{
    for (const auto &[value, k] : kCategoryKeys)
        if (key.compare(QLatin1StringView(k), Qt::CaseInsensitive) == 0)
            return value;
    return std::nullopt;
}

BlamelessCoach::BlamelessCoach()
{
    // Thread-safe, once per process: every coach shares the same immutable lists.
    static const std::shared_ptr<const CoachLists> builtIn = loadLists(u":/coach"_s);
    m_lists = builtIn;
}

BlamelessCoach::BlamelessCoach(const QString &directory)
    : m_lists(loadLists(directory))
{ }

QStringList BlamelessCoach::missingLists() const
{
    return m_lists->missing;
}

QList<CoachHint> BlamelessCoach::analyse(
    const QString &text, const QStringList &participants, bool chainEnd) const
{
    // Spans are int; a text beyond that is not something a person typed.
    if (text.isEmpty() || text.size() > std::numeric_limits<int>::max())
        return {};
    Analysis analysis(text, *m_lists, participants, chainEnd);
    return analysis.run();
}

} // namespace hindsight
