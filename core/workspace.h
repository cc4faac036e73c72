#pragma once

#include "domain.h"
#include "result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QVariant>

#include <functional>
#include <memory>

class QSqlDatabase;
class QThread;
class QSqlQuery;
struct sqlite3;

namespace hindsight {

class SqlRow;

// What changed in a workspace, so views can update the one row concerned instead of reloading.
struct Change {
    enum class Entity { Session, Participant, Event, WhyNode, Action, Round, Idea, Theme, Vote };
    enum class Type { Inserted, Updated, Removed };
    Entity entity = Entity::Session;
    Type type = Type::Updated;
    Id sessionId = 0;
    Id id = 0; // for votes: the theme id
};

struct SearchHit {
    Id sessionId = 0;
    QString source; // "session", "event", "why", "action", "idea", "participant"
    Id sourceId = 0;
    QString snippet;
};

// An open action across the whole workspace, for the action dashboard.
struct WorkspaceAction {
    ActionItem action;
    QString sessionTitle;
    SessionKind sessionKind = SessionKind::PostMortem;
};

// The lists of a session snapshot, so a reader that needs a few does not read 10,000 events.
enum class SnapshotPart {
    Events = 1 << 0,
    WhyNodes = 1 << 1,
    Actions = 1 << 2,
    PreMortem = 1 << 3, // rounds, ideas, themes and votes
};
Q_DECLARE_FLAGS(SnapshotParts, SnapshotPart)
inline constexpr SnapshotParts AllSnapshotParts {
    SnapshotPart::Events, SnapshotPart::WhyNodes, SnapshotPart::Actions, SnapshotPart::PreMortem};

struct OpenOptions {
    bool create = false; // create the file (and its folder) when it does not exist
    bool readOnly = false; // never write, even when the file is writable
    int busyTimeoutMs = 5000;
    // PRAGMA quick_check before open() returns. It reads the whole file (~0.2 s for 30 MiB),
    // so the app skips it and calls checkIntegrityInBackground() once its window is up; a
    // read alone cannot make damage worse, and reads of damaged pages fail with Corrupt.
    bool checkIntegrity = true;
};

// One Hindsight workspace: a single SQLite file holding many sessions.
//
// The only storage layer. Every edit runs in its own BEGIN IMMEDIATE transaction and is
// committed (synchronous=FULL) before the call returns, so a caller that got success may tell
// the user the edit is saved. Errors come back as values; nothing here shows UI.
class Workspace : public QObject
{
    Q_OBJECT

public:
    static constexpr qint32 kApplicationId = 0x48696E64; // "Hind"
    static constexpr int kSchemaVersion = 5;

    // Opens (or with options.create, creates) a workspace. A file that is not ours, newer,
    // corrupt or locked gives a typed Error and is not modified.
    static Result<std::unique_ptr<Workspace>> open(
        const QString &path, const OpenOptions &options = {});
    // Where the default workspace lives: AppDataLocation/workspace.hindsight.
    static QString defaultPath();

    ~Workspace() override;

    QString path() const { return m_path; }
    bool isReadOnly() const { return m_readOnly; }
    // Where the copy made before the last schema upgrade was written, if one was.
    QString upgradeBackupPath() const { return m_backupPath; }

    // Sessions. Listed reads only what a list of sessions shows: id, kind, title, status, date
    // and summary; the other fields stay empty.
    // Unlike the other calls, it may run on another thread than the workspace's, provided the
    // workspace's own thread leaves the workspace alone until it returns (the start-up reads the
    // list so, ui/startup.h): it uses SQLite's API alone, and SQLite allows a connection on any
    // thread, one at a time.
    enum class SessionColumns { All, Listed };
    Result<QList<Session>> sessions(SessionColumns columns = SessionColumns::All) const;
    Result<Session> session(Id id, SessionColumns columns = SessionColumns::All) const;
    Result<Session> createSession(Session session);
    Status updateSession(const Session &session);
    Status removeSession(Id id);
    // The session with the lists asked for (participants always); the others stay empty.
    Result<SessionSnapshot> snapshot(Id sessionId, SnapshotParts parts = AllSnapshotParts) const;
    // Stores a whole session (from JSON import or undo) under new ids; returns the new session.
    Result<Session> importSnapshot(const SessionSnapshot &snapshot);

    // Participants.
    Result<QList<Participant>> participants(Id sessionId) const;
    Result<Participant> addParticipant(Participant participant);
    Status updateParticipant(const Participant &participant);
    Status removeParticipant(Id id);

    // Timeline events, always returned in timeline order. An add with a non-zero id restores
    // that id (undo of a removal).
    Result<QList<TimelineEvent>> events(Id sessionId) const;
    Result<TimelineEvent> event(Id id) const;
    using QObject::event; // the event(Id) above must not hide QObject's (clang warns)
    Result<TimelineEvent> addEvent(TimelineEvent event);
    // Adds many events in one transaction (a pasted chat log): all or none.
    Result<QList<TimelineEvent>> addEvents(QList<TimelineEvent> events);
    Result<TimelineEvent> updateEvent(TimelineEvent event);
    Status removeEvent(Id id);
    // Removes many events in one transaction (undoing a paste, deleting a selection): all or
    // none, and one commit instead of one per event.
    Status removeEvents(const QList<Id> &ids);
    // Moves an event one place up (-1) or down (+1) in the sequence. Only events with an
    // unknown time may move: the others are placed by their time.
    Result<TimelineEvent> moveEvent(Id id, int direction);

    // Why chains.
    Result<QList<WhyNode>> whyNodes(Id sessionId) const;
    Result<WhyNode> whyNode(Id id) const;
    Result<WhyNode> addWhyNode(WhyNode node);
    Status updateWhyNode(const WhyNode &node);
    // Removes the node and everything under it.
    Status removeWhyNode(Id id);

    // Action items.
    Result<QList<ActionItem>> actions(Id sessionId) const;
    Result<ActionItem> action(Id id) const;
    Result<ActionItem> addAction(ActionItem item);
    Status updateAction(const ActionItem &item);
    Status removeAction(Id id);
    // Open and in-progress actions of every session, due first (no date last).
    Result<QList<WorkspaceAction>> openActions() const;

    // Pre-mortem.
    Result<QList<Round>> rounds(Id sessionId) const;
    Result<Round> addRound(Round round);
    Status updateRound(const Round &round);
    Status removeRound(Id id);
    Result<QList<Idea>> ideas(Id sessionId) const;
    Result<Idea> addIdea(Idea idea);
    Status updateIdea(const Idea &idea);
    Status removeIdea(Id id);
    Result<QList<Theme>> themes(Id sessionId) const;
    Result<Theme> addTheme(Theme theme);
    Status updateTheme(const Theme &theme);
    Status removeTheme(Id id);
    Result<QList<Vote>> votes(Id sessionId) const;
    // Sets a participant's dots on a theme; 0 removes the vote.
    Status setVote(const Vote &vote);

    // Departments of all participants in the workspace, sorted, for filters and completion.
    Result<QStringList> departments() const;
    // Sessions in which someone from the department took part.
    Result<QList<Id>> sessionsWithDepartment(const QString &department) const;

    // Full-text search over every text in the workspace (prefix match on each word).
    Result<QList<SearchHit>> search(const QString &text, int limit = 200) const;

    // Checks the file: integrity_check and foreign_key_check. Empty list means healthy.
    Result<QStringList> check() const;
    // Runs PRAGMA quick_check on a connection and thread of its own, then emits
    // integrityChecked(). A damaged file is made read-only first, so no edit lands on top of
    // the damage; the user is told by whoever listens.
    void checkIntegrityInBackground();
    bool isDamaged() const { return m_damaged; }
    // True when another connection committed since the last call (PRAGMA data_version).
    bool hasExternalChanges();
    // Emits externallyChanged() when another connection committed since the last check; the
    // app calls it on a timer (a cheap PRAGMA, no file watching needed). Also notices when the
    // file was moved, deleted or replaced, and then emits fileLost() once.
    void pollExternalChanges();
    // In WAL mode, copies the committed log into the file; the app calls it on its timer so
    // that no edit waits for a checkpoint. Does nothing with the rollback journal.
    void checkpointInIdleTime();
    // True while the path still names the file that was opened (same device and inode).
    bool isFileStillThere() const;

    // True for NFS, SMB and other shares where SQLite's WAL mode (shared memory) is unsafe:
    // workspaces there use the rollback journal.
    static bool isOnNetworkFileSystem(const QString &folder);

Q_SIGNALS:
    void changed(const hindsight::Change &change);
    // Another process changed the file; views should re-read what they show.
    void externallyChanged();
    // The result of checkIntegrityInBackground(): empty when healthy; otherwise `error` says
    // what to do and the workspace no longer accepts edits.
    void integrityChecked(const QStringList &problems, const hindsight::Error &error);
    // The file was moved, deleted or replaced by another one while open (found by
    // pollExternalChanges()). Every edit is refused from then on (SQLite would go on writing
    // to a file nobody sees); `error` says so and where the data still is, when known.
    void fileLost(const hindsight::Error &error);

private:
    Workspace(QString path, QString connection, bool readOnly);

    QSqlDatabase db() const;
    // Runs body inside BEGIN IMMEDIATE ... COMMIT; rolls back on any failure.
    Status write(const std::function<Status()> &body);
    // Runs body's SELECTs as one read transaction (nested inside a write or read: just runs).
    Status readTransaction(const std::function<Status()> &body) const;
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {}) const;
    // Runs a SELECT and calls `each` for every row; for reads of many rows (see the .cpp).
    // An error after some rows were read is returned too: discard what `each` collected.
    Status select(const QByteArray &sql, std::initializer_list<qint64> values,
        const std::function<void(const SqlRow &)> &each) const;
    Status touchSession(Id sessionId);
    Status chooseJournalMode(bool createdOrUpgraded);
    Result<Id> sessionOf(const char *table, Id id) const;
    Status replaceLinks(const char *table, const char *ownerColumn, const char *otherColumn,
        Id owner, const QList<Id> &others, bool positioned);
    Result<QList<Id>> links(const char *table, const char *ownerColumn, const char *otherColumn,
        Id owner, bool positioned) const;
    qint64 nextSeq(Id sessionId);
    struct Dependent {
        Change::Entity entity;
        const char *sql; // selects the ids of rows the removal changes, given the removed id
        Change::Type type = Change::Type::Updated;
    };
    Status removeRow(const char *table, Change::Entity entity, Id id,
        std::initializer_list<Dependent> dependents);
    Status writeEvent(TimelineEvent &event, bool insert);
    void notify(Change::Entity entity, Change::Type type, Id sessionId, Id id);

    QString m_path;
    QString m_connection;
    // The connection's SQLite handle, for select(). Taken once at open: asking QtSql for it
    // each time looks the connection up by name, which only the thread that opened it may do.
    sqlite3 *m_sqlite = nullptr;
    bool m_readOnly = false;
    bool m_damaged = false;
    // Set when the file is read as immutable (a WAL workspace in a folder nobody can write).
    QString m_immutableUri;
    QThread *m_checker = nullptr;
    QString m_backupPath;
    qint64 m_dataVersion = -1;
    bool m_inWrite = false;
    mutable bool m_inRead = false;
    int m_busyTimeoutMs = 5000;
    mutable quint64 m_busyRetries = 0; // statements tried again because the file was locked
    QElapsedTimer m_lastContention; // when BEGIN IMMEDIATE last had to wait for another writer
    QList<Change> m_pending; // changes announced once their transaction has committed
    quint64 m_writes = 0; // write() calls, to know when departments() may have changed here
    // departments() as last read, with the (PRAGMA data_version, m_writes) it was read at.
    mutable std::optional<QStringList> m_departments;
    mutable std::pair<qint64, quint64> m_departmentsReadAt {-1, 0};
    // The opened file's identity (st_dev, st_ino), to notice it being moved, deleted or
    // replaced: on Linux SQLite keeps writing to the old file, and in WAL mode does not notice.
    quint64 m_fileDevice = 0;
    quint64 m_fileInode = 0;
    bool m_fileIdentityKnown = false;
    bool m_fileLostReported = false;
    bool m_fileLostSettled = false;
    void rememberFileIdentity();
    Error fileLostError(bool forEdit);
    void settleLostFile();
};

// Opens the file without SQLite to tell what it is, before SQLite may touch it.
Status checkFileLooksLikeWorkspace(const QString &path);

} // namespace hindsight

Q_DECLARE_OPERATORS_FOR_FLAGS(hindsight::SnapshotParts)
Q_DECLARE_METATYPE(hindsight::Change)
