// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "eval/ErrorRates.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portico::eval {

/// @brief The words of a DET plot: verification (FMR / FNMR, the default) or identification (FPIR / FNIR).
struct DetLabels {
    std::string xAxis = "FMR (false match rate, log)";
    std::string yAxis = "FNMR (false non-match rate, log)";
    std::string x = "FMR";  ///< in the legend
    std::string y = "FNMR"; ///< in the legend
    std::string unresolved = "(*) too few impostor pairs for this FMR";
    std::string counts = "genuine %g, impostor %i"; ///< "%g": genuine count, "%i": impostor count
    bool eer = true;                                ///< mark the equal error rate

    static DetLabels identification();
};

/// @brief Draw a DET curve (FNMR against FMR, both on log axes) with the operating points and the EER marked.
/// An operating point whose `threshold` is NaN is drawn as a square (used for "the booth's own threshold").
cv::Mat drawDet(const ErrorRates& rates, const std::vector<OperatingPoint>& points, const std::string& title,
                const DetLabels& labels = {});
/// @brief drawDet() written as PNG; IoError when it cannot be written.
Status writeDetPng(const std::filesystem::path& path, const ErrorRates& rates,
                   const std::vector<OperatingPoint>& points, const std::string& title, const DetLabels& labels = {});

} // namespace portico::eval
