#include "stagepage.h"

#include "editor.h"
#include "fieldreload.h"
#include "participantmodel.h"
#include "sessionedits.h"
#include "textfields.h"
#include "workspace.h"
#include "wraplabel.h"

#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStringListModel>
#include <QTableView>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

namespace {

constexpr qreal kPrimeDirectiveScale = 1.6;
constexpr qreal kHeadingScale = 1.3;
constexpr qreal kRuleScale = 1.15;

// The date edit cannot be empty; its minimum stands for "no date yet".
const QDate kNoDate(1900, 1, 1);

QString effectivePrimeDirective(const Session &s)
{
    return s.primeDirective.trimmed().isEmpty() ? defaultPrimeDirective() : s.primeDirective;
}

// Replaces a line edit's text only when it differs, keeping the cursor where the user had it.
void setLineText(QLineEdit *edit, const QString &text)
{
    if (edit->text() == text)
        return;
    const int pos = edit->cursorPosition();
    edit->setText(text);
    edit->setCursorPosition(std::min(pos, int(text.size())));
}

void setPlainText(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() == text)
        return;
    const int pos = edit->textCursor().position();
    edit->setPlainText(text);
    QTextCursor c = edit->textCursor();
    c.setPosition(std::min(pos, int(text.size())));
    edit->setTextCursor(c);
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setAccessibleName(text);
    return label;
}

// Invalidates a layout and all it holds, as Qt does before it lays out (QLayout::activate()):
// each keeps the sizes it worked out until told, and a measure taken at once would be stale.
void invalidateAll(QLayoutItem *item)
{
    item->invalidate();
    if (QLayout *layout = item->layout()) {
        for (int i = 0; QLayoutItem *child = layout->itemAt(i); ++i)
            invalidateAll(child);
    }
}

// A scroll area that is not made narrower than what it holds: a plain QScrollArea let the layout
// squeeze it below its content's minimum width, and with the horizontal bar off the ends of
// the ground rules and of the Prime Directive's buttons were cut off in a 1400-px window (seen
// on a screenshot). The claim is capped at a third of the screen, so that at the largest zoom
// the window does not grow past the screen: a horizontal bar appears instead.
class ColumnScrollArea : public QScrollArea
{
public:
    using QScrollArea::QScrollArea;
    QSize minimumSizeHint() const override
    {
        QSize size = QScrollArea::minimumSizeHint();
        if (!widget())
            return size;
        int content = widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width()
            + 2 * frameWidth();
        if (const QScreen *s = screen())
            content = std::min(content, s->availableGeometry().width() / 3);
        size.setWidth(std::max(size.width(), content));
        return size;
    }
};

} // namespace

QFont scaledFont(const QFont &base, qreal factor)
{
    QFont f = base;
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * factor);
    else if (base.pixelSize() > 0)
        f.setPixelSize(qRound(base.pixelSize() * factor));
    return f;
}

void fillTimeZoneCombo(QComboBox *combo, const QString &noneText)
{
    combo->clear();
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    // Not sized to the longest name: at the largest zoom "America/Argentina/ComodRivadavia"
    // alone made the stage form 1,332 px wide. Where it stretches, most names show whole; at
    // its narrowest (12 characters, a 1024 px projector) the field scrolls the name.
    combo->setMinimumContentsLength(12);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    const auto item = [](const QString &text, const QString &zone) {
        auto *i = new QStandardItem(text);
        i->setData(zone, Qt::UserRole);
        return i;
    };
    const QList<QByteArray> ids = QTimeZone::availableTimeZoneIds();
    QList<QStandardItem *> items;
    items.reserve(ids.size() + 1);
    items.append(item(noneText, QString()));
    for (const QByteArray &id : ids) {
        const QString zone = QString::fromLatin1(id);
        // "America/New_York" reads better without the underscore; the data keeps the id.
        items.append(item(QString(zone).replace(u'_', u' '), zone));
    }
    // One insertion of all ~600 rows: with addItem() the combo updated itself after each, 5 M
    // instructions of the start-up (callgrind). QComboBox's own model is a QStandardItemModel.
    auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    Q_ASSERT(model);
    model->invisibleRootItem()->appendRows(items);
    combo->completer()->setFilterMode(Qt::MatchContains);
    combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    combo->setMaxVisibleItems(16);
    // A half-typed name that matches nothing must not stay in the box looking chosen.
    QObject::connect(combo->lineEdit(), &QLineEdit::editingFinished, combo, [combo]() {
        if (combo->currentText() != combo->itemText(combo->currentIndex()))
            combo->setEditText(combo->itemText(combo->currentIndex()));
        if (!combo->lineEdit()->hasFocus()) // left, not Enter
            combo->lineEdit()->setCursorPosition(0);
    });
    // A name set by the program (a session opened, its zone changed elsewhere) leaves the
    // cursor at its end, and a field narrower than the name then showed only its end
    // ("msterdam (session)"): its start says more. Typing keeps the cursor where it is.
    QObject::connect(combo->lineEdit(), &QLineEdit::textChanged, combo, [combo]() {
        if (!combo->lineEdit()->hasFocus())
            combo->lineEdit()->setCursorPosition(0);
    });
}

void selectTimeZone(QComboBox *combo, const QString &zone)
{
    int index = zone.isEmpty() ? 0 : combo->findData(zone);
    if (index < 0) {
        combo->insertItem(1, zone, zone);
        index = 1;
    }
    combo->setCurrentIndex(index);
}

StagePage::~StagePage()
{
    // QWidget's destructor hides the children, and a focused field then emits
    // editingFinished; by that time this is no longer a StagePage, so stop listening first.
    const auto widgets = findChildren<QWidget *>();
    for (QWidget *w : widgets)
        w->disconnect(this);
}

StagePage::StagePage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_participants(new ParticipantModel(editor, this))
    , m_sortedParticipants(new ParticipantSortModel(this))
{
    m_sortedParticipants->setSourceModel(m_participants);
    buildUi();
    applyFonts();
    measureForm();
    Workspace *ws = editor->workspace();
    connect(ws, &Workspace::changed, this, &StagePage::onChanged);
    connect(ws, &Workspace::externallyChanged, this, &StagePage::mergeExternalChanges);
    connect(m_participants, &ParticipantModel::departmentsChanged, this,
        &StagePage::updateDepartmentSummary);
    connect(m_participants, &ParticipantModel::departmentsChanged, this,
        &StagePage::updateDepartmentCompletions);
    setSession(0);
}

void StagePage::buildUi()
{
    auto *layout = new QHBoxLayout(this);
    layout->setSpacing(32);

    // At presentation sizes the directive and the rules can be taller than the screen: the
    // left column scrolls rather than squeezing the text until it is cut off.
    auto *scroll = new ColumnScrollArea(this);
    scroll->setObjectName(QStringLiteral("stageLeftScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded); // see ColumnScrollArea
    auto *leftWidget = new QWidget(scroll);
    auto *left = new QVBoxLayout(leftWidget);
    left->setContentsMargins(0, 0, 8, 0);
    left->setSpacing(24);
    left->addWidget(buildPrimeDirective());
    left->addWidget(buildRules());
    left->addStretch(1);
    scroll->setWidget(leftWidget);
    layout->addWidget(scroll, 1);

    auto *right = new QVBoxLayout;
    right->setSpacing(10);
    buildIncidentForm(right);
    right->addSpacing(12);
    buildParticipants(right);
    layout->addLayout(right, 1);
}

QWidget *StagePage::buildPrimeDirective()
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("primeDirectiveCard"));
    card->setFrameShape(QFrame::NoFrame);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::AlternateBase);
    // An accent bar on the left marks the card as the thing to read out loud. A palette role
    // rather than a style sheet: style sheets stop children from following the zoomed font.
    auto *outer = new QHBoxLayout(card);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    auto *accent = new QFrame(card);
    accent->setFixedWidth(8);
    accent->setAutoFillBackground(true);
    accent->setBackgroundRole(QPalette::Highlight);
    outer->addWidget(accent);
    auto *layout = new QVBoxLayout;
    layout->setContentsMargins(28, 20, 28, 24);
    layout->setSpacing(12);
    outer->addLayout(layout, 1);

    m_primeDirectiveHeading = heading(tr("The Prime Directive"), card);
    m_headings.append(m_primeDirectiveHeading);
    layout->addWidget(m_primeDirectiveHeading);
    m_editPrimeDirective = new QPushButton(tr("Edit"), card);
    m_editPrimeDirective->setObjectName(QStringLiteral("editPrimeDirectiveButton"));
    m_editPrimeDirective->setCheckable(true);
    m_editPrimeDirective->setToolTip(tr("Change the wording for this session"));
    // Short: the buttons' row sets how narrow the column can be (the tooltip says the rest).
    m_resetPrimeDirective = new QPushButton(tr("Reset"), card);
    m_resetPrimeDirective->setObjectName(QStringLiteral("resetPrimeDirectiveButton"));
    m_resetPrimeDirective->setToolTip(tr("Use Norm Kerth's original wording again"));

    m_primeDirectiveStack = new QStackedWidget(card);
    m_primeDirectiveLabel = new WrapLabel(card);
    m_primeDirectiveLabel->setObjectName(QStringLiteral("primeDirectiveLabel"));
    m_primeDirectiveLabel->setTextFormat(Qt::PlainText);
    m_primeDirectiveLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_primeDirectiveLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_primeDirectiveEdit = new QPlainTextEdit(card);
    m_primeDirectiveEdit->setObjectName(QStringLiteral("primeDirectiveEdit"));
    m_primeDirectiveEdit->setTabChangesFocus(true);
    m_primeDirectiveEdit->setAccessibleName(tr("Prime Directive"));
    m_primeDirectiveStack->addWidget(m_primeDirectiveLabel);
    m_primeDirectiveStack->addWidget(m_primeDirectiveEdit);
    layout->addWidget(m_primeDirectiveStack);
    // The buttons go under the text, so a narrow column wraps the text instead of cutting it.
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_editPrimeDirective);
    buttons->addWidget(m_resetPrimeDirective);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    connect(
        m_editPrimeDirective, &QPushButton::toggled, this, &StagePage::setPrimeDirectiveEditing);
    connect(m_resetPrimeDirective, &QPushButton::clicked, this, &StagePage::resetPrimeDirective);
    connect(m_primeDirectiveEdit, &QPlainTextEdit::textChanged, this, [this]() {
        const QString text = m_primeDirectiveEdit->toPlainText();
        m_primeDirectiveLabel->setText(text.trimmed().isEmpty() ? defaultPrimeDirective() : text);
        save([text](Session &s) { s.primeDirective = text; }, sessionedits::kMergePrimeDirective,
            tr("Edit the Prime Directive"));
    });
    return card;
}

QWidget *StagePage::buildRules()
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    auto *title = heading(tr("Ground rules"), box);
    m_headings.append(title);
    layout->addWidget(title);

    // From the method (METHOD.md): the few rules a facilitator reads out before starting.
    const std::pair<QString, QString> rules[] = {
        {tr("Focus on events, not people."),
            tr("Ask what happened and what made it possible, not who did it.")},
        {tr("This is not a performance review."),
            tr("What is said here is taken as true and never used against anyone.")},
        {tr("Ask \u201cwhy?\u201d until the answer is about the system."),
            tr("Not \u201cthey were tired\u201d but \u201cwhy were they tired?\u201d: process, "
               "tooling, incentives, information.")},
        {tr("Use frequencies, not probabilities."),
            tr("\u201cIn 3 of 10 deploys like this\u201d is easier to judge than \u201c30 % "
               "likely\u201d.")},
        {tr("Don\u2019t list everything that could have been done."),
            tr("Counterfactuals breed blame: look at what people knew at the time.")},
    };
    // Plain-text labels, a bold one for the rule and one for its detail: as rich text each was
    // a QTextDocument laid out again for every width the layout tried, a fifth of the start-up.
    int number = 1;
    for (const auto &[lead, detail] : rules) {
        auto *rule = new WrapLabel(QStringLiteral("%1.\u00a0%2").arg(number).arg(lead), box);
        rule->setObjectName(QStringLiteral("rule%1Label").arg(number));
        auto *explanation = new WrapLabel(detail, box);
        for (QLabel *label : {rule, explanation}) {
            label->setTextFormat(Qt::PlainText);
            m_ruleLabels.append(label);
        }
        rule->setProperty("ruleLead", true);
        auto *pair = new QVBoxLayout;
        pair->setSpacing(0);
        pair->addWidget(rule);
        pair->addWidget(explanation);
        layout->addLayout(pair);
        ++number;
    }
    return box;
}

// The form and the participants go straight into the page's right column, not into widgets or
// layouts of their own: a column gives what wraps text its whole preferred height for the width
// (QBoxLayout::setGeometry()), a box's text fields' and table's too, and squeezed the form's
// fields below their height to give it.
void StagePage::buildIncidentForm(QVBoxLayout *outer)
{
    m_incidentHeading = heading(tr("Incident"), this);
    m_headings.append(m_incidentHeading);
    outer->addWidget(m_incidentHeading);
    auto *grid = new QGridLayout;
    outer->addLayout(grid);
    grid->setHorizontalSpacing(16);
    grid->setVerticalSpacing(10);

    const auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    acceptAnyLength(m_title);
    m_title->setPlaceholderText(tr("What happened, in a few words"));
    m_title->setClearButtonEnabled(false);
    m_titleHint = new WrapLabel(
        tr("A session needs a title; the last one is kept until you type one."), this);
    m_titleHint->setObjectName(QStringLiteral("titleHint"));
    m_titleHint->setForegroundRole(QPalette::Link);
    m_titleHint->hide();

    m_date = new QDateEdit(this);
    m_date->setObjectName(QStringLiteral("dateEdit"));
    m_date->setCalendarPopup(true);
    m_date->setMinimumDate(kNoDate);
    m_date->setSpecialValueText(tr("No date"));
    m_date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_date->setToolTip(tr("When the incident happened"));

    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("severityCombo"));
    m_severity->setEditable(true);
    m_severity->setInsertPolicy(QComboBox::NoInsert);
    m_severity->addItems({QStringLiteral("SEV-1"), QStringLiteral("SEV-2"), QStringLiteral("SEV-3"),
        QStringLiteral("SEV-4")});
    m_severity->setToolTip(tr("Pick a level or type your team's own name for it"));

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusCombo"));
    m_status->addItem(tr("Draft"), int(SessionStatus::Draft));
    m_status->addItem(tr("In review"), int(SessionStatus::InReview));
    m_status->addItem(tr("Published"), int(SessionStatus::Published));

    m_timeZone = new QComboBox(this);
    m_timeZone->setObjectName(QStringLiteral("timeZoneCombo"));
    fillTimeZoneCombo(m_timeZone, tr("UTC (no zone set)"));
    m_timeZone->setToolTip(tr("The zone times are shown in; type part of a city to search"));

    m_facilitator = new QLineEdit(this);
    m_facilitator->setObjectName(QStringLiteral("facilitatorEdit"));
    acceptAnyLength(m_facilitator);
    m_facilitator->setPlaceholderText(tr("Who leads this meeting"));

    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("summaryEdit"));
    m_summary->setPlaceholderText(tr("What happened, in two or three sentences"));
    m_summary->setTabChangesFocus(true);
    m_impact = new QPlainTextEdit(this);
    m_impact->setObjectName(QStringLiteral("impactEdit"));
    m_impact->setPlaceholderText(tr("Who noticed what, for how long, how many were affected"));
    m_impact->setTabChangesFocus(true);

    m_severityLabel = label(tr("&Severity"), m_severity);
    m_formLabels = {label(tr("&Title"), m_title), label(tr("&Date"), m_date), m_severityLabel,
        label(tr("St&atus"), m_status), label(tr("Time &zone"), m_timeZone),
        label(tr("&Facilitator"), m_facilitator)};
    m_form = grid;
    placeFormFields(true);
    // Summary and impact side by side, each as wide as half the form.
    auto *texts = new QHBoxLayout;
    texts->setSpacing(16);
    for (const auto &[text, edit] :
        {std::pair {tr("Su&mmary"), m_summary}, std::pair {tr("&Impact"), m_impact}}) {
        auto *column = new QVBoxLayout;
        column->setSpacing(4);
        QLabel *caption = label(text, edit);
        m_incidentTexts.append({caption, edit});
        column->addWidget(caption);
        column->addWidget(edit);
        texts->addLayout(column, 1);
    }
    outer->addLayout(texts);

    connect(m_title, &QLineEdit::textEdited, this, [this](const QString &text) {
        // An empty title cannot be stored; keep the last one until a new one is typed.
        const bool empty = text.trimmed().isEmpty();
        m_titleHint->setVisible(empty);
        if (!empty)
            save([text](Session &s) { s.title = text; }, sessionedits::kMergeTitle,
                tr("Edit title"));
    });
    connect(m_title, &QLineEdit::editingFinished, this, [this]() {
        if (m_title->text().trimmed().isEmpty() && m_sessionId != 0) {
            m_title->setText(m_session.title);
            m_titleHint->hide();
        }
    });
    connect(m_date, &QDateEdit::dateChanged, this, [this](QDate date) {
        save([date](Session &s) { s.date = date == kNoDate ? QDate() : date; },
            sessionedits::kMergeDate, tr("Change date"));
    });
    connect(m_severity, &QComboBox::currentTextChanged, this, [this](const QString &text) {
        save([text](Session &s) { s.severity = text; }, sessionedits::kMergeSeverity,
            tr("Change severity"));
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this](int index) {
        const auto status = SessionStatus(m_status->itemData(index).toInt());
        save([status](Session &s) { s.status = status; }, sessionedits::kMergeStatus,
            tr("Change status"));
    });
    connect(m_timeZone, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < 0)
            return;
        const QString zone = m_timeZone->itemData(index).toString();
        save([zone](Session &s) { s.timeZone = zone; }, sessionedits::kMergeTimeZone,
            tr("Change time zone"));
    });
    connect(m_facilitator, &QLineEdit::textEdited, this, [this](const QString &text) {
        save([text](Session &s) { s.facilitator = text; }, sessionedits::kMergeFacilitator,
            tr("Edit facilitator"));
    });
    connect(m_summary, &QPlainTextEdit::textChanged, this, [this]() {
        const QString text = m_summary->toPlainText();
        save([text](Session &s) { s.summary = text; }, sessionedits::kMergeSummary,
            tr("Edit summary"));
    });
    connect(m_impact, &QPlainTextEdit::textChanged, this, [this]() {
        const QString text = m_impact->toPlainText();
        save(
            [text](Session &s) { s.impact = text; }, sessionedits::kMergeImpact, tr("Edit impact"));
    });
}

// Two short fields a row where the page has room for them, one a row where it has not (the
// page beside the sidebar on a 1024 px projector, or zoomed in): two a row the form needed 460
// px, one a row it is taller, and a 768 px high laptop screen then had to scroll the page.
void StagePage::placeFormFields(bool wide)
{
    QLabel *titleLabel = m_formLabels[0], *dateLabel = m_formLabels[1];
    QLabel *severityLabel = m_formLabels[2], *statusLabel = m_formLabels[3];
    QLabel *zoneLabel = m_formLabels[4], *facilitatorLabel = m_formLabels[5];
    const QList<QWidget *> fields {
        m_title, m_titleHint, m_date, m_severity, m_status, m_timeZone, m_facilitator};
    for (QWidget *w : fields)
        m_form->removeWidget(w);
    for (QLabel *l : std::as_const(m_formLabels))
        m_form->removeWidget(l);
    const int span = wide ? 3 : 1;
    m_form->addWidget(titleLabel, 0, 0);
    m_form->addWidget(m_title, 0, 1, 1, span);
    m_form->addWidget(m_titleHint, 1, 1, 1, span);
    if (wide) {
        m_form->addWidget(dateLabel, 2, 0);
        m_form->addWidget(m_date, 2, 1);
        m_form->addWidget(severityLabel, 2, 2);
        m_form->addWidget(m_severity, 2, 3);
        m_form->addWidget(statusLabel, 3, 0);
        m_form->addWidget(m_status, 3, 1);
        m_form->addWidget(zoneLabel, 3, 2);
        m_form->addWidget(m_timeZone, 3, 3);
        m_form->addWidget(facilitatorLabel, 4, 0);
        m_form->addWidget(m_facilitator, 4, 1, 1, span);
    } else {
        // The short ones as wide as their content, the zone's names as wide as there is room.
        m_form->addWidget(dateLabel, 2, 0);
        m_form->addWidget(m_date, 2, 1, Qt::AlignLeft);
        m_form->addWidget(severityLabel, 3, 0);
        m_form->addWidget(m_severity, 3, 1, Qt::AlignLeft);
        m_form->addWidget(statusLabel, 4, 0);
        m_form->addWidget(m_status, 4, 1, Qt::AlignLeft);
        m_form->addWidget(zoneLabel, 5, 0);
        m_form->addWidget(m_timeZone, 5, 1);
        m_form->addWidget(facilitatorLabel, 6, 0);
        m_form->addWidget(m_facilitator, 6, 1);
    }
    m_form->setColumnStretch(1, 1);
    m_form->setColumnStretch(3, wide ? 1 : 0);
    m_formWide = wide;
    // The layouts above the form keep the sizes they worked out until told; measureForm()
    // reads them at once, before Qt would lay out again.
    invalidateAll(layout());
}

void StagePage::measureForm()
{
    ensurePolished(); // the style sets the fields' sizes
    const bool wide = m_formWide;
    placeFormFields(false);
    m_narrowWidth = layout()->minimumSize().width();
    placeFormFields(true);
    m_wideWidth = layout()->minimumSize().width();
    placeFormFields(wide);
    updateGeometry();
}

void StagePage::fitFormToWidth()
{
    const bool wide = width() >= m_wideWidth;
    if (wide != m_formWide) {
        placeFormFields(wide);
        updateGeometry();
    }
}

QSize StagePage::minimumSizeHint() const
{
    // As narrow as the form one field a row allows, whichever way it shows now: the page is
    // never given less, and with less room than two a row need it switches (resizeEvent()).
    QSize size = QWidget::minimumSizeHint();
    if (m_narrowWidth > 0)
        size.setWidth(std::min(size.width(), m_narrowWidth));
    return size;
}

void StagePage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitFormToWidth();
}

void StagePage::buildParticipants(QVBoxLayout *layout)
{
    auto *title = heading(tr("Who is here"), this);
    m_headings.append(title);
    layout->addWidget(title);

    auto *hint = new WrapLabel(tr("Bring together people from all affected departments."), this);
    layout->addWidget(hint);

    auto *add = new QHBoxLayout;
    m_newName = new QLineEdit(this);
    m_newName->setObjectName(QStringLiteral("participantNameEdit"));
    m_newName->setPlaceholderText(tr("Name"));
    m_newName->setAccessibleName(tr("New participant's name"));
    m_newDepartment = new QLineEdit(this);
    m_newDepartment->setObjectName(QStringLiteral("participantDepartmentEdit"));
    m_newDepartment->setPlaceholderText(tr("Department"));
    m_newDepartment->setAccessibleName(tr("New participant's department"));
    m_departmentList = new QStringListModel(this);
    auto *completer = new QCompleter(m_departmentList, m_newDepartment);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_newDepartment->setCompleter(completer);
    m_newRole = new QLineEdit(this);
    m_newRole->setObjectName(QStringLiteral("participantRoleEdit"));
    m_newRole->setPlaceholderText(tr("Role (optional)"));
    m_newRole->setAccessibleName(tr("New participant's role"));
    m_addParticipant = new QPushButton(tr("Add"), this);
    m_addParticipant->setObjectName(QStringLiteral("addParticipantButton"));
    m_addParticipant->setToolTip(tr("Add this person (Enter)"));
    add->addWidget(m_newName, 3);
    add->addWidget(m_newDepartment, 3);
    add->addWidget(m_newRole, 2);
    add->addWidget(m_addParticipant);
    layout->addLayout(add);

    m_participantTable = new QTableView(this);
    m_participantTable->setObjectName(QStringLiteral("participantTable"));
    m_participantTable->setModel(m_sortedParticipants);
    m_participantTable->setSortingEnabled(false);
    m_sortedParticipants->sort(0);
    m_participantTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_participantTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_participantTable->setEditTriggers(QAbstractItemView::DoubleClicked
        | QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_participantTable->setAlternatingRowColors(true);
    m_participantTable->verticalHeader()->hide();
    m_participantTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_participantTable->horizontalHeader()->setHighlightSections(false);
    m_participantTable->setWordWrap(false);
    m_participantTable->setToolTip(tr("Double-click or F2 to edit; Delete removes"));
    layout->addWidget(m_participantTable, 1);

    auto *bottom = new QHBoxLayout;
    m_departmentSummary = new WrapLabel(this);
    m_departmentSummary->setObjectName(QStringLiteral("departmentSummaryLabel"));
    m_departmentSummary->setTextFormat(Qt::PlainText);
    m_removeParticipant = new QPushButton(tr("Remove"), this);
    m_removeParticipant->setObjectName(QStringLiteral("removeParticipantButton"));
    m_removeParticipant->setToolTip(tr("Remove the selected people (Delete)"));
    m_removeParticipant->setEnabled(false);
    bottom->addWidget(m_departmentSummary, 1);
    bottom->addWidget(m_removeParticipant);
    layout->addLayout(bottom);

    auto *removeAction = new QAction(tr("Remove participant"), m_participantTable);
    removeAction->setShortcuts(
        {QKeySequence(QKeySequence::Delete), QKeySequence(Qt::Key_Backspace)});
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    m_participantTable->addAction(removeAction);

    connect(m_newName, &QLineEdit::returnPressed, this, &StagePage::addParticipantFromLine);
    connect(m_newDepartment, &QLineEdit::returnPressed, this, &StagePage::addParticipantFromLine);
    connect(m_newRole, &QLineEdit::returnPressed, this, &StagePage::addParticipantFromLine);
    connect(m_addParticipant, &QPushButton::clicked, this, &StagePage::addParticipantFromLine);
    connect(removeAction, &QAction::triggered, this, &StagePage::removeSelectedParticipants);
    connect(
        m_removeParticipant, &QPushButton::clicked, this, &StagePage::removeSelectedParticipants);
    connect(m_participantTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this]() {
            m_removeParticipant->setEnabled(m_participantTable->selectionModel()->hasSelection());
        });
}

void StagePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Zoom changes the page's font; the derived sizes follow it.
    if (event->type() == QEvent::FontChange) {
        applyFonts();
        // Measured once the fields have their new font too: they get it after the page.
        QMetaObject::invokeMethod(
            this,
            [this] {
                measureForm();
                fitFormToWidth();
            },
            Qt::QueuedConnection);
    }
}

void StagePage::applyFonts()
{
    const QFont base = font();
    QFont pd = scaledFont(base, kPrimeDirectiveScale);
    pd.setFamilies(
        {QStringLiteral("Noto Serif"), QStringLiteral("DejaVu Serif"), QStringLiteral("serif")});
    pd.setStyleHint(QFont::Serif);
    m_primeDirectiveLabel->setFont(pd);
    m_primeDirectiveEdit->setFont(pd);
    QFont h = scaledFont(base, kHeadingScale);
    h.setBold(true);
    for (QLabel *l : std::as_const(m_headings))
        l->setFont(h);
    QFont detail = scaledFont(base, kRuleScale);
    QFont lead = detail;
    lead.setBold(true);
    for (QLabel *l : std::as_const(m_ruleLabels))
        l->setFont(l->property("ruleLead").toBool() ? lead : detail);
    // Four lines of the multi-line fields fit without scrolling.
    const int lines = QFontMetrics(base).lineSpacing() * 4 + 2 * m_summary->frameWidth() + 8;
    m_summary->setFixedHeight(lines);
    // Rows sized from the font, so zooming keeps them airy but not padded.
    m_participantTable->verticalHeader()->setDefaultSectionSize(
        qRound(QFontMetrics(base).lineSpacing() * 1.6));
    m_impact->setFixedHeight(lines);
    // The left column's minimum width follows its fonts (ColumnScrollArea).
    if (auto *scroll = findChild<QScrollArea *>(QStringLiteral("stageLeftScroll")))
        scroll->updateGeometry();
}

void StagePage::setSession(Id sessionId)
{
    m_sessionId = sessionId;
    m_participants->setSession(sessionId);
    m_workspaceDepartments.clear();
    // Departments used in other sessions too, so "Payments" is spelt the same everywhere.
    if (sessionId != 0) {
        if (auto departments = m_editor->workspace()->departments())
            m_workspaceDepartments = *departments;
    }
    updateDepartmentCompletions();
    m_editPrimeDirective->setChecked(false);
    m_incidentTextsDecided = false;
    reloadSession();
}

void StagePage::reloadSession()
{
    const bool has = m_sessionId != 0;
    setEnabled(has);
    if (!has) {
        load(Session {});
        return;
    }
    auto s = m_editor->workspace()->session(m_sessionId);
    if (!s) {
        m_editor->report(s.error());
        return;
    }
    load(*s);
}

void StagePage::mergeExternalChanges()
{
    if (m_sessionId == 0)
        return;
    auto s = m_editor->workspace()->session(m_sessionId);
    if (!s) {
        if (s.error().code == ErrorCode::NotFound)
            setSession(0); // deleted in another window
        else
            m_editor->report(s.error()); // a busy file: the next poll tries again
        return;
    }
    load(*s, true);
}

void StagePage::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId
        || change.entity != Change::Entity::Session)
        return;
    if (change.type == Change::Type::Removed)
        setSession(0);
    else
        reloadSession();
}

void StagePage::load(const Session &session, bool keepTyping)
{
    m_session = session;
    // Loading must never save: every field's change signal is ignored meanwhile.
    m_loading = true;
    // Another process's change leaves the field the user is typing in alone (fieldreload.h).
    auto keep = [keepTyping](const auto *field) { return keepTyping && isBeingEdited(field); };
    // The workspace trims titles: "Outage " typed with a trailing space is stored as "Outage",
    // and replacing the field's text would eat the space the user just typed.
    if (!keep(m_title)) {
        if (m_title->text().trimmed() != session.title
            && !(session.title.isEmpty() && m_title->text().isEmpty()))
            setLineText(m_title, session.title);
        m_titleHint->hide();
    }
    m_date->setDate(session.date.isValid() ? session.date : kNoDate);
    if (!keep(m_severity->lineEdit()) && m_severity->currentText() != session.severity)
        m_severity->setCurrentText(session.severity);
    m_status->setCurrentIndex(std::max(0, m_status->findData(int(session.status))));
    if (!keep(m_timeZone->lineEdit()))
        selectTimeZone(m_timeZone, session.timeZone);
    if (!keep(m_facilitator))
        setLineText(m_facilitator, session.facilitator);
    if (!keep(m_summary))
        setPlainText(m_summary, session.summary);
    if (!keep(m_impact))
        setPlainText(m_impact, session.impact);
    const QString pd = effectivePrimeDirective(session);
    // An empty directive means the standard text; but while someone is clearing the field to
    // write their own, putting the standard text back under their cursor would fight them.
    const QString shown = m_primeDirectiveEdit->toPlainText();
    if (keep(m_primeDirectiveEdit)) {
        // The label shows what is being typed (as the field's own handler does).
    } else if (!session.primeDirective.trimmed().isEmpty()) {
        setPlainText(m_primeDirectiveEdit, session.primeDirective);
        m_primeDirectiveLabel->setText(pd);
    } else {
        if (!(m_primeDirectiveEdit->hasFocus() && shown.trimmed().isEmpty()))
            setPlainText(m_primeDirectiveEdit, pd);
        m_primeDirectiveLabel->setText(pd);
    }
    m_resetPrimeDirective->setEnabled(pd != defaultPrimeDirective());

    const bool pre = session.kind == SessionKind::PreMortem;
    m_incidentHeading->setText(pre ? tr("Session") : tr("Incident"));
    m_severity->setVisible(!pre);
    m_severityLabel->setVisible(!pre);
    // A pre-mortem has no incident: what happened and its impact belong to post-mortems (the
    // pre-mortem's story is its catastrophe, on its own step), and its report leaves them out,
    // so a summary typed there was kept but never shown. They are left out of its form unless
    // they already hold text. Decided once a session, so a field does not vanish as it empties.
    if (!m_incidentTextsDecided && session.id != 0) {
        const bool wanted =
            !pre || !session.summary.trimmed().isEmpty() || !session.impact.trimmed().isEmpty();
        for (QWidget *w : std::as_const(m_incidentTexts))
            w->setVisible(wanted);
        m_incidentTextsDecided = true;
    }
    m_loading = false;
}

bool StagePage::save(const std::function<void(Session &)> &change, int mergeId, const QString &text)
{
    if (m_loading || m_sessionId == 0)
        return false;
    return sessionedits::editSession(*m_editor, m_sessionId, change, mergeId, text);
}

void StagePage::setPrimeDirectiveEditing(bool editing)
{
    m_primeDirectiveStack->setCurrentWidget(
        editing ? static_cast<QWidget *>(m_primeDirectiveEdit) : m_primeDirectiveLabel);
    m_editPrimeDirective->setText(editing ? tr("Done") : tr("Edit"));
    if (editing) {
        m_primeDirectiveEdit->setFocus();
        m_primeDirectiveEdit->moveCursor(QTextCursor::End);
    }
}

void StagePage::resetPrimeDirective()
{
    if (save([](Session &s) { s.primeDirective = defaultPrimeDirective(); }, -1,
            tr("Reset the Prime Directive")))
        m_editPrimeDirective->setChecked(false);
}

void StagePage::addParticipantFromLine()
{
    if (m_sessionId == 0)
        return;
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty()) {
        m_newName->setFocus();
        return;
    }
    Participant p;
    p.sessionId = m_sessionId;
    p.name = name;
    p.department = m_newDepartment->text().trimmed();
    p.role = m_newRole->text().trimmed();
    const Id id = sessionedits::addParticipant(*m_editor, p);
    if (id == 0)
        return; // the error banner says why; the typed text stays for another try
    m_newName->clear();
    m_newDepartment->clear();
    m_newRole->clear();
    m_newName->setFocus();
    const int row = m_participants->rowOf(id);
    if (row >= 0)
        m_participantTable->scrollTo(
            m_sortedParticipants->mapFromSource(m_participants->index(row, 0)));
}

void StagePage::removeSelectedParticipants()
{
    QList<Id> ids;
    const QModelIndexList rows = m_participantTable->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids.append(index.data(ParticipantModel::IdRole).toLongLong());
    if (ids.isEmpty())
        return;
    sessionedits::removeParticipants(*m_editor, ids);
}

void StagePage::updateDepartmentSummary()
{
    const auto counts = m_participants->departmentCounts();
    QStringList parts;
    for (const auto &[department, count] : counts)
        parts.append(QStringLiteral("%1 %2")
                         .arg(department.isEmpty() ? tr("No department") : department)
                         .arg(count));
    const int total = int(m_participants->participants().size());
    m_departmentSummary->setText(total == 0
            ? tr("Nobody yet: add the people in the room above.")
            : tr("%n people: ", nullptr, total) + parts.join(QStringLiteral(" \u00b7 ")));
}

void StagePage::updateDepartmentCompletions()
{
    QStringList all = m_participants->departments();
    for (const QString &d : std::as_const(m_workspaceDepartments)) {
        if (!all.contains(d, Qt::CaseInsensitive))
            all.append(d);
    }
    all.sort(Qt::CaseInsensitive);
    m_departmentList->setStringList(all);
}

} // namespace hindsight
