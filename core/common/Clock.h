// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>

namespace portico {

/// @brief Injected source of time, so retention, backoff and staleness are testable.
class Clock {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    /// @brief Wall-clock time (UTC), for records and retention.
    virtual TimePoint now() const = 0;
    /// @brief Monotonic time, for timeouts and durations.
    virtual std::chrono::steady_clock::time_point steadyNow() const = 0;
};

/// @brief The real clock.
class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point steadyNow() const override { return std::chrono::steady_clock::now(); }
};

/// @brief A clock that moves only when told to: tests and `--now` on the command line.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start = TimePoint{}) : m_ns(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(TimePoint::duration(m_ns.load())); }
    std::chrono::steady_clock::time_point steadyNow() const override {
        return std::chrono::steady_clock::time_point(
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(TimePoint::duration(m_ns.load())));
    }
    void set(TimePoint t) { m_ns = t.time_since_epoch().count(); }
    void advance(std::chrono::nanoseconds d) { m_ns += std::chrono::duration_cast<TimePoint::duration>(d).count(); }

private:
    std::atomic<TimePoint::duration::rep> m_ns;
};

} // namespace portico
