#include "timeaxiswidget.h"

#include "eventkindstyle.h"
#include "timelinemodel.h"
#include "wraplabel.h"

#include <QEvent>
#include <QGridLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace hindsight {

namespace {

const QColor kInk(0x1F, 0x23, 0x28);
const QColor kMuted(0x5F, 0x66, 0x6D);
const QColor kWarning(0xB0, 0x2A, 0x1E);
const QColor kImpact(0xD5, 0x5E, 0x00);

// The first event of a kind with a known time (the metrics' endpoints).
const TimelineEvent *firstOf(const QList<TimelineEvent> &events, EventKind kind)
{
    const TimelineEvent *best = nullptr;
    for (const TimelineEvent &e : events) {
        if (e.kind == kind && e.time.isKnown() && (!best || e.time.utc < best->time.utc))
            best = &e;
    }
    return best;
}

const TimelineEvent *lastOf(const QList<TimelineEvent> &events, EventKind kind)
{
    const TimelineEvent *best = nullptr;
    for (const TimelineEvent &e : events) {
        if (e.kind == kind && e.time.isKnown() && (!best || e.time.utc > best->time.utc))
            best = &e;
    }
    return best;
}

// Tick spacing that leaves room for a label between ticks.
qint64 tickStep(qint64 spanSeconds, double width, double labelWidth)
{
    static constexpr std::array<qint64, 16> steps {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
        21600, 43200, 86400, 172800, 604800, 2592000, 31536000};
    const double maxTicks = std::max(1.0, width / (labelWidth * 1.6));
    for (qint64 s : steps) {
        if (spanSeconds / double(s) <= maxTicks)
            return s;
    }
    return steps.back();
}

} // namespace

TimeAxisWidget::TimeAxisWidget(TimelineModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleName(tr("Time axis"));
    setToolTip(QString()); // tooltips are per marker, see event()
    auto repaint = [this] { update(); };
    connect(model, &QAbstractItemModel::modelReset, this, repaint);
    connect(model, &QAbstractItemModel::rowsInserted, this, repaint);
    connect(model, &QAbstractItemModel::rowsRemoved, this, repaint);
    connect(model, &QAbstractItemModel::rowsMoved, this, repaint);
    connect(model, &QAbstractItemModel::dataChanged, this, repaint);
    connect(model, &TimelineModel::sessionDataChanged, this, repaint);
}

void TimeAxisWidget::setCurrentEvent(Id eventId)
{
    if (eventId == m_current)
        return;
    m_current = eventId;
    update();
}

QRectF TimeAxisWidget::markerRect(Id eventId) const
{
    for (const Marker &m : m_markers) {
        if (m.id == eventId)
            return m.rect;
    }
    return {};
}

QSize TimeAxisWidget::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 80, fontMetrics().height() * 8};
}

QSize TimeAxisWidget::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 30, fontMetrics().height() * 7};
}

Id TimeAxisWidget::markerAt(const QPointF &pos) const
{
    // Topmost (last painted) first, with a little slack for fingers and projector pointers.
    for (auto it = m_markers.crbegin(); it != m_markers.crend(); ++it) {
        if (it->rect.adjusted(-3, -3, 3, 3).contains(pos))
            return it->id;
    }
    return 0;
}

bool TimeAxisWidget::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const Id id = markerAt(help->pos());
        const int row = m_model->rowOf(id);
        if (row < 0) {
            QToolTip::hideText();
            e->ignore();
            return true;
        }
        const TimelineEvent ev = m_model->eventAt(row);
        QToolTip::showText(help->globalPos(),
            tr("%1 \u2014 %2\n%3").arg(m_model->displayTime(ev.time), kindName(ev.kind), ev.text),
            this);
        return true;
    }
    return QWidget::event(e);
}

void TimeAxisWidget::mousePressEvent(QMouseEvent *e)
{
    const Id id = markerAt(e->position());
    if (id != 0 && e->button() == Qt::LeftButton) {
        Q_EMIT eventActivated(id);
        e->accept();
        return;
    }
    QWidget::mousePressEvent(e);
}

void TimeAxisWidget::mouseMoveEvent(QMouseEvent *e)
{
    setCursor(markerAt(e->position()) != 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(e);
}

void TimeAxisWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    m_markers.clear();

    const QFontMetricsF fm(font());
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(QColor(0xD0, 0xD4, 0xD9), 1));
    p.setBrush(QColor(0xFB, 0xFB, 0xFC));
    p.drawRoundedRect(frame, fm.height() * 0.4, fm.height() * 0.4);

    const QList<TimelineEvent> &events = m_model->events();
    QList<const TimelineEvent *> known;
    for (const TimelineEvent &e : events) {
        if (e.time.isKnown())
            known.append(&e);
    }
    const qsizetype unknownCount = events.size() - known.size(); // the metrics panel counts them

    const qreal pad = fm.height() * 0.8;
    const QRectF area = frame.adjusted(pad, pad * 0.6, -pad, -pad * 0.6);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    const QFontMetricsF smallFm(small);

    if (known.isEmpty()) {
        p.setPen(kMuted);
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
            unknownCount > 0
                ? tr("None of the %n event(s) has a time yet. Events with a time appear here, "
                     "to scale.",
                    nullptr, int(unknownCount))
                : tr("Events with a time appear here, to scale, as you add them."));
        return;
    }

    // Vertical bands, top to bottom: phase labels, event lanes, the axis, tick labels.
    const qreal labelBand = fm.height() * 1.3;
    const qreal tickBand = smallFm.height() * 1.5;
    const qreal axisY = area.bottom() - tickBand;
    const QRectF lanes(
        area.left(), area.top() + labelBand, area.width(), axisY - area.top() - labelBand);
    const qreal marker = std::max<qreal>(14.0, fm.height() * 1.4);

    qint64 t0 = known.first()->time.utc.toSecsSinceEpoch();
    qint64 t1 = t0;
    for (const TimelineEvent *e : std::as_const(known)) {
        t0 = std::min(t0, e->time.utc.toSecsSinceEpoch());
        t1 = std::max(t1, e->time.utc.toSecsSinceEpoch());
    }
    if (t1 - t0 < 600) {
        // One event, or a burst within minutes: show a readable window around it.
        const qint64 mid = (t0 + t1) / 2;
        t0 = mid - 300;
        t1 = mid + 300;
    }
    const qreal inset = marker * 0.75;
    const qreal x0 = area.left() + inset;
    const qreal x1 = area.right() - inset;
    auto xOf = [&](const QDateTime &t) {
        return x0 + (x1 - x0) * double(t.toSecsSinceEpoch() - t0) / double(t1 - t0);
    };

    // Impact window: first impact start to last resolution (else last mitigation).
    const TimelineEvent *impact = firstOf(events, EventKind::ImpactStart);
    const TimelineEvent *end = lastOf(events, EventKind::Resolution);
    if (!end)
        end = lastOf(events, EventKind::Mitigation);
    QString impactWarning;
    if (impact) {
        const qreal xs = xOf(impact->time.utc);
        qreal xe = x1 + inset;
        bool open = true;
        if (end && end->time.utc >= impact->time.utc) {
            xe = xOf(end->time.utc);
            open = false;
        } else if (end) {
            impactWarning = tr("The impact ends before it starts: check the times.");
        }
        if (impactWarning.isEmpty()) {
            QRectF band(xs, lanes.top(), std::max<qreal>(2.0, xe - xs), axisY - lanes.top());
            QColor fill = kImpact;
            fill.setAlphaF(0.14);
            if (open) {
                QLinearGradient g(band.topLeft(), band.topRight());
                g.setColorAt(0.0, fill);
                g.setColorAt(0.8, fill);
                QColor clear = fill;
                clear.setAlphaF(0.0);
                g.setColorAt(1.0, clear);
                p.fillRect(band, g);
            } else {
                p.fillRect(band, fill);
            }
            p.setPen(kImpact.darker(130));
            p.setFont(small);
            p.drawText(band.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
                open ? tr("Impact (no end yet)") : tr("Impact"));
        }
    }

    // Axis and ticks, in the session's zone.
    p.setPen(QPen(kInk, 1.5));
    p.drawLine(QPointF(area.left(), axisY), QPointF(area.right(), axisY));
    const QTimeZone zone = m_model->displayZone();
    const qint64 step =
        tickStep(t1 - t0, x1 - x0, smallFm.horizontalAdvance(QStringLiteral("00 Mmm 00:00")));
    const int offset = QDateTime::fromSecsSinceEpoch(t0, zone).offsetFromUtc();
    qint64 tick = ((t0 + offset + step - 1) / step) * step - offset;
    p.setFont(small);
    QDate lastDate;
    qreal lastLabelRight = -1e9;
    for (; tick <= t1; tick += step) {
        const QDateTime local = QDateTime::fromSecsSinceEpoch(tick, zone);
        const qreal x = xOf(local);
        p.setPen(QPen(kMuted, 1));
        p.drawLine(QPointF(x, axisY), QPointF(x, axisY + smallFm.height() * 0.3));
        QString label =
            local.toString(step >= 86400 ? QStringLiteral("d MMM") : QStringLiteral("HH:mm"));
        if (step < 86400 && local.date() != lastDate && lastDate.isValid())
            label = local.toString(QStringLiteral("d MMM HH:mm"));
        const qreal w = smallFm.horizontalAdvance(label);
        QRectF lr(x - w / 2, axisY + smallFm.height() * 0.35, w, smallFm.height());
        if (lr.left() < area.left())
            lr.moveLeft(area.left());
        if (lr.right() > area.right())
            lr.moveRight(area.right());
        if (lr.left() > lastLabelRight + 4) {
            p.setPen(kMuted);
            p.drawText(lr, Qt::AlignCenter, label);
            lastLabelRight = lr.right();
        }
        lastDate = local.date();
    }

    // Phase lines: where detection, mitigation and resolution first happened.
    struct Phase {
        EventKind kind;
        QString label;
    };
    const std::array<Phase, 3> phases {Phase {EventKind::Detection, tr("Detected")},
        Phase {EventKind::Mitigation, tr("Mitigated")},
        Phase {EventKind::Resolution, tr("Resolved")}};
    p.setFont(font());
    qreal phaseLabelRight = -1e9;
    for (const Phase &ph : phases) {
        const TimelineEvent *e = firstOf(events, ph.kind);
        if (!e)
            continue;
        const qreal x = xOf(e->time.utc);
        const bool wrongOrder = impact && e->time.utc < impact->time.utc;
        const QColor c = wrongOrder ? kWarning : kindColor(ph.kind).darker(115);
        QPen pen(c, 2);
        if (e->time.certainty == TimeCertainty::Approximate)
            pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(x, area.top() + labelBand * 0.9), QPointF(x, axisY));
        QString text = ph.label;
        if (wrongOrder)
            text = QStringLiteral("\u26A0 ") + text;
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const qreal w = QFontMetricsF(bold).horizontalAdvance(text);
        QRectF lr(x - w / 2, area.top(), w, labelBand * 0.9);
        lr.moveLeft(std::max(lr.left(), phaseLabelRight + 6));
        if (lr.right() > area.right())
            lr.moveRight(area.right());
        if (lr.left() < area.left())
            lr.moveLeft(area.left());
        p.setPen(c);
        p.drawText(lr, Qt::AlignCenter, text);
        phaseLabelRight = lr.right();
    }

    // Events, stacked in lanes above the axis so close ones do not hide each other.
    const int laneCount = std::max(1, int((lanes.height() - marker * 0.3) / (marker * 1.1)));
    QList<qreal> laneRight(laneCount, -1e9);
    // When every lane is full, a marker that would land almost exactly on the one before it
    // is left out and counted: it could be neither seen nor clicked, and a 10,000-event
    // incident would otherwise paint 10,000 shapes on each repaint.
    qsizetype covered = 0;
    for (const TimelineEvent *e : std::as_const(known)) {
        const qreal x = xOf(e->time.utc);
        int lane = 0;
        while (lane < laneCount - 1 && laneRight[lane] > x - marker * 0.55)
            ++lane;
        if (lane == laneCount - 1 && laneRight[lane] > x + marker * 0.25 && !e->starred
            && e->id != m_current) {
            ++covered;
            continue;
        }
        laneRight[lane] = x + marker * 0.55;
        const qreal cy = axisY - marker * 0.75 - lane * marker * 1.1;
        QRectF r(0, 0, marker, marker);
        r.moveCenter(QPointF(x, cy));
        // A tick from the marker to the axis says exactly where it sits.
        p.setPen(QPen(QColor(0xA0, 0xA6, 0xAD), 1));
        p.drawLine(QPointF(x, r.bottom()), QPointF(x, axisY));
        // Approximate times are drawn hollow: known to be about here, not exactly.
        const QPixmap &look =
            sprite(e->kind, e->time.certainty == TimeCertainty::Approximate, e->starred, marker);
        const QSizeF lookSize = look.deviceIndependentSize();
        // Whole pixels: a pixmap at a fractional position is resampled, which is slow.
        p.drawPixmap(
            QPointF(std::round(x - lookSize.width() / 2), std::round(cy - lookSize.height() / 2)),
            look);
        if (e->id == m_current) {
            p.setPen(QPen(kInk, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(r.adjusted(-marker * 0.3, -marker * 0.3, marker * 0.3, marker * 0.3));
        }
        m_markers.append({e->id, r});
    }
    if (covered > 0) {
        p.setFont(small);
        p.setPen(kMuted);
        p.drawText(lanes.adjusted(4, 2, -4, 0), Qt::AlignRight | Qt::AlignTop,
            tr("%n more event(s) hidden under others: filter the table or read it below", nullptr,
                int(covered)));
    }

    // An impossible impact window is said plainly where the window would have been.
    if (!impactWarning.isEmpty()) {
        p.setFont(small);
        p.setPen(kWarning);
        p.drawText(lanes.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop,
            QStringLiteral("\u26A0 ") + impactWarning);
    }
}

const QPixmap &TimeAxisWidget::sprite(EventKind kind, bool hollow, bool starred, qreal marker)
{
    const qreal ratio = devicePixelRatioF();
    if (marker != m_spriteSize || ratio != m_spriteRatio) {
        m_sprites.clear();
        m_spriteSize = marker;
        m_spriteRatio = ratio;
    }
    const int key = int(kind) * 4 + (hollow ? 2 : 0) + (starred ? 1 : 0);
    auto found = m_sprites.constFind(key);
    if (found != m_sprites.cend())
        return *found;
    // Room for the halo (0.22 of the marker on each side) and its pen.
    const qreal side = std::ceil(marker * 1.44 + 4);
    QPixmap pixmap(QSize(int(std::ceil(side * ratio)), int(std::ceil(side * ratio))));
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QRectF r(0, 0, marker, marker);
    r.moveCenter(QPointF(side / 2, side / 2));
    if (starred) {
        p.setPen(QPen(QColor(0xB3, 0x6B, 0x00), 2));
        p.setBrush(QColor(0xFF, 0xD5, 0x4F, 140));
        p.drawEllipse(r.adjusted(-marker * 0.22, -marker * 0.22, marker * 0.22, marker * 0.22));
    }
    paintKindMarker(&p, r, kind, hollow);
    p.end();
    return *m_sprites.insert(key, pixmap);
}

// ---------------------------------------------------------------------------------------------

TimelineMetricsPanel::TimelineMetricsPanel(TimelineModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(fontMetrics().averageCharWidth() * 2);
    grid->setVerticalSpacing(2);
    const std::array<std::pair<QString, QString>, 4> rows {
        std::pair {tr("Time to detect"), QStringLiteral("metricDetect")},
        std::pair {tr("Time to mitigate"), QStringLiteral("metricMitigate")},
        std::pair {tr("Time to resolve"), QStringLiteral("metricResolve")},
        std::pair {tr("Total impact"), QStringLiteral("metricImpact")}};
    for (int i = 0; i < int(rows.size()); ++i) {
        auto *name = new QLabel(rows[i].first, this);
        auto *value = new QLabel(this);
        value->setObjectName(rows[i].second);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        name->setBuddy(value);
        grid->addWidget(name, i, 0, Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(value, i, 1, Qt::AlignRight | Qt::AlignVCenter);
        m_names.append(name);
        m_values.append(value);
    }
    m_note = new WrapLabel(this);
    m_note->setObjectName(QStringLiteral("metricNote"));
    grid->addWidget(m_note, int(rows.size()), 0, 1, 2);
    grid->setRowStretch(int(rows.size()) + 1, 1);
    applyFonts();

    connect(model, &QAbstractItemModel::modelReset, this, &TimelineMetricsPanel::scheduleRefresh);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TimelineMetricsPanel::scheduleRefresh);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TimelineMetricsPanel::scheduleRefresh);
    connect(model, &QAbstractItemModel::rowsMoved, this, &TimelineMetricsPanel::scheduleRefresh);
    connect(model, &QAbstractItemModel::dataChanged, this, &TimelineMetricsPanel::scheduleRefresh);
    refresh();
}

void TimelineMetricsPanel::scheduleRefresh()
{
    // A paste inserts many rows at once; compute once after the burst.
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, &TimelineMetricsPanel::refresh);
}

void TimelineMetricsPanel::refresh()
{
    m_refreshQueued = false;
    m_metrics = computeTimelineMetrics(m_model->events());
    const std::array<const TimelineMetric *, 4> list {&m_metrics.timeToDetect,
        &m_metrics.timeToMitigate, &m_metrics.timeToResolve, &m_metrics.totalImpact};
    for (int i = 0; i < int(list.size()); ++i) {
        const TimelineMetric &m = *list[i];
        QLabel *value = m_values[i];
        QString text;
        QColor color = kInk;
        if (m.available) {
            text = (m.approximate ? QStringLiteral("~") : QString()) + formatDuration(m.seconds);
        } else if (m.impossible) {
            text = tr("\u26A0 check order");
            color = kWarning;
        } else {
            text = QStringLiteral("\u2014");
            color = kMuted;
        }
        value->setText(text);
        QPalette pal = value->palette();
        pal.setColor(QPalette::WindowText, color);
        value->setPalette(pal);
        value->setToolTip(m.explanation);
        m_names[i]->setToolTip(m.explanation);
        value->setAccessibleDescription(m.explanation);
    }
    // The axis cannot draw events without a time; say how many there are, so none is forgotten.
    qsizetype unknown = 0;
    for (const TimelineEvent &e : m_model->events())
        unknown += e.time.isKnown() ? 0 : 1;
    m_note->setText(unknown > 0
            ? tr("%n event(s) without a time, not on the axis", nullptr, int(unknown))
            : QString());
    m_note->setVisible(unknown > 0);
}

void TimelineMetricsPanel::changeEvent(QEvent *e)
{
    QWidget::changeEvent(e);
    if (e->type() == QEvent::FontChange)
        applyFonts();
}

void TimelineMetricsPanel::applyFonts()
{
    // Values are what people read from the back of the room: larger than the names, and
    // relative to the window's font so zoom keeps working.
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.35);
    big.setBold(true);
    for (QLabel *v : std::as_const(m_values))
        v->setFont(big);
    for (QLabel *n : m_names + QList<QLabel *> {m_note}) {
        QPalette pal = n->palette();
        pal.setColor(QPalette::WindowText, kMuted);
        n->setPalette(pal);
    }
}

} // namespace hindsight
