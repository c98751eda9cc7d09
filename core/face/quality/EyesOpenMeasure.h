// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Eyes open: mean eye aspect ratio (Soukupová & Čech 2016) of both eyes; prompts OpenEyes.
class EyesOpenMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::EyesOpen; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
