// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/StationConfig.h"
#include "match/Reasons.h"
#include "match/ScoreTable.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace portico::match {

/// @brief Operating points of the threshold policy (defaults as in docs/matching.md).
struct ThresholdPolicyConfig {
    double verificationFmr = 1e-4;     ///< 1:1: false-match rate per comparison
    double identificationFpir = 0.003; ///< 1:N: false-positive identification rate per search (non-mated)
    double ageFmrFactor = 0.1;         ///< age policy: FMR multiplied by this (stricter threshold)
    int youngerThanYears = 14;         ///< age < this → age policy
    int olderThanYears = 79;           ///< age > this → age policy
    /// Two candidates above the threshold within this score margin → Ambiguous. Unset: the margin the score table
    /// derived from its calibration set's distributions (ScoreTable::ambiguity), else kFallbackAmbiguityMargin.
    std::optional<float> ambiguityMargin;

    /// Used only with a table that derived no margin (hand-made or pre-#25 tables); stated as not calibrated.
    static constexpr float kFallbackAmbiguityMargin = 0.03f;

    /// @brief The station's configured operating point (validated there: config::validateOperatingPoint).
    static ThresholdPolicyConfig fromOperatingPoint(const config::OperatingPointConfig& op);
};

/// @brief Which comparison a threshold is for.
enum class ThresholdMode {
    Unknown = 0,
    Verification,   ///< 1:1
    Identification, ///< 1:N
};

/// @brief A threshold with everything needed to state it in words (FMR, N, "1 in X").
struct Threshold {
    ThresholdMode mode = ThresholdMode::Unknown;
    float score = 1.f;              ///< accept when score ≥ this
    double requestedFmr = 0.0;      ///< per-comparison FMR asked for (after the age factor)
    double fmr = 0.0;               ///< per-comparison FMR the threshold stands for (≥ requested when clamped)
    std::size_t gallerySize = 1;    ///< N (1 for verification)
    double targetFpir = 0.0;        ///< 1:N only: the configured FPIR (after the age factor)
    double expectedFalseRate = 0.0; ///< chance of a false match per 1:1 comparison, or of a false candidate per search
    double oneIn = 0.0;             ///< 1 / expectedFalseRate: "1 in X"
    bool clamped = false;           ///< the table could not support the request (see ReasonCode::ThresholdClamped)
    bool estimated = false;      ///< below the table's resolution: from its tail model (ReasonCode::ThresholdEstimated)
    std::optional<int> ageYears; ///< traveler's age when the age policy was evaluated
    std::vector<ReasonCode> reasons; ///< ThresholdClamped, AgeUnder14, AgeOver79

    bool has(ReasonCode r) const;
    /// @brief True when the age policy applies (stricter threshold, mandatory second look).
    bool ageSecondLook() const { return has(ReasonCode::AgeUnder14) || has(ReasonCode::AgeOver79); }
};

struct OperatingPointSummary;

/// @brief Turns a calibrated ScoreTable and stated error rates into thresholds, for 1:1 and for a gallery of N.
class ThresholdPolicy {
public:
    explicit ThresholdPolicy(ScoreTable table, ThresholdPolicyConfig config = {});

    /// @brief 1:1 threshold at the configured FMR (stricter under the age policy).
    Threshold verification(std::optional<int> ageYears = std::nullopt) const;
    /// @brief 1:N threshold for a gallery of `gallerySize`: per-comparison FMR = FPIR / N (bigger N → stricter).
    Threshold identification(std::size_t gallerySize, std::optional<int> ageYears = std::nullopt) const;

    /// @brief Whole years from date of birth to today; nullopt for an invalid date or a birth date after today.
    static std::optional<int> ageYears(std::chrono::year_month_day dateOfBirth, std::chrono::year_month_day today);

    /// @brief The ambiguity margin in force: the configured one, else the table's derived one, else the fallback.
    float ambiguityMargin() const;
    /// @brief Where ambiguityMargin() comes from.
    enum class MarginSource { Configured, Calibrated, Fallback };
    MarginSource ambiguityMarginSource() const;

    /// @brief ConfigInvalid when the table cannot support the 1:1 operating point (also under the age factor)
    /// without clamping; the message names the FMR asked and the lowest the table supports.
    Status checkSupported() const;
    /// @brief Largest gallery whose 1:N threshold the table resolves from measured scores (FPIR / N ≥ resolution).
    std::size_t largestMeasuredGallery() const;
    /// @brief Largest gallery whose 1:N threshold is not clamped (FPIR / N ≥ the tail model's floor).
    std::size_t largestSupportedGallery() const;

    /// @brief The operating point in figures, for the monitoring screen and reports (1:N at galleries @p smallN
    /// and @p largeN).
    OperatingPointSummary summary(std::size_t smallN = 100, std::size_t largeN = 1000) const;

    const ScoreTable& table() const { return m_table; }
    const ThresholdPolicyConfig& config() const { return m_config; }

private:
    Threshold make(ThresholdMode mode, double fmr, std::size_t n, std::optional<int> ageYears) const;

    ScoreTable m_table;
    ThresholdPolicyConfig m_config;
};

/// @brief What a supervisor is shown of the operating point: rates, thresholds and where they come from.
struct OperatingPointSummary {
    ThresholdPolicyConfig config;
    Threshold verification;        ///< 1:1, no age policy
    Threshold identificationSmall; ///< 1:N at the smaller gallery
    Threshold identificationLarge; ///< 1:N at the larger gallery
    std::size_t largestMeasuredGallery = 0;
    std::size_t largestSupportedGallery = 0;
    float ambiguityMargin = 0.f;
    ThresholdPolicy::MarginSource marginSource = ThresholdPolicy::MarginSource::Fallback;
    ScoreTableInfo table;
    ScoreTableProvenance provenance;
    std::uint64_t impostorComparisons = 0;
};

} // namespace portico::match
