// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace portico::eval {

/// @brief FNMR at the threshold that keeps FMR at or below a target.
struct OperatingPoint {
    double targetFmr = 0.0;
    double threshold = 0.0; ///< accept when score ≥ threshold
    double fmr = 0.0;       ///< measured FMR at that threshold (≤ targetFmr)
    double fnmr = 0.0;      ///< measured FNMR at that threshold
    bool resolved = false;  ///< targetFmr × impostor count ≥ 1: the set can measure this FMR at all
};

/// @brief One point of a DET curve.
struct DetPoint {
    double threshold = 0.0;
    double fmr = 0.0;
    double fnmr = 0.0;
};

/// @brief Error rates of similarity scores (higher = more alike; accept when score ≥ threshold).
///
/// Failures to enrol enter as −infinity: a genuine pair with one is a false non-match at every threshold, an
/// impostor pair with one is never a false match.
class ErrorRates {
public:
    ErrorRates(std::vector<double> genuine, std::vector<double> impostor);

    std::size_t genuineCount() const { return m_genuine.size(); }
    std::size_t impostorCount() const { return m_impostor.size(); }

    /// @brief Share of impostor scores ≥ t.
    double fmrAt(double threshold) const;
    /// @brief Share of genuine scores < t.
    double fnmrAt(double threshold) const;
    /// @brief Equal error rate, linearly interpolated between the two thresholds where FNMR − FMR changes sign.
    double eer() const;
    /// @brief The lowest threshold with FMR ≤ @p targetFmr, and the FNMR there.
    OperatingPoint atFmr(double targetFmr) const;
    /// @brief The DET curve over every distinct score (FMR descending).
    std::vector<DetPoint> det() const;

private:
    std::vector<double> m_genuine;  ///< ascending
    std::vector<double> m_impostor; ///< ascending
};

} // namespace portico::eval
