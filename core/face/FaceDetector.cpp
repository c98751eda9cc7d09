// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FaceDetector.h"

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

struct FaceDetector::Impl {
    std::mutex mutex;
    cv::dnn::Net net;                     // forward() is not const-safe: guarded by mutex
    std::vector<std::string> outputNames; // box encodings 0..5, then class predictions 0..5
    std::vector<float> anchors;           // [5118, 4] from Output/extra_dim
    int anchorCount = 0;
};

namespace {

// mobileNetV1.ts: epsilon of the depthwise layers' batch norm.
constexpr float kBatchNormEpsilon = 0.0010000000474974513f;
constexpr float kIouThreshold = 0.5f;

struct Builder {
    const TfjsWeights& w;
    DnnBuilder b;
    int channels = 3;

    Error bad(const std::string& name) const {
        return makeError(ErrorCode::ModelInvalid, w.source() + ": tensor '" + name + "' missing or of the wrong shape");
    }

    // pointwiseConvLayer.ts: conv (SAME) + offset, clipped to [0, 6].
    Result<int> pointwise(const std::string& prefix, int input, int stride) {
        const TfjsTensor* f = w.find(prefix + "/weights");
        if (!f || f->shape.size() != 4 || f->shape[2] != channels)
            return bad(prefix + "/weights");
        auto offset = w.get(prefix + "/convolution_bn_offset", {f->shape[3]});
        if (!offset)
            return offset.error();
        channels = f->shape[3];
        const int c = b.conv(prefix, input, hwioToOihw(*f), toRowMat(**offset), stride, Pad::Same);
        return b.relu6(prefix + "/relu6", c);
    }

    // mobileNetV1.ts depthwiseConvLayer: depthwise 3×3 (SAME) + batch norm (folded), clipped to [0, 6].
    Result<int> depthwise(const std::string& prefix, int input, int stride) {
        auto f = w.get(prefix + "/depthwise_weights", {3, 3, channels, 1});
        if (!f)
            return f.error();
        const std::vector<int> shape{channels};
        auto gamma = w.get(prefix + "/BatchNorm/gamma", shape);
        auto beta = w.get(prefix + "/BatchNorm/beta", shape);
        auto mean = w.get(prefix + "/BatchNorm/moving_mean", shape);
        auto variance = w.get(prefix + "/BatchNorm/moving_variance", shape);
        for (const auto* r : {&gamma, &beta, &mean, &variance}) {
            if (!*r)
                return r->error();
        }
        cv::Mat weights = depthwiseToOpenCv(**f);
        cv::Mat bias;
        detail::foldBatchNorm(weights, bias, (*gamma)->values, (*beta)->values, (*mean)->values, (*variance)->values,
                              kBatchNormEpsilon);
        const int c = b.conv(prefix, input, weights, bias, stride, Pad::Same, channels);
        return b.relu6(prefix + "/relu6", c);
    }

    // common/convLayer.ts: 1×1 conv + bias, no activation.
    Result<int> predictor(const std::string& prefix, int input, int inChannels) {
        const TfjsTensor* f = w.find(prefix + "/weights");
        if (!f || f->shape.size() != 4 || f->shape[2] != inChannels)
            return bad(prefix + "/weights");
        auto bias = w.get(prefix + "/biases", {f->shape[3]});
        if (!bias)
            return bias.error();
        return b.conv(prefix, input, hwioToOihw(*f), toRowMat(**bias), 1, Pad::Same);
    }
};

struct Candidate {
    float score;
    int index;
};

// nonMaxSuppression.ts IOU on [ymin, xmin, ymax, xmax] boxes.
float iou(const float* a, const float* b) {
    const float yminA = std::min(a[0], a[2]), xminA = std::min(a[1], a[3]);
    const float ymaxA = std::max(a[0], a[2]), xmaxA = std::max(a[1], a[3]);
    const float yminB = std::min(b[0], b[2]), xminB = std::min(b[1], b[3]);
    const float ymaxB = std::max(b[0], b[2]), xmaxB = std::max(b[1], b[3]);
    const double areaA = static_cast<double>(ymaxA - yminA) * (xmaxA - xminA);
    const double areaB = static_cast<double>(ymaxB - yminB) * (xmaxB - xminB);
    if (areaA <= 0 || areaB <= 0)
        return 0.f;
    const double ih = std::max(static_cast<double>(std::min(ymaxA, ymaxB)) - std::max(yminA, yminB), 0.0);
    const double iw = std::max(static_cast<double>(std::min(xmaxA, xmaxB)) - std::max(xminA, xminB), 0.0);
    const double inter = ih * iw;
    return static_cast<float>(inter / (areaA + areaB - inter));
}

} // namespace

FaceDetector::FaceDetector(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
FaceDetector::FaceDetector(FaceDetector&&) noexcept = default;
FaceDetector& FaceDetector::operator=(FaceDetector&&) noexcept = default;
FaceDetector::~FaceDetector() = default;

Result<FaceDetector> FaceDetector::load(const ModelStore& store) {
    auto weights = TfjsWeights::load(store, "face-api", kManifest);
    if (!weights)
        return weights.error();
    return fromWeights(*weights);
}

Result<FaceDetector> FaceDetector::fromWeights(const TfjsWeights& weights) {
    try {
        Builder bld{weights, {}, 3};
        auto x = bld.pointwise("MobilenetV1/Conv2d_0_pointwise", 0, 2);
        if (!x)
            return x.error();
        int id = *x;
        int conv11 = -1, conv11Channels = 0;
        for (int i = 1; i <= 13; ++i) {
            const int stride = (i == 2 || i == 4 || i == 6 || i == 12) ? 2 : 1;
            const std::string n = std::to_string(i);
            auto d = bld.depthwise("MobilenetV1/Conv2d_" + n + "_depthwise", id, stride);
            if (!d)
                return d.error();
            auto p = bld.pointwise("MobilenetV1/Conv2d_" + n + "_pointwise", *d, 1);
            if (!p)
                return p.error();
            id = *p;
            if (i == 11) {
                conv11 = id;
                conv11Channels = bld.channels;
            }
        }
        const int features = id;
        const int featureChannels = bld.channels;
        // predictionLayer.ts: conv_0..7 alternate stride 1 and 2.
        int conv[8];
        int convChannels[8];
        for (int i = 0; i < 8; ++i) {
            auto p = bld.pointwise("Prediction/Conv2d_" + std::to_string(i) + "_pointwise",
                                   i == 0 ? features : conv[i - 1], i % 2 == 1 ? 2 : 1);
            if (!p)
                return p.error();
            conv[i] = *p;
            convChannels[i] = bld.channels;
        }
        const int sources[6] = {conv11, features, conv[1], conv[3], conv[5], conv[7]};
        const int sourceChannels[6] = {conv11Channels,  featureChannels, convChannels[1],
                                       convChannels[3], convChannels[5], convChannels[7]};
        auto impl = std::make_unique<Impl>();
        std::vector<std::string> boxNames, classNames;
        for (int i = 0; i < 6; ++i) {
            const std::string prefix = "Prediction/BoxPredictor_" + std::to_string(i);
            auto box = bld.predictor(prefix + "/BoxEncodingPredictor", sources[i], sourceChannels[i]);
            if (!box)
                return box.error();
            auto cls = bld.predictor(prefix + "/ClassPredictor", sources[i], sourceChannels[i]);
            if (!cls)
                return cls.error();
            boxNames.push_back(bld.b.nameOf(*box));
            classNames.push_back(bld.b.nameOf(*cls));
        }
        impl->outputNames = boxNames;
        impl->outputNames.insert(impl->outputNames.end(), classNames.begin(), classNames.end());
        const TfjsTensor* anchors = weights.find("Output/extra_dim");
        if (!anchors || anchors->shape.size() != 3 || anchors->shape[0] != 1 || anchors->shape[2] != 4)
            return bld.bad("Output/extra_dim");
        impl->anchors = anchors->values;
        impl->anchorCount = anchors->shape[1];
        impl->net = std::move(bld.b.net());
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
        return FaceDetector(std::move(impl));
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, std::string("ssd_mobilenetv1_model: ") + e.what());
    }
}

Result<std::vector<FaceBox>> FaceDetector::detect(const cv::Mat& bgr, float minScore, int maxResults) const {
    if (!(minScore > 0.f && minScore < 1.f))
        return makeError(ErrorCode::InvalidArgument, "detector: minScore must be in (0, 1)");
    if (maxResults <= 0)
        return makeError(ErrorCode::InvalidArgument, "detector: maxResults must be positive");
    auto rgb = detail::toRgb8(bgr);
    if (!rgb)
        return rgb.error();
    try {
        const cv::Mat input = detail::toBatchInput(*rgb, kInputSize, false);
        // SsdMobilenetv1.ts: x / 127.5 - 1.
        const cv::Mat blob = detail::toBlob(input, {127.5f, 127.5f, 127.5f}, 127.5f);
        std::vector<cv::Mat> outs;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            m_impl->net.forward(outs, m_impl->outputNames);
            for (auto& o : outs)
                o = o.clone();
        }
        // boxPredictionLayer.ts reshapes NHWC maps to [-1, 4] / [-1, 3]: anchor index = (y, x, a).
        const int n = m_impl->anchorCount;
        std::vector<float> enc(static_cast<std::size_t>(n) * 4), scores(static_cast<std::size_t>(n));
        int k = 0;
        for (int p = 0; p < 6; ++p) {
            const cv::Mat& box = outs[static_cast<std::size_t>(p)];
            const cv::Mat& cls = outs[static_cast<std::size_t>(6 + p)];
            const int hh = box.size[2], ww = box.size[3], perCell = box.size[1] / 4;
            const int plane = hh * ww;
            if (cls.size[1] != perCell * 3)
                return makeError(ErrorCode::ModelInvalid, "ssd_mobilenetv1_model: predictor channel mismatch");
            const float* bd = box.ptr<float>();
            const float* cd = cls.ptr<float>();
            for (int y = 0; y < hh; ++y)
                for (int x = 0; x < ww; ++x)
                    for (int a = 0; a < perCell; ++a) {
                        if (k >= n)
                            return makeError(ErrorCode::ModelInvalid, "ssd_mobilenetv1_model: more boxes than anchors");
                        for (int c = 0; c < 4; ++c)
                            enc[static_cast<std::size_t>(k * 4 + c)] = bd[(a * 4 + c) * plane + y * ww + x];
                        // outputLayer.ts: sigmoid of class 1 (face).
                        const float logit = cd[(a * 3 + 1) * plane + y * ww + x];
                        scores[static_cast<std::size_t>(k)] =
                            static_cast<float>(1.0 / (1.0 + std::exp(-static_cast<double>(logit))));
                        ++k;
                    }
        }
        if (k != n)
            return makeError(ErrorCode::ModelInvalid, "ssd_mobilenetv1_model: box count differs from anchor count");
        // outputLayer.ts decodeBoxesLayer.
        std::vector<float> boxes(static_cast<std::size_t>(n) * 4);
        for (int i = 0; i < n; ++i) {
            const float* a = &m_impl->anchors[static_cast<std::size_t>(i) * 4];
            const float* e = &enc[static_cast<std::size_t>(i) * 4];
            const float size0 = a[2] - a[0], size1 = a[3] - a[1];
            const float centre0 = a[0] + size0 / 2, centre1 = a[1] + size1 / 2;
            const float half0 = std::exp(e[2] / 5.f) * size0 / 2;
            const float mid0 = e[0] / 10.f * size0 + centre0;
            const float half1 = std::exp(e[3] / 5.f) * size1 / 2;
            const float mid1 = e[1] / 10.f * size1 + centre1;
            float* o = &boxes[static_cast<std::size_t>(i) * 4];
            o[0] = mid0 - half0;
            o[1] = mid1 - half1;
            o[2] = mid0 + half0;
            o[3] = mid1 + half1;
        }
        // nonMaxSuppression.ts: greedy, strictly above the threshold, best score first.
        std::vector<Candidate> cands;
        for (int i = 0; i < n; ++i) {
            if (scores[static_cast<std::size_t>(i)] > minScore)
                cands.push_back({scores[static_cast<std::size_t>(i)], i});
        }
        std::stable_sort(cands.begin(), cands.end(),
                         [](const Candidate& l, const Candidate& r) { return l.score > r.score; });
        const int outputSize = std::min(maxResults, n);
        std::vector<int> selected;
        for (const auto& c : cands) {
            if (static_cast<int>(selected.size()) >= outputSize)
                break;
            bool keep = true;
            for (auto j = selected.rbegin(); j != selected.rend(); ++j) {
                const float v =
                    iou(&boxes[static_cast<std::size_t>(c.index) * 4], &boxes[static_cast<std::size_t>(*j) * 4]);
                if (v == 0.f)
                    continue;
                if (v > kIouThreshold) {
                    keep = false;
                    break;
                }
            }
            if (keep)
                selected.push_back(c.index);
        }
        // SsdMobilenetv1.locateFaces: clip to [0, 1], undo the bottom/right padding, scale to the image.
        const int w = rgb->cols, h = rgb->rows;
        const double s = static_cast<double>(kInputSize) / std::max(w, h);
        const double reshapedW = std::round(w * s), reshapedH = std::round(h * s);
        const double padX = kInputSize / reshapedW, padY = kInputSize / reshapedH;
        std::vector<FaceBox> result;
        for (int idx : selected) {
            const float* bx = &boxes[static_cast<std::size_t>(idx) * 4];
            const double top = std::max(0.f, bx[0]) * padY, bottom = std::min(1.f, bx[2]) * padY;
            const double left = std::max(0.f, bx[1]) * padX, right = std::min(1.f, bx[3]) * padX;
            FaceBox fb;
            fb.box = cv::Rect2f(static_cast<float>(left * w), static_cast<float>(top * h),
                                static_cast<float>((right - left) * w), static_cast<float>((bottom - top) * h));
            fb.score = scores[static_cast<std::size_t>(idx)];
            result.push_back(fb);
        }
        return result;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::Unknown, std::string("detector: ") + e.what());
    }
}

} // namespace portico::face
