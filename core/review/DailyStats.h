// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portico::review {

/// @brief Counts for one group of inspection records (a day, a lane, an age band or a sex) and the rates derived
/// from them. Definitions (docs/review.md):
/// - processed: records of the day except no-shows; optOuts: processed records of opted-out travelers, of which
///   optOutsBeforeAnalysis were declared before any frame with a face was analysed; abandoned: travelers analysed
///   but not decided (counted in processed and, by their outcome, in attempts);
/// - attempts: processed, not opted out, with a biometric outcome (match, no_match, ambiguous, low_quality,
///   unavailable);
/// - matchRate = matches / attempts; noMatchRate = noMatches / attempts; ftaRate (failure to acquire) =
///   lowQuality / attempts; nonMatchRate = (noMatches + lowQuality) / attempts (a failure to acquire counts as a
///   non-match, as at the booth);
/// - overturnRate = overturned / resolved, where a resolved case is overturned when the supervisor's finding
///   contradicts the machine: identity_confirmed after a non-match outcome (no_match, low_quality, ambiguous,
///   unavailable, none), or not_confirmed_secondary after a match.
struct OutcomeCounts {
    std::int64_t processed = 0;
    std::int64_t optOuts = 0;
    std::int64_t optOutsBeforeAnalysis = 0;
    std::int64_t abandoned = 0;
    std::int64_t attempts = 0;
    std::int64_t matches = 0;
    std::int64_t noMatches = 0;
    std::int64_t ambiguous = 0;
    std::int64_t lowQuality = 0;
    std::int64_t unavailable = 0;
    std::int64_t referred = 0; ///< officer referrals
    std::int64_t reviewCases = 0;
    std::int64_t reviewOpen = 0; ///< open or claimed
    std::int64_t reviewResolved = 0;
    std::int64_t confirmed = 0;    ///< identity_confirmed
    std::int64_t notConfirmed = 0; ///< not_confirmed_secondary
    std::int64_t inconclusive = 0;
    std::int64_t overturned = 0;

    /// @brief matches / attempts (0 when no attempts).
    double matchRate() const;
    /// @brief noMatches / attempts.
    double noMatchRate() const;
    /// @brief lowQuality / attempts (failure to acquire).
    double ftaRate() const;
    /// @brief (noMatches + lowQuality) / attempts: the rate the per-group alarm watches.
    double nonMatchRate() const;
    /// @brief overturned / reviewResolved (0 when none resolved).
    double overturnRate() const;
};

/// @brief The counts of one group: key "lane:3", "age:0-13", "sex:F" (also "age:unknown", "sex:unknown").
struct GroupStats {
    std::string key;
    OutcomeCounts counts;
};

/// @brief Which rate an alarm is about.
enum class AlarmKind { Unknown = 0, NonMatch, Overturn };

/// @brief Stable name: "non_match", "overturn".
std::string_view alarmKindName(AlarmKind kind);

/// @brief A group whose rate exceeds `factor` × the overall rate, with enough data to say so.
struct GroupAlarm {
    AlarmKind kind = AlarmKind::Unknown;
    std::string key;              ///< "age:80+", "sex:F"
    double rate = 0.0;            ///< the group's rate
    double overall = 0.0;         ///< the day's overall rate
    std::int64_t events = 0;      ///< non-matches (or overturns) in the group
    std::int64_t denominator = 0; ///< attempts (or resolved cases) in the group
};

/// @brief When a group alarm may fire. A group is judged only with enough data; an alarm fires when
/// group rate > factor × overall rate (strictly) and the overall rate is above zero.
struct AlarmRule {
    double factor = 2.0;
    std::int64_t minAttempts = 20;  ///< non-match alarm: the group needs at least this many attempts ...
    std::int64_t minNonMatches = 3; ///< ... and at least this many non-matches
    std::int64_t minResolved = 10;  ///< overturn alarm: the group needs at least this many resolved cases ...
    std::int64_t minOverturns = 3;  ///< ... and at least this many overturns
};

/// @brief Capture health from what the records hold.
struct CaptureHealthStats {
    std::int64_t samples = 0;                     ///< records with both capturedAt and decidedAt
    std::optional<double> captureToDecisionP50Ms; ///< median decidedAt − capturedAt
    std::optional<double> captureToDecisionP90Ms;
    std::int64_t timeToCaptureSamples = 0;    ///< records with details.time_to_capture_ms
    std::optional<double> timeToCaptureP50Ms; ///< median acquisition start → good capture, when recorded
    std::optional<double> timeToCaptureP90Ms;
};

/// @brief The day's figures for the stats view and the daily report. Aggregates only: no names, ids or images.
struct DailyStats {
    std::string day;         ///< YYYY-MM-DD (UTC day)
    std::string port;        ///< "" = every port
    std::optional<int> lane; ///< set when filtered to one lane
    OutcomeCounts overall;
    std::vector<GroupStats> perLane;    ///< lanes seen that day, ascending
    std::vector<GroupStats> perAgeBand; ///< the seven bands youngest first, then "age:unknown" (always present)
    std::vector<GroupStats> perSex;     ///< F, M, X, then "sex:unknown" (always present)
    std::vector<GroupAlarm> alarms;     ///< over the age bands and sexes (never over "unknown")
    AlarmRule rule;                     ///< the rule the alarms were judged by
    CaptureHealthStats capture;
};

} // namespace portico::review
