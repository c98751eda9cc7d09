// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "match/TailModel.h"

#include <cstdint>
#include <filesystem>
#include <optional>
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
    std::string modelId;                ///< the model whose templates were compared
    std::string dataset;                ///< name of the calibration data set
    std::uint64_t datasetSize = 0;      ///< templates (or images) in the data set
    std::uint64_t minFalseMatches = 10; ///< impostor scores needed above a threshold before its FMR is trusted
};

/// @brief More of where a table came from (format version 2; empty / 0 when not recorded).
struct ScoreTableProvenance {
    std::uint64_t identities = 0;         ///< identities in the data set
    std::uint64_t genuineComparisons = 0; ///< genuine (mated) pairs of the data set
    std::string created;                  ///< date the table was built (YYYY-MM-DD)
    std::string labelCorrections;         ///< which corrections of the data set's labels were applied
};

/// @brief The ambiguity margin derived from the calibration set's score distributions (docs/matching.md).
struct AmbiguityDerivation {
    float margin = 0.f;        ///< two candidates above the threshold closer than this → Ambiguous
    double odds = 0.0;         ///< the top candidate is this many times likelier the mate than the runner-up
    float threshold = 0.f;     ///< the 1:N threshold it was derived at (the loosest the booth uses)
    std::uint64_t gallery = 0; ///< … for this gallery size
    double fpir = 0.0;         ///< … and this FPIR
};

/// @brief A threshold looked up in a ScoreTable.
struct FmrLookup {
    float threshold = 0.f;     ///< accept when score ≥ threshold
    double requestedFmr = 0.0; ///< what was asked
    double fmr = 0.0;          ///< what the threshold stands for (= requested unless clamped)
    bool clamped = false;      ///< the table cannot support the request; the strictest supported point is used
    bool estimated = false;    ///< below the measured resolution: the threshold comes from the tail model
};

/// @brief Score → false-match-rate table built from impostor scores (score ≥ threshold counts as a match).
///
/// Down to `minSupportedFmr()` (= minFalseMatches / impostor comparisons, the resolution) thresholds come from the
/// measured scores. Below it, a table with a tail model extrapolates down to the model's `minFmr` and marks the
/// lookup `estimated`; anything lower (or anything below the resolution without a model) is clamped to the strictest
/// point the table supports and marked `clamped`.
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

    /// @brief Threshold for a per-comparison FMR (measured, estimated by the tail model, or clamped).
    FmrLookup thresholdForFmr(double fmr) const;
    /// @brief FMR a score stands for; scores above the strictest supported point give that point's FMR ("at most").
    double fmrAtScore(float score) const;

    /// @brief ModelMismatch naming both models unless the table was made for @p engineModelId.
    Status requireModel(const std::string& engineModelId) const;

    const ScoreTableInfo& info() const { return m_info; }
    const ScoreTableProvenance& provenance() const { return m_provenance; }
    void setProvenance(ScoreTableProvenance p) { m_provenance = std::move(p); }
    std::uint64_t impostorCount() const { return m_impostorCount; }
    /// @brief The resolution: the smallest FMR backed by minFalseMatches measured false matches.
    double minSupportedFmr() const;
    /// @brief The smallest FMR any lookup returns unclamped (the tail model's floor, else the resolution).
    double minUsableFmr() const;

    /// @brief The tail model beyond the resolution, with how it fared on held-back pairs.
    const std::optional<TailModel>& tail() const { return m_tail; }
    const std::optional<TailValidation>& tailCheck() const { return m_tailCheck; }
    void setTail(TailModel model, std::optional<TailValidation> check);
    const std::optional<AmbiguityDerivation>& ambiguity() const { return m_ambiguity; }
    void setAmbiguity(AmbiguityDerivation a) { m_ambiguity = a; }
    /// @brief Points by ascending FMR (descending score).
    const std::vector<ScorePoint>& points() const { return m_points; }
    bool empty() const { return m_points.empty(); }

private:
    ScoreTableInfo m_info;
    ScoreTableProvenance m_provenance;
    std::uint64_t m_impostorCount = 0;
    std::vector<ScorePoint> m_points;
    std::optional<TailModel> m_tail;
    std::optional<TailValidation> m_tailCheck;
    std::optional<AmbiguityDerivation> m_ambiguity;
};

} // namespace portico::match
