// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspection/Record.h"
#include "match/Reasons.h"
#include "store/InspectionStore.h"

#include <optional>
#include <vector>

/// @brief The booth's workflow policy, in one place: when the officer must look twice, and which inspections a
/// supervisor reviews. The store only keeps what this decides; the screens only show it.
namespace portico::booth {

/// @brief Liveness evidence below this is weak: a second look at the booth and a review case.
inline constexpr double kWeakLivenessBelow = 0.5;

/// @brief True when a liveness score is present and below kWeakLivenessBelow.
bool weakLiveness(std::optional<double> liveness);

/// @brief The record's reason code for one of the matcher's reasons.
inspection::ReasonCode toReasonCode(match::ReasonCode reason);

/// @brief Why a person must look twice before "verified": the matcher's reasons (age policy, no match, ambiguity,
/// low quality, unknown age; not "matched", "unavailable" or a clamped or estimated threshold, which the officer
/// cannot act on),
/// weak liveness, a repeat of an appointment already decided here, and a match made against a manifest past its
/// expiry (an offline booth keeps working on it; travelers changed or removed since are not in it). Empty: nothing
/// stops the officer.
std::vector<inspection::ReasonCode> secondLookReasons(const std::vector<match::ReasonCode>& matcherReasons,
                                                      std::optional<double> liveness, bool repeat,
                                                      bool manifestExpired = false);

/// @brief True when "verified" needs the officer's confirmed second look (what was checked, recorded with the
/// decision): the age policy, a traveler under 14 or over 79. Other second looks are shown; this one is enforced.
bool needsConfirmedSecondLook(const std::vector<inspection::ReasonCode>& secondLook);

/// @brief Why an inspection needs a supervisor's review (empty: it does not). One reason per cause, in this order:
/// no_match, ambiguous, low_quality (outcomes); age_under_14, age_over_79 (reason codes, or band 0-13 / 80+ when a
/// biometric outcome exists); low_liveness (reason code, or weak liveness); document_mismatch (reason code, or
/// docScore < docThreshold); repeat_appointment (reason code: one booking used twice); officer_referral (decision
/// Referred or that reason code); abandoned (the booth moved on without a decision from a traveler who needed one
/// of the reasons before; an undecided clear match is only counted).
/// Opt-outs and no-shows never need review (no biometric was taken).
std::vector<inspection::ReviewReason> reviewReasonsFor(const store::NewInspection& inspection);

} // namespace portico::booth
