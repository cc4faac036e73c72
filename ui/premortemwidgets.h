#pragma once

// Two widgets of the pre-mortem's shared screen: the big countdown of a silent-writing round
// and the risk matrix. Both size their text from the widget's own font, so the window's zoom
// reaches them.

#include "premortem.h"

#include <QElapsedTimer>
#include <QFrame>
#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace hindsight {

// mm:ss counting down, large; at zero the display turns red and says "Time's up".
class CountdownWidget : public QFrame
{
    Q_OBJECT

public:
    explicit CountdownWidget(QWidget *parent = nullptr);

    void setDuration(int seconds); // stops and resets
    int duration() const { return m_duration; }
    int remainingSeconds() const;
    bool isRunning() const { return m_running; }
    bool isExpired() const { return remainingSeconds() <= 0; }
    QString displayText() const;

public Q_SLOTS:
    void start();
    void pause();
    void toggle();
    void reset();

Q_SIGNALS:
    void expired();
    void durationChanged(int seconds);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void applyFonts();
    qint64 elapsedMs() const;

    QLabel *m_display;
    QSpinBox *m_minutes;
    QPushButton *m_startPause;
    QPushButton *m_reset;
    QTimer *m_tick;
    QElapsedTimer m_clock;
    qint64 m_elapsedBeforeMs = 0;
    int m_duration = 300;
    bool m_running = false;
    bool m_announced = false;
};

// Likelihood (0..10 of 10 projects) across, impact (1..5) up; each scored theme a numbered,
// labelled dot; cells shaded from green (low score) to red (high).
class RiskMatrixWidget : public QWidget
{
    Q_OBJECT

public:
    explicit RiskMatrixWidget(QWidget *parent = nullptr);

    void setThemes(const QList<RankedTheme> &themes);
    const QList<RankedTheme> &themes() const { return m_themes; }
    // The colour of a score (0..50) on the green-to-red scale, also used by the legend.
    static QColor scoreColor(int score);
    // Where the cell of (likelihood, impact) is drawn, in widget coordinates.
    QRectF cellRect(int likelihood, int impact) const;
    Id themeAt(const QPointF &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void themeClicked(hindsight::Id themeId);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF gridRect() const;
    QList<QPair<Id, QPointF>> dotCentres() const;
    QList<RankedTheme> m_themes;
};

} // namespace hindsight
