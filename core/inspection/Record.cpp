// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspection/Record.h"

#include <algorithm>
#include <array>
#include <utility>

namespace portico::inspection {
namespace {
// Each enum's stored names, in one table per enum: both directions read the same list.
constexpr std::array<std::pair<Decision, std::string_view>, 5> kDecisions{{
    {Decision::Verified, "verified"},
    {Decision::Referred, "referred"},
    {Decision::OptOut, "opt_out"},
    {Decision::NoShow, "no_show"},
    {Decision::Abandoned, "abandoned"},
}};

constexpr std::array<std::pair<AbandonReason, std::string_view>, 3> kAbandonReasons{{
    {AbandonReason::NextTraveler, "next_traveler"},
    {AbandonReason::Dismissed, "dismissed"},
    {AbandonReason::SignedOut, "signed_out"},
}};

constexpr std::array<std::pair<Outcome, std::string_view>, 6> kOutcomes{{
    {Outcome::None, "none"},
    {Outcome::Match, "match"},
    {Outcome::NoMatch, "no_match"},
    {Outcome::Ambiguous, "ambiguous"},
    {Outcome::LowQuality, "low_quality"},
    {Outcome::Unavailable, "unavailable"},
}};

constexpr std::array<std::pair<ReasonCode, std::string_view>, 15> kReasonCodes{{
    {ReasonCode::Matched, "matched"},
    {ReasonCode::NoMatch, "no_match"},
    {ReasonCode::Ambiguous, "ambiguous"},
    {ReasonCode::LowQuality, "low_quality"},
    {ReasonCode::Unavailable, "unavailable"},
    {ReasonCode::ThresholdClamped, "threshold_clamped"},
    {ReasonCode::ThresholdEstimated, "threshold_estimated"},
    {ReasonCode::AgeUnder14, "age_under_14"},
    {ReasonCode::AgeOver79, "age_over_79"},
    {ReasonCode::AgeUnknown, "age_unknown"},
    {ReasonCode::LowLiveness, "low_liveness"},
    {ReasonCode::DocumentMismatch, "document_mismatch"},
    {ReasonCode::RepeatAppointment, "repeat_appointment"},
    {ReasonCode::OfficerReferral, "officer_referral"},
    {ReasonCode::ManifestExpired, "manifest_expired"},
}};

constexpr std::array<std::pair<ReviewReason, std::string_view>, 10> kReviewReasons{{
    {ReviewReason::NoMatch, "no_match"},
    {ReviewReason::Ambiguous, "ambiguous"},
    {ReviewReason::LowQuality, "low_quality"},
    {ReviewReason::AgeUnder14, "age_under_14"},
    {ReviewReason::AgeOver79, "age_over_79"},
    {ReviewReason::LowLiveness, "low_liveness"},
    {ReviewReason::DocumentMismatch, "document_mismatch"},
    {ReviewReason::RepeatAppointment, "repeat_appointment"},
    {ReviewReason::OfficerReferral, "officer_referral"},
    {ReviewReason::Abandoned, "abandoned"},
}};

template <typename E, std::size_t N>
std::string_view nameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "unknown";
}

constexpr std::array<std::pair<SecondLookCheck, std::string_view>, 3> kSecondLookChecks{{
    {SecondLookCheck::DocumentPhoto, "document_photo"},
    {SecondLookCheck::AccompanyingAdult, "accompanying_adult"},
    {SecondLookCheck::OtherCheck, "other_check"},
}};

template <typename E, std::size_t N>
E parseIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
    for (const auto& [v, n] : table) {
        if (n == name) {
            return v;
        }
    }
    return E::Unknown;
}
} // namespace

std::string_view decisionName(Decision decision) {
    return nameIn(kDecisions, decision);
}
Decision parseDecision(std::string_view name) {
    return parseIn(kDecisions, name);
}
std::string_view outcomeName(Outcome outcome) {
    return nameIn(kOutcomes, outcome);
}
Outcome parseOutcome(std::string_view name) {
    return parseIn(kOutcomes, name);
}
std::string_view reasonCodeName(ReasonCode code) {
    return nameIn(kReasonCodes, code);
}
ReasonCode parseReasonCode(std::string_view name) {
    return parseIn(kReasonCodes, name);
}
std::string_view reviewReasonName(ReviewReason reason) {
    return nameIn(kReviewReasons, reason);
}
ReviewReason parseReviewReason(std::string_view name) {
    return parseIn(kReviewReasons, name);
}

std::string_view abandonReasonName(AbandonReason reason) {
    return nameIn(kAbandonReasons, reason);
}
AbandonReason parseAbandonReason(std::string_view name) {
    return parseIn(kAbandonReasons, name);
}

std::string_view secondLookCheckName(SecondLookCheck check) {
    return nameIn(kSecondLookChecks, check);
}
SecondLookCheck parseSecondLookCheck(std::string_view name) {
    return parseIn(kSecondLookChecks, name);
}

bool isBiometric(Outcome outcome) {
    return outcome != Outcome::None && outcome != Outcome::Unknown;
}

bool has(const std::vector<ReasonCode>& codes, ReasonCode code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

} // namespace portico::inspection
