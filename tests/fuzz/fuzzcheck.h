#pragma once

// Shared by the fuzz targets: how a broken invariant is reported, and how the fuzz bytes are
// cut into records and fields. A violated invariant must abort() so libFuzzer (and the replay
// tests) report it as a crash with the input saved; returning early would let it pass.

#include <QByteArray>
#include <QList>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace fuzzcheck {

[[noreturn]] inline void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "INVARIANT VIOLATED: %s\n%s\n", what, qUtf8Printable(detail));
    std::fflush(stderr);
    std::abort();
}

// Structured inputs are plain bytes cut at two control characters that the code under test
// strips from text anyway: records at U+001E, fields at U+001F. Seeds stay readable and a
// mutation of any byte still gives a well-formed (if odd) input.
constexpr char kRecordSeparator = '\x1e';
constexpr char kFieldSeparator = '\x1f';

class Fields
{
public:
    explicit Fields(const QByteArray &record)
        : m_parts(record.split(kFieldSeparator))
    { }
    bool atEnd() const { return m_next >= m_parts.size(); }
    // The next field, or empty once they run out, so short inputs still do something.
    QByteArray bytes() { return atEnd() ? QByteArray() : m_parts.at(m_next++); }
    QString text() { return QString::fromUtf8(bytes()); }
    // A decimal field clamped to [lo, hi]; anything else picks a value from its first byte.
    qint64 integer(qint64 lo, qint64 hi)
    {
        const QByteArray b = bytes();
        bool ok = false;
        const qint64 v = b.toLongLong(&ok);
        if (ok)
            return std::clamp(v, lo, hi);
        return b.isEmpty() ? lo : lo + qint64(uchar(b.at(0))) % (hi - lo + 1);
    }
    bool flag() { return integer(0, 1) == 1; }

private:
    QList<QByteArray> m_parts;
    qsizetype m_next = 0;
};

} // namespace fuzzcheck

#define FUZZ_CHECK(cond, detail)                                                                   \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ::fuzzcheck::fail(#cond, (detail));                                                    \
    } while (false)
