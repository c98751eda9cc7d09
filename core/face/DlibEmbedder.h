// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

class ModelStore;
class TfjsWeights;

/// @brief face-api's FaceRecognitionNet (`face_recognition_model`, dlib's ResNet-34-like descriptor), on OpenCV DNN.
///
/// Input: a 150×150 BGR face crop (other sizes are zero-padded to a centred square and resized to
/// 150 with TF bilinear, as face-api does). Pre-processing: RGB mean (122.782, 117.001, 104.298)
/// subtracted, /255. face-api returns the raw (not normalised) 128-d vector: embedRaw() gives it,
/// embed() gives it L2-normalised.
/// Thread-safety: as FaceDetector (calls on one instance are serialised).
class DlibEmbedder {
public:
    static constexpr int kInputSize = 150;
    static constexpr int kDimension = 128;
    static constexpr std::string_view kModelId = "face-api-1.7.15/face_recognition_model";
    static constexpr std::string_view kManifest = "model/face_recognition_model-weights_manifest.json";
    static constexpr std::string_view kWeightsFile = "model/face_recognition_model.bin";

    /// @brief Load and verify the pinned weights from @p store ("face-api" alias).
    static Result<DlibEmbedder> load(const ModelStore& store);
    /// @brief Build the network from already-read weights; @p weightsSha256 is recorded for templates.
    static Result<DlibEmbedder> fromWeights(const TfjsWeights& weights, std::string weightsSha256 = {});

    DlibEmbedder(DlibEmbedder&&) noexcept;
    DlibEmbedder& operator=(DlibEmbedder&&) noexcept;
    ~DlibEmbedder();

    /// @brief The L2-normalised 128-d descriptor of a face crop (modelId = kModelId).
    Result<Embedding> embed(const cv::Mat& face150Bgr) const;
    /// @brief face-api's raw descriptor (not normalised), for golden comparisons.
    Result<std::vector<float>> embedRaw(const cv::Mat& face150Bgr) const;

    /// @brief Model id recorded in templates.
    static std::string modelId() { return std::string(kModelId); }
    /// @brief sha256 (hex) of the weights file, from the pinned list when loaded from a ModelStore, else empty.
    const std::string& weightsSha256() const;

private:
    struct Impl;
    explicit DlibEmbedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
