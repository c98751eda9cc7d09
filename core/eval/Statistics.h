// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <vector>

namespace portico::eval {

/// @brief The q-quantile (0..1) by linear interpolation between order statistics; NaN for an empty list.
double quantile(std::vector<double> values, double q);
/// @brief quantile(values, 0.5).
double median(std::vector<double> values);

} // namespace portico::eval
