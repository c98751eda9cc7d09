// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/InterEyeDistanceMeasure.h"

#include <limits>

namespace portico::face::quality {

MeasureResult InterEyeDistanceMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.landmarks) {
        return notEvaluated(MeasureId::InterEyeDistance, PromptId::NoFace);
    }
    MeasureResult r;
    r.id = MeasureId::InterEyeDistance;
    r.evaluated = true;
    r.value = cv::norm(input.landmarks->rightEyeCentre() - input.landmarks->leftEyeCentre());
    r.lowerLimit = limits.minInterEyePx;
    r.upperLimit = std::numeric_limits<double>::infinity();
    r.pass = r.value >= limits.minInterEyePx;
    r.prompt = r.pass ? PromptId::None : PromptId::MoveCloser;
    r.component = ramp(r.value, 0.5 * limits.minInterEyePx, 1.5 * limits.minInterEyePx);
    return r;
}

} // namespace portico::face::quality
