// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Exposure: share of inner-face pixels clipped to black or white; prompts MoreLight / LessLight.
class ClippingMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::Clipping; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
