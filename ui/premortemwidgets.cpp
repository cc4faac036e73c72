#include "premortemwidgets.h"

#include "stagepage.h" // scaledFont

#include <QEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace hindsight {

// ---------------------------------------------------------------------------------------------
// CountdownWidget

CountdownWidget::CountdownWidget(QWidget *parent)
    : QFrame(parent)
    , m_display(new QLabel(this))
    , m_minutes(new QSpinBox(this))
    , m_startPause(new QPushButton(this))
    , m_reset(new QPushButton(tr("Reset"), this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("countdown"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_display->setObjectName(QStringLiteral("countdownDisplay"));
    m_display->setAlignment(Qt::AlignCenter);
    m_display->setAutoFillBackground(true);
    m_minutes->setObjectName(QStringLiteral("countdownMinutes"));
    m_minutes->setRange(1, 60);
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setToolTip(tr("How long the group writes in silence"));
    m_startPause->setObjectName(QStringLiteral("countdownStart"));
    m_reset->setObjectName(QStringLiteral("countdownReset"));
    m_startPause->setToolTip(tr("Start or pause the countdown (F5)"));
    m_startPause->setShortcut(QKeySequence(Qt::Key_F5));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_display, 1);
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_minutes);
    controls->addWidget(m_startPause);
    controls->addWidget(m_reset);
    layout->addLayout(controls);

    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &CountdownWidget::refresh);
    connect(m_startPause, &QPushButton::clicked, this, &CountdownWidget::toggle);
    connect(m_reset, &QPushButton::clicked, this, &CountdownWidget::reset);
    connect(m_minutes, &QSpinBox::valueChanged, this, [this](int minutes) {
        if (minutes * 60 != m_duration) {
            setDuration(minutes * 60);
            Q_EMIT durationChanged(m_duration);
        }
    });
    applyFonts();
    setDuration(300);
}

void CountdownWidget::setDuration(int seconds)
{
    m_duration = std::max(1, seconds);
    {
        const QSignalBlocker block(m_minutes);
        m_minutes->setValue(std::max(1, (m_duration + 59) / 60));
    }
    reset();
}

qint64 CountdownWidget::elapsedMs() const
{
    return m_elapsedBeforeMs + (m_running ? m_clock.elapsed() : 0);
}

int CountdownWidget::remainingSeconds() const
{
    const qint64 leftMs = qint64(m_duration) * 1000 - elapsedMs();
    // Rounded up, so "0:00" shows only when the time is really over.
    return leftMs <= 0 ? 0 : int((leftMs + 999) / 1000);
}

QString CountdownWidget::displayText() const
{
    return m_display->text();
}

void CountdownWidget::start()
{
    if (m_running || isExpired())
        return;
    m_running = true;
    m_clock.start();
    m_tick->start();
    refresh();
}

void CountdownWidget::pause()
{
    if (!m_running)
        return;
    m_elapsedBeforeMs += m_clock.elapsed();
    m_running = false;
    m_tick->stop();
    refresh();
}

void CountdownWidget::toggle()
{
    if (m_running)
        pause();
    else if (isExpired())
        reset();
    else
        start();
}

void CountdownWidget::reset()
{
    m_running = false;
    m_tick->stop();
    m_elapsedBeforeMs = 0;
    m_announced = false;
    refresh();
}

void CountdownWidget::refresh()
{
    const int left = remainingSeconds();
    const bool over = left <= 0;
    if (over && m_running) {
        m_elapsedBeforeMs = qint64(m_duration) * 1000;
        m_running = false;
        m_tick->stop();
    }
    m_display->setText(over
            ? tr("Time's up")
            : QStringLiteral("%1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0')));
    // Red with white text when the time is over: seen from the back of the room.
    QPalette p = palette();
    if (over) {
        p.setColor(QPalette::Window, QColor(0xC6, 0x28, 0x28));
        p.setColor(QPalette::WindowText, Qt::white);
    }
    m_display->setPalette(p);
    m_startPause->setText(m_running ? tr("Pause") : (over ? tr("Again") : tr("Start")));
    if (over && !m_announced) {
        m_announced = true;
        Q_EMIT expired();
    }
}

void CountdownWidget::applyFonts()
{
    QFont f = scaledFont(font(), 4.0);
    f.setBold(true);
    m_display->setFont(f);
}

void CountdownWidget::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
    else if (event->type() == QEvent::PaletteChange)
        refresh();
}

// ---------------------------------------------------------------------------------------------
// RiskMatrixWidget

namespace {
constexpr int kMaxLikelihood = 10;
constexpr int kMaxImpact = 5;
} // namespace

RiskMatrixWidget::RiskMatrixWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("riskMatrix"));
    setMouseTracking(true);
    setFocusPolicy(Qt::NoFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Risk matrix"));
}

void RiskMatrixWidget::setThemes(const QList<RankedTheme> &themes)
{
    m_themes = themes;
    update();
}

QColor RiskMatrixWidget::scoreColor(int score)
{
    // Hue from green (120°) through yellow to red (0°) over 0..50.
    const qreal t = std::clamp(score / 50.0, 0.0, 1.0);
    return QColor::fromHsvF(float((1.0 - t) * 120.0 / 360.0), 0.55f, 0.95f);
}

QRectF RiskMatrixWidget::gridRect() const
{
    const QFontMetricsF fm(font());
    const qreal left = fm.horizontalAdvance(QStringLiteral("Impact 5")) + fm.height();
    const qreal bottom = fm.height() * 3;
    return QRectF(left, fm.height(), width() - left - fm.height(), height() - bottom - fm.height());
}

QRectF RiskMatrixWidget::cellRect(int likelihood, int impact) const
{
    const QRectF g = gridRect();
    const qreal w = g.width() / (kMaxLikelihood + 1);
    const qreal h = g.height() / kMaxImpact;
    return QRectF(g.left() + likelihood * w, g.bottom() - impact * h, w, h);
}

QList<QPair<Id, QPointF>> RiskMatrixWidget::dotCentres() const
{
    // Several themes in one cell sit side by side instead of on top of each other.
    QList<QPair<Id, QPointF>> out;
    QHash<int, int> inCell;
    QHash<int, int> counts;
    for (const RankedTheme &r : m_themes)
        if (r.theme.isScored())
            ++counts[r.theme.likelihood * 10 + r.theme.impact];
    for (const RankedTheme &r : m_themes) {
        if (!r.theme.isScored())
            continue;
        const int key = r.theme.likelihood * 10 + r.theme.impact;
        const QRectF cell = cellRect(r.theme.likelihood, r.theme.impact);
        const int n = counts.value(key);
        const int i = inCell[key]++;
        const qreal x = cell.left() + cell.width() * (i + 1) / (n + 1);
        out.append({r.theme.id, QPointF(x, cell.center().y())});
    }
    return out;
}

Id RiskMatrixWidget::themeAt(const QPointF &pos) const
{
    const qreal radius = QFontMetricsF(font()).height() * 0.8;
    for (const auto &[id, centre] : dotCentres())
        if (QLineF(centre, pos).length() <= radius)
            return id;
    return 0;
}

QSize RiskMatrixWidget::sizeHint() const
{
    const int h = fontMetrics().height();
    return {h * 40, h * 20};
}

QSize RiskMatrixWidget::minimumSizeHint() const
{
    const int h = fontMetrics().height();
    return {h * 20, h * 12};
}

void RiskMatrixWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF fm(font());
    for (int l = 0; l <= kMaxLikelihood; ++l) {
        for (int i = 1; i <= kMaxImpact; ++i) {
            const QRectF cell = cellRect(l, i);
            p.fillRect(cell, scoreColor(l * i));
            p.setPen(QPen(palette().color(QPalette::Base), 1));
            p.drawRect(cell);
        }
    }
    p.setPen(palette().color(QPalette::WindowText));
    const QRectF g = gridRect();
    for (int l = 0; l <= kMaxLikelihood; ++l) {
        const QRectF cell = cellRect(l, 1);
        p.drawText(QRectF(cell.left(), g.bottom(), cell.width(), fm.height() * 1.2),
            Qt::AlignCenter, QString::number(l));
    }
    p.drawText(QRectF(g.left(), g.bottom() + fm.height() * 1.3, g.width(), fm.height() * 1.4),
        Qt::AlignCenter, tr("Likelihood: in how many of 10 projects like this →"));
    for (int i = 1; i <= kMaxImpact; ++i) {
        const QRectF cell = cellRect(0, i);
        p.drawText(QRectF(0, cell.top(), g.left() - fm.height() * 0.5, cell.height()),
            Qt::AlignRight | Qt::AlignVCenter, tr("Impact %1").arg(i));
    }

    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    const qreal radius = fm.height() * 0.75;
    QHash<Id, RankedTheme> byId;
    for (const RankedTheme &r : m_themes)
        byId.insert(r.theme.id, r);
    for (const auto &[id, centre] : dotCentres()) {
        const RankedTheme r = byId.value(id);
        p.setPen(QPen(Qt::black, 2));
        p.setBrush(Qt::white);
        p.drawEllipse(centre, radius, radius);
        p.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
            Qt::AlignCenter, QString::number(r.scoreRank));
        const QRectF cell = cellRect(r.theme.likelihood, r.theme.impact);
        const QString label =
            QFontMetricsF(bold).elidedText(r.theme.title, Qt::ElideRight, cell.width() * 2.5);
        p.drawText(QRectF(centre.x() - cell.width() * 1.25, centre.y() + radius, cell.width() * 2.5,
                       fm.height() * 1.2),
            Qt::AlignHCenter | Qt::AlignTop, label);
    }
    if (dotCentres().isEmpty()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(g, Qt::AlignCenter | Qt::TextWordWrap,
            tr("Score a risk (likelihood and impact) to place it here."));
    }
}

void RiskMatrixWidget::mousePressEvent(QMouseEvent *event)
{
    if (const Id id = themeAt(event->position()); id != 0)
        Q_EMIT themeClicked(id);
    QWidget::mousePressEvent(event);
}

bool RiskMatrixWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Id id = themeAt(help->pos());
        for (const RankedTheme &r : m_themes) {
            if (r.theme.id == id) {
                QToolTip::showText(help->globalPos(),
                    tr("%1\nIn %2 of 10 projects, impact %3: score %4")
                        .arg(r.theme.title)
                        .arg(r.theme.likelihood)
                        .arg(r.theme.impact)
                        .arg(r.score),
                    this);
                return true;
            }
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

} // namespace hindsight
