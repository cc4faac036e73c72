// libFuzzer target: the JSON session import (core/jsonformat, readSessionJson). The bytes are
// the file as given to `hindsight import`.
//
// Invariants, from jsonformat.h:
//  * a refusal is InvalidInput (or NewerSchema) with a message, never anything else;
//  * what is accepted follows the rules (checkSessionSnapshot() agrees), and every child
//    carries the session's id;
//  * round trip: writing the accepted snapshot (compact and indented) and reading it back
//    gives an equal snapshot, and writing that again gives the same bytes;
//  * an imported session always gives a well-formed Markdown report (reportcheck.h), in the
//    session's own zone, so an import can never produce a report that breaks.

#include "fuzzcheck.h"
#include "jsonformat.h"
#include "reportcheck.h"

#include <QBuffer>

#include <cstddef>
#include <cstdint>

using namespace hindsight;

namespace {

template<typename T> bool allChildrenOf(const QList<T> &items, Id session)
{
    for (const T &item : items)
        if (item.sessionId != session)
            return false;
    return true;
}

void roundTrip(const SessionSnapshot &s, bool indented)
{
    const QByteArray json = sessionToJson(s, indented);
    FUZZ_CHECK(!json.isEmpty(), QStringLiteral("an accepted snapshot cannot be written"));
    FUZZ_CHECK(json.endsWith('\n') == indented, QString::fromUtf8(json.right(40)));
    const Result<SessionSnapshot> back = readSessionJson(json);
    FUZZ_CHECK(back.ok(),
        (back.ok() ? QString() : back.error().message) + QStringLiteral("\n")
            + QString::fromUtf8(json));
    FUZZ_CHECK(*back == s,
        QStringLiteral("the snapshot changed on a round trip:\n") + QString::fromUtf8(json));
    FUZZ_CHECK(sessionToJson(*back, indented) == json,
        QStringLiteral("writing twice gave different bytes"));

    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status written = writeSessionJson(s, &buffer, indented);
    FUZZ_CHECK(written.ok() && buffer.data() == json,
        QStringLiteral("writeSessionJson() and sessionToJson() disagree"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<SessionSnapshot> read = readSessionJson(bytes);
    if (!read.ok()) {
        const Error &e = read.error();
        FUZZ_CHECK((e.code == ErrorCode::InvalidInput || e.code == ErrorCode::NewerSchema)
                && !e.message.isEmpty(),
            errorCodeName(e.code) + QStringLiteral(": ") + e.message);
        return 0;
    }
    const SessionSnapshot &s = *read;
    const Status rules = checkSessionSnapshot(s);
    FUZZ_CHECK(rules.ok(), rules.ok() ? QString() : rules.error().message);
    const Id sid = s.session.id;
    FUZZ_CHECK(allChildrenOf(s.participants, sid) && allChildrenOf(s.events, sid)
            && allChildrenOf(s.whyNodes, sid) && allChildrenOf(s.actions, sid)
            && allChildrenOf(s.rounds, sid) && allChildrenOf(s.ideas, sid)
            && allChildrenOf(s.themes, sid) && allChildrenOf(s.votes, sid),
        QStringLiteral("a child without the session's id"));

    roundTrip(s, true);
    roundTrip(s, false);

    ReportOptions options;
    options.today = QDate(2024, 3, 10);
    reportcheck::check(s, options);
    return 0;
}
