// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

namespace portico::face {

/// @brief Turns a face in an image into the crop the 128-d descriptor expects.
///
/// `align` is dlib's `get_face_chip_details(shape, size, padding)` + `extract_image_chip`: a least-squares
/// similarity transform (rotation, uniform scale, translation) maps landmarks 27..35, 36..47, 48..54 and
/// 60..64 onto dlib's mean 68-point face, scaled into a size×size chip with `padding` on every side.
/// `boxCrop` is face-api's own path (the detector box cut out, no rotation; Embedder pads it to a centred
/// square and resizes it), kept for golden comparisons with the reference implementation.
class Aligner {
public:
    static constexpr int kDefaultSize = 150;
    static constexpr double kDefaultPadding = 0.25;

    explicit Aligner(int size = kDefaultSize, double padding = kDefaultPadding);

    /// @brief Aligned size×size BGR chip; InvalidArgument on an empty image or degenerate landmarks.
    Result<cv::Mat> align(const cv::Mat& bgr, const Landmarks68& landmarks) const;
    /// @brief 2×3 affine matrix (CV_64F) from image coordinates to chip coordinates.
    Result<cv::Mat> chipTransform(const Landmarks68& landmarks) const;
    /// @brief face-api style: the box clipped to the image and cut out as is (not resized, not rotated).
    Result<cv::Mat> boxCrop(const cv::Mat& bgr, const cv::Rect2f& box) const;

    int size() const { return m_size; }
    double padding() const { return m_padding; }

private:
    int m_size;
    double m_padding;
};

} // namespace portico::face
