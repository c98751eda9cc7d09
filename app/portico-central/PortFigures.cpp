// SPDX-License-Identifier: GPL-3.0-or-later
#include "PortFigures.h"

#include "inspection/Record.h"
#include "review/Monitoring.h"
#include "review/ReviewCase.h"
#include "store/Demographics.h"

namespace portico::central {

Result<review::DailyStats> portDailyStats(storage::CentralStore& store, const std::string& port,
                                          std::chrono::year_month_day day) {
    if (!day.ok()) {
        return makeError(ErrorCode::InvalidArgument, "invalid day");
    }
    const auto from =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::sys_days(day).time_since_epoch()).count();
    auto rows = store.facts(port, from, from + 24LL * 3600 * 1000);
    if (!rows) {
        return rows.error();
    }
    review::DailyStatsBuilder stats(day, port, std::nullopt, review::AlarmRule{});
    for (const auto& r : *rows) {
        review::InspectionFacts f;
        f.lane = r.lane;
        f.outcome = inspection::parseOutcome(r.outcome);
        f.decision = inspection::parseDecision(r.decision);
        f.optedOut = r.optedOut;
        f.framesBeforeOptOut = r.framesBeforeOptOut;
        f.ageBand = store::parseAgeBand(r.ageBand);
        f.sex = store::parseSex(r.sex);
        f.capturedAtMs = r.capturedMs;
        f.decidedAtMs = r.decidedMs;
        if (r.timeToCaptureMs) {
            f.timeToCaptureMs = static_cast<double>(*r.timeToCaptureMs);
        }
        if (!r.caseState.empty()) {
            f.caseState = review::parseCaseState(r.caseState);
            f.resolution = review::parseResolution(r.resolution);
        }
        stats.add(f);
    }
    return stats.finish();
}

} // namespace portico::central
