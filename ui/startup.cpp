#include "startup.h"

#include "workspace.h"

#include <QFontDatabase>
#include <QThread>

#include <fontconfig/fontconfig.h>

namespace hindsight {

StartUp::StartUp()
    : m_thread(QThread::create([this] { run(); }))
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

} // namespace hindsight
