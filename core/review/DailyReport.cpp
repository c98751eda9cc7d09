// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/DailyReport.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace portico::review {

namespace {

std::string rate(double r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", r);
    return buf;
}

std::string ms(const std::optional<double>& v) {
    if (!v) {
        return "";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", *v);
    return buf;
}

void addCounts(std::vector<ReportRow>& rows, const std::string& section, const std::string& group,
               const OutcomeCounts& c) {
    const auto n = [&](const char* metric, std::int64_t v) {
        rows.push_back({section, group, metric, std::to_string(v)});
    };
    const auto r = [&](const char* metric, double v) { rows.push_back({section, group, metric, rate(v)}); };
    n("processed", c.processed);
    n("opt_outs", c.optOuts);
    n("opt_outs_before_analysis", c.optOutsBeforeAnalysis);
    n("abandoned", c.abandoned);
    n("attempts", c.attempts);
    n("matches", c.matches);
    n("no_matches", c.noMatches);
    n("ambiguous", c.ambiguous);
    n("failures_to_acquire", c.lowQuality);
    n("unavailable", c.unavailable);
    n("officer_referrals", c.referred);
    r("match_rate", c.matchRate());
    r("no_match_rate", c.noMatchRate());
    r("failure_to_acquire_rate", c.ftaRate());
    r("non_match_rate", c.nonMatchRate());
    n("review_cases", c.reviewCases);
    n("review_unresolved", c.reviewOpen);
    n("review_resolved", c.reviewResolved);
    n("review_identity_confirmed", c.confirmed);
    n("review_not_confirmed_secondary", c.notConfirmed);
    n("review_inconclusive", c.inconclusive);
    n("review_overturned", c.overturned);
    r("review_overturn_rate", c.overturnRate());
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

} // namespace

std::vector<ReportRow> dailyReportRows(const DailyStats& stats) {
    std::vector<ReportRow> rows;
    rows.push_back({"report", "all", "day", stats.day});
    rows.push_back({"report", "all", "port", stats.port.empty() ? "all" : stats.port});
    rows.push_back({"report", "all", "lane", stats.lane ? std::to_string(*stats.lane) : "all"});
    addCounts(rows, "overall", "all", stats.overall);
    for (const auto& g : stats.perLane) {
        addCounts(rows, "lane", g.key, g.counts);
    }
    for (const auto& g : stats.perAgeBand) {
        addCounts(rows, "age_band", g.key, g.counts);
    }
    for (const auto& g : stats.perSex) {
        addCounts(rows, "sex", g.key, g.counts);
    }
    rows.push_back({"alarm", "all", "count", std::to_string(stats.alarms.size())});
    for (const auto& a : stats.alarms) {
        const std::string kind(alarmKindName(a.kind));
        rows.push_back({"alarm", a.key, kind + "_rate", rate(a.rate)});
        rows.push_back({"alarm", a.key, kind + "_overall_rate", rate(a.overall)});
        rows.push_back({"alarm", a.key, kind + "_events", std::to_string(a.events)});
        rows.push_back({"alarm", a.key, kind + "_denominator", std::to_string(a.denominator)});
    }
    const auto& c = stats.capture;
    rows.push_back({"capture", "all", "capture_to_decision_samples", std::to_string(c.samples)});
    rows.push_back({"capture", "all", "capture_to_decision_p50_ms", ms(c.captureToDecisionP50Ms)});
    rows.push_back({"capture", "all", "capture_to_decision_p90_ms", ms(c.captureToDecisionP90Ms)});
    rows.push_back({"capture", "all", "time_to_capture_samples", std::to_string(c.timeToCaptureSamples)});
    rows.push_back({"capture", "all", "time_to_capture_p50_ms", ms(c.timeToCaptureP50Ms)});
    rows.push_back({"capture", "all", "time_to_capture_p90_ms", ms(c.timeToCaptureP90Ms)});
    const auto& rule = stats.rule;
    char factor[32];
    std::snprintf(factor, sizeof factor, "%.2f", rule.factor);
    rows.push_back({"rule", "all", "alarm_factor", factor});
    rows.push_back({"rule", "all", "min_attempts", std::to_string(rule.minAttempts)});
    rows.push_back({"rule", "all", "min_non_matches", std::to_string(rule.minNonMatches)});
    rows.push_back({"rule", "all", "min_resolved", std::to_string(rule.minResolved)});
    rows.push_back({"rule", "all", "min_overturns", std::to_string(rule.minOverturns)});
    return rows;
}

std::string dailyReportCsv(const DailyStats& stats) {
    std::string out = "section,group,metric,value\n";
    for (const auto& r : dailyReportRows(stats)) {
        out +=
            csvField(r.section) + "," + csvField(r.group) + "," + csvField(r.metric) + "," + csvField(r.value) + "\n";
    }
    return out;
}

Status auditReportExport(store::AuditSink& audit, const Clock& clock, const std::string& actor, const DailyStats& stats,
                         const std::vector<std::string>& formats) {
    nlohmann::json details = {{"day", stats.day},
                              {"port", stats.port},
                              {"formats", formats},
                              {"processed", stats.overall.processed},
                              {"alarms", stats.alarms.size()}};
    if (stats.lane) {
        details["lane"] = *stats.lane;
    }
    return audit.append({clock.now(), actor.empty() ? "unknown" : actor, "report.export", stats.day, details.dump()});
}

} // namespace portico::review
