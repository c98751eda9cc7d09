// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// @brief The inspection record's vocabulary: what the booth decides, why, and what a supervisor must look at, as
/// types. Only the store and the upload protocol turn them into text (store/InspectionJson.h); every other layer
/// compares enums, never strings.
namespace portico::inspection {

/// @brief What the officer decides about one traveler. Each decision becomes exactly one inspection record.
/// Abandoned is the one the booth writes itself: a traveler was analysed, but no decision came before the booth
/// moved on (Details::abandoned says why). It is not a decision about the traveler, and it goes to review.
enum class Decision { Unknown = 0, Verified, Referred, OptOut, NoShow, Abandoned };

/// @brief Why the booth moved on from an analysed traveler without a decision.
enum class AbandonReason {
    Unknown = 0,
    NextTraveler, ///< a new face arrived after the traveler had left the camera's view
    Dismissed,    ///< the officer cleared the traveler (Esc) without a decision
    SignedOut,    ///< the officer signed out, or another officer signed in
};

/// @brief The biometric outcome the record keeps: None when no comparison was made (opt-out, no-show, no capture).
enum class Outcome { Unknown = 0, None, Match, NoMatch, Ambiguous, LowQuality, Unavailable };

/// @brief Why a record is what it is: the matcher's reasons and the booth's (kept in `reason_codes`).
enum class ReasonCode {
    Unknown = 0,
    Matched,            ///< one candidate above the threshold, clear of the others
    NoMatch,            ///< no candidate reached the threshold
    Ambiguous,          ///< two or more candidates within the ambiguity margin
    LowQuality,         ///< the capture failed quality measures
    Unavailable,        ///< matching could not run
    ThresholdClamped,   ///< the calibration could not support the requested FMR at this gallery size
    ThresholdEstimated, ///< the threshold is the calibration's tail model, below its measured resolution
    AgeUnder14,         ///< age policy: stricter threshold, mandatory second look
    AgeOver79,          ///< age policy: stricter threshold, mandatory second look
    AgeUnknown,         ///< no valid date of birth: the age policy could not be applied
    LowLiveness,        ///< the liveness evidence was weak (booth::kWeakLivenessBelow)
    DocumentMismatch,   ///< the typed or scanned MRZ differs from the manifest entry
    RepeatAppointment,  ///< the booking had already been decided at this station
    OfficerReferral,    ///< the officer referred the traveler to secondary inspection
    ManifestExpired,    ///< matched against a manifest past its expires_at (an offline booth; docs/api.md §3.1)
};

/// @brief What the officer checked when the age policy asked for a confirmed second look before "verified"
/// (booth::needsConfirmedSecondLook). Recorded in the record's details as `second_look_check`.
enum class SecondLookCheck {
    Unknown = 0,       ///< none given
    DocumentPhoto,     ///< the face compared with the travel document's photo
    AccompanyingAdult, ///< identity confirmed with the accompanying parent, guardian or carer
    OtherCheck,        ///< another check, described in the note
};

/// @brief Why a review case exists (kept in `review_cases.reasons`), in the order booth::reviewReasonsFor lists them.
enum class ReviewReason {
    Unknown = 0,
    NoMatch,
    Ambiguous,
    LowQuality,
    AgeUnder14,
    AgeOver79,
    LowLiveness,
    DocumentMismatch,
    RepeatAppointment,
    OfficerReferral,
    Abandoned, ///< analysed and shown, but nobody decided
};

/// @brief Stable names as stored and sent: "verified", "referred", "opt_out", "no_show", "abandoned" ("unknown"
/// otherwise).
std::string_view decisionName(Decision decision);
/// @brief Inverse of decisionName (Unknown for anything else).
Decision parseDecision(std::string_view name);
/// @brief "none", "match", "no_match", "ambiguous", "low_quality", "unavailable" ("unknown" otherwise).
std::string_view outcomeName(Outcome outcome);
/// @brief Inverse of outcomeName (Unknown for anything else).
Outcome parseOutcome(std::string_view name);
/// @brief snake_case names: "matched", "no_match", ..., "low_liveness", "document_mismatch", "repeat_appointment",
/// "officer_referral", "manifest_expired".
std::string_view reasonCodeName(ReasonCode code);
/// @brief Inverse of reasonCodeName (Unknown for anything else).
ReasonCode parseReasonCode(std::string_view name);
/// @brief snake_case names: "no_match", "ambiguous", "low_quality", "age_under_14", "age_over_79", "low_liveness",
/// "document_mismatch", "repeat_appointment", "officer_referral".
std::string_view reviewReasonName(ReviewReason reason);
/// @brief Inverse of reviewReasonName (Unknown for anything else).
ReviewReason parseReviewReason(std::string_view name);

/// @brief "next_traveler", "dismissed", "signed_out" ("unknown" otherwise).
std::string_view abandonReasonName(AbandonReason reason);
/// @brief Inverse of abandonReasonName (Unknown for anything else).
AbandonReason parseAbandonReason(std::string_view name);

/// @brief "document_photo", "accompanying_adult", "other_check" ("unknown" otherwise).
std::string_view secondLookCheckName(SecondLookCheck check);
/// @brief Inverse of secondLookCheckName (Unknown for anything else).
SecondLookCheck parseSecondLookCheck(std::string_view name);

/// @brief True for the outcomes of an attempted comparison (Match … Unavailable), false for None and Unknown.
bool isBiometric(Outcome outcome);
/// @brief True when @p codes holds @p code.
bool has(const std::vector<ReasonCode>& codes, ReasonCode code);

/// @brief The 1:N operating point the officer was shown, whole: the threshold score, the per-comparison false-match
/// rate it stands for, the gallery size it was set for and the resulting "1 in X chance of a false candidate" per
/// search. A supervisor reads the same odds the officer saw.
struct ThresholdFacts {
    double score = 0.0;
    double fmr = 0.0;                       ///< per comparison
    std::optional<std::size_t> gallerySize; ///< absent on records made before it was kept
    std::optional<double> oneIn;            ///< per search: 1 / expected false-candidate rate

    bool operator==(const ThresholdFacts&) const = default;
};

/// @brief The earlier record about the same appointment (a repeat).
struct PriorInspection {
    std::string id;
    Decision decision = Decision::Unknown;
    Clock::TimePoint decidedAt{};

    bool operator==(const PriorInspection&) const = default;
};

/// @brief Where the subject's face is in the kept capture (pixels).
struct FaceBox {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    bool operator==(const FaceBox&) const = default;
};

/// @brief One of the 1:N search's best candidates, for the supervisor's look-alikes.
struct LookAlike {
    std::string appointmentId;
    double score = 0.0;

    bool operator==(const LookAlike&) const = default;
};

/// @brief The record's non-personal details beyond its columns.
struct Details {
    std::string referralReason; ///< the officer's referral reason (referrals only)
    std::string note;           ///< the officer's free-text note
    std::optional<ThresholdFacts> threshold;
    std::optional<PriorInspection> prior;  ///< this booking's earlier record, when this one is a repeat
    std::optional<double> timeToCaptureMs; ///< acquisition start → good capture (capture health)
    std::optional<FaceBox> faceBox;        ///< only with a kept photo
    std::vector<LookAlike> candidates;     ///< best first, at most three
    /// What the officer checked on a confirmed second look (age policy); Unknown when none was asked.
    SecondLookCheck secondLookCheck = SecondLookCheck::Unknown;
    /// Abandoned records only: why the booth moved on without a decision.
    AbandonReason abandoned = AbandonReason::Unknown;
    /// Opt-outs only: frames with a face the booth had analysed for this traveler when the opt-out was declared
    /// (0: declared before any analysis).
    std::optional<int> framesAnalysedBeforeOptOut;

    bool operator==(const Details&) const = default;
};

} // namespace portico::inspection
