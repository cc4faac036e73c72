// The hindsight executable: a command when one is given, the app otherwise. Everything else
// lives in the core and ui libraries so tests can use it without this file.

#include "commandline.h"
#include "mainwindow.h"
#include "workspace.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

#include <memory>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("hindsight"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HINDSIGHT_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("hindsight"));
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i) {
        arguments.append(QString::fromLocal8Bit(argv[i]));
        // Bytes that are not text in the locale's encoding (UTF-8) become U+FFFD: say so
        // rather than store a changed text or look for a different file without a word.
        if (arguments.constLast().toLocal8Bit() != QByteArrayView(argv[i]))
            QTextStream(stderr) << "hindsight: warning: argument " << i
                                << " is not valid UTF-8; each invalid byte sequence was read "
                                   "as U+FFFD, the replacement character: "
                                << arguments.constLast() << '\n';
    }
    const hindsight::CommandLineRequest request = hindsight::parseCommandLine(arguments);

    if (!request.command.isEmpty() || request.help || request.version || !request.error.isEmpty()) {
        // Headless: no display needed, no GUI libraries initialised.
        QCoreApplication app(argc, argv);
        describeApplication();
        QTextStream out(stdout);
        QTextStream err(stderr);
        QFile in;
        (void)in.open(stdin, QIODevice::ReadOnly);
        const int code = hindsight::runCommand(request, out, err, &in);
        out.flush();
        err.flush();
        return code;
    }

    QApplication app(argc, argv);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Hindsight"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.hindsight.Hindsight"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hindsight-256.png")));
    hindsight::MainWindow window;
    window.openWorkspace(
        request.workspace.isEmpty() ? hindsight::Workspace::defaultPath() : request.workspace,
        request.workspace.isEmpty());
    window.show();
    // Benchmark hook (bench/, docs/performance.md): quit once the window is shown with the
    // workspace listed, so the cold start can be timed from outside. Prints nothing.
    if (qEnvironmentVariableIsSet("HINDSIGHT_BENCH_EXIT_WHEN_SHOWN"))
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return app.exec();
}
