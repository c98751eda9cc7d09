// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
struct LivenessEvidence {
    double score = 0.0;        ///< 0 (looks like a still picture) .. 1 (natural micro-motion seen)
    double microMotion = 0.0;  ///< median over shape features of their std across the window (face-size normalised)
    double eyeAspectStd = 0.0; ///< std of the eye aspect ratio across the window
    int blinks = 0;            ///< eye closures seen in the window
    int frames = 0;            ///< frames with landmarks in the window
    double windowSeconds = 0.0;
    LivenessReliability reliability = LivenessReliability::Insufficient;
};

} // namespace portico::capture
