// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "match/ScoreTable.h"
#include "match/TailModel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace portico::match {

/// @brief Labelled templates of a calibration set: one row per image.
struct CalibrationInput {
    std::string modelId;
    std::string dataset; ///< recorded in the table
    std::size_t dim = 0;
    std::vector<std::string> identities; ///< per row: who (only tells mated from non-mated pairs)
    std::vector<std::string> images;     ///< per row: which image ("identity/n"), for the report of the tail
    std::vector<float> values;           ///< rows × dim (normalised on use)
    std::string created;                 ///< date recorded in the table (YYYY-MM-DD)
    std::string labelCorrections;        ///< recorded in the table: which label corrections were applied
};

/// @brief How the table, its tail model and the ambiguity margin are made (docs/matching.md, "Calibration").
struct CalibrationOptions {
    std::uint64_t minFalseMatches = 10; ///< resolution: the lowest FMR backed by at least this many false matches
    double tailShare = 5e-4;            ///< the tail model is fitted to the top tailShare of the impostor scores
    double extrapolationDecades = 1.5;  ///< the model is used down to resolution × 10^−decades, no further
    double checkFitShare = 1.0 / 3.0;   ///< share that fits the checked model; the rest is held back
    bool checkSplitByPair = false; ///< split impostor pairs at random (else: identities, pairs within the fit share)
    std::size_t checkSplits = 10;  ///< seeded splits (seed, seed + 1, …) pooled in the check
    double checkTolerance = 2.0;   ///< the pooled observed / predicted ratio must lie within [1/this, this]
    std::uint64_t seed = 1;        ///< which identities go to the fit part of the check
    double ambiguityOdds = 99.0;   ///< margin: the top candidate is this many times likelier the mate
    /// The margin is derived at the 1:N threshold of each of these galleries and the largest is kept (the margin an
    /// exponential tail needs grows slowly with the threshold, as the genuine density falls off).
    std::vector<std::size_t> ambiguityGalleries{100, 300, 1000, 5000};
    double ambiguityFpir = 0.003; ///< … at this FPIR
    std::size_t topPairs = 25;    ///< highest-scoring impostor pairs listed in the report
    bool withTail = true;         ///< fit and check a tail model (off: clamp below the resolution)
    bool exponentialTail = true;  ///< ξ fixed at 0 (else fitted; see docs/matching.md for why not)
};

/// @brief One scored pair of rows.
struct ScoredPair {
    std::size_t a = 0;
    std::size_t b = 0;
    float score = 0.f;
};

/// @brief Everything a calibration run found, beyond the table itself.
struct CalibrationReport {
    ScoreTable table;
    std::uint64_t rows = 0;
    std::uint64_t rowsSkipped = 0; ///< zero or non-finite vectors
    std::uint64_t identities = 0;
    std::vector<float> genuine;           ///< every genuine score
    std::vector<ScoredPair> topImpostors; ///< the highest impostor scores, best first
    std::vector<ScoredPair> lowGenuine;   ///< the lowest genuine scores, worst first
    std::optional<TailValidation> check;  ///< the tail recipe fitted on part of the identities, checked on the rest
    std::vector<TailCheck> splitChecks;   ///< each split's own check
};

/// @brief Scores every pair of rows (genuine = same identity), builds the score table with its provenance, fits
/// the tail model (checked on held-back identities) and derives the ambiguity margin.
Result<CalibrationReport> calibrate(const CalibrationInput& input, const CalibrationOptions& options);

/// @brief An image or identity whose label the scores contradict (a proposal for a person to check, never applied
/// by itself).
struct LabelSuspect {
    enum class Kind { Image, Identity };
    Kind kind = Kind::Image;
    std::string subject;       ///< the image ("identity/n") or the identity
    std::string otherIdentity; ///< the identity it scores like
    double ownMedian = 0.0;    ///< image: median score against the other images of its own identity (NaN: none)
    double otherMedian = 0.0;  ///< median score against the other identity's images (identity: over all cross pairs)
    std::size_t pairs = 0;     ///< cross pairs behind otherMedian
};

/// @brief Label audit of a calibration set. An image is suspect when its median score against another identity's
/// images reaches @p threshold and exceeds its median against its own identity's other images; a pair of
/// identities is suspect when the median of all their cross pairs reaches @p threshold (one person under two names).
std::vector<LabelSuspect> auditLabels(const CalibrationInput& input, float threshold);

/// @brief Gaussian kernel density of @p scores at @p x (Silverman's bandwidth), as a share per unit of score.
double kernelDensity(const std::vector<float>& sortedScores, double x, double bandwidth);
/// @brief Silverman's rule-of-thumb bandwidth of @p scores.
double silvermanBandwidth(const std::vector<float>& scores);

/// @brief The ambiguity margin: the smallest score gap Δ such that, for a runner-up at the threshold @p threshold
/// and a top candidate at threshold + Δ, one of them the mate and the other not, the top candidate is at least
/// @p odds times likelier to be the mate: LR(t + Δ) / LR(t) ≥ odds, LR = genuine density / impostor density (the
/// tail model above its threshold). NaN when no Δ up to 1 reaches the odds.
double ambiguityMarginAt(const std::vector<float>& sortedGenuine, double bandwidth, const TailModel& tail,
                         double threshold, double odds);

} // namespace portico::match
