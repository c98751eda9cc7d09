// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace portico::match {

/// @brief What the officer does next after a match outcome. None of these is an adverse decision about a traveler.
enum class NextStep {
    Unknown = 0,
    ContinueProcessing,  ///< identity supported by the match: carry on with the normal inspection
    SecondLook,          ///< an officer compares the faces before continuing (mandatory for the age policy)
    RetakeOrManualCheck, ///< capture again, or check the document by hand
    ManualCheck,         ///< no usable biometric result: check the document by hand
};

/// @brief Why an outcome or a threshold is what it is; carried in results for the UI, the store and review.
enum class ReasonCode {
    Unknown = 0,
    Matched,            ///< one candidate above the threshold, clear of the others
    NoMatch,            ///< no candidate reached the threshold
    Ambiguous,          ///< two or more candidates above the threshold within the ambiguity margin
    LowQuality,         ///< the capture failed one or more quality measures
    Unavailable,        ///< matching could not run (no gallery, model mismatch, error)
    ThresholdClamped,   ///< the score table cannot support the requested FMR; the strictest supported point is used
    AgeUnder14,         ///< age policy: stricter threshold and a mandatory second look
    AgeOver79,          ///< age policy: stricter threshold and a mandatory second look
    AgeUnknown,         ///< date of birth missing or invalid: the age policy could not be applied
    ThresholdEstimated, ///< the FMR is below the table's measured resolution: the threshold is the tail model's
};

/// @brief Stable snake_case name of a next step, for JSON and the store.
std::string_view nextStepName(NextStep step);
/// @brief Stable snake_case name of a reason code, for JSON and the store.
std::string_view reasonCodeName(ReasonCode code);

} // namespace portico::match
