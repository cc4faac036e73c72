#pragma once

#include "domain.h"
#include "reportwriter.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTextBrowser;
class QTextDocument;
class QTimer;
class QToolButton;

namespace hindsight {

class Editor;
struct Change;

// Step 5 of the guided post-mortem, "Report": a preview of the Markdown report exactly as it
// will be saved or copied (rendered from writeReport's output, never from a second writer),
// with the lessons learned typed next to it.
class ReportPage : public QWidget
{
    Q_OBJECT

public:
    explicit ReportPage(Editor *editor, QWidget *parent = nullptr);

    void setSession(hindsight::Id sessionId);
    Id sessionId() const { return m_sessionId; }

    // The options chosen on the page (starred only, time zone, sections).
    ReportOptions options() const;
    // The report as it stands now, written by writeReport with options(); empty without a session.
    QString markdown() const;
    // Writes the report to `path` atomically (QSaveFile). Errors go to Editor::report.
    bool saveTo(const QString &path);

public Q_SLOTS:
    // Asks for a file name (suggested from the title) and saves there.
    void saveAs();
    void copyMarkdown();

Q_SIGNALS:
    void saved(const QString &path);
    void copied();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    void applyFonts();
    void onChanged(const hindsight::Change &change);
    void scheduleRefresh();
    void refresh();
    void loadSession();
    void rebuildSectionMenu(SessionKind kind);
    void polishTables(QTextDocument *document) const;
    QString suggestedFileName() const;
    void flash(const QString &message);
    // The report with options(); previewRows as in ReportOptions (0: complete).
    Result<QByteArray> render(int previewRows) const;

    Editor *m_editor;
    Id m_sessionId = 0;
    Session m_session;
    bool m_loading = false;
    bool m_stale = false; // changed while hidden: render when shown
    QString m_shownMarkdown;
    QString m_lastDirectory;
    ReportOptions::Sections m_sections = ReportOptions::AllSections;

    QTimer *m_refreshTimer = nullptr;
    QTimer *m_flashTimer = nullptr;
    QCheckBox *m_starredOnly = nullptr;
    QComboBox *m_timeZone = nullptr;
    QToolButton *m_sectionsButton = nullptr;
    QPushButton *m_showSource = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_save = nullptr;
    QLabel *m_status = nullptr;
    QStackedWidget *m_previewStack = nullptr;
    QTextBrowser *m_preview = nullptr;
    QPlainTextEdit *m_source = nullptr;
    QLabel *m_lessonsHeading = nullptr;
    QPlainTextEdit *m_lessons = nullptr;
};

} // namespace hindsight
