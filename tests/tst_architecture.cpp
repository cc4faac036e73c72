// The split between core and ui lives in the link lines; this test keeps it there. It links
// hindsight_core alone, so if core ever pulled in QtGui or QtWidgets, those libraries would be
// loaded into this very process.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestArchitecture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coreLoadsNoGuiLibraries();
    void coreIncludesNoGuiHeaders();
};

void TestArchitecture::coreLoadsNoGuiLibraries()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray loaded = maps.readAll();
    QVERIFY2(loaded.contains("libQt6Core"), "sanity: QtCore should be mapped");
    QVERIFY2(!loaded.contains("libQt6Widgets"), "hindsight_core links Qt Widgets");
    QVERIFY2(!loaded.contains("libQt6Gui"), "hindsight_core links Qt Gui");
}

void TestArchitecture::coreIncludesNoGuiHeaders()
{
    // Header names from QtGui and QtWidgets that core must never include.
    static const QRegularExpression forbidden(
        QStringLiteral(
            R"(^\s*#\s*include\s*[<"](QtWidgets/|QtGui/|QWidget|QApplication|QGuiApplication|QMainWindow|QDialog|)"
            R"(QColor|QFont|QIcon|QPixmap|QImage|QPainter|QPalette|QUndo|QTextDocument|QClipboard|QAction|QKeySequence)[^>"]*[>"])"),
        QRegularExpression::MultilineOption);
    QDirIterator it(QStringLiteral(HINDSIGHT_SOURCE_DIR "/core"),
        {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
        QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        const auto match = forbidden.match(text);
        QVERIFY2(!match.hasMatch(),
            qPrintable(f.fileName() + QStringLiteral(": ") + match.captured(0).trimmed()));
        ++files;
    }
    QVERIFY2(files >= 10, "the core sources were not found");
}

QTEST_GUILESS_MAIN(TestArchitecture)
#include "tst_architecture.moc"
