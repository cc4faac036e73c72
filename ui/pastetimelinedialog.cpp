#include "pastetimelinedialog.h"

#include "eventkindstyle.h"
#include "textfields.h"
#include "timelinemodel.h"
#include "wraplabel.h"

#include <QBrush>
#include <QDialogButtonBox>
#include <QFont>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

namespace {

const QColor kMuted(0x6B, 0x6B, 0x6B);
const QColor kWarning(0xB0, 0x2A, 0x1E);

QString roleText(LineRole role)
{
    switch (role) {
    case LineRole::DateHeading: return ParsedLinesModel::tr("date heading");
    case LineRole::Heading: return ParsedLinesModel::tr("heading");
    case LineRole::Speaker: return ParsedLinesModel::tr("chat header");
    case LineRole::TableHeader: return ParsedLinesModel::tr("table header");
    case LineRole::Separator: return ParsedLinesModel::tr("separator");
    case LineRole::Blank: return ParsedLinesModel::tr("blank");
    case LineRole::Event: return ParsedLinesModel::tr("event");
    }
    return {};
}

QString clockText(const EventTime &t, bool withZone, const QString &zone)
{
    if (!t.isKnown())
        return {};
    const QDateTime local = t.utc.toOffsetFromUtc(t.offsetSeconds);
    QString s = t.certainty == TimeCertainty::Approximate ? QStringLiteral("~") : QString();
    s += local.toString(t.hasSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    if (withZone && !zone.isEmpty())
        s += QLatin1Char(' ') + zone;
    return s;
}

} // namespace

ParsedLinesModel::ParsedLinesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ParsedLinesModel::setLines(const QList<ParsedLine> &lines)
{
    beginResetModel();
    m_lines.clear();
    m_included.clear();
    for (const ParsedLine &l : lines) {
        if (l.role == LineRole::Blank || l.role == LineRole::Separator)
            continue;
        m_lines.append(l);
        m_included.append(l.isEvent());
    }
    endResetModel();
}

bool ParsedLinesModel::isIncluded(int row) const
{
    return row >= 0 && row < m_lines.size() && m_lines[row].isEvent() && m_included[row];
}

int ParsedLinesModel::includedCount() const
{
    int n = 0;
    for (int i = 0; i < m_lines.size(); ++i)
        n += isIncluded(i) ? 1 : 0;
    return n;
}

int ParsedLinesModel::includedWithoutTime() const
{
    int n = 0;
    for (int i = 0; i < m_lines.size(); ++i)
        n += isIncluded(i) && !m_lines[i].time.isKnown() ? 1 : 0;
    return n;
}

int ParsedLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int ParsedLinesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParsedLinesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ParsedLine &l = m_lines[index.row()];
    const bool event = l.isEvent();
    if (role == Qt::ForegroundRole) {
        if (!event || !m_included[index.row()])
            return QBrush(kMuted);
        if (index.column() == NoteColumn && l.maybeNextDay)
            return QBrush(kWarning);
        if (index.column() == TimeColumn && !l.time.isKnown())
            return QBrush(kWarning);
        return {};
    }
    if (role == Qt::FontRole && (!event || (index.column() == TimeColumn && !l.time.isKnown()))) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::ToolTipRole)
        return index.column() == NoteColumn ? l.note : l.raw;

    switch (index.column()) {
    case IncludeColumn:
        if (role == Qt::CheckStateRole && event)
            return m_included[index.row()] ? Qt::Checked : Qt::Unchecked;
        return {};
    case LineColumn:
        if (role == Qt::DisplayRole)
            return l.lineNumber;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case DateColumn:
        if (role == Qt::DisplayRole && l.date.isValid()
            && (event || l.role == LineRole::DateHeading)) {
            QDate shown = l.date;
            if (l.time.isKnown())
                shown = l.time.utc.toOffsetFromUtc(l.time.offsetSeconds).date();
            return shown.toString(QStringLiteral("yyyy-MM-dd"));
        }
        return {};
    case TimeColumn:
        if (!event)
            return {};
        if (role == Qt::DisplayRole)
            return l.time.isKnown() ? clockText(l.time, false, {}) : tr("unknown");
        if (role == Qt::EditRole)
            return clockText(l.time, true, l.zone);
        return {};
    case ZoneColumn:
        if (role == Qt::DisplayRole && event && l.time.isKnown()) {
            if (!l.zone.isEmpty())
                return l.zone;
            return m_context.defaultZone.isEmpty() ? QStringLiteral("UTC") : m_context.defaultZone;
        }
        return {};
    case CertaintyColumn:
        if (role == Qt::DisplayRole && event) {
            switch (l.time.certainty) {
            case TimeCertainty::Exact: return tr("exact");
            case TimeCertainty::Approximate: return tr("about");
            case TimeCertainty::Unknown: return tr("unknown");
            }
        }
        return {};
    case KindColumn:
        if (!event)
            return {};
        switch (role) {
        case Qt::DisplayRole: return kindName(l.kind);
        case Qt::EditRole: return int(l.kind);
        case Qt::DecorationRole: return kindIcon(l.kind);
        default: return {};
        }
    case ReporterColumn:
        if (event && (role == Qt::DisplayRole || role == Qt::EditRole))
            return l.reporter;
        return {};
    case TextColumn:
        if (role == Qt::DisplayRole)
            return event ? l.text
                         : QStringLiteral("%1 (%2)").arg(l.raw.trimmed(), roleText(l.role));
        if (role == Qt::EditRole && event)
            return l.text;
        return {};
    case NoteColumn:
        if (role == Qt::DisplayRole)
            return l.note;
        return {};
    default: return {};
    }
}

QVariant ParsedLinesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IncludeColumn: return tr("Import");
    case LineColumn: return tr("Line");
    case DateColumn: return tr("Date");
    case TimeColumn: return tr("Time");
    case ZoneColumn: return tr("Zone");
    case CertaintyColumn: return tr("Certainty");
    case KindColumn: return tr("Kind");
    case ReporterColumn: return tr("Reported by");
    case TextColumn: return tr("Event");
    case NoteColumn: return tr("How it was read");
    default: return {};
    }
}

Qt::ItemFlags ParsedLinesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (!m_lines[index.row()].isEvent())
        return f;
    switch (index.column()) {
    case IncludeColumn: f |= Qt::ItemIsUserCheckable; break;
    case TimeColumn:
    case KindColumn:
    case ReporterColumn:
    case TextColumn: f |= Qt::ItemIsEditable; break;
    default: break;
    }
    return f;
}

bool ParsedLinesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int row = index.row();
    ParsedLine &l = m_lines[row];
    if (!l.isEvent())
        return false;
    if (index.column() == IncludeColumn && role == Qt::CheckStateRole) {
        m_included[row] = value.toInt() == Qt::Checked;
        Q_EMIT dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    switch (index.column()) {
    case TimeColumn: {
        ParseContext ctx = m_context;
        if (l.date.isValid())
            ctx.defaultDate = l.date;
        for (int i = row - 1; i >= 0; --i) {
            if (m_lines[i].isEvent() && m_lines[i].time.isKnown()) {
                ctx.previous = m_lines[i].time.utc;
                break;
            }
        }
        const QString typed = value.toString();
        if (typed.trimmed() == data(index, Qt::EditRole).toString())
            return true; // left as it was: keep the parser's own note
        const auto t = TimelineParser::parseTypedTime(typed, ctx);
        if (!t) {
            Q_EMIT editRejected(tr("Could not read the time \u201c%1\u201d on line %2. Try 14:05, "
                                   "~14:05, 9:37 AM PST, or leave it blank for unknown.")
                                    .arg(typed.trimmed())
                                    .arg(l.lineNumber));
            return false;
        }
        l.time = *t;
        l.maybeNextDay = false;
        if (t->isKnown()) {
            const QDateTime local = t->utc.toOffsetFromUtc(t->offsetSeconds);
            l.date = local.date();
            l.clock = local.time();
        } else {
            l.clock = QTime();
        }
        // Keep what the user wrote as the zone, so the zone column tells the truth.
        l.zone = t->zone == m_context.defaultZone ? QString() : t->zone;
        l.note = t->isKnown() ? tr("time typed in the preview")
                              : tr("time set to unknown in the preview");
        break;
    }
    case KindColumn: {
        const int k = value.toInt();
        if (!allEventKinds().contains(EventKind(k)))
            return false;
        l.kind = EventKind(k);
        break;
    }
    case ReporterColumn: l.reporter = value.toString().trimmed(); break;
    case TextColumn: {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return false;
        l.text = text;
        break;
    }
    default: return false;
    }
    Q_EMIT dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
    return true;
}

// ---------------------------------------------------------------------------------------------

PasteTimelineDialog::PasteTimelineDialog(
    const ParseContext &context, const QList<Participant> &participants, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_participants(participants)
    , m_model(new ParsedLinesModel(this))
    , m_text(new QPlainTextEdit(this))
    , m_table(new QTableView(this))
    , m_source(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_error(new WrapLabel(this))
    , m_import(new QPushButton(this))
    , m_reparseTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("pasteTimelineDialog"));
    setWindowTitle(tr("Paste a timeline"));
    m_model->setContext(context);

    auto *intro = new WrapLabel(
        tr("Paste a chat log or a timeline: Slack or IRC lines, a Markdown table or list, or lines "
           "like \u201c14:05 alert fired\u201d. Check how each line was read and fix it below; a "
           "line without a readable time becomes an event with an unknown time."),
        this);

    m_text->setObjectName(QStringLiteral("pasteText"));
    m_text->setPlaceholderText(tr("Paste here (Ctrl+V)"));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(true);

    m_table->setObjectName(QStringLiteral("pastePreview"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(ParsedLinesModel::KindColumn, new EventKindDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ParsedLinesModel::TextColumn, QHeaderView::Stretch);
    // The note can be long; the event text matters more. Its tooltip shows all of it.
    header->setSectionResizeMode(ParsedLinesModel::NoteColumn, QHeaderView::Interactive);
    header->resizeSection(ParsedLinesModel::NoteColumn, fontMetrics().averageCharWidth() * 40);
    header->setStretchLastSection(false);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_text);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    m_source->setObjectName(QStringLiteral("pasteSource"));
    acceptAnyLength(m_source);
    m_source->setText(tr("chat log"));
    m_source->setToolTip(tr("Where these events are known from; shown in the source column."));
    auto *form = new QFormLayout;
    form->addRow(tr("&Source of these events:"), m_source);

    m_summary->setObjectName(QStringLiteral("pasteSummary"));
    m_error->setObjectName(QStringLiteral("pasteError"));
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, kWarning);
    m_error->setPalette(pal);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(this);
    m_import->setObjectName(QStringLiteral("pasteImport"));
    m_import->setDefault(true);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("pasteCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(splitter, 1);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    // Re-read after typing pauses, not on every keystroke of a long paste.
    m_reparseTimer->setSingleShot(true);
    m_reparseTimer->setInterval(250);
    connect(m_reparseTimer, &QTimer::timeout, this, &PasteTimelineDialog::reparse);
    connect(m_text, &QPlainTextEdit::textChanged, m_reparseTimer, qOverload<>(&QTimer::start));
    connect(m_model, &QAbstractItemModel::dataChanged, this, &PasteTimelineDialog::updateSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PasteTimelineDialog::updateSummary);
    connect(m_model, &ParsedLinesModel::editRejected, this, [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    });

    if (parent)
        resize(parent->window()->size() * 0.8);
    else
        resize(fontMetrics().averageCharWidth() * 150, fontMetrics().height() * 40);
    updateSummary();
}

void PasteTimelineDialog::setText(const QString &text)
{
    m_text->setPlainText(text);
    m_reparseTimer->stop();
    reparse();
}

QString PasteTimelineDialog::text() const
{
    return m_text->toPlainText();
}

void PasteTimelineDialog::reparse()
{
    m_error->hide();
    m_model->setLines(TimelineParser::parse(m_text->toPlainText(), m_context));
    // Measuring a row lays out the text of each of its cells: fine for a chat log, tens of
    // seconds for a paste of 100,000 lines. Rows are one line each (no word wrap), so a long
    // paste gets the height of its tallest first rows.
    constexpr int kMeasuredRows = 1000;
    if (m_model->rowCount() <= kMeasuredRows) {
        m_table->resizeRowsToContents();
    } else {
        int height = 0;
        for (int row = 0; row < kMeasuredRows; ++row) {
            m_table->resizeRowToContents(row);
            height = std::max(height, m_table->rowHeight(row));
        }
        m_table->verticalHeader()->setDefaultSectionSize(height);
    }
}

void PasteTimelineDialog::updateSummary()
{
    const int n = m_model->includedCount();
    const int unknown = m_model->includedWithoutTime();
    int nextDay = 0;
    for (int i = 0; i < m_model->rowCount(); ++i)
        nextDay += m_model->isIncluded(i) && m_model->lines()[i].maybeNextDay ? 1 : 0;
    QStringList parts;
    parts.append(tr("%n event(s) to import", nullptr, n));
    if (unknown > 0)
        parts.append(tr("%n without a time", nullptr, unknown));
    if (nextDay > 0)
        parts.append(tr("%n may be on the next day: check the date", nullptr, nextDay));
    m_summary->setText(parts.join(QStringLiteral(" \u00B7 ")));
    m_import->setText(tr("&Import %n event(s)", nullptr, n));
    m_import->setEnabled(n > 0);
}

QList<TimelineEvent> PasteTimelineDialog::events(Id sessionId) const
{
    QList<TimelineEvent> list;
    const QString source = m_source->text().trimmed();
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (!m_model->isIncluded(i))
            continue;
        const ParsedLine &l = m_model->lines()[i];
        TimelineEvent e;
        e.sessionId = sessionId;
        e.time = l.time;
        e.kind = l.kind;
        // Never an empty event: a line with nothing but a time keeps its raw text.
        e.text = l.text.trimmed().isEmpty() ? l.raw.trimmed() : l.text.trimmed();
        e.reporterId = participantNamed(m_participants, l.reporter);
        e.reporterText = e.reporterId != 0 ? QString() : l.reporter;
        e.source = source;
        list.append(e);
    }
    return list;
}

} // namespace hindsight
