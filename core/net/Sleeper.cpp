// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Sleeper.h"

namespace portico::net {

bool RealSleeper::sleepFor(std::chrono::milliseconds duration) {
    std::unique_lock lock(m_mutex);
    return !m_cv.wait_for(lock, duration, [this] { return m_cancelled; });
}

void RealSleeper::cancel() {
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
    }
    m_cv.notify_all();
}

void RealSleeper::reset() {
    std::lock_guard lock(m_mutex);
    m_cancelled = false;
}

} // namespace portico::net
