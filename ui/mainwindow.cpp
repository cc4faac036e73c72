#include "mainwindow.h"

#include "actionspage.h"
#include "chrome.h"
#include "dashboardpage.h"
#include "editor.h"
#include "jsonformat.h"
#include "premortempage.h"
#include "reportpage.h"
#include "sessiondelegate.h"
#include "sessionlistmodel.h"
#include "stagepage.h"
#include "timelinepage.h"
#include "whypage.h"
#include "workspace.h"
#include "wraplabel.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimeZone>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>
#include <cmath>

namespace hindsight {

namespace {

// How long after opening the whole-file integrity check starts (see openWorkspace()).
constexpr int kIntegrityCheckDelayMs = 1500;

// Timebox per step, in seconds: a one-hour meeting, with room to spare.
constexpr int kStepSeconds[MainWindow::StepCount] = {
    5 * 60, 20 * 60, 20 * 60, 10 * 60, 5 * 60, 5 * 60};
constexpr int kMaxRecent = 8;

QString stepTitle(MainWindow::Step step)
{
    switch (step) {
    case MainWindow::Stage: return MainWindow::tr("1  Set the stage");
    case MainWindow::Timeline: return MainWindow::tr("2  Timeline");
    case MainWindow::WhyChains: return MainWindow::tr("3  Why chains");
    case MainWindow::Actions: return MainWindow::tr("4  Actions");
    case MainWindow::Report: return MainWindow::tr("5  Report");
    case MainWindow::PreMortem: return MainWindow::tr("2  The pre-mortem");
    case MainWindow::StepCount: break;
    }
    return {};
}

// A shortcut with an explicit fallback: some platforms (offscreen among them) leave standard
// keys such as Quit or Save As empty.
QList<QKeySequence> keys(QKeySequence::StandardKey standard, const QKeySequence &fallback)
{
    QList<QKeySequence> list = QKeySequence::keyBindings(standard);
    if (!list.contains(fallback))
        list.append(fallback);
    return list;
}

// What the page area's scroll area holds: the stack of pages, as small as the shown page can
// be. With the stack itself in it, the scroll area gave the page its preferred height for the
// width, as it does for a layout that wraps text, and the pages' tables and text boxes prefer
// much more than they need: the stage scrolled on a 1366×768 laptop, where it had always
// fitted. Here the height for a width is the least one, wrapped lines included.
class PageFrame : public QWidget
{
public:
    explicit PageFrame(QStackedWidget *pages)
        : m_pages(pages)
    {
        pages->setParent(this);
        QSizePolicy policy = sizePolicy();
        policy.setHeightForWidth(true); // what the scroll area looks at
        setSizePolicy(policy);
    }
    QSize sizeHint() const override { return m_pages->sizeHint(); }
    QSize minimumSizeHint() const override { return m_pages->minimumSizeHint(); }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override
    {
        const int least = minimumSizeHint().height();
        const QWidget *page = m_pages->currentWidget();
        const QLayout *layout = page ? page->layout() : nullptr;
        return layout && layout->hasHeightForWidth()
            ? std::max(least, layout->minimumHeightForWidth(width))
            : least;
    }

protected:
    void resizeEvent(QResizeEvent *) override { m_pages->setGeometry(rect()); }
    bool event(QEvent *event) override
    {
        // Another page shown, or the shown one changed its size: pass it on to the scroll area.
        if (event->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QWidget::event(event);
    }

private:
    QStackedWidget *m_pages;
};

// One line that shows as much of its text as there is room for, the middle elided: a
// workspace's path can be longer than the window is wide, and a QLabel cut it off at the
// window's edge, file name and all.
class ElidedLabel : public QLabel
{
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override
    {
        return {fontMetrics().averageCharWidth() * 12, QLabel::minimumSizeHint().height()};
    }
    // At most about 70 characters: the status bar's messages need the rest of the line.
    QSize sizeHint() const override
    {
        const QSize whole = QLabel::sizeHint();
        return {std::min(whole.width(), fontMetrics().averageCharWidth() * 70), whole.height()};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QRect room = contentsRect();
        style()->drawItemText(&painter, room, int(alignment() | Qt::AlignVCenter), palette(),
            isEnabled(), fontMetrics().elidedText(text(), Qt::ElideMiddle, room.width()),
            foregroundRole());
    }
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(std::function<void()>(), parent)
{ }

MainWindow::MainWindow(const std::function<void()> &untilFontsAreReady, QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    m_baseFontSize = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 10;
    QSettings settings;
    m_zoom = settings.value(QStringLiteral("view/zoom"), 0).toInt();
    buildMenus();
    if (untilFontsAreReady)
        untilFontsAreReady();
    buildUi();
    applyFont();
    resize(defaultSize(screen()->availableGeometry().size()));
    updateTitle();
}

QSize MainWindow::defaultSize(const QSize &available)
{
    // Roomy on a desktop screen. On a smaller one a tenth of the height is left for the window
    // manager's title bar and the panels, so the status bar stays on screen; of the width only
    // 40 px: on a 1024 px projector a tenth was a page's worth of room (the stage scrolled).
    return {std::min(1280, available.width() - 40), std::min(800, available.height() * 9 / 10)};
}

MainWindow::~MainWindow()
{
    closeWorkspace();
}

void MainWindow::closeWorkspace()
{
    // Tear down in dependency order: pages and models point into the editor and the workspace,
    // and the editor's undo commands point into the workspace.
    m_poll->stop();
    delete m_sessionArea;
    m_sessionArea = nullptr;
    m_stepPages.clear();
    m_stepButtonList.clear();
    m_dashboard = nullptr;
    m_banner = nullptr;
    m_sessionTitle = nullptr;
    m_sessionMeta = nullptr;
    m_pages = nullptr;
    if (m_editor) {
        m_editor->undoStack()->disconnect(this);
        delete m_editor;
        m_editor = nullptr;
    }
    m_sessionList->setModel(nullptr);
    m_pendingSession = 0;
    m_openPending = false;
    m_sessions = nullptr;
    m_filter = nullptr;
    m_session = 0;
    m_workspace.reset();
}

QByteArray MainWindow::exampleSessionJson()
{
    QFile f(QStringLiteral(":/examples/example-postmortem.json"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Result<std::unique_ptr<Workspace>> MainWindow::openWorkspaceFile(
    const QString &path, bool isDefault)
{
    const bool isNew = !QFileInfo::exists(path) || QFileInfo(path).size() == 0;
    // The whole-file check runs after the window is up (checkIntegrityInBackground in
    // openWorkspace()): at start-up it would cost more than everything else together.
    auto opened = Workspace::open(path, OpenOptions {.create = isDefault, .checkIntegrity = false});
    if (!opened)
        return opened.error();
    if (isDefault && isNew) {
        if (auto example = readSessionJson(exampleSessionJson()))
            (void)(*opened)->importSnapshot(*example);
    }
    return opened;
}

MainWindow::OpenedWorkspace MainWindow::prepareWorkspace(
    std::unique_ptr<Workspace> workspace, Result<QList<Session>> list)
{
    auto *sessions = list
        ? new SessionListModel(workspace.get(), std::move(list).value(), workspace.get())
        : new SessionListModel(workspace.get(), workspace.get());
    auto *filter = new SessionFilterModel(workspace.get(), workspace.get());
    filter->setSourceModel(sessions);
    return OpenedWorkspace {std::move(workspace), sessions, filter};
}

Result<MainWindow::OpenedWorkspace> MainWindow::prepareWorkspace(
    const QString &path, bool isDefault)
{
    auto opened = openWorkspaceFile(path, isDefault);
    if (!opened)
        return opened.error();
    auto list = (*opened)->sessions(Workspace::SessionColumns::Listed);
    return prepareWorkspace(std::move(opened).value(), std::move(list));
}

bool MainWindow::openWorkspace(const QString &path, bool isDefault, SessionOpening opening)
{
    return openWorkspace(prepareWorkspace(path, isDefault), opening);
}

bool MainWindow::openWorkspace(Result<OpenedWorkspace> opened, SessionOpening opening)
{
    if (!opened) {
        showError(opened.error());
        QMessageBox::warning(this, tr("Cannot open the workspace"), opened.error().message);
        return false;
    }
    closeWorkspace();
    m_workspace = std::move(opened->workspace);
    m_sessions = opened->sessions;
    m_filter = opened->filter;
    m_editor = new Editor(m_workspace.get(), this);
    connect(m_editor, &Editor::failed, this, &MainWindow::showError);
    connect(m_editor->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateUndoActions);
    connect(m_workspace.get(), &Workspace::changed, this, [this](const Change &c) {
        if (c.entity == Change::Entity::Session && c.id == m_session) {
            if (c.type == Change::Type::Removed)
                selectSession(0);
            else
                updateHeader();
        }
        if (c.entity == Change::Entity::Participant)
            refreshDepartments();
        m_savedLabel->setText(
            tr("All changes saved · %1")
                .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    });
    m_sessionList->setModel(m_filter);
    connect(m_sessionList->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &i) {
            const Id id = i.data(SessionListModel::IdRole).toLongLong();
            if (id != m_session)
                selectSession(id);
        });
    connect(m_workspace.get(), &Workspace::integrityChecked, this,
        [this](const QStringList &problems, const Error &error) {
            if (!problems.isEmpty())
                showError(error);
        });
    // The file moved, deleted or replaced under us: say so before anyone types.
    connect(m_workspace.get(), &Workspace::fileLost, this, &MainWindow::showError);
    // Another process (a second window, the command line) may edit the same file.
    connect(m_poll, &QTimer::timeout, m_workspace.get(), &Workspace::pollExternalChanges);
    connect(m_poll, &QTimer::timeout, m_workspace.get(), &Workspace::checkpointInIdleTime);
    m_poll->start(1000);

    m_savedLabel->setText(tr("Everything is saved as you type · %1").arg(m_workspace->path()));
    m_savedLabel->setToolTip(m_workspace->path());
    m_pendingSession = m_sessions->rowCount() > 0
        ? m_sessions->index(0).data(SessionListModel::IdRole).toLongLong()
        : 0;
    if (opening == SessionOpening::AfterFirstFrame && !m_firstFramePainted) {
        // At start-up the first frame shows the list alone. The session area with the newest
        // session, the department filter's entries (a sort over every participant, hidden in
        // the closed list) and the recent workspaces follow right after it: onFirstFrame().
        m_openPending = true;
    } else {
        finishOpening();
    }
    updateTitle();
    updateUndoActions();
    // The whole-file check reads every page (~150 ms for a 35 MiB workspace): started a moment
    // after the window is up, it does not compete with the start-up for the disk and the CPU.
    // Edits made before it finishes are as safe as without it: it only looks for damage.
    QTimer::singleShot(
        kIntegrityCheckDelayMs, m_workspace.get(), &Workspace::checkIntegrityInBackground);
    return true;
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_splitterSized) {
        // The sidebar starts at about 30 % of the window (within its minimum and maximum), as
        // it did when the session area's size decided it: the pane is still empty when the
        // window is first laid out.
        m_splitterSized = true;
        auto *splitter = centralWidget()->findChild<QSplitter *>();
        const int width = splitter->width();
        splitter->setSizes({width * 3 / 10, width - width * 3 / 10});
    }
}

void MainWindow::paintEvent(QPaintEvent *event)
{
    QMainWindow::paintEvent(event);
    if (!m_firstFramePainted) {
        m_firstFramePainted = true;
        // Queued: the children paint after this widget, and the frame is flushed after them.
        QTimer::singleShot(0, this, &MainWindow::onFirstFrame);
    }
}

void MainWindow::onFirstFrame()
{
    Q_EMIT firstFrameShown();
    if (m_openPending)
        finishOpening();
}

void MainWindow::finishOpening()
{
    m_openPending = false;
    // The File menu's recent workspaces: read and maybe written to the settings file, for a
    // menu that is closed in the first frame.
    rememberRecent(m_workspace->path());
    refreshDepartments();
    m_sessionPane->layout()->addWidget(buildSessionArea());
    applyFont();
    if (m_workspace->isReadOnly())
        showError(Error {ErrorCode::ReadOnly,
            tr("This workspace is read-only: you can read and export, but not change it."), {}});
    selectSession(m_pendingSession);
}

void MainWindow::buildUi()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *splitter = new QSplitter(Qt::Horizontal, central);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(buildSidebar());
    // The session area goes in here when a workspace opens. The pane is there from the start,
    // so the sidebar has its width in the first frame, before the session area is built.
    m_sessionPane = new QWidget(splitter);
    m_sessionPane->setObjectName(QStringLiteral("sessionPane"));
    auto *pane = new QVBoxLayout(m_sessionPane);
    pane->setContentsMargins(0, 0, 0, 0);
    splitter->addWidget(m_sessionPane);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);
    setCentralWidget(central);
    m_savedLabel = new ElidedLabel(tr("No workspace open"), this);
    m_savedLabel->setObjectName(QStringLiteral("savedLabel"));
    statusBar()->addPermanentWidget(m_savedLabel);
    m_poll = new QTimer(this);
}

QWidget *MainWindow::buildSidebar()
{
    auto *side = new QWidget(this);
    side->setObjectName(QStringLiteral("sidebar"));
    side->setMinimumWidth(260);
    side->setMaximumWidth(520);
    auto *layout = new QVBoxLayout(side);
    auto *newPost = new QPushButton(tr("New post-mortem"), side);
    newPost->setObjectName(QStringLiteral("newPostMortem"));
    auto *newPre = new QPushButton(tr("New pre-mortem"), side);
    newPre->setObjectName(QStringLiteral("newPreMortem"));
    connect(
        newPost, &QPushButton::clicked, this, [this] { createSession(SessionKind::PostMortem); });
    connect(newPre, &QPushButton::clicked, this, [this] { createSession(SessionKind::PreMortem); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newPost);
    buttons->addWidget(newPre);
    layout->addLayout(buttons);

    m_search = new QLineEdit(side);
    m_search->setObjectName(QStringLiteral("sessionSearch"));
    m_search->setPlaceholderText(tr("Search all sessions…"));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        // The clear button shows only over text. Enabling it looks its icon up in the desktop's
        // icon theme (29 M instructions under X11 here, a sixth of the start-up), so that is
        // done on the first keystroke.
        if (!t.isEmpty())
            m_search->setClearButtonEnabled(true);
        if (m_filter)
            m_filter->setSearchText(t);
    });
    layout->addWidget(m_search);

    m_kindFilter = new QComboBox(side);
    m_kindFilter->setObjectName(QStringLiteral("sessionKindFilter"));
    m_kindFilter->addItem(tr("All kinds"), -1);
    m_kindFilter->addItem(kindName(SessionKind::PostMortem), int(SessionKind::PostMortem));
    m_kindFilter->addItem(kindName(SessionKind::PreMortem), int(SessionKind::PreMortem));
    m_statusFilter = new QComboBox(side);
    m_statusFilter->setObjectName(QStringLiteral("sessionStatusFilter"));
    m_statusFilter->addItem(tr("Any status"), -1);
    for (SessionStatus s :
        {SessionStatus::Draft, SessionStatus::InReview, SessionStatus::Published})
        m_statusFilter->addItem(statusName(s), int(s));
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int v = m_kindFilter->currentData().toInt();
        if (m_filter)
            m_filter->setKindFilter(v < 0 ? std::nullopt : std::optional(SessionKind(v)));
    });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int v = m_statusFilter->currentData().toInt();
        if (m_filter)
            m_filter->setStatusFilter(v < 0 ? std::nullopt : std::optional(SessionStatus(v)));
    });
    m_dateFilter = new QComboBox(side);
    m_dateFilter->setObjectName(QStringLiteral("sessionDateFilter"));
    m_dateFilter->addItem(tr("Any date"), 0);
    m_dateFilter->addItem(tr("Last 30 days"), 30);
    m_dateFilter->addItem(tr("Last 90 days"), 90);
    m_dateFilter->addItem(tr("Last 12 months"), 365);
    connect(m_dateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int days = m_dateFilter->currentData().toInt();
        if (m_filter)
            m_filter->setSince(days > 0 ? QDate::currentDate().addDays(-days) : QDate());
    });
    // Filled from the workspace when it opens, and again when the list is opened, so new
    // departments show up without a restart.
    m_departmentFilter = new QComboBox(side);
    m_departmentFilter->setObjectName(QStringLiteral("sessionDepartmentFilter"));
    m_departmentFilter->addItem(tr("Any department"), QString());
    connect(m_departmentFilter, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filter)
            m_filter->setDepartment(m_departmentFilter->currentData().toString());
    });
    auto *filters = new QGridLayout;
    filters->addWidget(m_kindFilter, 0, 0);
    filters->addWidget(m_statusFilter, 0, 1);
    filters->addWidget(m_dateFilter, 1, 0);
    filters->addWidget(m_departmentFilter, 1, 1);
    layout->addLayout(filters);

    m_sessionList = new QListView(side);
    m_sessionList->setObjectName(QStringLiteral("sessionList"));
    // Every row is two lines, the title elided (the tooltip has it whole): with uniform sizes
    // the view measures one row, not all of a workspace's hundreds, at start-up.
    m_sessionList->setWordWrap(false);
    m_sessionList->setUniformItemSizes(true);
    m_sessionList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sessionList->setTextElideMode(Qt::ElideRight);
    m_sessionList->setSpacing(2);
    m_sessionList->setAlternatingRowColors(true);
    m_sessionList->setItemDelegate(new SessionItemDelegate(m_sessionList));
    layout->addWidget(m_sessionList, 1);

    auto *dashboard = new QPushButton(tr("Open actions in all sessions"), side);
    dashboard->setObjectName(QStringLiteral("showDashboard"));
    connect(dashboard, &QPushButton::clicked, this, &MainWindow::showDashboard);
    layout->addWidget(dashboard);
    return side;
}

QWidget *MainWindow::buildSessionArea()
{
    m_sessionArea = new QWidget;
    m_sessionArea->setObjectName(QStringLiteral("sessionArea"));
    auto *layout = new QVBoxLayout(m_sessionArea);

    m_banner = new ErrorBanner(m_sessionArea);
    layout->addWidget(m_banner);

    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    m_sessionTitle = new WrapLabel(m_sessionArea);
    m_sessionTitle->setObjectName(QStringLiteral("sessionTitle"));
    m_sessionTitle->setTextFormat(Qt::PlainText);
    // Wrapped: unwrapped, the line needed 1,656 px at the largest zoom, wider than most screens.
    m_sessionMeta = new WrapLabel(m_sessionArea);
    m_sessionMeta->setObjectName(QStringLiteral("sessionMeta"));
    m_sessionMeta->setTextFormat(Qt::PlainText);
    titles->addWidget(m_sessionTitle);
    titles->addWidget(m_sessionMeta);
    header->addLayout(titles, 1);
    m_timer = new StepTimer(m_sessionArea);
    header->addWidget(m_timer, 0, Qt::AlignTop);
    layout->addLayout(header);

    auto *steps = new QHBoxLayout;
    steps->setSpacing(4);
    m_stepButtons = new QButtonGroup(m_sessionArea);
    m_stepButtons->setExclusive(true);
    m_stepButtonList = QList<QPushButton *>(StepCount, nullptr);
    for (Step i : {Stage, PreMortem, Timeline, WhyChains, Actions, Report}) {
        auto *b = new QPushButton(stepTitle(i), m_sessionArea);
        b->setObjectName(
            i == PreMortem ? QStringLiteral("stepPreMortem") : QStringLiteral("step%1").arg(i + 1));
        b->setCheckable(true);
        b->setFocusPolicy(Qt::TabFocus);
        m_stepButtons->addButton(b, i);
        m_stepButtonList[i] = b;
        steps->addWidget(b);
    }
    connect(m_stepButtons, &QButtonGroup::idClicked, this, [this](int id) { showStep(Step(id)); });
    layout->addLayout(steps);

    // On a small screen, zoomed in or in presentation style, a page may need more room than
    // the screen has: it scrolls then, where it used to widen the window past the screen's edge.
    auto *scroll = new QScrollArea(m_sessionArea);
    scroll->setObjectName(QStringLiteral("pageScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    m_pages = new QStackedWidget;
    m_pages->setObjectName(QStringLiteral("pages"));
    // A stack needs the room of its largest page, shown or not: the report's bar made every
    // step as wide as the report. Only the shown page counts (the others ignore their size).
    connect(m_pages, &QStackedWidget::currentChanged, this, &MainWindow::sizePagesToTheShownOne);
    // Step pages and the dashboard are built when first shown (stepPage()): building all six
    // at start-up was a third of the time to the first window.
    m_stepPages = QList<QWidget *>(StepCount, nullptr);
    m_emptyPage = new WrapLabel(m_pages);
    m_emptyPage->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(m_emptyPage);
    scroll->setWidget(new PageFrame(m_pages));
    layout->addWidget(scroll, 1);
    return m_sessionArea;
}

void MainWindow::sizePagesToTheShownOne()
{
    for (int i = 0; i < m_pages->count(); ++i) {
        QWidget *page = m_pages->widget(i);
        const QSizePolicy::Policy policy =
            page == m_pages->currentWidget() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        page->setSizePolicy(policy, policy);
    }
}

QWidget *MainWindow::stepPage(Step step)
{
    if (QWidget *existing = m_stepPages.value(step))
        return existing;
    QWidget *page = nullptr;
    switch (step) {
    case Stage: page = new StagePage(m_editor, m_pages); break;
    case Timeline: page = new TimelinePage(m_editor, m_pages); break;
    case WhyChains: {
        auto *why = new WhyPage(m_editor, m_pages);
        connect(why, &WhyPage::actionRequested, this, [this](Id actionId) {
            showStep(Actions);
            static_cast<ActionsPage *>(stepPage(Actions))->showAction(actionId);
        });
        page = why;
        break;
    }
    case Actions: page = new ActionsPage(m_editor, m_pages); break;
    case Report: page = new ReportPage(m_editor, m_pages); break;
    case PreMortem: page = new PremortemPage(m_editor, m_pages); break;
    case StepCount: return nullptr;
    }
    m_stepPages[step] = page;
    m_pages->addWidget(page);
    sizePagesToTheShownOne();
    giveSession(page);
    return page;
}

// Pages take the session through the same call, so none is left showing another one. Pages
// of the other kind of session get none: they are hidden, and a post-mortem's 10,000 events
// need not be read by the pre-mortem game (nor the reverse).
void MainWindow::giveSession(QWidget *page)
{
    const Id postMortemSession = m_isPreMortem ? 0 : m_session;
    const Id preMortemSession = m_isPreMortem ? m_session : 0;
    if (auto *p = qobject_cast<StagePage *>(page))
        p->setSession(m_session);
    else if (auto *t = qobject_cast<TimelinePage *>(page))
        t->setSession(postMortemSession);
    else if (auto *w = qobject_cast<WhyPage *>(page))
        w->setSession(postMortemSession);
    else if (auto *a = qobject_cast<ActionsPage *>(page))
        a->setSession(postMortemSession);
    else if (auto *r = qobject_cast<ReportPage *>(page))
        r->setSession(m_session);
    else if (auto *g = qobject_cast<PremortemPage *>(page))
        g->setSession(preMortemSession);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    auto *newPost = file->addAction(
        tr("New &post-mortem"), this, [this] { createSession(SessionKind::PostMortem); });
    newPost->setShortcuts(keys(QKeySequence::New, QKeySequence(Qt::CTRL | Qt::Key_N)));
    file->addAction(tr("New pr&e-mortem"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N), this,
        [this] { createSession(SessionKind::PreMortem); });
    file->addSeparator();
    auto *open = file->addAction(tr("&Open workspace…"), this, &MainWindow::openWorkspaceDialog);
    open->setShortcuts(keys(QKeySequence::Open, QKeySequence(Qt::CTRL | Qt::Key_O)));
    m_recentMenu = file->addMenu(tr("Recent &workspaces"));
    rebuildRecentMenu();
    file->addSeparator();
    auto *exportAction =
        file->addAction(tr("&Export report as Markdown…"), this, &MainWindow::exportReport);
    exportAction->setShortcuts(
        keys(QKeySequence::SaveAs, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)));
    auto *remove = file->addAction(tr("&Delete session…"), this, &MainWindow::deleteCurrentSession);
    m_sessionActions = {exportAction, remove};
    file->addSeparator();
    auto *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcuts(keys(QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = edit->addAction(tr("&Undo"));
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_undo->setShortcuts(keys(QKeySequence::Undo, QKeySequence(Qt::CTRL | Qt::Key_Z)));
    m_redo = edit->addAction(tr("&Redo"));
    m_redo->setObjectName(QStringLiteral("redoAction"));
    QList<QKeySequence> redoKeys =
        keys(QKeySequence::Redo, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redoKeys.append(QKeySequence(Qt::CTRL | Qt::Key_Y));
    m_redo->setShortcuts(redoKeys);
    connect(m_undo, &QAction::triggered, this, [this] {
        if (m_editor)
            m_editor->undoStack()->undo();
    });
    connect(m_redo, &QAction::triggered, this, [this] {
        if (m_editor)
            m_editor->undoStack()->redo();
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_fullScreen = view->addAction(tr("&Full screen"));
    m_fullScreen->setCheckable(true);
    m_fullScreen->setShortcuts(keys(QKeySequence::FullScreen, QKeySequence(Qt::Key_F11)));
    connect(m_fullScreen, &QAction::toggled, this,
        [this](bool on) { on ? showFullScreen() : showNormal(); });
    m_presentationAction = view->addAction(tr("&Presentation style (large text, strong contrast)"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);
    view->addSeparator();
    auto *zoomIn = view->addAction(tr("Zoom &in"), this, [this] { setZoomLevel(m_zoom + 1); });
    zoomIn->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Equal),
        QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Equal)});
    auto *zoomOut = view->addAction(tr("Zoom &out"), this, [this] { setZoomLevel(m_zoom - 1); });
    zoomOut->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Minus)});
    auto *zoomReset = view->addAction(tr("&Actual size"), this, [this] { setZoomLevel(0); });
    zoomReset->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_0)});

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < Report + 1; ++i) {
        auto *a =
            go->addAction(stepTitle(Step(i)).simplified(), this, [this, i] { showStep(Step(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        m_sessionActions.append(a);
    }
    go->addSeparator();
    go->addAction(tr("Open actions in &all sessions"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
        &MainWindow::showDashboard);
    auto *find = go->addAction(tr("&Search sessions"), this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    find->setShortcuts(keys(QKeySequence::Find, QKeySequence(Qt::CTRL | Qt::Key_F)));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("The &Prime Directive"), this, [this] {
        QMessageBox::information(this, tr("The Prime Directive"), defaultPrimeDirective());
    });
    help->addAction(tr("&About Hindsight"), this, [this] {
        QMessageBox::about(this, tr("About Hindsight"),
            tr("Hindsight %1\n\nBlameless post-mortems and pre-mortems on a shared screen.\n"
               "Everything is saved as you type, in one SQLite file.")
                .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::refreshDepartments()
{
    const QString current = m_departmentFilter->currentData().toString();
    const QSignalBlocker block(m_departmentFilter);
    while (m_departmentFilter->count() > 1)
        m_departmentFilter->removeItem(1);
    if (auto list =
            m_workspace ? m_workspace->departments() : Result<QStringList>(QStringList {})) {
        for (const QString &d : *list)
            m_departmentFilter->addItem(d, d);
    }
    m_departmentFilter->setCurrentIndex(std::max(0, m_departmentFilter->findData(current)));
}

void MainWindow::setSessionWidgetsEnabled(bool enabled)
{
    for (QAction *a : std::as_const(m_sessionActions))
        a->setEnabled(enabled);
    for (QPushButton *b : std::as_const(m_stepButtonList))
        b->setEnabled(enabled);
}

void MainWindow::selectSession(Id sessionId)
{
    if (!m_sessionArea)
        return;
    auto s = sessionId ? m_workspace->session(sessionId)
                       : Result<Session>(Error {ErrorCode::NotFound, {}, {}});
    m_session = s ? sessionId : 0;
    m_isPreMortem = s && s->kind == SessionKind::PreMortem;
    for (QWidget *page : std::as_const(m_stepPages)) {
        if (page)
            giveSession(page);
    }
    // Undo steps belong to the session they were made in; switching keeps them valid (they
    // name rows by id), so the stack is kept across sessions on purpose.
    if (m_sessions) {
        const QModelIndex src = m_sessions->indexOf(m_session);
        const QModelIndex proxy = m_filter->mapFromSource(src);
        if (proxy.isValid() && m_sessionList->currentIndex() != proxy)
            m_sessionList->setCurrentIndex(proxy);
    }
    setSessionWidgetsEnabled(m_session != 0);
    m_pendingSession = 0;
    if (m_session == 0) {
        m_emptyPage->setText(
            tr("Choose a session on the left, or start a new post-mortem or pre-mortem."));
        m_pages->setCurrentWidget(m_emptyPage);
    } else {
        for (int i = Timeline; i <= Actions; ++i)
            m_stepButtonList[i]->setVisible(!m_isPreMortem);
        m_stepButtonList[PreMortem]->setVisible(m_isPreMortem);
        m_stepButtonList[Report]->setText(m_isPreMortem ? tr("3  Report") : stepTitle(Report));
        for (int i = 0; i < StepCount; ++i)
            m_stepButtonList[i]->setToolTip(
                tr("Ctrl+%1").arg(m_stepButtonList[i]->text().trimmed().left(1)));
        showStep(m_step);
    }
    updateHeader();
    updateTitle();
}

void MainWindow::showStep(Step step)
{
    if (!m_pages || m_session == 0)
        return;
    // Ctrl+2 means "the second step" whatever the kind: the pre-mortem game or the timeline;
    // Ctrl+3 on a pre-mortem is its report.
    if (m_isPreMortem && step == WhyChains)
        step = Report;
    else if (m_isPreMortem && (step == Timeline || step == Actions))
        step = PreMortem;
    else if (!m_isPreMortem && step == PreMortem)
        step = Timeline;
    QWidget *page = stepPage(step);
    if (step != m_step || m_pages->currentWidget() != page)
        m_timer->setDuration(kStepSeconds[step]);
    m_step = step;
    m_pages->setCurrentWidget(page);
    m_stepButtonList[step]->setChecked(true);
    page->setFocus();
}

void MainWindow::showDashboard()
{
    if (!m_pages)
        return;
    if (!m_dashboard) {
        m_dashboard = new DashboardPage(m_editor, m_pages);
        m_pages->addWidget(m_dashboard);
        sizePagesToTheShownOne();
        connect(
            m_dashboard, &DashboardPage::sessionRequested, this, [this](Id sessionId, Id actionId) {
                selectSession(sessionId);
                showStep(Actions);
                static_cast<ActionsPage *>(stepPage(Actions))->showAction(actionId);
            });
    }
    m_pages->setCurrentWidget(m_dashboard);
    for (QPushButton *b : std::as_const(m_stepButtonList))
        b->setChecked(false);
}

void MainWindow::updateHeader()
{
    if (!m_sessionTitle)
        return;
    auto s = m_session ? m_workspace->session(m_session) : Result<Session>(Error {});
    if (!s) {
        m_sessionTitle->setText(tr("No session selected"));
        m_sessionMeta->clear();
        return;
    }
    m_sessionTitle->setText(s->title);
    QStringList meta {kindName(s->kind), statusName(s->status)};
    if (s->date.isValid())
        meta << QLocale().toString(s->date, QLocale::LongFormat);
    if (!s->severity.isEmpty())
        meta << s->severity;
    if (!s->timeZone.isEmpty())
        meta << s->timeZone;
    m_sessionMeta->setText(meta.join(QStringLiteral("  ·  ")));
    updateTitle();
}

void MainWindow::updateTitle()
{
    QString title;
    if (m_workspace) {
        title = QFileInfo(m_workspace->path()).fileName();
        if (m_session) {
            if (auto s = m_workspace->session(m_session))
                title = s->title + QStringLiteral(" — ") + title;
        }
        if (m_workspace->isReadOnly())
            title += tr(" (read-only)");
    }
    setWindowTitle(title);
}

void MainWindow::updateUndoActions()
{
    const bool has = m_editor != nullptr;
    m_undo->setEnabled(has && m_editor->undoStack()->canUndo());
    m_redo->setEnabled(has && m_editor->undoStack()->canRedo());
    m_undo->setText(has && m_editor->undoStack()->canUndo()
            ? tr("&Undo %1").arg(m_editor->undoStack()->undoText())
            : tr("&Undo"));
    m_redo->setText(has && m_editor->undoStack()->canRedo()
            ? tr("&Redo %1").arg(m_editor->undoStack()->redoText())
            : tr("&Redo"));
}

void MainWindow::setZoomLevel(int level)
{
    m_zoom = std::clamp(level, -3, 8);
    // Remembered here, not on closing: every edit is already on disk, so there is nothing to
    // save at the end, and a zoom change is rare.
    QSettings().setValue(QStringLiteral("view/zoom"), m_zoom);
    applyFont();
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation = on;
    // The room looks at the session; the list of sessions is the facilitator's business.
    if (auto *side = centralWidget()->findChild<QWidget *>(QStringLiteral("sidebar")))
        side->setVisible(!on);
    if (m_presentationAction->isChecked() != on)
        m_presentationAction->setChecked(on);
    applyFont();
}

void MainWindow::applyFont()
{
    // Presentation style: at least 20 pt text and a plain high-contrast palette, for the back
    // of a meeting room. Zoom scales from there in 15 % steps.
    const qreal base = m_presentation ? std::max<qreal>(20, m_baseFontSize) : m_baseFontSize;
    QFont f = QApplication::font();
    f.setPointSizeF(base * std::pow(1.15, m_zoom));
    centralWidget()->setFont(f);
    QPalette p = QApplication::palette();
    if (m_presentation) {
        p.setColor(QPalette::Window, Qt::white);
        p.setColor(QPalette::Base, Qt::white);
        p.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf0, 0xf0));
        p.setColor(QPalette::WindowText, Qt::black);
        p.setColor(QPalette::Text, Qt::black);
        p.setColor(QPalette::ButtonText, Qt::black);
        p.setColor(QPalette::Highlight, QColor(0x00, 0x3d, 0x99));
        p.setColor(QPalette::HighlightedText, Qt::white);
    }
    centralWidget()->setPalette(p);
    if (m_sessionTitle) {
        // In presentation style the text is already large: a title 1.6 times as large took
        // three lines, and with the rest of the header half of a 1280 x 720 projector's height.
        QFont t = f;
        t.setPointSizeF(f.pointSizeF() * (m_presentation ? 1.25 : 1.6));
        t.setBold(true);
        m_sessionTitle->setFont(t);
    }
}

void MainWindow::showError(const Error &error)
{
    if (m_banner)
        m_banner->showError(error);
    statusBar()->showMessage(error.message, 15000);
}

void MainWindow::createSession(SessionKind kind)
{
    if (!m_workspace)
        return;
    bool accepted = false;
    const QString title = QInputDialog::getText(this,
        kind == SessionKind::PostMortem ? tr("New post-mortem") : tr("New pre-mortem"),
        kind == SessionKind::PostMortem ? tr("What happened? (a short title)")
                                        : tr("Which project might fail?"),
        QLineEdit::Normal, QString(), &accepted);
    if (!accepted || title.trimmed().isEmpty())
        return;
    Session s;
    s.kind = kind;
    s.title = title;
    s.date = QDate::currentDate();
    s.timeZone = QString::fromUtf8(QTimeZone::systemTimeZoneId());
    s.primeDirective = defaultPrimeDirective();
    if (kind == SessionKind::PreMortem) {
        s.project = title;
        s.horizon = QDate::currentDate().addMonths(6);
    }
    auto created = std::make_shared<Id>(0);
    const bool done = m_editor->perform(
        kind == SessionKind::PostMortem ? tr("new post-mortem") : tr("new pre-mortem"),
        [this, s, created]() -> Status {
            Session copy = s;
            copy.id = *created;
            auto r = m_workspace->createSession(copy);
            if (!r)
                return r.error();
            *created = r->id;
            return ok();
        },
        [this, created]() -> Status { return m_workspace->removeSession(*created); });
    if (done) {
        m_search->clear();
        selectSession(*created);
        showStep(Stage);
    }
}

void MainWindow::deleteCurrentSession()
{
    if (!m_session)
        return;
    auto snap = m_workspace->snapshot(m_session);
    if (!snap)
        return showError(snap.error());
    if (QMessageBox::question(this, tr("Delete session"),
            tr("Delete “%1” and everything in it? You can undo this with Ctrl+Z.")
                .arg(snap->session.title))
        != QMessageBox::Yes)
        return;
    // Undo re-imports the whole session; it comes back under a new id, so remember it.
    auto current = std::make_shared<Id>(m_session);
    auto copy = std::make_shared<SessionSnapshot>(*snap);
    m_editor->perform(
        tr("delete session"),
        [this, current]() -> Status { return m_workspace->removeSession(*current); },
        [this, current, copy]() -> Status {
            auto r = m_workspace->importSnapshot(*copy);
            if (!r)
                return r.error();
            *current = r->id;
            return ok();
        });
}

void MainWindow::openWorkspaceDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"),
        m_workspace ? QFileInfo(m_workspace->path()).absolutePath() : QString(),
        tr("Hindsight workspaces (*.hindsight);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::rememberRecent(const QString &path)
{
    QSettings settings;
    const QStringList before = settings.value(QStringLiteral("recentWorkspaces")).toStringList();
    QStringList recent = before;
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    // QSettings rewrites its file, with two fsyncs, for any value set, even an unchanged one:
    // at every start-up that was before the first frame, and on a laptop disk fsyncs are slow.
    if (recent != before)
        settings.setValue(QStringLiteral("recentWorkspaces"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentWorkspaces")).toStringList();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openWorkspace(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::exportReport()
{
    if (!m_session)
        return;
    auto *report = qobject_cast<ReportPage *>(stepPage(Report));
    if (!report)
        return;
    // The report page names the file after the date and title and remembers the folder.
    report->saveAs();
}

} // namespace hindsight
