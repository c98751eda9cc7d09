// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "eval/ErrorRates.h"
#include "eval/PairList.h"
#include "face/FacePipeline.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::face {
class ModelStore;
}

namespace portico::eval {

/// @brief How to run an evaluation.
struct EvaluationOptions {
    std::filesystem::path dataset;              ///< DIR/<identity>/<n>.jpg
    std::optional<std::filesystem::path> pairs; ///< LFW pairs.txt; none: all genuine pairs + a seeded impostor sample
    std::size_t impostorSample = 20000;         ///< impostor pairs drawn when there is no pairs file
    std::uint64_t seed = 20240601;              ///< for that sample
    unsigned threads = 1;                       ///< one pipeline per thread
    face::PipelineOptions pipeline;
    std::vector<double> fmrTargets{1e-2, 1e-3, 1e-4};
    /// @brief Identity → group (e.g. age band; readGroups). When set, the report breaks the error rates down by
    /// group at the overall operating points' thresholds; identities not listed are in group "unknown".
    std::map<std::string, std::string> groups;
    /// @brief Called after each image (from worker threads, serialised): done, total.
    std::function<void(std::size_t, std::size_t)> progress;
};

/// @brief Per-image outcome.
struct ImageOutcome {
    ImageRef ref;
    bool enrolled = false;
    ErrorCode failure = ErrorCode::Unknown; ///< when not enrolled
    face::DetectionPath path = face::DetectionPath::Unknown;
    bool severalFaces = false;
    double qualityScore = 0.0;
    face::StageTimes times;
};

/// @brief Error rates of one group of identities at the overall thresholds (EvaluationReport::operatingPoints).
struct GroupReport {
    std::size_t images = 0;
    std::size_t failedToEnrol = 0;
    std::size_t genuine = 0;  ///< genuine pairs of the group's identities
    std::size_t impostor = 0; ///< impostor pairs with both identities in the group (cross-group pairs are left out)
    std::vector<double> fnmr; ///< per operating point; NaN when the group has no genuine pair
    std::vector<double> fmr;  ///< per operating point; NaN when the group has no impostor pair
};

/// @brief What an evaluation found.
struct EvaluationReport {
    std::size_t images = 0; ///< images analysed
    std::size_t failedToEnrol = 0;
    double fte = 0.0;        ///< failedToEnrol / images
    std::size_t genuine = 0; ///< genuine pairs scored (failures included as non-matches)
    std::size_t impostor = 0;
    std::size_t missingPairs = 0; ///< pairs naming an image not in the dataset (skipped)
    double eer = 0.0;
    std::vector<OperatingPoint> operatingPoints; ///< one per EvaluationOptions::fmrTargets
    std::map<std::string, double> msPerImage;    ///< medians: decode, detect, landmarks, align, embed, quality, total
    std::map<std::string, std::size_t> detectionPaths; ///< primary / low_confidence / padded
    std::size_t severalFaces = 0;
    std::string model;                 ///< model id + sha256 prefix
    std::vector<double> genuineScores; ///< −inf for failures to enrol
    std::vector<double> impostorScores;
    /// @brief With EvaluationOptions::groups: the group of each genuine / impostor pair, parallel to the scores
    /// ("" for an impostor pair across two groups), and the figures per group.
    std::vector<std::string> genuineGroups;
    std::vector<std::string> impostorGroups;
    std::map<std::string, GroupReport> groups;
    std::vector<ImageOutcome> outcomes;
    double wallSeconds = 0.0;

    /// @brief The error rates of the scores (for plots).
    ErrorRates rates() const { return ErrorRates(genuineScores, impostorScores); }
};

/// @brief Run the pipeline over a dataset and compute verification error rates.
Result<EvaluationReport> evaluate(const face::ModelStore& store, const EvaluationOptions& options);

/// @brief Error rates from ready scores (used by evaluate and by tests).
void fillErrorRates(EvaluationReport& report, const std::vector<double>& fmrTargets);

/// @brief Per-group error rates from genuineGroups / impostorGroups / outcomes at the overall operating points
/// (call after fillErrorRates); @p groups maps identity → group for the image counts.
void fillGroupRates(EvaluationReport& report, const std::map<std::string, std::string>& groups);

/// @brief The report as JSON with the keys documented in docs/evaluation.md.
std::string reportToJson(const EvaluationReport& report);

} // namespace portico::eval
