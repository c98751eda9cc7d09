// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "review/DailyStats.h"
#include "storage/CentralStore.h"

#include <chrono>
#include <string>

namespace portico::central {

/// @brief A port's figures for one UTC day, counted by the station's own code (review::DailyStatsBuilder) over the
/// facts central keeps of every booth's records, with their cases' findings.
Result<review::DailyStats> portDailyStats(storage::CentralStore& store, const std::string& port,
                                          std::chrono::year_month_day day);

} // namespace portico::central
