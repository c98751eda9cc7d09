// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/TinyFaceDetector.h"

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

struct TinyFaceDetector::Impl {
    std::mutex mutex;
    cv::dnn::Net net; // forward() is not const-safe: guarded by mutex
};

namespace {

// tinyFaceDetector/const.ts
constexpr std::array<float, 3> kMeanRgb{117.001f, 114.697f, 97.404f};
constexpr float kAnchors[5][2] = {{1.603231f, 2.094468f},
                                  {6.041143f, 7.080126f},
                                  {2.882459f, 3.518061f},
                                  {4.266906f, 5.178857f},
                                  {9.041765f, 10.66308f}};
constexpr double kIouThreshold = 0.4;
constexpr float kLeakySlope = 0.10000000149011612f;

double sigmoid(double v) {
    return 1.0 / (1.0 + std::exp(-v));
}

struct Box {
    double left, top, right, bottom;
    double area() const { return (right - left) * (bottom - top); }
};

// ops/iou.ts
double iou(const Box& a, const Box& b) {
    const double w = std::max(0.0, std::min(a.right, b.right) - std::max(a.left, b.left));
    const double h = std::max(0.0, std::min(a.bottom, b.bottom) - std::max(a.top, b.top));
    const double inter = w * h;
    return inter / (a.area() + b.area() - inter);
}

} // namespace

TinyFaceDetector::TinyFaceDetector(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TinyFaceDetector::TinyFaceDetector(TinyFaceDetector&&) noexcept = default;
TinyFaceDetector& TinyFaceDetector::operator=(TinyFaceDetector&&) noexcept = default;
TinyFaceDetector::~TinyFaceDetector() = default;

Result<TinyFaceDetector> TinyFaceDetector::load(const ModelStore& store) {
    auto weights = TfjsWeights::load(store, "face-api", kManifest);
    if (!weights)
        return weights.error();
    return fromWeights(*weights);
}

Result<TinyFaceDetector> TinyFaceDetector::fromWeights(const TfjsWeights& w) {
    try {
        DnnBuilder b;
        // TinyYolov2Base.runMobilenet with isFirstLayerConv2d: conv0 is a *valid* 3×3 convolution + leaky.
        auto f0 = w.get("conv0/filters", {3, 3, 3, 16});
        if (!f0)
            return f0.error();
        auto b0 = w.get("conv0/bias", {16});
        if (!b0)
            return b0.error();
        int id = b.conv("conv0", 0, hwioToOihw(**f0), toRowMat(**b0), 1, Pad::Valid);
        id = b.leakyRelu("conv0/leaky", id, kLeakySlope);
        int channels = 16;
        for (int i = 1; i <= 5; ++i) {
            const std::string p = "conv" + std::to_string(i);
            id = b.maxPool(p + "/pool", id, 2, 2, Pad::Same);
            auto dw = w.get(p + "/depthwise_filter", {3, 3, channels, 1});
            if (!dw)
                return dw.error();
            const TfjsTensor* pw = w.find(p + "/pointwise_filter");
            if (!pw || pw->shape.size() != 4 || pw->shape[2] != channels)
                return makeError(ErrorCode::ModelInvalid,
                                 w.source() + ": tensor '" + p + "/pointwise_filter' missing or of the wrong shape");
            auto bias = w.get(p + "/bias", {pw->shape[3]});
            if (!bias)
                return bias.error();
            // depthwiseSeparableConv.ts: pad 1 on each side + valid 3×3 = SAME for stride 1.
            id = b.conv(p + "/depthwise", id, depthwiseToOpenCv(**dw), cv::Mat(), 1, Pad::Same, channels);
            channels = pw->shape[3];
            id = b.conv(p + "/pointwise", id, hwioToOihw(*pw), toRowMat(**bias), 1, Pad::Same);
            id = b.leakyRelu(p + "/leaky", id, kLeakySlope);
        }
        id = b.maxPool("conv5/pool_s1", id, 2, 1, Pad::Same);
        auto f8 = w.get("conv8/filters", {1, 1, channels, 25});
        if (!f8)
            return f8.error();
        auto b8 = w.get("conv8/bias", {25});
        if (!b8)
            return b8.error();
        b.conv("conv8", id, hwioToOihw(**f8), toRowMat(**b8), 1, Pad::Valid);
        auto impl = std::make_unique<Impl>();
        impl->net = std::move(b.net());
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        return TinyFaceDetector(std::move(impl));
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, std::string("tiny_face_detector_model: ") + e.what());
    }
}

Result<std::vector<FaceBox>> TinyFaceDetector::detect(const cv::Mat& bgr, float minScore, int inputSize) const {
    if (!(minScore > 0.f && minScore < 1.f))
        return makeError(ErrorCode::InvalidArgument, "tiny detector: minScore must be in (0, 1)");
    if (inputSize < 32 || inputSize > 1024 || inputSize % 32 != 0)
        return makeError(ErrorCode::InvalidArgument, "tiny detector: inputSize must be a multiple of 32 in 32..1024");
    auto rgb = detail::toRgb8(bgr);
    if (!rgb)
        return rgb.error();
    try {
        const cv::Mat input = detail::toBatchInput(*rgb, inputSize, false);
        const cv::Mat blob = detail::toBlob(input, kMeanRgb, 255.f);
        cv::Mat out;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            out = m_impl->net.forward().clone();
        }
        const int cells = out.size[2];
        if (out.size[1] != 25 || out.size[3] != cells)
            return makeError(ErrorCode::ModelInvalid, "tiny_face_detector_model: unexpected output shape");
        const int plane = cells * cells;
        const float* d = out.ptr<float>();
        // TinyYolov2Base.extractBoxes.
        const int w = rgb->cols, h = rgb->rows;
        const double s = static_cast<double>(inputSize) / std::max(w, h);
        const double rw = std::round(w * s), rh = std::round(h * s);
        const double side = std::max(rw, rh);
        const double corrX = side / rw, corrY = side / rh;
        std::vector<Box> boxes;
        std::vector<double> scores;
        for (int row = 0; row < cells; ++row)
            for (int col = 0; col < cells; ++col)
                for (int a = 0; a < 5; ++a) {
                    auto at = [&](int k) { return static_cast<double>(d[(a * 5 + k) * plane + row * cells + col]); };
                    const double score = sigmoid(at(4));
                    if (!(score > minScore))
                        continue;
                    const double ctX = (col + sigmoid(at(0))) / cells * corrX;
                    const double ctY = (row + sigmoid(at(1))) / cells * corrY;
                    const double bw = std::exp(at(2)) * kAnchors[a][0] / cells * corrX;
                    const double bh = std::exp(at(3)) * kAnchors[a][1] / cells * corrY;
                    const double x = ctX - bw / 2, y = ctY - bh / 2;
                    boxes.push_back({x, y, x + bw, y + bh});
                    scores.push_back(score);
                }
        // ops/nonMaxSuppression.ts: repeatedly take the best, drop those overlapping it by more than 0.4.
        std::vector<std::size_t> order(boxes.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t l, std::size_t r) { return scores[l] < scores[r]; });
        std::vector<FaceBox> result;
        while (!order.empty()) {
            const std::size_t cur = order.back();
            order.pop_back();
            FaceBox fb;
            const Box& bx = boxes[cur];
            fb.box =
                cv::Rect2f(static_cast<float>(bx.left * w), static_cast<float>(bx.top * h),
                           static_cast<float>((bx.right - bx.left) * w), static_cast<float>((bx.bottom - bx.top) * h));
            fb.score = static_cast<float>(scores[cur]);
            result.push_back(fb);
            std::vector<std::size_t> keep;
            for (std::size_t idx : order) {
                if (iou(boxes[cur], boxes[idx]) <= kIouThreshold)
                    keep.push_back(idx);
            }
            order = std::move(keep);
        }
        return result;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Unknown, std::string("tiny detector: ") + e.what());
    }
}

Result<std::vector<FaceBox>> TinyFaceDetector::detectInFrame(const cv::Mat& bgr, float minScore, int inputSize) const {
    auto found = detect(bgr, minScore, inputSize);
    if (!found)
        return found.error();
    std::vector<FaceBox> faces;
    const cv::Rect2f frame(0.f, 0.f, static_cast<float>(bgr.cols), static_cast<float>(bgr.rows));
    for (auto f : found.value()) {
        f.box &= frame;
        if (f.box.width >= 8.f && f.box.height >= 8.f)
            faces.push_back(f);
    }
    return faces;
}

Status TinyFaceDetector::checkSettings(int inputSize, float minScore) {
    if (inputSize < 128 || inputSize > 1024 || inputSize % 32 != 0)
        return makeError(ErrorCode::InvalidArgument, "tiny detector input size must be a multiple of 32 in 128..1024");
    if (!(minScore > 0.f && minScore < 1.f))
        return makeError(ErrorCode::InvalidArgument, "tiny detector confidence must be in (0, 1)");
    return {};
}

} // namespace portico::face
