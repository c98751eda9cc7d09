// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace portico::net {

/// @brief Waits between retries; injected so tests can record waits instead of sleeping.
class Sleeper {
public:
    virtual ~Sleeper() = default;
    /// @brief Wait for `duration`; false when woken by cancel() (the caller gives up).
    virtual bool sleepFor(std::chrono::milliseconds duration) = 0;
    /// @brief Wake every current and future sleeper until reset().
    virtual void cancel() = 0;
    virtual void reset() = 0;
};

/// @brief Sleeps on a condition variable so that cancel() ends the wait at once.
class RealSleeper final : public Sleeper {
public:
    bool sleepFor(std::chrono::milliseconds duration) override;
    void cancel() override;
    void reset() override;

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_cancelled = false;
};

} // namespace portico::net
