// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/Monitoring.h"

#include "inspection/Record.h"
#include "review/ReviewCase.h"
#include "store/Demographics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace portico::review {

namespace {

double ratio(std::int64_t num, std::int64_t den) {
    return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

/// Nearest-rank percentile (p in (0, 1]) of unsorted values; nullopt when empty.
std::optional<double> percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return std::nullopt;
    }
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

using inspection::Decision;
using inspection::Outcome;

void add(OutcomeCounts& c, const InspectionFacts& r) {
    if (r.decision == Decision::NoShow) {
        return;
    }
    ++c.processed;
    if (r.decision == Decision::Abandoned) {
        ++c.abandoned;
    }
    if (r.optedOut) {
        ++c.optOuts;
        if (r.framesBeforeOptOut == 0) {
            ++c.optOutsBeforeAnalysis;
        }
    } else if (inspection::isBiometric(r.outcome)) {
        ++c.attempts;
        if (r.outcome == Outcome::Match) {
            ++c.matches;
        } else if (r.outcome == Outcome::NoMatch) {
            ++c.noMatches;
        } else if (r.outcome == Outcome::Ambiguous) {
            ++c.ambiguous;
        } else if (r.outcome == Outcome::LowQuality) {
            ++c.lowQuality;
        } else {
            ++c.unavailable;
        }
    }
    if (r.decision == Decision::Referred) {
        ++c.referred;
    }
    if (!r.caseState) {
        return;
    }
    ++c.reviewCases;
    if (*r.caseState != CaseState::Resolved) {
        ++c.reviewOpen;
        return;
    }
    ++c.reviewResolved;
    if (r.resolution == Resolution::IdentityConfirmed) {
        ++c.confirmed;
        if (r.outcome != Outcome::Match) {
            ++c.overturned; // a person confirmed the identity the matcher did not
        }
    } else if (r.resolution == Resolution::NotConfirmedSecondary) {
        ++c.notConfirmed;
        if (r.outcome == Outcome::Match) {
            ++c.overturned; // a person refused a match the matcher made
        }
    } else if (r.resolution == Resolution::Inconclusive) {
        ++c.inconclusive;
    }
}

} // namespace

double OutcomeCounts::matchRate() const {
    return ratio(matches, attempts);
}
double OutcomeCounts::noMatchRate() const {
    return ratio(noMatches, attempts);
}
double OutcomeCounts::ftaRate() const {
    return ratio(lowQuality, attempts);
}
double OutcomeCounts::nonMatchRate() const {
    return ratio(noMatches + lowQuality, attempts);
}
double OutcomeCounts::overturnRate() const {
    return ratio(overturned, reviewResolved);
}

std::string_view alarmKindName(AlarmKind kind) {
    switch (kind) {
    case AlarmKind::NonMatch:
        return "non_match";
    case AlarmKind::Overturn:
        return "overturn";
    case AlarmKind::Unknown:
        break;
    }
    return "unknown";
}

Result<std::chrono::year_month_day> Monitoring::parseDay(std::string_view text) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    const auto digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4)) ||
        !digits(text.substr(5, 2)) || !digits(text.substr(8, 2))) {
        return makeError(ErrorCode::InvalidArgument, "a day is written YYYY-MM-DD");
    }
    std::from_chars(text.data(), text.data() + 4, y);
    std::from_chars(text.data() + 5, text.data() + 7, m);
    std::from_chars(text.data() + 8, text.data() + 10, d);
    const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!day.ok()) {
        return makeError(ErrorCode::InvalidArgument, "no such day: " + std::string(text));
    }
    return day;
}

std::string Monitoring::formatDay(std::chrono::year_month_day day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                  static_cast<unsigned>(day.day()));
    return buf;
}

std::vector<GroupAlarm> Monitoring::judgeAlarms(const DailyStats& stats) {
    std::vector<GroupAlarm> alarms;
    const AlarmRule& rule = stats.rule;
    const double overallNonMatch = stats.overall.nonMatchRate();
    const double overallOverturn = stats.overall.overturnRate();
    const auto judge = [&](const GroupStats& g) {
        if (g.key.ends_with(":unknown")) {
            return; // not a group of travelers, only missing data
        }
        const OutcomeCounts& c = g.counts;
        const std::int64_t nonMatches = c.noMatches + c.lowQuality;
        if (c.attempts >= rule.minAttempts && nonMatches >= rule.minNonMatches && overallNonMatch > 0.0 &&
            c.nonMatchRate() > rule.factor * overallNonMatch) {
            alarms.push_back({AlarmKind::NonMatch, g.key, c.nonMatchRate(), overallNonMatch, nonMatches, c.attempts});
        }
        if (c.reviewResolved >= rule.minResolved && c.overturned >= rule.minOverturns && overallOverturn > 0.0 &&
            c.overturnRate() > rule.factor * overallOverturn) {
            alarms.push_back(
                {AlarmKind::Overturn, g.key, c.overturnRate(), overallOverturn, c.overturned, c.reviewResolved});
        }
    };
    std::for_each(stats.perAgeBand.begin(), stats.perAgeBand.end(), judge);
    std::for_each(stats.perSex.begin(), stats.perSex.end(), judge);
    return alarms;
}

DailyStatsBuilder::DailyStatsBuilder(std::chrono::year_month_day day, std::string port, std::optional<int> lane,
                                     AlarmRule rule) {
    m_out.day = Monitoring::formatDay(day);
    m_out.port = std::move(port);
    m_out.lane = lane;
    m_out.rule = rule;
}

void DailyStatsBuilder::add(const InspectionFacts& r) {
    review::add(m_out.overall, r);
    review::add(m_lanes[r.lane], r);
    review::add(m_bands[r.ageBand], r);
    review::add(m_sexes[r.sex], r);
    if (r.decision == Decision::NoShow) {
        return;
    }
    if (r.capturedAtMs) {
        const double ms = static_cast<double>(r.decidedAtMs - *r.capturedAtMs);
        if (ms >= 0) {
            m_captureToDecision.push_back(ms);
        }
    }
    if (r.timeToCaptureMs && *r.timeToCaptureMs >= 0) {
        m_timeToCapture.push_back(*r.timeToCaptureMs);
    }
}

DailyStats DailyStatsBuilder::finish() {
    DailyStats out = m_out;
    for (const auto& [lane, counts] : m_lanes) {
        out.perLane.push_back({"lane:" + std::to_string(lane), counts});
    }
    for (const auto band : store::kAgeBands) {
        out.perAgeBand.push_back({"age:" + std::string(store::ageBandName(band)), m_bands[band]});
    }
    out.perAgeBand.push_back({"age:unknown", m_bands[store::AgeBand::Unknown]});
    for (const auto sex : store::kSexes) {
        out.perSex.push_back({"sex:" + std::string(store::sexName(sex)), m_sexes[sex]});
    }
    out.perSex.push_back({"sex:unknown", m_sexes[store::Sex::Unknown]});
    out.capture.samples = static_cast<std::int64_t>(m_captureToDecision.size());
    out.capture.captureToDecisionP50Ms = percentile(m_captureToDecision, 0.5);
    out.capture.captureToDecisionP90Ms = percentile(m_captureToDecision, 0.9);
    out.capture.timeToCaptureSamples = static_cast<std::int64_t>(m_timeToCapture.size());
    out.capture.timeToCaptureP50Ms = percentile(m_timeToCapture, 0.5);
    out.capture.timeToCaptureP90Ms = percentile(m_timeToCapture, 0.9);
    out.alarms = Monitoring::judgeAlarms(out);
    return out;
}

Result<DailyStats> Monitoring::daily(std::chrono::year_month_day day, const StatsOptions& options) {
    if (!day.ok()) {
        return makeError(ErrorCode::InvalidArgument, "invalid day");
    }
    const Clock::TimePoint from{std::chrono::sys_days(day)};
    const Clock::TimePoint to = from + std::chrono::days(1);

    std::string sql = "SELECT i.lane, i.outcome, i.decision, i.opted_out, i.age_band, i.sex, i.captured_at_ms, "
                      "i.decided_at_ms, json_extract(i.details_json, '$.time_to_capture_ms'), c.state, c.resolution, "
                      "json_extract(i.details_json, '$.frames_analysed_before_opt_out') "
                      "FROM inspections i LEFT JOIN review_cases c ON c.inspection_id = i.id "
                      "WHERE i.decided_at_ms >= ?1 AND i.decided_at_ms < ?2";
    if (options.port) {
        sql += " AND i.port = ?3";
    }
    if (options.lane) {
        sql += " AND i.lane = ?4";
    }
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    st->bind(1, store::toMs(from)).bind(2, store::toMs(to));
    if (options.port) {
        st->bind(3, *options.port);
    }
    if (options.lane) {
        st->bind(4, *options.lane);
    }
    DailyStatsBuilder stats(day, options.port.value_or(""), options.lane, options.rule);
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        InspectionFacts r;
        r.lane = static_cast<int>(st->columnInt64(0));
        r.outcome = inspection::parseOutcome(st->columnText(1));
        r.decision = inspection::parseDecision(st->columnText(2));
        r.optedOut = st->columnInt64(3) != 0;
        r.ageBand = store::parseAgeBand(st->columnText(4));
        r.sex = store::parseSex(st->columnText(5));
        r.capturedAtMs = st->columnOptInt64(6);
        r.decidedAtMs = st->columnInt64(7);
        r.timeToCaptureMs = st->columnOptDouble(8);
        if (const auto state = st->columnOptText(9)) {
            r.caseState = parseCaseState(*state);
        }
        r.resolution = parseResolution(st->columnOptText(10).value_or(""));
        r.framesBeforeOptOut = st->columnOptInt64(11);
        stats.add(r);
    }
    return stats.finish();
}

} // namespace portico::review
