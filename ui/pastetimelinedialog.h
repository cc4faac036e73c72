#pragma once

#include "domain.h"
#include "timelineparser.h"

#include <QAbstractTableModel>
#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace hindsight {

// The lines of a pasted timeline as the parser read them, for the preview. Every cell a user
// may need to fix is editable; a retyped time is read again with the same rules as the
// quick-entry line. Blank lines and table separators are left out (they carry nothing);
// headings stay, greyed, because they explain where a date came from.
class ParsedLinesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IncludeColumn,
        LineColumn,
        DateColumn,
        TimeColumn,
        ZoneColumn,
        CertaintyColumn,
        KindColumn,
        ReporterColumn,
        TextColumn,
        NoteColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit ParsedLinesModel(QObject *parent = nullptr);

    void setContext(const ParseContext &context) { m_context = context; }
    void setLines(const QList<ParsedLine> &lines);
    const QList<ParsedLine> &lines() const { return m_lines; }
    bool isIncluded(int row) const;
    int includedCount() const;
    int includedWithoutTime() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void editRejected(const QString &message);

private:
    ParseContext m_context;
    QList<ParsedLine> m_lines;
    QList<bool> m_included;
};

// Paste a raw timeline or chat log, see how each line was read, fix what was misread, import.
// Nothing is stored here: events() hands the result to the caller, which adds them as one
// undoable step.
class PasteTimelineDialog : public QDialog
{
    Q_OBJECT

public:
    // `participants` lets a chat nickname become the participant it names.
    explicit PasteTimelineDialog(const ParseContext &context,
        const QList<Participant> &participants, QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const;
    ParsedLinesModel *linesModel() const { return m_model; }
    // The included lines as events for `sessionId`, in the order pasted (storage sorts them).
    QList<TimelineEvent> events(Id sessionId) const;

private:
    void reparse();
    void updateSummary();

    ParseContext m_context;
    QList<Participant> m_participants;
    ParsedLinesModel *m_model;
    QPlainTextEdit *m_text;
    QTableView *m_table;
    QLineEdit *m_source;
    QLabel *m_summary;
    QLabel *m_error;
    QPushButton *m_import;
    QTimer *m_reparseTimer;
};

} // namespace hindsight
