// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/CaptureResult.h"

#include <chrono>
#include <optional>

namespace portico::capture {

/// @brief Best-shot rule settings.
struct BestShotOptions {
    std::chrono::milliseconds window{1500};          ///< after the first good frame, keep looking this long
    std::chrono::milliseconds acquireTimeout{10000}; ///< no good frame by then → FailureToAcquire
    double minQualityScore = 0.0;                    ///< extra gate on the unified score (0 = gate measures only)
};

/// @brief Picks the best frame of an acquisition attempt. Rule: the first frame that passes the gate opens a window;
/// when it closes, the gate-passing frame with the highest quality score is captured (ties: the newest). No good
/// frame within acquireTimeout ends the attempt as FailureToAcquire with the failing measures of the best frame
/// seen. Every attempt ends with exactly one result; a new attempt needs begin(). Holds at most two frames.
/// Not thread-safe: AnalysisLoop serialises access.
class BestShotSelector {
public:
    explicit BestShotSelector(BestShotOptions options = {});

    /// @brief Start an attempt (a traveler steps up). Drops any previous candidate.
    void begin(std::chrono::steady_clock::time_point now);
    /// @brief Abandon the attempt without a result (e.g. opt-out: nothing is captured).
    void cancel();
    bool active() const { return m_active; }

    /// @brief Consider one analysed frame; returns the result when this frame ends the attempt.
    std::optional<CaptureResult> offer(const FramePtr& frame, const Observation& observation);
    /// @brief Check the clock without a new frame (window closed or timeout while frames are missing).
    std::optional<CaptureResult> poll(std::chrono::steady_clock::time_point now);
    /// @brief Manual capture: the best gate-passing frame so far, else the best frame seen, else nothing.
    std::optional<CaptureResult> captureNow(std::chrono::steady_clock::time_point now);

    const BestShotOptions& options() const { return m_options; }

private:
    struct Candidate {
        FramePtr frame;
        Observation observation;
    };
    bool passes(const Observation& o) const;
    static bool better(const Observation& a, const Observation& b);
    CaptureResult finish(CaptureOutcome outcome, const Candidate& c, std::chrono::steady_clock::time_point now);

    BestShotOptions m_options;
    bool m_active = false;
    std::chrono::steady_clock::time_point m_start{};
    std::optional<std::chrono::steady_clock::time_point> m_windowOpened;
    std::optional<Candidate> m_bestPassing;
    std::optional<Candidate> m_bestSeen; ///< best by score among all frames (for manual capture and FTA)
    int m_observations = 0;
};

} // namespace portico::capture
