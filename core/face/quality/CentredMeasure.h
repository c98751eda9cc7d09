// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Centring: offset of the face centre from the image centre, as a share of half the image size; prompts
/// CentreFace.
class CentredMeasure final : public QualityMeasure {
public:
    MeasureId id() const override { return MeasureId::Centred; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;
};

} // namespace portico::face::quality
