#include "commandline.h"

#include "jsonformat.h"
#include "reportwriter.h"
#include "timelineparser.h"
#include "workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSaveFile>
#include <QSet>
#include <QTextStream>
#include <QTimeZone>

namespace hindsight {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CommandLine", text);
}

struct CommandSpec {
    const char *name;
    QSet<QString> valueOptions; // take a value: --session 3, --session=3
    QSet<QString> flags; // take none
    int minPositional = 0;
    int maxPositional = 0;
};

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> specs {
        {"list", {}, {}, 0, 0},
        {"new",
            {QStringLiteral("kind"), QStringLiteral("title"), QStringLiteral("date"),
                QStringLiteral("zone")},
            {}, 0, 0},
        {"add-event",
            {QStringLiteral("session"), QStringLiteral("time"), QStringLiteral("kind"),
                QStringLiteral("text"), QStringLiteral("reporter"), QStringLiteral("source")},
            {QStringLiteral("star")}, 0, 0},
        {"import-timeline", {QStringLiteral("session"), QStringLiteral("zone")},
            {QStringLiteral("dry-run")}, 1, 1},
        {"export",
            {QStringLiteral("session"), QStringLiteral("format"), QStringLiteral("o"),
                QStringLiteral("output"), QStringLiteral("zone")},
            {QStringLiteral("starred")}, 0, 0},
        {"import", {}, {}, 1, 1},
    };
    return specs;
}

struct ParsedOptions {
    QHash<QString, QString> values;
    QSet<QString> flags;
    QStringList positional;
    QString error;
};

ParsedOptions parseOptions(const CommandSpec &spec, const QStringList &args)
{
    ParsedOptions p;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (a == QLatin1String("-") || !a.startsWith(QLatin1Char('-'))) {
            p.positional.append(a);
            continue;
        }
        QString name = a.mid(a.startsWith(QLatin1String("--")) ? 2 : 1);
        QString value;
        bool hasValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            hasValue = true;
        }
        if (spec.flags.contains(name)) {
            if (hasValue) {
                p.error = tr("--%1 takes no value").arg(name);
                return p;
            }
            p.flags.insert(name);
        } else if (spec.valueOptions.contains(name)) {
            if (!hasValue) {
                if (i + 1 >= args.size()) {
                    p.error = tr("--%1 needs a value").arg(name);
                    return p;
                }
                value = args[++i];
            }
            p.values.insert(name, value);
        } else {
            p.error = tr("unknown option %1 for “%2”").arg(a, QLatin1String(spec.name));
            return p;
        }
    }
    if (p.positional.size() < spec.minPositional || p.positional.size() > spec.maxPositional)
        p.error = spec.maxPositional == 0
            ? tr("“%1” takes no file argument").arg(QLatin1String(spec.name))
            : tr("“%1” needs one file argument").arg(QLatin1String(spec.name));
    return p;
}

// Command-line failures print one line: what failed, then why.
int fail(QTextStream &err, const Error &e)
{
    err << "hindsight: " << e.message << '\n';
    if (!e.detail.isEmpty() && e.code == ErrorCode::Internal)
        err << "hindsight: detail: " << e.detail << '\n';
    return exitCodeFor(e.code);
}

int usage(QTextStream &err, const QString &message)
{
    err << "hindsight: " << message << '\n' << "hindsight: see “hindsight --help”" << '\n';
    return ExitUsage;
}

Result<Id> sessionArgument(const ParsedOptions &p)
{
    const QString raw = p.values.value(QStringLiteral("session"));
    if (raw.isEmpty())
        return Error {ErrorCode::InvalidInput, tr("--session ID is required"), {}};
    bool ok = false;
    const Id id = raw.toLongLong(&ok);
    if (!ok || id <= 0)
        return Error {ErrorCode::InvalidInput,
            tr("--session takes a session id (a positive number), not “%1”").arg(raw), {}};
    return id;
}

// Matches a typed reporter to a participant of the session; anyone else stays free text.
void setReporter(TimelineEvent &e, const QString &name, const QList<Participant> &people)
{
    const QString n = name.trimmed();
    e.reporterId = 0;
    e.reporterText.clear();
    if (n.isEmpty())
        return;
    for (const Participant &p : people) {
        if (p.name.compare(n, Qt::CaseInsensitive) == 0) {
            e.reporterId = p.id;
            return;
        }
    }
    e.reporterText = n;
}

ParseContext contextFor(const Session &s, const QList<TimelineEvent> &events, const QString &zone)
{
    ParseContext c;
    c.defaultDate = s.date.isValid() ? s.date : QDate::currentDate();
    c.defaultZone = zone.isEmpty() ? s.timeZone : zone;
    c.now = QDateTime::currentDateTimeUtc();
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        if (it->time.isKnown()) {
            c.previous = it->time.utc;
            break;
        }
    }
    return c;
}

QString describe(const ParsedLine &l)
{
    QStringList parts;
    parts << (l.date.isValid() ? l.date.toString(Qt::ISODate) : QStringLiteral("----------"));
    parts << (l.clock.isValid() ? l.clock.toString(
                  l.time.hasSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"))
                                : QStringLiteral("--:--"));
    parts << (l.zone.isEmpty() ? QStringLiteral("-") : l.zone);
    parts << toKey(l.time.certainty);
    parts << toKey(l.kind);
    QString line = parts.join(QLatin1Char(' '));
    line += QStringLiteral(" | ") + l.text;
    if (!l.reporter.isEmpty())
        line += QStringLiteral(" [") + l.reporter + QLatin1Char(']');
    if (!l.note.isEmpty())
        line += QStringLiteral("  (") + l.note + QLatin1Char(')');
    return line;
}

int cmdList(Workspace &ws, QTextStream &out, QTextStream &err)
{
    auto list = ws.sessions(Workspace::SessionColumns::Listed);
    if (!list)
        return fail(err, list.error());
    for (const Session &s : *list) {
        out << s.id << '\t' << toKey(s.kind) << '\t' << toKey(s.status) << '\t'
            << (s.date.isValid() ? s.date.toString(Qt::ISODate) : QStringLiteral("-")) << '\t'
            << QString(s.title).replace(QLatin1Char('\n'), QLatin1Char(' ')) << '\n';
    }
    return ExitOk;
}

int cmdNew(Workspace &ws, const ParsedOptions &p, QTextStream &out, QTextStream &err)
{
    Session s;
    const QString kind = p.values.value(QStringLiteral("kind"), QStringLiteral("postmortem"));
    const auto k = sessionKindFromKey(kind);
    if (!k)
        return usage(err, tr("--kind is postmortem or premortem, not “%1”").arg(kind));
    s.kind = *k;
    s.title = p.values.value(QStringLiteral("title"));
    if (s.title.trimmed().isEmpty())
        return usage(err, tr("--title is required"));
    if (p.values.contains(QStringLiteral("date"))) {
        const QString date = p.values.value(QStringLiteral("date"));
        s.date = QDate::fromString(date, Qt::ISODate);
        if (!s.date.isValid())
            return fail(err,
                Error {ErrorCode::InvalidInput,
                    tr("--date takes a calendar date YYYY-MM-DD in the years 0001 to 9999, "
                       "not “%1”")
                        .arg(date),
                    {}});
    } else {
        s.date = QDate::currentDate();
    }
    s.timeZone =
        p.values.value(QStringLiteral("zone"), QString::fromUtf8(QTimeZone::systemTimeZoneId()));
    if (!s.timeZone.isEmpty() && !QTimeZone(s.timeZone.toUtf8()).isValid())
        return fail(err,
            Error {ErrorCode::InvalidInput,
                tr("unknown time zone “%1” (use an IANA id such as Europe/Berlin)").arg(s.timeZone),
                {}});
    s.primeDirective = defaultPrimeDirective();
    auto created = ws.createSession(s);
    if (!created)
        return fail(err, created.error());
    out << created->id << '\n';
    return ExitOk;
}

int cmdAddEvent(Workspace &ws, const ParsedOptions &p, QTextStream &out, QTextStream &err)
{
    auto sid = sessionArgument(p);
    if (!sid)
        return fail(err, sid.error());
    auto session = ws.session(*sid);
    if (!session)
        return fail(err, session.error());
    auto existing = ws.events(*sid);
    if (!existing)
        return fail(err, existing.error());
    auto people = ws.participants(*sid);
    if (!people)
        return fail(err, people.error());
    if (!p.values.contains(QStringLiteral("text"))
        || p.values.value(QStringLiteral("text")).trimmed().isEmpty())
        return usage(err, tr("--text is required"));
    TimelineEvent e;
    e.sessionId = *sid;
    e.text = p.values.value(QStringLiteral("text"));
    const QString kind = p.values.value(QStringLiteral("kind"), QStringLiteral("note"));
    const auto k = eventKindFromKey(kind);
    if (!k) {
        QStringList keys;
        for (EventKind x : allEventKinds())
            keys << toKey(x);
        return usage(
            err, tr("--kind is one of %1, not “%2”").arg(keys.join(QStringLiteral(", ")), kind));
    }
    e.kind = *k;
    const QString typed = p.values.value(QStringLiteral("time"));
    const auto time = TimelineParser::parseTypedTime(typed, contextFor(*session, *existing, {}));
    if (!time)
        return fail(err,
            Error {ErrorCode::InvalidInput,
                tr("cannot read the time “%1” (try 14:05, ~23:00, 2017-01-31 18:00 UTC, 9:37 AM "
                   "PST, +5m, or \"\" for unknown)")
                    .arg(typed),
                {}});
    e.time = *time;
    setReporter(e, p.values.value(QStringLiteral("reporter")), *people);
    e.source = p.values.value(QStringLiteral("source"));
    e.starred = p.flags.contains(QStringLiteral("star"));
    auto added = ws.addEvent(e);
    if (!added)
        return fail(err, added.error());
    out << added->id << '\n';
    return ExitOk;
}

Result<QByteArray> readInput(const QString &path, QIODevice *in)
{
    if (path == QLatin1String("-")) {
        if (!in)
            return Error {ErrorCode::NotFound, tr("no standard input"), {}};
        return in->readAll();
    }
    QFile f(path);
    if (QFileInfo(path).isDir())
        return Error {ErrorCode::InvalidInput, tr("“%1” is a folder, not a file").arg(path), {}};
    if (!f.open(QIODevice::ReadOnly))
        return Error {f.exists() ? ErrorCode::Io : ErrorCode::NotFound,
            tr("cannot read “%1”: %2").arg(path, f.errorString()), {}};
    return f.readAll();
}

int cmdImportTimeline(
    Workspace &ws, const ParsedOptions &p, QTextStream &out, QTextStream &err, QIODevice *in)
{
    auto sid = sessionArgument(p);
    if (!sid)
        return fail(err, sid.error());
    auto session = ws.session(*sid);
    if (!session)
        return fail(err, session.error());
    const QString zone = p.values.value(QStringLiteral("zone"));
    if (!zone.isEmpty() && !QTimeZone(zone.toUtf8()).isValid())
        return fail(
            err, Error {ErrorCode::InvalidInput, tr("unknown time zone “%1”").arg(zone), {}});
    auto existing = ws.events(*sid);
    if (!existing)
        return fail(err, existing.error());
    auto people = ws.participants(*sid);
    if (!people)
        return fail(err, people.error());
    auto data = readInput(p.positional.first(), in);
    if (!data)
        return fail(err, data.error());
    const QList<ParsedLine> lines =
        TimelineParser::parse(QString::fromUtf8(*data), contextFor(*session, *existing, zone));
    QList<TimelineEvent> events;
    int unknown = 0;
    for (const ParsedLine &l : lines) {
        if (!l.isEvent())
            continue;
        out << "line " << l.lineNumber << ": " << describe(l) << '\n';
        TimelineEvent e;
        e.sessionId = *sid;
        e.time = l.time;
        e.kind = l.kind;
        e.text = l.text.isEmpty() ? l.raw.trimmed() : l.text;
        e.source = QStringLiteral("import");
        setReporter(e, l.reporter, *people);
        unknown += e.time.isKnown() ? 0 : 1;
        events.append(e);
    }
    if (p.flags.contains(QStringLiteral("dry-run"))) {
        out << tr("%1 events read (%2 with an unknown time); nothing imported (--dry-run)")
                   .arg(events.size())
                   .arg(unknown)
            << '\n';
        return ExitOk;
    }
    auto added = ws.addEvents(events);
    if (!added)
        return fail(err, added.error());
    out << tr("%1 events imported (%2 with an unknown time)").arg(events.size()).arg(unknown)
        << '\n';
    return ExitOk;
}

int cmdExport(Workspace &ws, const ParsedOptions &p, QTextStream &out, QTextStream &err)
{
    auto sid = sessionArgument(p);
    if (!sid)
        return fail(err, sid.error());
    const QString format = p.values.value(QStringLiteral("format"), QStringLiteral("markdown"));
    if (format != QLatin1String("markdown") && format != QLatin1String("json"))
        return usage(err, tr("--format is markdown or json, not “%1”").arg(format));
    auto snap = ws.snapshot(*sid);
    if (!snap)
        return fail(err, snap.error());
    const QString output =
        p.values.value(QStringLiteral("o"), p.values.value(QStringLiteral("output")));

    auto write = [&](QIODevice *device) -> Status {
        if (format == QLatin1String("json"))
            return writeSessionJson(*snap, device, true);
        ReportOptions options;
        options.starredOnly = p.flags.contains(QStringLiteral("starred"));
        options.timeZone = p.values.value(QStringLiteral("zone"));
        return writeReport(*snap, options, device);
    };

    if (output.isEmpty() || output == QLatin1String("-")) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return fail(err, Error {ErrorCode::Io, tr("cannot write to standard output"), {}});
        out.flush();
        const Status s = write(&stdoutFile);
        stdoutFile.flush();
        return s ? ExitOk : fail(err, s.error());
    }
    // QSaveFile: the old file stays whole until the new one is complete.
    QSaveFile file(output);
    if (!file.open(QIODevice::WriteOnly)) {
        err << "hindsight: " << tr("cannot write “%1”: %2").arg(output, file.errorString()) << '\n';
        return ExitCannotCreate;
    }
    if (const Status s = write(&file); !s) {
        file.cancelWriting();
        return fail(err, s.error());
    }
    if (!file.commit()) {
        err << "hindsight: " << tr("cannot write “%1”: %2").arg(output, file.errorString()) << '\n';
        return ExitIoError;
    }
    return ExitOk;
}

int cmdImport(
    Workspace &ws, const ParsedOptions &p, QTextStream &out, QTextStream &err, QIODevice *in)
{
    auto data = readInput(p.positional.first(), in);
    if (!data)
        return fail(err, data.error());
    auto snap = readSessionJson(*data);
    if (!snap) {
        Error e = snap.error();
        e.message = tr("“%1” is not a valid Hindsight session file: %2")
                        .arg(p.positional.first(), e.message);
        return fail(err, e);
    }
    auto created = ws.importSnapshot(*snap);
    if (!created)
        return fail(err, created.error());
    out << created->id << '\n';
    return ExitOk;
}

} // namespace

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NotFound: return ExitNotFound;
    case ErrorCode::NotSqlite:
    case ErrorCode::NotWorkspace:
    case ErrorCode::NewerSchema:
    case ErrorCode::Corrupt:
    case ErrorCode::MigrationFailed:
    case ErrorCode::InvalidInput: return ExitDataError;
    case ErrorCode::ReadOnly:
    case ErrorCode::DiskFull:
    case ErrorCode::Io: return ExitIoError;
    case ErrorCode::Locked: return ExitLocked;
    case ErrorCode::Internal: return ExitInternal;
    }
    return ExitInternal;
}

CommandLineRequest parseCommandLine(const QStringList &arguments)
{
    CommandLineRequest r;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a == QLatin1String("--workspace") || a == QLatin1String("-w")) {
            if (i + 1 >= arguments.size()) {
                r.error = tr("--workspace needs a file");
                return r;
            }
            r.workspace = arguments[++i];
        } else if (a.startsWith(QLatin1String("--workspace="))) {
            r.workspace = a.mid(12);
        } else if (r.command.isEmpty()
            && (a == QLatin1String("--help") || a == QLatin1String("-h"))) {
            r.help = true;
        } else if (r.command.isEmpty() && a == QLatin1String("--version")) {
            r.version = true;
        } else if (r.command.isEmpty() && a.startsWith(QLatin1Char('-'))) {
            // Qt's own GUI options (-platform offscreen, -style fusion, ...) are for the GUI;
            // leave them, and the value of those that take one, to QApplication.
            static const QStringList withValue {QStringLiteral("-platform"),
                QStringLiteral("-platformpluginpath"), QStringLiteral("-platformtheme"),
                QStringLiteral("-plugin"), QStringLiteral("-qwindowgeometry"),
                QStringLiteral("-geometry"), QStringLiteral("-qwindowtitle"),
                QStringLiteral("-qwindowicon"), QStringLiteral("-style"),
                QStringLiteral("-stylesheet"), QStringLiteral("-session"),
                QStringLiteral("-display")};
            if (withValue.contains(a))
                ++i;
            continue;
        } else if (r.command.isEmpty()) {
            r.command = a;
        } else {
            r.arguments.append(a);
        }
    }
    if (!r.command.isEmpty()) {
        bool known = false;
        for (const CommandSpec &spec : commands())
            known = known || r.command == QLatin1String(spec.name);
        if (!known)
            r.error = tr("unknown command “%1”").arg(r.command);
    }
    if (r.workspace.isEmpty() && arguments.contains(QStringLiteral("--workspace=")))
        r.error = tr("--workspace needs a file");
    return r;
}

QString commandLineHelp()
{
    return QStringLiteral(
        "Usage: hindsight [--workspace FILE] [COMMAND [OPTIONS]]\n"
        "\n"
        "Blameless post-mortems and pre-mortems. Without a command the app opens.\n"
        "The default workspace is %1\n"
        "\n"
        "Commands:\n"
        "  list                                 sessions: id, kind, status, date, title\n"
        "  new --kind postmortem|premortem --title T [--date YYYY-MM-DD] [--zone IANA]\n"
        "                                       create a session; prints its id\n"
        "  add-event --session ID --time T --kind K --text X [--reporter R] [--source S] [--star]\n"
        "                                       T: 14:05, 14:05:30, ~23:00, 2017-01-31 18:00 UTC,\n"
        "                                       9:37 AM PST, yesterday 23:10, +5m, \"\" (unknown)\n"
        "                                       K: impact-start, detection, escalation, "
        "diagnosis,\n"
        "                                       mitigation, resolution, communication, decision, "
        "note\n"
        "  import-timeline --session ID [--zone IANA] [--dry-run] FILE|-\n"
        "                                       read a pasted timeline or chat log; prints how\n"
        "                                       each line was read\n"
        "  export --session ID [--format markdown|json] [-o FILE] [--starred] [--zone IANA]\n"
        "  import FILE.json                     add a session from a JSON file; prints its id\n"
        "\n"
        "Exit codes: 0 ok, 64 usage, 65 bad data, 66 not found, 70 internal error,\n"
        "73 cannot create output, 74 read-only/disk full/I-O error, 75 workspace locked.\n")
        .arg(Workspace::defaultPath());
}

int runCommand(const CommandLineRequest &request, QTextStream &out, QTextStream &err, QIODevice *in)
{
    if (!request.error.isEmpty())
        return usage(err, request.error);
    if (request.help) {
        out << commandLineHelp();
        return ExitOk;
    }
    if (request.version) {
        out << "hindsight " << QCoreApplication::applicationVersion() << '\n';
        return ExitOk;
    }
    const CommandSpec *spec = nullptr;
    for (const CommandSpec &s : commands())
        if (request.command == QLatin1String(s.name))
            spec = &s;
    if (!spec)
        return usage(err, tr("no command given"));
    const ParsedOptions options = parseOptions(*spec, request.arguments);
    if (!options.error.isEmpty())
        return usage(err, options.error);

    const bool isDefault = request.workspace.isEmpty();
    const QString path = isDefault ? Workspace::defaultPath() : request.workspace;
    OpenOptions open;
    // New sessions may start a workspace; the other commands work on one that exists, except
    // that the default workspace is created on first use just as the app does.
    open.create = isDefault || request.command == QLatin1String("new")
        || request.command == QLatin1String("import");
    // list and export only read, but they open writable when the file allows it: an older
    // workspace must be upgraded before it can be read. A read-only file opens read-only.
    // They skip the whole-file check: reading cannot make damage worse, and a damaged page
    // they read fails with a clear Corrupt error all the same. Commands that write check.
    const bool onlyReads =
        request.command == QLatin1String("list") || request.command == QLatin1String("export");
    open.checkIntegrity = !onlyReads;
    auto ws = Workspace::open(path, open);
    if (!ws)
        return fail(err, ws.error());
    Workspace &w = **ws;

    const QString &c = request.command;
    if (c == QLatin1String("list"))
        return cmdList(w, out, err);
    if (c == QLatin1String("new"))
        return cmdNew(w, options, out, err);
    if (c == QLatin1String("add-event"))
        return cmdAddEvent(w, options, out, err);
    if (c == QLatin1String("import-timeline"))
        return cmdImportTimeline(w, options, out, err, in);
    if (c == QLatin1String("export"))
        return cmdExport(w, options, out, err);
    if (c == QLatin1String("import"))
        return cmdImport(w, options, out, err, in);
    return usage(err, tr("unknown command “%1”").arg(c));
}

} // namespace hindsight
