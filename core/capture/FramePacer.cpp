// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/FramePacer.h"

#include <thread>

namespace portico::capture {

void FramePacer::setFps(double fps) {
    m_interval =
        fps > 0.0
            ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / fps))
            : std::chrono::steady_clock::duration::zero();
    m_started = false;
}

void FramePacer::waitNext() {
    if (m_interval == std::chrono::steady_clock::duration::zero()) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!m_started || now > m_next + m_interval) {
        m_started = true;
        m_next = now + m_interval;
        return;
    }
    std::this_thread::sleep_until(m_next);
    m_next += m_interval;
}

} // namespace portico::capture
