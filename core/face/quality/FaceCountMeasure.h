// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Exactly one face: value = number of faces found; prompts NoFace / OnlyOneFace.
class FaceCountMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::FaceCount; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
