// The app's start-up on two threads (ui/startup.h): the session list read on the other thread
// while the window is built is the list the workspace holds, a file that cannot be opened is
// reported, and a step left out blocks nothing.
#include "mainwindow.h"
#include "sessionlistmodel.h"
#include "startup.h"
#include "testfiles.h"
#include "workspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QListView>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <thread>
#include <vector>

using namespace hindsight;

class TestStartUp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void readsTheListWhileTheWindowIsBuilt();
    void reportsAFileItCannotOpen();
    void stepsLeftOutBlockNothing();
    void waitsForTheFontsBeforeTheFirstText();
    void otherThreadStartsOnAnotherCpu();
    void otherThreadStartsWhereItCanOnOneCpu();
    void firstFrameMemoryIsMappedAhead();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("w.hindsight")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStartUp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("hindsight-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_startup"));
}

void TestStartUp::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStartUp::readsTheListWhileTheWindowIsBuilt()
{
    QList<Session> expected;
    {
        auto w = Workspace::open(path(), OpenOptions {.create = true});
        QVERIFY(w);
        for (const QString &title :
            {QStringLiteral("Disk full on db-01"), QStringLiteral("決済サービス outage"),
                QStringLiteral("Pager storm 👩‍💻")}) {
            Session s;
            s.title = title;
            s.summary = QStringLiteral("What happened to ") + title;
            QVERIFY((*w)->createSession(s));
        }
        auto listed = (*w)->sessions(Workspace::SessionColumns::Listed);
        QVERIFY(listed);
        expected = *listed;
    }

    StartUp startUp;
    startUp.applicationBuilt();
    startUp.openWorkspace(path(), false);
    MainWindow window([&startUp] { startUp.waitForFontConfiguration(); });
    startUp.reserveFirstFrame(window);
    auto opened = startUp.takeWorkspace();
    QVERIFY(opened);
    QAbstractItemModelTester sessionsTester(
        opened->sessions, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(
        opened->filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(opened->sessions->rowCount(), expected.size());
    for (int row = 0; row < expected.size(); ++row) {
        const Session *s = opened->sessions->sessionAt(row);
        QCOMPARE(s->id, expected[row].id);
        QCOMPARE(s->title, expected[row].title);
        QCOMPARE(s->summary, expected[row].summary);
    }
    QVERIFY(window.openWorkspace(std::move(opened), MainWindow::SessionOpening::Now));
    QCOMPARE(window.findChild<QListView *>(QStringLiteral("sessionList"))->model()->rowCount(),
        expected.size());
    startUp.finish();
}

void TestStartUp::reportsAFileItCannotOpen()
{
    {
        QFile f(path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("not a workspace, only text\n").repeated(200));
    }
    const QByteArray before = test::fileHash(path());
    StartUp startUp;
    startUp.applicationBuilt();
    startUp.openWorkspace(path(), false);
    startUp.waitForFontConfiguration();
    const auto opened = startUp.takeWorkspace();
    QVERIFY(!opened);
    QVERIFY2(!opened.error().message.isEmpty(), "no message for the user");
    startUp.finish();
    QCOMPARE(test::fileHash(path()), before);
}

// The thread waits for each step in turn: leaving steps out (an early return) must not leave
// the destructor waiting for it. A hang here fails by the test's timeout.
void TestStartUp::stepsLeftOutBlockNothing()
{
    {
        StartUp nothingDone;
    }
    {
        StartUp noWorkspace;
        noWorkspace.applicationBuilt();
    }
    {
        StartUp notTaken;
        notTaken.applicationBuilt();
        notTaken.openWorkspace(path(), true);
    }
    QVERIFY(QFile::exists(path()));
}

// The window builds its menus (no text measured), then waits, then the rest.
void TestStartUp::waitsForTheFontsBeforeTheFirstText()
{
    int calls = 0;
    bool menusBuilt = false;
    bool listBuilt = true;
    MainWindow window([&] {
        ++calls;
        const QWidgetList widgets = QApplication::allWidgets();
        menusBuilt = std::any_of(widgets.cbegin(), widgets.cend(),
            [](const QWidget *w) { return qobject_cast<const QMenuBar *>(w); });
        listBuilt = std::any_of(widgets.cbegin(), widgets.cend(),
            [](const QWidget *w) { return w->objectName() == QLatin1String("sessionList"); });
    });
    QCOMPARE(calls, 1);
    QVERIFY(menusBuilt);
    QVERIFY(!listBuilt);
    QVERIFY(window.findChild<QListView *>(QStringLiteral("sessionList")));
}

namespace {

cpu_set_t allowedCpus()
{
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    sched_getaffinity(0, sizeof allowed, &allowed);
    return allowed;
}

} // namespace

// The other thread begins on another CPU than its creator's, then may run on every CPU its
// creator may: placed, not pinned. Without the placement it began on its creator's CPU in most
// runs here, so a few tries show it.
void TestStartUp::otherThreadStartsOnAnotherCpu()
{
    const cpu_set_t allowed = allowedCpus();
    if (CPU_COUNT(&allowed) < 2)
        QSKIP("This process may run on one CPU only: there is no other to start on.");
    for (int attempt = 0; attempt < 20; ++attempt) {
        cpu_set_t allowedInside;
        CPU_ZERO(&allowedInside);
        ThreadElsewhere other([&] { allowedInside = allowedCpus(); });
        other.join();
        QVERIFY(other.avoidedCpu() >= 0);
        QVERIFY(other.firstCpu() >= 0);
        QVERIFY2(other.firstCpu() != other.avoidedCpu(),
            qPrintable(QStringLiteral("began on CPU %1, its creator's").arg(other.firstCpu())));
        QVERIFY(CPU_EQUAL(&allowedInside, &allowed));
    }
}

// Where its creator may use one CPU only (a container limited to one), the thread begins there
// and does its work.
void TestStartUp::otherThreadStartsWhereItCanOnOneCpu()
{
    const int cpu = sched_getcpu();
    QVERIFY(cpu >= 0);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    int avoided = 0;
    int first = -1;
    bool worked = false;
    cpu_set_t allowedInside;
    CPU_ZERO(&allowedInside);
    std::thread creator([&] {
        sched_setaffinity(0, sizeof one, &one);
        ThreadElsewhere other([&] {
            worked = true;
            allowedInside = allowedCpus();
        });
        other.join();
        avoided = other.avoidedCpu();
        first = other.firstCpu();
    });
    creator.join();
    QVERIFY(worked);
    QCOMPARE(avoided, -1);
    QCOMPARE(first, cpu);
    QVERIFY(CPU_EQUAL(&allowedInside, &one));
}

namespace {

// How many of the pages from begin to end the process has in memory.
qsizetype residentPages(quintptr begin, quintptr end)
{
    const auto page = quintptr(sysconf(_SC_PAGESIZE));
    std::vector<unsigned char> pages((end - begin) / page);
    if (mincore(reinterpret_cast<void *>(begin), end - begin, pages.data()) != 0)
        return -1;
    return std::count_if(pages.cbegin(), pages.cend(), [](unsigned char p) { return p & 1; });
}

} // namespace

// The memory of the window's first frame: reserved without being written, mapped by another
// thread, and where the backing store's allocation then lands.
void TestStartUp::firstFrameMemoryIsMappedAhead()
{
    const qsizetype image = 760 * 720 * 4; // the backing store of a 760 x 720 window
    // Larger than the earlier tests' reserves, whose pages may still be at the heap's top.
    const FirstFrameMemory memory = FirstFrameMemory::reserve(16 << 20);
    if (memory.isEmpty())
        QSKIP("The malloc in use is not glibc's (a sanitizer's): the frame maps its own pages.");
    const auto page = quintptr(sysconf(_SC_PAGESIZE));
    const qsizetype pages = qsizetype((memory.end() - memory.begin()) / page);
    // Not written: in memory, at most what earlier tests left at the heap's top (an earlier
    // reserve lets it keep twice its size, here 2 x 2.7 MiB).
    QVERIFY2(
        residentPages(memory.begin(), memory.end()) < pages / 2, "reserving wrote to the memory");
    int error = -1;
    std::thread([&] { error = memory.mapAhead(); }).join();
    if (error == EINVAL)
        QSKIP("This kernel cannot map pages ahead (MADV_POPULATE_WRITE came with Linux 5.14).");
    QCOMPARE(error, 0);
    QCOMPARE(residentPages(memory.begin(), memory.end()), pages);

    void *backingStore = std::malloc(size_t(image)); // as QImage allocates it
    QVERIFY(backingStore);
    const auto at = quintptr(backingStore);
    std::free(backingStore);
    QVERIFY2(at >= memory.begin() - page && at + quintptr(image) <= memory.end(),
        "the frame's memory is not where the reserve was");
}

QTEST_MAIN(TestStartUp)
#include "tst_startup.moc"
