#pragma once

// The JSON session format: one whole session (a SessionSnapshot) in one UTF-8 file, for
// `export --format json` and `import FILE.json`. The format is documented field by field in
// docs/session-format.md; this code and that page change together.

#include "domain.h"
#include "result.h"

#include <QByteArray>

class QIODevice;

namespace hindsight {

// The format version this build writes and the newest it reads. Raise it only when an older
// Hindsight would misread a new file; adding a field that old readers may ignore does not.
constexpr int kSessionFormatVersion = 1;

// The value of the top-level "format" member, so a stray JSON file is not taken for a session.
inline constexpr char kSessionFormatName[] = "hindsight-session";

// Writes the snapshot as compact or indented UTF-8 JSON (indented output ends with a newline).
// Ids in the file are the snapshot's ids; they only tie the file's records together. The
// snapshot is checked first with checkSessionSnapshot(), so every file written here can be
// read back: a snapshot that breaks a rule gives InvalidInput and nothing is written. A device
// that is not writable or fails while writing gives Io.
Status writeSessionJson(const SessionSnapshot &snapshot, QIODevice *out, bool indented = true);

// The same bytes as writeSessionJson(); empty when the snapshot breaks a rule.
QByteArray sessionToJson(const SessionSnapshot &snapshot, bool indented = true);

// Strict reader. Anything wrong gives ErrorCode::InvalidInput with a message that starts with
// the JSON path of the problem ("events[3].time.utc: not an ISO 8601 instant ..."); a file
// from a newer format version gives ErrorCode::NewerSchema. Unknown members are ignored, so
// files from a later minor revision still open. Every child's sessionId is set to the
// session's id.
Result<SessionSnapshot> readSessionJson(const QByteArray &json);

// The rules a snapshot must follow to be written, and that a file must follow to be read:
// unique positive ids, references that resolve inside the snapshot, no cycle among why nodes,
// values in range, dates in years 1..9999, text without NUL characters or broken UTF-16.
// The error names the offending field with the same path the file would use.
Status checkSessionSnapshot(const SessionSnapshot &snapshot);

} // namespace hindsight
