// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Fully in frame: share of the padded face region inside the image; prompts CentreFace (MoveBack when the face
/// is too large).
class InFrameMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::InFrame; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
