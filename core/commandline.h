#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

class QIODevice;
class QTextStream;

namespace hindsight {

// Exit codes of the command line, after BSD's sysexits.h so scripts can tell causes apart.
// docs/command-line.md lists them; never renumber.
enum ExitCode : int {
    ExitOk = 0,
    ExitUsage = 64, // wrong arguments
    ExitDataError = 65, // bad input: a time, a JSON file, not a workspace, damaged, newer
    ExitNotFound = 66, // no such workspace, session or input file
    ExitInternal = 70, // a bug
    ExitCannotCreate = 73, // the output file cannot be written
    ExitIoError = 74, // read-only workspace, disk full, I/O error
    ExitLocked = 75, // the workspace stayed locked by another program: try again
};

int exitCodeFor(ErrorCode code);

// What the arguments ask for, before anything is opened.
struct CommandLineRequest {
    QString workspace; // --workspace FILE, or empty for the default workspace
    QString command; // empty: open the GUI
    QStringList arguments; // the command's own arguments
    bool help = false;
    bool version = false;
    QString error; // a usage error found while parsing
};

// `arguments` without the program name.
CommandLineRequest parseCommandLine(const QStringList &arguments);

// Runs a headless command. `in` is standard input, for `import-timeline -`.
int runCommand(
    const CommandLineRequest &request, QTextStream &out, QTextStream &err, QIODevice *in);

QString commandLineHelp();

} // namespace hindsight
