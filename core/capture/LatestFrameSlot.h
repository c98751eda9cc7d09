// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Frame.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>

namespace portico::capture {

/// @brief Latest-frame-wins hand-off between one producer and one consumer: a single slot. Putting a frame
/// replaces one the consumer has not taken yet (that stale frame is dropped and counted). Never a queue.
class LatestFrameSlot {
public:
    /// @brief Publish the newest frame. Returns true if an untaken frame was dropped to make room.
    bool put(FramePtr frame);
    /// @brief Wait up to @p timeout for a frame and take it (the slot is empty afterwards). Null on timeout or stop.
    FramePtr take(std::stop_token stop, std::chrono::milliseconds timeout);
    /// @brief Take the frame if there is one, without waiting.
    FramePtr tryTake();
    /// @brief Drop whatever is in the slot (not counted as stale).
    void clear();

    std::uint64_t putCount() const;
    std::uint64_t takenCount() const;
    std::uint64_t droppedCount() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable_any m_cv;
    FramePtr m_frame;
    std::uint64_t m_put = 0;
    std::uint64_t m_taken = 0;
    std::uint64_t m_dropped = 0;
};

} // namespace portico::capture
