// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include <string>
#include <vector>

namespace portico::face::detail {

/// @brief TF padding modes: "SAME" pads (asymmetrically, extra after) so out = ceil(in / stride).
enum class Pad { Unknown = 0, Same, Valid };

/// @brief Builds a cv::dnn::Net layer by layer. Layer ids are those of Net::addLayer (0 = the input).
class DnnBuilder {
public:
    /// @brief Convolution with OIHW weights (see hwioToOihw), optional bias (1×O CV_32F, empty for none).
    int conv(const std::string& name, int input, const cv::Mat& weights, const cv::Mat& bias, int stride, Pad pad,
             int group = 1);
    int relu(const std::string& name, int input);
    int relu6(const std::string& name, int input);
    /// @brief Element-wise sum; inputs may have fewer channels than the first (added to its first channels).
    int sum(const std::string& name, const std::vector<int>& inputs);
    int maxPool(const std::string& name, int input, int kernel, int stride, Pad pad = Pad::Valid);
    int leakyRelu(const std::string& name, int input, float slope);
    int avgPool(const std::string& name, int input, int kernel, int stride);
    /// @brief Zero rows/columns appended at the bottom/right of an NCHW map.
    int padBottomRight(const std::string& name, int input, int rows, int cols);
    int pad(const std::string& name, int input, int top, int bottom, int left, int right, float value = 0.f);

    cv::dnn::Net& net() { return m_net; }
    /// @brief Name of a layer by id (for forward(outputs, names)).
    std::string nameOf(int id) const { return m_net.getLayerNames()[static_cast<std::size_t>(id - 1)]; }

private:
    int add(cv::dnn::LayerParams& lp, const std::vector<int>& inputs);
    cv::dnn::Net m_net;
};

/// @brief Batch norm folded into the preceding convolution's weights (OIHW) and bias: y =
/// (x-mean)/sqrt(var+eps)*gamma+beta.
void foldBatchNorm(cv::Mat& weights, cv::Mat& bias, const std::vector<float>& gamma, const std::vector<float>& beta,
                   const std::vector<float>& mean, const std::vector<float>& variance, float epsilon);
/// @brief An affine per-channel scale (y = x*s + b) folded into weights (OIHW) and bias.
void foldScale(cv::Mat& weights, cv::Mat& bias, const std::vector<float>& scale, const std::vector<float>& shift);

} // namespace portico::face::detail
