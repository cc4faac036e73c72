#include "blamelesscoach.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hindsight;
using namespace Qt::StringLiterals;

namespace {

// "category:matched text" for each hint, in order: compact to write in a table and readable
// when a comparison fails.
QStringList describe(const QString &text, const QList<CoachHint> &hints)
{
    QStringList out;
    for (const CoachHint &h : hints)
        out.append(toKey(h.category) + u':' + text.mid(h.start, h.length));
    return out;
}

QStringList listLines(const QString &name)
{
    QFile f(u":/coach/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
        const QString t = line.trimmed();
        if (!t.isEmpty() && !t.startsWith(u'#'))
            lines.append(t);
    }
    return lines;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(content), content.size());
}

} // namespace

class TestBlamelessCoach : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resourcesAreCompiledIn();
    void categoryKeys();
    void table_data();
    void table();
    void spans();
    void nextQuestion_data();
    void nextQuestion();
    void suggestions();
    void everyBlamePhraseIsFound_data();
    void everyBlamePhraseIsFound();
    void nearMissListSilencesItsPhrases();
    void everyStateAsksWhy();
    void everyLapseAsksWhy();
    void listFormat();
    void hostileInput();
};

void TestBlamelessCoach::resourcesAreCompiledIn()
{
    // The lists live in a static library: they must reach the executable that links it.
    QVERIFY(QFile::exists(u":/coach/blame-words.txt"_s));
    const BlamelessCoach coach;
    QCOMPARE(coach.missingLists(), QStringList());
}

void TestBlamelessCoach::categoryKeys()
{
    const QList<CoachCategory> all {CoachCategory::BlameWord, CoachCategory::HumanError,
        CoachCategory::Counterfactual, CoachCategory::PersonAsCause, CoachCategory::PersonState};
    QSet<QString> keys;
    for (CoachCategory c : all) {
        QCOMPARE(coachCategoryFromKey(toKey(c)), std::optional<CoachCategory>(c));
        keys.insert(toKey(c));
    }
    QCOMPARE(keys.size(), all.size());
    QCOMPARE(toKey(CoachCategory::PersonState), u"person-state"_s);
    QVERIFY(!coachCategoryFromKey(u"blame"_s).has_value());
}

void TestBlamelessCoach::table_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("participants");
    QTest::addColumn<bool>("chainEnd");
    QTest::addColumn<QStringList>("expected");

    const QStringList people {u"Alice Smith"_s, u"Bob"_s};
    auto row = [&](const char *name, const QString &text, bool chainEnd,
                   const QStringList &expected) {
        QTest::newRow(name) << text << people << chainEnd << expected;
    };

    // Blame words.
    row("fault", u"It was Bob's fault."_s, true, {u"blame-word:fault"_s});
    row("curly apostrophe", u"It’s Bob’s fault"_s, true, {u"blame-word:fault"_s});
    row("blamed", u"Nobody wants to be blamed for this."_s, true, {u"blame-word:blamed"_s});
    row("blame", u"Don't blame the intern."_s, true, {u"blame-word:blame"_s});
    row("careless", u"A careless change to the firewall."_s, true, {u"blame-word:careless"_s});
    row("carelessly", u"The rollout was done carelessly."_s, true, {u"blame-word:carelessly"_s});
    row("negligent, upper case", u"That was NEGLIGENT."_s, true, {u"blame-word:NEGLIGENT"_s});
    row("laziness", u"Pure laziness."_s, true, {u"blame-word:laziness"_s});
    row("lazy", u"He was lazy about reviews."_s, true, {u"blame-word:lazy"_s});
    row("two words", u"Bob was careless and should have known better."_s, true,
        {u"blame-word:careless"_s, u"blame-word:should have known better"_s});
    row("contraction", u"They didn’t bother to test it."_s, false, {u"blame-word:didn’t bother"_s});

    // Human error.
    row("human error", u"Root cause: human error."_s, true, {u"human-error:human error"_s});
    row("operator error", u"Classic operator error"_s, true, {u"human-error:operator error"_s});
    row("user error, shouting", u"USER ERROR, closing."_s, true, {u"human-error:USER ERROR"_s});
    row("hyphenated human error", u"It was a human-error incident."_s, true,
        {u"human-error:human-error"_s});
    row("line break inside", u"blame it on human\nerror"_s, false,
        {u"blame-word:blame"_s, u"human-error:human\nerror"_s});

    // Counterfactuals.
    row("should have", u"We should have checked the logs."_s, true,
        {u"counterfactual:should have"_s});
    row("shouldn't have", u"They shouldn't have restarted it."_s, true,
        {u"counterfactual:shouldn't have"_s});
    row("could've been", u"The outage could've been avoided."_s, true,
        {u"counterfactual:could've"_s});
    row("adverb before participle", u"Someone should have just asked."_s, true,
        {u"counterfactual:should have"_s});
    row("failed to after a name", u"Bob failed to renew the certificate."_s, false,
        {u"counterfactual:failed to"_s});
    row("failed to after a noun", u"The release team failed to notice."_s, false,
        {u"counterfactual:failed to"_s});
    row("if only", u"If only we had a staging cluster."_s, true, {u"counterfactual:If only"_s});
    row("would not have happened", u"This would not have happened with a canary."_s, true,
        {u"counterfactual:would not have happened"_s});
    row("ought to have", u"We ought to have tested the failover."_s, true,
        {u"counterfactual:ought to have"_s});
    row("several kinds in order", u"Human error: Bob was lazy, should have checked."_s, false,
        {u"human-error:Human error"_s, u"blame-word:lazy"_s, u"counterfactual:should have"_s});

    // A person's state at the end of a why chain.
    row("the operator was tired", u"The operator was tired."_s, true,
        {u"person-state:The operator was tired"_s});
    row("first name", u"Alice was rushed."_s, true, {u"person-state:Alice was rushed"_s});
    row("full name", u"Because Alice Smith was distracted by a second incident"_s, true,
        {u"person-state:Alice Smith was distracted"_s});
    row("they forgot", u"they forgot to renew it"_s, true, {u"person-state:they forgot"_s});
    row("wasn't aware", u"The on-call engineer wasn't aware of the change."_s, true,
        {u"person-state:The on-call engineer wasn't aware"_s});
    row("she's new", u"she's new"_s, true, {u"person-state:she's new"_s});
    row("state, then more", u"We were overloaded and skipped the canary."_s, true,
        {u"person-state:We were overloaded"_s});
    row("two people", u"Alice and Bob were under pressure."_s, true,
        {u"person-state:Alice and Bob were under pressure"_s});
    row("felt", u"The team felt overwhelmed."_s, true,
        {u"person-state:The team felt overwhelmed"_s});
    row("did not notice", u"Bob simply did not notice the alert"_s, true,
        {u"person-state:Bob simply did not notice"_s});
    row("possessive subject", u"Alice’s manager was overloaded"_s, true,
        {u"person-state:Alice’s manager was overloaded"_s});

    // A person as the final cause.
    row("because Bob deployed it", u"Because Bob deployed it."_s, true, {u"person-as-cause:Bob"_s});
    row("due to the operator", u"The outage was due to the operator."_s, true,
        {u"person-as-cause:the operator"_s});
    row("answer starts with a person", u"We deployed the change on Friday"_s, true,
        {u"person-as-cause:We"_s});
    row("lower-case name", u"because alice pushed the config"_s, true,
        {u"person-as-cause:alice"_s});
    row("just a name", u"Bob."_s, true, {u"person-as-cause:Bob"_s});
    row("did not", u"because the reviewer did not look"_s, true,
        {u"person-as-cause:the reviewer"_s});

    // Near-misses: none of these is a hint.
    row("not the end of the chain: state", u"The operator was tired."_s, false, {});
    row("not the end of the chain: cause", u"Because Bob deployed it."_s, false, {});
    row("default", u"The default timeout was too short."_s, true, {});
    row("fault-tolerant", u"The service is fault-tolerant."_s, true, {});
    row("no-fault", u"A no-fault review"_s, true, {});
    row("faultless", u"Faultless execution, blamelessly documented."_s, true, {});
    row("blameless post-mortem", u"This is a blameless post-mortem."_s, true, {});
    row("page fault", u"A page fault storm on the database host"_s, true, {});
    row("network fault", u"The network fault in zone B lasted 4 minutes"_s, true, {});
    row("fault tolerance", u"Fault tolerance of the queue"_s, true, {});
    row("git blame", u"We ran git blame on the file."_s, false, {});
    row("nobody is to blame", u"Nobody is to blame here."_s, true, {});
    row("lazy loading", u"Lazy loading hid the slow query"_s, true, {});
    row("negligible", u"The impact was negligible."_s, true, {});
    row("blameworthy is whole-word only", u"blameworthiness-test"_s, true, {});
    row("should have a runbook", u"We should have a runbook for this."_s, true, {});
    row("failed to start", u"The job failed to start."_s, true, {});
    row("could not have known", u"We could not have known."_s, true, {});
    row("human factors", u"The human factors review found gaps"_s, false, {});
    row("not tired", u"The operator was not tired."_s, true, {});
    row("not a participant", u"Carol was tired."_s, true, {});
    row("last name alone", u"Smith was tired."_s, true, {});
    row("names inside words", u"Bobby and Alicea were tired"_s, true, {});
    row("possessive is not a cause", u"because Bob's laptop crashed"_s, true, {});
    row("nobody noticed", u"Because nobody noticed the alert"_s, true, {});
    row("present tense plan", u"We need a second region."_s, true, {});
    row("reporting is not a cause", u"A user reported the outage."_s, true, {});
    row("the blame game", u"The blame game started right away."_s, true, {});
    row("a need is not an act", u"We needed more time."_s, true, {});
    row("could have been worse", u"It could have been much worse."_s, true, {});
    row("empty", QString(), true, {});
}

void TestBlamelessCoach::table()
{
    QFETCH(QString, text);
    QFETCH(QStringList, participants);
    QFETCH(bool, chainEnd);
    QFETCH(QStringList, expected);
    const BlamelessCoach coach;
    QCOMPARE(describe(text, coach.analyse(text, participants, chainEnd)), expected);
}

void TestBlamelessCoach::spans()
{
    const BlamelessCoach coach;
    // Positions are UTF-16 indices: each emoji before the hit counts twice.
    const QString text = u"🔥🔥 human error, then a careless fix"_s;
    const QList<CoachHint> hints = coach.analyse(text, {});
    QCOMPARE(hints.size(), 2);
    QCOMPARE(hints.at(0).start, 5);
    QCOMPARE(hints.at(0).length, 11);
    QCOMPARE(hints.at(0).category, CoachCategory::HumanError);
    QCOMPARE(hints.at(0).nextQuestion, QString());
    QCOMPARE(hints.at(1).start, text.indexOf(u"careless"_s));
    QCOMPARE(hints.at(1).length, 8);

    // A contraction is split for matching but the span stays on the text as written.
    const QString contracted = u"They shouldn’t have pushed."_s;
    const QList<CoachHint> h2 = coach.analyse(contracted, {}, false);
    QCOMPARE(h2.size(), 1);
    QCOMPARE(h2.at(0).start, 5);
    QCOMPARE(h2.at(0).length, int(u"shouldn’t have"_s.size()));

    // The same word twice gives two spans, in order.
    const QString twice = u"blame, blame"_s;
    const QList<CoachHint> h3 = coach.analyse(twice, {});
    QCOMPARE(h3.size(), 2);
    QCOMPARE(h3.at(0).start, 0);
    QCOMPARE(h3.at(1).start, 7);
    QCOMPARE(h3.at(1).length, 5);

    // Competing readings of one passage never give overlapping spans: "should have known
    // better" is one blame phrase, not a blame phrase plus a counterfactual.
    const QString overlap = u"He should have known better."_s;
    QCOMPARE(describe(overlap, coach.analyse(overlap, {}, false)),
        QStringList {u"blame-word:should have known better"_s});
}

void TestBlamelessCoach::nextQuestion_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("question");
    QTest::newRow("tired") << u"the operator was tired"_s << u"Why was the operator tired?"_s;
    QTest::newRow("sentence start keeps no capital")
        << u"The operator was tired."_s << u"Why was the operator tired?"_s;
    QTest::newRow("name and rest of clause") << u"Alice was distracted by a second incident, so"_s
                                             << u"Why was Alice distracted by a second incident?"_s;
    QTest::newRow("negated") << u"The on-call engineer wasn't aware of the change."_s
                             << u"Why was the on-call engineer not aware of the change?"_s;
    QTest::newRow("'s is is") << u"she's new"_s << u"Why is she new?"_s;
    QTest::newRow("'s been is has")
        << u"Bob's been overloaded for weeks"_s << u"Why has Bob been overloaded for weeks?"_s;
    QTest::newRow("plural") << u"We were overloaded and skipped the canary."_s
                            << u"Why were we overloaded?"_s;
    QTest::newRow("adverb kept") << u"Alice was very stressed"_s
                                 << u"Why was Alice very stressed?"_s;
    QTest::newRow("felt") << u"The team felt overwhelmed."_s
                          << u"Why did the team feel overwhelmed?"_s;
    QTest::newRow("got") << u"the new SRE got distracted"_s
                         << u"Why did the new SRE get distracted?"_s;
    QTest::newRow("they forgot") << u"they forgot to renew the certificate"_s
                                 << u"Why did they forget to renew the certificate?"_s;
    QTest::newRow("didn't know") << u"Bob didn't know the flag was on."_s
                                 << u"Why did Bob not know the flag was on?"_s;
    QTest::newRow("I") << u"I assumed the backup worked"_s
                       << u"Why did I assume the backup worked?"_s;
    QTest::newRow("long clause is cut before a relative word")
        << u"Alice was unaware of the change that the platform team had made the night before"_s
        << u"Why was Alice unaware of the change?"_s;
    QTest::newRow("long clause is cut before a preposition")
        << u"The team decided to skip the load test to hit the deadline."_s
        << u"Why did the team decide to skip the load test?"_s;
    QTest::newRow("long clause without a place to cut is not quoted")
        << u"Bob forgot the very very very very very very very very old password"_s
        << u"Why did Bob forget?"_s;
    QTest::newRow("time inside the clause")
        << u"because Bob restarted the database at 10:42 to free memory"_s
        << u"What made restarting the database at 10:42 to free memory look safe?"_s;
    QTest::newRow("cause, regular verb")
        << u"because Bob deployed it"_s << u"What made deploying it look safe?"_s;
    QTest::newRow("cause, doubled consonant")
        << u"because Bob stopped the replica"_s << u"What made stopping the replica look safe?"_s;
    QTest::newRow("cause, irregular verb")
        << u"because Bob ran the migration"_s << u"What made running the migration look safe?"_s;
    QTest::newRow("cause, -ied") << u"because the admin applied the patch"_s
                                 << u"What made applying the patch look safe?"_s;
    QTest::newRow("cause, no verb")
        << u"due to Bob."_s << u"What in the system made this possible?"_s;
}

void TestBlamelessCoach::nextQuestion()
{
    QFETCH(QString, text);
    QFETCH(QString, question);
    const BlamelessCoach coach;
    const QList<CoachHint> hints = coach.analyse(text, {u"Alice Smith"_s, u"Bob"_s});
    QCOMPARE(hints.size(), 1);
    QCOMPARE(hints.at(0).nextQuestion, question);
    // A state's question is also offered in the suggestion, so a UI showing one line loses
    // nothing.
    if (hints.at(0).category == CoachCategory::PersonState)
        QVERIFY2(hints.at(0).suggestion.endsWith(question), qPrintable(hints.at(0).suggestion));
}

void TestBlamelessCoach::suggestions()
{
    const BlamelessCoach coach;
    auto only = [&](const QString &text) {
        const QList<CoachHint> h = coach.analyse(text, {u"Bob"_s});
        return h.size() == 1 ? h.first() : CoachHint {-1, -1, CoachCategory::BlameWord, {}, {}};
    };
    QCOMPARE(only(u"careless"_s).suggestion,
        u"Describe what happened and what made it easy to happen, rather than judging the "
        "person."_s);
    QCOMPARE(
        only(u"human error"_s).suggestion, u"Ask what in the system made this error possible."_s);
    QCOMPARE(only(u"we should have waited"_s).suggestion,
        u"Describe what was known at the time instead of what should have happened."_s);
    QCOMPARE(only(u"because Bob deployed it"_s).suggestion,
        u"Ask why the system let this happen: what made deploying it look safe?"_s);
    const CoachHint state = only(u"the operator was tired"_s);
    QCOMPARE(state.category, CoachCategory::PersonState);
    QVERIFY(state.suggestion.endsWith(u"Why was the operator tired?"_s));
    // Listed categories carry no question of their own.
    QCOMPARE(only(u"careless"_s).nextQuestion, QString());
}

void TestBlamelessCoach::everyBlamePhraseIsFound_data()
{
    QTest::addColumn<QString>("phrase");
    QTest::addColumn<int>("category");
    const QList<std::pair<QString, CoachCategory>> files {
        {u"blame-words.txt"_s, CoachCategory::BlameWord},
        {u"human-error.txt"_s, CoachCategory::HumanError}};
    for (const auto &[file, category] : files) {
        const QStringList lines = listLines(file);
        QVERIFY2(lines.size() > 10, qPrintable(file));
        for (const QString &line : lines)
            QTest::addRow("%s", qPrintable(line)) << line << int(category);
    }
}

void TestBlamelessCoach::everyBlamePhraseIsFound()
{
    // Each listed phrase, in the middle of a sentence, is found whole and only once.
    QFETCH(QString, phrase);
    QFETCH(int, category);
    const BlamelessCoach coach;
    const QString text = u"Honestly, "_s + phrase + u", I think."_s;
    const QList<CoachHint> hints = coach.analyse(text, {}, false);
    QCOMPARE(hints.size(), 1);
    QCOMPARE(int(hints.at(0).category), category);
    QCOMPARE(text.mid(hints.at(0).start, hints.at(0).length), phrase);
}

void TestBlamelessCoach::nearMissListSilencesItsPhrases()
{
    const BlamelessCoach coach;
    const QStringList lines = listLines(u"not-blame.txt"_s);
    QVERIFY(lines.size() > 20);
    for (const QString &line : lines) {
        const QString text = u"We saw "_s + line + u" today."_s;
        QVERIFY2(coach.analyse(text, {}, false).isEmpty(), qPrintable(text));
    }
    // The near-miss list removes hits inside its phrases only, not the words elsewhere.
    const QString mixed = u"a page fault, and it was his fault"_s;
    QCOMPARE(describe(mixed, coach.analyse(mixed, {}, false)), QStringList {u"blame-word:fault"_s});
}

void TestBlamelessCoach::everyStateAsksWhy()
{
    const BlamelessCoach coach;
    const QStringList states = listLines(u"person-states.txt"_s);
    QVERIFY(states.size() > 20);
    for (const QString &state : states) {
        const QString text = u"Then the operator was "_s + state + u'.';
        const QList<CoachHint> hints = coach.analyse(text, {});
        QVERIFY2(hints.size() == 1, qPrintable(text));
        QCOMPARE(hints.at(0).category, CoachCategory::PersonState);
        QCOMPARE(text.mid(hints.at(0).start, hints.at(0).length), u"the operator was "_s + state);
        QCOMPARE(hints.at(0).nextQuestion, u"Why was the operator "_s + state + u'?');
    }
}

void TestBlamelessCoach::everyLapseAsksWhy()
{
    const BlamelessCoach coach;
    const QStringList lapses = listLines(u"person-lapses.txt"_s);
    QVERIFY(lapses.size() > 10);
    for (const QString &line : lapses) {
        const qsizetype eq = line.indexOf(u'=');
        QVERIFY2(eq > 0, qPrintable(line));
        const QString written = line.left(eq).trimmed();
        const QString asked = line.mid(eq + 1).trimmed();
        const QString text = u"In the end they "_s + written + u'.';
        const QList<CoachHint> hints = coach.analyse(text, {});
        QVERIFY2(hints.size() == 1, qPrintable(text));
        QCOMPARE(hints.at(0).category, CoachCategory::PersonState);
        QCOMPARE(hints.at(0).nextQuestion, u"Why did they "_s + asked + u'?');
    }
}

void TestBlamelessCoach::listFormat()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A BOM, CRLF line ends, blank lines, comments (also indented) and a non-ASCII phrase.
    writeFile(dir.filePath(u"blame-words.txt"_s),
        "\xEF\xBB\xBF# a comment\r\nfoo bar\r\n\r\n   # indented comment\r\n"
        "  baz  \r\nna\xC3\xAFve\r\n");
    const BlamelessCoach coach(dir.path());
    QCOMPARE(coach.missingLists().size(), 8);
    QVERIFY(!coach.missingLists().contains(u"blame-words.txt"_s));
    QVERIFY(coach.missingLists().contains(u"person-states.txt"_s));

    const QString text = u"Foo  bar and BAZ, a comment, foo-bar, bazaar, naïve"_s;
    QCOMPARE(describe(text, coach.analyse(text, {})),
        (QStringList {u"blame-word:Foo  bar"_s, u"blame-word:BAZ"_s, u"blame-word:naïve"_s}));
    // Decomposed input matches the composed list entry.
    const QString decomposed = u"nai\u0308ve"_s;
    QCOMPARE(coach.analyse(decomposed, {}).size(), 1);
    QCOMPARE(coach.analyse(decomposed, {}).at(0).length, 6);

    // Missing lists leave a coach that finds nothing, without failing.
    const BlamelessCoach empty(dir.filePath(u"nowhere"_s));
    QCOMPARE(empty.missingLists().size(), 9);
    QVERIFY(empty.analyse(u"careless human error, the operator was tired"_s, {}).isEmpty());
}

void TestBlamelessCoach::hostileInput()
{
    const BlamelessCoach coach;
    const QStringList strangeNames {
        QString(), u"  "_s, u"(Bob)"_s, u".*"_s, u"[a-z]+"_s, u"Bob"_s, QString(3, QChar(0))};

    QString text;
    const QString pieces[] = {
        u"because Bob deployed it. "_s,
        u"the operator was tired "_s,
        u"careless\0human error "_s,
        u"\u202Eblame\u202C "_s, // right-to-left override around a word
        u"🔥👩‍💻 fault-tolerant "_s, // emoji, zero-width joiner
        u"should have "_s, // a counterfactual cut off by the next piece
        u"they should have been told. "_s,
        u"(((((((((( "_s,
        u"- - -- ' ' '' "_s,
        QString(QChar(0xD800)) + u"x "_s, // a lone surrogate
        u"the the the the the the "_s,
        u"Bob and Bob and Bob and "_s,
    };
    std::size_t p = 0;
    while (text.size() < 1024 * 1024)
        text += pieces[p++ % std::size(pieces)];
    text += QChar(0xDBFF); // a high surrogate at the very end

    const QList<CoachHint> hints = coach.analyse(text, strangeNames);
    QVERIFY(hints.size() > 1000);
    int lastEnd = 0;
    QSet<int> seen;
    for (const CoachHint &h : hints) {
        QVERIFY(h.start >= lastEnd); // ordered and never overlapping
        QVERIFY(h.length > 0);
        QVERIFY(h.start + h.length <= text.size());
        lastEnd = h.start + h.length;
        seen.insert(int(h.category));
    }
    QCOMPARE(seen.size(), 5);

    // Without the end of a chain, the same text gives only listed phrases.
    for (const CoachHint &h : coach.analyse(text, strangeNames, false))
        QVERIFY(
            h.category != CoachCategory::PersonState && h.category != CoachCategory::PersonAsCause);

    // One giant word, only separators, only NULs.
    QVERIFY(coach.analyse(QString(1024 * 1024, u'a'), {}).isEmpty());
    QVERIFY(coach.analyse(QString(1024 * 1024, u'-'), {}).isEmpty());
    QVERIFY(coach.analyse(QString(1024 * 1024, QChar(0)), {}).isEmpty());
    QVERIFY(coach.analyse(QString(100000, QChar(0xDC00)), {u"Bob"_s}).isEmpty());
}

QTEST_GUILESS_MAIN(TestBlamelessCoach)
#include "tst_blamelesscoach.moc"
