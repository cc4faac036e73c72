#include "startup.h"

#include "workspace.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QThread>

#include <algorithm>
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
    QStringList titles;
    if (m_file && *m_file) {
        m_list = (*m_file)->get()->sessions(Workspace::SessionColumns::Listed);
        if (*m_list)
            titles = titlesNeedingFallbackFonts(**m_list);
    }
    m_listRead.release(); // the workspace and the list are the main thread's from here
    if (titles.isEmpty())
        return;
    const QFontMetricsF metrics(QGuiApplication::font());
    for (const QString &title : std::as_const(titles))
        (void)metrics.horizontalAdvance(title);
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

QStringList StartUp::titlesNeedingFallbackFonts(const QList<Session> &sessions)
{
    // More rows than the tallest screen shows.
    constexpr qsizetype kFirstScreenRows = 60;
    QStringList titles;
    for (qsizetype row = 0; row < std::min(sessions.size(), kFirstScreenRows); ++row) {
        const QString &title = sessions[row].title;
        const bool beyondLatin1 =
            std::any_of(title.cbegin(), title.cend(), [](QChar c) { return c.unicode() > 0xFF; });
        if (beyondLatin1 && !titles.contains(title))
            titles.append(title);
    }
    return titles;
}

} // namespace hindsight
