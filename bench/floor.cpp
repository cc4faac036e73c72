// hindsight_floor: the least a Qt Widgets program does before its first window is up (a main
// window with a list showing one line). Cold start of hindsight is compared with this, so the
// benchmark measures our start-up, not Qt's or the platform's.

#include "benchhook.h"

#include <QApplication>
#include <QListView>
#include <QMainWindow>
#include <QStringListModel>

#include <cstdlib>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    auto *list = new QListView(&window);
    list->setModel(new QStringListModel({QStringLiteral("Incident 1: the checkout outage")}, list));
    window.setCentralWidget(list);
    // Stamps and quits the way hindsight does under HINDSIGHT_BENCH_EXIT_WHEN_SHOWN: once the
    // frame showing the list is on screen.
    hindsight::bench::afterPaint([list](QWidget *w) { return w == list->viewport(); },
        [] {
            hindsight::bench::stamp("shown");
            // "first": at once, without the teardown, as hindsight does, for profiling.
            if (qEnvironmentVariable("HINDSIGHT_BENCH_EXIT_WHEN_SHOWN") == QLatin1String("first"))
                std::_Exit(0);
            QCoreApplication::quit();
        });
    window.show();
    return app.exec();
}
