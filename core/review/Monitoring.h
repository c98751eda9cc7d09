// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "inspection/Record.h"
#include "review/DailyStats.h"
#include "review/ReviewCase.h"
#include "store/Database.h"
#include "store/Demographics.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::review {

/// @brief What daily() counts.
struct StatsOptions {
    std::optional<std::string> port; ///< only this port (all ports when absent)
    std::optional<int> lane;         ///< only this lane (all lanes when absent)
    AlarmRule rule;
};

/// @brief One inspection as the figures see it: non-personal facts only (no name, id or image).
struct InspectionFacts {
    int lane = 0;
    inspection::Outcome outcome = inspection::Outcome::Unknown;
    inspection::Decision decision = inspection::Decision::Unknown;
    bool optedOut = false;
    std::optional<std::int64_t> framesBeforeOptOut;
    store::AgeBand ageBand = store::AgeBand::Unknown;
    store::Sex sex = store::Sex::Unknown;
    std::optional<std::int64_t> capturedAtMs;
    std::int64_t decidedAtMs = 0;
    std::optional<double> timeToCaptureMs;
    std::optional<CaseState> caseState; ///< the record's review case, if it has one
    Resolution resolution = Resolution::Unknown;
};

/// @brief The one place the day's figures are counted (docs/review.md): the station's Monitoring and central's
/// port-wide monitoring feed it their records' facts, so both say the same thing about the same records.
class DailyStatsBuilder {
public:
    DailyStatsBuilder(std::chrono::year_month_day day, std::string port, std::optional<int> lane, AlarmRule rule);
    void add(const InspectionFacts& facts);
    /// @brief The figures, with their per-group alarms judged.
    DailyStats finish();

private:
    DailyStats m_out;
    std::map<int, OutcomeCounts> m_lanes;
    std::map<store::AgeBand, OutcomeCounts> m_bands;
    std::map<store::Sex, OutcomeCounts> m_sexes;
    std::vector<double> m_captureToDecision;
    std::vector<double> m_timeToCapture;
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
