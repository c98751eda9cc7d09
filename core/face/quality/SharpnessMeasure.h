// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Sharpness: variance of the Laplacian of the face scaled to a fixed inter-ocular distance; prompts HoldStill.
class SharpnessMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::Sharpness; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
