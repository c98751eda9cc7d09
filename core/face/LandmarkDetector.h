// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

#include <memory>
#include <string_view>

namespace portico::face {

class ModelStore;
class TfjsWeights;

/// @brief face-api's FaceLandmark68Net (`face_landmark_68_model`), ported to OpenCV DNN.
///
/// As face-api: the face box is clipped to the image and floored, cropped, zero-padded to a centred
/// square, resized to 112×112 (TF bilinear), mean-subtracted (RGB 122.782, 117.001, 104.298) and /255;
/// the 136 outputs are mapped back to the crop and shifted by the box origin.
/// Thread-safety: as FaceDetector (calls on one instance are serialised).
class LandmarkDetector {
public:
    static constexpr int kInputSize = 112;
    static constexpr std::string_view kManifest = "model/face_landmark_68_model-weights_manifest.json";

    /// @brief Load and verify the pinned weights from @p store ("face-api" alias).
    static Result<LandmarkDetector> load(const ModelStore& store);
    /// @brief Build the network from already-read weights.
    static Result<LandmarkDetector> fromWeights(const TfjsWeights& weights);

    LandmarkDetector(LandmarkDetector&&) noexcept;
    LandmarkDetector& operator=(LandmarkDetector&&) noexcept;
    ~LandmarkDetector();

    /// @brief The 68 points, in @p bgr's pixel coordinates, for the face in box @p face (e.g. a FaceBox::box).
    Result<Landmarks68> detect(const cv::Mat& bgr, const cv::Rect2f& face) const;
    /// @brief A second pass on a square box around @p first (its extent × 1.1, raised by 5 % of the side), so the
    /// points no longer depend on which detector drew the face box; @p first when that pass fails.
    Landmarks68 refine(const cv::Mat& bgr, const Landmarks68& first) const;

private:
    struct Impl;
    explicit LandmarkDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
