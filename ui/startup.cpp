#include "startup.h"

#include "workspace.h"

#include <QFontDatabase>
#include <QtGlobal>

#include <fontconfig/fontconfig.h>
#include <sched.h>

namespace hindsight {

StartUp::StartUp()
    : m_thread([this] { run(); })
{ }

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
    m_thread.join();
}

ThreadElsewhere::ThreadElsewhere(std::function<void()> work)
    : m_work(std::move(work))
{
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    const int cpu = sched_getcpu();
    if (cpu >= 0 && sched_getaffinity(0, sizeof m_allowed, &m_allowed) == 0) {
        cpu_set_t others = m_allowed;
        CPU_CLR(cpu, &others);
        // glibc sets the new thread's CPUs before it first runs.
        if (CPU_COUNT(&others) > 0
            && pthread_attr_setaffinity_np(&attributes, sizeof others, &others) == 0)
            m_avoided = cpu;
    }
    int error = pthread_create(&m_thread, &attributes, &ThreadElsewhere::start, this);
    if (error != 0 && m_avoided >= 0) { // a CPU set the system refused: start it anywhere
        m_avoided = -1;
        error = pthread_create(&m_thread, nullptr, &ThreadElsewhere::start, this);
    }
    pthread_attr_destroy(&attributes);
    if (error != 0)
        qFatal("Hindsight could not start a thread (error %d): the system is out of resources.",
            error);
    m_joinable = true;
}

ThreadElsewhere::~ThreadElsewhere()
{
    join();
}

void ThreadElsewhere::join()
{
    if (m_joinable) {
        pthread_join(m_thread, nullptr);
        m_joinable = false;
    }
}

void *ThreadElsewhere::start(void *self)
{
    auto *thread = static_cast<ThreadElsewhere *>(self);
    thread->m_first = sched_getcpu();
    // Widening the set does not move a running thread: it stays where it was placed.
    if (thread->m_avoided >= 0)
        sched_setaffinity(0, sizeof thread->m_allowed, &thread->m_allowed);
    thread->m_work();
    return nullptr;
}

} // namespace hindsight
