#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace hindsight {

// Why an operation on a workspace failed. Callers (UI, command line) pick the wording
// around it; core never shows anything itself.
enum class ErrorCode {
    NotFound, // the file or the record does not exist
    NotSqlite, // the file is not an SQLite database (garbage, truncated header, a folder)
    NotWorkspace, // an SQLite database, but not one of ours
    NewerSchema, // written by a newer Hindsight: refused, never touched
    Corrupt, // quick_check or integrity_check failed
    ReadOnly, // the file or its folder cannot be written
    Locked, // another process holds the lock beyond the busy timeout
    DiskFull, // SQLITE_FULL, including max_page_count
    Io, // any other I/O failure
    MigrationFailed, // an upgrade step failed; the original file is untouched
    InvalidInput, // the caller's value breaks a rule (empty title, bad kind, ...)
    Internal, // a bug: an SQL statement that should never fail did
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message; // one sentence a user can act on
    QString detail; // the driver's own text, for logs and --verbose
};

QString errorCodeName(ErrorCode code);

// A value or the reason there is none. Small on purpose: std::expected is C++23.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_v(std::move(value))
    { }
    Result(Error error)
        : m_v(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    // On a temporary, hand out the value itself rather than a reference into the dying
    // Result, so `for (auto &x : *ws.events(id))` is safe.
    T value() && { return std::get<T>(std::move(m_v)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    T operator*() && { return std::move(*this).value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// For operations that return nothing but can fail.
struct Done { };
using Status = Result<Done>;
inline Status ok()
{
    return Done {};
}

} // namespace hindsight
