// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/CaptureHealth.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace portico::capture {

double percentile(std::vector<double> samples, double pct) {
    if (samples.empty()) {
        return 0.0;
    }
    std::sort(samples.begin(), samples.end());
    const double rank = std::clamp(pct, 0.0, 100.0) / 100.0 * static_cast<double>(samples.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(rank));
    const auto hi = std::min(lo + 1, samples.size() - 1);
    const double frac = rank - static_cast<double>(lo);
    return samples[lo] + (samples[hi] - samples[lo]) * frac;
}

CaptureHealth::CaptureHealth(const Clock& clock, std::string lane, std::chrono::milliseconds rateWindow)
    : m_clock(clock), m_lane(std::move(lane)), m_window(rateWindow), m_created(clock.steadyNow()) {
    m_counts.lane = m_lane;
    m_latency.reserve(kLatencySamples);
    m_timeToCapture.reserve(kCaptureSamples);
}

void CaptureHealth::prune(std::deque<std::chrono::steady_clock::time_point>& events,
                          std::chrono::steady_clock::time_point now) const {
    while (!events.empty() && now - events.front() > m_window) {
        events.pop_front();
    }
}

double CaptureHealth::rate(const std::deque<std::chrono::steady_clock::time_point>& events,
                           std::chrono::steady_clock::time_point now) const {
    std::size_t n = 0;
    for (auto it = events.rbegin(); it != events.rend() && now - *it <= m_window; ++it) {
        ++n;
    }
    const double seconds = std::chrono::duration<double>(m_window).count();
    return seconds > 0.0 ? static_cast<double>(n) / seconds : 0.0;
}

void CaptureHealth::frameDelivered(std::chrono::steady_clock::time_point at) {
    std::lock_guard lock(m_mutex);
    ++m_counts.framesDelivered;
    m_delivered.push_back(at);
    prune(m_delivered, at);
}

void CaptureHealth::framesDropped(std::uint64_t count) {
    std::lock_guard lock(m_mutex);
    m_counts.framesDropped += count;
}

void CaptureHealth::frameAnalysed(std::chrono::steady_clock::time_point at, double latencyMs) {
    std::lock_guard lock(m_mutex);
    ++m_counts.framesAnalysed;
    m_analysed.push_back(at);
    prune(m_analysed, at);
    if (m_latency.size() < kLatencySamples) {
        m_latency.push_back(latencyMs);
    } else {
        m_latency[m_latencyNext] = latencyMs;
    }
    m_latencyNext = (m_latencyNext + 1) % kLatencySamples;
}

void CaptureHealth::captureSucceeded(double timeToCaptureMs) {
    std::lock_guard lock(m_mutex);
    ++m_counts.captures;
    m_counts.lastTimeToCaptureMs = timeToCaptureMs;
    if (m_timeToCapture.size() < kCaptureSamples) {
        m_timeToCapture.push_back(timeToCaptureMs);
    } else {
        m_timeToCapture[m_captureNext] = timeToCaptureMs;
    }
    m_captureNext = (m_captureNext + 1) % kCaptureSamples;
}

void CaptureHealth::failureToAcquire() {
    std::lock_guard lock(m_mutex);
    ++m_counts.failuresToAcquire;
}

void CaptureHealth::statusChanged(SourceStatus status, const std::string& reason) {
    const auto now = m_clock.steadyNow();
    std::lock_guard lock(m_mutex);
    // A disconnect is losing a stream that was up; the reopen attempts that follow are not counted again.
    if (status == SourceStatus::Disconnected && m_streaming) {
        ++m_counts.disconnects;
    }
    if (m_streaming && status != SourceStatus::Streaming) {
        m_uptime += now - m_streamingSince;
        m_streaming = false;
    } else if (!m_streaming && status == SourceStatus::Streaming) {
        m_streamingSince = now;
        m_streaming = true;
    }
    m_counts.status = status;
    if (!reason.empty() || status == SourceStatus::Streaming) {
        m_counts.statusReason = reason;
    }
}

CaptureHealthSnapshot CaptureHealth::snapshot() const {
    const auto now = m_clock.steadyNow();
    std::lock_guard lock(m_mutex);
    CaptureHealthSnapshot s = m_counts;
    s.deliveredFps = rate(m_delivered, now);
    s.analysedFps = rate(m_analysed, now);
    s.analysisLatencyP50Ms = percentile(m_latency, 50.0);
    s.analysisLatencyP95Ms = percentile(m_latency, 95.0);
    s.timeToCaptureP50Ms = percentile(m_timeToCapture, 50.0);
    auto up = m_uptime;
    if (m_streaming) {
        up += now - m_streamingSince;
    }
    s.uptimeSeconds = std::chrono::duration<double>(up).count();
    s.observedSeconds = std::chrono::duration<double>(now - m_created).count();
    return s;
}

} // namespace portico::capture
