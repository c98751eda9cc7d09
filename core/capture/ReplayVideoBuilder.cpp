// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/ReplayVideoBuilder.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

namespace portico::capture {
namespace {
bool isImageFile(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp";
}

} // namespace

cv::Mat fitToFrame(const cv::Mat& image, cv::Size size) {
    cv::Mat canvas(size, CV_8UC3, cv::Scalar(128, 128, 128));
    const double scale =
        std::min(static_cast<double>(size.width) / image.cols, static_cast<double>(size.height) / image.rows);
    const int w = std::max(1, static_cast<int>(image.cols * scale));
    const int h = std::max(1, static_cast<int>(image.rows * scale));
    cv::Mat resized;
    cv::resize(image, resized, cv::Size(w, h), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    resized.copyTo(canvas(cv::Rect((size.width - w) / 2, (size.height - h) / 2, w, h)));
    return canvas;
}

std::string_view frameVariantName(FrameVariant variant) {
    switch (variant) {
    case FrameVariant::Unknown:
        return "unknown";
    case FrameVariant::Original:
        return "original";
    case FrameVariant::Blurred:
        return "blurred";
    case FrameVariant::Dark:
        return "dark";
    case FrameVariant::OffAngle:
        return "off-angle";
    }
    return "unknown";
}

cv::Mat degradeFrame(const cv::Mat& canvas, FrameVariant variant) {
    cv::Mat out;
    switch (variant) {
    case FrameVariant::Blurred: {
        // Defocus/motion blur strong enough to wipe out skin texture and eyelashes at this frame size.
        const double sigma = std::max(3.0, 0.012 * std::max(canvas.cols, canvas.rows));
        cv::GaussianBlur(canvas, out, cv::Size(0, 0), sigma);
        break;
    }
    case FrameVariant::Dark:
        canvas.convertTo(out, -1, 0.18, 0.0);
        break;
    case FrameVariant::OffAngle: {
        // Head turned and tilted: a perspective squeeze of one side (like a yaw) plus a 30° roll.
        const auto w = static_cast<float>(canvas.cols);
        const auto h = static_cast<float>(canvas.rows);
        const std::array<cv::Point2f, 4> src = {cv::Point2f(0, 0), cv::Point2f(w, 0), cv::Point2f(w, h),
                                                cv::Point2f(0, h)};
        const std::array<cv::Point2f, 4> dst = {cv::Point2f(0, 0), cv::Point2f(w * 0.62f, h * 0.14f),
                                                cv::Point2f(w * 0.62f, h * 0.86f), cv::Point2f(0, h)};
        cv::Mat squeezed;
        cv::warpPerspective(canvas, squeezed, cv::getPerspectiveTransform(src.data(), dst.data()), canvas.size(),
                            cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(128, 128, 128));
        const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(w * 0.4f, h * 0.5f), 30.0, 1.0);
        cv::warpAffine(squeezed, out, rot, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                       cv::Scalar(128, 128, 128));
        break;
    }
    case FrameVariant::Original:
    case FrameVariant::Unknown:
        out = canvas.clone();
        break;
    }
    return out;
}

std::vector<std::filesystem::path> listImages(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && isImageFile(entry.path())) {
            out.push_back(entry.path());
        } else if (entry.is_directory()) {
            for (const auto& sub : std::filesystem::directory_iterator(entry.path(), ec)) {
                if (sub.is_regular_file() && isImageFile(sub.path())) {
                    out.push_back(sub.path());
                }
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::vector<ReplaySegment>> buildReplayVideo(const std::vector<std::filesystem::path>& images,
                                                    const std::filesystem::path& out,
                                                    const ReplayVideoOptions& options) {
    if (images.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no images to build a replay video from");
    }
    if (options.fps <= 0.0 || options.framesPerShot <= 0 || options.frameSize.width < 16 ||
        options.frameSize.height < 16) {
        return makeError(ErrorCode::InvalidArgument, "replay video: fps, frames per shot and frame size must be > 0");
    }
    std::vector<ReplaySegment> segments;
    try {
        cv::VideoWriter writer(out.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), options.fps,
                               options.frameSize, true);
        if (!writer.isOpened()) {
            return makeError(ErrorCode::IoError, "cannot write video " + out.string());
        }
        std::mt19937_64 rng(options.seed);
        std::normal_distribution<double> jitter(0.0, 0.6);
        int frameIndex = 0;
        for (const auto& path : images) {
            const cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
            if (image.empty()) {
                return makeError(ErrorCode::ImageInvalid, "cannot read image " + path.string());
            }
            const cv::Mat canvas = fitToFrame(image, options.frameSize);
            std::vector<FrameVariant> variants;
            if (options.degrade) {
                variants = {FrameVariant::Blurred, FrameVariant::Dark, FrameVariant::OffAngle};
            }
            variants.push_back(FrameVariant::Original);
            for (FrameVariant variant : variants) {
                const cv::Mat base = degradeFrame(canvas, variant);
                ReplaySegment seg{path, variant, frameIndex, options.framesPerShot};
                for (int i = 0; i < options.framesPerShot; ++i) {
                    // A camera never delivers two identical frames: sub-pixel shake and sensor noise.
                    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, jitter(rng), 0, 1, jitter(rng));
                    cv::Mat frame;
                    cv::warpAffine(base, frame, shift, base.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
                    cv::Mat noise(frame.size(), CV_16SC3);
                    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(2.0));
                    cv::Mat noisy;
                    cv::add(frame, noise, noisy, cv::noArray(), CV_8UC3);
                    writer.write(noisy);
                    ++frameIndex;
                }
                segments.push_back(seg);
            }
        }
        writer.release();
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::IoError, std::string("replay video: ") + e.what());
    }
    return segments;
}

} // namespace portico::capture
