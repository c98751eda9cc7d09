// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/detail/DnnBuilder.h"

#include <cmath>

namespace portico::face::detail {

int DnnBuilder::add(cv::dnn::LayerParams& lp, const std::vector<int>& inputs) {
    const int id = m_net.addLayer(lp.name, lp.type, lp);
    for (std::size_t i = 0; i < inputs.size(); ++i)
        m_net.connect(inputs[i], 0, id, static_cast<int>(i));
    return id;
}

int DnnBuilder::conv(const std::string& name, int input, const cv::Mat& weights, const cv::Mat& bias, int stride,
                     Pad pad, int group) {
    CV_Assert(weights.dims == 4);
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "Convolution";
    lp.set("kernel_h", weights.size[2]);
    lp.set("kernel_w", weights.size[3]);
    lp.set("stride_h", stride);
    lp.set("stride_w", stride);
    lp.set("num_output", weights.size[0]);
    lp.set("group", group);
    lp.set("pad_mode", pad == Pad::Same ? "SAME" : "VALID");
    lp.set("bias_term", !bias.empty());
    lp.blobs.push_back(weights);
    if (!bias.empty())
        lp.blobs.push_back(bias.reshape(1, 1));
    return add(lp, {input});
}

int DnnBuilder::relu(const std::string& name, int input) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "ReLU";
    return add(lp, {input});
}

int DnnBuilder::relu6(const std::string& name, int input) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "ReLU6";
    lp.set("min_value", 0.f);
    lp.set("max_value", 6.f);
    return add(lp, {input});
}

int DnnBuilder::sum(const std::string& name, const std::vector<int>& inputs) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "Eltwise";
    lp.set("operation", "sum");
    lp.set("output_channels_mode", "input_0");
    return add(lp, inputs);
}

int DnnBuilder::leakyRelu(const std::string& name, int input, float slope) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "ReLU";
    lp.set("negative_slope", slope);
    return add(lp, {input});
}

int DnnBuilder::maxPool(const std::string& name, int input, int kernel, int stride, Pad pad) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "Pooling";
    lp.set("pool", "max");
    lp.set("kernel_size", kernel);
    lp.set("stride", stride);
    lp.set("pad_mode", pad == Pad::Same ? "SAME" : "VALID");
    return add(lp, {input});
}

int DnnBuilder::avgPool(const std::string& name, int input, int kernel, int stride) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "Pooling";
    lp.set("pool", "ave");
    lp.set("kernel_size", kernel);
    lp.set("stride", stride);
    lp.set("pad_mode", "VALID");
    return add(lp, {input});
}

int DnnBuilder::padBottomRight(const std::string& name, int input, int rows, int cols) {
    return pad(name, input, 0, rows, 0, cols);
}

int DnnBuilder::pad(const std::string& name, int input, int top, int bottom, int left, int right, float value) {
    cv::dnn::LayerParams lp;
    lp.name = name;
    lp.type = "Padding";
    const int paddings[8] = {0, 0, 0, 0, top, bottom, left, right}; // NCHW: batch, channels, rows, columns
    lp.set("paddings", cv::dnn::DictValue::arrayInt(paddings, 8));
    lp.set("value", value);
    return add(lp, {input});
}

void foldBatchNorm(cv::Mat& weights, cv::Mat& bias, const std::vector<float>& gamma, const std::vector<float>& beta,
                   const std::vector<float>& mean, const std::vector<float>& variance, float epsilon) {
    const int out = weights.size[0];
    const std::size_t per = weights.total() / static_cast<std::size_t>(out);
    if (bias.empty())
        bias = cv::Mat::zeros(1, out, CV_32F);
    float* w = weights.ptr<float>();
    float* b = bias.ptr<float>();
    for (int o = 0; o < out; ++o) {
        const auto oi = static_cast<std::size_t>(o);
        const double k = static_cast<double>(gamma[oi]) / std::sqrt(static_cast<double>(variance[oi]) + epsilon);
        for (std::size_t i = 0; i < per; ++i)
            w[oi * per + i] = static_cast<float>(w[oi * per + i] * k);
        b[o] = static_cast<float>((b[o] - mean[oi]) * k + beta[oi]);
    }
}

void foldScale(cv::Mat& weights, cv::Mat& bias, const std::vector<float>& scale, const std::vector<float>& shift) {
    const int out = weights.size[0];
    const std::size_t per = weights.total() / static_cast<std::size_t>(out);
    if (bias.empty())
        bias = cv::Mat::zeros(1, out, CV_32F);
    float* w = weights.ptr<float>();
    float* b = bias.ptr<float>();
    for (int o = 0; o < out; ++o) {
        const auto oi = static_cast<std::size_t>(o);
        for (std::size_t i = 0; i < per; ++i)
            w[oi * per + i] = w[oi * per + i] * scale[oi];
        b[o] = b[o] * scale[oi] + shift[oi];
    }
}

} // namespace portico::face::detail
