// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/ArcFaceEmbedder.h"

#include "common/Sha256.h"
#include "face/ModelStore.h"
#include "face/detail/TfImage.h"

#include <opencv2/dnn.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <mutex>

namespace portico::face {

struct ArcFaceEmbedder::Impl {
    std::mutex mutex;
    cv::dnn::Net net; // forward() is not const-safe: guarded by mutex
    std::string sha256;
};

namespace {
constexpr std::string_view kName = "fr_feature.onnx";

Error invalid(const std::string& what) {
    return makeError(ErrorCode::ModelInvalid, std::string(kName) + ": " + what);
}
} // namespace

ArcFaceEmbedder::ArcFaceEmbedder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
ArcFaceEmbedder::ArcFaceEmbedder(ArcFaceEmbedder&&) noexcept = default;
ArcFaceEmbedder& ArcFaceEmbedder::operator=(ArcFaceEmbedder&&) noexcept = default;
ArcFaceEmbedder::~ArcFaceEmbedder() = default;

Result<ArcFaceEmbedder> ArcFaceEmbedder::load(const ModelStore& store) {
    const ModelFile* pinned = nullptr;
    for (const auto& f : store.files()) {
        if (f.alias == kAlias && f.path == kModelFile) {
            pinned = &f;
        }
    }
    if (pinned == nullptr) {
        return makeError(ErrorCode::NotFound,
                         "model file not in the pinned list: " + std::string(kAlias) + "/" + std::string(kModelFile));
    }
    auto path = store.verifiedPath(kAlias, kModelFile);
    if (!path) {
        return path.error();
    }
    // Hash the bytes the network is built from, so a file swapped after the check is still refused.
    std::ifstream in(*path, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return makeError(ErrorCode::ModelInvalid, "cannot read " + path->string());
    }
    if (sha256Hex(bytes) != pinned->sha256) {
        return makeError(ErrorCode::ModelInvalid, path->string() + " changed after it was verified");
    }
    return fromOnnx(bytes, pinned->sha256);
}

Result<ArcFaceEmbedder> ArcFaceEmbedder::fromOnnx(std::span<const std::uint8_t> bytes, std::string sha256) {
    if (bytes.empty()) {
        return invalid("the model file is empty");
    }
    auto impl = std::make_unique<Impl>();
    try {
        impl->net = cv::dnn::readNetFromONNX(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        if (impl->net.empty()) {
            return invalid("no network in the file");
        }
        impl->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
        impl->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    } catch (const cv::Exception& e) {
        return invalid(std::string("not a readable ONNX network (") + e.what() + ")");
    }
    impl->sha256 = std::move(sha256);
    ArcFaceEmbedder out(std::move(impl));
    // One forward pass at load: a network that does not take 3×112×112 or give 512 numbers is refused here, not
    // at the first traveler.
    const cv::Mat probe(std::vector<int>{1, 3, kInputSize, kInputSize}, CV_32F, cv::Scalar(0));
    auto r = out.forward(probe);
    if (!r) {
        return invalid(r.error().detail);
    }
    return out;
}

Result<std::vector<float>> ArcFaceEmbedder::forward(const cv::Mat& blob) const {
    if (blob.dims != 4 || blob.size[0] != 1 || blob.size[1] != 3 || blob.size[2] != kInputSize ||
        blob.size[3] != kInputSize || blob.type() != CV_32F) {
        return makeError(ErrorCode::InvalidArgument, "the descriptor input must be a float blob [1, 3, 112, 112]");
    }
    try {
        cv::Mat out;
        {
            std::lock_guard lock(m_impl->mutex);
            m_impl->net.setInput(blob);
            out = m_impl->net.forward().clone();
        }
        if (out.total() != static_cast<std::size_t>(kDimension) || out.type() != CV_32F) {
            return makeError(ErrorCode::ModelInvalid, "the descriptor gave " + std::to_string(out.total()) +
                                                          " numbers, expected " + std::to_string(kDimension));
        }
        const float* p = out.ptr<float>();
        std::vector<float> v(p, p + kDimension);
        for (float x : v) {
            if (!std::isfinite(x)) {
                return makeError(ErrorCode::ModelInvalid, "the descriptor gave a non-finite number");
            }
        }
        return v;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ModelInvalid, std::string("descriptor network failed: ") + e.what());
    }
}

Result<std::vector<float>> ArcFaceEmbedder::embedRaw(const cv::Mat& chip112Bgr) const {
    if (chip112Bgr.empty() || chip112Bgr.depth() != CV_8U) {
        return makeError(ErrorCode::ImageInvalid, "the descriptor needs a non-empty 8-bit chip");
    }
    if (chip112Bgr.cols != kInputSize || chip112Bgr.rows != kInputSize) {
        return makeError(ErrorCode::InvalidArgument, "the descriptor needs a 112×112 chip, got " +
                                                         std::to_string(chip112Bgr.cols) + "×" +
                                                         std::to_string(chip112Bgr.rows));
    }
    try {
        auto bgr = detail::toBgr8(chip112Bgr);
        if (!bgr) {
            return bgr.error();
        }
        const cv::Mat blob =
            cv::dnn::blobFromImage(*bgr, 1.0 / 128.0, cv::Size(), cv::Scalar(127, 127, 127), false, false, CV_32F);
        return forward(blob);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::ImageInvalid, std::string("descriptor input: ") + e.what());
    }
}

Result<Embedding> ArcFaceEmbedder::embed(const cv::Mat& chip112Bgr) const {
    auto raw = embedRaw(chip112Bgr);
    if (!raw) {
        return raw.error();
    }
    return normalisedEmbedding(std::string(kModelId), *raw);
}

const std::string& ArcFaceEmbedder::weightsSha256() const {
    return m_impl->sha256;
}

} // namespace portico::face
