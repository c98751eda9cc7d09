// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/DlibEmbedder.h"

#include "face/ModelStore.h"
#include "face/TfjsWeights.h"
#include "face/detail/DnnBuilder.h"
#include "face/detail/TfImage.h"

#include <cmath>
#include <mutex>

namespace portico::face {

using detail::DnnBuilder;
using detail::Pad;

struct DlibEmbedder::Impl {
    std::mutex mutex;
    cv::dnn::Net net;      // forward() is not const-safe: guarded by mutex
    std::vector<float> fc; // [channels, 128] row-major, as TF's matMul weights
    int channels = 0;
    std::string sha256;
};

namespace {

constexpr std::array<float, 3> kMeanRgb{122.782f, 117.001f, 104.298f};

struct Builder {
    const TfjsWeights& w;
    DnnBuilder b;
    int channels = 3;

    // conv + bias + per-channel scale (faceRecognitionNet/convLayer.ts), folded into one convolution.
    Result<int> convLayer(const std::string& prefix, int input, int stride, Pad pad, bool withRelu) {
        const TfjsTensor* f = w.find(prefix + "/conv/filters");
        if (!f || f->shape.size() != 4 || f->shape[2] != channels)
            return makeError(ErrorCode::ModelInvalid, w.source() + ": tensor '" + prefix +
                                                          "/conv/filters' missing or not [k,k," +
                                                          std::to_string(channels) + ",out]");
        const int out = f->shape[3];
        auto bias = w.get(prefix + "/conv/bias", {out});
        if (!bias)
            return bias.error();
        auto scale = w.get(prefix + "/scale/weights", {out});
        if (!scale)
            return scale.error();
        auto shift = w.get(prefix + "/scale/biases", {out});
        if (!shift)
            return shift.error();
        cv::Mat weights = hwioToOihw(*f);
        cv::Mat bb = toRowMat(**bias);
        detail::foldScale(weights, bb, (*scale)->values, (*shift)->values);
        int id = b.conv(prefix, input, weights, bb, stride, pad);
        channels = out;
        if (withRelu)
            id = b.relu(prefix + "/relu", id);
        return id;
    }

    Result<int> residual(const std::string& prefix, int input) {
        auto c1 = convLayer(prefix + "/conv1", input, 1, Pad::Same, true);
        if (!c1)
            return c1;
        auto c2 = convLayer(prefix + "/conv2", *c1, 1, Pad::Same, false);
        if (!c2)
            return c2;
        const int s = b.sum(prefix + "/add", {*c2, input});
        return b.relu(prefix + "/relu", s);
    }

    // residualDown: valid stride-2 conv path + 2×2 average-pooled shortcut, zero-padded in channels
    // (and by one row/column when the conv output is smaller, as face-api does).
    Result<int> residualDown(const std::string& prefix, int input, int inSize) {
        auto c1 = convLayer(prefix + "/conv1", input, 2, Pad::Valid, true);
        if (!c1)
            return c1;
        auto c2 = convLayer(prefix + "/conv2", *c1, 1, Pad::Same, false);
        if (!c2)
            return c2;
        const int convSize = (inSize - 3) / 2 + 1;
        const int poolSize = inSize / 2;
        int out = *c2;
        if (convSize != poolSize)
            out = b.padBottomRight(prefix + "/pad", out, poolSize - convSize, poolSize - convSize);
        const int pooled = b.avgPool(prefix + "/pool", input, 2, 2);
        const int s = b.sum(prefix + "/add", {out, pooled});
        return b.relu(prefix + "/relu", s);
    }
};

} // namespace

DlibEmbedder::DlibEmbedder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DlibEmbedder::DlibEmbedder(DlibEmbedder&&) noexcept = default;
DlibEmbedder& DlibEmbedder::operator=(DlibEmbedder&&) noexcept = default;
DlibEmbedder::~DlibEmbedder() = default;

Result<DlibEmbedder> DlibEmbedder::load(const ModelStore& store) {
    auto weights = TfjsWeights::load(store, "face-api", kManifest);
    if (!weights)
        return weights.error();
    std::string sha;
    for (const auto& f : store.files()) {
        if (f.alias == "face-api" && f.path == kWeightsFile)
            sha = f.sha256;
    }
    return fromWeights(*weights, sha);
}

Result<DlibEmbedder> DlibEmbedder::fromWeights(const TfjsWeights& weights, std::string weightsSha256) {
    try {
        Builder bld{weights, {}, 3};
        // Spatial sizes for a 150×150 input: 7×7/2 valid → 72, 3×3/2 max pool → 35, then 17, 8, 4, 2.
        auto x = bld.convLayer("conv32_down", 0, 2, Pad::Valid, true);
        if (!x)
            return x.error();
        int id = bld.b.maxPool("pool", *x, 3, 2);
        int size = 35;
        struct Step {
            const char* name;
            bool down;
        };
        const Step steps[] = {{"conv32_1", false},   {"conv32_2", false},       {"conv32_3", false},
                              {"conv64_down", true}, {"conv64_1", false},       {"conv64_2", false},
                              {"conv64_3", false},   {"conv128_down", true},    {"conv128_1", false},
                              {"conv128_2", false},  {"conv256_down", true},    {"conv256_1", false},
                              {"conv256_2", false},  {"conv256_down_out", true}};
        for (const auto& step : steps) {
            auto r = step.down ? bld.residualDown(step.name, id, size) : bld.residual(step.name, id);
            if (!r)
                return r.error();
            id = *r;
            if (step.down)
                size /= 2;
        }
        auto fc = weights.get("fc", {bld.channels, kDimension});
        if (!fc)
            return fc.error();
        auto impl = std::make_unique<Impl>();
        impl->net = std::move(bld.b.net());
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        impl->fc = (*fc)->values;
        impl->channels = bld.channels;
        impl->sha256 = std::move(weightsSha256);
        return DlibEmbedder(std::move(impl));
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, std::string("face_recognition_model: ") + e.what());
    }
}

Result<std::vector<float>> DlibEmbedder::embedRaw(const cv::Mat& face150Bgr) const {
    auto rgb = detail::toRgb8(face150Bgr);
    if (!rgb)
        return rgb.error();
    try {
        const cv::Mat input = detail::toBatchInput(*rgb, kInputSize, true);
        const cv::Mat blob = detail::toBlob(input, kMeanRgb, 255.f);
        cv::Mat out;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            out = m_impl->net.forward().clone();
        }
        // Global average over H×W, then the fully connected layer (matMul, no bias).
        const int c = out.size[1];
        const int hw = out.size[2] * out.size[3];
        if (c != m_impl->channels)
            return makeError(ErrorCode::ModelInvalid, "face_recognition_model: unexpected output channels");
        std::vector<float> avg(static_cast<std::size_t>(c));
        const float* data = out.ptr<float>();
        for (int ch = 0; ch < c; ++ch) {
            double s = 0.0;
            for (int i = 0; i < hw; ++i)
                s += data[ch * hw + i];
            avg[static_cast<std::size_t>(ch)] = static_cast<float>(s / hw);
        }
        std::vector<float> desc(static_cast<std::size_t>(kDimension), 0.f);
        for (int o = 0; o < kDimension; ++o) {
            double s = 0.0;
            for (int i = 0; i < c; ++i)
                s += static_cast<double>(avg[static_cast<std::size_t>(i)]) *
                     m_impl->fc[static_cast<std::size_t>(i * kDimension + o)];
            desc[static_cast<std::size_t>(o)] = static_cast<float>(s);
        }
        return desc;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Unknown, std::string("embedder: ") + e.what());
    }
}

Result<Embedding> DlibEmbedder::embed(const cv::Mat& face150Bgr) const {
    auto raw = embedRaw(face150Bgr);
    if (!raw)
        return raw.error();
    return normalisedEmbedding(modelId(), *raw);
}

const std::string& DlibEmbedder::weightsSha256() const {
    return m_impl->sha256;
}

} // namespace portico::face
