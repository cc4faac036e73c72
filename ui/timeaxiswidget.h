#pragma once

#include "domain.h"
#include "timelinemetrics.h"

#include <QHash>
#include <QList>
#include <QPixmap>
#include <QRectF>
#include <QWidget>

class QLabel;

namespace hindsight {

class TimelineModel;

// The timeline drawn to scale: every event with a known time as its kind's marker, the impact
// window shaded, and lines where the incident was detected, mitigated and resolved. People
// see gaps and clusters on an axis that a table hides ("think diagrammatically").
class TimeAxisWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TimeAxisWidget(TimelineModel *model, QWidget *parent = nullptr);

    // Rings the event (the table's current row); 0 for none.
    void setCurrentEvent(Id eventId);
    Id currentEvent() const { return m_current; }
    // Where an event's marker was last drawn (empty when not drawn), for tests and tooltips.
    QRectF markerRect(Id eventId) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // The user clicked an event's marker.
    void eventActivated(hindsight::Id eventId);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    struct Marker {
        Id id = 0;
        QRectF rect;
    };
    Id markerAt(const QPointF &pos) const;
    // One event's marker (its kind's shape, hollow when approximate, a halo when starred),
    // drawn once per look and size and then copied: antialiased shapes with translucent fills
    // cost about a third of opening a 10,000-event session when drawn one by one.
    const QPixmap &sprite(EventKind kind, bool hollow, bool starred, qreal marker);

    TimelineModel *m_model;
    Id m_current = 0;
    QList<Marker> m_markers; // as last painted
    QHash<int, QPixmap> m_sprites; // by look, for m_spriteSize and m_spriteRatio
    qreal m_spriteSize = 0;
    qreal m_spriteRatio = 0;
};

// The live durations beside the axis: time to detect, mitigate, resolve and the total impact.
// An impossible order shows as a warning, never as a negative duration.
class TimelineMetricsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineMetricsPanel(TimelineModel *model, QWidget *parent = nullptr);

    TimelineMetrics metrics() const { return m_metrics; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void scheduleRefresh();
    void applyFonts();

    TimelineModel *m_model;
    TimelineMetrics m_metrics;
    QList<QLabel *> m_names;
    QList<QLabel *> m_values;
    QLabel *m_note = nullptr;
    bool m_refreshQueued = false;
};

} // namespace hindsight
