#include "result.h"

namespace hindsight {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return QStringLiteral("not-found");
    case ErrorCode::NotSqlite: return QStringLiteral("not-sqlite");
    case ErrorCode::NotWorkspace: return QStringLiteral("not-workspace");
    case ErrorCode::NewerSchema: return QStringLiteral("newer-schema");
    case ErrorCode::Corrupt: return QStringLiteral("corrupt");
    case ErrorCode::ReadOnly: return QStringLiteral("read-only");
    case ErrorCode::Locked: return QStringLiteral("locked");
    case ErrorCode::DiskFull: return QStringLiteral("disk-full");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::MigrationFailed: return QStringLiteral("migration-failed");
    case ErrorCode::InvalidInput: return QStringLiteral("invalid-input");
    case ErrorCode::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace hindsight
