// The application's style: the platform's, with the overflow buttons' icons read when drawn.
#include "appstyle.h"

#include <QApplication>
#include <QFile>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyleFactory>
#include <QStyleOption>
#include <QTest>
#include <QToolButton>

using namespace hindsight;

namespace {

// The image-format plugins Qt has loaded into this process (they are never unloaded).
bool imagePluginLoaded()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return false;
    return maps.readAll().contains("/imageformats/");
}

} // namespace

class TestAppStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void menuBarLoadsNoImagePlugin(); // first: nothing may have read an image before it
    void extensionIconsAreTheBaseStyles_data();
    void extensionIconsAreTheBaseStyles();
    void otherIconsAreTheBaseStyles();
};

void TestAppStyle::initTestCase()
{
    QApplication::setStyle(new AppStyle);
    QVERIFY(qobject_cast<AppStyle *>(QApplication::style()));
}

void TestAppStyle::menuBarLoadsNoImagePlugin()
{
    QVERIFY(!imagePluginLoaded());
    QMainWindow window;
    window.menuBar()->addMenu(QStringLiteral("&File"))->addAction(QStringLiteral("&Quit"));
    window.menuBar()->addMenu(QStringLiteral("&Edit"));
    window.resize(400, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    (void)window.grab();
    QVERIFY2(!imagePluginLoaded(), "building and painting a menu bar loaded the image plugins");

    // Too narrow for its menus: the overflow button shows, and its icon is read then.
    window.menuBar()->addMenu(QStringLiteral("A menu with a long name to overflow the bar"));
    window.resize(120, 300);
    QTRY_VERIFY(window.menuBar()->findChild<QToolButton *>() != nullptr);
    auto *overflow = window.menuBar()->findChild<QToolButton *>();
    QTRY_VERIFY(overflow->isVisible());
    QVERIFY(!overflow->icon().isNull());
    QVERIFY(!overflow->icon().pixmap(16).isNull());
}

void TestAppStyle::extensionIconsAreTheBaseStyles_data()
{
    QTest::addColumn<int>("which");
    QTest::addColumn<Qt::LayoutDirection>("direction");
    for (auto direction : {Qt::LeftToRight, Qt::RightToLeft}) {
        const char *side = direction == Qt::LeftToRight ? "left to right" : "right to left";
        QTest::addRow("horizontal, %s", side)
            << int(QStyle::SP_ToolBarHorizontalExtensionButton) << direction;
        QTest::addRow("vertical, %s", side)
            << int(QStyle::SP_ToolBarVerticalExtensionButton) << direction;
    }
}

void TestAppStyle::extensionIconsAreTheBaseStyles()
{
    QFETCH(int, which);
    QFETCH(Qt::LayoutDirection, direction);
    const auto pixmap = QStyle::StandardPixmap(which);
    auto *style = qobject_cast<AppStyle *>(QApplication::style());
    QVERIFY(style);
    QStyleOption option;
    option.direction = direction;
    const QIcon deferred = style->standardIcon(pixmap, &option);
    const QIcon base = style->baseStyle()->standardIcon(pixmap, &option);
    QVERIFY(!base.isNull());
    QVERIFY(!deferred.isNull());
    for (int size : {8, 16, 32}) {
        QCOMPARE(deferred.actualSize(QSize(size, size)), base.actualSize(QSize(size, size)));
        QCOMPARE(deferred.pixmap(size).toImage(), base.pixmap(size).toImage());
    }
    QCOMPARE(deferred.availableSizes(), base.availableSizes());
    // A copy of the icon, as a button keeps it, draws the same.
    const QIcon copy = deferred;
    QCOMPARE(copy.pixmap(16).toImage(), base.pixmap(16).toImage());
}

void TestAppStyle::otherIconsAreTheBaseStyles()
{
    auto *style = qobject_cast<AppStyle *>(QApplication::style());
    for (auto pixmap : {QStyle::SP_MessageBoxWarning, QStyle::SP_LineEditClearButton}) {
        const QIcon icon = style->standardIcon(pixmap);
        QCOMPARE(icon.pixmap(16).toImage(),
            style->baseStyle()->standardIcon(pixmap).pixmap(16).toImage());
    }
    // The proxied style is the one the platform would have given.
    std::unique_ptr<QStyle> platform(QStyleFactory::create(style->baseStyle()->name()));
    QVERIFY(platform);
    QCOMPARE(style->baseStyle()->metaObject()->className(), platform->metaObject()->className());
}

QTEST_MAIN(TestAppStyle)
#include "tst_appstyle.moc"
