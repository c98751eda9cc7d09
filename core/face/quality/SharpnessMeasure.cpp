// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/SharpnessMeasure.h"

#include <opencv2/imgproc.hpp>

#include <limits>

namespace portico::face::quality {
namespace {
// The face is resampled so that the eye centres lie kEyePx apart before measuring: the value then describes
// the face, not its size in the image.
constexpr double kEyePx = 40.0;
} // namespace

MeasureResult SharpnessMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.landmarks || input.bgr.empty()) {
        return notEvaluated(MeasureId::Sharpness, PromptId::NoFace);
    }
    const cv::Rect roi = innerFaceRect(*input.landmarks, input.bgr.size());
    const double eyes = cv::norm(input.landmarks->rightEyeCentre() - input.landmarks->leftEyeCentre());
    if (roi.width < 4 || roi.height < 4 || !(eyes > 1.0)) {
        return notEvaluated(MeasureId::Sharpness, PromptId::CentreFace);
    }
    cv::Mat grey;
    cv::cvtColor(input.bgr(roi), grey, cv::COLOR_BGR2GRAY);
    const double f = kEyePx / eyes;
    cv::Mat scaled;
    cv::resize(grey, scaled, cv::Size(), f, f, f < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat lap;
    cv::Laplacian(scaled, lap, CV_64F, 3);
    cv::Scalar mean, sd;
    cv::meanStdDev(lap, mean, sd);
    MeasureResult r;
    r.id = MeasureId::Sharpness;
    r.evaluated = true;
    r.value = sd[0] * sd[0];
    r.lowerLimit = limits.minSharpness;
    r.upperLimit = std::numeric_limits<double>::infinity();
    r.pass = r.value >= limits.minSharpness;
    r.prompt = r.pass ? PromptId::None : PromptId::HoldStill;
    r.component = ramp(r.value, 0.5 * limits.minSharpness, 2.0 * limits.minSharpness);
    return r;
}

} // namespace portico::face::quality
