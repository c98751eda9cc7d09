// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/Statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace portico::eval {

double quantile(std::vector<double> values, double q) {
    if (values.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    std::sort(values.begin(), values.end());
    const double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, values.size() - 1);
    const double f = pos - static_cast<double>(lo);
    return values[lo] + f * (values[hi] - values[lo]);
}

double median(std::vector<double> values) {
    return quantile(std::move(values), 0.5);
}

} // namespace portico::eval
