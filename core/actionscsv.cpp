#include "actionscsv.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringList>

namespace hindsight {

// The columns and what each importer makes of them:
//   Summary     Jira "Summary" (required)            GitHub issue "title"
//   Description Jira "Description"                   GitHub issue "body"
//   Assignee    Jira "Assignee" (matched to a user   GitHub "assignees" (a login; free-text
//               by name or e-mail at import time)    owners need mapping by hand)
//   Due date    Jira "Due Date"; ISO yyyy-MM-dd, the format to give the wizard's date setting;
//               GitHub has no due date: map to a milestone or leave it unmapped
//   Status      Jira "Status" (To Do / In Progress / Done / Won't Do, the default workflow)
//   Priority    Jira "Priority" (Low / Medium / High / Highest, Jira's default scheme)
//               GitHub: map to a label
//   Labels      Jira "Labels" (space separated, no spaces inside a label)
//               GitHub "labels"
//   Session     no standard field: map to a custom field or append to the description
// Jira and GitHub both want the header names in the first row, which is why they are English
// and never translated.
namespace {

QString jiraStatus(ActionStatus s)
{
    switch (s) {
    case ActionStatus::Open: return QStringLiteral("To Do");
    case ActionStatus::InProgress: return QStringLiteral("In Progress");
    case ActionStatus::Done: return QStringLiteral("Done");
    case ActionStatus::Dropped: return QStringLiteral("Won't Do");
    }
    return {};
}

QString jiraPriority(ActionPriority p)
{
    switch (p) {
    case ActionPriority::Low: return QStringLiteral("Low");
    case ActionPriority::Medium: return QStringLiteral("Medium");
    case ActionPriority::High: return QStringLiteral("High");
    case ActionPriority::Critical: return QStringLiteral("Highest");
    }
    return {};
}

QString description(const WorkspaceAction &w)
{
    const bool pre = w.sessionKind == SessionKind::PreMortem;
    QString text = pre ? QStringLiteral("From the pre-mortem \"%1\".").arg(w.sessionTitle)
                       : QStringLiteral("From the post-mortem \"%1\".").arg(w.sessionTitle);
    text += QStringLiteral(" Type: %1.").arg(toKey(w.action.type));
    if (!w.action.tracker.trimmed().isEmpty())
        text += QStringLiteral(" Tracker: %1.").arg(w.action.tracker.trimmed());
    return text;
}

QString labels(const WorkspaceAction &w)
{
    return QStringList {QStringLiteral("hindsight"), toKey(w.sessionKind), toKey(w.action.type)}
        .join(u' ');
}

} // namespace

QString csvField(const QString &value)
{
    QString v = value;
    // A spreadsheet that opens the file would evaluate these as formulas (CSV injection).
    if (!v.isEmpty()) {
        const QChar c = v.front();
        if (c == u'=' || c == u'+' || c == u'-' || c == u'@' || c == u'\t' || c == u'\r')
            v.prepend(u'\'');
    }
    const bool quote =
        v.contains(u',') || v.contains(u'"') || v.contains(u'\r') || v.contains(u'\n');
    if (!quote)
        return v;
    v.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + v + u'"';
}

Status writeActionsCsv(const QList<WorkspaceAction> &actions, QIODevice *device)
{
    if (!device || !device->isWritable())
        return Error {ErrorCode::Io,
            QCoreApplication::translate(
                "hindsight::ActionsCsv", "The file is not open for writing."),
            {}};
    QString out;
    auto row = [&out](const QStringList &fields) {
        QStringList quoted;
        quoted.reserve(fields.size());
        for (const QString &f : fields)
            quoted.append(csvField(f));
        out += quoted.join(u',') + QStringLiteral("\r\n");
    };
    row({QStringLiteral("Summary"), QStringLiteral("Description"), QStringLiteral("Assignee"),
        QStringLiteral("Due date"), QStringLiteral("Status"), QStringLiteral("Priority"),
        QStringLiteral("Labels"), QStringLiteral("Session")});
    for (const WorkspaceAction &w : actions) {
        const ActionItem &a = w.action;
        row({a.what.trimmed(), description(w), a.owner.trimmed(),
            a.due.isValid() ? a.due.toString(Qt::ISODate) : QString(), jiraStatus(a.status),
            jiraPriority(a.priority), labels(w), w.sessionTitle});
    }
    const QByteArray bytes = out.toUtf8();
    if (device->write(bytes) != bytes.size())
        return Error {ErrorCode::Io,
            QCoreApplication::translate(
                "hindsight::ActionsCsv", "The actions could not be written."),
            device->errorString()};
    return ok();
}

} // namespace hindsight
