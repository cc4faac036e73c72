#pragma once

// Small pieces of the main window's frame, kept out of mainwindow.cpp.

#include "result.h"

#include <QElapsedTimer>
#include <QFrame>

class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

namespace hindsight {

// A non-blocking message strip above the current step: the meeting goes on while it shows.
class ErrorBanner : public QFrame
{
    Q_OBJECT

public:
    explicit ErrorBanner(QWidget *parent = nullptr);
    void showError(const Error &error);
    QString text() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
};

// The timebox of the current step: counts down, then counts over in a warning colour.
class StepTimer : public QFrame
{
    Q_OBJECT

public:
    explicit StepTimer(QWidget *parent = nullptr);
    void setDuration(int seconds); // resets
    int remainingSeconds() const;
    bool isRunning() const;
    void start();
    void pause();
    void reset();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void updateDisplayFont();
    QLabel *m_display;
    QPushButton *m_startPause;
    QToolButton *m_reset;
    QTimer *m_tick;
    QElapsedTimer m_clock;
    qint64 m_elapsedBeforeMs = 0;
    int m_duration = 300;
};

} // namespace hindsight
