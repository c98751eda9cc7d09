// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/PromptId.h"
#include "face/quality/QualityMeasure.h"

#include <optional>
#include <vector>

namespace portico::face::quality {

/// @brief Every measure's verdict, the unified 0..100 score and the one prompt to show first.
struct QualityReport {
    std::vector<MeasureResult> measures;   ///< in QualityAssessor's priority order
    double score = 0.0;                    ///< 0..100; ≥ 60 only when every measure passes (docs/quality.md)
    bool pass = false;                     ///< every measure passes
    PromptId firstPrompt = PromptId::None; ///< prompt of the highest-priority failing measure, None if all pass

    /// @brief The result of one measure, if it was run.
    std::optional<MeasureResult> find(MeasureId id) const;
};

} // namespace portico::face::quality
