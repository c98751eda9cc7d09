// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityMeasure.h"

namespace portico::face::quality {

/// @brief Head pose: one angle (yaw, pitch or roll, degrees) from estimateHeadPose; pass when |angle| ≤ limit.
/// Prompts LookAtCamera (yaw, pitch) or KeepHeadLevel (roll).
class PoseAngleMeasure final : public QualityMeasure {
public:
    /// @brief @p which is MeasureId::Yaw, Pitch or Roll.
    explicit PoseAngleMeasure(MeasureId which);
    MeasureId id() const override { return m_which; }
    MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const override;

private:
    MeasureId m_which;
};

} // namespace portico::face::quality
