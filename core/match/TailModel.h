// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <vector>

namespace portico::match {

/// @brief Generalised Pareto (peaks-over-threshold) model of the top impostor scores, for false-match rates below
/// what the measured scores resolve.
///
/// For a score t ≥ u: FMR(t) = exceedanceFmr × (1 + ξ (t − u) / σ)^(−1/ξ)  (ξ = 0: exceedanceFmr × e^(−(t − u)/σ)),
/// fitted by maximum likelihood to the `exceedances` impostor scores above u. With ξ < 0 the tail has an end point
/// u − σ/ξ, above which FMR is 0 and thresholdFor() never goes.
struct TailModel {
    float threshold = 0.f;         ///< u: the score the exceedances are counted above
    std::uint64_t exceedances = 0; ///< k: impostor scores above u used in the fit
    double exceedanceFmr = 0.0;    ///< k / impostor comparisons: the FMR at u
    double shape = 0.0;            ///< ξ
    double scale = 0.0;            ///< σ (score units)
    double minFmr = 0.0;           ///< the model is used down to this FMR and no further (below: clamped)

    bool valid() const { return exceedances > 0 && scale > 0.0 && exceedanceFmr > 0.0; }
    /// @brief Modelled FMR at a score ≥ u (exceedanceFmr for scores below u).
    double fmrAt(double score) const;
    /// @brief Score at which the modelled FMR equals @p fmr (≤ exceedanceFmr).
    double thresholdFor(double fmr) const;
    /// @brief Modelled impostor density at a score ≥ u (per unit of score, as a share of all comparisons).
    double density(double score) const;

    /// @brief Fits the model to the @p k highest of @p scores (any order; at least 50 exceedances and k + 1 scores),
    /// u being the (k + 1)-th highest score; exceedanceFmr = k / scores.size(). InvalidArgument when too few.
    /// With @p exponential the shape is fixed at ξ = 0 and σ is the mean excess (its maximum-likelihood estimate).
    static Result<TailModel> fit(std::vector<float> scores, std::size_t k, bool exponential = false);
    /// @brief Fits to the exceedances y_i = s_i − u > 0 (maximum likelihood over the profile in ξ/σ, Grimshaw 1993;
    /// or ξ = 0 with @p exponential).
    static Result<TailModel> fitExceedances(const std::vector<double>& excesses, float u, std::uint64_t impostorCount,
                                            bool exponential = false);
};

/// @brief One point of a tail check: the fitted model's threshold for `fmr`, applied to held-back impostor scores.
struct TailCheckPoint {
    double fmr = 0.0;           ///< FMR the fitted model was asked for
    double threshold = 0.0;     ///< the model's threshold for it
    double expected = 0.0;      ///< fmr × held-back comparisons
    std::uint64_t observed = 0; ///< held-back scores ≥ threshold
    double pValue = 1.0;        ///< two-sided Poisson probability of a count at least this far from expected
    double empiricalFmr = 0.0;  ///< observed / held-back comparisons
};

/// @brief How a tail fitted on one part of the impostor scores predicts another, held-back part.
struct TailCheck {
    std::uint64_t fitComparisons = 0;
    std::uint64_t heldComparisons = 0;
    double fitResolution = 0.0; ///< lowest FMR the fit part resolves on its own (minFalseMatches / fitComparisons)
    TailModel model;            ///< the model fitted on the fit part
    std::vector<TailCheckPoint> points;
    double minPValue = 1.0;
    bool passed = false; ///< every point's p ≥ 0.01
};

/// @brief Held-back checks of the tail model pooled over several splits of the calibration set: at each level below
/// a split's own resolution, the false matches the split's model predicts on its held-back pairs, summed over the
/// splits, against those observed. Identity-level clusters (look-alike pairs, label errors) make the counts vary
/// far more than Poisson between splits, so the verdict is a tolerance on the pooled ratio, not a p-value.
struct TailValidationPoint {
    double decadesBelow = 0.0;  ///< how far below each split's fit resolution (0.5 = a factor √10)
    double expected = 0.0;      ///< summed over the splits
    std::uint64_t observed = 0; ///< summed over the splits
    double ratio = 0.0;         ///< observed / expected
    double minRatio = 0.0;      ///< the lowest single-split ratio
    double maxRatio = 0.0;      ///< the highest single-split ratio
};

struct TailValidation {
    std::size_t splits = 0;
    double fitShare = 0.0;      ///< share of the identities whose mutual pairs fit each split's model
    double tolerance = 2.0;     ///< passed when every pooled ratio is within [1/tolerance, tolerance]
    double fitResolution = 0.0; ///< mean over splits
    std::vector<TailValidationPoint> points;
    bool passed = false;
};

/// @brief Two-sided Poisson p-value of observing @p observed events when @p expected are expected (mid-p free,
/// exact sums; doubling the smaller tail, capped at 1).
double poissonTwoSidedP(std::uint64_t observed, double expected);

/// @brief Fits a tail to @p fit (its top @p k scores) and checks it on @p held at each FMR of @p fmrs.
Result<TailCheck> checkTail(std::vector<float> fit, const std::vector<float>& held, std::size_t k,
                            const std::vector<double>& fmrs, std::uint64_t minFalseMatches, bool exponential = false);

} // namespace portico::match
