// The hindsight executable: a command when one is given, the app otherwise. Everything else
// lives in the core and ui libraries so tests can use it without this file.

#include "appstyle.h"
#include "benchhook.h"
#include "commandline.h"
#include "mainwindow.h"
#include "startup.h"
#include "workspace.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QStackedWidget>
#include <QTextStream>
#include <QTimer>

#include <cstdlib>

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("hindsight"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HINDSIGHT_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("hindsight"));
}

void stampStartUp(const hindsight::MainWindow &window)
{
    QObject::connect(&window, &hindsight::MainWindow::firstFrameShown, &window, [&window] {
        hindsight::bench::stamp("shown");
        // "first": stop there at once, to profile the first frame alone (quit() would still
        // run the rest of this signal's slots, which open the newest session, and the teardown).
        if (qEnvironmentVariable("HINDSIGHT_BENCH_EXIT_WHEN_SHOWN") == QLatin1String("first"))
            std::_Exit(0);
        // The session opens right after this signal: the next paint of its page is its frame.
        hindsight::bench::afterPaint(
            [&window](QWidget *w) {
                if (window.currentSession() == 0)
                    return false;
                // Built with the session, after the first frame.
                const auto *pages = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
                const QWidget *page = pages ? pages->currentWidget() : nullptr;
                return page && (w == page || page->isAncestorOf(w));
            },
            [] {
                hindsight::bench::stamp("session");
                QCoreApplication::quit();
            });
        QTimer::singleShot(0, &window, [&window] {
            if (window.currentSession() == 0) // an empty workspace: no session to wait for
                QCoreApplication::quit();
        });
    });
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

    // On both cores: fontconfig starts reading the font configuration before QApplication, and
    // the session list is read while the window is built (ui/startup.h).
    hindsight::StartUp startUp;
    QApplication app(argc, argv);
    startUp.applicationBuilt();
    QApplication::setStyle(new hindsight::AppStyle);
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Hindsight"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.hindsight.Hindsight"));
    startUp.openWorkspace(
        request.workspace.isEmpty() ? hindsight::Workspace::defaultPath() : request.workspace,
        request.workspace.isEmpty());
    hindsight::MainWindow window([&startUp] { startUp.waitForFontConfiguration(); });
    startUp.reserveFirstFrame(window);
    window.openWorkspace(
        startUp.takeWorkspace(), hindsight::MainWindow::SessionOpening::AfterFirstFrame);
    // Benchmark hook (app/benchhook.h): stamps the first frame, which shows the workspace
    // listed, then the frame showing the newest session, and quits. Prints nothing otherwise.
    // Connected first, so the stamp is taken before the other work queued on that signal.
    if (qEnvironmentVariableIsSet("HINDSIGHT_BENCH_EXIT_WHEN_SHOWN"))
        stampStartUp(window);
    // The window manager draws the icon (title bar, task switcher), not the window: it is set
    // once the first frame is up. Reading it, with the image plugins loaded to do so, was 4%
    // of the start-up. 64 px, rendered from resources/icons/hindsight.svg with rsvg-convert;
    // the 256-px icon is installed for launchers (app/CMakeLists.txt).
    QObject::connect(&window, &hindsight::MainWindow::firstFrameShown, &app,
        [] { QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hindsight-64.png"))); });
    window.show();
    const int code = app.exec();
    startUp.finish(); // long done: it ended before the first frame
    return code;
}
