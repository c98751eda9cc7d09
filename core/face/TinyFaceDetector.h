// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

#include <memory>
#include <string_view>
#include <vector>

namespace portico::face {

class ModelStore;
class TfjsWeights;

/// @brief face-api's tiny face detector (`tiny_face_detector_model`, a Tiny-YOLOv2 with separable convolutions).
///
/// Fast mode / fallback for FaceDetector. As face-api: zero-pad right/bottom to a square, TF bilinear resize
/// to inputSize (a multiple of 32; 416 by default), RGB mean (117.001, 114.697, 97.404) subtracted, /255;
/// 5 anchors per cell, sigmoid scores, greedy NMS at IoU 0.4. Boxes are not clipped to the image (as face-api).
/// Thread-safety: as FaceDetector (calls on one instance are serialised).
class TinyFaceDetector {
public:
    static constexpr int kDefaultInputSize = 416;
    static constexpr std::string_view kManifest = "model/tiny_face_detector_model-weights_manifest.json";

    /// @brief Load and verify the pinned weights from @p store ("face-api" alias).
    static Result<TinyFaceDetector> load(const ModelStore& store);
    /// @brief Build the network from already-read weights.
    static Result<TinyFaceDetector> fromWeights(const TfjsWeights& weights);

    TinyFaceDetector(TinyFaceDetector&&) noexcept;
    TinyFaceDetector& operator=(TinyFaceDetector&&) noexcept;
    ~TinyFaceDetector();

    /// @brief Faces in an 8-bit image, best score first, boxes in pixels.
    Result<std::vector<FaceBox>> detect(const cv::Mat& bgr, float minScore = 0.5f,
                                        int inputSize = kDefaultInputSize) const;
    /// @brief detect() with the boxes clipped to the image and slivers (< 8 px a side) dropped: the fast first pass
    /// of the face pipeline and of the live-frame analyzer.
    Result<std::vector<FaceBox>> detectInFrame(const cv::Mat& bgr, float minScore, int inputSize) const;
    /// @brief InvalidArgument unless inputSize is a multiple of 32 in 128..1024 and minScore lies in (0, 1).
    static Status checkSettings(int inputSize, float minScore);

private:
    struct Impl;
    explicit TinyFaceDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
