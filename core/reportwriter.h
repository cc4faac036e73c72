#pragma once

// The Markdown report of a session: what people take away from a post-mortem or pre-mortem
// and paste into a wiki or an issue. Written with MarkdownWriter, so nothing a participant
// typed can change the report's structure.

#include "domain.h"
#include "result.h"

#include <QDate>
#include <QFlags>
#include <QString>

class QIODevice;

namespace hindsight {

struct ReportOptions {
    enum Section {
        // Post-mortem
        PrimeDirective = 1 << 0,
        Summary = 1 << 1,
        Impact = 1 << 2,
        Metrics = 1 << 3,
        Participants = 1 << 4, // both kinds
        Timeline = 1 << 5,
        WhyChains = 1 << 6,
        Actions = 1 << 7,
        Lessons = 1 << 8,
        // Pre-mortem
        Catastrophe = 1 << 9,
        Rounds = 1 << 10,
        Ideas = 1 << 11,
        Ranking = 1 << 12,
        RiskMatrix = 1 << 13,
        Mitigations = 1 << 14,
        AllSections = (1 << 15) - 1,
    };
    Q_DECLARE_FLAGS(Sections, Section)

    bool starredOnly = false; // the timeline shows starred events only
    QString timeZone; // IANA id for the times; empty: the session's zone (UTC if none)
    Sections sections = AllSections;
    QDate today; // for "overdue" marks; invalid: the current date
    // > 0: the timeline and action tables stop after this many rows, followed by a note. For
    // the app's on-screen preview only (Qt's rich text lays out each table cell as a frame,
    // and a 10,000-row table takes minutes); a saved or copied report is never cut.
    int previewRows = 0;
};

// Writes the report as UTF-8 GitHub-flavoured Markdown. The title, the metadata table and
// the section headings are always written; sections without content are left out.
// Errors: InvalidInput when options.timeZone is not a known IANA id; Io when the device
// fails (nothing is rolled back: write to a QSaveFile and commit only on success).
Status writeReport(const SessionSnapshot &snapshot, const ReportOptions &options, QIODevice *out);

} // namespace hindsight

Q_DECLARE_OPERATORS_FOR_FLAGS(hindsight::ReportOptions::Sections)
