#include "startup.h"

#include "workspace.h"

#include <QFontDatabase>
#include <QThread>

#include <fontconfig/fontconfig.h>
#include <sched.h>

namespace hindsight {

StartUp::StartUp()
    : m_startCpu(sched_getcpu())
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->start();
}

StartUp::~StartUp()
{
    if (!m_applicationWasBuilt) {
        m_abandoned = true;
        m_applicationBuilt.release();
    }
    if (!m_workspaceWasOpened)
        m_workspaceOpened.release(); // with no file: nothing to read
    finish();
}

void StartUp::run()
{
    // On a 2-CPU virtual machine the new thread started on the busy CPU and shared it with the
    // main thread until the idle one pulled it over (the next load balance, up to a scheduler
    // tick): 10 ms and 7 ms of work took 13 ms (median of 40 runs, 16 ms at the 75th
    // percentile), 10.1 ms after the move. docs/performance.md, ninth round.
    leaveCpu(m_startCpu);
    FcInit();
    m_fontconfigLoaded.release();
    m_applicationBuilt.acquire();
    if (m_abandoned)
        return;
    (void)QFontDatabase::families();
    m_workspaceOpened.acquire();
    if (m_file && *m_file)
        m_list = (*m_file)->get()->sessions(Workspace::SessionColumns::Listed);
    m_listRead.release(); // the workspace and the list are the main thread's from here
}

void StartUp::applicationBuilt()
{
    m_applicationWasBuilt = true;
    m_applicationBuilt.release();
}

void StartUp::openWorkspace(const QString &path, bool isDefault)
{
    m_file = MainWindow::openWorkspaceFile(path, isDefault);
    m_workspaceWasOpened = true;
    m_workspaceOpened.release();
}

void StartUp::waitForFontConfiguration()
{
    m_fontconfigLoaded.acquire();
    m_fontconfigLoaded.release(); // for the next caller
}

Result<MainWindow::OpenedWorkspace> StartUp::takeWorkspace()
{
    Q_ASSERT(m_workspaceWasOpened);
    m_listRead.acquire();
    if (!*m_file)
        return m_file->error();
    return MainWindow::prepareWorkspace(std::move(*m_file).value(), std::move(*m_list));
}

void StartUp::finish()
{
    m_thread->wait();
}

void leaveCpu(int cpu)
{
    cpu_set_t allowed;
    if (cpu < 0 || sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return;
    cpu_set_t others = allowed;
    CPU_CLR(cpu, &others);
    if (CPU_COUNT(&others) == 0)
        return;
    // The kernel moves a thread at once when its own CPU leaves its set; widening the set
    // again does not move it back.
    if (sched_setaffinity(0, sizeof others, &others) == 0)
        sched_setaffinity(0, sizeof allowed, &allowed);
}

} // namespace hindsight
