// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Exposure: mean grey level of the inner face; prompts MoreLight / LessLight.
class BrightnessMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::Brightness; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
