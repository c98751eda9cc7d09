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

/// @brief face-api's SSD MobileNetV1 face detector (`ssd_mobilenetv1_model`), ported to OpenCV DNN.
///
/// Pre-processing as face-api: the image is zero-padded on the right/bottom to a square, resized to
/// 512×512 with TF's bilinear resize (no half-pixel centres) and scaled to [-1, 1]; boxes are decoded
/// against the model's 5118 anchors and filtered with face-api's greedy NMS (IoU 0.5).
/// Thread-safety: detect() may be called from several threads; calls on one instance are serialised
/// (an internal mutex guards the network), so use one instance per thread for parallelism.
class FaceDetector {
public:
    static constexpr int kInputSize = 512;
    static constexpr std::string_view kManifest = "model/ssd_mobilenetv1_model-weights_manifest.json";

    /// @brief Load and verify the pinned weights from @p store ("face-api" alias).
    static Result<FaceDetector> load(const ModelStore& store);
    /// @brief Build the network from already-read weights.
    static Result<FaceDetector> fromWeights(const TfjsWeights& weights);

    FaceDetector(FaceDetector&&) noexcept;
    FaceDetector& operator=(FaceDetector&&) noexcept;
    ~FaceDetector();

    /// @brief Faces in a BGR (or 1-channel / 4-channel) 8-bit image, best score first, boxes in pixels.
    Result<std::vector<FaceBox>> detect(const cv::Mat& bgr, float minScore = 0.5f, int maxResults = 100) const;

private:
    struct Impl;
    explicit FaceDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
