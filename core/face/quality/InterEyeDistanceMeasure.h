// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Face size: distance between the eye centres in image pixels; prompts MoveCloser.
class InterEyeDistanceMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::InterEyeDistance; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
