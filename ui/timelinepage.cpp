#include "timelinepage.h"

#include "editor.h"
#include "eventkindstyle.h"
#include "pastetimelinedialog.h"
#include "textfields.h"
#include "timeaxiswidget.h"
#include "timelineedits.h"
#include "timelinemodel.h"
#include "workspace.h"
#include "wraplabel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

namespace {

const QColor kWarning(0xB0, 0x2A, 0x1E);

// Edits the reporter: any text, with the session's participants offered in the list and as
// completions.
class ReporterDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    ReporterDelegate(TimelineModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    { }

    QWidget *createEditor(
        QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("reporterEditor"));
        combo->setEditable(true);
        acceptAnyLength(combo->lineEdit());
        combo->setInsertPolicy(QComboBox::NoInsert);
        for (const Participant &p : m_model->participants())
            combo->addItem(p.name);
        combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
        combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
        return combo;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QComboBox *>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        const QString text = static_cast<QComboBox *>(editor)->currentText().trimmed();
        if (text != index.data(Qt::EditRole).toString())
            model->setData(index, text, Qt::EditRole);
    }

private:
    TimelineModel *m_model;
};

// A plain line editor for text cells that only writes when the text changed, so leaving a
// cell untouched pushes no empty undo step.
class TextDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit TextDelegate(const QString &placeholder, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_placeholder(placeholder)
    { }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        QWidget *w = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            edit->setPlaceholderText(m_placeholder);
            acceptAnyLength(edit);
        }
        return w;
    }
    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        auto *edit = qobject_cast<QLineEdit *>(editor);
        if (edit && edit->text() == index.data(Qt::EditRole).toString())
            return;
        QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    QString m_placeholder;
};

void setWarningBorder(QLineEdit *edit, bool on)
{
    // A coloured frame as well as the message: the field at fault is visible from afar.
    edit->setStyleSheet(on
            ? QStringLiteral("QLineEdit { border: 2px solid #B02A1E; border-radius: 3px; }")
            : QString());
}

} // namespace

TimelinePage::TimelinePage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_model(new TimelineModel(editor, this))
    , m_filter(new TimelineFilterModel(this))
{
    setObjectName(QStringLiteral("timelinePage"));
    m_filter->setSourceModel(m_model);
    buildUi();
    applyFonts();
    setSession(0);
}

TimelinePage::~TimelinePage() = default;

void TimelinePage::buildUi()
{
    // Header: what this step is for, and the paste button.
    m_title = new QLabel(tr("Timeline"), this);
    m_title->setObjectName(QStringLiteral("timelineTitle"));
    m_hint = new WrapLabel(tr("What happened, when, and how we know. Events, not people."), this);
    m_hint->setObjectName(QStringLiteral("timelineHint"));

    m_pasteAction = new QAction(tr("&Paste a timeline\u2026"), this);
    m_pasteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_pasteAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_pasteAction->setToolTip(
        tr("Import a chat log or a written timeline, with a preview (Ctrl+Shift+V)"));
    addAction(m_pasteAction);
    connect(m_pasteAction, &QAction::triggered, this, [this] { openPasteDialog(); });
    m_pasteButton = new QPushButton(m_pasteAction->text(), this);
    m_pasteButton->setObjectName(QStringLiteral("pasteButton"));
    m_pasteButton->setToolTip(m_pasteAction->toolTip());
    connect(m_pasteButton, &QPushButton::clicked, m_pasteAction, &QAction::trigger);

    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_title);
    titles->addWidget(m_hint);
    header->addLayout(titles, 1);
    header->addWidget(m_pasteButton, 0, Qt::AlignBottom);

    // The axis and the metrics beside it.
    m_axis = new TimeAxisWidget(m_model, this);
    m_axis->setObjectName(QStringLiteral("timeAxis"));
    m_metrics = new TimelineMetricsPanel(m_model, this);
    m_metrics->setObjectName(QStringLiteral("metricsPanel"));
    auto *axisRow = new QHBoxLayout;
    axisRow->addWidget(m_axis, 1);
    axisRow->addSpacing(fontMetrics().averageCharWidth() * 2);
    axisRow->addWidget(m_metrics, 0);
    connect(m_axis, &TimeAxisWidget::eventActivated, this, &TimelinePage::selectEvent);

    // Quick entry: time, what happened, kind, who, source; Enter adds.
    m_quickTime = new QLineEdit(this);
    m_quickTime->setObjectName(QStringLiteral("quickTime"));
    m_quickTime->setPlaceholderText(tr("14:05, ~14:20, +5m"));
    m_quickTime->setToolTip(
        tr("When it happened: 14:05, 14:05:30, ~23:00 (about), 9:37 AM PST, 2017-01-31 18:00 UTC, "
           "yesterday 23:10, +5m (after the previous event), or blank if nobody knows."));
    m_quickTime->setAccessibleName(tr("Time"));
    m_quickText = new QLineEdit(this);
    m_quickText->setObjectName(QStringLiteral("quickText"));
    m_quickText->setPlaceholderText(tr("What happened? Press Enter to add"));
    m_quickText->setAccessibleName(tr("Event"));
    m_quickKind = new QComboBox(this);
    m_quickKind->setObjectName(QStringLiteral("quickKind"));
    fillKindCombo(m_quickKind);
    m_quickKind->setToolTip(tr("The kind is guessed from the words until you pick one."));
    m_quickKind->setAccessibleName(tr("Kind"));
    m_quickReporter = new QComboBox(this);
    m_quickReporter->setObjectName(QStringLiteral("quickReporter"));
    m_quickReporter->setEditable(true);
    m_quickReporter->setInsertPolicy(QComboBox::NoInsert);
    acceptAnyLength(m_quickReporter->lineEdit());
    m_quickReporter->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_quickReporter->lineEdit()->setPlaceholderText(tr("Reported by"));
    m_quickReporter->setToolTip(tr("Who told us: a participant or any name"));
    m_quickReporter->setAccessibleName(tr("Reported by"));
    m_quickSource = new QLineEdit(this);
    m_quickSource->setObjectName(QStringLiteral("quickSource"));
    m_quickSource->setPlaceholderText(tr("Source: chat, monitoring\u2026"));
    m_quickSource->setAccessibleName(tr("Source"));
    m_quickAdd = new QPushButton(tr("&Add"), this);
    m_quickAdd->setObjectName(QStringLiteral("quickAdd"));
    m_quickAdd->setToolTip(tr("Add the event (Enter)"));

    // Minimums only: the fields share what room there is by their stretch. With 20 and 16
    // characters for the reporter and the source the row did not fit a 1024 px projector.
    const int ch = fontMetrics().averageCharWidth();
    m_quickTime->setMinimumWidth(ch * 16);
    m_quickReporter->setMinimumWidth(ch * 14);
    m_quickSource->setMinimumWidth(ch * 12);

    auto *quickLabel = new QLabel(tr("&New event:"), this);
    quickLabel->setBuddy(m_quickTime);
    QFont bold; // only the weight: the size follows the window's zoom
    bold.setBold(true);
    quickLabel->setFont(bold);
    auto *quick = new QHBoxLayout;
    quick->addWidget(quickLabel);
    quick->addWidget(m_quickTime, 2);
    quick->addWidget(m_quickText, 8);
    quick->addWidget(m_quickKind, 0);
    quick->addWidget(m_quickReporter, 2);
    quick->addWidget(m_quickSource, 2);
    quick->addWidget(m_quickAdd, 0);

    for (QLineEdit *edit : {m_quickText, m_quickSource})
        acceptAnyLength(edit);
    for (QLineEdit *edit : {m_quickTime, m_quickText, m_quickSource, m_quickReporter->lineEdit()})
        connect(edit, &QLineEdit::returnPressed, this, &TimelinePage::addFromQuickEntry);
    m_quickKind->installEventFilter(this);
    connect(m_quickAdd, &QPushButton::clicked, this, &TimelinePage::addFromQuickEntry);
    connect(m_quickText, &QLineEdit::textEdited, this, &TimelinePage::guessQuickKind);
    connect(m_quickKind, &QComboBox::activated, this, [this] { m_kindChosen = true; });
    connect(m_quickTime, &QLineEdit::textEdited, this,
        [this] { setWarningBorder(m_quickTime, false); });

    m_message = new WrapLabel(this);
    m_message->setObjectName(QStringLiteral("quickError"));
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, kWarning);
    m_message->setPalette(pal);
    m_message->hide();

    // Filters and row actions.
    m_kindFilter = new QComboBox(this);
    m_kindFilter->setObjectName(QStringLiteral("kindFilter"));
    m_kindFilter->addItem(tr("All kinds"), -1);
    fillKindCombo(m_kindFilter);
    m_kindFilter->setToolTip(tr("Show only one kind of event"));
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int k = m_kindFilter->currentData().toInt();
        m_filter->setKindFilter(k < 0 ? std::nullopt : std::optional<EventKind>(EventKind(k)));
        updateActions();
    });
    m_departmentFilter = new QComboBox(this);
    m_departmentFilter->setObjectName(QStringLiteral("departmentFilter"));
    m_departmentFilter->setToolTip(tr("Show only events reported by one department"));
    // Not as wide as the longest department's name: the page would widen with it.
    m_departmentFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_departmentFilter->setMinimumContentsLength(16);
    connect(m_departmentFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setDepartmentFilter(m_departmentFilter->currentData().toString());
        updateActions();
    });
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("eventCount"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("timelineTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setSortingEnabled(false); // order is the timeline's, never a column's
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(TimelineModel::KindColumn, new EventKindDelegate(m_table));
    m_table->setItemDelegateForColumn(
        TimelineModel::ReporterColumn, new ReporterDelegate(m_model, m_table));
    m_table->setItemDelegateForColumn(
        TimelineModel::TimeColumn, new TextDelegate(tr("blank = unknown"), m_table));
    m_table->setItemDelegateForColumn(TimelineModel::TextColumn, new TextDelegate({}, m_table));
    m_table->setItemDelegateForColumn(TimelineModel::SourceColumn, new TextDelegate({}, m_table));
    QHeaderView *hh = m_table->horizontalHeader();
    hh->setHighlightSections(false);
    hh->setSectionResizeMode(QHeaderView::Interactive);
    hh->setSectionResizeMode(TimelineModel::StarColumn, QHeaderView::Fixed);
    hh->setSectionResizeMode(TimelineModel::TimeColumn, QHeaderView::ResizeToContents);
    hh->setSectionResizeMode(TimelineModel::KindColumn, QHeaderView::ResizeToContents);
    // Fit those two to about a screenful of rows (the ones in view first): by default Qt lays
    // out the text of 1,000 rows on every relayout, a sixth of opening a 10,000-event session.
    // (0 would mean every row while the table is hidden.)
    hh->setResizeContentsPrecision(100);
    hh->setSectionResizeMode(TimelineModel::TextColumn, QHeaderView::Stretch);
    hh->setStretchLastSection(false);
    // Its resizes, not the table's: the table's come before the viewport has its new width.
    m_tableViewport = m_table->viewport();
    m_tableViewport->installEventFilter(this);
    connect(hh, &QHeaderView::sectionResized, this, [this](int column, int, int size) {
        if (column == TimelineModel::ReporterColumn || column == TimelineModel::SourceColumn) {
            // Sizes other than the fitted ones are the user's (the header may report the
            // fitted ones later than they were set).
            if (size != m_fittedWidths[column == TimelineModel::ReporterColumn ? 0 : 1])
                m_sideColumnsSizedByUser = true;
        } else if (column == TimelineModel::TimeColumn || column == TimelineModel::KindColumn) {
            // Another time zone, another font: the room left changed. Queued: inside this
            // signal the header is still laying its sections out.
            QMetaObject::invokeMethod(this, &TimelinePage::fitSideColumns, Qt::QueuedConnection);
        }
    });
    m_table->installEventFilter(this);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == TimelineModel::StarColumn)
            edits::toggleStar(*m_editor, {index.data(TimelineModel::IdRole).toLongLong()});
    });
    connect(m_model, &TimelineModel::editRejected, this, &TimelinePage::showMessage);
    connect(
        m_model, &TimelineModel::sessionDataChanged, this, &TimelinePage::refreshSessionChoices);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &TimelinePage::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            m_axis->setCurrentEvent(
                current.isValid() ? current.data(TimelineModel::IdRole).toLongLong() : 0);
        });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &TimelinePage::updateActions);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &TimelinePage::updateActions);
    connect(m_filter, &QAbstractItemModel::rowsMoved, this, &TimelinePage::updateActions);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &TimelinePage::updateActions);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &TimelinePage::updateActions);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &TimelinePage::updateActions);

    // Row actions: buttons and keys (on the table only, so typing elsewhere is never taken).
    auto makeAction = [this](const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetShortcut);
        a->setToolTip(tip);
        m_table->addAction(a);
        return a;
    };
    m_upAction = makeAction(tr("Move &up"), QKeySequence(Qt::ALT | Qt::Key_Up),
        tr("Move an event with an unknown time one place earlier (Alt+Up)"));
    m_downAction = makeAction(tr("Move &down"), QKeySequence(Qt::ALT | Qt::Key_Down),
        tr("Move an event with an unknown time one place later (Alt+Down)"));
    m_starAction = makeAction(tr("\u2605 &Key event"), QKeySequence(Qt::Key_Space),
        tr("Mark or unmark the selected events as key events (Space)"));
    m_deleteAction = makeAction(tr("De&lete"), QKeySequence(QKeySequence::Delete),
        tr("Delete the selected events (Delete); Undo brings them back"));
    connect(m_upAction, &QAction::triggered, this, [this] { moveSelected(-1); });
    connect(m_downAction, &QAction::triggered, this, [this] { moveSelected(1); });
    connect(m_starAction, &QAction::triggered, this, &TimelinePage::toggleStarSelected);
    connect(m_deleteAction, &QAction::triggered, this, &TimelinePage::deleteSelected);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto makeButton = [this](QAction *action, const QString &name) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(action);
        b->setObjectName(name);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        return b;
    };
    m_upButton = makeButton(m_upAction, QStringLiteral("moveUpButton"));
    m_downButton = makeButton(m_downAction, QStringLiteral("moveDownButton"));
    m_starButton = makeButton(m_starAction, QStringLiteral("starButton"));
    m_deleteButton = makeButton(m_deleteAction, QStringLiteral("deleteButton"));

    auto *tools = new QHBoxLayout;
    auto *kindLabel = new QLabel(tr("&Kind:"), this);
    kindLabel->setBuddy(m_kindFilter);
    auto *deptLabel = new QLabel(tr("De&partment:"), this);
    deptLabel->setBuddy(m_departmentFilter);
    tools->addWidget(kindLabel);
    tools->addWidget(m_kindFilter);
    tools->addSpacing(ch * 2);
    tools->addWidget(deptLabel);
    tools->addWidget(m_departmentFilter);
    tools->addStretch(1);
    // What acts on the selected rows goes under the table, with the count, as under the
    // stage's list of people: beside the filters the row needed 832 px.
    auto *rowTools = new QHBoxLayout;
    rowTools->addWidget(m_count);
    rowTools->addStretch(1);
    rowTools->addWidget(m_starButton);
    rowTools->addWidget(m_upButton);
    rowTools->addWidget(m_downButton);
    rowTools->addWidget(m_deleteButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(axisRow);
    layout->addSpacing(ch);
    layout->addLayout(quick);
    layout->addWidget(m_message);
    layout->addLayout(tools);
    layout->addWidget(m_table, 1);
    layout->addLayout(rowTools);

    setTabOrder(m_quickTime, m_quickText);
    setTabOrder(m_quickText, m_quickKind);
    setTabOrder(m_quickKind, m_quickReporter);
    setTabOrder(m_quickReporter, m_quickSource);
    setTabOrder(m_quickSource, m_quickAdd);
    setTabOrder(m_quickAdd, m_table);
}

void TimelinePage::applyFonts()
{
    QFont title = font();
    title.setPointSizeF(font().pointSizeF() * 1.6);
    title.setBold(true);
    m_title->setFont(title);
    QPalette pal = m_hint->palette();
    pal.setColor(QPalette::WindowText, QColor(0x5F, 0x66, 0x6D));
    m_hint->setPalette(pal);
    // Rows with air around the text read better on a projector.
    const QFontMetrics fm(font());
    m_table->verticalHeader()->setMinimumSectionSize(fm.height());
    m_table->verticalHeader()->setDefaultSectionSize(int(fm.height() * 1.9));
    const QSize icon(int(fm.height() * 1.1), int(fm.height() * 1.1));
    m_table->setIconSize(icon);
    m_quickKind->setIconSize(icon);
    m_kindFilter->setIconSize(icon);
    m_table->horizontalHeader()->resizeSection(TimelineModel::StarColumn, fm.height() * 2);
    fitSideColumns();
}

// The event's text is what the room reads. On a narrow screen (a 1024-px projector) the
// reporter and source columns give it room, down to a width that still shows a name, instead
// of leaving it a few letters wide; once the user has sized them by hand they stay as sized.
void TimelinePage::fitSideColumns()
{
    if (m_sideColumnsSizedByUser)
        return;
    QHeaderView *h = m_table->horizontalHeader();
    const int ch = QFontMetrics(m_table->font()).averageCharWidth();
    constexpr int kColumns[] = {TimelineModel::ReporterColumn, TimelineModel::SourceColumn};
    const int wanted[] = {22 * ch, 16 * ch};
    const int least[] = {12 * ch, 9 * ch};
    int taken = 0; // by the star, the time and the kind, which keep their widths
    for (int c : {TimelineModel::StarColumn, TimelineModel::TimeColumn, TimelineModel::KindColumn})
        taken += h->isSectionHidden(c) ? 0 : h->sectionSize(c);
    const int room = m_tableViewport->width() - taken - 32 * ch; // 32 characters of text
    const int give = std::max(0, wanted[0] + wanted[1] - std::max(room, least[0] + least[1]));
    const int slack = (wanted[0] - least[0]) + (wanted[1] - least[1]);
    for (int i = 0; i < 2; ++i) {
        m_fittedWidths[i] = wanted[i] - give * (wanted[i] - least[i]) / slack;
        h->resizeSection(kColumns[i], m_fittedWidths[i]);
    }
}

void TimelinePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange && m_title)
        applyFonts();
}

bool TimelinePage::eventFilter(QObject *watched, QEvent *event)
{
    // Compared by address: the viewport outlives the table in ~QAbstractScrollArea.
    if (watched == m_tableViewport && event->type() == QEvent::Resize)
        fitSideColumns();
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (watched == m_quickKind && enter && key->modifiers() == Qt::NoModifier) {
            addFromQuickEntry();
            return true;
        }
        // An open cell editor has the focus, so Backspace here never eats typing.
        if (watched == m_table && key->key() == Qt::Key_Backspace) {
            deleteSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TimelinePage::setSession(Id sessionId)
{
    m_model->setSession(sessionId);
    m_lastAdded = 0;
    m_kindChosen = false;
    m_quickTime->clear();
    m_quickText->clear();
    m_quickSource->clear();
    m_quickReporter->setCurrentText(QString());
    m_quickKind->setCurrentIndex(m_quickKind->findData(int(EventKind::Note)));
    m_kindFilter->setCurrentIndex(0);
    clearMessage();
    setEnabled(sessionId != 0);
    refreshSessionChoices();
    updateActions();
}

Id TimelinePage::sessionId() const
{
    return m_model->sessionId();
}

void TimelinePage::refreshSessionChoices()
{
    // Reporters: the participants, keeping whatever is typed.
    const QString typed = m_quickReporter->currentText();
    m_quickReporter->clear();
    for (const Participant &p : m_model->participants())
        m_quickReporter->addItem(p.name);
    m_quickReporter->setCurrentText(typed);

    // Departments: keep the chosen one if it still exists.
    const QString chosen = m_departmentFilter->currentData().toString();
    {
        const QSignalBlocker block(m_departmentFilter);
        m_departmentFilter->clear();
        m_departmentFilter->addItem(tr("All departments"), QString());
        for (const QString &d : m_model->departments())
            m_departmentFilter->addItem(d, d);
        m_departmentFilter->addItem(tr("No department"), TimelineFilterModel::noDepartment());
        const int at = m_departmentFilter->findData(chosen);
        m_departmentFilter->setCurrentIndex(std::max(0, at));
    }
    m_filter->setDepartmentFilter(m_departmentFilter->currentData().toString());
    updateActions();
}

QList<Id> TimelinePage::selectedEventIds() const
{
    QList<int> rows;
    const QModelIndexList selected = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &i : selected)
        rows.append(m_filter->mapToSource(i).row());
    std::sort(rows.begin(), rows.end());
    QList<Id> ids;
    for (int r : std::as_const(rows))
        ids.append(m_model->eventAt(r).id);
    return ids;
}

void TimelinePage::selectEvent(Id eventId)
{
    const int row = m_model->rowOf(eventId);
    if (row < 0)
        return;
    QModelIndex index = m_filter->mapFromSource(m_model->index(row, TimelineModel::TextColumn));
    if (!index.isValid()) {
        // Hidden by a filter: the user asked for this event, so show everything.
        m_kindFilter->setCurrentIndex(0);
        m_departmentFilter->setCurrentIndex(0);
        index = m_filter->mapFromSource(m_model->index(row, TimelineModel::TextColumn));
    }
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void TimelinePage::guessQuickKind()
{
    if (m_kindChosen)
        return;
    const EventKind kind = TimelineParser::guessKind(m_quickText->text());
    m_quickKind->setCurrentIndex(m_quickKind->findData(int(kind)));
}

bool TimelinePage::addFromQuickEntry()
{
    if (sessionId() == 0)
        return false;
    const QString text = m_quickText->text().trimmed();
    const QString typedTime = m_quickTime->text();
    if (text.isEmpty()) {
        if (!typedTime.trimmed().isEmpty()) {
            showMessage(tr("Say what happened at %1, then press Enter.").arg(typedTime.trimmed()));
            m_quickText->setFocus();
        }
        return false;
    }
    ParseContext ctx = m_model->parseContext();
    const int lastRow = m_model->rowOf(m_lastAdded);
    if (lastRow >= 0 && m_model->eventAt(lastRow).time.isKnown())
        ctx.previous = m_model->eventAt(lastRow).time.utc;
    const auto time = TimelineParser::parseTypedTime(typedTime, ctx);
    if (!time) {
        const bool relative = typedTime.trimmed().startsWith(QLatin1Char('+'))
            || typedTime.trimmed().startsWith(QLatin1Char('-'));
        showMessage(relative && !ctx.previous.isValid()
                ? tr("\u201c%1\u201d counts from the previous event, and no event has a time "
                     "yet. Type a clock time such as 14:05.")
                      .arg(typedTime.trimmed())
                : tr("Could not read the time \u201c%1\u201d. Try 14:05, ~14:05, 9:37 AM PST, "
                     "2017-01-31 18:00 UTC, yesterday 23:10, +5m, or leave it blank.")
                      .arg(typedTime.trimmed()));
        setWarningBorder(m_quickTime, true);
        m_quickTime->setFocus();
        m_quickTime->selectAll();
        return false;
    }

    TimelineEvent e;
    e.sessionId = sessionId();
    e.time = *time;
    e.text = text;
    e.kind = EventKind(m_quickKind->currentData().toInt());
    const QString reporter = m_quickReporter->currentText().trimmed();
    e.reporterId = m_model->participantNamed(reporter);
    e.reporterText = e.reporterId != 0 ? QString() : reporter;
    e.source = m_quickSource->text().trimmed();
    const Id id = edits::addEvent(*m_editor, e);
    if (id == 0)
        return false; // the Editor reported why; keep everything typed

    m_lastAdded = id;
    clearMessage();
    m_quickTime->clear();
    m_quickText->clear();
    m_kindChosen = false;
    m_quickKind->setCurrentIndex(m_quickKind->findData(int(EventKind::Note)));
    selectEvent(id);
    // Keep typing: the next event starts at the time field; reporter and source stay.
    m_quickTime->setFocus();
    return true;
}

void TimelinePage::focusQuickEntry()
{
    m_quickTime->setFocus();
    m_quickTime->selectAll();
}

PasteTimelineDialog *TimelinePage::openPasteDialog(const QString &text)
{
    if (sessionId() == 0)
        return nullptr;
    auto *dialog = new PasteTimelineDialog(m_model->parseContext(), m_model->participants(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QString initial = text;
    if (initial.isEmpty()) {
        const QString clip = QApplication::clipboard()->text();
        // Only a multi-line clipboard is likely to be a timeline; anything else is noise.
        if (clip.count(QLatin1Char('\n')) >= 1)
            initial = clip;
    }
    dialog->setText(initial);
    const Id session = sessionId();
    connect(dialog, &QDialog::accepted, this, [this, dialog, session] {
        if (session == sessionId())
            importEvents(dialog->events(session));
    });
    dialog->open();
    return dialog;
}

QList<Id> TimelinePage::importEvents(const QList<TimelineEvent> &events)
{
    const QList<Id> ids = edits::addEvents(*m_editor, events);
    if (ids.isEmpty())
        return ids;
    // Select the new rows in one go, as runs of adjacent rows: row by row, each selection
    // change re-read the whole selection and finding each row scanned the model: quadratic in
    // the length of a paste.
    const QSet<Id> added(ids.cbegin(), ids.cend());
    QList<int> rows;
    rows.reserve(ids.size());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (added.contains(m_model->eventAt(r).id)) {
            const QModelIndex index = m_filter->mapFromSource(m_model->index(r, 0));
            if (index.isValid())
                rows.append(index.row());
        }
    }
    std::sort(rows.begin(), rows.end());
    QItemSelection selection;
    const int lastColumn = m_filter->columnCount() - 1;
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        selection.select(m_filter->index(rows[i], 0), m_filter->index(rows[j], lastColumn));
        i = j + 1;
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    return ids;
}

void TimelinePage::deleteSelected()
{
    const QList<Id> ids = selectedEventIds();
    if (ids.isEmpty())
        return;
    // Select the row after the deleted ones, so repeated Delete keeps working from the keyboard.
    const int last = m_model->rowOf(ids.last());
    const Id next = m_model->eventAt(last + 1).id;
    if (edits::removeEvents(*m_editor, ids) && next != 0)
        selectEvent(next);
}

void TimelinePage::toggleStarSelected()
{
    edits::toggleStar(*m_editor, selectedEventIds());
}

void TimelinePage::moveSelected(int direction)
{
    const QList<Id> ids = selectedEventIds();
    if (ids.size() != 1)
        return;
    if (!edits::moveEvent(*m_editor, ids.first(), direction)) {
        if (m_model->eventAt(m_model->rowOf(ids.first())).time.isKnown())
            showMessage(
                tr("Events with a time are placed by their time; change the time to move it."));
        return;
    }
    selectEvent(ids.first());
}

void TimelinePage::updateActions()
{
    // Runs on every selection change: read the selection's ranges, not its rows, which cost
    // a pass over every selected row per change (quadratic while a long paste is undone).
    const QItemSelection selection = m_table->selectionModel()->selection();
    const bool any = !selection.isEmpty();
    bool canUp = false;
    bool canDown = false;
    if (selection.size() == 1 && selection.first().height() == 1) {
        const int row = m_filter->mapToSource(selection.first().topLeft()).row();
        if (row >= 0 && !m_model->eventAt(row).time.isKnown()) {
            canUp = row > 0;
            canDown = row < m_model->rowCount() - 1;
        }
    }
    m_upAction->setEnabled(canUp);
    m_downAction->setEnabled(canDown);
    m_starAction->setEnabled(any);
    m_deleteAction->setEnabled(any);

    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    m_count->setText(shown == total ? tr("%n event(s)", nullptr, total)
                                    : tr("%1 of %n event(s) shown", nullptr, total).arg(shown));
}

void TimelinePage::showMessage(const QString &message)
{
    m_message->setText(message);
    m_message->show();
}

void TimelinePage::clearMessage()
{
    m_message->clear();
    m_message->hide();
    setWarningBorder(m_quickTime, false);
}

} // namespace hindsight

#include "timelinepage.moc"
