// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace portico::match {

/// @brief One calibration point: the share of impostor comparisons scoring at or above `score`.
struct ScorePoint {
    float score = 0.f;
    double fmr = 0.0;
};

/// @brief Where a score table came from; stored with it so a threshold can always be traced.
struct ScoreTableInfo {
    std::string modelId;               ///< the model whose templates were compared
    std::string dataset;               ///< name of the calibration data set
    std::uint64_t datasetSize = 0;     ///< templates (or images) in the data set
    std::uint64_t minFalseMatches = 3; ///< impostor scores needed above a threshold before its FMR is trusted
};

/// @brief A threshold looked up in a ScoreTable.
struct FmrLookup {
    float threshold = 0.f;     ///< accept when score ≥ threshold
    double requestedFmr = 0.0; ///< what was asked
    double fmr = 0.0;          ///< what the threshold stands for (= requested unless clamped)
    bool clamped = false;      ///< the table cannot support the request; the strictest supported point is used
};

/// @brief Score → false-match-rate table built from impostor scores (score ≥ threshold counts as a match).
///
/// It never extrapolates: an FMR below `minSupportedFmr()` (= minFalseMatches / impostor comparisons) is clamped to
/// the strictest supported point and reported as clamped.
class ScoreTable {
public:
    ScoreTable() = default;

    /// @brief Builds the table from impostor (non-mated) comparison scores; InvalidArgument if too few or non-finite.
    static Result<ScoreTable> fromImpostorScores(std::vector<float> scores, ScoreTableInfo info);
    /// @brief Parses the calibration JSON written by toJson (docs/matching.md); Corrupt on any inconsistency.
    static Result<ScoreTable> fromJson(std::string_view text);
    /// @brief Reads a calibration file.
    static Result<ScoreTable> load(const std::filesystem::path& path);

    /// @brief The calibration JSON.
    std::string toJson() const;
    /// @brief Writes the calibration JSON (atomically: temp file + rename).
    Status save(const std::filesystem::path& path) const;

    /// @brief Threshold for a per-comparison FMR (clamped, never extrapolated).
    FmrLookup thresholdForFmr(double fmr) const;
    /// @brief FMR a score stands for; scores above the strictest supported point give minSupportedFmr() ("at most").
    double fmrAtScore(float score) const;

    const ScoreTableInfo& info() const { return m_info; }
    std::uint64_t impostorCount() const { return m_impostorCount; }
    /// @brief Smallest FMR the table can honestly support: minFalseMatches / impostorCount.
    double minSupportedFmr() const;
    /// @brief Points by ascending FMR (descending score).
    const std::vector<ScorePoint>& points() const { return m_points; }
    bool empty() const { return m_points.empty(); }

private:
    ScoreTableInfo m_info;
    std::uint64_t m_impostorCount = 0;
    std::vector<ScorePoint> m_points;
};

} // namespace portico::match
