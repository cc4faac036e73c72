#include "reportpage.h"

#include "editor.h"
#include "sessionedits.h"
#include "stagepage.h"
#include "workspace.h"
#include "wraplabel.h"

#include <QBuffer>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QTextFrame>
#include <QTextTable>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace hindsight {

namespace {

// Edits arrive in bursts (typing, a pasted log): one re-render after the burst is enough.
constexpr int kRefreshDelayMs = 150;
constexpr int kFlashMs = 4000;
constexpr qreal kPreviewScale = 1.1;
constexpr qreal kHeadingScale = 1.3;
// Rows of the timeline and action tables the on-screen preview draws (see
// ReportOptions::previewRows); at a projector nobody scrolls past a few hundred.
constexpr int kPreviewRows = 300;
constexpr int kPreviewMargin = 28;

struct SectionChoice {
    ReportOptions::Section section;
    const char *text;
};

// The sections each kind of report has, in the order the report writes them.
const SectionChoice kPostMortemSections[] = {
    {ReportOptions::PrimeDirective, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Prime Directive")},
    {ReportOptions::Summary, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Summary")},
    {ReportOptions::Impact, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Impact")},
    {ReportOptions::Metrics, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Timeline metrics")},
    {ReportOptions::Participants, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Participants")},
    {ReportOptions::Timeline, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Timeline")},
    {ReportOptions::WhyChains, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Why chains")},
    {ReportOptions::Actions, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Action items")},
    {ReportOptions::Lessons, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Lessons learned")},
};
const SectionChoice kPreMortemSections[] = {
    {ReportOptions::Catastrophe, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Catastrophe")},
    {ReportOptions::Participants, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Participants")},
    {ReportOptions::Rounds, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Rounds")},
    {ReportOptions::Ideas, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Ideas")},
    {ReportOptions::Ranking, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Ranking")},
    {ReportOptions::RiskMatrix, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Risk matrix")},
    {ReportOptions::Mitigations, QT_TRANSLATE_NOOP("hindsight::ReportPage", "Mitigations")},
};

} // namespace

ReportPage::ReportPage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_refreshTimer(new QTimer(this))
    , m_flashTimer(new QTimer(this))
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    m_flashTimer->setSingleShot(true);
    m_flashTimer->setInterval(kFlashMs);
    buildUi();
    applyFonts();
    connect(m_refreshTimer, &QTimer::timeout, this, &ReportPage::refresh);
    connect(m_flashTimer, &QTimer::timeout, m_status, &QLabel::clear);
    Workspace *ws = editor->workspace();
    connect(ws, &Workspace::changed, this, &ReportPage::onChanged);
    connect(ws, &Workspace::externallyChanged, this, [this]() {
        loadSession();
        scheduleRefresh();
    });
    setSession(0);
}

void ReportPage::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(12);
    m_starredOnly = new QCheckBox(tr("&Starred events only"), this);
    m_starredOnly->setObjectName(QStringLiteral("starredOnlyCheck"));
    m_starredOnly->setToolTip(tr("Keep the timeline to the events marked with a star"));
    auto *zoneLabel = new QLabel(tr("Time &zone"), this);
    m_timeZone = new QComboBox(this);
    m_timeZone->setObjectName(QStringLiteral("reportTimeZoneCombo"));
    fillTimeZoneCombo(m_timeZone, tr("UTC (session)"));
    m_timeZone->setToolTip(tr("The zone the report's times are written in; type to search"));
    zoneLabel->setBuddy(m_timeZone);
    m_sectionsButton = new QToolButton(this);
    m_sectionsButton->setObjectName(QStringLiteral("sectionsButton"));
    m_sectionsButton->setText(tr("Sections"));
    m_sectionsButton->setToolTip(tr("Choose which sections the report includes"));
    m_sectionsButton->setPopupMode(QToolButton::InstantPopup);
    m_sectionsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_sectionsButton->setMenu(new QMenu(m_sectionsButton));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("reportStatusLabel"));
    m_status->setTextFormat(Qt::PlainText);
    m_showSource = new QPushButton(tr("Show Markdown"), this);
    m_showSource->setObjectName(QStringLiteral("showMarkdownButton"));
    m_showSource->setCheckable(true);
    m_showSource->setToolTip(tr("Switch between the rendered preview and the Markdown text"));
    m_copy = new QPushButton(tr("&Copy Markdown"), this);
    m_copy->setObjectName(QStringLiteral("copyMarkdownButton"));
    m_copy->setToolTip(
        tr("Put the report on the clipboard, ready to paste into a wiki or an issue"));
    m_save = new QPushButton(tr("Save as Markdown\u2026"), this);
    m_save->setObjectName(QStringLiteral("saveMarkdownButton"));
    m_save->setToolTip(tr("Write the report to a .md file"));
    m_save->setDefault(true);

    bar->addWidget(m_starredOnly);
    bar->addSpacing(12);
    bar->addWidget(zoneLabel);
    // The field takes room the bar has to spare, up to a long name's width (applyFonts()): at
    // its minimum, 12 characters, "Europe/Amsterdam (session)" did not show whole at 1024 px.
    // The box layout shares the row in proportion to the stretches, the end's included.
    bar->addWidget(m_timeZone, 4);
    bar->addWidget(m_sectionsButton);
    bar->addStretch(1);
    layout->addLayout(bar);
    // What to do with the report goes under it, as a dialog's buttons: with what goes into it
    // on one row, the page needed 913 px and did not fit beside the sidebar on a 1024 px screen.
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(12);
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_showSource);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_save);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("reportSplitter"));
    splitter->setChildrenCollapsible(false);

    m_previewStack = new QStackedWidget(splitter);
    m_previewStack->setObjectName(QStringLiteral("reportViewStack"));
    m_preview = new QTextBrowser(m_previewStack);
    m_preview->setObjectName(QStringLiteral("reportPreview"));
    m_preview->setOpenExternalLinks(true);
    m_preview->document()->setDocumentMargin(kPreviewMargin);
    m_preview->setAccessibleName(tr("Report preview"));
    m_source = new QPlainTextEdit(m_previewStack);
    m_source->setObjectName(QStringLiteral("reportSource"));
    m_source->setReadOnly(true);
    m_source->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_source->setAccessibleName(tr("Report as Markdown"));
    m_previewStack->addWidget(m_preview);
    m_previewStack->addWidget(m_source);

    auto *side = new QWidget(splitter);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(12, 0, 0, 0);
    sideLayout->setSpacing(8);
    m_lessonsHeading = new QLabel(tr("&Lessons learned"), side);
    m_lessons = new QPlainTextEdit(side);
    m_lessons->setObjectName(QStringLiteral("lessonsEdit"));
    m_lessons->setTabChangesFocus(true);
    m_lessons->setPlaceholderText(
        tr("What did we learn about the system? What went well and should be kept?"));
    m_lessonsHeading->setBuddy(m_lessons);
    auto *lessonsHint = new WrapLabel(
        tr("Written into the report as its last section. Share it: a failure is only a mistake "
           "if nobody learns from it."),
        side);
    lessonsHint->setForegroundRole(QPalette::PlaceholderText);
    sideLayout->addWidget(m_lessonsHeading);
    sideLayout->addWidget(m_lessons, 1);
    sideLayout->addWidget(lessonsHint);

    splitter->addWidget(m_previewStack);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1300, 500});
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);

    connect(m_starredOnly, &QCheckBox::toggled, this, &ReportPage::refresh);
    connect(m_timeZone, &QComboBox::currentIndexChanged, this, [this]() {
        if (!m_loading)
            refresh();
    });
    connect(m_showSource, &QPushButton::toggled, this, [this](bool source) {
        m_previewStack->setCurrentWidget(source ? static_cast<QWidget *>(m_source) : m_preview);
        m_showSource->setText(source ? tr("Show preview") : tr("Show Markdown"));
    });
    connect(m_copy, &QPushButton::clicked, this, &ReportPage::copyMarkdown);
    connect(m_save, &QPushButton::clicked, this, &ReportPage::saveAs);
    connect(m_lessons, &QPlainTextEdit::textChanged, this, [this]() {
        if (m_loading || m_sessionId == 0)
            return;
        const QString text = m_lessons->toPlainText();
        sessionedits::editSession(
            *m_editor, m_sessionId, [text](Session &s) { s.lessons = text; },
            sessionedits::kMergeLessons, tr("Edit lessons learned"));
    });
}

void ReportPage::rebuildSectionMenu(SessionKind kind)
{
    QMenu *menu = m_sectionsButton->menu();
    menu->clear();
    const auto add = [this, menu](const SectionChoice &choice) {
        QAction *a = menu->addAction(tr(choice.text));
        a->setObjectName(QStringLiteral("section%1Action").arg(int(choice.section)));
        a->setCheckable(true);
        a->setChecked(m_sections.testFlag(choice.section));
        connect(a, &QAction::toggled, this, [this, section = choice.section](bool on) {
            m_sections.setFlag(section, on);
            refresh();
        });
    };
    if (kind == SessionKind::PreMortem) {
        for (const SectionChoice &c : kPreMortemSections)
            add(c);
    } else {
        for (const SectionChoice &c : kPostMortemSections)
            add(c);
    }
}

void ReportPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
}

void ReportPage::applyFonts()
{
    const QFont base = font();
    m_preview->setFont(scaledFont(base, kPreviewScale));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (base.pointSizeF() > 0)
        mono.setPointSizeF(base.pointSizeF());
    m_source->setFont(mono);
    QFont h = scaledFont(base, kHeadingScale);
    h.setBold(true);
    m_lessonsHeading->setFont(h);
    m_lessons->setFont(scaledFont(base, kPreviewScale));
    // The minimum is 12 characters; 24 more show "America/Argentina/Buenos Aires (session)".
    m_timeZone->setMaximumWidth(m_timeZone->minimumSizeHint().width()
        + m_timeZone->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    // The document keeps the font it was built with: render again at the new size.
    m_shownMarkdown.clear();
    if (m_sessionId != 0)
        scheduleRefresh();
}

void ReportPage::setSession(Id sessionId)
{
    m_sessionId = sessionId;
    m_shownMarkdown.clear();
    setEnabled(sessionId != 0);
    loadSession();
    m_loading = true;
    m_timeZone->setCurrentIndex(0);
    m_loading = false;
    rebuildSectionMenu(m_session.kind);
    refresh();
}

void ReportPage::loadSession()
{
    Session s;
    if (m_sessionId != 0) {
        auto r = m_editor->workspace()->session(m_sessionId);
        if (!r) {
            m_editor->report(r.error());
            return;
        }
        s = *r;
    }
    const bool kindChanged = s.kind != m_session.kind;
    m_session = s;
    m_loading = true;
    m_timeZone->setItemText(
        0, tr("%1 (session)").arg(s.timeZone.isEmpty() ? QStringLiteral("UTC") : s.timeZone));
    if (m_lessons->toPlainText() != s.lessons) {
        const int pos = m_lessons->textCursor().position();
        m_lessons->setPlainText(s.lessons);
        QTextCursor c = m_lessons->textCursor();
        c.setPosition(std::min(pos, int(s.lessons.size())));
        m_lessons->setTextCursor(c);
    }
    m_loading = false;
    if (kindChanged)
        rebuildSectionMenu(s.kind);
}

void ReportPage::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    if (change.entity == Change::Entity::Session) {
        if (change.type == Change::Type::Removed) {
            setSession(0);
            return;
        }
        loadSession();
    }
    scheduleRefresh();
}

void ReportPage::scheduleRefresh()
{
    m_refreshTimer->start();
}

ReportOptions ReportPage::options() const
{
    ReportOptions o;
    o.starredOnly = m_starredOnly->isChecked();
    o.timeZone = m_timeZone->currentData().toString();
    o.sections = m_sections;
    return o;
}

Result<QByteArray> ReportPage::render(int previewRows) const
{
    if (m_sessionId == 0)
        return QByteArray();
    auto snapshot = m_editor->workspace()->snapshot(m_sessionId);
    if (!snapshot)
        return snapshot.error();
    ReportOptions o = options();
    o.previewRows = previewRows;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    if (Status s = writeReport(*snapshot, o, &buffer); !s)
        return s.error();
    return buffer.data();
}

QString ReportPage::markdown() const
{
    auto bytes = render(0);
    return bytes ? QString::fromUtf8(*bytes) : QString();
}

void ReportPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void ReportPage::refresh()
{
    m_refreshTimer->stop();
    // Rendering costs as much as the report is long: do it when someone can see it, not on
    // every edit made on the other steps.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    auto bytes = render(kPreviewRows);
    const QString md = bytes ? QString::fromUtf8(*bytes) : QString();
    const bool can = bytes && !md.isEmpty();
    m_copy->setEnabled(can);
    m_save->setEnabled(can);
    if (!bytes) {
        m_shownMarkdown.clear();
        m_preview->setPlainText(tr("The report cannot be written: %1").arg(bytes.error().message));
        m_source->clear();
        return;
    }
    if (md == m_shownMarkdown)
        return;
    m_shownMarkdown = md;
    // Keep the reader's place: a refresh while someone scrolls must not jump to the top.
    const int previewScroll = m_preview->verticalScrollBar()->value();
    const int sourceScroll = m_source->verticalScrollBar()->value();
    // Built away from the view, then handed over: filled in place, the visible view lays the
    // document out again after each table cell (a 300-row table took two minutes that way).
    auto *document = new QTextDocument(m_preview);
    document->setDefaultFont(m_preview->font());
    document->setDocumentMargin(kPreviewMargin);
    // No HTML: a participant's "<b>" is text to show, not markup to obey.
    document->setMarkdown(md,
        QTextDocument::MarkdownFeatures(
            QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    polishTables(document);
    // The view deletes the document it made itself; the ones made here are ours to delete.
    QTextDocument *previous = m_preview->document();
    const bool ours = previous->parent() == m_preview;
    m_preview->setDocument(document);
    if (ours)
        delete previous;
    // A new document leaves the view's cursor at its end, which would scroll there.
    m_preview->moveCursor(QTextCursor::Start);
    m_source->setPlainText(md);
    m_preview->verticalScrollBar()->setValue(previewScroll);
    m_source->verticalScrollBar()->setValue(sourceScroll);
}

void ReportPage::polishTables(QTextDocument *document) const
{
    // Qt's Markdown reader draws every cell with a double, raised border; single thin rules and
    // some padding read far better on a projector. Only the rendering changes, never the text.
    const QColor rule = palette().color(QPalette::Mid);
    const QList<QTextFrame *> frames = document->rootFrame()->childFrames();
    for (QTextFrame *frame : frames) {
        auto *table = qobject_cast<QTextTable *>(frame);
        if (!table)
            continue;
        QTextTableFormat f = table->format();
        f.setBorderCollapse(true);
        f.setBorder(1);
        f.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        f.setBorderBrush(rule);
        f.setCellSpacing(0);
        f.setCellPadding(6);
        table->setFormat(f);
    }
}

bool ReportPage::saveTo(const QString &path)
{
    const auto fail = [this, &path](const QString &why, const QString &detail = {}) {
        m_editor->report(Error {ErrorCode::Io,
            tr("The report could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), why),
            detail});
        return false;
    };
    if (m_sessionId == 0)
        return fail(tr("no session is open."));
    auto snapshot = m_editor->workspace()->snapshot(m_sessionId);
    if (!snapshot) {
        m_editor->report(snapshot.error());
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    if (Status s = writeReport(*snapshot, options(), &file); !s) {
        file.cancelWriting();
        m_editor->report(s.error());
        return false;
    }
    if (!file.commit())
        return fail(file.errorString());
    m_lastDirectory = QFileInfo(path).absolutePath();
    flash(tr("Saved %1").arg(QFileInfo(path).fileName()));
    Q_EMIT saved(path);
    return true;
}

QString ReportPage::suggestedFileName() const
{
    // "2024-03-12 Payments outage: EU" -> "2024-03-12-payments-outage-eu.md"
    QString slug;
    for (const QChar c : m_session.title.toLower()) {
        if (c.isLetterOrNumber())
            slug.append(c);
        else if (!slug.isEmpty() && !slug.endsWith(u'-'))
            slug.append(u'-');
    }
    while (slug.endsWith(u'-'))
        slug.chop(1);
    slug.truncate(80);
    if (slug.isEmpty())
        slug = QStringLiteral("report");
    if (m_session.date.isValid())
        slug = m_session.date.toString(Qt::ISODate) % u'-' % slug;
    return slug % QStringLiteral(".md");
}

void ReportPage::saveAs()
{
    if (m_sessionId == 0)
        return;
    QString dir = m_lastDirectory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save report as Markdown"),
        QDir(dir).filePath(suggestedFileName()), tr("Markdown (*.md);;All files (*)"));
    if (!path.isEmpty())
        saveTo(path);
}

void ReportPage::copyMarkdown()
{
    const QString md = markdown();
    if (md.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(md);
    flash(tr("Copied %n line(s) of Markdown", nullptr, int(md.count(u'\n'))));
    Q_EMIT copied();
}

void ReportPage::flash(const QString &message)
{
    m_status->setText(message);
    m_flashTimer->start();
}

} // namespace hindsight
