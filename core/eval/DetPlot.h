// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "eval/ErrorRates.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portico::eval {

/// @brief Draw a DET curve (FNMR against FMR, both on log axes) with the operating points and the EER marked.
cv::Mat drawDet(const ErrorRates& rates, const std::vector<OperatingPoint>& points, const std::string& title);
/// @brief drawDet() written as PNG; IoError when it cannot be written.
Status writeDetPng(const std::filesystem::path& path, const ErrorRates& rates,
                   const std::vector<OperatingPoint>& points, const std::string& title);

} // namespace portico::eval
