#pragma once

#include "mainwindow.h"

#include <QSemaphore>

#include <functional>
#include <memory>
#include <optional>

#include <pthread.h>
#include <sched.h>

namespace hindsight {

// A thread that starts on another CPU than the one its creator runs on, then may run on every
// CPU its creator may: placed, not pinned. Where there is no other CPU (a one-CPU machine, a
// container limited to one), it starts where it can. Joined when destroyed. Linux only.
//
// Why: on a 2-CPU virtual machine a new thread was queued on its creator's busy CPU, often
// after a first wait for a lock its creator held (QThread's start-up handshake), and ran there
// only once the scheduler's next balancing moved it: 0.3 to 2.4 ms later (docs/performance.md,
// tenth round). A move made by the thread itself came too late for that.
class ThreadElsewhere
{
public:
    explicit ThreadElsewhere(std::function<void()> work);
    ~ThreadElsewhere();
    ThreadElsewhere(const ThreadElsewhere &) = delete;
    ThreadElsewhere &operator=(const ThreadElsewhere &) = delete;

    void join();

    // For tests: the creator's CPU that the thread was kept off (-1 when none was), and the CPU
    // the thread began on.
    int avoidedCpu() const { return m_avoided; }
    int firstCpu() const { return m_first; }

private:
    static void *start(void *self);

    std::function<void()> m_work;
    cpu_set_t m_allowed {}; // what the creator may use, given back to the thread once it runs
    int m_avoided = -1;
    int m_first = -1;
    pthread_t m_thread {};
    bool m_joinable = false;
};

// Memory that the window's first frame will write, mapped ahead of that frame by another thread.
//
// Why: the first paint fills the window's backing store, a new image as large as the window.
// Each of its pages costs a page fault when first written, about 3 us on a virtual machine:
// 535 pages and 1.7 ms of the first frame at 760 x 720 (docs/performance.md, eleventh round).
// glibc gives a block that large a mapping of its own, made when it is allocated, so nothing
// could map it ahead. reserve() has such blocks come from the heap instead, and grows the heap
// by as much without writing to it. mapAhead() then has the kernel map those pages
// (MADV_POPULATE_WRITE, which writes no byte, so it is safe while the heap is in use).
//
// StartUp uses it where the platform keeps the window's pixels in the heap (offscreen, VNC,
// linuxfb, eglfs), not under X11 or Wayland. With another malloc than glibc's (a sanitizer's)
// reserve() does nothing; before Linux 5.14 mapAhead() does nothing.
class FirstFrameMemory
{
public:
    FirstFrameMemory() = default;
    // On the thread that will paint the frame, before the window is shown: room for `bytes` at
    // the heap's top. Blocks as large come from the heap from then on, and freed memory is
    // given back to the system only beyond twice as much (glibc would raise both limits so
    // itself, the first time the program freed a block that large).
    static FirstFrameMemory reserve(qsizetype bytes);
    // On any thread: 0, or the errno of the kernel's refusal (EINVAL: a kernel without it).
    int mapAhead() const;

    bool isEmpty() const { return m_end <= m_begin; }
    // The pages reserved: whole pages only.
    quintptr begin() const { return m_begin; }
    quintptr end() const { return m_end; }

private:
    quintptr m_begin = 0;
    quintptr m_end = 0;
};

// The app's start-up on both cores (docs/performance.md). This thread builds QApplication,
// opens the workspace file and builds the window. Meanwhile another thread:
// 1. reads the system's font configuration: fontconfig parses its XML files and loads its
//    caches. It is the largest single cost of the start-up, and nothing before the window's
//    first text measurement needs it, so it starts before QApplication;
// 2. has Qt list every font, once QApplication has its platform plugin;
// 3. reads the session list from the opened workspace, while this thread builds the window
//    (Workspace::sessions() allows that: this thread leaves the workspace alone meanwhile);
// 4. maps the memory that the window's first frame will write (FirstFrameMemory), while this
//    thread shows the window.
//
// It no longer measures a CJK title to make Qt's list of fallback fonts before the first frame:
// Qt holds its font database's lock meanwhile, and the window, waiting on it, lost what the
// first frame gained (docs/performance.md).
//
// The other thread starts on another CPU than this one (ThreadElsewhere): started where the
// scheduler put it, it waited behind this thread for milliseconds on a 2-CPU machine.
//
// Use, in this order:
//     StartUp startUp;
//     QApplication app(argc, argv);
//     startUp.applicationBuilt();
//     startUp.openWorkspace(path, isDefault);
//     MainWindow window([&] { startUp.waitForFontConfiguration(); });
//     startUp.reserveFirstFrame(window);
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
    // The built window, not yet shown: the memory its first frame will write is reserved here
    // and mapped by the other thread once the list is read.
    void reserveFirstFrame(const QWidget &window);
    // Until the other thread has ended. Before QApplication goes: the thread uses Qt's fonts.
    void finish();

private:
    void run();

    QSemaphore m_fontconfigLoaded;
    QSemaphore m_applicationBuilt;
    QSemaphore m_workspaceOpened;
    QSemaphore m_listRead;
    QSemaphore m_firstFrameReserved;
    bool m_applicationWasBuilt = false;
    bool m_workspaceWasOpened = false;
    bool m_firstFrameWasReserved = false;
    bool m_abandoned = false; // set before m_applicationBuilt is released
    std::optional<Result<std::unique_ptr<Workspace>>> m_file;
    // Written by the other thread before it releases m_listRead.
    std::optional<Result<QList<Session>>> m_list;
    FirstFrameMemory m_firstFrame; // written before m_firstFrameReserved is released
    ThreadElsewhere m_thread; // last: it starts at once and uses the members above
};

} // namespace hindsight
