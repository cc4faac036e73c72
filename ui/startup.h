#pragma once

#include "mainwindow.h"

#include <QSemaphore>

#include <memory>
#include <optional>

class QThread;

namespace hindsight {

// The app's start-up on both cores (docs/performance.md). This thread builds QApplication,
// opens the workspace file and builds the window. Meanwhile another thread:
// 1. reads the system's font configuration: fontconfig parses its XML files and loads its
//    caches. It is the largest single cost of the start-up, and nothing before the window's
//    first text measurement needs it, so it starts before QApplication;
// 2. has Qt list every font, once QApplication has its platform plugin;
// 3. reads the session list from the opened workspace, while this thread builds the window
//    (Workspace::sessions() allows that: this thread leaves the workspace alone meanwhile).
//
// It no longer measures a CJK title to make Qt's list of fallback fonts before the first frame:
// Qt holds its font database's lock meanwhile, and the window, waiting on it, lost what the
// first frame gained (docs/performance.md).
//
// The other thread first moves off the CPU this thread runs on, then lets the scheduler place it
// freely again (leaveCpu()): left where it was created, it shared that CPU with this thread for
// milliseconds on a 2-CPU machine, and the start-up took as long as on one thread.
//
// Use, in this order:
//     StartUp startUp;
//     QApplication app(argc, argv);
//     startUp.applicationBuilt();
//     startUp.openWorkspace(path, isDefault);
//     MainWindow window([&] { startUp.waitForFontConfiguration(); });
//     window.openWorkspace(startUp.takeWorkspace(), ...);
//     ... app.exec() ...
//     startUp.finish();
// A step left out blocks nothing: the destructor lets the thread finish.
class StartUp
{
public:
    StartUp();
    ~StartUp();
    StartUp(const StartUp &) = delete;
    StartUp &operator=(const StartUp &) = delete;

    void applicationBuilt();
    void openWorkspace(const QString &path, bool isDefault);
    // Until fontconfig has its configuration. The first text measurement must wait for it:
    // fontconfig started on a second thread reads the whole configuration again.
    void waitForFontConfiguration();
    // The workspace opened and its session list read (or why it could not be opened).
    Result<MainWindow::OpenedWorkspace> takeWorkspace();
    // Until the other thread has ended. Before QApplication goes: the thread uses Qt's fonts.
    void finish();

private:
    void run();

    int m_startCpu = -1; // the CPU this thread ran on when it started the other one

    QSemaphore m_fontconfigLoaded;
    QSemaphore m_applicationBuilt;
    QSemaphore m_workspaceOpened;
    QSemaphore m_listRead;
    bool m_applicationWasBuilt = false;
    bool m_workspaceWasOpened = false;
    bool m_abandoned = false; // set before m_applicationBuilt is released
    std::optional<Result<std::unique_ptr<Workspace>>> m_file;
    // Written by the other thread before it releases m_listRead.
    std::optional<Result<QList<Session>>> m_list;
    std::unique_ptr<QThread> m_thread;
};

// Moves the calling thread to another CPU than `cpu` that it may run on, then allows it every
// CPU it was allowed before: a one-time move, not a pin. Nothing happens when there is no other
// CPU (a one-CPU machine, a container limited to one) or `cpu` is unknown (-1). Linux only.
void leaveCpu(int cpu);

} // namespace hindsight
