// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "review/DailyStats.h"
#include "store/Database.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace portico::review {

/// @brief What daily() counts.
struct StatsOptions {
    std::optional<std::string> port; ///< only this port (all ports when absent)
    std::optional<int> lane;         ///< only this lane (all lanes when absent)
    AlarmRule rule;
};

/// @brief Operational monitoring over the inspection records and review cases of one UTC day (by decidedAt).
/// Reads only non-personal columns (outcome, decision, band, sex, times, review state). Read-only; use it from the
/// thread that owns the Database connection (or open a second connection for a UI worker).
class Monitoring {
public:
    explicit Monitoring(store::Database& db) : m_db(db) {}

    /// @brief Figures for one day; InvalidArgument for an invalid date.
    Result<DailyStats> daily(std::chrono::year_month_day day, const StatsOptions& options = {});

    /// @brief Parse "YYYY-MM-DD" (InvalidArgument otherwise).
    static Result<std::chrono::year_month_day> parseDay(std::string_view text);
    /// @brief Format as "YYYY-MM-DD".
    static std::string formatDay(std::chrono::year_month_day day);

    /// @brief Judge the alarms of a DailyStats with its own rule (daily() already does; exposed for tests/tools).
    static std::vector<GroupAlarm> judgeAlarms(const DailyStats& stats);

private:
    store::Database& m_db;
};

} // namespace portico::review
