#include "actionspage.h"

#include "actionedits.h"
#include "actionmodel.h"
#include "editor.h"
#include "textfields.h"
#include "wraplabel.h"
#include "wrappedtable.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace hindsight {

namespace {

// The due editor's earliest date stands for "no date" and shows as such. It is the day before
// today (or before the current due date), so the calendar opens on this month.
const char *kNoDateProperty = "noDate";

QFont scaled(const QFont &base, double factor)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * factor);
    else if (base.pixelSize() > 0)
        f.setPixelSize(qRound(base.pixelSize() * factor));
    return f;
}

} // namespace

// Editors for the action table: the owner completes from the session's participants, the due
// date has a calendar, status, priority and type are lists.
class ActionDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    ActionDelegate(ActionModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    { }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        switch (index.column()) {
        case ActionModel::Owner: {
            auto *edit = new QLineEdit(parent);
            edit->setObjectName(QStringLiteral("ownerEditor"));
            acceptAnyLength(edit);
            edit->setPlaceholderText(tr("Who does it?"));
            auto *completer = new QCompleter(m_model->participantNames(), edit);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            edit->setCompleter(completer);
            return edit;
        }
        case ActionModel::Due: {
            auto *edit = new QDateEdit(parent);
            edit->setObjectName(QStringLiteral("dueEditor"));
            edit->setCalendarPopup(true);
            edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
            edit->setSpecialValueText(tr("No date"));
            return edit;
        }
        case ActionModel::Status:
        case ActionModel::Priority:
        case ActionModel::Type: {
            auto *combo = new QComboBox(parent);
            combo->setObjectName(QStringLiteral("actionComboEditor"));
            if (index.column() == ActionModel::Status) {
                for (ActionStatus s : {ActionStatus::Open, ActionStatus::InProgress,
                         ActionStatus::Done, ActionStatus::Dropped})
                    combo->addItem(ActionModel::statusName(s), int(s));
            } else if (index.column() == ActionModel::Priority) {
                for (ActionPriority p : {ActionPriority::Low, ActionPriority::Medium,
                         ActionPriority::High, ActionPriority::Critical})
                    combo->addItem(ActionModel::priorityName(p), int(p));
            } else {
                for (ActionType t :
                    {ActionType::Mitigate, ActionType::Prevent, ActionType::Process})
                    combo->addItem(ActionModel::typeName(t), int(t));
            }
            // One choice is one commit: no need to leave the cell first.
            connect(combo, &QComboBox::activated, this, [this, combo]() {
                Q_EMIT const_cast<ActionDelegate *>(this)->commitData(combo);
                Q_EMIT const_cast<ActionDelegate *>(this)->closeEditor(combo);
            });
            return combo;
        }
        default: {
            QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
            acceptAnyLength(qobject_cast<QLineEdit *>(editor));
            return editor;
        }
        }
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *date = qobject_cast<QDateEdit *>(editor)) {
            const QDate d = index.data(Qt::EditRole).toDate();
            const QDate today = QDate::currentDate();
            const QDate noDate = (d.isValid() && d < today ? d : today).addDays(-1);
            date->setProperty(kNoDateProperty, noDate);
            date->setMinimumDate(noDate);
            date->setDate(d.isValid() ? d : noDate);
            return;
        }
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            combo->setCurrentIndex(combo->findData(index.data(Qt::EditRole).toInt()));
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(
        QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *date = qobject_cast<QDateEdit *>(editor)) {
            const QDate noDate = date->property(kNoDateProperty).toDate();
            model->setData(index, date->date() == noDate ? QDate() : date->date());
            return;
        }
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            model->setData(index, combo->currentData());
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    ActionModel *m_model;
};

// "Incomplete only": the actions still missing an owner or a date.
class IncompleteFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setIncompleteOnly(bool on)
    {
        if (on == m_on)
            return;
        m_on = on;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        return !m_on
            || sourceModel()->index(row, 0, parent).data(ActionModel::IncompleteRole).toBool();
    }

private:
    bool m_on = false;
};

ActionsPage::ActionsPage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_model(new ActionModel(editor, this))
    , m_proxy(new IncompleteFilter(this))
{
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    m_title = new QLabel(tr("Actions"), this);
    m_title->setObjectName(QStringLiteral("actionsTitle"));
    layout->addWidget(m_title);
    m_summary = new WrapLabel(this);
    m_summary->setObjectName(QStringLiteral("actionsSummary"));
    layout->addWidget(m_summary);

    auto *bar = new QHBoxLayout;
    m_add = new QPushButton(tr("Add action"), this);
    m_add->setObjectName(QStringLiteral("addActionButton"));
    m_add->setToolTip(tr("Add an action item (Ctrl+N)"));
    m_remove = new QPushButton(tr("Delete"), this);
    m_remove->setObjectName(QStringLiteral("removeActionButton"));
    m_remove->setToolTip(tr("Delete the selected actions (Delete); undo brings them back"));
    m_incompleteOnly = new QCheckBox(tr("Incomplete only"), this);
    m_incompleteOnly->setObjectName(QStringLiteral("incompleteOnlyCheck"));
    m_incompleteOnly->setToolTip(tr("Show only the actions without an owner or a due date"));
    bar->addWidget(m_add);
    bar->addWidget(m_remove);
    bar->addSpacing(24);
    bar->addWidget(m_incompleteOnly);
    bar->addStretch(1);
    layout->addLayout(bar);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("actionsTable"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new ActionDelegate(m_model, m_view));
    m_rows = WrappedTable::install(m_view);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed);
    m_view->setAlternatingRowColors(false);
    m_rows->setTextColumns({ActionModel::What, ActionModel::LinkedCauses}, 24);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);

    auto *legend =
        new QLabel(tr("Amber: who does it and by when is still open. Red: overdue."), this);
    legend->setObjectName(QStringLiteral("actionsLegend"));
    layout->addWidget(legend);

    connect(m_add, &QPushButton::clicked, this, &ActionsPage::addAction);
    connect(m_remove, &QPushButton::clicked, this, &ActionsPage::removeSelected);
    connect(m_incompleteOnly, &QCheckBox::toggled, this, &ActionsPage::setIncompleteOnly);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ActionsPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ActionsPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ActionsPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ActionsPage::refreshSummary);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this]() { m_remove->setEnabled(m_view->selectionModel()->hasSelection()); });

    auto *addShortcut = new QAction(tr("Add action"), this);
    addShortcut->setObjectName(QStringLiteral("addActionShortcut"));
    addShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    addShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(addShortcut, &QAction::triggered, this, &ActionsPage::addAction);
    QWidget::addAction(addShortcut);

    setFocusProxy(m_view);
    applyFonts();
    refreshSummary();
}

void ActionsPage::applyFonts()
{
    QFont title = scaled(font(), 1.5);
    title.setBold(true);
    m_title->setFont(title);
    m_summary->setFont(scaled(font(), 1.1));
    m_view->setFont(scaled(font(), 1.2));
    const QFontMetrics fm(m_view->font());
    m_rows->setMinimumLines(1.9);
    QHeaderView *h = m_view->horizontalHeader();
    h->resizeSection(ActionModel::Owner, fm.horizontalAdvance(QStringLiteral("M")) * 12);
    h->resizeSection(ActionModel::Due, fm.horizontalAdvance(QStringLiteral("2026-12-31")) + 48);
    h->resizeSection(ActionModel::Status, fm.horizontalAdvance(QStringLiteral("In progress")) + 40);
    h->resizeSection(ActionModel::Priority, fm.horizontalAdvance(QStringLiteral("Critical")) + 40);
    h->resizeSection(ActionModel::Type, fm.horizontalAdvance(QStringLiteral("Mitigate")) + 40);
    h->resizeSection(ActionModel::Tracker, fm.horizontalAdvance(QStringLiteral("OPS-1234")) + 32);
}

void ActionsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    QWidget::changeEvent(event);
}

void ActionsPage::setSession(Id sessionId)
{
    m_sessionId = sessionId;
    m_model->setSession(sessionId);
    m_add->setEnabled(sessionId != 0);
    refreshSummary();
}

void ActionsPage::refreshSummary()
{
    int incomplete = 0;
    int overdue = 0;
    int open = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ActionItem a = m_model->action(row);
        if (a.status == ActionStatus::Done || a.status == ActionStatus::Dropped)
            continue;
        ++open;
        incomplete += a.isIncomplete() ? 1 : 0;
        overdue += a.isOverdue(m_model->today()) ? 1 : 0;
    }
    QString text = open == 1 ? tr("1 open action") : tr("%1 open actions").arg(open);
    if (incomplete > 0)
        text += QStringLiteral(" · ")
            + (incomplete == 1 ? tr("1 without an owner or a date")
                               : tr("%1 without an owner or a date").arg(incomplete));
    if (overdue > 0)
        text += QStringLiteral(" · ") + tr("%1 overdue").arg(overdue);
    m_summary->setText(m_model->rowCount() == 0
            ? tr("No actions yet. Add one, or create one from a why on the Why chains step.")
            : text);
    m_remove->setEnabled(m_view->selectionModel() && m_view->selectionModel()->hasSelection());
}

Id ActionsPage::currentActionId() const
{
    return m_view->currentIndex().data(ActionModel::IdRole).toLongLong();
}

void ActionsPage::showAction(Id actionId)
{
    const int row = m_model->rowOf(actionId);
    if (row < 0)
        return;
    if (m_incompleteOnly->isChecked() && !m_model->action(row).isIncomplete())
        m_incompleteOnly->setChecked(false);
    const ActionItem a = m_model->action(row);
    const int column = a.owner.trimmed().isEmpty() ? ActionModel::Owner
        : !a.due.isValid()                         ? ActionModel::Due
                                                   : ActionModel::What;
    const QModelIndex i = m_proxy->mapFromSource(m_model->index(row, column));
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    m_view->setFocus();
    m_view->edit(i);
}

void ActionsPage::addAction()
{
    if (m_sessionId == 0)
        return;
    ActionItem item;
    item.sessionId = m_sessionId;
    item.what = tr("New action");
    const Id id = actionedits::addAction(*m_editor, item);
    if (id == 0)
        return;
    // A new action has neither owner nor date: it passes the "incomplete only" filter too.
    const QModelIndex i =
        m_proxy->mapFromSource(m_model->index(m_model->rowOf(id), ActionModel::What));
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    m_view->setFocus();
    m_view->edit(i);
}

void ActionsPage::removeSelected()
{
    QList<Id> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &r : rows)
        ids.append(r.data(ActionModel::IdRole).toLongLong());
    if (ids.isEmpty() && currentActionId() != 0)
        ids.append(currentActionId());
    for (Id id : std::as_const(ids))
        actionedits::removeAction(*m_editor, id);
}

void ActionsPage::setIncompleteOnly(bool on)
{
    if (m_incompleteOnly->isChecked() != on)
        m_incompleteOnly->setChecked(on);
    static_cast<IncompleteFilter *>(m_proxy)->setIncompleteOnly(on);
}

bool ActionsPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Delete && key->modifiers() == Qt::NoModifier) {
            removeSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hindsight

#include "actionspage.moc"
