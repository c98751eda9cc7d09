// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/BestShotSelector.h"
#include "capture/CaptureHealth.h"
#include "capture/CaptureResult.h"
#include "capture/LatestFrameSlot.h"
#include "capture/Observation.h"
#include "capture/TemporalLiveness.h"
#include "common/Clock.h"

#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace portico::capture {

/// @brief Looks at one frame: detection, landmarks and quality. Fills the face, measures, score, gate and prompt of
/// the Observation; the loop fills sequence, timestamps and liveness. May throw: the loop turns it into an error.
using Analyzer = std::function<Observation(const Frame&)>;

/// @brief Settings of the analysis loop.
struct AnalysisLoopOptions {
    double maxFps = 0.0; ///< cap on analyses per second (0 = as fast as the analyzer goes)
    BestShotOptions bestShot;
    TemporalLivenessOptions liveness;
};

/// @brief Runs the analyzer on its own thread on the newest frame from the capture loop's slot, at its own rate,
/// and publishes an Observation per analysed frame. Drives the best-shot selector and the temporal liveness cue.
/// Callbacks run on the analysis thread: keep them cheap (post to the UI) and never call stop() from them.
class AnalysisLoop {
public:
    /// @brief Gets the observation and the frame it was made from.
    using ObservationCallback = std::function<void(const Observation&, const FramePtr&)>;
    using CaptureCallback = std::function<void(const CaptureResult&)>;

    AnalysisLoop(LatestFrameSlot& slot, Analyzer analyzer, const Clock& clock, CaptureHealth* health = nullptr,
                 AnalysisLoopOptions options = {});
    ~AnalysisLoop();
    AnalysisLoop(const AnalysisLoop&) = delete;
    AnalysisLoop& operator=(const AnalysisLoop&) = delete;

    void setObservationCallback(ObservationCallback callback);
    /// @brief Called when an acquisition attempt ends (auto capture or failure to acquire).
    void setCaptureCallback(CaptureCallback callback);

    void start();
    /// @brief Stop and join; releases every frame held (candidates, last frame).
    void stop();
    bool running() const;

    /// @brief Start an acquisition attempt (a traveler steps up): best shot within the window or FailureToAcquire.
    void beginAcquisition();
    /// @brief Abandon the current attempt; nothing is captured (e.g. citizen opt-out).
    void cancelAcquisition();
    /// @brief Abandon the current attempt and analyse no frame until the next beginAcquisition(): frames are
    /// dropped unseen and the newest analysed frame is released (citizen opt-out).
    void hold();
    /// @brief Whether frames are being dropped unseen (hold() without a beginAcquisition() since).
    bool held() const;
    bool acquiring() const;
    /// @brief Manual capture key: the attempt's best frame so far, or the newest analysed frame when no attempt
    /// is running. Empty if nothing has been analysed yet. Also reported through the capture callback.
    std::optional<CaptureResult> captureNow();

    /// @brief The newest observation (empty before the first one).
    std::optional<Observation> latestObservation() const;
    std::uint64_t analysed() const;

private:
    void run(std::stop_token stop);
    void report(const CaptureResult& result);

    LatestFrameSlot& m_slot;
    Analyzer m_analyzer;
    const Clock& m_clock;
    CaptureHealth* m_health;
    AnalysisLoopOptions m_options;

    mutable std::mutex m_mutex; ///< guards the fields below
    BestShotSelector m_selector;
    TemporalLiveness m_liveness;
    std::optional<Observation> m_latest;
    FramePtr m_latestFrame;
    std::uint64_t m_analysed = 0;
    bool m_held = false;
    ObservationCallback m_onObservation;
    CaptureCallback m_onCapture;

    std::mutex m_waitMutex;
    std::condition_variable_any m_waitCv;
    std::mutex m_controlMutex;
    std::jthread m_thread;
};

} // namespace portico::capture
