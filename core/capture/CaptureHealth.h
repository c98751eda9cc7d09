// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/FrameSource.h"
#include "common/Clock.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace portico::capture {

/// @brief A consistent copy of the capture health figures, for the UI and the stats view.
struct CaptureHealthSnapshot {
    std::string lane;
    SourceStatus status = SourceStatus::Unknown;
    std::string statusReason;          ///< technical reason of the last Disconnected (no personal data)
    double deliveredFps = 0.0;         ///< frames from the source per second (trailing window)
    double analysedFps = 0.0;          ///< observations per second (trailing window)
    double analysisLatencyP50Ms = 0.0; ///< frame captured → observation published, recent samples
    double analysisLatencyP95Ms = 0.0;
    double timeToCaptureP50Ms = 0.0; ///< acquisition start → good capture, over this session
    double lastTimeToCaptureMs = 0.0;
    std::uint64_t framesDelivered = 0;
    std::uint64_t framesAnalysed = 0;
    std::uint64_t framesDropped = 0; ///< stale frames the analysis never saw (latest-frame-wins)
    std::uint64_t captures = 0;
    std::uint64_t failuresToAcquire = 0;
    std::uint64_t disconnects = 0; ///< streams lost (reopen attempts are not counted again)
    double uptimeSeconds = 0.0;    ///< time in Streaming since the health object was created
    double observedSeconds = 0.0;  ///< time since the health object was created
    double uptimeRatio() const { return observedSeconds > 0.0 ? uptimeSeconds / observedSeconds : 0.0; }
};

/// @brief Thread-safe capture health counters for one lane. Bounded memory: fps from a trailing window, latency
/// percentiles from the most recent samples.
class CaptureHealth {
public:
    explicit CaptureHealth(const Clock& clock, std::string lane = {},
                           std::chrono::milliseconds rateWindow = std::chrono::milliseconds(2000));

    void frameDelivered(std::chrono::steady_clock::time_point at);
    void framesDropped(std::uint64_t count);
    void frameAnalysed(std::chrono::steady_clock::time_point at, double latencyMs);
    void captureSucceeded(double timeToCaptureMs);
    void failureToAcquire();
    void statusChanged(SourceStatus status, const std::string& reason);

    CaptureHealthSnapshot snapshot() const;

    static constexpr std::size_t kLatencySamples = 512;
    static constexpr std::size_t kCaptureSamples = 256;

private:
    double rate(const std::deque<std::chrono::steady_clock::time_point>& events,
                std::chrono::steady_clock::time_point now) const;
    void prune(std::deque<std::chrono::steady_clock::time_point>& events,
               std::chrono::steady_clock::time_point now) const;

    const Clock& m_clock;
    const std::string m_lane;
    const std::chrono::steady_clock::duration m_window;
    const std::chrono::steady_clock::time_point m_created;
    mutable std::mutex m_mutex;
    CaptureHealthSnapshot m_counts;
    std::deque<std::chrono::steady_clock::time_point> m_delivered;
    std::deque<std::chrono::steady_clock::time_point> m_analysed;
    std::vector<double> m_latency; ///< ring buffer
    std::size_t m_latencyNext = 0;
    std::vector<double> m_timeToCapture; ///< ring buffer
    std::size_t m_captureNext = 0;
    std::chrono::steady_clock::duration m_uptime{};
    std::chrono::steady_clock::time_point m_streamingSince{};
    bool m_streaming = false;
};

/// @brief Percentile (0..100) of samples by linear interpolation; 0 when empty.
double percentile(std::vector<double> samples, double pct);

} // namespace portico::capture
