// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <array>
#include <string>
#include <vector>

namespace portico::face {

/// @brief A detected face: box in the input image's pixel coordinates and the detector's confidence (0..1).
struct FaceBox {
    cv::Rect2f box;
    float score = 0.f;
};

/// @brief The 68 iBUG/dlib landmarks in the input image's pixel coordinates (0-based point order as dlib's).
struct Landmarks68 {
    std::array<cv::Point2f, 68> points{};

    cv::Point2f leftEyeCentre() const;  ///< mean of points 36..41 (subject's right eye, image left)
    cv::Point2f rightEyeCentre() const; ///< mean of points 42..47
};

/// @brief An L2-normalised face descriptor and the model that made it.
struct Embedding {
    std::string modelId; ///< e.g. "face-api-1.7.15/face_recognition_model"
    std::vector<float> values;
};

/// @brief @p raw scaled to unit length under @p modelId; Unknown ("degenerate descriptor") for a zero or
/// non-finite vector.
Result<Embedding> normalisedEmbedding(std::string modelId, const std::vector<float>& raw);
/// @brief Test-time flip averaging: the unit-length mean of two descriptors of one model (the chip's and its
/// mirror image's); InvalidArgument when their models or sizes differ.
Result<Embedding> averagedEmbedding(const Embedding& a, const Embedding& b);

} // namespace portico::face
