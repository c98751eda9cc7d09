// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <array>

namespace portico::face::detail {

/// @brief Any 8-bit image (gray, BGR, BGRA) as 8-bit RGB; ImageInvalid for empty or non-8-bit input.
Result<cv::Mat> toRgb8(const cv::Mat& image);
/// @brief The same as 8-bit BGR (a 3-channel input is returned as is, sharing its pixels).
Result<cv::Mat> toBgr8(const cv::Mat& image);

/// @brief face-api's NetInput.toBatchTensor for one tensor input: zero-pad @p rgb to a square (centred, the
/// extra pixel after, or on the right/bottom only), then TF's resizeBilinear (alignCorners = false,
/// halfPixelCenters = false) to size × size. Returns CV_32FC3 RGB values in 0..255.
cv::Mat toBatchInput(const cv::Mat& rgb, int size, bool centre);

/// @brief HWC float RGB → NCHW blob [1, 3, H, W] with v' = (v - mean[c]) * mul, float32 steps as TF.js.
cv::Mat toBlob(const cv::Mat& rgbFloat, const std::array<float, 3>& mean, float divisor);

} // namespace portico::face::detail
