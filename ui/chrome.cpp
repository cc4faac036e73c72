#include "chrome.h"
#include "wraplabel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace hindsight {

ErrorBanner::ErrorBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new WrapLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    // A warm, high-contrast strip: readable on a projector, not alarming.
    setStyleSheet(QStringLiteral(
        "#errorBanner { background: #fff4ce; border: 1px solid #c19c00; border-radius: 4px; }"
        "#errorBanner QLabel { color: #3b2f00; }"));
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("errorText"));
    m_close->setText(tr("Dismiss"));
    m_close->setObjectName(QStringLiteral("errorDismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ErrorBanner::showError(const Error &error)
{
    // Taken when first needed: the first themed icon of a process makes Qt read the desktop's
    // icon theme (29 M instructions under X11 here), and a banner is built hidden on every page.
    if (m_icon->pixmap().isNull())
        m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    m_text->setText(error.message);
    m_text->setToolTip(error.detail);
    show();
}

QString ErrorBanner::text() const
{
    return isHidden() ? QString() : m_text->text();
}

StepTimer::StepTimer(QWidget *parent)
    : QFrame(parent)
    , m_display(new QLabel(this))
    , m_startPause(new QPushButton(this))
    , m_reset(new QToolButton(this))
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("stepTimer"));
    m_display->setObjectName(QStringLiteral("stepTimerDisplay"));
    m_display->setToolTip(tr("Timebox for this step"));
    updateDisplayFont();
    m_startPause->setObjectName(QStringLiteral("stepTimerStart"));
    m_reset->setText(tr("Reset"));
    m_reset->setObjectName(QStringLiteral("stepTimerReset"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_display);
    layout->addWidget(m_startPause);
    layout->addWidget(m_reset);
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &StepTimer::refresh);
    connect(m_startPause, &QPushButton::clicked, this, [this] { isRunning() ? pause() : start(); });
    connect(m_reset, &QToolButton::clicked, this, &StepTimer::reset);
    refresh();
}

void StepTimer::changeEvent(QEvent *event)
{
    // The clock follows the window's zoom and presentation size.
    if (event->type() == QEvent::FontChange)
        updateDisplayFont();
    QFrame::changeEvent(event);
}

void StepTimer::updateDisplayFont()
{
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    f.setStyleHint(QFont::Monospace);
    f.setFamily(QStringLiteral("DejaVu Sans Mono"));
    m_display->setFont(f);
}

void StepTimer::setDuration(int seconds)
{
    m_duration = seconds;
    reset();
}

bool StepTimer::isRunning() const
{
    return m_tick->isActive();
}

int StepTimer::remainingSeconds() const
{
    const qint64 elapsed = m_elapsedBeforeMs + (isRunning() ? m_clock.elapsed() : 0);
    return m_duration - int(elapsed / 1000);
}

void StepTimer::start()
{
    m_clock.start();
    m_tick->start();
    refresh();
}

void StepTimer::pause()
{
    if (isRunning())
        m_elapsedBeforeMs += m_clock.elapsed();
    m_tick->stop();
    refresh();
}

void StepTimer::reset()
{
    m_tick->stop();
    m_elapsedBeforeMs = 0;
    refresh();
}

void StepTimer::refresh()
{
    const int left = remainingSeconds();
    const int shown = std::abs(left);
    const QString clock =
        QStringLiteral("%1:%2").arg(shown / 60).arg(shown % 60, 2, 10, QLatin1Char('0'));
    m_display->setText(left >= 0 ? clock : tr("+%1 over").arg(clock));
    // Colour carries the state; the text carries it too ("over") for colour-blind readers.
    const char *colour =
        left < 0 ? "#b00020" : (left < 60 && isRunning() ? "#9a6700" : "palette(text)");
    m_display->setStyleSheet(QStringLiteral("color: %1;").arg(QLatin1String(colour)));
    m_startPause->setText(
        isRunning() ? tr("Pause") : (left == m_duration ? tr("Start timebox") : tr("Resume")));
}

} // namespace hindsight
