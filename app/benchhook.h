// Benchmark hook (bench/, docs/performance.md), shared by hindsight and bench/floor.cpp so both
// stop the clock at the same moment. Under HINDSIGHT_BENCH_EXIT_WHEN_SHOWN a program prints a
// line "<what> <CLOCK_MONOTONIC nanoseconds>" when a frame is on screen, and the benchmark
// subtracts the moment it started the process. Timing to exit instead, as before, counted the
// teardown, and quitting when show() returned stopped both programs before anything was drawn.

#pragma once

#include <QApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>
#include <functional>

namespace hindsight::bench {

// The clock of the stamps, also read by the benchmark when it starts the process.
inline long long monotonicNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

inline void stamp(const char *what)
{
    std::printf("%s %lld\n", what, monotonicNs());
    std::fflush(stdout);
}

// Calls done() once, after the first paint of a widget for which isWanted() holds: queued from
// that paint, it runs once the frame has been flushed to the screen (the X server under xcb).
inline void afterPaint(std::function<bool(QWidget *)> isWanted, std::function<void()> done)
{
    class Watcher : public QObject
    {
    public:
        Watcher(std::function<bool(QWidget *)> wanted, std::function<void()> then)
            : QObject(qApp)
            , m_wanted(std::move(wanted))
            , m_then(std::move(then))
        { }
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::Paint && watched->isWidgetType()
                && m_wanted(static_cast<QWidget *>(watched))) {
                qApp->removeEventFilter(this);
                QTimer::singleShot(0, qApp, m_then);
                deleteLater();
            }
            return false;
        }

    private:
        std::function<bool(QWidget *)> m_wanted;
        std::function<void()> m_then;
    };
    qApp->installEventFilter(new Watcher(std::move(isWanted), std::move(done)));
}

} // namespace hindsight::bench
