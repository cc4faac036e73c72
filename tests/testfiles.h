#pragma once

// Small helpers the storage tests share: a file's fingerprint, to prove a file was left
// untouched, and the journal mode set from outside, as a workspace on a network share has it.

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace hindsight::test {

// SHA-256 of the whole file; empty when it cannot be read.
inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Sets the journal mode stored in the file through a connection of its own and returns the
// mode SQLite reports afterwards ("wal", "delete"); empty when the file cannot be opened.
inline QString setJournalMode(const QString &path, const QString &mode)
{
    const QString connection = QStringLiteral("test-journal-mode");
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA journal_mode = ") + mode) && q.next())
                result = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

} // namespace hindsight::test
