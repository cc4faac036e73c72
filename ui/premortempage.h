#pragma once

#include "domain.h"
#include "premortemedits.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStackedWidget;
class QTabBar;
class QTableView;
class QTreeWidget;

namespace hindsight {

class CountdownWidget;
class Editor;
class IdeaModel;
class RiskMatrixWidget;
class ThemeModel;
struct Change;

// The pre-mortem game on the shared screen, Klein's protocol in six steps: imagine the
// catastrophe, write reasons in silence per group and share them round-robin, merge them into
// themes, dot-vote, score the risks on a frequency x impact matrix, and give the top ones
// mitigations. One page with its own step bar, so the main window hosts it as a single step.
// Every change goes through premortemedits (undoable) and is saved at once.
class PremortemPage : public QWidget
{
    Q_OBJECT

public:
    enum Step {
        CatastropheStep,
        RoundsStep,
        MergeStep,
        VoteStep,
        ScoreStep,
        MitigationsStep,
        StepCount
    };

    explicit PremortemPage(Editor *editor, QWidget *parent = nullptr);
    ~PremortemPage() override;

    void setSession(hindsight::Id sessionId);
    Id sessionId() const { return m_sessionId; }

    int step() const;
    void setStep(int step);

    // The round shown in the rounds step (0: none yet).
    Id currentRound() const { return m_roundId; }
    void setCurrentRound(hindsight::Id roundId);
    // The round's ideas are face up and being shared (after "Reveal").
    bool isSharing(hindsight::Id roundId) const;

    premortemedits::VoteRules voteRules() const;
    Id voter() const;

    IdeaModel *ideaModel() const { return m_ideas; }
    ThemeModel *themeModel() const { return m_themes; }

    // "It is 1 March 2027. Apollo has failed spectacularly."
    static QString catastropheStatement(const QString &project, const QDate &horizon);
    // The playful headlines, "%1" standing for the project.
    static QStringList headlineTemplates();
    // "What did Legal see coming?": one prompt per department, varied.
    static QStringList departmentPrompts(const QStringList &departments);

Q_SIGNALS:
    void stepChanged(int step);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildCatastrophe();
    QWidget *buildRounds();
    QWidget *buildMerge();
    QWidget *buildVote();
    QWidget *buildScore();
    QWidget *buildMitigations();
    void applyFonts();

    void onChanged(const hindsight::Change &change);
    // keepTyping (another process's change): leave a field alone that has focus and was
    // typed in since it was loaded.
    void reloadAll(bool keepTyping = false);
    void loadSession(bool keepTyping = false);
    void loadParticipants();
    void loadRounds();
    void refreshRound();
    void refreshSuggestions();
    void refreshThemeCombos();
    void refreshVoting();
    void refreshScoreEditors();
    void refreshMitigations();
    void refreshMatrix();

    void proposeHeadline();
    void useHeadline();
    void newRound();
    void addIdeaFromLine();
    void startSharing();
    void revealNext();
    void revealAll();
    void groupSelected();
    void ungroupSelected();
    void selectSuggestion();
    void vote(int delta);
    void scoreSelected();
    void addMitigation();

    QList<Id> selectedIdeaIds() const;
    Id selectedThemeIn(QTableView *view) const;
    Round round(Id roundId) const;

    Editor *m_editor;
    Id m_sessionId = 0;
    Session m_session;
    QList<Participant> m_people;
    QList<Round> m_rounds;
    Id m_roundId = 0;
    QSet<Id> m_sharing; // rounds whose writing phase is over
    QHash<Id, int> m_lastTurn; // round-robin position per round
    bool m_loading = false;
    int m_headlineIndex = -1;

    IdeaModel *m_ideas;
    ThemeModel *m_themes;

    QTabBar *m_steps = nullptr;
    QStackedWidget *m_stack = nullptr;
    QList<QLabel *> m_headings;
    QList<QLabel *> m_bigLabels;

    // 1 Catastrophe
    QLineEdit *m_project = nullptr;
    QDateEdit *m_horizon = nullptr;
    QLabel *m_statement = nullptr;
    QPlainTextEdit *m_catastrophe = nullptr;
    QPushButton *m_headlineButton = nullptr;
    QLabel *m_headline = nullptr;
    QPushButton *m_useHeadline = nullptr;
    QLabel *m_prompts = nullptr;

    // 2 Rounds
    QComboBox *m_roundCombo = nullptr;
    QPushButton *m_newRound = nullptr;
    QLineEdit *m_groupName = nullptr;
    QListWidget *m_members = nullptr;
    CountdownWidget *m_countdown = nullptr;
    QStackedWidget *m_phase = nullptr;
    QLineEdit *m_ideaEdit = nullptr;
    QComboBox *m_author = nullptr;
    QLabel *m_hiddenIdeas = nullptr;
    QPushButton *m_reveal = nullptr;
    QLabel *m_turn = nullptr;
    QLabel *m_currentIdea = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_revealAll = nullptr;
    QListWidget *m_revealed = nullptr;
    Id m_lastRevealed = 0;

    // 3 Merge
    QTableView *m_ideaTable = nullptr;
    QListWidget *m_suggestions = nullptr;
    QComboBox *m_themeTarget = nullptr;
    QLineEdit *m_themeTitle = nullptr;
    QPushButton *m_group = nullptr;
    QPushButton *m_ungroup = nullptr;
    QTableView *m_mergeThemes = nullptr;

    // 4 Vote
    QComboBox *m_voter = nullptr;
    QSpinBox *m_budget = nullptr;
    QSpinBox *m_cap = nullptr;
    QCheckBox *m_anonymous = nullptr;
    QLabel *m_dotsLeft = nullptr;
    QLabel *m_voteMessage = nullptr;
    QTableView *m_voteTable = nullptr;
    QPushButton *m_plus = nullptr;
    QPushButton *m_minus = nullptr;

    // 5 Score
    QSortFilterProxyModel *m_scoreSorted = nullptr;
    QTableView *m_scoreTable = nullptr;
    QSpinBox *m_likelihood = nullptr;
    QSpinBox *m_impact = nullptr;
    RiskMatrixWidget *m_matrix = nullptr;

    // 6 Mitigations
    QComboBox *m_mitigationTheme = nullptr;
    QLineEdit *m_mitigationWhat = nullptr;
    QLineEdit *m_mitigationOwner = nullptr;
    QDateEdit *m_mitigationDue = nullptr;
    QPushButton *m_addMitigation = nullptr;
    QTreeWidget *m_mitigations = nullptr;
};

} // namespace hindsight
