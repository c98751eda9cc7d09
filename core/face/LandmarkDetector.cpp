// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/LandmarkDetector.h"

#include "face/ModelStore.h"
#include "face/TfjsWeights.h"
#include "face/detail/DnnBuilder.h"
#include "face/detail/TfImage.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace portico::face {

using detail::DnnBuilder;
using detail::Pad;

struct LandmarkDetector::Impl {
    std::mutex mutex;
    cv::dnn::Net net;      // forward() is not const-safe: guarded by mutex
    std::vector<float> fc; // [channels, 136] row-major
    std::vector<float> fcBias;
    int channels = 0;
};

namespace {

constexpr std::array<float, 3> kMeanRgb{122.782f, 117.001f, 104.298f};
constexpr int kOutputs = 136;

struct Builder {
    const TfjsWeights& w;
    DnnBuilder b;
    int channels = 3;

    Error missing(const std::string& name) const {
        return makeError(ErrorCode::ModelInvalid, w.source() + ": tensor '" + name + "' missing or of the wrong shape");
    }

    // faceFeatureExtractor's first layer: a plain 3×3 stride-2 convolution with bias.
    Result<int> plainConv(const std::string& prefix, int input, int stride) {
        const TfjsTensor* f = w.find(prefix + "/filters");
        if (!f || f->shape.size() != 4 || f->shape[2] != channels)
            return missing(prefix + "/filters");
        auto bias = w.get(prefix + "/bias", {f->shape[3]});
        if (!bias)
            return bias.error();
        channels = f->shape[3];
        return b.conv(prefix, input, hwioToOihw(*f), toRowMat(**bias), stride, Pad::Same);
    }

    // common/depthwiseSeparableConv.ts: depthwise (no bias) → pointwise → + bias.
    Result<int> separable(const std::string& prefix, int input, int stride) {
        auto dw = w.get(prefix + "/depthwise_filter", {3, 3, channels, 1});
        if (!dw)
            return dw.error();
        const TfjsTensor* pw = w.find(prefix + "/pointwise_filter");
        if (!pw || pw->shape.size() != 4 || pw->shape[0] != 1 || pw->shape[1] != 1 || pw->shape[2] != channels)
            return missing(prefix + "/pointwise_filter");
        auto bias = w.get(prefix + "/bias", {pw->shape[3]});
        if (!bias)
            return bias.error();
        const int d =
            b.conv(prefix + "/depthwise", input, depthwiseToOpenCv(**dw), cv::Mat(), stride, Pad::Same, channels);
        channels = pw->shape[3];
        return b.conv(prefix + "/pointwise", d, hwioToOihw(*pw), toRowMat(**bias), 1, Pad::Same);
    }

    // faceFeatureExtractor/denseBlock.ts denseBlock4 (scale down by 2).
    Result<int> denseBlock4(const std::string& prefix, int input, bool first) {
        auto c0 = first ? plainConv(prefix + "/conv0", input, 2) : separable(prefix + "/conv0", input, 2);
        if (!c0)
            return c0;
        const int out1 = b.relu(prefix + "/out1", *c0);
        auto out2 = separable(prefix + "/conv1", out1, 1);
        if (!out2)
            return out2;
        const int in3 = b.relu(prefix + "/in3", b.sum(prefix + "/sum3", {out1, *out2}));
        auto out3 = separable(prefix + "/conv2", in3, 1);
        if (!out3)
            return out3;
        const int in4 = b.relu(prefix + "/in4", b.sum(prefix + "/sum4", {out1, *out2, *out3}));
        auto out4 = separable(prefix + "/conv3", in4, 1);
        if (!out4)
            return out4;
        return b.relu(prefix + "/out", b.sum(prefix + "/sum", {out1, *out2, *out3, *out4}));
    }
};

} // namespace

LandmarkDetector::LandmarkDetector(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
LandmarkDetector::LandmarkDetector(LandmarkDetector&&) noexcept = default;
LandmarkDetector& LandmarkDetector::operator=(LandmarkDetector&&) noexcept = default;
LandmarkDetector::~LandmarkDetector() = default;

Result<LandmarkDetector> LandmarkDetector::load(const ModelStore& store) {
    auto weights = TfjsWeights::load(store, "face-api", kManifest);
    if (!weights)
        return weights.error();
    return fromWeights(*weights);
}

Result<LandmarkDetector> LandmarkDetector::fromWeights(const TfjsWeights& weights) {
    try {
        Builder bld{weights, {}, 3};
        int id = 0;
        const char* blocks[] = {"dense0", "dense1", "dense2", "dense3"};
        for (int i = 0; i < 4; ++i) {
            auto r = bld.denseBlock4(blocks[i], id, i == 0);
            if (!r)
                return r.error();
            id = *r;
        }
        // 112 → 56 → 28 → 14 → 7; a 7×7 valid average pool leaves 1×1.
        bld.b.avgPool("pool", id, 7, 2);
        auto fc = weights.get("fc/weights", {bld.channels, kOutputs});
        if (!fc)
            return fc.error();
        auto fcBias = weights.get("fc/bias", {kOutputs});
        if (!fcBias)
            return fcBias.error();
        auto impl = std::make_unique<Impl>();
        impl->net = std::move(bld.b.net());
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        impl->fc = (*fc)->values;
        impl->fcBias = (*fcBias)->values;
        impl->channels = bld.channels;
        return LandmarkDetector(std::move(impl));
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, std::string("face_landmark_68_model: ") + e.what());
    }
}

Result<Landmarks68> LandmarkDetector::detect(const cv::Mat& bgr, const cv::Rect2f& face) const {
    auto rgb = detail::toRgb8(bgr);
    if (!rgb)
        return rgb.error();
    if (!std::isfinite(face.x) || !std::isfinite(face.y) || !std::isfinite(face.width) || !std::isfinite(face.height))
        return makeError(ErrorCode::InvalidArgument, "landmarks: face box is not finite");
    // dom/extractFaceTensors.ts: Box.clipAtImageBorders (then floor) and slice.
    const double cx = std::max<double>(face.x, 0.0);
    const double cy = std::max<double>(face.y, 0.0);
    const double cw = std::min<double>(static_cast<double>(face.x) + face.width - cx, rgb->cols - cx);
    const double ch = std::min<double>(static_cast<double>(face.y) + face.height - cy, rgb->rows - cy);
    const int x = static_cast<int>(std::floor(cx)), y = static_cast<int>(std::floor(cy));
    const int w = static_cast<int>(std::floor(cw)), h = static_cast<int>(std::floor(ch));
    if (w <= 0 || h <= 0 || x >= rgb->cols || y >= rgb->rows)
        return makeError(ErrorCode::InvalidArgument, "landmarks: face box outside the image");
    const cv::Mat crop = (*rgb)(cv::Rect(x, y, std::min(w, rgb->cols - x), std::min(h, rgb->rows - y)));
    try {
        const cv::Mat input = detail::toBatchInput(crop, kInputSize, true);
        const cv::Mat blob = detail::toBlob(input, kMeanRgb, 255.f);
        cv::Mat out;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            out = m_impl->net.forward().clone();
        }
        if (static_cast<int>(out.total()) != m_impl->channels)
            return makeError(ErrorCode::ModelInvalid, "face_landmark_68_model: unexpected feature size");
        const float* feat = out.ptr<float>();
        std::array<double, kOutputs> rel{};
        for (int o = 0; o < kOutputs; ++o) {
            double s = m_impl->fcBias[static_cast<std::size_t>(o)];
            for (int i = 0; i < m_impl->channels; ++i)
                s += static_cast<double>(feat[i]) * m_impl->fc[static_cast<std::size_t>(i * kOutputs + o)];
            rel[static_cast<std::size_t>(o)] = static_cast<float>(s);
        }
        // FaceLandmark68NetBase.postProcess: undo the (assumed symmetric) padding of the scaled crop.
        const double cropW = crop.cols, cropH = crop.rows;
        const double scale = kInputSize / std::max(cropW, cropH);
        const double sw = cropW * scale, sh = cropH * scale;
        const double padX = sw < sh ? std::abs(sw - sh) / 2 : 0.0;
        const double padY = sh < sw ? std::abs(sw - sh) / 2 : 0.0;
        Landmarks68 lm;
        for (std::size_t i = 0; i < 68; ++i) {
            const double rx = static_cast<float>((rel[2 * i] * kInputSize - padX) / sw);
            const double ry = static_cast<float>((rel[2 * i + 1] * kInputSize - padY) / sh);
            // FaceLandmarks: relative × crop size, shifted by the (unclipped) detection box origin.
            lm.points[i] =
                cv::Point2f(static_cast<float>(rx * cropW + face.x), static_cast<float>(ry * cropH + face.y));
        }
        return lm;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Unknown, std::string("landmarks: ") + e.what());
    }
}

Landmarks68 LandmarkDetector::refine(const cv::Mat& bgr, const Landmarks68& first) const {
    float x0 = first.points[0].x, x1 = x0, y0 = first.points[0].y, y1 = y0;
    for (const auto& q : first.points) {
        x0 = std::min(x0, q.x);
        x1 = std::max(x1, q.x);
        y0 = std::min(y0, q.y);
        y1 = std::max(y1, q.y);
    }
    const float side = std::max(x1 - x0, y1 - y0) * 1.1f;
    const cv::Point2f c(0.5f * (x0 + x1), 0.5f * (y0 + y1) - 0.05f * side);
    auto again = detect(bgr, cv::Rect2f(c.x - side / 2, c.y - side / 2, side, side));
    return again ? again.value() : first;
}

} // namespace portico::face
