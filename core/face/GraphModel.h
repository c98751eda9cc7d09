// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

class ModelStore;
class TfjsWeights;

/// @brief A TF.js graph model (`model.json` + weight shards) translated node by node into an OpenCV DNN network.
///
/// Only the nodes the chosen output depends on are translated. Supported ops: Placeholder, Const, Identity,
/// Conv2D, DepthwiseConv2dNative, _FusedConv2D, FusedDepthwiseConv2dNative (fused BiasAdd then Relu, Relu6,
/// Prelu or LeakyRelu), MatMul and _FusedMatMul, BiasAdd, Add, AddV2, Sub, Mul, Maximum, Minimum (tensor with
/// tensor, or tensor with a scalar or per-channel constant), Relu, Relu6, Abs, Sigmoid, Tanh, Softmax, MaxPool,
/// AvgPool, Mean over H and W, Pad, Reshape to [batch, n], Squeeze of unit H and W. Anything else is refused
/// with ErrorCode::Unsupported naming the node and op. TF computes in NHWC, OpenCV DNN in NCHW: 4-d tensors
/// are permuted back to NHWC before a flatten so dense layers see TF's element order.
/// Thread-safety: calls on one instance are serialised.
class GraphModel {
public:
    /// @brief Load `<alias>/<modelJsonPath>` and its shards from @p store after verifying their checksums.
    /// @p output names the node whose value run() returns (empty: the graph's last node).
    static Result<GraphModel> load(const ModelStore& store, std::string_view alias, std::string_view modelJsonPath,
                                   std::string_view output = {});
    /// @brief Translate a `model.json` (with its embedded weightsManifest) given its shards' bytes in the order the
    /// manifest lists them: what load() does once the files are read and verified (also for fuzzing).
    static Result<GraphModel> fromModelJson(std::string_view modelJson,
                                            const std::vector<std::vector<unsigned char>>& shards,
                                            std::string_view output = {}, std::string source = "model.json");
    /// @brief Translate a model from its JSON text and already-read weights (for tests and fuzzing).
    static Result<GraphModel> fromJson(std::string_view modelJson, const TfjsWeights& weights,
                                       std::string_view output = {}, std::string source = "model.json");

    GraphModel(GraphModel&&) noexcept;
    GraphModel& operator=(GraphModel&&) noexcept;
    ~GraphModel();

    /// @brief Input geometry from the Placeholder's shape (NHWC).
    int inputHeight() const;
    int inputWidth() const;
    int inputChannels() const;
    /// @brief The node run() returns.
    const std::string& outputName() const;
    /// @brief How many nodes were translated into network layers (excluding constants).
    std::size_t translatedNodes() const;

    /// @brief Run on one image of inputHeight()×inputWidth() with inputChannels() CV_32F channels, already
    /// scaled as the model expects. Returns the output tensor's values in TF element order.
    Result<std::vector<float>> run(const cv::Mat& image) const;

private:
    struct Impl;
    explicit GraphModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace portico::face
