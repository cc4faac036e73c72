#include "premortempage.h"

#include "editor.h"
#include "fieldreload.h"
#include "premortem.h"
#include "premortemmodels.h"
#include "premortemwidgets.h"
#include "sessionedits.h"
#include "similarity.h"
#include "stagepage.h" // scaledFont
#include "workspace.h"
#include "wraplabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

namespace {

constexpr qreal kHeadingScale = 1.4;
constexpr qreal kBigScale = 2.0;
// The date edit cannot be empty; its minimum stands for "no date yet".
const QDate kNoDate(1900, 1, 1);

QString dots(int filled, int total)
{
    QStringList out;
    for (int i = 0; i < total; ++i)
        out.append(i < filled ? QStringLiteral("●") : QStringLiteral("○"));
    return out.join(u' ');
}

void setLineText(QLineEdit *edit, const QString &text)
{
    if (edit->text() == text)
        return;
    const int pos = edit->cursorPosition();
    edit->setText(text);
    edit->setCursorPosition(std::min(pos, int(text.size())));
}

QTableView *makeTable(const QString &name, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(false);
    return view;
}

} // namespace

PremortemPage::~PremortemPage()
{
    // QWidget's destructor hides the children, and a focused field then emits
    // editingFinished; by that time this is no longer a PremortemPage, so stop listening first.
    const auto widgets = findChildren<QWidget *>();
    for (QWidget *w : widgets)
        w->disconnect(this);
}

PremortemPage::PremortemPage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_ideas(new IdeaModel(editor, this))
    , m_themes(new ThemeModel(editor, this))
{
    auto *layout = new QVBoxLayout(this);
    m_steps = new QTabBar(this);
    m_steps->setObjectName(QStringLiteral("premortemSteps"));
    m_steps->setExpanding(false);
    m_steps->setDrawBase(true);
    const QStringList names {tr("1 Catastrophe"), tr("2 Rounds"), tr("3 Merge into themes"),
        tr("4 Vote"), tr("5 Score"), tr("6 Mitigations")};
    for (const QString &n : names)
        m_steps->addTab(n);
    m_steps->setToolTip(tr("Alt+1 … Alt+6 jump to a step"));
    layout->addWidget(m_steps);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("premortemStack"));
    m_stack->addWidget(buildCatastrophe());
    m_stack->addWidget(buildRounds());
    m_stack->addWidget(buildMerge());
    m_stack->addWidget(buildVote());
    m_stack->addWidget(buildScore());
    m_stack->addWidget(buildMitigations());
    layout->addWidget(m_stack, 1);

    connect(m_steps, &QTabBar::currentChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        Q_EMIT stepChanged(index);
    });
    for (int i = 0; i < StepCount; ++i) {
        auto *sc = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)), this);
        sc->setContext(Qt::WidgetWithChildrenShortcut);
        connect(sc, &QShortcut::activated, this, [this, i]() { setStep(i); });
    }

    Workspace *ws = editor->workspace();
    connect(ws, &Workspace::changed, this, &PremortemPage::onChanged);
    // Another process's change: the models merge it row by row (they were connected first),
    // and the fields keep what the user is typing.
    connect(ws, &Workspace::externallyChanged, this, [this]() { reloadAll(true); });
    connect(m_themes, &ThemeModel::rankingChanged, this, &PremortemPage::refreshMatrix);
    applyFonts();
    setSession(0);
}

// ---------------------------------------------------------------------------------------------
// Building

QWidget *PremortemPage::buildCatastrophe()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *heading = new QLabel(tr("Imagine it is over — and it went badly"), page);
    m_headings.append(heading);
    layout->addWidget(heading);

    m_statement = new WrapLabel(page);
    m_statement->setObjectName(QStringLiteral("catastropheStatement"));
    m_statement->setTextFormat(Qt::PlainText);
    m_bigLabels.append(m_statement);
    layout->addWidget(m_statement);

    auto *form = new QFormLayout;
    m_project = new QLineEdit(page);
    m_project->setObjectName(QStringLiteral("projectEdit"));
    m_project->setPlaceholderText(tr("The project's name"));
    form->addRow(tr("&Project:"), m_project);
    m_horizon = new QDateEdit(page);
    m_horizon->setObjectName(QStringLiteral("horizonEdit"));
    m_horizon->setCalendarPopup(true);
    m_horizon->setMinimumDate(kNoDate);
    m_horizon->setSpecialValueText(tr("No date yet"));
    m_horizon->setToolTip(tr("The date by which the project has failed"));
    form->addRow(tr("&Horizon:"), m_horizon);
    m_catastrophe = new QPlainTextEdit(page);
    m_catastrophe->setObjectName(QStringLiteral("catastropheEdit"));
    m_catastrophe->setTabChangesFocus(true);
    m_catastrophe->setPlaceholderText(
        tr("Describe the catastrophe vividly: what happened, who noticed, what it cost."));
    form->addRow(tr("&Catastrophe:"), m_catastrophe);
    layout->addLayout(form);

    auto *headlineRow = new QHBoxLayout;
    m_headlineButton = new QPushButton(tr("Propose a &headline"), page);
    m_headlineButton->setObjectName(QStringLiteral("headlineButton"));
    m_headlineButton->setToolTip(
        tr("A dramatic newspaper headline to set the mood: fun, not cruel"));
    m_useHeadline = new QPushButton(tr("&Use it"), page);
    m_useHeadline->setObjectName(QStringLiteral("useHeadlineButton"));
    m_useHeadline->setToolTip(tr("Add the headline to the catastrophe"));
    m_useHeadline->setEnabled(false);
    headlineRow->addWidget(m_headlineButton);
    headlineRow->addWidget(m_useHeadline);
    headlineRow->addStretch();
    layout->addLayout(headlineRow);
    m_headline = new WrapLabel(page);
    m_headline->setObjectName(QStringLiteral("headlineLabel"));
    m_headline->setTextFormat(Qt::PlainText);
    m_bigLabels.append(m_headline);
    layout->addWidget(m_headline);

    auto *promptHeading = new QLabel(tr("Ask every department"), page);
    m_headings.append(promptHeading);
    layout->addWidget(promptHeading);
    m_prompts = new WrapLabel(page);
    m_prompts->setObjectName(QStringLiteral("departmentPrompts"));
    m_prompts->setTextFormat(Qt::PlainText);
    layout->addWidget(m_prompts);
    layout->addStretch();

    connect(m_project, &QLineEdit::textEdited, this, [this](const QString &text) {
        sessionedits::editSession(
            *m_editor, m_sessionId, [text](Session &s) { s.project = text; },
            sessionedits::kMergeProject, tr("Edit project"));
    });
    connect(m_horizon, &QDateEdit::dateChanged, this, [this](const QDate &date) {
        if (m_loading || m_sessionId == 0)
            return;
        const QDate value = date == kNoDate ? QDate() : date;
        sessionedits::editSession(
            *m_editor, m_sessionId, [value](Session &s) { s.horizon = value; },
            sessionedits::kMergeHorizon, tr("Edit horizon"));
    });
    connect(m_catastrophe, &QPlainTextEdit::textChanged, this, [this]() {
        if (m_loading || m_sessionId == 0)
            return;
        const QString text = m_catastrophe->toPlainText();
        sessionedits::editSession(
            *m_editor, m_sessionId, [text](Session &s) { s.catastrophe = text; },
            sessionedits::kMergeCatastrophe, tr("Edit catastrophe"));
    });
    connect(m_headlineButton, &QPushButton::clicked, this, &PremortemPage::proposeHeadline);
    connect(m_useHeadline, &QPushButton::clicked, this, &PremortemPage::useHeadline);
    return page;
}

QWidget *PremortemPage::buildRounds()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);

    // Left: which group plays.
    auto *setup = new QVBoxLayout;
    auto *heading = new QLabel(tr("Groups"), page);
    m_headings.append(heading);
    setup->addWidget(heading);
    m_roundCombo = new QComboBox(page);
    m_roundCombo->setObjectName(QStringLiteral("roundCombo"));
    m_roundCombo->setToolTip(tr("The round on the screen"));
    setup->addWidget(m_roundCombo);
    m_newRound = new QPushButton(tr("&New round"), page);
    m_newRound->setObjectName(QStringLiteral("newRoundButton"));
    m_newRound->setToolTip(tr("Play again with another group"));
    setup->addWidget(m_newRound);
    auto *groupLabel = new QLabel(tr("&Group name:"), page);
    m_groupName = new QLineEdit(page);
    m_groupName->setObjectName(QStringLiteral("groupNameEdit"));
    groupLabel->setBuddy(m_groupName);
    setup->addWidget(groupLabel);
    setup->addWidget(m_groupName);
    auto *membersLabel = new QLabel(tr("&Members (tick who plays):"), page);
    m_members = new QListWidget(page);
    m_members->setObjectName(QStringLiteral("membersList"));
    membersLabel->setBuddy(m_members);
    setup->addWidget(membersLabel);
    setup->addWidget(m_members, 1);
    layout->addLayout(setup, 1);

    // Right: the countdown and the ideas.
    auto *play = new QVBoxLayout;
    m_countdown = new CountdownWidget(page);
    play->addWidget(m_countdown);
    m_phase = new QStackedWidget(page);
    m_phase->setObjectName(QStringLiteral("phaseStack"));

    auto *writing = new QWidget(m_phase);
    auto *w = new QVBoxLayout(writing);
    auto *writeHeading = new QLabel(tr("Silent writing: why did it fail?"), writing);
    m_headings.append(writeHeading);
    w->addWidget(writeHeading);
    auto *entry = new QHBoxLayout;
    m_ideaEdit = new QLineEdit(writing);
    m_ideaEdit->setObjectName(QStringLiteral("ideaEdit"));
    m_ideaEdit->setPlaceholderText(tr("Type a reason and press Enter; it stays hidden"));
    m_ideaEdit->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_author = new QComboBox(writing);
    m_author->setObjectName(QStringLiteral("authorCombo"));
    m_author->setToolTip(tr("Who wrote it (or anonymous)"));
    entry->addWidget(m_ideaEdit, 3);
    entry->addWidget(m_author, 1);
    w->addLayout(entry);
    m_hiddenIdeas = new WrapLabel(writing);
    m_hiddenIdeas->setObjectName(QStringLiteral("hiddenIdeas"));
    m_hiddenIdeas->setAlignment(Qt::AlignCenter);
    m_bigLabels.append(m_hiddenIdeas);
    w->addWidget(m_hiddenIdeas, 1);
    m_reveal = new QPushButton(tr("&Reveal: start sharing"), writing);
    m_reveal->setObjectName(QStringLiteral("revealButton"));
    m_reveal->setToolTip(tr("End the silent writing; then share one idea per person in turn"));
    w->addWidget(m_reveal);
    m_phase->addWidget(writing);

    auto *sharing = new QWidget(m_phase);
    auto *s = new QVBoxLayout(sharing);
    m_turn = new QLabel(sharing);
    m_turn->setObjectName(QStringLiteral("turnLabel"));
    m_headings.append(m_turn);
    s->addWidget(m_turn);
    m_currentIdea = new WrapLabel(sharing);
    m_currentIdea->setObjectName(QStringLiteral("currentIdea"));
    m_currentIdea->setTextFormat(Qt::PlainText);
    m_currentIdea->setAlignment(Qt::AlignCenter);
    m_bigLabels.append(m_currentIdea);
    s->addWidget(m_currentIdea);
    auto *buttons = new QHBoxLayout;
    m_next = new QPushButton(tr("&Next"), sharing);
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_next->setToolTip(tr("The next person shares one idea (Ctrl+Right)"));
    m_next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Right));
    m_revealAll = new QPushButton(tr("Reveal &all"), sharing);
    m_revealAll->setObjectName(QStringLiteral("revealAllButton"));
    buttons->addWidget(m_next);
    buttons->addWidget(m_revealAll);
    buttons->addStretch();
    s->addLayout(buttons);
    m_revealed = new QListWidget(sharing);
    m_revealed->setObjectName(QStringLiteral("revealedList"));
    m_revealed->setWordWrap(true);
    s->addWidget(m_revealed, 1);
    m_phase->addWidget(sharing);
    play->addWidget(m_phase, 1);
    layout->addLayout(play, 3);

    connect(m_roundCombo, &QComboBox::activated, this,
        [this](int index) { setCurrentRound(m_roundCombo->itemData(index).toLongLong()); });
    connect(m_newRound, &QPushButton::clicked, this, &PremortemPage::newRound);
    connect(m_groupName, &QLineEdit::editingFinished, this, [this]() {
        Round r = round(m_roundId);
        if (r.id == 0 || r.group == m_groupName->text().trimmed())
            return;
        r.group = m_groupName->text().trimmed();
        premortemedits::updateRound(*m_editor, r);
    });
    connect(m_members, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        if (m_loading)
            return;
        Round r = round(m_roundId);
        if (r.id == 0)
            return;
        const Id person = item->data(Qt::UserRole).toLongLong();
        const bool in = item->checkState() == Qt::Checked;
        if (in == r.members.contains(person))
            return;
        if (in)
            r.members.append(person);
        else
            r.members.removeAll(person);
        premortemedits::updateRound(*m_editor, r);
    });
    connect(m_countdown, &CountdownWidget::durationChanged, this, [this](int seconds) {
        Round r = round(m_roundId);
        if (r.id == 0 || r.durationSeconds == seconds)
            return;
        r.durationSeconds = seconds;
        premortemedits::updateRound(*m_editor, r);
    });
    connect(m_ideaEdit, &QLineEdit::returnPressed, this, &PremortemPage::addIdeaFromLine);
    connect(m_reveal, &QPushButton::clicked, this, &PremortemPage::startSharing);
    connect(m_next, &QPushButton::clicked, this, &PremortemPage::revealNext);
    connect(m_revealAll, &QPushButton::clicked, this, &PremortemPage::revealAll);
    return page;
}

QWidget *PremortemPage::buildMerge()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    auto *splitter = new QSplitter(page);
    splitter->setObjectName(QStringLiteral("mergeSplitter"));
    layout->addWidget(splitter);

    auto *left = new QWidget(splitter);
    auto *l = new QVBoxLayout(left);
    auto *ideasHeading = new QLabel(tr("Every idea, from every round"), left);
    m_headings.append(ideasHeading);
    l->addWidget(ideasHeading);
    m_ideaTable = makeTable(QStringLiteral("ideaTable"), left);
    m_ideaTable->setModel(m_ideas);
    m_ideaTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_ideaTable->setDragEnabled(true);
    m_ideaTable->setDragDropMode(QAbstractItemView::DragOnly);
    m_ideaTable->horizontalHeader()->setSectionResizeMode(
        IdeaModel::TextColumn, QHeaderView::Stretch);
    m_ideaTable->setToolTip(
        tr("Select ideas (Ctrl+click) and group them, or drag them onto a theme"));
    l->addWidget(m_ideaTable, 3);
    auto *suggestHeading = new QLabel(tr("Probably the same (double-click to select both)"), left);
    l->addWidget(suggestHeading);
    m_suggestions = new QListWidget(left);
    m_suggestions->setObjectName(QStringLiteral("suggestionsList"));
    m_suggestions->setWordWrap(true);
    l->addWidget(m_suggestions, 1);

    auto *right = new QWidget(splitter);
    auto *r = new QVBoxLayout(right);
    auto *themesHeading = new QLabel(tr("Themes"), right);
    m_headings.append(themesHeading);
    r->addWidget(themesHeading);
    auto *form = new QFormLayout;
    m_themeTarget = new QComboBox(right);
    m_themeTarget->setObjectName(QStringLiteral("themeTarget"));
    form->addRow(tr("&Into:"), m_themeTarget);
    m_themeTitle = new QLineEdit(right);
    m_themeTitle->setObjectName(QStringLiteral("themeTitleEdit"));
    m_themeTitle->setPlaceholderText(tr("Name the risk, e.g. \"Vendor fails us\""));
    form->addRow(tr("&Title:"), m_themeTitle);
    r->addLayout(form);
    auto *buttons = new QHBoxLayout;
    m_group = new QPushButton(tr("&Group into theme"), right);
    m_group->setObjectName(QStringLiteral("groupButton"));
    m_group->setToolTip(tr("Put the selected ideas into the theme (Ctrl+G)"));
    m_group->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_ungroup = new QPushButton(tr("Take &out"), right);
    m_ungroup->setObjectName(QStringLiteral("ungroupButton"));
    m_ungroup->setToolTip(tr("Take the selected ideas out of their theme"));
    buttons->addWidget(m_group);
    buttons->addWidget(m_ungroup);
    buttons->addStretch();
    r->addLayout(buttons);
    m_mergeThemes = makeTable(QStringLiteral("mergeThemeTable"), right);
    m_mergeThemes->setModel(m_themes);
    m_mergeThemes->setAcceptDrops(true);
    m_mergeThemes->setDragDropMode(QAbstractItemView::DropOnly);
    m_mergeThemes->setDropIndicatorShown(true);
    for (int c = 0; c < ThemeModel::ColumnCount; ++c)
        m_mergeThemes->setColumnHidden(c,
            c != ThemeModel::TitleColumn && c != ThemeModel::IdeasColumn
                && c != ThemeModel::FoundByColumn);
    m_mergeThemes->horizontalHeader()->setSectionResizeMode(
        ThemeModel::TitleColumn, QHeaderView::Stretch);
    r->addWidget(m_mergeThemes, 1);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    connect(m_themeTarget, &QComboBox::currentIndexChanged, this,
        [this]() { m_themeTitle->setEnabled(m_themeTarget->currentData().toLongLong() == 0); });
    connect(m_themeTitle, &QLineEdit::returnPressed, this, &PremortemPage::groupSelected);
    connect(m_group, &QPushButton::clicked, this, &PremortemPage::groupSelected);
    connect(m_ungroup, &QPushButton::clicked, this, &PremortemPage::ungroupSelected);
    connect(m_suggestions, &QListWidget::itemActivated, this, &PremortemPage::selectSuggestion);
    connect(m_mergeThemes->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (!current.isValid())
                return;
            const int i = m_themeTarget->findData(current.data(ThemeModel::IdRole));
            if (i >= 0)
                m_themeTarget->setCurrentIndex(i);
        });
    return page;
}

QWidget *PremortemPage::buildVote()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *heading = new QLabel(tr("Dot voting: which risks worry you most?"), page);
    m_headings.append(heading);
    layout->addWidget(heading);
    auto *row = new QHBoxLayout;
    m_voter = new QComboBox(page);
    m_voter->setObjectName(QStringLiteral("voterCombo"));
    m_voter->setToolTip(tr("Who is voting now"));
    m_budget = new QSpinBox(page);
    m_budget->setObjectName(QStringLiteral("budgetSpin"));
    m_budget->setRange(1, 20);
    m_budget->setValue(3);
    m_budget->setSuffix(tr(" dots each"));
    m_cap = new QSpinBox(page);
    m_cap->setObjectName(QStringLiteral("capSpin"));
    m_cap->setRange(1, 20);
    m_cap->setValue(2);
    m_cap->setPrefix(tr("at most "));
    m_cap->setSuffix(tr(" per risk"));
    m_anonymous = new QCheckBox(tr("&Anonymous (show totals only)"), page);
    m_anonymous->setObjectName(QStringLiteral("anonymousCheck"));
    auto *voterLabel = new QLabel(tr("&Voter:"), page);
    voterLabel->setBuddy(m_voter);
    row->addWidget(voterLabel);
    row->addWidget(m_voter, 1);
    row->addWidget(m_budget);
    row->addWidget(m_cap);
    row->addWidget(m_anonymous);
    layout->addLayout(row);
    m_dotsLeft = new QLabel(page);
    m_dotsLeft->setObjectName(QStringLiteral("dotsLeftLabel"));
    m_bigLabels.append(m_dotsLeft);
    layout->addWidget(m_dotsLeft);
    m_voteMessage = new WrapLabel(page);
    m_voteMessage->setObjectName(QStringLiteral("voteMessage"));
    QPalette warn = m_voteMessage->palette();
    warn.setColor(QPalette::WindowText, QColor(0xB7, 0x1C, 0x1C));
    m_voteMessage->setPalette(warn);
    m_headings.append(m_voteMessage);
    layout->addWidget(m_voteMessage);
    auto *buttons = new QHBoxLayout;
    m_plus = new QPushButton(tr("+ Give a dot"), page);
    m_plus->setObjectName(QStringLiteral("plusButton"));
    m_plus->setToolTip(tr("One more dot on the selected risk (+)"));
    m_minus = new QPushButton(tr("− Take a dot back"), page);
    m_minus->setObjectName(QStringLiteral("minusButton"));
    m_minus->setToolTip(tr("One dot less on the selected risk (-)"));
    buttons->addWidget(m_plus);
    buttons->addWidget(m_minus);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_voteTable = makeTable(QStringLiteral("voteTable"), page);
    m_voteTable->setModel(m_themes);
    m_voteTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_voteTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_voteTable->installEventFilter(this);
    for (int c = 0; c < ThemeModel::ColumnCount; ++c)
        m_voteTable->setColumnHidden(c,
            c != ThemeModel::TitleColumn && c != ThemeModel::VoterDotsColumn
                && c != ThemeModel::VotesColumn && c != ThemeModel::VotersColumn);
    m_voteTable->horizontalHeader()->setSectionResizeMode(
        ThemeModel::TitleColumn, QHeaderView::Stretch);
    layout->addWidget(m_voteTable, 1);

    connect(m_voter, &QComboBox::currentIndexChanged, this, [this]() {
        m_themes->setVoter(voter());
        m_voteMessage->clear();
        refreshVoting();
    });
    connect(m_budget, &QSpinBox::valueChanged, this, &PremortemPage::refreshVoting);
    connect(m_cap, &QSpinBox::valueChanged, this, &PremortemPage::refreshVoting);
    connect(m_anonymous, &QCheckBox::toggled, this, &PremortemPage::refreshVoting);
    connect(m_plus, &QPushButton::clicked, this, [this]() { vote(+1); });
    connect(m_minus, &QPushButton::clicked, this, [this]() { vote(-1); });
    return page;
}

QWidget *PremortemPage::buildScore()
{
    auto *page = new QWidget(this);
    auto *layout = new QHBoxLayout(page);
    auto *left = new QVBoxLayout;
    auto *heading = new QLabel(tr("Score the risks"), page);
    m_headings.append(heading);
    left->addWidget(heading);
    auto *form = new QFormLayout;
    m_likelihood = new QSpinBox(page);
    m_likelihood->setObjectName(QStringLiteral("likelihoodSpin"));
    m_likelihood->setRange(-1, 10);
    m_likelihood->setSpecialValueText(tr("not scored"));
    m_likelihood->setSuffix(tr(" of 10 projects"));
    m_likelihood->setToolTip(tr("In how many of 10 projects like this would it happen?"));
    form->addRow(tr("&Likelihood:"), m_likelihood);
    m_impact = new QSpinBox(page);
    m_impact->setObjectName(QStringLiteral("impactSpin"));
    m_impact->setRange(0, 5);
    m_impact->setSpecialValueText(tr("not scored"));
    m_impact->setToolTip(tr("How bad would it be? 1 a nuisance … 5 the project is over"));
    form->addRow(tr("&Impact (1–5):"), m_impact);
    left->addLayout(form);
    m_scoreSorted = new QSortFilterProxyModel(this);
    m_scoreSorted->setSourceModel(m_themes);
    m_scoreSorted->setSortRole(ThemeModel::SortRole);
    m_scoreTable = makeTable(QStringLiteral("scoreTable"), page);
    m_scoreTable->setModel(m_scoreSorted);
    m_scoreTable->setSortingEnabled(true);
    m_scoreTable->sortByColumn(ThemeModel::VoteRankColumn, Qt::AscendingOrder);
    m_scoreTable->setSelectionMode(QAbstractItemView::SingleSelection);
    for (int c = 0; c < ThemeModel::ColumnCount; ++c)
        m_scoreTable->setColumnHidden(c,
            c == ThemeModel::VotersColumn || c == ThemeModel::VoterDotsColumn
                || c == ThemeModel::IdeasColumn || c == ThemeModel::FoundByColumn);
    m_scoreTable->horizontalHeader()->setSectionResizeMode(
        ThemeModel::TitleColumn, QHeaderView::Stretch);
    m_scoreTable->setToolTip(tr("Click a column header to rank by votes or by score"));
    left->addWidget(m_scoreTable, 1);
    layout->addLayout(left, 2);
    m_matrix = new RiskMatrixWidget(page);
    layout->addWidget(m_matrix, 3);

    connect(m_scoreTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &PremortemPage::refreshScoreEditors);
    connect(m_likelihood, &QSpinBox::valueChanged, this, &PremortemPage::scoreSelected);
    connect(m_impact, &QSpinBox::valueChanged, this, &PremortemPage::scoreSelected);
    connect(m_matrix, &RiskMatrixWidget::themeClicked, this, [this](Id themeId) {
        const int row = m_themes->rowOf(themeId);
        if (row >= 0)
            m_scoreTable->setCurrentIndex(m_scoreSorted->mapFromSource(m_themes->index(row, 0)));
    });
    return page;
}

QWidget *PremortemPage::buildMitigations()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *heading = new QLabel(tr("Mitigate the top risks: who does what, by when"), page);
    m_headings.append(heading);
    layout->addWidget(heading);
    auto *grid = new QGridLayout;
    m_mitigationTheme = new QComboBox(page);
    m_mitigationTheme->setObjectName(QStringLiteral("mitigationTheme"));
    m_mitigationWhat = new QLineEdit(page);
    m_mitigationWhat->setObjectName(QStringLiteral("mitigationWhat"));
    m_mitigationWhat->setPlaceholderText(tr("What we do now so it does not happen"));
    m_mitigationOwner = new QLineEdit(page);
    m_mitigationOwner->setObjectName(QStringLiteral("mitigationOwner"));
    m_mitigationOwner->setPlaceholderText(tr("Who"));
    m_mitigationDue = new QDateEdit(QDate::currentDate().addDays(14), page);
    m_mitigationDue->setObjectName(QStringLiteral("mitigationDue"));
    m_mitigationDue->setCalendarPopup(true);
    m_addMitigation = new QPushButton(tr("&Add mitigation"), page);
    m_addMitigation->setObjectName(QStringLiteral("addMitigationButton"));
    m_addMitigation->setToolTip(tr("Creates an open action in the action dashboard"));
    grid->addWidget(new QLabel(tr("Risk:"), page), 0, 0);
    grid->addWidget(m_mitigationTheme, 0, 1, 1, 3);
    grid->addWidget(new QLabel(tr("Mitigation:"), page), 1, 0);
    grid->addWidget(m_mitigationWhat, 1, 1, 1, 3);
    grid->addWidget(new QLabel(tr("Owner:"), page), 2, 0);
    grid->addWidget(m_mitigationOwner, 2, 1);
    grid->addWidget(new QLabel(tr("Due:"), page), 2, 2);
    grid->addWidget(m_mitigationDue, 2, 3);
    grid->addWidget(m_addMitigation, 3, 3);
    grid->setColumnStretch(1, 1);
    layout->addLayout(grid);
    m_mitigations = new QTreeWidget(page);
    m_mitigations->setObjectName(QStringLiteral("mitigationsList"));
    m_mitigations->setRootIsDecorated(false);
    m_mitigations->setHeaderLabels({tr("Risk"), tr("Mitigation"), tr("Owner"), tr("Due")});
    m_mitigations->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_mitigations->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_mitigations->header()->setStretchLastSection(false);
    layout->addWidget(m_mitigations, 1);

    connect(m_mitigationWhat, &QLineEdit::returnPressed, this, &PremortemPage::addMitigation);
    connect(m_mitigationOwner, &QLineEdit::returnPressed, this, &PremortemPage::addMitigation);
    connect(m_addMitigation, &QPushButton::clicked, this, &PremortemPage::addMitigation);
    return page;
}

void PremortemPage::applyFonts()
{
    QFont heading = scaledFont(font(), kHeadingScale);
    heading.setBold(true);
    for (QLabel *l : std::as_const(m_headings))
        l->setFont(heading);
    const QFont big = scaledFont(font(), kBigScale);
    for (QLabel *l : std::as_const(m_bigLabels))
        l->setFont(big);
    m_steps->setFont(scaledFont(font(), 1.2));
    // Header views get a platform font of their own; on a projector they must zoom with the
    // rest of the page.
    const QList<QHeaderView *> headers = findChildren<QHeaderView *>();
    for (QHeaderView *h : headers)
        h->setFont(font());
}

void PremortemPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
}

bool PremortemPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_voteTable && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Plus || key->key() == Qt::Key_Equal) {
            vote(+1);
            return true;
        }
        if (key->key() == Qt::Key_Minus) {
            vote(-1);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// ---------------------------------------------------------------------------------------------
// Session and changes

void PremortemPage::setSession(Id sessionId)
{
    m_sessionId = sessionId;
    m_roundId = 0;
    m_sharing.clear();
    m_lastTurn.clear();
    m_lastRevealed = 0;
    m_headlineIndex = -1;
    m_headline->clear();
    m_useHeadline->setEnabled(false);
    m_voteMessage->clear();
    m_ideas->setSession(sessionId);
    m_themes->setSession(sessionId);
    reloadAll();
    setEnabled(sessionId != 0);
}

int PremortemPage::step() const
{
    return m_steps->currentIndex();
}

void PremortemPage::setStep(int step)
{
    if (step >= 0 && step < StepCount)
        m_steps->setCurrentIndex(step);
}

void PremortemPage::reloadAll(bool keepTyping)
{
    loadSession(keepTyping);
    loadParticipants();
    loadRounds();
    refreshSuggestions();
    refreshThemeCombos();
    refreshVoting();
    refreshMitigations();
    refreshMatrix();
}

void PremortemPage::onChanged(const Change &change)
{
    if (m_sessionId == 0 || change.sessionId != m_sessionId)
        return;
    using E = Change::Entity;
    switch (change.entity) {
    case E::Session:
        if (change.type == Change::Type::Removed)
            setSession(0);
        else
            loadSession();
        break;
    case E::Participant:
        loadParticipants();
        loadRounds();
        refreshVoting();
        break;
    case E::Round: loadRounds(); break;
    case E::Idea:
        refreshRound();
        refreshSuggestions();
        break;
    case E::Theme:
        refreshThemeCombos();
        refreshScoreEditors();
        refreshMitigations();
        refreshSuggestions();
        break;
    case E::Vote: refreshVoting(); break;
    case E::Action: refreshMitigations(); break;
    default: break;
    }
}

void PremortemPage::loadSession(bool keepTyping)
{
    m_session = {};
    if (m_sessionId != 0) {
        auto s = m_editor->workspace()->session(m_sessionId);
        if (s)
            m_session = *s;
        else
            m_editor->report(s.error());
    }
    m_loading = true;
    // Another process's change leaves the field the user is typing in alone (fieldreload.h).
    if (!(keepTyping && isBeingEdited(m_project)))
        setLineText(m_project, m_session.project);
    m_horizon->setDate(m_session.horizon.isValid() ? m_session.horizon : kNoDate);
    if (!(keepTyping && isBeingEdited(m_catastrophe))
        && m_catastrophe->toPlainText() != m_session.catastrophe)
        m_catastrophe->setPlainText(m_session.catastrophe);
    m_loading = false;
    m_statement->setText(catastropheStatement(m_session.project, m_session.horizon));
}

void PremortemPage::loadParticipants()
{
    m_people.clear();
    if (m_sessionId != 0) {
        auto list = m_editor->workspace()->participants(m_sessionId);
        if (list)
            m_people = *list;
        else
            m_editor->report(list.error());
    }
    QStringList departments;
    for (const Participant &p : std::as_const(m_people))
        if (!p.department.trimmed().isEmpty() && !departments.contains(p.department.trimmed()))
            departments.append(p.department.trimmed());
    const QStringList prompts = departmentPrompts(departments);
    m_prompts->setText(prompts.isEmpty()
            ? tr("Add participants and their departments in \"Set the stage\" to get a prompt "
                 "for each department.")
            : prompts.join(u'\n'));

    const Id before = voter();
    {
        const QSignalBlocker block(m_voter);
        m_voter->clear();
        for (const Participant &p : std::as_const(m_people))
            m_voter->addItem(p.name, p.id);
        const int i = m_voter->findData(before);
        m_voter->setCurrentIndex(i >= 0 ? i : (m_voter->count() > 0 ? 0 : -1));
    }
    m_themes->setVoter(voter());

    QStringList names;
    for (const Participant &p : std::as_const(m_people))
        names.append(p.name);
    auto *completer = new QCompleter(names, m_mitigationOwner);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    if (QCompleter *old = m_mitigationOwner->completer())
        old->deleteLater();
    m_mitigationOwner->setCompleter(completer);
}

Round PremortemPage::round(Id roundId) const
{
    for (const Round &r : m_rounds)
        if (r.id == roundId)
            return r;
    return {};
}

void PremortemPage::loadRounds()
{
    m_rounds.clear();
    if (m_sessionId != 0) {
        auto list = m_editor->workspace()->rounds(m_sessionId);
        if (list)
            m_rounds = *list;
        else
            m_editor->report(list.error());
    }
    if (round(m_roundId).id == 0)
        m_roundId = m_rounds.isEmpty() ? 0 : m_rounds.constLast().id;
    {
        const QSignalBlocker block(m_roundCombo);
        m_roundCombo->clear();
        for (const Round &r : std::as_const(m_rounds))
            m_roundCombo->addItem(r.group.isEmpty()
                    ? tr("Round %1").arg(r.number)
                    : tr("Round %1 · %2").arg(r.number).arg(r.group),
                r.id);
        m_roundCombo->setCurrentIndex(m_roundCombo->findData(m_roundId));
    }
    refreshRound();
}

void PremortemPage::setCurrentRound(Id roundId)
{
    if (round(roundId).id == 0)
        return;
    m_roundId = roundId;
    m_lastRevealed = 0;
    m_roundCombo->setCurrentIndex(m_roundCombo->findData(roundId));
    const Round r = round(roundId);
    m_countdown->setDuration(r.durationSeconds);
    refreshRound();
}

bool PremortemPage::isSharing(Id roundId) const
{
    if (m_sharing.contains(roundId))
        return true;
    for (const Idea &i : m_ideas->ideas())
        if (i.roundId == roundId && i.revealed)
            return true;
    return false;
}

void PremortemPage::refreshRound()
{
    const Round r = round(m_roundId);
    const bool has = r.id != 0;
    m_groupName->setEnabled(has);
    m_members->setEnabled(has);
    m_countdown->setEnabled(has);
    m_phase->setEnabled(has);
    if (!m_groupName->hasFocus())
        setLineText(m_groupName, r.group);
    if (has && !m_countdown->isRunning() && m_countdown->duration() != r.durationSeconds)
        m_countdown->setDuration(r.durationSeconds);

    m_loading = true;
    m_members->clear();
    for (const Participant &p : std::as_const(m_people)) {
        auto *item = new QListWidgetItem(
            p.department.isEmpty() ? p.name : tr("%1 (%2)").arg(p.name, p.department), m_members);
        item->setData(Qt::UserRole, p.id);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(r.members.contains(p.id) ? Qt::Checked : Qt::Unchecked);
    }
    m_loading = false;

    const Id author = m_author->currentData().toLongLong();
    m_author->clear();
    m_author->addItem(tr("Anonymous"), Id(0));
    for (const Participant &p : std::as_const(m_people))
        if (r.members.isEmpty() || r.members.contains(p.id))
            m_author->addItem(p.name, p.id);
    m_author->setCurrentIndex(std::max(0, m_author->findData(author)));

    QList<Idea> ideas;
    for (const Idea &i : m_ideas->ideas())
        if (i.roundId == r.id)
            ideas.append(i);
    const bool sharing = has && isSharing(r.id);
    m_phase->setCurrentIndex(sharing ? 1 : 0);
    if (!sharing) {
        const int n = int(ideas.size());
        m_hiddenIdeas->setText(n == 0 ? tr("Nothing written yet")
                                      : dots(std::min(n, 12), std::min(n, 12)) + u'\n'
                    + tr("%n idea(s) written", nullptr, n));
        m_reveal->setEnabled(n > 0);
        return;
    }
    m_revealed->clear();
    int shown = 0;
    for (const Idea &i : std::as_const(ideas)) {
        if (!i.revealed)
            continue;
        ++shown;
        QString who = tr("Anonymous");
        for (const Participant &p : std::as_const(m_people))
            if (p.id == i.authorId)
                who = p.name;
        auto *item = new QListWidgetItem(tr("%1 — %2").arg(i.text, who), m_revealed);
        item->setData(Qt::UserRole, i.id);
    }
    const Id next = premortemedits::nextToReveal(r, ideas, m_lastTurn.value(r.id, -1));
    m_next->setEnabled(next != 0);
    m_revealAll->setEnabled(next != 0);
    QString current;
    for (const Idea &i : std::as_const(ideas))
        if (i.id == m_lastRevealed && i.revealed)
            current = i.text;
    m_currentIdea->setText(current.isEmpty()
            ? (next == 0 ? tr("Every idea is shared.") : tr("Press Next for the first idea."))
            : current);
    // While an idea is on screen the label keeps saying whose it is.
    if (current.isEmpty())
        m_turn->setText(next == 0 ? tr("All %n idea(s) shared", nullptr, shown)
                                  : tr("Round-robin: one idea per person in turn"));
    m_next->setText(tr("&Next (%1 of %2 shared)").arg(shown).arg(ideas.size()));
}

void PremortemPage::refreshSuggestions()
{
    m_suggestions->clear();
    const QList<Idea> &ideas = m_ideas->ideas();
    QStringList texts;
    for (const Idea &i : ideas)
        texts.append(i.text);
    const QList<SimilarPair> pairs = similarPairs(texts);
    for (const SimilarPair &p : pairs) {
        const Idea &a = ideas.at(p.first);
        const Idea &b = ideas.at(p.second);
        if (a.themeId != 0 && a.themeId == b.themeId)
            continue; // already together
        auto *item = new QListWidgetItem(
            tr("“%1”  ≈  “%2”  (%3%)").arg(a.text, b.text).arg(qRound(p.score * 100)),
            m_suggestions);
        item->setData(Qt::UserRole, QVariantList {a.id, b.id});
    }
}

void PremortemPage::refreshThemeCombos()
{
    const QList<Theme> &themes = m_themes->themes();
    const Id target = m_themeTarget->currentData().toLongLong();
    {
        const QSignalBlocker block(m_themeTarget);
        m_themeTarget->clear();
        m_themeTarget->addItem(tr("A new theme"), Id(0));
        for (const Theme &t : themes)
            m_themeTarget->addItem(t.title, t.id);
        m_themeTarget->setCurrentIndex(std::max(0, m_themeTarget->findData(target)));
    }
    m_themeTitle->setEnabled(m_themeTarget->currentData().toLongLong() == 0);

    // Top risks first: by votes, then score (the ranking the report uses).
    const Id chosen = m_mitigationTheme->currentData().toLongLong();
    m_mitigationTheme->clear();
    QList<RankedTheme> ranked;
    for (const Theme &t : themes)
        ranked.append(m_themes->ranked(t.id));
    std::stable_sort(ranked.begin(), ranked.end(),
        [](const RankedTheme &a, const RankedTheme &b) { return a.voteRank < b.voteRank; });
    for (const RankedTheme &r : std::as_const(ranked)) {
        QString label =
            tr("%1. %2 — %n vote(s)", nullptr, r.votes).arg(r.voteRank).arg(r.theme.title);
        if (r.score >= 0)
            label += tr(", score %1").arg(r.score);
        m_mitigationTheme->addItem(label, r.theme.id);
    }
    m_mitigationTheme->setCurrentIndex(std::max(0, m_mitigationTheme->findData(chosen)));
}

void PremortemPage::refreshVoting()
{
    const premortemedits::VoteRules rules = voteRules();
    const bool anonymous = m_anonymous->isChecked();
    m_voteTable->setColumnHidden(ThemeModel::VotersColumn, anonymous);
    m_voteTable->setColumnHidden(ThemeModel::VoterDotsColumn, anonymous);
    const Id who = voter();
    if (who == 0) {
        m_dotsLeft->setText(tr("Add participants to vote."));
        m_plus->setEnabled(false);
        m_minus->setEnabled(false);
        return;
    }
    m_plus->setEnabled(true);
    m_minus->setEnabled(true);
    const int left = premortemedits::dotsLeft(m_themes->votes(), who, rules);
    m_dotsLeft->setText(tr("%1: %2   %n dot(s) left", nullptr, std::max(0, left))
                            .arg(m_voter->currentText(), dots(std::max(0, left), rules.budget)));
    refreshThemeCombos();
}

void PremortemPage::refreshScoreEditors()
{
    const Id id = selectedThemeIn(m_scoreTable);
    Theme theme;
    for (const Theme &t : m_themes->themes())
        if (t.id == id)
            theme = t;
    m_loading = true;
    m_likelihood->setEnabled(theme.id != 0);
    m_impact->setEnabled(theme.id != 0);
    m_likelihood->setValue(theme.id == 0 ? -1 : theme.likelihood);
    m_impact->setValue(theme.id == 0 ? 0 : theme.impact);
    m_loading = false;
}

void PremortemPage::refreshMitigations()
{
    m_mitigations->clear();
    if (m_sessionId == 0)
        return;
    auto actions = m_editor->workspace()->actions(m_sessionId);
    if (!actions) {
        m_editor->report(actions.error());
        return;
    }
    QHash<Id, QString> titles;
    for (const Theme &t : m_themes->themes())
        titles.insert(t.id, t.title);
    for (const ActionItem &a : std::as_const(*actions)) {
        if (a.themes.isEmpty())
            continue;
        QStringList risks;
        for (Id t : a.themes)
            risks.append(titles.value(t));
        auto *item = new QTreeWidgetItem(m_mitigations,
            {risks.join(QStringLiteral(", ")), a.what, a.owner,
                a.due.isValid() ? QLocale().toString(a.due, QLocale::ShortFormat) : QString()});
        item->setData(0, Qt::UserRole, a.id);
    }
}

void PremortemPage::refreshMatrix()
{
    QList<RankedTheme> ranked;
    for (const Theme &t : m_themes->themes())
        ranked.append(m_themes->ranked(t.id));
    m_matrix->setThemes(sortByScore(ranked));
    refreshThemeCombos();
    refreshScoreEditors();
}

// ---------------------------------------------------------------------------------------------
// Actions

QString PremortemPage::catastropheStatement(const QString &project, const QDate &horizon)
{
    const QString name = project.trimmed().isEmpty() ? tr("The project") : project.trimmed();
    const QString when = horizon.isValid() ? QLocale().toString(horizon, QLocale::LongFormat)
                                           : tr("some months from now");
    return tr("It is %1. %2 has failed spectacularly.").arg(when, name);
}

QStringList PremortemPage::headlineTemplates()
{
    return {
        tr("“%1 Launch Fizzles; Confetti Cannons Fire at Empty Room”"),
        tr("“Experts Baffled: %1 Somehow Ships Last Year's Problem”"),
        tr("“%1 Team Discovers Deadline Was a Suggestion After All”"),
        tr("“Local Spreadsheet Declares Victory Over %1”"),
        tr("“%1 Reaches Record Users: All Three Were Testers”"),
        tr("“Historians Still Debating What %1 Was Meant to Do”"),
        tr("“%1 Postponed Indefinitely; Cake Already Ordered”"),
        tr("“Breaking: %1 Replaced by Sticky Note, Works Better”"),
    };
}

QStringList PremortemPage::departmentPrompts(const QStringList &departments)
{
    const QStringList forms {tr("What did %1 see coming?"), tr("What kept %1 up at night?"),
        tr("What did %1 warn about that nobody heard?"), tr("Where did %1 have to improvise?")};
    QStringList out;
    for (int i = 0; i < departments.size(); ++i)
        out.append(forms.at(i % forms.size()).arg(departments.at(i)));
    return out;
}

void PremortemPage::proposeHeadline()
{
    const QStringList templates = headlineTemplates();
    m_headlineIndex = (m_headlineIndex + 1) % int(templates.size());
    const QString name =
        m_session.project.trimmed().isEmpty() ? tr("The Project") : m_session.project.trimmed();
    m_headline->setText(templates.at(m_headlineIndex).arg(name));
    m_useHeadline->setEnabled(m_sessionId != 0);
}

void PremortemPage::useHeadline()
{
    const QString headline = m_headline->text();
    if (headline.isEmpty() || m_sessionId == 0)
        return;
    const QString statement = catastropheStatement(m_session.project, m_session.horizon);
    sessionedits::editSession(
        *m_editor, m_sessionId,
        [headline, statement](Session &s) {
            const QString base =
                s.catastrophe.trimmed().isEmpty() ? statement : s.catastrophe.trimmed();
            s.catastrophe = base + QStringLiteral("\n\n") + headline;
        },
        -1, tr("Use headline"));
}

void PremortemPage::newRound()
{
    if (m_sessionId == 0)
        return;
    Round r;
    r.sessionId = m_sessionId;
    r.number = 0; // the next free number
    r.group = tr("Group %1").arg(m_rounds.size() + 1);
    r.durationSeconds = m_countdown->duration();
    const Id id = premortemedits::addRound(*m_editor, r);
    if (id == 0)
        return;
    setCurrentRound(id);
    m_groupName->setFocus();
    m_groupName->selectAll();
}

void PremortemPage::addIdeaFromLine()
{
    const QString text = m_ideaEdit->text().trimmed();
    if (text.isEmpty() || m_roundId == 0)
        return;
    Idea idea;
    idea.sessionId = m_sessionId;
    idea.roundId = m_roundId;
    idea.text = text;
    idea.authorId = m_author->currentData().toLongLong();
    if (premortemedits::addIdea(*m_editor, idea) != 0)
        m_ideaEdit->clear();
}

void PremortemPage::startSharing()
{
    if (m_roundId == 0)
        return;
    m_sharing.insert(m_roundId);
    m_countdown->pause();
    m_lastTurn.remove(m_roundId);
    m_lastRevealed = 0;
    refreshRound();
    m_next->setFocus();
}

void PremortemPage::revealNext()
{
    const Round r = round(m_roundId);
    if (r.id == 0)
        return;
    int turn = -1;
    const Id next =
        premortemedits::nextToReveal(r, m_ideas->ideas(), m_lastTurn.value(r.id, -1), &turn);
    if (next == 0)
        return;
    QString who = tr("Anonymous");
    if (turn < r.members.size())
        for (const Participant &p : std::as_const(m_people))
            if (p.id == r.members.at(turn))
                who = p.name;
    if (premortemedits::setRevealed(*m_editor, m_sessionId, {next}, true, tr("Share an idea"))) {
        m_lastTurn.insert(r.id, turn);
        m_lastRevealed = next;
        m_turn->setText(tr("%1 shares:").arg(who));
        refreshRound();
    }
}

void PremortemPage::revealAll()
{
    QList<Id> ids;
    for (const Idea &i : m_ideas->ideas())
        if (i.roundId == m_roundId && !i.revealed)
            ids.append(i.id);
    if (!ids.isEmpty())
        premortemedits::setRevealed(*m_editor, m_sessionId, ids, true);
}

QList<Id> PremortemPage::selectedIdeaIds() const
{
    QList<Id> ids;
    const QModelIndexList rows = m_ideaTable->selectionModel()->selectedRows();
    for (const QModelIndex &i : rows)
        ids.append(i.data(IdeaModel::IdRole).toLongLong());
    return ids;
}

Id PremortemPage::selectedThemeIn(QTableView *view) const
{
    const QModelIndex current = view->currentIndex();
    return current.isValid() ? current.data(ThemeModel::IdRole).toLongLong() : 0;
}

void PremortemPage::groupSelected()
{
    const QList<Id> ids = selectedIdeaIds();
    if (ids.isEmpty()) {
        m_ideaTable->setFocus();
        return;
    }
    const Id target = m_themeTarget->currentData().toLongLong();
    QString title = m_themeTitle->text().trimmed();
    if (target == 0 && title.isEmpty()) {
        // Name the theme after its first idea; it can be renamed in place.
        for (const Idea &i : m_ideas->ideas())
            if (i.id == ids.constFirst())
                title = i.text;
    }
    const Id theme = premortemedits::groupIntoTheme(*m_editor, m_sessionId, ids, target, title);
    if (theme != 0) {
        m_themeTitle->clear();
        m_ideaTable->clearSelection();
    }
}

void PremortemPage::ungroupSelected()
{
    const QList<Id> ids = selectedIdeaIds();
    if (!ids.isEmpty())
        premortemedits::ungroup(*m_editor, m_sessionId, ids);
}

void PremortemPage::selectSuggestion()
{
    QListWidgetItem *item = m_suggestions->currentItem();
    if (!item)
        return;
    const QVariantList ids = item->data(Qt::UserRole).toList();
    QItemSelection selection;
    for (const QVariant &v : ids) {
        const int row = m_ideas->rowOf(v.toLongLong());
        if (row >= 0)
            selection.select(
                m_ideas->index(row, 0), m_ideas->index(row, IdeaModel::ColumnCount - 1));
    }
    m_ideaTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    m_themeTitle->setFocus();
}

premortemedits::VoteRules PremortemPage::voteRules() const
{
    return {m_budget->value(), m_cap->value()};
}

Id PremortemPage::voter() const
{
    return m_voter->currentData().toLongLong();
}

void PremortemPage::vote(int delta)
{
    const Id theme = selectedThemeIn(m_voteTable);
    const Id who = voter();
    if (theme == 0 || who == 0) {
        m_voteMessage->setText(tr("Pick a voter and a risk first."));
        return;
    }
    QString refusal;
    premortemedits::changeVote(*m_editor, m_sessionId, who, theme, delta, voteRules(), &refusal);
    m_voteMessage->setText(refusal);
}

void PremortemPage::scoreSelected()
{
    if (m_loading)
        return;
    const Id theme = selectedThemeIn(m_scoreTable);
    if (theme == 0)
        return;
    premortemedits::scoreTheme(
        *m_editor, m_sessionId, theme, m_likelihood->value(), m_impact->value());
}

void PremortemPage::addMitigation()
{
    const Id theme = m_mitigationTheme->currentData().toLongLong();
    if (theme == 0)
        return;
    if (premortemedits::addMitigation(*m_editor, m_sessionId, theme, m_mitigationWhat->text(),
            m_mitigationOwner->text(), m_mitigationDue->date())
        != 0) {
        m_mitigationWhat->clear();
        m_mitigationOwner->clear();
        m_mitigationWhat->setFocus();
    }
}

} // namespace hindsight
