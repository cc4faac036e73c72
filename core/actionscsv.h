#pragma once

// Action items as CSV that issue trackers import (Jira's "External System Import" CSV wizard,
// GitHub issue import tools), so the actions of a post-mortem end up where the work is done.

#include "result.h"
#include "workspace.h"

#include <QList>
#include <QString>

class QIODevice;

namespace hindsight {

// Writes a header row and one row per action to `device` (open for writing): RFC 4180
// (comma separated, CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes
// doubled), UTF-8 without a byte order mark. A field that a spreadsheet would run as a formula
// (starting with = + - @, tab or CR) gets a leading apostrophe. Fails with ErrorCode::Io when the
// device refuses the bytes.
Status writeActionsCsv(const QList<WorkspaceAction> &actions, QIODevice *device);

// One field as it appears in the file (quoted and neutralised as above); exposed for tests.
QString csvField(const QString &value);

} // namespace hindsight
