// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/LivenessEvidence.h"
#include "face/FaceTypes.h"
#include "face/PromptId.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portico::capture {

/// @brief One quality measure as the capture pipeline reports it (name as in docs/quality.md).
struct ObservedMeasure {
    ObservedMeasure() = default;
    ObservedMeasure(std::string id, double v, bool wasEvaluated, bool passed,
                    face::PromptId onFailure = face::PromptId::None, std::optional<double> lower = {},
                    std::optional<double> upper = {})
        : name(std::move(id)), value(v), evaluated(wasEvaluated), pass(passed), prompt(onFailure), lowerLimit(lower),
          upperLimit(upper) {}

    std::string name; ///< stable id, e.g. "sharpness", "yaw"
    double value = 0.0;
    bool evaluated = false; ///< false when the frame lacked what the measure needs (e.g. no face)
    bool pass = false;
    face::PromptId prompt = face::PromptId::None; ///< what to ask of the traveler when it fails
    std::optional<double> lowerLimit;             ///< pass needs value ≥ this (absent: no lower limit)
    std::optional<double> upperLimit;             ///< pass needs value ≤ this (absent: no upper limit)
};

/// @brief What the analysis loop saw on one frame: the face, its landmarks, each quality measure, the prompt to show
/// the traveler, the liveness evidence so far and the timings.
struct Observation {
    std::uint64_t frameSequence = 0;
    std::chrono::steady_clock::time_point frameTime{};  ///< when the frame was captured
    std::chrono::steady_clock::time_point analysedAt{}; ///< when this observation was published
    double latencyMs = 0.0;  ///< frame captured → observation published (includes hand-off wait)
    double analysisMs = 0.0; ///< time inside the analyzer

    int faceCount = 0;
    std::optional<face::FaceBox> face;          ///< the chosen subject
    std::optional<face::Landmarks68> landmarks; ///< of the chosen subject
    std::vector<ObservedMeasure> measures;
    double qualityScore = 0.0; ///< unified 0..100 score (higher is better)
    bool gatePassed = false;   ///< every gating measure passes: the frame is good enough to capture
    face::PromptId prompt = face::PromptId::NoFace; ///< the one prompt to show now (None when all is well)
    std::string analyzerError; ///< set when the analyzer failed on this frame (technical, no personal data)

    LivenessEvidence liveness; ///< temporal evidence over the recent frames (filled by the analysis loop)

    /// @brief The measures that were evaluated and failed, or could not be evaluated.
    std::vector<ObservedMeasure> failingMeasures() const;
};

} // namespace portico::capture
