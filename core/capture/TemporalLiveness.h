// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/LivenessEvidence.h"
#include "face/FaceTypes.h"

#include <array>
#include <chrono>
#include <deque>

namespace portico::capture {

/// @brief Settings of the temporal liveness cue. The thresholds are a first guess, not calibrated on live
/// presentations (see docs/capture.md): treat the score as weak evidence.
struct TemporalLivenessOptions {
    std::chrono::milliseconds window{2000}; ///< how far back to look
    int minFrames = 8;                      ///< fewer frames with landmarks → Insufficient
    double stillMotion = 0.002;             ///< microMotion at or below this scores 0 (a still picture)
    double liveMotion = 0.012;              ///< microMotion at or above this scores 1
    double blinkRatio = 0.65;               ///< eye aspect ratio below this share of the window's median = closed
};

/// @brief Temporal liveness cue: natural micro-motion of the face's shape across frames vs a still photo.
/// Features are ratios of landmark distances to the inter-eye distance (eye and mouth aspect ratios, brow, jaw and
/// nose distances), so moving a rigid picture in the image plane does not create motion; blinks count strongly.
class TemporalLiveness {
public:
    static constexpr std::size_t kFeatures = 10;
    static constexpr std::size_t kMaxSamples = 256;

    explicit TemporalLiveness(TemporalLivenessOptions options = {});

    /// @brief Add the landmarks of one frame (frames must come in time order).
    void add(std::chrono::steady_clock::time_point at, const face::Landmarks68& landmarks);
    /// @brief Forget everything (face lost or a new traveler).
    void reset();
    /// @brief The evidence over the current window.
    LivenessEvidence evidence() const;

    /// @brief Shape features of one set of landmarks (exposed for tests).
    static std::array<double, kFeatures> features(const face::Landmarks68& landmarks);
    /// @brief Mean eye aspect ratio of both eyes.
    static double eyeAspectRatio(const face::Landmarks68& landmarks);

private:
    struct Sample {
        std::chrono::steady_clock::time_point at;
        std::array<double, kFeatures> f;
    };
    TemporalLivenessOptions m_options;
    std::deque<Sample> m_samples;
};

} // namespace portico::capture
