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

#include <thread>

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
    void otherThreadLeavesTheStartingCpu();
    void leavingACpuNeedsAnother();

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

// The other thread moves off the CPU the main thread started it on, and may then run anywhere
// it could before: a move, not a pin.
void TestStartUp::otherThreadLeavesTheStartingCpu()
{
    cpu_set_t allowed;
    QCOMPARE(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    if (CPU_COUNT(&allowed) < 2)
        QSKIP("This process may run on one CPU only: there is no other to move to.");
    const int start = sched_getcpu();
    QVERIFY(start >= 0);
    int after = -1;
    cpu_set_t allowedAfter;
    CPU_ZERO(&allowedAfter);
    cpu_set_t startOnly;
    CPU_ZERO(&startOnly);
    CPU_SET(start, &startOnly);
    std::thread other([&] {
        // Where the scheduler often puts it: on the CPU of the thread that created it.
        sched_setaffinity(0, sizeof startOnly, &startOnly);
        sched_setaffinity(0, sizeof allowed, &allowed);
        leaveCpu(start);
        after = sched_getcpu();
        sched_getaffinity(0, sizeof allowedAfter, &allowedAfter);
    });
    other.join();
    QVERIFY2(after != start, qPrintable(QStringLiteral("still on CPU %1").arg(start)));
    QVERIFY(CPU_EQUAL(&allowedAfter, &allowed));
}

// With one CPU allowed, or none known, the thread stays and keeps what it was allowed.
void TestStartUp::leavingACpuNeedsAnother()
{
    cpu_set_t allowed;
    QCOMPARE(sched_getaffinity(0, sizeof allowed, &allowed), 0);
    const int cpu = sched_getcpu();
    QVERIFY(cpu >= 0);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    int after = -1;
    cpu_set_t onlyAfter, unknownAfter;
    CPU_ZERO(&onlyAfter);
    CPU_ZERO(&unknownAfter);
    std::thread other([&] {
        sched_setaffinity(0, sizeof one, &one);
        leaveCpu(cpu);
        after = sched_getcpu();
        sched_getaffinity(0, sizeof onlyAfter, &onlyAfter);
        sched_setaffinity(0, sizeof allowed, &allowed);
        leaveCpu(-1);
        sched_getaffinity(0, sizeof unknownAfter, &unknownAfter);
    });
    other.join();
    QCOMPARE(after, cpu);
    QVERIFY(CPU_EQUAL(&onlyAfter, &one));
    QVERIFY(CPU_EQUAL(&unknownAfter, &allowed));
}

QTEST_MAIN(TestStartUp)
#include "tst_startup.moc"
