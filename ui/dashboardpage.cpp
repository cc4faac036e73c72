#include "dashboardpage.h"

#include "actionscsv.h"
#include "dashboardmodel.h"
#include "editor.h"
#include "wrappedtable.h"

#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace hindsight {

namespace {

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

DashboardPage::DashboardPage(Editor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_model(new DashboardModel(editor, this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(DashboardModel::SortRole);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    m_title = new QLabel(tr("Open actions in all sessions"), this);
    m_title->setObjectName(QStringLiteral("dashboardTitle"));
    layout->addWidget(m_title);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dashboardSummary"));
    layout->addWidget(m_summary);

    auto *bar = new QHBoxLayout;
    m_order = new QPushButton(tr("Overdue first"), this);
    m_order->setObjectName(QStringLiteral("overdueFirstButton"));
    m_order->setToolTip(tr("Back to the standard order: overdue first, then by due date"));
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportCsvButton"));
    m_export->setToolTip(tr("Save the open actions as a CSV file that Jira or GitHub can import"));
    bar->addWidget(m_order);
    bar->addStretch(1);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("dashboardTable"));
    m_view->setModel(m_proxy);
    m_rows = WrappedTable::install(m_view);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *h = m_view->horizontalHeader();
    // What and the session title share the room left: a fixed-width title column squeezed
    // "What" to a few letters a line in a 1280-pixel window.
    m_rows->setTextColumns({DashboardModel::What, DashboardModel::SessionTitle}, 24);
    // Sorting by a header is offered, but the model's own order (overdue first) is the start.
    h->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    layout->addWidget(m_view, 1);

    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT sessionRequested(index.data(DashboardModel::SessionIdRole).toLongLong(),
            index.data(DashboardModel::ActionIdRole).toLongLong());
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT sessionRequested(index.data(DashboardModel::SessionIdRole).toLongLong(),
            index.data(DashboardModel::ActionIdRole).toLongLong());
    });
    connect(m_export, &QPushButton::clicked, this, &DashboardPage::exportCsvInteractive);
    connect(m_order, &QPushButton::clicked, this, [this]() {
        m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
        m_proxy->sort(-1);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DashboardPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DashboardPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DashboardPage::refreshSummary);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DashboardPage::refreshSummary);

    setFocusProxy(m_view);
    applyFonts();
    refreshSummary();
}

void DashboardPage::applyFonts()
{
    QFont title = scaled(font(), 1.5);
    title.setBold(true);
    m_title->setFont(title);
    m_summary->setFont(scaled(font(), 1.1));
    m_view->setFont(scaled(font(), 1.2));
    const QFontMetrics fm(m_view->font());
    m_rows->setMinimumLines(1.9);
    QHeaderView *h = m_view->horizontalHeader();
    h->resizeSection(DashboardModel::Owner, fm.horizontalAdvance(QStringLiteral("M")) * 12);
    QFont bold = m_view->font();
    bold.setBold(true); // overdue dates are bold
    h->resizeSection(DashboardModel::Due,
        QFontMetrics(bold).horizontalAdvance(QStringLiteral("2026-12-31 (99 days late)")) + 24);
    h->resizeSection(
        DashboardModel::Status, fm.horizontalAdvance(QStringLiteral("In progress")) + 32);
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        applyFonts();
    QWidget::changeEvent(event);
}

void DashboardPage::setSession(Id sessionId)
{
    m_sessionId = sessionId;
}

void DashboardPage::refreshSummary()
{
    const int total = m_model->rowCount();
    const int overdue = m_model->overdueCount();
    QString text = total == 0 ? tr("No open actions. Nothing is waiting on anyone.")
        : total == 1          ? tr("1 open action")
                              : tr("%1 open actions").arg(total);
    if (overdue > 0)
        text += QStringLiteral(" · ") + tr("%1 overdue").arg(overdue);
    m_summary->setText(text);
    m_export->setEnabled(total > 0);
}

bool DashboardPage::exportCsv(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_editor->report(
            Error {ErrorCode::Io, tr("The CSV file could not be created."), file.errorString()});
        return false;
    }
    QList<WorkspaceAction> rows;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        rows.append(m_model->action(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
    if (Status s = writeActionsCsv(rows, &file); !s) {
        file.cancelWriting();
        m_editor->report(s.error());
        return false;
    }
    if (!file.commit()) {
        m_editor->report(
            Error {ErrorCode::Io, tr("The CSV file could not be saved."), file.errorString()});
        return false;
    }
    return true;
}

void DashboardPage::exportCsvInteractive()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Export open actions"),
        dir + QStringLiteral("/open-actions.csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace hindsight
