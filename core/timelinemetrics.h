#pragma once

// The durations a post-mortem report leads with (time to detect, mitigate, resolve, and the
// total impact), derived from the timeline. Pure functions of the events: no storage, no UI.

#include "domain.h"

#include <QList>
#include <QString>

namespace hindsight {

// One duration measured from the first known impact start.
//
// Only events with a known time count. When an endpoint is approximate, so is the metric.
// When the order is impossible (detection recorded before the impact started), the metric is
// *not* available and `impossible` says why: a negative duration is never handed out, so no
// caller can show one by accident.
struct TimelineMetric {
    bool available = false; // seconds holds a real, non-negative duration
    qint64 seconds = 0; // 0 unless available
    bool approximate = false; // an endpoint's time is approximate
    bool impossible = false; // both endpoints known, but the end lies before the start
    QString explanation; // one sentence: how it was measured, or why it is missing
    bool operator==(const TimelineMetric &other) const = default;
};

struct TimelineMetrics {
    TimelineMetric timeToDetect; // first Detection  - first ImpactStart
    TimelineMetric timeToMitigate; // first Mitigation - first ImpactStart
    TimelineMetric timeToResolve; // first Resolution - first ImpactStart
    // Last Resolution - first ImpactStart. With no known resolution time it falls back to the
    // last Mitigation (the impact on users usually ends there; the explanation says so); with
    // neither it is not available.
    TimelineMetric totalImpact;
    bool operator==(const TimelineMetrics &other) const = default;
};

// Events may come in any order; events with unknown times are ignored.
TimelineMetrics computeTimelineMetrics(const QList<TimelineEvent> &events);

// A short human duration: the largest unit and the next one when it is not zero, truncated
// ("1 h 25 min", "3 d 2 h", "2 h", "45 s", "0 s"). Negative input gets a leading '-'.
QString formatDuration(qint64 seconds);

} // namespace hindsight
