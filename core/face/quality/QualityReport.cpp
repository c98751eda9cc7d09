// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/QualityReport.h"

namespace portico::face::quality {

std::optional<MeasureResult> QualityReport::find(MeasureId id) const {
    for (const auto& m : measures) {
        if (m.id == id) {
            return m;
        }
    }
    return std::nullopt;
}

} // namespace portico::face::quality
