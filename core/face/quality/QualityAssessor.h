// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/quality/QualityLimits.h"
#include "face/quality/QualityMeasure.h"
#include "face/quality/QualityReport.h"

#include <memory>
#include <vector>

namespace portico::face::quality {

/// @brief Runs every quality measure on one face and combines them into a QualityReport.
///
/// Priority (first failing measure gives the prompt): face count, in frame, centred, inter-eye distance, yaw,
/// pitch, roll, eyes open, brightness, clipping, sharpness. Thread-safe for concurrent assess() calls.
class QualityAssessor {
public:
    explicit QualityAssessor(QualityLimits limits = {});

    /// @brief Evaluate every measure; never throws.
    QualityReport assess(const QualityInput& input) const;
    const QualityLimits& limits() const { return m_limits; }

    /// @brief Weight of a measure in the unified score (docs/quality.md).
    static double weight(MeasureId id);

private:
    QualityLimits m_limits;
    std::vector<std::unique_ptr<QualityMeasure>> m_measures;
};

} // namespace portico::face::quality
