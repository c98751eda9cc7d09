// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string_view>

namespace portico::capture {

/// @brief How much weight the officer may put on a liveness score.
enum class LivenessReliability {
    Unknown = 0,
    Insufficient, ///< too few frames with landmarks in the window: no evidence either way
    Low,          ///< temporal cue only: catches a still print held still; a replayed video or a moving print can pass
};

/// @brief Stable name ("insufficient", "low").
std::string_view livenessReliabilityName(LivenessReliability r);

/// @brief Presentation-attack evidence for the officer. Never a decision: shown with its reliability.
///
/// `score` is the temporal cue only. The model scores ride along as separate, per-frame figures: on the dev photos
/// vs simulated print/screen re-captures they did not separate well enough to enter the score (docs/capture.md has
/// the figures), so they are reported, not combined.
struct LivenessEvidence {
    double score = 0.0;        ///< 0 (looks like a still picture) .. 1 (natural micro-motion seen)
    double microMotion = 0.0;  ///< median over shape features of their std across the window (face-size normalised)
    double eyeAspectStd = 0.0; ///< std of the eye aspect ratio across the window
    int blinks = 0;            ///< eye closures seen in the window
    int frames = 0;            ///< frames with landmarks in the window
    double windowSeconds = 0.0;
    LivenessReliability reliability = LivenessReliability::Insufficient;
    /// human-models `antispoof` on this frame's face crop, 0..1 (human's `real`); absent without a face or models
    std::optional<double> antispoof;
    /// human-models `liveness` on this frame's face crop, 0..1 (human's `live`); absent without a face or models
    std::optional<double> modelLiveness;
    double modelMs = 0.0; ///< time both models took on this frame (0 when they did not run)
};

/// @brief The temporal evidence @p temporal with the per-frame model scores of @p frame carried over.
inline LivenessEvidence withModelScores(LivenessEvidence temporal, const LivenessEvidence& frame) {
    temporal.antispoof = frame.antispoof;
    temporal.modelLiveness = frame.modelLiveness;
    temporal.modelMs = frame.modelMs;
    return temporal;
}

} // namespace portico::capture
