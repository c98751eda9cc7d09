// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the TF.js graph-model translator (GraphModel::fromModelJson: the model.json with its embedded
// weightsManifest, the weights parser, the node-by-node translation into OpenCV DNN, the activation-size limit and
// the probe run). Input: model.json, a NUL byte, then the bytes of the (single) shard. Without a NUL the whole
// input is the model.json and no shard is given.
#include "face/GraphModel.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using portico::face::GraphModel;
    cv::setNumThreads(1);
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nul = input.find('\0');
    std::vector<std::vector<unsigned char>> shards;
    if (nul != std::string_view::npos)
        shards.emplace_back(data + nul + 1, data + size);
    auto model = GraphModel::fromModelJson(input.substr(0, nul), shards);
    if (!model)
        return 0;
    // A translated model has a usable input, and a run on an input of that size either gives a non-empty output or
    // reports the model as invalid (weights that overflow to inf/NaN on this input are a bad model, not a crash).
    if (model->inputHeight() < 1 || model->inputWidth() < 1 ||
        (model->inputChannels() != 1 && model->inputChannels() != 3))
        std::abort();
    const cv::Mat ones(model->inputHeight(), model->inputWidth(), CV_32FC(model->inputChannels()),
                       cv::Scalar::all(1.0));
    auto out = model->run(ones);
    if (out ? out->empty() : out.code() != portico::ErrorCode::ModelInvalid)
        std::abort();
    return 0;
}
