// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/ClippingMeasure.h"

#include <opencv2/imgproc.hpp>

namespace portico::face::quality {

MeasureResult ClippingMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.landmarks || input.bgr.empty()) {
        return notEvaluated(MeasureId::Clipping, PromptId::NoFace);
    }
    const cv::Rect roi = innerFaceRect(*input.landmarks, input.bgr.size());
    if (roi.width < 2 || roi.height < 2) {
        return notEvaluated(MeasureId::Clipping, PromptId::CentreFace);
    }
    cv::Mat grey;
    cv::cvtColor(input.bgr(roi), grey, cv::COLOR_BGR2GRAY);
    const double total = static_cast<double>(grey.total());
    const double dark = cv::countNonZero(grey <= 5) / total;
    const double bright = cv::countNonZero(grey >= 250) / total;
    MeasureResult r;
    r.id = MeasureId::Clipping;
    r.evaluated = true;
    r.value = dark + bright;
    r.lowerLimit = 0.0;
    r.upperLimit = limits.maxClippedShare;
    r.pass = r.value <= limits.maxClippedShare;
    r.prompt = r.pass ? PromptId::None : (bright >= dark ? PromptId::LessLight : PromptId::MoreLight);
    r.component = ramp(r.value, 2.0 * limits.maxClippedShare, 0.5 * limits.maxClippedShare);
    return r;
}

} // namespace portico::face::quality
