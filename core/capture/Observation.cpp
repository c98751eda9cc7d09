// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/Observation.h"

namespace portico::capture {

std::vector<ObservedMeasure> Observation::failingMeasures() const {
    std::vector<ObservedMeasure> out;
    for (const auto& m : measures) {
        if (!m.pass) {
            out.push_back(m);
        }
    }
    return out;
}

} // namespace portico::capture
