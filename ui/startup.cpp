#include "startup.h"

#include "workspace.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QtGlobal>

#include <fontconfig/fontconfig.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#ifdef __GLIBC__
#include <malloc.h>
#endif

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

namespace {

// What the window's first frame allocates besides its backing store, from reserveFirstFrame()
// to the backing store: 256 KiB covered it at 760 x 720 (docs/performance.md), so twice that.
constexpr qsizetype kFirstFrameHeadroom = 512 * 1024;

} // namespace

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
    m_firstFrameReserved.acquire();
    (void)m_firstFrame.mapAhead(); // where the kernel cannot, the frame maps its own pages
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

void StartUp::reserveFirstFrame(const QWidget &window)
{
    Q_ASSERT(!m_firstFrameWasReserved);
    // Under X11 and Wayland the backing store is memory shared with the display server, not
    // the heap: the pages mapped ahead would wait for later allocations. Offscreen, VNC,
    // linuxfb and eglfs keep their windows' pixels in the heap.
    const QString platform = QGuiApplication::platformName();
    if (platform != QLatin1String("xcb") && !platform.startsWith(QLatin1String("wayland"))) {
        // The backing store: 4 bytes a device pixel (QImage::Format_ARGB32_Premultiplied).
        const QSize pixels = window.size() * window.devicePixelRatio();
        m_firstFrame = FirstFrameMemory::reserve(
            qsizetype(pixels.width()) * pixels.height() * 4 + kFirstFrameHeadroom);
    }
    m_firstFrameWasReserved = true;
    m_firstFrameReserved.release();
}

void StartUp::finish()
{
    if (!m_firstFrameWasReserved) { // nothing to map: let the thread end
        m_firstFrameWasReserved = true;
        m_firstFrameReserved.release();
    }
    m_thread.join();
}

FirstFrameMemory FirstFrameMemory::reserve(qsizetype bytes)
{
    FirstFrameMemory memory;
#ifdef __GLIBC__
    const auto page = qsizetype(sysconf(_SC_PAGESIZE));
    // mallopt() refuses a threshold beyond 32 MiB (a 2,900-pixel square window): such a frame
    // maps its own pages. A sanitizer's mallopt() refuses every setting.
    if (bytes <= 0 || bytes > (32 << 20) - page || !mallopt(M_MMAP_THRESHOLD, int(bytes + page)))
        return memory;
    (void)mallopt(M_TRIM_THRESHOLD, int(2 * bytes));
    // Taken from the heap's top and given back to it: the heap has grown by `bytes`, of which
    // malloc wrote only a header, at the start.
    void *block = std::malloc(size_t(bytes));
    if (!block)
        return memory;
    const auto begin = quintptr(block);
    std::free(block);
    const auto mask = ~quintptr(page - 1);
    memory.m_begin = (begin + quintptr(page) - 1) & mask;
    memory.m_end = (begin + quintptr(bytes)) & mask;
#else
    Q_UNUSED(bytes);
#endif
    return memory;
}

int FirstFrameMemory::mapAhead() const
{
    if (isEmpty())
        return 0;
    // Maps each page as a write to it would, but writes nothing: the heap may be in use.
    return madvise(reinterpret_cast<void *>(m_begin), m_end - m_begin, MADV_POPULATE_WRITE) == 0
        ? 0
        : errno;
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
