#pragma once

#include "domain.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QCompleter;
class QDateEdit;
class QGridLayout;
class QLabel;
class QLayout;
class QVBoxLayout;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QStringListModel;
class QTableView;

namespace hindsight {

class Editor;
class ParticipantModel;
class ParticipantSortModel;
struct Change;

// Step 1 of the guided post-mortem, "Set the stage": the Prime Directive shown large, the
// blameless ground rules, the incident's details and who is in the room, by department.
// Every field saves as it is typed; a typing burst in one field is one undo step.
class StagePage : public QWidget
{
    Q_OBJECT

public:
    explicit StagePage(Editor *editor, QWidget *parent = nullptr);
    ~StagePage() override;

    void setSession(hindsight::Id sessionId);
    Id sessionId() const { return m_sessionId; }
    ParticipantModel *participantModel() const { return m_participants; }

    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void buildUi();
    QWidget *buildPrimeDirective();
    QWidget *buildRules();
    void buildIncidentForm(QVBoxLayout *column);
    void buildParticipants(QVBoxLayout *column);
    void placeFormFields(bool wide);
    void measureForm();
    void fitFormToWidth();
    void applyFonts();

    void onChanged(const hindsight::Change &change);
    void reloadSession();
    // Another process changed the file: reload, except the field being typed in.
    void mergeExternalChanges();
    // keepTyping: leave a field alone that has focus and was typed in since it was loaded.
    void load(const Session &session, bool keepTyping = false);
    bool save(const std::function<void(Session &)> &change, int mergeId, const QString &text);

    void setPrimeDirectiveEditing(bool editing);
    void resetPrimeDirective();
    void addParticipantFromLine();
    void removeSelectedParticipants();
    void updateDepartmentSummary();
    void updateDepartmentCompletions();

    Editor *m_editor;
    Id m_sessionId = 0;
    Session m_session;
    bool m_loading = false;
    QStringList m_workspaceDepartments;

    QLabel *m_primeDirectiveHeading = nullptr;
    QStackedWidget *m_primeDirectiveStack = nullptr;
    QLabel *m_primeDirectiveLabel = nullptr;
    QPlainTextEdit *m_primeDirectiveEdit = nullptr;
    QPushButton *m_editPrimeDirective = nullptr;
    QPushButton *m_resetPrimeDirective = nullptr;
    QList<QLabel *> m_headings;
    QList<QLabel *> m_ruleLabels;

    QLabel *m_incidentHeading = nullptr;
    QLineEdit *m_title = nullptr;
    QDateEdit *m_date = nullptr;
    QComboBox *m_severity = nullptr;
    QLabel *m_severityLabel = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_timeZone = nullptr;
    QLineEdit *m_facilitator = nullptr;
    QPlainTextEdit *m_summary = nullptr;
    QPlainTextEdit *m_impact = nullptr;
    QList<QWidget *> m_incidentTexts; // summary and impact with their labels
    bool m_incidentTextsDecided = false; // for this session: shown or not (setSession())
    QLabel *m_titleHint = nullptr;
    QGridLayout *m_form = nullptr;
    // Title, date, severity, status, time zone, facilitator.
    QList<QLabel *> m_formLabels;
    bool m_formWide = true;
    // The page's least width with the form two fields a row, and one a row.
    int m_wideWidth = 0;
    int m_narrowWidth = 0;

    ParticipantModel *m_participants = nullptr;
    ParticipantSortModel *m_sortedParticipants = nullptr;
    QTableView *m_participantTable = nullptr;
    QLineEdit *m_newName = nullptr;
    QLineEdit *m_newDepartment = nullptr;
    QLineEdit *m_newRole = nullptr;
    QPushButton *m_addParticipant = nullptr;
    QPushButton *m_removeParticipant = nullptr;
    QLabel *m_departmentSummary = nullptr;
    QStringListModel *m_departmentList = nullptr;
};

// A searchable combo of every IANA time zone: typing part of a name ("berl") offers
// "Europe/Berlin". The first item shows `noneText` and stands for "no zone" (an empty id).
// Item data (Qt::UserRole) is the id.
void fillTimeZoneCombo(QComboBox *combo, const QString &noneText);
// Selects `zone` (adding it when it is not a known id, so nothing stored is hidden), 0 for none.
void selectTimeZone(QComboBox *combo, const QString &zone);
// A copy of `base` scaled by `factor`, whether it is sized in points or pixels.
QFont scaledFont(const QFont &base, qreal factor);

} // namespace hindsight
