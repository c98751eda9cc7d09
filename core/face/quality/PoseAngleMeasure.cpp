// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/PoseAngleMeasure.h"

#include "face/quality/HeadPose.h"

#include <cmath>

namespace portico::face::quality {

PoseAngleMeasure::PoseAngleMeasure(MeasureId which) : m_which(which) {}

MeasureResult PoseAngleMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    const PromptId prompt = m_which == MeasureId::Roll ? PromptId::KeepHeadLevel : PromptId::LookAtCamera;
    if (!input.landmarks || input.bgr.empty()) {
        return notEvaluated(m_which, PromptId::NoFace);
    }
    const auto pose = estimateHeadPose(*input.landmarks, input.bgr.size());
    if (!pose) {
        return notEvaluated(m_which, prompt);
    }
    double value = 0.0;
    double limit = 0.0;
    switch (m_which) {
    case MeasureId::Yaw:
        value = pose->yawDeg;
        limit = limits.maxYawDeg;
        break;
    case MeasureId::Pitch:
        value = pose->pitchDeg;
        limit = limits.maxPitchDeg;
        break;
    default:
        value = pose->rollDeg;
        limit = limits.maxRollDeg;
        break;
    }
    MeasureResult r;
    r.id = m_which;
    r.evaluated = true;
    r.value = value;
    r.lowerLimit = -limit;
    r.upperLimit = limit;
    r.pass = std::abs(value) <= limit;
    r.prompt = r.pass ? PromptId::None : prompt;
    r.component = ramp(std::abs(value), 2.0 * limit, 0.5 * limit);
    return r;
}

} // namespace portico::face::quality
