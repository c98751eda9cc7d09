// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>

namespace portico::capture {

/// @brief Releases frames at a fixed rate on the steady clock (replayed files play at their real frame rate).
/// If the reader falls behind by more than a frame, the schedule restarts from now instead of bursting.
class FramePacer {
public:
    explicit FramePacer(double fps = 0.0) { setFps(fps); }
    /// @brief 0 or less disables pacing (frames as fast as they can be decoded).
    void setFps(double fps);
    void reset() { m_started = false; }
    /// @brief Sleep until the next frame is due.
    void waitNext();

private:
    std::chrono::steady_clock::duration m_interval{};
    std::chrono::steady_clock::time_point m_next{};
    bool m_started = false;
};

} // namespace portico::capture
