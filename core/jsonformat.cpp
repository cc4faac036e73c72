#include "jsonformat.h"

#include <QHash>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSet>

#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace hindsight {

namespace {

// Limits shared by the reader and the checker, so a file the writer accepts is one the reader
// accepts. The widest UTC offset any standard allows is 18 hours.
constexpr qint64 kMaxOffsetSeconds = 18 * 3600;
constexpr int kLikelihoodMin = -1;
constexpr int kLikelihoodMax = 10;
constexpr int kImpactMin = 0;
constexpr int kImpactMax = 5;
constexpr int kMinYear = 1; // four-digit years: what "YYYY-MM-DD" can hold
constexpr int kMaxYear = 9999;
constexpr qint64 kInt64Max = std::numeric_limits<qint64>::max();

// ---- Paths and messages --------------------------------------------------------------------

QString member(const QString &parent, QLatin1StringView key)
{
    if (parent.isEmpty())
        return QString(key);
    return parent + u'.' + key;
}

QString element(const QString &parent, qsizetype index)
{
    return parent + u'[' + QString::number(index) + u']';
}

Error invalidAt(const QString &path, const QString &problem)
{
    return Error {
        ErrorCode::InvalidInput, path.isEmpty() ? problem : QString(path + u": " + problem), {}};
}

QString rangeProblem(qint64 min, qint64 max, qint64 found)
{
    if (max == kInt64Max || max == std::numeric_limits<int>::max())
        return u"must be at least %1, found %2"_s.arg(min).arg(found);
    return u"must be from %1 to %2, found %3"_s.arg(min).arg(max).arg(found);
}

// What a value is, for "expected X, found Y". Strings are quoted (shortened) because a number
// written as a string is the commonest mistake in hand-edited files.
QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: return QString::number(v.toDouble());
    case QJsonValue::String: {
        const QString s = v.toString();
        if (s.size() > 24)
            return u"the string \""_s + s.left(24) + u"...\"";
        return u"the string \""_s + s + u'"';
    }
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"nothing"_s;
}

// The keys of an enum, for "expected one of ...". domain.cpp's tables are the only list, and
// toKey() gives an empty string past the last value.
template<typename E> QString keysOf()
{
    QStringList keys;
    for (int i = 0;; ++i) {
        const QString key = toKey(static_cast<E>(i));
        if (key.isEmpty())
            break;
        keys.append(key);
    }
    return keys.join(u", ");
}

bool isAsciiDigits(QStringView s)
{
    for (QChar c : s)
        if (c < u'0' || c > u'9')
            return false;
    return !s.isEmpty();
}

int digitsAt(QStringView s, qsizetype from, qsizetype count)
{
    return s.mid(from, count).toInt();
}

QString formatDate(const QDate &d)
{
    return u"%1-%2-%3"_s.arg(d.year(), 4, 10, QChar(u'0'))
        .arg(d.month(), 2, 10, QChar(u'0'))
        .arg(d.day(), 2, 10, QChar(u'0'));
}

// "2024-03-05T14:03:00Z", with ".mmm" only when there are milliseconds.
QString formatInstant(const QDateTime &t)
{
    const QDateTime utc = t.toUTC();
    const QTime time = utc.time();
    QString s = formatDate(utc.date()) + u'T'
        + u"%1:%2:%3"_s.arg(time.hour(), 2, 10, QChar(u'0'))
              .arg(time.minute(), 2, 10, QChar(u'0'))
              .arg(time.second(), 2, 10, QChar(u'0'));
    if (time.msec() != 0)
        s += u'.' + u"%1"_s.arg(time.msec(), 3, 10, QChar(u'0'));
    return s + u'Z';
}

enum class ParseOutcome { Ok, BadShape, BadValue };

ParseOutcome parseDate(QStringView s, QDate &out)
{
    if (s.size() != 10 || s[4] != u'-' || s[7] != u'-' || !isAsciiDigits(s.mid(0, 4))
        || !isAsciiDigits(s.mid(5, 2)) || !isAsciiDigits(s.mid(8, 2)))
        return ParseOutcome::BadShape;
    const QDate d(digitsAt(s, 0, 4), digitsAt(s, 5, 2), digitsAt(s, 8, 2));
    if (!d.isValid() || d.year() < kMinYear)
        return ParseOutcome::BadValue;
    out = d;
    return ParseOutcome::Ok;
}

// Exactly the two shapes the writer produces. Offsets other than Z are refused rather than
// converted: the instant is always UTC, and the offset it was entered in is a separate field.
ParseOutcome parseInstant(QStringView s, QDateTime &out)
{
    const bool withMs = s.size() == 24;
    if (s.size() != 20 && !withMs)
        return ParseOutcome::BadShape;
    if (s[10] != u'T' || s[13] != u':' || s[16] != u':' || s.back() != u'Z'
        || (withMs && s[19] != u'.') || !isAsciiDigits(s.mid(11, 2)) || !isAsciiDigits(s.mid(14, 2))
        || !isAsciiDigits(s.mid(17, 2)) || (withMs && !isAsciiDigits(s.mid(20, 3))))
        return ParseOutcome::BadShape;
    QDate date;
    const ParseOutcome dateOutcome = parseDate(s.left(10), date);
    if (dateOutcome != ParseOutcome::Ok)
        return dateOutcome;
    const int h = digitsAt(s, 11, 2);
    const int m = digitsAt(s, 14, 2);
    const int sec = digitsAt(s, 17, 2);
    const int ms = withMs ? digitsAt(s, 20, 3) : 0;
    if (!QTime::isValid(h, m, sec, ms))
        return ParseOutcome::BadValue;
    out = QDateTime(date, QTime(h, m, sec, ms), Qt::UTC);
    return ParseOutcome::Ok;
}

// ---- The rules -----------------------------------------------------------------------------

// Checks a whole snapshot. The reader runs it after the types have been read, the writer before
// writing, so both report a broken rule with the same path.
class Checker
{
public:
    explicit Checker(const SessionSnapshot &snapshot)
        : m_s(snapshot)
    { }

    std::optional<Error> run()
    {
        // Targets are indexed before the records that point at them are checked.
        if (session() && participants() && events() && themes() && rounds() && whyNodes()
            && actions() && ideas() && votes())
            return std::nullopt;
        return m_error;
    }

private:
    using Index = QHash<Id, qsizetype>;

    bool fail(const QString &path, const QString &problem)
    {
        m_error = invalidAt(path, problem);
        return false;
    }

    bool text(const QString &path, const QString &value)
    {
        if (value.contains(QChar(u'\0')))
            return fail(
                path, u"contains a NUL character (U+0000), which Hindsight does not keep"_s);
        if (!QStringView(value).isValidUtf16())
            return fail(path,
                u"contains a lone UTF-16 surrogate (such as \\ud800), which is "
                "not a Unicode character"_s);
        return true;
    }

    bool texts(const QString &path,
        std::initializer_list<std::pair<QLatin1StringView, const QString *>> fields)
    {
        for (const auto &[key, value] : fields)
            if (!text(member(path, key), *value))
                return false;
        return true;
    }

    bool range(const QString &path, qint64 value, qint64 min, qint64 max)
    {
        if (value < min || value > max)
            return fail(path, rangeProblem(min, max, value));
        return true;
    }

    bool date(const QString &path, const QDate &d)
    {
        if (d.isValid() && (d.year() < kMinYear || d.year() > kMaxYear))
            return fail(
                path, u"the year %1 is outside %2..%3"_s.arg(d.year()).arg(kMinYear).arg(kMaxYear));
        return true;
    }

    bool instant(const QString &path, const QDateTime &t)
    {
        return !t.isValid() || date(path, t.toUTC().date());
    }

    // Children carry their session's id in memory only; the file stores it once.
    bool child(const QString &path, Id sessionId)
    {
        if (sessionId != m_s.session.id)
            return fail(member(path, "sessionId"_L1),
                u"belongs to session %1, not to session %2"_s.arg(sessionId).arg(m_s.session.id));
        return true;
    }

    bool uniqueId(const QString &list, qsizetype i, Id id, Index &index)
    {
        const QString path = member(element(list, i), "id"_L1);
        if (!range(path, id, 1, kInt64Max))
            return false;
        const auto it = index.constFind(id);
        if (it != index.constEnd())
            return fail(
                path, u"duplicate id %1 (also %2)"_s.arg(id).arg(element(list, it.value())));
        index.insert(id, i);
        return true;
    }

    // 0 means "none" unless the reference is required.
    bool reference(const QString &path, Id id, const Index &targets, QLatin1StringView what,
        bool required = false)
    {
        if (id == 0 && !required)
            return true;
        if (!targets.contains(id))
            return fail(path, u"no %1 with id %2"_s.arg(what).arg(id));
        return true;
    }

    bool references(
        const QString &path, const QList<Id> &ids, const Index &targets, QLatin1StringView what)
    {
        QSet<Id> seen;
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const QString itemPath = element(path, i);
            if (!reference(itemPath, ids[i], targets, what, true))
                return false;
            if (seen.contains(ids[i]))
                return fail(itemPath, u"id %1 is listed twice"_s.arg(ids[i]));
            seen.insert(ids[i]);
        }
        return true;
    }

    bool session()
    {
        const Session &s = m_s.session;
        const QString path = u"session"_s;
        return range(member(path, "id"_L1), s.id, 0, kInt64Max)
            && texts(path,
                {{"title"_L1, &s.title}, {"severity"_L1, &s.severity}, {"summary"_L1, &s.summary},
                    {"impact"_L1, &s.impact}, {"facilitator"_L1, &s.facilitator},
                    {"timeZone"_L1, &s.timeZone}, {"lessons"_L1, &s.lessons},
                    {"primeDirective"_L1, &s.primeDirective}, {"project"_L1, &s.project},
                    {"catastrophe"_L1, &s.catastrophe}})
            && date(member(path, "date"_L1), s.date) && date(member(path, "horizon"_L1), s.horizon)
            && instant(member(path, "created"_L1), s.created)
            && instant(member(path, "updated"_L1), s.updated);
    }

    bool participants()
    {
        const QString list = u"participants"_s;
        for (qsizetype i = 0; i < m_s.participants.size(); ++i) {
            const Participant &p = m_s.participants[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, p.id, m_participants) || !child(path, p.sessionId)
                || !texts(path,
                    {{"name"_L1, &p.name}, {"department"_L1, &p.department}, {"role"_L1, &p.role}}))
                return false;
        }
        return true;
    }

    bool eventTime(const QString &path, const EventTime &t)
    {
        const QString utcPath = member(path, "utc"_L1);
        if (t.certainty == TimeCertainty::Unknown && t.utc.isValid())
            return fail(utcPath, u"must be null when the certainty is unknown"_s);
        if (t.certainty != TimeCertainty::Unknown && !t.utc.isValid())
            return fail(utcPath, u"required when the certainty is %1"_s.arg(toKey(t.certainty)));
        return instant(utcPath, t.utc)
            && range(member(path, "offsetSeconds"_L1), t.offsetSeconds, -kMaxOffsetSeconds,
                kMaxOffsetSeconds)
            && text(member(path, "zone"_L1), t.zone);
    }

    bool events()
    {
        const QString list = u"events"_s;
        for (qsizetype i = 0; i < m_s.events.size(); ++i) {
            const TimelineEvent &e = m_s.events[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, e.id, m_events) || !child(path, e.sessionId)
                || !eventTime(member(path, "time"_L1), e.time)
                || !texts(path,
                    {{"text"_L1, &e.text}, {"reporterText"_L1, &e.reporterText},
                        {"source"_L1, &e.source}})
                || !reference(
                    member(path, "reporterId"_L1), e.reporterId, m_participants, "participant"_L1))
                return false;
        }
        return true;
    }

    bool themes()
    {
        const QString list = u"themes"_s;
        for (qsizetype i = 0; i < m_s.themes.size(); ++i) {
            const Theme &t = m_s.themes[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, t.id, m_themes) || !child(path, t.sessionId)
                || !text(member(path, "title"_L1), t.title)
                || !range(
                    member(path, "likelihood"_L1), t.likelihood, kLikelihoodMin, kLikelihoodMax)
                || !range(member(path, "impact"_L1), t.impact, kImpactMin, kImpactMax))
                return false;
        }
        return true;
    }

    bool rounds()
    {
        const QString list = u"rounds"_s;
        for (qsizetype i = 0; i < m_s.rounds.size(); ++i) {
            const Round &r = m_s.rounds[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, r.id, m_rounds) || !child(path, r.sessionId)
                || !range(member(path, "number"_L1), r.number, 1, std::numeric_limits<int>::max())
                || !text(member(path, "group"_L1), r.group)
                || !references(
                    member(path, "members"_L1), r.members, m_participants, "participant"_L1)
                || !range(member(path, "durationSeconds"_L1), r.durationSeconds, 0,
                    std::numeric_limits<int>::max()))
                return false;
        }
        return true;
    }

    bool whyNodes()
    {
        const QString list = u"whyNodes"_s;
        for (qsizetype i = 0; i < m_s.whyNodes.size(); ++i)
            if (!uniqueId(list, i, m_s.whyNodes[i].id, m_whyNodes))
                return false;
        for (qsizetype i = 0; i < m_s.whyNodes.size(); ++i) {
            const WhyNode &n = m_s.whyNodes[i];
            const QString path = element(list, i);
            if (!child(path, n.sessionId)
                || !reference(member(path, "parentId"_L1), n.parentId, m_whyNodes, "why node"_L1)
                || !text(member(path, "text"_L1), n.text)
                || !references(member(path, "evidence"_L1), n.evidence, m_events, "event"_L1))
                return false;
        }
        return whyTreeIsATree();
    }

    // Walks up from every node once, so a hostile file with a long chain stays linear.
    bool whyTreeIsATree()
    {
        enum : char { Unseen, OnWalk, ReachesRoot };
        const QList<WhyNode> &nodes = m_s.whyNodes;
        QList<char> state(nodes.size(), Unseen);
        for (qsizetype start = 0; start < nodes.size(); ++start) {
            QList<qsizetype> walk;
            qsizetype i = start;
            while (i >= 0 && state[i] == Unseen) {
                state[i] = OnWalk;
                walk.append(i);
                const Id parent = nodes[i].parentId;
                i = parent == 0 ? -1 : m_whyNodes.value(parent, -1);
            }
            if (i >= 0 && state[i] == OnWalk) {
                QStringList loop;
                const qsizetype from = walk.indexOf(i);
                for (qsizetype j = from; j < walk.size() && loop.size() < 8; ++j)
                    loop.append(QString::number(nodes[walk[j]].id));
                if (walk.size() - from > 8)
                    loop.append(u"..."_s);
                loop.append(QString::number(nodes[i].id));
                return fail(member(element(u"whyNodes"_s, i), "parentId"_L1),
                    u"the why tree loops back on itself (ids %1)"_s.arg(loop.join(u" -> ")));
            }
            for (qsizetype j : walk)
                state[j] = ReachesRoot;
        }
        return true;
    }

    bool actions()
    {
        const QString list = u"actions"_s;
        Index seen;
        for (qsizetype i = 0; i < m_s.actions.size(); ++i) {
            const ActionItem &a = m_s.actions[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, a.id, seen) || !child(path, a.sessionId)
                || !texts(path,
                    {{"what"_L1, &a.what}, {"owner"_L1, &a.owner}, {"tracker"_L1, &a.tracker}})
                || !date(member(path, "due"_L1), a.due)
                || !references(member(path, "whyNodes"_L1), a.whyNodes, m_whyNodes, "why node"_L1)
                || !references(member(path, "themes"_L1), a.themes, m_themes, "theme"_L1))
                return false;
        }
        return true;
    }

    bool ideas()
    {
        const QString list = u"ideas"_s;
        Index seen;
        for (qsizetype i = 0; i < m_s.ideas.size(); ++i) {
            const Idea &idea = m_s.ideas[i];
            const QString path = element(list, i);
            if (!uniqueId(list, i, idea.id, seen) || !child(path, idea.sessionId)
                || !reference(member(path, "roundId"_L1), idea.roundId, m_rounds, "round"_L1)
                || !reference(member(path, "themeId"_L1), idea.themeId, m_themes, "theme"_L1)
                || !reference(
                    member(path, "authorId"_L1), idea.authorId, m_participants, "participant"_L1)
                || !text(member(path, "text"_L1), idea.text))
                return false;
        }
        return true;
    }

    bool votes()
    {
        const QString list = u"votes"_s;
        QHash<std::pair<Id, Id>, qsizetype> seen;
        for (qsizetype i = 0; i < m_s.votes.size(); ++i) {
            const Vote &v = m_s.votes[i];
            const QString path = element(list, i);
            if (!child(path, v.sessionId)
                || !reference(member(path, "themeId"_L1), v.themeId, m_themes, "theme"_L1, true)
                || !reference(member(path, "participantId"_L1), v.participantId, m_participants,
                    "participant"_L1, true)
                || !range(member(path, "dots"_L1), v.dots, 0, std::numeric_limits<int>::max()))
                return false;
            const std::pair<Id, Id> key {v.themeId, v.participantId};
            const auto it = seen.constFind(key);
            if (it != seen.constEnd())
                return fail(path,
                    u"a second vote by participant %1 for theme %2 (also %3)"_s.arg(v.participantId)
                        .arg(v.themeId)
                        .arg(element(list, it.value())));
            seen.insert(key, i);
        }
        return true;
    }

    const SessionSnapshot &m_s;
    Index m_participants;
    Index m_events;
    Index m_themes;
    Index m_rounds;
    Index m_whyNodes;
    std::optional<Error> m_error;
};

// ---- Writing -------------------------------------------------------------------------------

// A small streaming writer: QJsonDocument sorts keys alphabetically, and the documented order
// ("format" and "version" first, fields as in the struct) is easier for people to read.
class JsonWriter
{
public:
    explicit JsonWriter(bool indented)
        : m_indented(indented)
    { }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }

    void key(QLatin1StringView k)
    {
        separate();
        m_out += '"';
        m_out += QByteArrayView(k.data(), k.size());
        m_out += m_indented ? "\": " : "\":";
        m_afterKey = true;
    }

    void string(QStringView s)
    {
        separate();
        writeEscaped(s);
    }

    void number(qint64 n)
    {
        separate();
        m_out += QByteArray::number(n);
    }

    void boolean(bool b)
    {
        separate();
        m_out += b ? "true" : "false";
    }

    void null()
    {
        separate();
        m_out += "null";
    }

    void reference(Id id)
    {
        if (id == 0)
            null();
        else
            number(id);
    }

    void date(const QDate &d)
    {
        if (d.isValid())
            string(formatDate(d));
        else
            null();
    }

    void instant(const QDateTime &t)
    {
        if (t.isValid())
            string(formatInstant(t));
        else
            null();
    }

    // Lists of ids stay on one line ("evidence": [3, 8]); a column of numbers reads badly.
    void idList(const QList<Id> &ids)
    {
        separate();
        m_out += '[';
        for (qsizetype i = 0; i < ids.size(); ++i) {
            if (i > 0)
                m_out += m_indented ? ", " : ",";
            m_out += QByteArray::number(ids[i]);
        }
        m_out += ']';
    }

    // A member and its value in one call, which keeps the record writers short.
    void string(QLatin1StringView k, QStringView s)
    {
        key(k);
        string(s);
    }
    void number(QLatin1StringView k, qint64 n)
    {
        key(k);
        number(n);
    }
    void boolean(QLatin1StringView k, bool b)
    {
        key(k);
        boolean(b);
    }
    void reference(QLatin1StringView k, Id id)
    {
        key(k);
        reference(id);
    }
    void date(QLatin1StringView k, const QDate &d)
    {
        key(k);
        date(d);
    }
    void instant(QLatin1StringView k, const QDateTime &t)
    {
        key(k);
        instant(t);
    }
    void idList(QLatin1StringView k, const QList<Id> &ids)
    {
        key(k);
        idList(ids);
    }

    QByteArray finish()
    {
        if (m_indented)
            m_out += '\n';
        return std::move(m_out);
    }

private:
    void open(char bracket)
    {
        separate();
        m_out += bracket;
        m_empty.append(true);
    }

    void close(char bracket)
    {
        const bool empty = m_empty.takeLast();
        if (!empty)
            newline();
        m_out += bracket;
    }

    // Before every value and key: the comma and line break that separate it from the last.
    void separate()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_empty.isEmpty())
            return;
        if (!m_empty.last())
            m_out += ',';
        m_empty.last() = false;
        newline();
    }

    void newline()
    {
        if (!m_indented)
            return;
        m_out += '\n';
        m_out.append(m_empty.size() * 2, ' ');
    }

    // Only what JSON requires is escaped; everything else is written as UTF-8 so the file stays
    // readable in any language.
    void writeEscaped(QStringView s)
    {
        m_out += '"';
        qsizetype run = 0;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const char16_t c = s[i].unicode();
            if (c >= 0x20 && c != u'"' && c != u'\\')
                continue;
            m_out += s.mid(run, i - run).toUtf8();
            run = i + 1;
            switch (c) {
            case u'"': m_out += "\\\""; break;
            case u'\\': m_out += "\\\\"; break;
            case u'\n': m_out += "\\n"; break;
            case u'\r': m_out += "\\r"; break;
            case u'\t': m_out += "\\t"; break;
            case u'\b': m_out += "\\b"; break;
            case u'\f': m_out += "\\f"; break;
            default:
                m_out += "\\u00";
                m_out += QByteArray::number(c, 16).rightJustified(2, '0');
                break;
            }
        }
        m_out += s.mid(run).toUtf8();
        m_out += '"';
    }

    QByteArray m_out;
    QList<bool> m_empty; // one per open container: nothing written in it yet
    bool m_afterKey = false;
    bool m_indented;
};

void writeSession(JsonWriter &w, const Session &s)
{
    w.beginObject();
    w.number("id"_L1, s.id);
    w.string("kind"_L1, toKey(s.kind));
    w.string("title"_L1, s.title);
    w.string("status"_L1, toKey(s.status));
    w.date("date"_L1, s.date);
    w.string("severity"_L1, s.severity);
    w.string("summary"_L1, s.summary);
    w.string("impact"_L1, s.impact);
    w.string("facilitator"_L1, s.facilitator);
    w.string("timeZone"_L1, s.timeZone);
    w.string("lessons"_L1, s.lessons);
    w.string("primeDirective"_L1, s.primeDirective);
    w.string("project"_L1, s.project);
    w.date("horizon"_L1, s.horizon);
    w.string("catastrophe"_L1, s.catastrophe);
    w.instant("created"_L1, s.created);
    w.instant("updated"_L1, s.updated);
    w.endObject();
}

void writeItem(JsonWriter &w, const Participant &p)
{
    w.number("id"_L1, p.id);
    w.string("name"_L1, p.name);
    w.string("department"_L1, p.department);
    w.string("role"_L1, p.role);
}

void writeItem(JsonWriter &w, const TimelineEvent &e)
{
    w.number("id"_L1, e.id);
    w.key("time"_L1);
    w.beginObject();
    w.string("certainty"_L1, toKey(e.time.certainty));
    w.instant("utc"_L1, e.time.utc);
    w.number("offsetSeconds"_L1, e.time.offsetSeconds);
    w.string("zone"_L1, e.time.zone);
    w.boolean("hasSeconds"_L1, e.time.hasSeconds);
    w.endObject();
    w.string("kind"_L1, toKey(e.kind));
    w.string("text"_L1, e.text);
    w.reference("reporterId"_L1, e.reporterId);
    w.string("reporterText"_L1, e.reporterText);
    w.string("source"_L1, e.source);
    w.boolean("starred"_L1, e.starred);
    w.number("sortKey"_L1, e.sortKey);
    w.number("seq"_L1, e.seq);
}

void writeItem(JsonWriter &w, const WhyNode &n)
{
    w.number("id"_L1, n.id);
    w.reference("parentId"_L1, n.parentId);
    w.number("position"_L1, n.position);
    w.string("text"_L1, n.text);
    w.boolean("rootCause"_L1, n.rootCause);
    w.idList("evidence"_L1, n.evidence);
}

void writeItem(JsonWriter &w, const ActionItem &a)
{
    w.number("id"_L1, a.id);
    w.string("what"_L1, a.what);
    w.string("owner"_L1, a.owner);
    w.date("due"_L1, a.due);
    w.string("status"_L1, toKey(a.status));
    w.string("priority"_L1, toKey(a.priority));
    w.string("type"_L1, toKey(a.type));
    w.string("tracker"_L1, a.tracker);
    w.idList("whyNodes"_L1, a.whyNodes);
    w.idList("themes"_L1, a.themes);
    w.number("position"_L1, a.position);
}

void writeItem(JsonWriter &w, const Round &r)
{
    w.number("id"_L1, r.id);
    w.number("number"_L1, r.number);
    w.string("group"_L1, r.group);
    w.idList("members"_L1, r.members);
    w.number("durationSeconds"_L1, r.durationSeconds);
}

void writeItem(JsonWriter &w, const Idea &i)
{
    w.number("id"_L1, i.id);
    w.reference("roundId"_L1, i.roundId);
    w.reference("themeId"_L1, i.themeId);
    w.reference("authorId"_L1, i.authorId);
    w.string("text"_L1, i.text);
    w.boolean("revealed"_L1, i.revealed);
    w.number("position"_L1, i.position);
}

void writeItem(JsonWriter &w, const Theme &t)
{
    w.number("id"_L1, t.id);
    w.string("title"_L1, t.title);
    w.number("likelihood"_L1, t.likelihood);
    w.number("impact"_L1, t.impact);
    w.number("position"_L1, t.position);
}

void writeItem(JsonWriter &w, const Vote &v)
{
    w.number("themeId"_L1, v.themeId);
    w.number("participantId"_L1, v.participantId);
    w.number("dots"_L1, v.dots);
}

template<typename T> void writeList(JsonWriter &w, QLatin1StringView key, const QList<T> &items)
{
    w.key(key);
    w.beginArray();
    for (const T &item : items) {
        w.beginObject();
        writeItem(w, item);
        w.endObject();
    }
    w.endArray();
}

// The snapshot must have passed the Checker.
QByteArray toJson(const SessionSnapshot &s, bool indented)
{
    JsonWriter w(indented);
    w.beginObject();
    w.string("format"_L1, QString::fromLatin1(kSessionFormatName));
    w.number("version"_L1, kSessionFormatVersion);
    w.key("session"_L1);
    writeSession(w, s.session);
    writeList(w, "participants"_L1, s.participants);
    writeList(w, "events"_L1, s.events);
    writeList(w, "whyNodes"_L1, s.whyNodes);
    writeList(w, "actions"_L1, s.actions);
    writeList(w, "rounds"_L1, s.rounds);
    writeList(w, "ideas"_L1, s.ideas);
    writeList(w, "themes"_L1, s.themes);
    writeList(w, "votes"_L1, s.votes);
    w.endObject();
    return w.finish();
}

// ---- Reading -------------------------------------------------------------------------------

enum class Need { Optional, Required };

// Reads the types; the Checker then reads the rules. Every helper returns false after
// recording the first problem, so the callers chain them with &&. An optional member that is
// absent or null leaves the struct's default in place.
class Reader
{
public:
    Result<SessionSnapshot> read(const QByteArray &json);

private:
    bool fail(const QString &path, const QString &problem)
    {
        m_error = invalidAt(path, problem);
        return false;
    }

    bool missing(const QString &path) { return fail(path, u"required, but missing"_s); }

    // The member's value, or nullopt when it is absent or null (after checking it may be).
    std::optional<QJsonValue> value(
        const QJsonObject &o, const QString &path, QLatin1StringView key, Need need, bool &ok)
    {
        ok = true;
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isNull())
            return v;
        if (need == Need::Required) {
            ok = v.isUndefined() ? missing(member(path, key))
                                 : fail(member(path, key), u"required, but null"_s);
        }
        return std::nullopt;
    }

    bool object(const QJsonValue &v, const QString &path, QJsonObject &out)
    {
        if (!v.isObject())
            return fail(path, u"expected an object, found "_s + describe(v));
        out = v.toObject();
        return true;
    }

    bool string(const QJsonObject &o, const QString &path, QLatin1StringView key, QString &out,
        Need need = Need::Optional)
    {
        bool ok = false;
        const auto v = value(o, path, key, need, ok);
        if (!v)
            return ok;
        if (!v->isString())
            return fail(member(path, key), u"expected a string, found "_s + describe(*v));
        out = v->toString();
        return true;
    }

    bool boolean(const QJsonObject &o, const QString &path, QLatin1StringView key, bool &out)
    {
        bool ok = false;
        const auto v = value(o, path, key, Need::Optional, ok);
        if (!v)
            return ok;
        if (!v->isBool())
            return fail(member(path, key), u"expected true or false, found "_s + describe(*v));
        out = v->toBool();
        return true;
    }

    bool integerValue(const QJsonValue &v, const QString &path, qint64 min, qint64 max, qint64 &out)
    {
        if (!v.isDouble())
            return fail(path, u"expected an integer, found "_s + describe(v));
        // toInteger() answers its default unless the number is an exact qint64; two different
        // defaults tell "not an integer" (2.5, 1e30) from a real value.
        const qint64 n = v.toInteger(0);
        if (n != v.toInteger(1))
            return fail(path, u"expected an integer, found "_s + describe(v));
        if (n < min || n > max)
            return fail(path, rangeProblem(min, max, n));
        out = n;
        return true;
    }

    template<typename T>
    bool integer(const QJsonObject &o, const QString &path, QLatin1StringView key, T &out,
        Need need = Need::Optional, qint64 min = std::numeric_limits<T>::min(),
        qint64 max = std::numeric_limits<T>::max())
    {
        bool ok = false;
        const auto v = value(o, path, key, need, ok);
        if (!v)
            return ok;
        qint64 n = 0;
        if (!integerValue(*v, member(path, key), min, max, n))
            return false;
        out = static_cast<T>(n);
        return true;
    }

    bool id(const QJsonObject &o, const QString &path, Id &out)
    {
        return integer(o, path, "id"_L1, out, Need::Required, 1);
    }

    // A reference to another record; null means none.
    bool reference(const QJsonObject &o, const QString &path, QLatin1StringView key, Id &out,
        Need need = Need::Optional)
    {
        return integer(o, path, key, out, need, 1);
    }

    bool idList(const QJsonObject &o, const QString &path, QLatin1StringView key, QList<Id> &out)
    {
        QJsonArray a;
        if (!array(o, path, key, a))
            return false;
        const QString listPath = member(path, key);
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            qint64 n = 0;
            if (!integerValue(a.at(i), element(listPath, i), 1, kInt64Max, n))
                return false;
            out.append(n);
        }
        return true;
    }

    bool array(const QJsonObject &o, const QString &path, QLatin1StringView key, QJsonArray &out)
    {
        bool ok = false;
        const auto v = value(o, path, key, Need::Optional, ok);
        if (!v)
            return ok;
        if (!v->isArray())
            return fail(member(path, key), u"expected an array, found "_s + describe(*v));
        out = v->toArray();
        return true;
    }

    bool date(const QJsonObject &o, const QString &path, QLatin1StringView key, QDate &out)
    {
        QString s;
        if (!string(o, path, key, s))
            return false;
        if (s.isNull())
            return true;
        switch (parseDate(s, out)) {
        case ParseOutcome::Ok: return true;
        case ParseOutcome::BadShape:
            return fail(
                member(path, key), u"not a date in the form YYYY-MM-DD, found \"%1\""_s.arg(s));
        case ParseOutcome::BadValue: break;
        }
        return fail(member(path, key), u"\"%1\" is not a real date"_s.arg(s));
    }

    bool instant(const QJsonObject &o, const QString &path, QLatin1StringView key, QDateTime &out)
    {
        QString s;
        if (!string(o, path, key, s))
            return false;
        if (s.isNull())
            return true;
        const QString at = member(path, key);
        switch (parseInstant(s, out)) {
        case ParseOutcome::Ok: return true;
        case ParseOutcome::BadShape:
            return fail(at,
                u"not an ISO 8601 instant in UTC such as \"2024-03-05T14:03:00Z\", "
                "found \"%1\""_s.arg(s.left(40)));
        case ParseOutcome::BadValue: break;
        }
        return fail(at, u"\"%1\" is not a real date and time"_s.arg(s));
    }

    template<typename E>
    bool enumeration(const QJsonObject &o, const QString &path, QLatin1StringView key, E &out,
        std::optional<E> (*fromKey)(const QString &), Need need = Need::Optional)
    {
        QString s;
        if (!string(o, path, key, s, need))
            return false;
        if (s.isNull())
            return true;
        const std::optional<E> v = fromKey(s);
        if (!v)
            return fail(member(path, key),
                u"unknown value \"%1\" (expected one of: %2)"_s.arg(s.left(40), keysOf<E>()));
        out = *v;
        return true;
    }

    bool session(const QJsonObject &root, Session &s)
    {
        const QString path = u"session"_s;
        QJsonObject o;
        if (!root.contains("session"_L1))
            return missing(path);
        return object(root.value("session"_L1), path, o)
            && integer(o, path, "id"_L1, s.id, Need::Optional, 0)
            && enumeration(o, path, "kind"_L1, s.kind, &sessionKindFromKey, Need::Required)
            && string(o, path, "title"_L1, s.title, Need::Required)
            && enumeration(o, path, "status"_L1, s.status, &sessionStatusFromKey)
            && date(o, path, "date"_L1, s.date) && string(o, path, "severity"_L1, s.severity)
            && string(o, path, "summary"_L1, s.summary) && string(o, path, "impact"_L1, s.impact)
            && string(o, path, "facilitator"_L1, s.facilitator)
            && string(o, path, "timeZone"_L1, s.timeZone)
            && string(o, path, "lessons"_L1, s.lessons)
            && string(o, path, "primeDirective"_L1, s.primeDirective)
            && string(o, path, "project"_L1, s.project) && date(o, path, "horizon"_L1, s.horizon)
            && string(o, path, "catastrophe"_L1, s.catastrophe)
            && instant(o, path, "created"_L1, s.created)
            && instant(o, path, "updated"_L1, s.updated);
    }

    bool item(const QJsonObject &o, const QString &path, Participant &p)
    {
        return id(o, path, p.id) && string(o, path, "name"_L1, p.name, Need::Required)
            && string(o, path, "department"_L1, p.department) && string(o, path, "role"_L1, p.role);
    }

    bool eventTime(const QJsonObject &event, const QString &eventPath, EventTime &t)
    {
        const QString path = member(eventPath, "time"_L1);
        if (!event.contains("time"_L1))
            return missing(path);
        QJsonObject o;
        if (!object(event.value("time"_L1), path, o)
            || !enumeration(
                o, path, "certainty"_L1, t.certainty, &certaintyFromKey, Need::Required))
            return false;
        // The Checker would say the same; saying it here keeps a missing "utc" from being
        // reported as a broken rule rather than a missing field.
        if (t.certainty != TimeCertainty::Unknown && !o.contains("utc"_L1))
            return missing(member(path, "utc"_L1));
        return instant(o, path, "utc"_L1, t.utc)
            && integer(o, path, "offsetSeconds"_L1, t.offsetSeconds, Need::Optional,
                -kMaxOffsetSeconds, kMaxOffsetSeconds)
            && string(o, path, "zone"_L1, t.zone)
            && boolean(o, path, "hasSeconds"_L1, t.hasSeconds);
    }

    bool item(const QJsonObject &o, const QString &path, TimelineEvent &e)
    {
        return id(o, path, e.id) && eventTime(o, path, e.time)
            && enumeration(o, path, "kind"_L1, e.kind, &eventKindFromKey)
            && string(o, path, "text"_L1, e.text, Need::Required)
            && reference(o, path, "reporterId"_L1, e.reporterId)
            && string(o, path, "reporterText"_L1, e.reporterText)
            && string(o, path, "source"_L1, e.source) && boolean(o, path, "starred"_L1, e.starred)
            && integer(o, path, "sortKey"_L1, e.sortKey) && integer(o, path, "seq"_L1, e.seq);
    }

    bool item(const QJsonObject &o, const QString &path, WhyNode &n)
    {
        return id(o, path, n.id) && reference(o, path, "parentId"_L1, n.parentId)
            && integer(o, path, "position"_L1, n.position)
            && string(o, path, "text"_L1, n.text, Need::Required)
            && boolean(o, path, "rootCause"_L1, n.rootCause)
            && idList(o, path, "evidence"_L1, n.evidence);
    }

    bool item(const QJsonObject &o, const QString &path, ActionItem &a)
    {
        return id(o, path, a.id) && string(o, path, "what"_L1, a.what, Need::Required)
            && string(o, path, "owner"_L1, a.owner) && date(o, path, "due"_L1, a.due)
            && enumeration(o, path, "status"_L1, a.status, &actionStatusFromKey)
            && enumeration(o, path, "priority"_L1, a.priority, &actionPriorityFromKey)
            && enumeration(o, path, "type"_L1, a.type, &actionTypeFromKey)
            && string(o, path, "tracker"_L1, a.tracker)
            && idList(o, path, "whyNodes"_L1, a.whyNodes) && idList(o, path, "themes"_L1, a.themes)
            && integer(o, path, "position"_L1, a.position);
    }

    bool item(const QJsonObject &o, const QString &path, Round &r)
    {
        return id(o, path, r.id) && integer(o, path, "number"_L1, r.number, Need::Optional, 1)
            && string(o, path, "group"_L1, r.group) && idList(o, path, "members"_L1, r.members)
            && integer(o, path, "durationSeconds"_L1, r.durationSeconds, Need::Optional, 0);
    }

    bool item(const QJsonObject &o, const QString &path, Idea &i)
    {
        return id(o, path, i.id) && reference(o, path, "roundId"_L1, i.roundId)
            && reference(o, path, "themeId"_L1, i.themeId)
            && reference(o, path, "authorId"_L1, i.authorId)
            && string(o, path, "text"_L1, i.text, Need::Required)
            && boolean(o, path, "revealed"_L1, i.revealed)
            && integer(o, path, "position"_L1, i.position);
    }

    bool item(const QJsonObject &o, const QString &path, Theme &t)
    {
        return id(o, path, t.id) && string(o, path, "title"_L1, t.title, Need::Required)
            && integer(o, path, "likelihood"_L1, t.likelihood, Need::Optional, kLikelihoodMin,
                kLikelihoodMax)
            && integer(o, path, "impact"_L1, t.impact, Need::Optional, kImpactMin, kImpactMax)
            && integer(o, path, "position"_L1, t.position);
    }

    bool item(const QJsonObject &o, const QString &path, Vote &v)
    {
        return reference(o, path, "themeId"_L1, v.themeId, Need::Required)
            && reference(o, path, "participantId"_L1, v.participantId, Need::Required)
            && integer(o, path, "dots"_L1, v.dots, Need::Required, 0);
    }

    template<typename T>
    bool list(const QJsonObject &root, QLatin1StringView key, Id sessionId, QList<T> &out)
    {
        QJsonArray a;
        if (!array(root, {}, key, a))
            return false;
        out.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString path = element(QString(key), i);
            QJsonObject o;
            T record;
            record.sessionId = sessionId;
            if (!object(a.at(i), path, o) || !item(o, path, record))
                return false;
            out.append(std::move(record));
        }
        return true;
    }

    std::optional<Error> m_error;
};

QString lineAndColumn(const QByteArray &json, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, json.size());
    const QByteArrayView before(json.constData(), offset);
    const qsizetype lastNewline = before.lastIndexOf('\n');
    return u"line %1, column %2"_s.arg(before.count('\n') + 1).arg(offset - lastNewline);
}

Result<SessionSnapshot> Reader::read(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return invalidAt({}, u"the file is empty"_s);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        Error e = invalidAt({},
            u"not valid JSON at %1: %2"_s.arg(
                lineAndColumn(json, parseError.offset), parseError.errorString()));
        e.detail = parseError.errorString();
        return e;
    }
    if (!doc.isObject())
        return invalidAt({},
            u"expected a JSON object at the top level, found %1; this is not a "
            "Hindsight session file"_s.arg(doc.isArray() ? u"an array"_s : u"a single value"_s));
    const QJsonObject root = doc.object();

    const QString formatName = QString::fromLatin1(kSessionFormatName);
    QString format;
    if (!root.contains("format"_L1))
        return invalidAt(u"format"_s, u"missing; this is not a Hindsight session file"_s);
    if (!string(root, {}, "format"_L1, format, Need::Required))
        return *m_error;
    if (format != formatName)
        return invalidAt(u"format"_s,
            u"expected \"%1\", found \"%2\"; this is not a Hindsight "
            "session file"_s.arg(formatName, format.left(40)));
    qint64 version = 0;
    if (!integer(root, {}, "version"_L1, version, Need::Required))
        return *m_error;
    if (version > kSessionFormatVersion)
        return Error {ErrorCode::NewerSchema,
            u"version: written by a newer Hindsight (format %1); this version reads "
            "format %2"_s.arg(version)
                .arg(kSessionFormatVersion),
            {}};
    if (version < 1)
        return invalidAt(u"version"_s,
            u"unknown format version %1; this version reads format %2"_s.arg(version).arg(
                kSessionFormatVersion));

    SessionSnapshot s;
    if (!session(root, s.session))
        return *m_error;
    const Id sid = s.session.id;
    if (!list(root, "participants"_L1, sid, s.participants)
        || !list(root, "events"_L1, sid, s.events) || !list(root, "whyNodes"_L1, sid, s.whyNodes)
        || !list(root, "actions"_L1, sid, s.actions) || !list(root, "rounds"_L1, sid, s.rounds)
        || !list(root, "ideas"_L1, sid, s.ideas) || !list(root, "themes"_L1, sid, s.themes)
        || !list(root, "votes"_L1, sid, s.votes))
        return *m_error;
    if (std::optional<Error> broken = Checker(s).run())
        return *broken;
    return s;
}

} // namespace

Status checkSessionSnapshot(const SessionSnapshot &snapshot)
{
    if (std::optional<Error> broken = Checker(snapshot).run())
        return *broken;
    return ok();
}

QByteArray sessionToJson(const SessionSnapshot &snapshot, bool indented)
{
    if (!checkSessionSnapshot(snapshot))
        return {};
    return toJson(snapshot, indented);
}

Status writeSessionJson(const SessionSnapshot &snapshot, QIODevice *out, bool indented)
{
    if (!out)
        return Error {ErrorCode::Internal, u"No output device to write the session to."_s, {}};
    if (Status checked = checkSessionSnapshot(snapshot); !checked)
        return checked;
    if (!out->isOpen() || !out->isWritable())
        return Error {ErrorCode::Io, u"The output is not open for writing."_s, out->errorString()};
    const QByteArray json = toJson(snapshot, indented);
    if (out->write(json) != json.size())
        return Error {ErrorCode::Io, u"Could not write the session file."_s, out->errorString()};
    return ok();
}

Result<SessionSnapshot> readSessionJson(const QByteArray &json)
{
    return Reader().read(json);
}

} // namespace hindsight
