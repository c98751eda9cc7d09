// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Reasons.h"

namespace portico::match {

std::string_view nextStepName(NextStep step) {
    switch (step) {
    case NextStep::Unknown:
        return "unknown";
    case NextStep::ContinueProcessing:
        return "continue_processing";
    case NextStep::SecondLook:
        return "second_look";
    case NextStep::RetakeOrManualCheck:
        return "retake_or_manual_check";
    case NextStep::ManualCheck:
        return "manual_check";
    }
    return "unknown";
}

std::string_view reasonCodeName(ReasonCode code) {
    switch (code) {
    case ReasonCode::Unknown:
        return "unknown";
    case ReasonCode::Matched:
        return "matched";
    case ReasonCode::NoMatch:
        return "no_match";
    case ReasonCode::Ambiguous:
        return "ambiguous";
    case ReasonCode::LowQuality:
        return "low_quality";
    case ReasonCode::Unavailable:
        return "unavailable";
    case ReasonCode::ThresholdClamped:
        return "threshold_clamped";
    case ReasonCode::AgeUnder14:
        return "age_under_14";
    case ReasonCode::AgeOver79:
        return "age_over_79";
    case ReasonCode::AgeUnknown:
        return "age_unknown";
    case ReasonCode::ThresholdEstimated:
        return "threshold_estimated";
    }
    return "unknown";
}

} // namespace portico::match
