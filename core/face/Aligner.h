// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

namespace portico::face {

/// @brief Which crop a descriptor expects.
enum class ChipLayout {
    Dlib,   ///< dlib's 68-point mean face, size × size with padding (face-api's 128-d descriptor: 150, 0.25)
    ArcFace ///< InsightFace's 5-point template for 112 × 112 (eye centres, nose tip, mouth corners)
};

/// @brief Turns a face in an image into the crop a descriptor expects.
///
/// `ChipLayout::Dlib`: `align` is dlib's `get_face_chip_details(shape, size, padding)` + `extract_image_chip`: a
/// least-squares similarity transform (rotation, uniform scale, translation) maps landmarks 27..35, 36..47, 48..54 and
/// 60..64 onto dlib's mean 68-point face, scaled into a size×size chip with `padding` on every side.
/// `ChipLayout::ArcFace`: the same least-squares similarity maps the eye centres (mean of 36..41 and of 42..47),
/// the nose tip (30) and the mouth corners (48, 54) onto InsightFace's reference points for a 112×112 chip
/// (`arcface_dst`), scaled by size / 112; padding is not used.
/// Both layouts shrink large faces with an area filter before sampling, so the chip is not aliased.
/// `boxCrop` is face-api's own path (the detector box cut out, no rotation; DlibEmbedder pads it to a centred
/// square and resizes it), kept for golden comparisons with the reference implementation.
class Aligner {
public:
    static constexpr int kDefaultSize = 150;
    static constexpr double kDefaultPadding = 0.25;

    static constexpr int kArcFaceSize = 112;

    explicit Aligner(int size = kDefaultSize, double padding = kDefaultPadding, ChipLayout layout = ChipLayout::Dlib);
    /// @brief The 112×112 ArcFace-layout aligner.
    static Aligner arcFace() { return Aligner(kArcFaceSize, 0.0, ChipLayout::ArcFace); }

    /// @brief Aligned size×size BGR chip; InvalidArgument on an empty image or degenerate landmarks.
    Result<cv::Mat> align(const cv::Mat& bgr, const Landmarks68& landmarks) const;
    /// @brief 2×3 affine matrix (CV_64F) from image coordinates to chip coordinates.
    Result<cv::Mat> chipTransform(const Landmarks68& landmarks) const;
    /// @brief face-api style: the box clipped to the image and cut out as is (not resized, not rotated).
    Result<cv::Mat> boxCrop(const cv::Mat& bgr, const cv::Rect2f& box) const;

    int size() const { return m_size; }
    double padding() const { return m_padding; }
    ChipLayout layout() const { return m_layout; }

private:
    int m_size;
    double m_padding;
    ChipLayout m_layout;
};

} // namespace portico::face
