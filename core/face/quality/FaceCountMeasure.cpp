// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/FaceCountMeasure.h"

namespace portico::face::quality {

MeasureResult FaceCountMeasure::evaluate(const QualityInput& input, const QualityLimits& /*limits*/) const {
    MeasureResult r;
    r.id = MeasureId::FaceCount;
    r.evaluated = true;
    r.value = static_cast<double>(input.faces.size());
    r.lowerLimit = 1.0;
    r.upperLimit = 1.0;
    r.pass = input.faces.size() == 1;
    if (input.faces.empty()) {
        r.prompt = PromptId::NoFace;
        r.component = 0.0;
    } else if (input.faces.size() > 1) {
        r.prompt = PromptId::OnlyOneFace;
        r.component = 0.5;
    } else {
        r.prompt = PromptId::None;
        r.component = 1.0;
    }
    return r;
}

} // namespace portico::face::quality
