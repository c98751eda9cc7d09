// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/CaptureHealth.h"
#include "capture/FrameSource.h"
#include "capture/LatestFrameSlot.h"
#include "common/Clock.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace portico::capture {

/// @brief Reconnect policy of the capture loop.
struct CaptureLoopOptions {
    std::chrono::milliseconds reconnectInitial{250}; ///< first wait after a failure
    std::chrono::milliseconds reconnectMax{4000};    ///< backoff doubles up to this
};

/// @brief Reads a FrameSource on its own thread and hands frames over latest-frame-wins: the newest frame is always
/// available to the UI (latest()) and to the analysis loop (analysisSlot()); stale frames are dropped, never queued.
/// A source error sets Disconnected with the reason and reopens with capped exponential backoff.
class CaptureLoop {
public:
    using FrameCallback = std::function<void(const FramePtr&)>;
    using StatusCallback = std::function<void(SourceStatus, const std::string& reason)>;

    CaptureLoop(std::unique_ptr<FrameSource> source, const Clock& clock, CaptureHealth* health = nullptr,
                CaptureLoopOptions options = {});
    ~CaptureLoop();
    CaptureLoop(const CaptureLoop&) = delete;
    CaptureLoop& operator=(const CaptureLoop&) = delete;

    /// @brief Called on the capture thread for every frame (keep it cheap: post to the UI, don't paint here).
    void setFrameCallback(FrameCallback callback);
    /// @brief Called on the capture thread whenever the status changes.
    void setStatusCallback(StatusCallback callback);

    /// @brief Start the capture thread (opening the source happens there). No-op if running.
    void start();
    /// @brief Stop and join the thread, close the source and release every frame it holds.
    void stop();
    bool running() const;

    /// @brief The newest frame (null before the first one and after stop()).
    FramePtr latest() const;
    /// @brief Hand-off to the analysis loop.
    LatestFrameSlot& analysisSlot() { return m_slot; }
    SourceStatus status() const;
    std::string statusReason() const;
    /// @brief What the source is (kind, driver): goes into every capture's metadata.
    SourceInfo sourceInfo() const;
    double sourceFps() const;
    std::uint64_t framesDelivered() const { return m_delivered.load(); }
    std::uint64_t reconnects() const { return m_reconnects.load(); }

private:
    void run(std::stop_token stop);
    void setStatus(SourceStatus status, const std::string& reason);
    bool waitFor(std::stop_token& stop, std::chrono::milliseconds duration);

    std::unique_ptr<FrameSource> m_source;
    const Clock& m_clock;
    CaptureHealth* m_health;
    CaptureLoopOptions m_options;
    LatestFrameSlot m_slot;

    mutable std::mutex m_mutex; ///< guards the fields below
    FramePtr m_latest;
    SourceStatus m_status = SourceStatus::Stopped;
    std::string m_reason;
    SourceInfo m_info;
    double m_fps = 0.0;
    FrameCallback m_onFrame;
    StatusCallback m_onStatus;

    std::mutex m_waitMutex;
    std::condition_variable_any m_waitCv;
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_reconnects{0};
    std::mutex m_controlMutex; ///< serialises start/stop
    std::jthread m_thread;
};

} // namespace portico::capture
