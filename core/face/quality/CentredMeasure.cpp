// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/CentredMeasure.h"

#include <algorithm>
#include <cmath>

namespace portico::face::quality {

MeasureResult CentredMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.face || input.bgr.empty()) {
        return notEvaluated(MeasureId::Centred, PromptId::NoFace);
    }
    const cv::Rect2f& b = input.face->box;
    const double cx = b.x + 0.5 * b.width;
    const double cy = b.y + 0.5 * b.height;
    const double hw = 0.5 * input.bgr.cols;
    const double hh = 0.5 * input.bgr.rows;
    MeasureResult r;
    r.id = MeasureId::Centred;
    r.evaluated = true;
    r.value = std::max(std::abs(cx - hw) / hw, std::abs(cy - hh) / hh);
    r.lowerLimit = 0.0;
    r.upperLimit = limits.maxCentreOffset;
    r.pass = r.value <= limits.maxCentreOffset;
    r.prompt = r.pass ? PromptId::None : PromptId::CentreFace;
    r.component = ramp(r.value, std::min(1.0, 2.0 * limits.maxCentreOffset), 0.5 * limits.maxCentreOffset);
    return r;
}

} // namespace portico::face::quality
