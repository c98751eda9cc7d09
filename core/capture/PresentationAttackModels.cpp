// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/PresentationAttackModels.h"

#include "face/ModelStore.h"
#include "face/detail/TfImage.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>
#include <utility>

namespace portico::capture {
namespace {

constexpr int kMinCropSide = 8;

std::string sizeText(const cv::Rect2f& r) {
    return std::to_string(r.x) + "," + std::to_string(r.y) + " " + std::to_string(r.width) + "x" +
           std::to_string(r.height);
}

} // namespace

Result<PresentationAttackModels> PresentationAttackModels::load(const face::ModelStore& store,
                                                                PresentationAttackOptions options) {
    if (!(options.margin >= 1.0 && options.margin <= 4.0)) {
        return makeError(ErrorCode::InvalidArgument, "presentation-attack crop margin must be within 1..4");
    }
    auto antispoof = face::GraphModel::load(store, kAlias, kAntispoof, "Identity");
    if (!antispoof) {
        return antispoof.error();
    }
    auto liveness = face::GraphModel::load(store, kAlias, kLiveness, "Identity");
    if (!liveness) {
        return liveness.error();
    }
    return PresentationAttackModels(std::move(antispoof.value()), std::move(liveness.value()), options);
}

PresentationAttackModels::PresentationAttackModels(face::GraphModel antispoof, face::GraphModel liveness,
                                                   PresentationAttackOptions options)
    : m_antispoof(std::move(antispoof)), m_liveness(std::move(liveness)), m_options(options) {}

Result<cv::Rect> PresentationAttackModels::cropRect(cv::Size frame, const cv::Rect2f& faceBox, double margin) {
    if (frame.width <= 0 || frame.height <= 0) {
        return makeError(ErrorCode::ImageInvalid, "empty frame");
    }
    if (!std::isfinite(faceBox.x) || !std::isfinite(faceBox.y) || !std::isfinite(faceBox.width) ||
        !std::isfinite(faceBox.height) || faceBox.width <= 0.f || faceBox.height <= 0.f) {
        return makeError(ErrorCode::InvalidArgument, "face box is empty or not finite: " + sizeText(faceBox));
    }
    const cv::Rect2f inside =
        faceBox & cv::Rect2f(0.f, 0.f, static_cast<float>(frame.width), static_cast<float>(frame.height));
    if (inside.width < kMinCropSide || inside.height < kMinCropSide) {
        return makeError(ErrorCode::InvalidArgument, "face box " + sizeText(faceBox) + " is outside the " +
                                                         std::to_string(frame.width) + "x" +
                                                         std::to_string(frame.height) + " frame or under " +
                                                         std::to_string(kMinCropSide) + " px inside it");
    }
    const double side = margin * std::max(faceBox.width, faceBox.height);
    const double cx = faceBox.x + faceBox.width / 2.0;
    const double cy = faceBox.y + faceBox.height / 2.0;
    double x0 = cx - side / 2.0;
    double y0 = cy - side / 2.0;
    // Shift the square back into the frame where it fits (keeps the aspect ratio), then clip what still sticks out.
    if (side <= frame.width) {
        x0 = std::clamp(x0, 0.0, frame.width - side);
    }
    if (side <= frame.height) {
        y0 = std::clamp(y0, 0.0, frame.height - side);
    }
    const cv::Rect square(static_cast<int>(std::lround(x0)), static_cast<int>(std::lround(y0)),
                          static_cast<int>(std::lround(side)), static_cast<int>(std::lround(side)));
    const cv::Rect clipped = square & cv::Rect(0, 0, frame.width, frame.height);
    if (clipped.width < kMinCropSide || clipped.height < kMinCropSide) {
        return makeError(ErrorCode::InvalidArgument, "face crop under " + std::to_string(kMinCropSide) + " px");
    }
    return clipped;
}

Result<cv::Mat> PresentationAttackModels::input(const cv::Mat& rgbCrop, const face::GraphModel& model) const {
    const cv::Size size(model.inputWidth(), model.inputHeight());
    cv::Mat resized;
    const bool shrinking = rgbCrop.cols > size.width && rgbCrop.rows > size.height;
    cv::resize(rgbCrop, resized, size, 0, 0, shrinking && m_options.areaDownscale ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat scaled;
    resized.convertTo(scaled, CV_32F, 1.0 / 255.0);
    return scaled;
}

Result<PresentationAttackScores> PresentationAttackModels::score(const cv::Mat& bgr, const cv::Rect2f& faceBox) const {
    if (bgr.empty()) {
        return makeError(ErrorCode::ImageInvalid, "empty frame");
    }
    auto rect = cropRect(bgr.size(), faceBox, m_options.margin);
    if (!rect) {
        return rect.error();
    }
    try {
        // 8-bit, 1, 3 or 4 channels → RGB (ImageInvalid otherwise), as the face networks take their input.
        auto converted = face::detail::toRgb8(bgr(rect.value()));
        if (!converted) {
            return converted.error();
        }
        const cv::Mat& rgb = converted.value();
        PresentationAttackScores out;
        for (const auto* model : {&m_antispoof, &m_liveness}) {
            auto in = input(rgb, *model);
            if (!in) {
                return in.error();
            }
            auto values = model->run(in.value());
            if (!values) {
                return values.error();
            }
            if (values->empty() || !std::isfinite((*values)[0])) {
                return makeError(ErrorCode::ModelInvalid,
                                 "presentation-attack model " + model->outputName() + " gave no finite output");
            }
            const double v = std::clamp(static_cast<double>((*values)[0]), 0.0, 1.0);
            (model == &m_antispoof ? out.antispoof : out.liveness) = v;
        }
        return out;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ImageInvalid, std::string("presentation-attack scoring failed: ") + e.what());
    }
}

} // namespace portico::capture
