// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/BrightnessMeasure.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace portico::face::quality {

MeasureResult BrightnessMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.landmarks || input.bgr.empty()) {
        return notEvaluated(MeasureId::Brightness, PromptId::NoFace);
    }
    const cv::Rect roi = innerFaceRect(*input.landmarks, input.bgr.size());
    if (roi.width < 2 || roi.height < 2) {
        return notEvaluated(MeasureId::Brightness, PromptId::CentreFace);
    }
    cv::Mat grey;
    cv::cvtColor(input.bgr(roi), grey, cv::COLOR_BGR2GRAY);
    MeasureResult r;
    r.id = MeasureId::Brightness;
    r.evaluated = true;
    r.value = cv::mean(grey)[0];
    r.lowerLimit = limits.minBrightness;
    r.upperLimit = limits.maxBrightness;
    r.pass = r.value >= limits.minBrightness && r.value <= limits.maxBrightness;
    if (r.value < limits.minBrightness) {
        r.prompt = PromptId::MoreLight;
    } else if (r.value > limits.maxBrightness) {
        r.prompt = PromptId::LessLight;
    } else {
        r.prompt = PromptId::None;
    }
    const double low = ramp(r.value, 0.5 * limits.minBrightness, limits.minBrightness + 10.0);
    const double high =
        ramp(r.value, limits.maxBrightness + 0.5 * (255.0 - limits.maxBrightness), limits.maxBrightness - 10.0);
    r.component = std::min(low, high);
    return r;
}

} // namespace portico::face::quality
