#pragma once

// The benchmark's workspace: generated from a fixed seed so every run (and every machine)
// measures the same rows.

#include "domain.h"
#include "result.h"

#include <QString>

namespace hindsight::bench {

struct GeneratedWorkspace {
    Id bigSession = 0; // the session with 10,000 events
    int sessions = 0;
    int events = 0;
    int whyNodes = 0;
    int actions = 0;
    qint64 milliseconds = 0; // how long generating took
};

// Word planted in about 1% of the event texts, and one planted in three rows only, so search
// can be measured for a common and a rare hit.
inline constexpr char16_t kCommonWord[] = u"kafkaconsumer";
inline constexpr char16_t kRareWord[] = u"zeppelinfield";

// Writes a fresh workspace at `path` (the file must not exist): 500 sessions, one with
// 10,000 events, 2,000 why nodes and 1,000 actions; 50,000 events in all.
Result<GeneratedWorkspace> generateWorkspace(const QString &path);

// The counts of a workspace made by generateWorkspace (milliseconds stays 0).
Result<GeneratedWorkspace> describeWorkspace(const QString &path);

// A chat log of `lines` lines in the formats people paste (Slack, IRC, plain notes).
QString generateChatLog(int lines);

} // namespace hindsight::bench
