// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/EyesOpenMeasure.h"

#include <limits>

namespace portico::face::quality {
namespace {
// Eye aspect ratio of the eye whose six points start at @p first (36 or 42): (|p2−p6| + |p3−p5|) / (2 |p1−p4|).
double eyeAspectRatio(const Landmarks68& lm, std::size_t first) {
    const auto& p = lm.points;
    const double width = cv::norm(p[first] - p[first + 3]);
    if (!(width > 1e-6)) {
        return 0.0;
    }
    return (cv::norm(p[first + 1] - p[first + 5]) + cv::norm(p[first + 2] - p[first + 4])) / (2.0 * width);
}
} // namespace

MeasureResult EyesOpenMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.landmarks) {
        return notEvaluated(MeasureId::EyesOpen, PromptId::NoFace);
    }
    MeasureResult r;
    r.id = MeasureId::EyesOpen;
    r.evaluated = true;
    r.value = 0.5 * (eyeAspectRatio(*input.landmarks, 36) + eyeAspectRatio(*input.landmarks, 42));
    r.lowerLimit = limits.minEyeAspectRatio;
    r.upperLimit = std::numeric_limits<double>::infinity();
    r.pass = r.value >= limits.minEyeAspectRatio;
    r.prompt = r.pass ? PromptId::None : PromptId::OpenEyes;
    r.component = ramp(r.value, 0.5 * limits.minEyeAspectRatio, 1.3 * limits.minEyeAspectRatio);
    return r;
}

} // namespace portico::face::quality
