// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/BoothPolicy.h"

namespace portico::booth {

using inspection::ReasonCode;
using inspection::ReviewReason;

bool weakLiveness(std::optional<double> liveness) {
    return liveness && *liveness < kWeakLivenessBelow;
}

ReasonCode toReasonCode(match::ReasonCode reason) {
    switch (reason) {
    case match::ReasonCode::Matched:
        return ReasonCode::Matched;
    case match::ReasonCode::NoMatch:
        return ReasonCode::NoMatch;
    case match::ReasonCode::Ambiguous:
        return ReasonCode::Ambiguous;
    case match::ReasonCode::LowQuality:
        return ReasonCode::LowQuality;
    case match::ReasonCode::Unavailable:
        return ReasonCode::Unavailable;
    case match::ReasonCode::ThresholdClamped:
        return ReasonCode::ThresholdClamped;
    case match::ReasonCode::ThresholdEstimated:
        return ReasonCode::ThresholdEstimated;
    case match::ReasonCode::AgeUnder14:
        return ReasonCode::AgeUnder14;
    case match::ReasonCode::AgeOver79:
        return ReasonCode::AgeOver79;
    case match::ReasonCode::AgeUnknown:
        return ReasonCode::AgeUnknown;
    case match::ReasonCode::Unknown:
        break;
    }
    return ReasonCode::Unknown;
}

std::vector<ReasonCode> secondLookReasons(const std::vector<match::ReasonCode>& matcherReasons,
                                          std::optional<double> liveness, bool repeat, bool manifestExpired) {
    std::vector<ReasonCode> out;
    for (const auto r : matcherReasons) {
        const ReasonCode code = toReasonCode(r);
        if (code != ReasonCode::Matched && code != ReasonCode::Unavailable && code != ReasonCode::ThresholdClamped &&
            code != ReasonCode::ThresholdEstimated && code != ReasonCode::Unknown) {
            out.push_back(code);
        }
    }
    if (weakLiveness(liveness)) {
        out.push_back(ReasonCode::LowLiveness);
    }
    if (repeat) {
        out.push_back(ReasonCode::RepeatAppointment);
    }
    if (manifestExpired) {
        out.push_back(ReasonCode::ManifestExpired);
    }
    return out;
}

bool needsConfirmedSecondLook(const std::vector<ReasonCode>& secondLook) {
    return inspection::has(secondLook, ReasonCode::AgeUnder14) || inspection::has(secondLook, ReasonCode::AgeOver79);
}

std::vector<ReviewReason> reviewReasonsFor(const store::NewInspection& in) {
    using inspection::Decision;
    using inspection::Outcome;
    std::vector<ReviewReason> reasons;
    if (in.optedOut || in.decision == Decision::OptOut || in.decision == Decision::NoShow) {
        return reasons;
    }
    const bool biometric = inspection::isBiometric(in.outcome);
    const auto has = [&in](ReasonCode c) { return inspection::has(in.reasonCodes, c); };
    if (in.outcome == Outcome::NoMatch) {
        reasons.push_back(ReviewReason::NoMatch);
    } else if (in.outcome == Outcome::Ambiguous) {
        reasons.push_back(ReviewReason::Ambiguous);
    } else if (in.outcome == Outcome::LowQuality) {
        reasons.push_back(ReviewReason::LowQuality);
    }
    if (has(ReasonCode::AgeUnder14) || (biometric && in.ageBand == store::AgeBand::Age0To13)) {
        reasons.push_back(ReviewReason::AgeUnder14);
    }
    if (has(ReasonCode::AgeOver79) || (biometric && in.ageBand == store::AgeBand::Age80Plus)) {
        reasons.push_back(ReviewReason::AgeOver79);
    }
    if (has(ReasonCode::LowLiveness) || weakLiveness(in.liveness)) {
        reasons.push_back(ReviewReason::LowLiveness);
    }
    if (has(ReasonCode::DocumentMismatch) || (in.docScore && in.docThreshold && *in.docScore < *in.docThreshold)) {
        reasons.push_back(ReviewReason::DocumentMismatch);
    }
    if (has(ReasonCode::RepeatAppointment)) {
        reasons.push_back(ReviewReason::RepeatAppointment);
    }
    if (in.decision == Decision::Referred || has(ReasonCode::OfficerReferral)) {
        reasons.push_back(ReviewReason::OfficerReferral);
    }
    if (in.decision == Decision::Abandoned && !reasons.empty()) {
        // A traveler who needed a second look went undecided: the supervisor sees that too. An undecided clear
        // match is counted (monitoring), not queued.
        reasons.push_back(ReviewReason::Abandoned);
    }
    return reasons;
}

} // namespace portico::booth
