// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "match/Matcher.h"
#include "match/Reasons.h"
#include "match/ThresholdPolicy.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace portico::match {

/// @brief One failing quality measure, as plain data (the face module's measure name and numbers).
struct QualityMeasure {
    std::string name; ///< e.g. "sharpness", "inter_eye_px"
    double value = 0.0;
    double limit = 0.0;
};

/// @brief A candidate reached the threshold, clear of the others.
struct Match {
    Candidate candidate;
    float score = 0.f;
    float threshold = 0.f;
    double fmr = 0.0;      ///< per-comparison FMR of the threshold
    double scoreFmr = 0.0; ///< FMR this score stands for (from the score table; a floor at the table's limit)
};

/// @brief No candidate reached the threshold.
struct NoMatch {
    std::optional<Candidate> best; ///< best candidate below the threshold, for the supervisor's look-alikes
    float threshold = 0.f;
};

/// @brief Two or more candidates above the threshold within the ambiguity margin.
struct Ambiguous {
    std::vector<Candidate> candidates; ///< all candidates above the threshold, best first
    float threshold = 0.f;
    float margin = 0.f;
};

/// @brief The capture failed quality measures; no comparison was trusted.
struct LowQuality {
    std::vector<QualityMeasure> measures;
};

/// @brief Matching could not run.
struct Unavailable {
    std::string reason; ///< technical reason (error code name or detail), never personal data
};

/// @brief Which alternative an Outcome holds.
enum class OutcomeKind {
    Unknown = 0,
    Match,
    NoMatch,
    Ambiguous,
    LowQuality,
    Unavailable,
};

/// @brief Result of a 1:1 or 1:N comparison for the UI and the store. Evidence for an officer, never an adverse
/// decision: every alternative leads to a next step a person takes.
struct Outcome {
    std::variant<Match, NoMatch, Ambiguous, LowQuality, Unavailable> result;
    NextStep nextStep = NextStep::Unknown;
    std::vector<ReasonCode> reasons;
    std::optional<Threshold>
        threshold; ///< the operating point, in words-ready form (absent for LowQuality/Unavailable)

    OutcomeKind kind() const;
    bool has(ReasonCode r) const;
};

/// @brief Stable snake_case name of an outcome kind.
std::string_view outcomeKindName(OutcomeKind kind);

} // namespace portico::match
