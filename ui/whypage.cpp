#include "whypage.h"

#include "actionedits.h"
#include "actionmodel.h"
#include "coachhighlighter.h"
#include "editor.h"
#include "textfields.h"
#include "whyedits.h"
#include "whytreemodel.h"
#include "workspace.h"
#include "wraplabel.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTimeZone>
#include <QTimer>
#include <QToolTip>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

namespace {

constexpr double kTreeFontFactor = 1.3;
constexpr double kTitleFontFactor = 1.5;
constexpr double kTextFontFactor = 1.25;
const QColor kRootCauseColour(0x1b, 0x7f, 0x4b);
const QColor kChipColour(0x5a, 0x62, 0x70);

QFont scaled(const QFont &base, double factor)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * factor);
    else if (base.pixelSize() > 0)
        f.setPixelSize(qRound(base.pixelSize() * factor));
    return f;
}

QString chipText(int count, const char *one, const char *many)
{
    return count == 1 ? QCoreApplication::translate("hindsight::WhyPage", one)
                      : QCoreApplication::translate("hindsight::WhyPage", many).arg(count);
}

} // namespace

// Paints a why as its depth label ("Problem", "Why 2"), the text, and chips on the right: a
// coloured "Root cause" badge and counts of evidence and actions. Tab in the editor commits
// and asks the next why, as Tab on a selected node does.
class WhyDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit WhyDelegate(QObject *parent = nullptr)
        : QStyledItemDelegate(parent)
    { }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(qMax(s.height(), int(option.fontMetrics.height() * 1.9)));
        return s;
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QWidget *w = opt.widget;
        QStyle *style = w ? w->style() : QApplication::style();
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group =
            opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QColor textColour =
            opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
        QRect r = opt.rect.adjusted(6, 0, -8, 0);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);

        QFont small = scaled(opt.font, 0.72);
        small.setBold(true);
        const QFontMetrics sfm(small);
        const int chipH = sfm.height() + 6;
        auto chip = [&](const QString &text, const QColor &fill, bool filled, int right) {
            const int width = sfm.horizontalAdvance(text) + 16;
            const QRect c(right - width, r.center().y() - chipH / 2, width, chipH);
            QPainterPath path;
            path.addRoundedRect(QRectF(c).adjusted(0.5, 0.5, -0.5, -0.5), chipH / 2.0, chipH / 2.0);
            painter->setFont(small);
            if (filled) {
                painter->fillPath(path, fill);
                painter->setPen(Qt::white);
            } else {
                painter->setPen(QPen(selected ? textColour : fill, 1.2));
                painter->drawPath(path);
            }
            painter->drawText(c, Qt::AlignCenter, text);
            return c.left() - 6;
        };

        // "Problem" / "Why 3": where in the chain this answer sits.
        const int depth = index.data(WhyTreeModel::DepthRole).toInt();
        const QString label = depth == 0
            ? QCoreApplication::translate("hindsight::WhyPage", "Problem")
            : QCoreApplication::translate("hindsight::WhyPage", "Why %1").arg(depth);
        QFont labelFont = scaled(opt.font, 0.8);
        const QFontMetrics lfm(labelFont);
        const int labelW =
            qMax(lfm.horizontalAdvance(label), lfm.horizontalAdvance(QStringLiteral("Why 88")))
            + 12;

        // Chips, the most telling first. Where a deep row is short of room (a narrow screen),
        // the counts are left out so the answer keeps ten characters; they were drawn over the
        // label and the text instead. The root cause mark stays while it clears the label. The
        // detail beside lists the events and actions.
        struct Chip {
            QString text;
            QColor colour;
            bool filled;
        };
        QList<Chip> chips;
        if (index.data(WhyTreeModel::RootCauseRole).toBool())
            chips.append({QCoreApplication::translate("hindsight::WhyPage", "Root cause"),
                kRootCauseColour, true});
        if (const int evidence = index.data(WhyTreeModel::EvidenceCountRole).toInt())
            chips.append({chipText(evidence, "1 event", "%1 events"), kChipColour, false});
        if (const int actions = index.data(WhyTreeModel::LinkedActionCountRole).toInt())
            chips.append({chipText(actions, "1 action", "%1 actions"), kChipColour, false});
        const int room = r.width() - labelW - 4;
        const int answer = QFontMetrics(opt.font).averageCharWidth() * 10;
        qsizetype shown = 0;
        for (int used = 0; shown < chips.size(); ++shown) {
            used += sfm.horizontalAdvance(chips.at(shown).text) + 16 + 6;
            if (used > (chips.at(shown).filled ? room : room - answer))
                break;
        }
        int right = r.right();
        for (qsizetype i = shown - 1; i >= 0; --i) // from the right edge: the first one leftmost
            right = chip(chips.at(i).text, chips.at(i).colour, chips.at(i).filled, right);

        painter->setFont(labelFont);
        QColor labelColour = textColour;
        labelColour.setAlphaF(0.6f);
        painter->setPen(labelColour);
        painter->drawText(
            QRect(r.left(), r.top(), labelW, r.height()), Qt::AlignVCenter | Qt::AlignLeft, label);

        QFont textFont = opt.font;
        textFont.setBold(depth == 0);
        QString text = index.data(Qt::DisplayRole).toString().simplified();
        QColor colour = textColour;
        if (text.isEmpty()) {
            text = depth == 0
                ? QCoreApplication::translate("hindsight::WhyPage", "What went wrong?")
                : QCoreApplication::translate("hindsight::WhyPage", "Why? Type the answer");
            textFont.setItalic(true);
            colour.setAlphaF(0.5f);
        }
        painter->setFont(textFont);
        painter->setPen(colour);
        const QRect textRect(r.left() + labelW, r.top(), right - r.left() - labelW - 4, r.height());
        painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
            QFontMetrics(textFont).elidedText(text, Qt::ElideRight, textRect.width()));
        painter->restore();
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        ++m_openEditors;
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        acceptAnyLength(qobject_cast<QLineEdit *>(editor));
        return editor;
    }

    void destroyEditor(QWidget *editor, const QModelIndex &index) const override
    {
        --m_openEditors;
        QStyledItemDelegate::destroyEditor(editor, index);
    }

    // While a why is being edited, its Enter reaches the tree too (QLineEdit passes it on):
    // the page must not take it as "ask why".
    bool isEditing() const { return m_openEditors > 0; }

    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        QStyledItemDelegate::updateEditorGeometry(editor, option, index);
        const QFontMetrics lfm(scaled(option.font, 0.8));
        const int labelW = lfm.horizontalAdvance(QStringLiteral("Why 88")) + 12 + 6;
        editor->setGeometry(editor->geometry().adjusted(labelW, 2, -4, -2));
    }

Q_SIGNALS:
    void askNextRequested();

protected:
    bool eventFilter(QObject *object, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress
            && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Tab) {
            auto *editor = qobject_cast<QWidget *>(object);
            if (editor) {
                Q_EMIT commitData(editor);
                Q_EMIT closeEditor(editor, QAbstractItemDelegate::NoHint);
                Q_EMIT askNextRequested();
                return true;
            }
        }
        return QStyledItemDelegate::eventFilter(object, event);
    }

private:
    mutable int m_openEditors = 0;
};

// A list of the session's events to cite, filtered as you type.
class CiteDialog : public QDialog
{
    Q_OBJECT

public:
    CiteDialog(const QList<std::pair<Id, QString>> &events, const QList<Id> &cited, QWidget *parent)
        : QDialog(parent)
    {
        setObjectName(QStringLiteral("citeDialog"));
        setWindowTitle(tr("Cite events as evidence"));
        auto *layout = new QVBoxLayout(this);
        auto *intro =
            new WrapLabel(tr("Pick the timeline events that show this why is true."), this);
        layout->addWidget(intro);
        m_filter = new QLineEdit(this);
        m_filter->setObjectName(QStringLiteral("citeFilter"));
        m_filter->setPlaceholderText(tr("Filter events"));
        m_filter->setClearButtonEnabled(true);
        layout->addWidget(m_filter);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("citeEventList"));
        m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
        m_list->setAlternatingRowColors(true);
        for (const auto &[id, text] : events) {
            auto *item = new QListWidgetItem(text, m_list);
            item->setData(Qt::UserRole, id);
            if (cited.contains(id)) {
                item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
                item->setToolTip(tr("Already cited"));
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
            }
        }
        layout->addWidget(m_list, 1);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Cite"));
        layout->addWidget(buttons);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
        connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
            for (int i = 0; i < m_list->count(); ++i)
                m_list->item(i)->setHidden(
                    !m_list->item(i)->text().contains(text, Qt::CaseInsensitive));
        });
        resize(parent ? parent->width() / 2 : 800, parent ? parent->height() * 2 / 3 : 600);
    }

    QList<Id> selectedIds() const
    {
        QList<Id> ids;
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->isSelected() && !m_list->item(i)->isHidden())
                ids.append(m_list->item(i)->data(Qt::UserRole).toLongLong());
        return ids;
    }

private:
    QLineEdit *m_filter;
    QListWidget *m_list;
};

QString WhyPage::eventIdsMimeType()
{
    return QStringLiteral("application/x-hindsight-event-ids");
}

WhyPage::WhyPage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_model(new WhyTreeModel(editor, this))
    , m_delegate(new WhyDelegate(this))
{
    buildUi();
    connect(editor->workspace(), &Workspace::changed, this, &WhyPage::onChanged);
    // Another process's edits: read the events again when they are next needed.
    connect(editor->workspace(), &Workspace::externallyChanged, this, [this]() {
        m_eventsStale = m_sessionId != 0;
        refreshEvidence();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &WhyPage::onCurrentChanged);
    connect(
        m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parentIndex) {
            // New whys (and subtrees brought back by undo) are always visible.
            if (parentIndex.isValid())
                m_tree->expand(parentIndex);
            m_emptyHint->setVisible(m_model->rowCount() == 0);
        });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this]() {
        m_emptyHint->setVisible(m_sessionId != 0 && m_model->rowCount() == 0);
        onCurrentChanged();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this]() {
        m_tree->expandAll();
        m_emptyHint->setVisible(m_sessionId != 0 && m_model->rowCount() == 0);
        onCurrentChanged();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &from, const QModelIndex &to) {
            const QModelIndex cur = m_tree->currentIndex();
            if (cur.isValid() && cur.parent() == from.parent() && cur.row() >= from.row()
                && cur.row() <= to.row())
                refreshDetail();
        });
    connect(m_delegate, &WhyDelegate::askNextRequested, this, &WhyPage::askWhy);
    refreshDetail();
}

WhyPage::~WhyPage() = default;

void WhyPage::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(12, 12, 12, 12);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("whySplitter"));
    m_splitter->setChildrenCollapsible(false);
    outer->addWidget(m_splitter);

    // Left: the commands and the tree.
    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_commandRows[0] = bar;
    m_newProblem = new QPushButton(tr("New problem statement"), left);
    m_newProblem->setObjectName(QStringLiteral("newProblemButton"));
    m_newProblem->setToolTip(tr("Start a new why chain from something that went wrong"));
    m_askWhy = new QPushButton(tr("Ask why"), left);
    m_askWhy->setObjectName(QStringLiteral("askWhyButton"));
    m_askWhy->setToolTip(tr("Add the next why under the selected one (Enter or Tab)"));
    m_askWhy->setDefault(false);
    m_rootCause = new QPushButton(tr("Root cause"), left);
    m_rootCause->setObjectName(QStringLiteral("rootCauseButton"));
    m_rootCause->setCheckable(true);
    m_rootCause->setToolTip(tr("Mark or unmark the selected why as a root cause (Ctrl+R)"));
    m_delete = new QPushButton(tr("Delete"), left);
    m_delete->setObjectName(QStringLiteral("deleteWhyButton"));
    m_delete->setToolTip(
        tr("Delete the selected why and everything under it (Delete); undo brings it back"));
    bar->addWidget(m_newProblem);
    bar->addWidget(m_askWhy);
    bar->addWidget(m_rootCause);
    bar->addStretch(1);
    bar->addWidget(m_delete);
    leftLayout->addLayout(bar);
    m_commandRows[1] = new QHBoxLayout; // Root cause and Delete, when they wrap
    leftLayout->addLayout(m_commandRows[1]);

    m_tree = new QTreeView(left);
    m_tree->setObjectName(QStringLiteral("whyTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(m_delegate);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAnimated(false);
    m_tree->setIndentation(m_tree->indentation() * 3 / 2);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setAcceptDrops(true);
    m_tree->viewport()->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->installEventFilter(this);
    m_tree->viewport()->installEventFilter(this);
    m_tree->setAccessibleName(tr("Why chains"));
    leftLayout->addWidget(m_tree, 1);
    m_emptyHint = new WrapLabel(
        tr("Start with what went wrong: press \"New problem statement\", type it, then press "
           "Enter to ask why."),
        left);
    m_emptyHint->setObjectName(QStringLiteral("whyEmptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setVisible(false);
    leftLayout->addWidget(m_emptyHint);

    // Right: the current why.
    auto *scroll = new QScrollArea(m_splitter);
    scroll->setObjectName(QStringLiteral("whyDetailScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_detail = new QWidget(scroll);
    m_detail->setObjectName(QStringLiteral("whyDetail"));
    auto *d = new QVBoxLayout(m_detail);
    d->setContentsMargins(16, 0, 4, 0);
    d->setSpacing(10);
    m_detailTitle = new QLabel(m_detail);
    m_detailTitle->setObjectName(QStringLiteral("detailTitle"));
    d->addWidget(m_detailTitle);
    m_chainPath = new WrapLabel(m_detail);
    m_chainPath->setObjectName(QStringLiteral("chainPath"));
    m_chainPath->setTextFormat(Qt::PlainText);
    d->addWidget(m_chainPath);
    m_text = new QPlainTextEdit(m_detail);
    m_text->setObjectName(QStringLiteral("whyText"));
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(tr("Type the answer to \"why?\""));
    m_text->viewport()->installEventFilter(this);
    m_text->installEventFilter(this);
    m_highlighter = new CoachHighlighter(m_text->document());
    d->addWidget(m_text);

    m_chainHint = new WrapLabel(tr("This chain stops at a person. Ask why once more."), m_detail);
    m_chainHint->setObjectName(QStringLiteral("chainHint"));
    m_chainHint->setStyleSheet(
        QStringLiteral("QLabel { background: #e3eefc; color: #123a6b; border-left: 4px solid "
                       "#1f6fd1; padding: 8px; }"));
    m_chainHint->setToolTip(
        tr("People do what made sense to them at the time. Ask what made it make sense: "
           "what they knew, what the tools showed, what was expected of them."));
    d->addWidget(m_chainHint);

    m_coachPanel = new QFrame(m_detail);
    m_coachPanel->setObjectName(QStringLiteral("coachPanel"));
    auto *coachLayout = new QVBoxLayout(m_coachPanel);
    coachLayout->setContentsMargins(0, 0, 0, 0);
    auto *coachTitle = new QLabel(tr("Blameless coach"), m_coachPanel);
    coachTitle->setObjectName(QStringLiteral("coachTitle"));
    coachTitle->setProperty("sectionTitle", true);
    coachLayout->addWidget(coachTitle);
    m_coachRows = new QVBoxLayout;
    coachLayout->addLayout(m_coachRows);
    d->addWidget(m_coachPanel);

    auto *evidenceTitle = new QLabel(tr("Evidence"), m_detail);
    evidenceTitle->setProperty("sectionTitle", true);
    d->addWidget(evidenceTitle);
    m_evidence = new QListWidget(m_detail);
    m_evidence->setObjectName(QStringLiteral("evidenceList"));
    m_evidence->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_evidence->setWordWrap(true);
    m_evidence->setAcceptDrops(true);
    m_evidence->viewport()->setAcceptDrops(true);
    m_evidence->viewport()->installEventFilter(this);
    m_evidence->installEventFilter(this);
    m_evidence->setToolTip(
        tr("Timeline events that show this why is true. Drop events here from the timeline."));
    d->addWidget(m_evidence);
    auto *evidenceBar = new QHBoxLayout;
    m_cite = new QPushButton(tr("Cite event…"), m_detail);
    m_cite->setObjectName(QStringLiteral("citeEventButton"));
    m_cite->setToolTip(tr("Pick timeline events that support this why"));
    m_uncite = new QPushButton(tr("Remove citation"), m_detail);
    m_uncite->setObjectName(QStringLiteral("removeEvidenceButton"));
    evidenceBar->addWidget(m_cite);
    evidenceBar->addWidget(m_uncite);
    evidenceBar->addStretch(1);
    d->addLayout(evidenceBar);

    auto *actionsTitle = new QLabel(tr("Actions"), m_detail);
    actionsTitle->setProperty("sectionTitle", true);
    d->addWidget(actionsTitle);
    m_actions = new QListWidget(m_detail);
    m_actions->setObjectName(QStringLiteral("linkedActionsList"));
    m_actions->setWordWrap(true);
    m_actions->setToolTip(tr("Actions that address this why. Double-click to open one."));
    d->addWidget(m_actions);
    auto *actionBar = new QHBoxLayout;
    m_createAction = new QPushButton(tr("Create action from this why"), m_detail);
    m_createAction->setObjectName(QStringLiteral("createActionButton"));
    m_createAction->setToolTip(
        tr("Add an action that addresses this why and open it on the Actions step"));
    actionBar->addWidget(m_createAction);
    actionBar->addStretch(1);
    d->addLayout(actionBar);
    d->addStretch(1);
    scroll->setWidget(m_detail);

    m_splitter->addWidget(left);
    m_splitter->addWidget(scroll);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    m_textTimer = new QTimer(this);
    m_textTimer->setSingleShot(true);
    m_textTimer->setInterval(700);

    connect(m_newProblem, &QPushButton::clicked, this, &WhyPage::newProblemStatement);
    connect(m_askWhy, &QPushButton::clicked, this, &WhyPage::askWhy);
    connect(m_rootCause, &QPushButton::clicked, this, &WhyPage::toggleRootCause);
    connect(m_delete, &QPushButton::clicked, this, &WhyPage::deleteCurrent);
    connect(m_cite, &QPushButton::clicked, this, &WhyPage::citeEvents);
    connect(m_uncite, &QPushButton::clicked, this, &WhyPage::removeSelectedEvidence);
    connect(m_createAction, &QPushButton::clicked, this, &WhyPage::createActionFromCurrent);
    connect(m_evidence, &QListWidget::itemSelectionChanged, this, &WhyPage::refreshButtons);
    connect(m_actions, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT actionRequested(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_textTimer, &QTimer::timeout, this, &WhyPage::flushText);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this]() {
        if (m_settingText)
            return;
        // The highlighter's re-formatting signals a change too: only a different text counts.
        m_textDirty = m_shownNode != 0
            && m_text->toPlainText() != m_model->node(m_model->indexOf(m_shownNode)).text;
        if (m_textDirty)
            m_textTimer->start();
        refreshCoach();
    });

    auto *rootCauseAction = new QAction(tr("Mark root cause"), this);
    rootCauseAction->setObjectName(QStringLiteral("rootCauseAction"));
    rootCauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    rootCauseAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(rootCauseAction, &QAction::triggered, this, &WhyPage::toggleRootCause);
    addAction(rootCauseAction);

    setFocusProxy(m_tree);
    applyFonts();
}

void WhyPage::applyFonts()
{
    const QFont base = font();
    m_tree->setFont(scaled(base, kTreeFontFactor));
    QFont title = scaled(base, kTitleFontFactor);
    title.setBold(true);
    m_detailTitle->setFont(title);
    m_text->setFont(scaled(base, kTextFontFactor));
    m_chainHint->setFont(scaled(base, 1.1));
    QFont section = scaled(base, 1.1);
    section.setBold(true);
    const auto labels = findChildren<QLabel *>();
    for (QLabel *l : labels)
        if (l->property("sectionTitle").toBool())
            l->setFont(section);
    // About four lines of the larger text: enough for an answer, and the coach stays in view.
    m_text->setFixedHeight(QFontMetrics(m_text->font()).lineSpacing() * 4 + 16);
    // Lists sized for a handful of entries; the panel scrolls when there are more.
    const int row = QFontMetrics(m_evidence->font()).lineSpacing() + 8;
    m_evidence->setFixedHeight(row * 5 + 8);
    m_actions->setFixedHeight(row * 4 + 8);
    placeCommands(); // the buttons' widths follow the font
}

void WhyPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeCommands();
}

void WhyPage::placeCommands()
{
    // Decided on the page's width, which the commands' rows do not change, so placing them
    // cannot make the page resize again.
    const auto *detailScroll = qobject_cast<const QScrollArea *>(m_splitter->widget(1));
    const int detailWidth =
        m_detail->minimumSizeHint().width() + detailScroll->verticalScrollBar()->sizeHint().width();
    int oneRow = 0;
    for (const QPushButton *b : {m_newProblem, m_askWhy, m_rootCause, m_delete})
        oneRow += b->sizeHint().width() + m_commandRows[0]->spacing();
    const QMargins margins = layout()->contentsMargins();
    const int needed =
        margins.left() + oneRow + m_splitter->handleWidth() + detailWidth + margins.right();
    const bool twoRows = width() < needed;
    if (twoRows == m_commandsInTwoRows)
        return;
    m_commandsInTwoRows = twoRows;
    QHBoxLayout *from = m_commandRows[twoRows ? 0 : 1];
    QHBoxLayout *to = m_commandRows[twoRows ? 1 : 0];
    // The first row keeps New problem statement and Ask why; the stretch moves with Delete.
    from->removeWidget(m_rootCause);
    from->removeWidget(m_delete);
    while (from->count() > (twoRows ? 2 : 0))
        delete from->takeAt(from->count() - 1);
    to->addWidget(m_rootCause);
    to->addStretch(1);
    to->addWidget(m_delete);
}

void WhyPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    QWidget::changeEvent(event);
}

void WhyPage::setSession(Id sessionId)
{
    flushText();
    m_sessionId = sessionId;
    m_timeZone.clear();
    if (sessionId != 0)
        if (auto s = m_editor->workspace()->session(sessionId))
            m_timeZone = s->timeZone;
    reloadParticipants();
    // The whole timeline is read only when a user cites or drops events: the evidence list
    // reads its few events itself, and the timeline step has just read the same 10,000 rows.
    m_events.clear();
    m_eventOrder.clear();
    m_eventsStale = sessionId != 0;
    m_model->setSession(sessionId);
    if (m_model->rowCount() > 0 && !m_tree->currentIndex().isValid())
        m_tree->setCurrentIndex(m_model->index(0, 0));
    refreshDetail();
}

Id WhyPage::currentNodeId() const
{
    return m_model->node(m_tree->currentIndex()).id;
}

void WhyPage::setCurrentNode(Id nodeId)
{
    const QModelIndex i = m_model->indexOf(nodeId);
    if (i.isValid()) {
        m_tree->setCurrentIndex(i);
        m_tree->scrollTo(i);
    }
}

void WhyPage::startEditing(Id nodeId)
{
    const QModelIndex i = m_model->indexOf(nodeId);
    if (!i.isValid())
        return;
    m_tree->expand(i.parent());
    m_tree->setCurrentIndex(i);
    m_tree->scrollTo(i);
    m_tree->setFocus();
    m_tree->edit(i);
}

void WhyPage::newProblemStatement()
{
    if (m_sessionId == 0)
        return;
    flushText();
    if (const Id id = whyedits::addWhy(*m_editor, m_sessionId, 0, QString()))
        startEditing(id);
}

void WhyPage::askWhy()
{
    const Id parentId = currentNodeId();
    if (m_sessionId == 0 || parentId == 0)
        return;
    flushText();
    if (const Id id = whyedits::addWhy(*m_editor, m_sessionId, parentId, QString()))
        startEditing(id);
}

void WhyPage::askWhyWith(const QString &text)
{
    const Id parentId = currentNodeId();
    if (m_sessionId == 0 || parentId == 0)
        return;
    flushText();
    if (const Id id = whyedits::addWhy(*m_editor, m_sessionId, parentId, text)) {
        setCurrentNode(id);
        m_text->setFocus();
        m_text->selectAll();
    }
}

void WhyPage::toggleRootCause()
{
    const WhyNode n = m_model->node(m_tree->currentIndex());
    if (n.id == 0)
        return;
    flushText();
    whyedits::setRootCause(*m_editor, n.id, !n.rootCause);
    refreshButtons();
}

void WhyPage::deleteCurrent()
{
    const QModelIndex cur = m_tree->currentIndex();
    const Id id = m_model->node(cur).id;
    if (id == 0)
        return;
    m_textDirty = false; // the text goes with the node
    m_textTimer->stop();
    // After the delete the parent (or the previous sibling) becomes current: keeps the
    // keyboard where the user was.
    const QModelIndex next = cur.row() > 0 ? cur.sibling(cur.row() - 1, 0) : cur.parent();
    const Id nextId = m_model->node(next).id;
    if (whyedits::removeWhy(*m_editor, id) && nextId != 0)
        setCurrentNode(nextId);
}

void WhyPage::citeEvents()
{
    const WhyNode n = m_model->node(m_tree->currentIndex());
    if (n.id == 0)
        return;
    flushText();
    ensureEvents();
    QList<std::pair<Id, QString>> list;
    for (Id e : std::as_const(m_eventOrder))
        list.append({e, eventLine(m_events.value(e))});
    CiteDialog dialog(list, n.evidence, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    whyedits::citeEvents(*m_editor, n.id, dialog.selectedIds());
}

void WhyPage::removeSelectedEvidence()
{
    const WhyNode n = m_model->node(m_tree->currentIndex());
    if (n.id == 0)
        return;
    QList<Id> keep = n.evidence;
    const auto selected = m_evidence->selectedItems();
    for (QListWidgetItem *item : selected)
        keep.removeAll(item->data(Qt::UserRole).toLongLong());
    if (keep.size() != n.evidence.size())
        whyedits::setEvidence(*m_editor, n.id, keep);
}

void WhyPage::createActionFromCurrent()
{
    const Id id = currentNodeId();
    if (id == 0)
        return;
    flushText();
    if (const Id actionId = actionedits::createActionFromWhy(*m_editor, id))
        Q_EMIT actionRequested(actionId);
}

void WhyPage::flushText()
{
    m_textTimer->stop();
    if (!m_textDirty)
        return;
    m_textDirty = false;
    const WhyNode n = m_model->node(m_model->indexOf(m_shownNode));
    if (n.id == 0 || n.text == m_text->toPlainText())
        return;
    // Bursts of typing in one why are one undo step.
    whyedits::setWhyText(*m_editor, n.id, m_text->toPlainText(), true);
}

void WhyPage::onCurrentChanged()
{
    if (m_shownNode != currentNodeId())
        flushText();
    refreshDetail();
}

void WhyPage::refreshDetail()
{
    const QModelIndex cur = m_tree->currentIndex();
    const WhyNode n = m_model->node(cur);
    m_detail->setEnabled(n.id != 0);
    const bool switched = n.id != m_shownNode;
    m_shownNode = n.id;
    if (n.id == 0) {
        m_detailTitle->setText(m_sessionId == 0 ? tr("No session") : tr("No why selected"));
        m_chainPath->clear();
        m_settingText = true;
        m_text->clear();
        m_settingText = false;
    } else {
        const int depth = cur.data(WhyTreeModel::DepthRole).toInt();
        m_detailTitle->setText(depth == 0 ? tr("Problem statement") : tr("Why %1").arg(depth));
        // The chain so far, so the answer is read as the reply to its question.
        QStringList path;
        for (QModelIndex p = cur.parent(); p.isValid(); p = p.parent())
            path.prepend(p.data().toString().simplified());
        m_chainPath->setText(path.isEmpty() ? QString() : tr("Answers: %1").arg(path.last()));
        m_chainPath->setVisible(!path.isEmpty());
        m_highlighter->setChainEnd(cur.data(WhyTreeModel::IsLeafRole).toBool() && depth > 0);
        // Never overwrite what the user is typing; take the stored text otherwise (undo).
        if ((switched || !m_textDirty) && m_text->toPlainText() != n.text) {
            m_settingText = true;
            m_text->setPlainText(n.text);
            m_settingText = false;
            m_textDirty = false;
        }
    }
    refreshCoach();
    refreshEvidence();
    refreshActions();
    refreshButtons();
}

void WhyPage::refreshCoach()
{
    while (QLayoutItem *item = m_coachRows->takeAt(0)) {
        if (QWidget *w = item->widget())
            w->deleteLater();
        delete item;
    }
    const QList<CoachHint> hints = m_shownNode != 0 ? m_highlighter->hints() : QList<CoachHint>();
    bool personAtEnd = false;
    const QString text = m_text->toPlainText();
    for (const CoachHint &h : hints) {
        personAtEnd = personAtEnd || h.category == CoachCategory::PersonState
            || h.category == CoachCategory::PersonAsCause;
        auto *row = new QFrame(m_coachPanel);
        row->setObjectName(QStringLiteral("coachHint"));
        row->setStyleSheet(
            QStringLiteral("#coachHint { background: #fff4e5; border-left: 4px solid #d9481c; }"
                           " QLabel { color: #3b2a1a; }"));
        auto *rowLayout = new QVBoxLayout(row);
        rowLayout->setContentsMargins(10, 6, 10, 6);
        auto *label = new WrapLabel(row);
        label->setTextFormat(Qt::RichText);
        label->setText(
            QStringLiteral("<b>“%1”</b> — %2")
                .arg(text.mid(h.start, h.length).toHtmlEscaped(), h.suggestion.toHtmlEscaped()));
        rowLayout->addWidget(label);
        if (!h.nextQuestion.isEmpty()) {
            auto *ask = new QPushButton(tr("Ask: %1").arg(h.nextQuestion), row);
            ask->setObjectName(QStringLiteral("askSuggestedButton"));
            ask->setToolTip(tr("Add this question as the next why"));
            const QString question = h.nextQuestion;
            connect(ask, &QPushButton::clicked, this, [this, question]() { askWhyWith(question); });
            auto *askRow = new QHBoxLayout;
            askRow->addWidget(ask);
            askRow->addStretch(1);
            rowLayout->addLayout(askRow);
        }
        m_coachRows->addWidget(row);
    }
    if (hints.isEmpty() && m_shownNode != 0) {
        auto *fine =
            new WrapLabel(tr("No blaming words found. Keep asking why until you reach something a "
                             "team can change."),
                m_coachPanel);
        fine->setObjectName(QStringLiteral("coachClear"));
        m_coachRows->addWidget(fine);
    }
    m_chainHint->setVisible(personAtEnd);
}

QString WhyPage::eventLine(const TimelineEvent &e) const
{
    QString when = tr("time unknown");
    if (e.time.isKnown()) {
        QDateTime t = e.time.utc;
        const QTimeZone zone(m_timeZone.toUtf8());
        if (!m_timeZone.isEmpty() && zone.isValid())
            t = t.toTimeZone(zone);
        when = t.toString(e.time.hasSeconds ? QStringLiteral("yyyy-MM-dd HH:mm:ss")
                                            : QStringLiteral("yyyy-MM-dd HH:mm"));
        if (e.time.certainty == TimeCertainty::Approximate)
            when = tr("about %1").arg(when);
    }
    return when + QStringLiteral("  ") + e.text.simplified();
}

void WhyPage::refreshEvidence()
{
    m_evidence->clear();
    const WhyNode n = m_model->node(m_model->indexOf(m_shownNode));
    for (Id e : n.evidence) {
        // The node's few cited events are read one by one until the whole timeline is needed
        // (citing, dropping): reading 10,000 events to show three was a tenth of opening a big
        // session.
        QString line = tr("(event %1)").arg(e);
        if (!m_eventsStale) {
            if (m_events.contains(e))
                line = eventLine(m_events.value(e));
        } else if (auto event = m_editor->workspace()->event(e)) {
            line = eventLine(*event);
        }
        auto *item = new QListWidgetItem(line, m_evidence);
        item->setData(Qt::UserRole, e);
    }
    if (n.id != 0 && n.evidence.isEmpty()) {
        auto *placeholder = new QListWidgetItem(
            tr("No events cited yet. Cite one, or drop events here."), m_evidence);
        placeholder->setFlags(Qt::NoItemFlags);
    }
}

void WhyPage::refreshActions()
{
    m_actions->clear();
    if (m_shownNode == 0)
        return;
    const QList<Id> ids = m_model->linkedActions(m_shownNode);
    for (Id id : ids) {
        auto a = m_editor->workspace()->action(id);
        if (!a)
            continue;
        QString line = a->what;
        if (a->isIncomplete())
            line += QStringLiteral("  —  ") + tr("who does it and by when?");
        else
            line += QStringLiteral("  —  ")
                + tr("%1, due %2").arg(a->owner, a->due.toString(Qt::ISODate));
        line += QStringLiteral("  [") + ActionModel::statusName(a->status) + u']';
        auto *item = new QListWidgetItem(line, m_actions);
        item->setData(Qt::UserRole, id);
        if (a->isIncomplete() || a->isOverdue(QDate::currentDate()))
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    if (ids.isEmpty()) {
        auto *placeholder = new QListWidgetItem(tr("No action addresses this why yet."), m_actions);
        placeholder->setFlags(Qt::NoItemFlags);
    }
}

void WhyPage::refreshButtons()
{
    const WhyNode n = m_model->node(m_tree->currentIndex());
    const bool has = n.id != 0;
    m_newProblem->setEnabled(m_sessionId != 0);
    m_askWhy->setEnabled(has);
    m_rootCause->setEnabled(has);
    m_rootCause->setChecked(n.rootCause);
    m_delete->setEnabled(has);
    m_uncite->setEnabled(has && !m_evidence->selectedItems().isEmpty());
}

void WhyPage::reloadParticipants()
{
    m_participants.clear();
    if (m_sessionId != 0)
        if (auto p = m_editor->workspace()->participants(m_sessionId))
            for (const Participant &x : std::as_const(*p))
                m_participants.append(x.name);
    m_highlighter->setParticipants(m_participants);
}

void WhyPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshEvidence();
}

void WhyPage::ensureEvents() const
{
    if (!m_eventsStale || !isVisible())
        return;
    m_eventsStale = false;
    m_events.clear();
    m_eventOrder.clear();
    auto e = m_editor->workspace()->events(m_sessionId);
    if (!e) {
        m_editor->report(e.error());
        return;
    }
    m_events.reserve(e->size());
    m_eventOrder.reserve(e->size());
    for (const TimelineEvent &x : std::as_const(*e)) {
        m_events.insert(x.id, x);
        m_eventOrder.append(x.id);
    }
}

void WhyPage::updateEvent(const Change &change)
{
    if (m_eventsStale)
        return; // read whole when shown
    m_eventOrder.removeOne(change.id);
    m_events.remove(change.id);
    if (change.type == Change::Type::Removed)
        return;
    auto e = m_editor->workspace()->event(change.id);
    if (!e)
        return; // gone again since: a later change says so
    // Back into timeline order (the workspace's: sort key, then sequence).
    const auto before = [this](Id id, const TimelineEvent &x) {
        const TimelineEvent &y = m_events[id];
        return std::pair(x.sortKey, x.seq) < std::pair(y.sortKey, y.seq);
    };
    const auto at = std::upper_bound(m_eventOrder.cbegin(), m_eventOrder.cend(), *e,
        [&before](const TimelineEvent &x, Id id) { return before(id, x); });
    m_eventOrder.insert(at - m_eventOrder.cbegin(), e->id);
    m_events.insert(e->id, *e);
}

void WhyPage::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    switch (change.entity) {
    case Change::Entity::Participant:
        reloadParticipants();
        refreshCoach();
        break;
    case Change::Entity::Event:
        updateEvent(change);
        refreshEvidence();
        break;
    case Change::Entity::Action: refreshActions(); break;
    case Change::Entity::Session:
        if (change.type == Change::Type::Updated)
            if (auto s = m_editor->workspace()->session(m_sessionId))
                m_timeZone = s->timeZone;
        break;
    default: break;
    }
}

QList<Id> WhyPage::parseEventIds(const QByteArray &bytes) const
{
    ensureEvents();
    QList<Id> ids;
    const QStringList parts = QString::fromUtf8(bytes).split(
        QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
    for (const QString &p : parts) {
        bool ok = false;
        const Id id = p.toLongLong(&ok);
        // Only this session's events: a drag from another window's session is refused.
        if (ok && m_events.contains(id) && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

bool WhyPage::eventFilter(QObject *watched, QEvent *event)
{
    // Filters are installed while the page is being built; until it is, nothing to do.
    if (!m_text || !m_evidence || !m_highlighter)
        return QWidget::eventFilter(watched, event);
    const QEvent::Type type = event->type();
    if (watched == m_tree && type == QEvent::KeyPress && !m_delegate->isEditing()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool plain =
            !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::ShiftModifier));
        if (plain
            && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter
                || key->key() == Qt::Key_Tab)) {
            if (currentNodeId() != 0) {
                askWhy();
                return true;
            }
        } else if (plain && key->key() == Qt::Key_Delete) {
            deleteCurrent();
            return true;
        }
    }
    if (watched == m_text && type == QEvent::FocusOut)
        flushText();
    if (watched == m_text->viewport() && type == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor c = m_text->cursorForPosition(help->pos());
        if (const auto hint = m_highlighter->hintAt(c.position()))
            QToolTip::showText(help->globalPos(), hint->suggestion, m_text->viewport());
        else
            QToolTip::hideText();
        return true;
    }
    // Drops of timeline events: on the evidence list they cite for the current why, on the
    // tree for the why under the pointer.
    const bool evidenceTarget = watched == m_evidence->viewport();
    const bool treeTarget = watched == m_tree->viewport();
    if ((evidenceTarget || treeTarget)
        && (type == QEvent::DragEnter || type == QEvent::DragMove || type == QEvent::Drop)) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QMimeData *mime = drop->mimeData();
        if (!mime || !mime->hasFormat(eventIdsMimeType()))
            return false;
        const Id target = treeTarget ? m_model->node(m_tree->indexAt(drop->position().toPoint())).id
                                     : m_shownNode;
        const QList<Id> ids = parseEventIds(mime->data(eventIdsMimeType()));
        if (target == 0 || ids.isEmpty()) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        if (type == QEvent::Drop)
            whyedits::citeEvents(*m_editor, target, ids);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hindsight

#include "whypage.moc"
