#pragma once

#include "domain.h"
#include "result.h"

#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace hindsight {

class DashboardPage;
class Editor;
class ErrorBanner;
class SessionFilterModel;
class SessionListModel;
class StepTimer;
class Workspace;

// The app on the shared screen: a sidebar of sessions, the guided steps of the current
// session, and the shared-screen controls (zoom, full screen, presentation style).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // PreMortem is the whole pre-mortem game (its own sub-steps); pre-mortems show Stage,
    // PreMortem and Report, post-mortems the other five.
    enum Step { Stage, Timeline, WhyChains, Actions, Report, PreMortem, StepCount };

    explicit MainWindow(QWidget *parent = nullptr);
    // Calls untilFontsAreReady() after building the menus, which measure no text, and before
    // the first text measurement: the start-up waits there for the font configuration, read on
    // another thread (ui/startup.h).
    explicit MainWindow(const std::function<void()> &untilFontsAreReady, QWidget *parent = nullptr);
    // The size the window opens at on a screen with that much room.
    static QSize defaultSize(const QSize &available);
    ~MainWindow() override;

    // When openWorkspace() opens the newest session: at once, or once the window's first frame
    // is on screen. Building a session's page costs more than the rest of the window together,
    // so at start-up the list is shown first and the session a moment later.
    enum class SessionOpening { Now, AfterFirstFrame };

    // A workspace file opened and its session list read: the part of opening that needs no
    // window and no fonts. The list models belong to the workspace.
    struct OpenedWorkspace {
        std::unique_ptr<Workspace> workspace;
        SessionListModel *sessions = nullptr;
        SessionFilterModel *filter = nullptr; // over sessions
    };
    // It takes three steps, so that the start-up can read the list on the other core while this
    // thread builds the window (ui/startup.h):
    // 1. openWorkspaceFile(). With isDefault, a missing file is created and gets the bundled
    //    example post-mortem, so a first run shows a whole session at once;
    // 2. Workspace::sessions(Workspace::SessionColumns::Listed), on any thread;
    // 3. prepareWorkspace(workspace, list) makes the models. Without a list (the file was busy),
    //    the model reads it again.
    static Result<std::unique_ptr<Workspace>> openWorkspaceFile(
        const QString &path, bool isDefault);
    static OpenedWorkspace prepareWorkspace(
        std::unique_ptr<Workspace> workspace, Result<QList<Session>> sessions);
    // The three steps on this thread.
    static Result<OpenedWorkspace> prepareWorkspace(const QString &path, bool isDefault);

    // Opens a workspace file (prepareWorkspace()) and its newest session. On failure the
    // current workspace stays open and a dialog says why.
    bool openWorkspace(
        const QString &path, bool isDefault = false, SessionOpening opening = SessionOpening::Now);
    bool openWorkspace(Result<OpenedWorkspace> opened, SessionOpening opening);

    Workspace *workspace() const { return m_workspace.get(); }
    Editor *editor() const { return m_editor; }
    Id currentSession() const { return m_session; }
    void selectSession(Id sessionId);
    void showStep(Step step);
    Step currentStep() const { return m_step; }
    void showDashboard();
    // The font zoom in steps (0 = the base size).
    int zoomLevel() const { return m_zoom; }
    void setZoomLevel(int level);
    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentation; }
    void createSession(SessionKind kind);

    // The example session shipped with the app (a realistic post-mortem we wrote).
    static QByteArray exampleSessionJson();

Q_SIGNALS:
    // Once, when the window's first frame has been painted and flushed to the screen, before a
    // session deferred by SessionOpening::AfterFirstFrame opens. Where a cold start ends; the
    // benchmark hook (app/benchhook.h) listens to it.
    void firstFrameShown();

protected:
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void closeWorkspace();
    void onFirstFrame();
    // What openWorkspace() leaves for after the first frame at start-up: the session area, the
    // department filter and the newest session.
    void finishOpening();
    void buildUi();
    void buildMenus();
    QWidget *buildSidebar();
    QWidget *buildSessionArea();
    // The page of a step, built on first use.
    QWidget *stepPage(Step step);
    void sizePagesToTheShownOne();
    void giveSession(QWidget *page);
    void setSessionWidgetsEnabled(bool enabled);
    void refreshDepartments();
    void updateTitle();
    void updateHeader();
    void updateUndoActions();
    void applyFont();
    void showError(const Error &error);
    void openWorkspaceDialog();
    void rememberRecent(const QString &path);
    void rebuildRecentMenu();
    void exportReport();
    void deleteCurrentSession();

    std::unique_ptr<Workspace> m_workspace;
    Editor *m_editor = nullptr;
    SessionListModel *m_sessions = nullptr;
    SessionFilterModel *m_filter = nullptr;
    Id m_session = 0;
    Step m_step = Stage;
    int m_zoom = 0;
    bool m_presentation = false;
    bool m_isPreMortem = false;
    bool m_firstFramePainted = false;
    bool m_splitterSized = false;
    // The session finishOpening() selects, and whether it waits for the first frame
    // (SessionOpening::AfterFirstFrame).
    Id m_pendingSession = 0;
    bool m_openPending = false;
    qreal m_baseFontSize = 10;

    // Sidebar
    QLineEdit *m_search = nullptr;
    QComboBox *m_kindFilter = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_dateFilter = nullptr;
    QComboBox *m_departmentFilter = nullptr;
    QListView *m_sessionList = nullptr;
    // Session area
    QWidget *m_sessionPane = nullptr; // the splitter's right side, holding m_sessionArea
    QWidget *m_sessionArea = nullptr;
    ErrorBanner *m_banner = nullptr;
    QLabel *m_sessionTitle = nullptr;
    QLabel *m_sessionMeta = nullptr;
    QButtonGroup *m_stepButtons = nullptr;
    QList<QPushButton *> m_stepButtonList;
    StepTimer *m_timer = nullptr;
    QStackedWidget *m_pages = nullptr;
    QList<QWidget *> m_stepPages;
    DashboardPage *m_dashboard = nullptr;
    QLabel *m_emptyPage = nullptr;
    QLabel *m_savedLabel = nullptr;
    QTimer *m_poll = nullptr;
    // Actions
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_fullScreen = nullptr;
    QAction *m_presentationAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_sessionActions;
};

} // namespace hindsight
