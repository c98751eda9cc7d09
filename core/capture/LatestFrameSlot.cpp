// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/LatestFrameSlot.h"

#include <utility>

namespace portico::capture {

bool LatestFrameSlot::put(FramePtr frame) {
    FramePtr stale; // released outside the lock
    bool dropped = false;
    {
        std::lock_guard lock(m_mutex);
        stale = std::exchange(m_frame, std::move(frame));
        ++m_put;
        if (stale) {
            ++m_dropped;
            dropped = true;
        }
    }
    m_cv.notify_one();
    return dropped;
}

FramePtr LatestFrameSlot::take(std::stop_token stop, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    if (!m_cv.wait_for(lock, stop, timeout, [this] { return m_frame != nullptr; })) {
        return nullptr;
    }
    ++m_taken;
    return std::exchange(m_frame, nullptr);
}

FramePtr LatestFrameSlot::tryTake() {
    std::lock_guard lock(m_mutex);
    if (!m_frame) {
        return nullptr;
    }
    ++m_taken;
    return std::exchange(m_frame, nullptr);
}

void LatestFrameSlot::clear() {
    FramePtr old;
    std::lock_guard lock(m_mutex);
    old = std::exchange(m_frame, nullptr);
}

std::uint64_t LatestFrameSlot::putCount() const {
    std::lock_guard lock(m_mutex);
    return m_put;
}

std::uint64_t LatestFrameSlot::takenCount() const {
    std::lock_guard lock(m_mutex);
    return m_taken;
}

std::uint64_t LatestFrameSlot::droppedCount() const {
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

} // namespace portico::capture
