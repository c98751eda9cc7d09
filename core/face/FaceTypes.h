// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

} // namespace portico::face
