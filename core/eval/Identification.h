// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "eval/DatasetTemplates.h"
#include "eval/ErrorRates.h"
#include "eval/PairList.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::match {
class ThresholdPolicy;
}

namespace portico::eval {

/// @brief Who is enrolled and who searches, for a 1:N evaluation.
struct IdentificationSplit {
    std::vector<ImageRef> gallery;  ///< enrolled images (several of one identity are allowed)
    std::vector<ImageRef> mated;    ///< probes whose identity is in the gallery (never a gallery image itself)
    std::vector<ImageRef> nonMated; ///< probes whose identity is not in the gallery
};

/// @brief Parses an image list: one `identity<TAB>n` per line (tab, comma or spaces), `#` comments and blank lines
/// skipped; Corrupt naming the line on anything else.
Result<std::vector<ImageRef>> parseImageList(std::string_view text);
Result<std::vector<ImageRef>> readImageList(const std::filesystem::path& path);

/// @brief The default split by identity (DatasetTemplates::labels): image 1 (the lowest-numbered image) of each
/// identity with at least two images is the gallery, its other images mated probes; single-image identities are
/// non-mated probes. With @p holdOut > 0, that many identities (drawn with @p seed) are also kept out of the gallery
/// and all their images become non-mated probes.
IdentificationSplit defaultSplit(const DatasetTemplates& templates, std::size_t holdOut = 0, std::uint64_t seed = 1);

/// @brief InvalidArgument naming the image when a list names an image not in the data set (or dropped by a label
/// correction), names one twice, a probe is also in the gallery, a mated probe's identity has no gallery image or a
/// non-mated probe's identity has one (identities as DatasetTemplates::labels).
Status checkSplit(const DatasetTemplates& templates, const IdentificationSplit& split);

/// @brief FNIR at the threshold that keeps the measured FPIR at or below a target.
struct FnirPoint {
    double targetFpir = 0.0;
    double threshold = 0.0;
    double fpir = 0.0;     ///< measured at that threshold (≤ target)
    double fnir = 0.0;     ///< rank-1: the mate is not the top candidate or scores below the threshold
    bool resolved = false; ///< at least 10 non-mated searches may yield a false candidate at this target
};

/// @brief What the booth's own thresholds (from its score table, for this gallery size) give on the split.
struct ShippedThreshold {
    double targetFpir = 0.0;
    double perComparisonFmr = 0.0;
    double threshold = 0.0;
    bool estimated = false;
    bool clamped = false;
    std::size_t falseCandidates = 0; ///< non-mated searches with a top score ≥ threshold
    double fpir = 0.0;
    double fnir = 0.0;
};

/// @brief A 1:N evaluation's figures (docs/evaluation.md lists the JSON keys).
struct IdentificationReport {
    std::size_t gallery = 0; ///< gallery templates searched
    std::size_t galleryIdentities = 0;
    std::size_t galleryWithoutTemplate = 0; ///< gallery images without a template (left out of the gallery)
    std::size_t mated = 0;
    std::size_t nonMated = 0;
    std::size_t probesWithoutTemplate = 0; ///< a mated one is a miss; a non-mated one never a false candidate
    double rank1 = 0.0;                    ///< mated searches with the mate first (any score)
    double rank5 = 0.0;                    ///< … within the first five
    std::vector<FnirPoint> points;
    std::optional<ShippedThreshold> shipped;
    std::vector<double> matedScores;    ///< the mate's score when ranked first, else −inf
    std::vector<double> nonMatedScores; ///< the top score (−inf without a template)

    ErrorRates rates() const { return ErrorRates(matedScores, nonMatedScores); }
};

/// @brief Searches every probe against the gallery (exact scores) and computes rank-1 / rank-5 rates, FNIR at each
/// of @p fpirTargets and, with @p policy, at the booth's threshold for this gallery's size.
Result<IdentificationReport> evaluateIdentification(const DatasetTemplates& templates, const IdentificationSplit& split,
                                                    const std::vector<double>& fpirTargets,
                                                    const match::ThresholdPolicy* policy);

/// @brief The report as JSON (docs/evaluation.md, "1:N evaluation").
std::string identificationToJson(const IdentificationReport& report);

} // namespace portico::eval
