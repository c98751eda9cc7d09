// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

class ModelStore;

/// @brief An ArcFace-trained MobileFaceNet descriptor (`model/fr_feature.onnx` of the npm package
/// `faceplugin-face-recognition-js@0.0.1`, MIT), on OpenCV DNN.
///
/// Input: a 112×112 BGR chip in InsightFace's 5-point layout (Aligner::arcFace()). Pre-processing as the package's
/// own `preprocessFeature`: v' = (v − 127) / 128 per channel, NCHW. The package feeds the channels in RGB order; we
/// feed them in BGR order, measured better on the dev set (docs/evaluation.md). Output: 512 numbers; embedRaw()
/// gives them as the network computes them, embed() L2-normalised. The network is proven against onnxruntime-web
/// by the golden test (tests/data/golden/faceplugin-fr_feature.json).
/// Thread-safety: calls on one instance are serialised (one network per instance).
class ArcFaceEmbedder {
public:
    static constexpr int kInputSize = 112;
    static constexpr int kDimension = 512;
    static constexpr std::string_view kAlias = "faceplugin";
    static constexpr std::string_view kModelFile = "model/fr_feature.onnx";
    static constexpr std::string_view kModelId = "faceplugin-0.0.1/fr_feature";

    /// @brief Read the pinned model from @p store, check its sha256 on the bytes read, and build the network.
    static Result<ArcFaceEmbedder> load(const ModelStore& store);
    /// @brief Build the network from ONNX bytes; ModelInvalid (naming the cause) for anything that is not a
    /// network with a 3×112×112 input and a 512-d output. @p sha256 is recorded for templates.
    static Result<ArcFaceEmbedder> fromOnnx(std::span<const std::uint8_t> bytes, std::string sha256 = {});

    ArcFaceEmbedder(ArcFaceEmbedder&&) noexcept;
    ArcFaceEmbedder& operator=(ArcFaceEmbedder&&) noexcept;
    ~ArcFaceEmbedder();

    /// @brief The network's output for a prepared NCHW blob [1, 3, 112, 112] (golden comparisons).
    Result<std::vector<float>> forward(const cv::Mat& blob) const;
    /// @brief The raw 512-d output for a 112×112 8-bit chip (BGR, or gray / BGRA, converted).
    Result<std::vector<float>> embedRaw(const cv::Mat& chip112Bgr) const;
    /// @brief The L2-normalised descriptor (modelId = kModelId).
    Result<Embedding> embed(const cv::Mat& chip112Bgr) const;

    /// @brief sha256 (hex) of the model file, from the pinned list when loaded from a ModelStore.
    const std::string& weightsSha256() const;

private:
    struct Impl;
    explicit ArcFaceEmbedder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
