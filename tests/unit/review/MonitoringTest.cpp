// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/Monitoring.h"
#include "ReviewTestSupport.h"
#include "review/DailyReport.h"
#include "review/ReviewQueue.h"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace portico;
using namespace portico::review;
using namespace portico::review::testing;
using inspection::Decision;
using inspection::Outcome;
using store::AgeBand;
using store::Sex;

namespace {

const GroupStats& group(const std::vector<GroupStats>& groups, const std::string& key) {
    for (const auto& g : groups) {
        if (g.key == key) {
            return g;
        }
    }
    FAIL("no group " << key);
    throw std::logic_error("unreachable");
}

/// The seeded day (hand-computed figures in the comments):
///  A  lane 1, 30-49, M: 60 attempts = 57 match + 3 no_match; capture → decision 1 s, 2 s, 3 s (20 each)
///  B  lane 2, 80+,   F: 20 attempts = 12 match + 6 no_match + 2 low_quality; one no_match referred
///  C  lane 1, 18-29, F: 20 attempts = 18 match + 1 no_match + 1 low_quality; 5 with time_to_capture_ms
///  D  lane 1, 0-13,  X:  5 attempts =  2 match + 3 no_match
///  E  lane 1, 50-64, M:  3 opt-outs
///  plus one no-show, and no_match records on the day before and the day after (all three excluded).
/// Review cases (auto): A 3, B 20 (age), C 2, D 5 (age) = 30. Resolved: B 6 non-matches confirmed (overturned),
/// 2 non-matches inconclusive, 2 matches confirmed; A 1 confirmed (overturned) + 2 not confirmed; C 2 not confirmed.
struct SeededDay {
    ReviewFixture f;
    ReviewQueue queue{f.db, f.crypto, f.inspections, f.auditLog, f.clock};
    Clock::TimePoint day = seededDayStart();
    int n = 0;

    std::optional<std::string> add(int lane, AgeBand band, Sex sex, Outcome outcome,
                                   Decision decision = Decision::Verified, std::optional<int> captureMs = {},
                                   std::optional<int> timeToCaptureMs = {}, Clock::TimePoint when = {}) {
        auto in = newInspection(outcome, band, sex);
        in.lane = lane;
        in.decision = decision;
        in.optedOut = decision == Decision::OptOut;
        in.decidedAt = when == Clock::TimePoint{} ? day + std::chrono::hours(9) + std::chrono::seconds(++n) : when;
        if (captureMs) {
            in.capturedAt = *in.decidedAt - std::chrono::milliseconds(*captureMs);
        }
        if (timeToCaptureMs) {
            in.details.timeToCaptureMs = *timeToCaptureMs;
        }
        auto r = record(f, in);
        REQUIRE(r.ok());
        return r->reviewCaseId;
    }

    void resolve(const std::optional<std::string>& caseId, Resolution res) {
        REQUIRE(caseId);
        REQUIRE(queue.claim(supervisor(), *caseId).ok());
        REQUIRE(queue.resolve(supervisor(), *caseId, res, "seeded finding").ok());
    }

    SeededDay() {
        for (int i = 0; i < 57; ++i) {
            add(1, AgeBand::Age30To49, Sex::Male, Outcome::Match, Decision::Verified, (i % 3 + 1) * 1000);
        }
        std::vector<std::optional<std::string>> aCases;
        for (int i = 57; i < 60; ++i) {
            aCases.push_back(
                add(1, AgeBand::Age30To49, Sex::Male, Outcome::NoMatch, Decision::Verified, (i % 3 + 1) * 1000));
        }
        resolve(aCases[0], Resolution::IdentityConfirmed);
        resolve(aCases[1], Resolution::NotConfirmedSecondary);
        resolve(aCases[2], Resolution::NotConfirmedSecondary);

        std::vector<std::optional<std::string>> bMatch;
        std::vector<std::optional<std::string>> bNonMatch;
        for (int i = 0; i < 12; ++i) {
            bMatch.push_back(add(2, AgeBand::Age80Plus, Sex::Female, Outcome::Match));
        }
        for (int i = 0; i < 6; ++i) {
            bNonMatch.push_back(add(2, AgeBand::Age80Plus, Sex::Female, Outcome::NoMatch,
                                    i == 0 ? Decision::Referred : Decision::Verified));
        }
        for (int i = 0; i < 2; ++i) {
            bNonMatch.push_back(add(2, AgeBand::Age80Plus, Sex::Female, Outcome::LowQuality));
        }
        for (int i = 0; i < 6; ++i) {
            resolve(bNonMatch[static_cast<std::size_t>(i)], Resolution::IdentityConfirmed);
        }
        resolve(bNonMatch[6], Resolution::Inconclusive);
        resolve(bNonMatch[7], Resolution::Inconclusive);
        resolve(bMatch[0], Resolution::IdentityConfirmed);
        resolve(bMatch[1], Resolution::IdentityConfirmed);

        const int ttc[] = {400, 100, 300, 500, 200};
        for (int i = 0; i < 18; ++i) {
            add(1, AgeBand::Age18To29, Sex::Female, Outcome::Match, Decision::Verified, {},
                i < 5 ? std::optional<int>(ttc[i]) : std::nullopt);
        }
        resolve(add(1, AgeBand::Age18To29, Sex::Female, Outcome::NoMatch), Resolution::NotConfirmedSecondary);
        resolve(add(1, AgeBand::Age18To29, Sex::Female, Outcome::LowQuality), Resolution::NotConfirmedSecondary);

        for (int i = 0; i < 2; ++i) {
            add(1, AgeBand::Age0To13, Sex::X, Outcome::Match);
        }
        for (int i = 0; i < 3; ++i) {
            add(1, AgeBand::Age0To13, Sex::X, Outcome::NoMatch);
        }
        for (int i = 0; i < 3; ++i) {
            add(1, AgeBand::Age50To64, Sex::Male, Outcome::None, Decision::OptOut);
        }
        add(1, AgeBand::Age30To49, Sex::Male, Outcome::None, Decision::NoShow);
        for (int i = 0; i < 5; ++i) {
            add(1, AgeBand::Age30To49, Sex::Male, Outcome::NoMatch, Decision::Verified, {}, {},
                day - std::chrono::milliseconds(1));
        }
        add(1, AgeBand::Age80Plus, Sex::Female, Outcome::NoMatch, Decision::Verified, {}, {},
            day + std::chrono::days(1));
    }
};

} // namespace

TEST_CASE("daily stats on a seeded store equal the hand-computed figures", "[unit][review]") {
    SeededDay s;
    Monitoring m(s.f.db);
    auto stats = m.daily(std::chrono::year(2026) / 11 / 23);
    REQUIRE(stats.ok());
    CHECK(stats->day == "2026-11-23");

    const OutcomeCounts& o = stats->overall;
    CHECK(o.processed == 108);
    CHECK(o.optOuts == 3);
    CHECK(o.attempts == 105);
    CHECK(o.matches == 89);
    CHECK(o.noMatches == 13);
    CHECK(o.lowQuality == 3);
    CHECK(o.ambiguous == 0);
    CHECK(o.referred == 1);
    CHECK(o.matchRate() == Approx(89.0 / 105.0));
    CHECK(o.noMatchRate() == Approx(13.0 / 105.0));
    CHECK(o.ftaRate() == Approx(3.0 / 105.0));
    CHECK(o.nonMatchRate() == Approx(16.0 / 105.0));
    CHECK(o.reviewCases == 30);
    CHECK(o.reviewOpen == 15);
    CHECK(o.reviewResolved == 15);
    CHECK(o.confirmed == 9);
    CHECK(o.notConfirmed == 4);
    CHECK(o.inconclusive == 2);
    CHECK(o.overturned == 7);
    CHECK(o.overturnRate() == Approx(7.0 / 15.0));

    REQUIRE(stats->perLane.size() == 2);
    CHECK(group(stats->perLane, "lane:1").counts.processed == 88);
    CHECK(group(stats->perLane, "lane:2").counts.processed == 20);

    REQUIRE(stats->perAgeBand.size() == 8);
    CHECK(stats->perAgeBand.front().key == "age:0-13");
    const auto& b80 = group(stats->perAgeBand, "age:80+").counts;
    CHECK(b80.attempts == 20);
    CHECK(b80.matches == 12);
    CHECK(b80.noMatches == 6);
    CHECK(b80.lowQuality == 2);
    CHECK(b80.nonMatchRate() == Approx(0.4));
    CHECK(b80.reviewCases == 20);
    CHECK(b80.reviewResolved == 10);
    CHECK(b80.overturned == 6);
    CHECK(b80.overturnRate() == Approx(0.6));
    const auto& b3049 = group(stats->perAgeBand, "age:30-49").counts;
    CHECK(b3049.processed == 60);
    CHECK(b3049.nonMatchRate() == Approx(0.05));
    CHECK(b3049.overturned == 1);
    const auto& b5064 = group(stats->perAgeBand, "age:50-64").counts;
    CHECK(b5064.processed == 3);
    CHECK(b5064.optOuts == 3);
    CHECK(b5064.attempts == 0);
    CHECK(group(stats->perAgeBand, "age:0-13").counts.nonMatchRate() == Approx(0.6));
    CHECK(group(stats->perAgeBand, "age:65-79").counts.processed == 0);
    CHECK(group(stats->perAgeBand, "age:unknown").counts.processed == 0);

    REQUIRE(stats->perSex.size() == 4);
    const auto& female = group(stats->perSex, "sex:F").counts;
    CHECK(female.attempts == 40);
    CHECK(female.nonMatchRate() == Approx(0.25));
    CHECK(group(stats->perSex, "sex:M").counts.processed == 63);
    CHECK(group(stats->perSex, "sex:X").counts.attempts == 5);

    // 80+: 0.40 > 2 × 16/105 = 0.305 → alarm. 0-13 (0.60) has only 5 attempts (< 20); F (0.25) and the overturn
    // rates (80+: 0.60 vs 2 × 7/15) stay under the line.
    REQUIRE(stats->alarms.size() == 1);
    const GroupAlarm& a = stats->alarms.front();
    CHECK(a.kind == AlarmKind::NonMatch);
    CHECK(a.key == "age:80+");
    CHECK(a.rate == Approx(0.4));
    CHECK(a.overall == Approx(16.0 / 105.0));
    CHECK(a.events == 8);
    CHECK(a.denominator == 20);

    CHECK(stats->capture.samples == 60);
    CHECK(stats->capture.captureToDecisionP50Ms == Approx(2000));
    CHECK(stats->capture.captureToDecisionP90Ms == Approx(3000));
    CHECK(stats->capture.timeToCaptureSamples == 5);
    CHECK(stats->capture.timeToCaptureP50Ms == Approx(300));
    CHECK(stats->capture.timeToCaptureP90Ms == Approx(500));

    SECTION("one lane") {
        StatsOptions lane2;
        lane2.lane = 2;
        auto l2 = m.daily(std::chrono::year(2026) / 11 / 23, lane2);
        REQUIRE(l2.ok());
        CHECK(l2->overall.processed == 20);
        CHECK(l2->overall.nonMatchRate() == Approx(0.4));
        CHECK(l2->alarms.empty()); // against its own lane's rate, 80+ is not an outlier
        CHECK(l2->perLane.size() == 1);
    }
    SECTION("the days around it") {
        auto before = m.daily(std::chrono::year(2026) / 11 / 22);
        REQUIRE(before.ok());
        CHECK(before->overall.processed == 5);
        CHECK(before->overall.noMatches == 5);
        auto after = m.daily(std::chrono::year(2026) / 11 / 24);
        REQUIRE(after.ok());
        CHECK(after->overall.processed == 1);
    }
    SECTION("the CSV carries the same numbers") {
        const std::string csv = dailyReportCsv(*stats);
        std::map<std::string, std::string> cells;
        std::istringstream lines(csv);
        std::string line;
        std::getline(lines, line);
        CHECK(line == "section,group,metric,value");
        while (std::getline(lines, line)) {
            const auto last = line.rfind(',');
            cells[line.substr(0, last)] = line.substr(last + 1);
        }
        CHECK(cells["report,all,day"] == "2026-11-23");
        CHECK(cells["overall,all,processed"] == "108");
        CHECK(cells["overall,all,opt_outs"] == "3");
        CHECK(cells["overall,all,match_rate"] == "0.8476");
        CHECK(cells["overall,all,no_match_rate"] == "0.1238");
        CHECK(cells["overall,all,failure_to_acquire_rate"] == "0.0286");
        CHECK(cells["overall,all,review_overturned"] == "7");
        CHECK(cells["lane,lane:2,processed"] == "20");
        CHECK(cells["age_band,age:80+,non_match_rate"] == "0.4000");
        CHECK(cells["age_band,age:80+,review_identity_confirmed"] == "8");
        CHECK(cells["sex,sex:F,attempts"] == "40");
        CHECK(cells["alarm,all,count"] == "1");
        CHECK(cells["alarm,age:80+,non_match_rate"] == "0.4000");
        CHECK(cells["capture,all,capture_to_decision_p50_ms"] == "2000");
        CHECK(cells["rule,all,min_attempts"] == "20");
    }
}

TEST_CASE("group alarms need enough data and a rate strictly above twice the overall", "[unit][review]") {
    DailyStats s;
    s.overall.attempts = 100;
    s.overall.noMatches = 10; // 0.10 → line at 0.20
    s.overall.reviewResolved = 40;
    s.overall.overturned = 8; // 0.20 → line at 0.40
    const auto g = [](std::string key, std::int64_t attempts, std::int64_t noMatches, std::int64_t resolved,
                      std::int64_t overturned) {
        GroupStats gs{std::move(key), {}};
        gs.counts.attempts = attempts;
        gs.counts.noMatches = noMatches;
        gs.counts.reviewResolved = resolved;
        gs.counts.overturned = overturned;
        return gs;
    };
    s.perAgeBand = {g("age:65-79", 20, 5, 0, 0),  // 0.25 with exactly the minimum 20 attempts → alarm
                    g("age:18-29", 19, 19, 0, 0), // 1.00 but 19 attempts → no
                    g("age:50-64", 30, 6, 0, 0),  // 0.20 = the line, not above → no
                    g("age:14-17", 20, 0, 0, 0), g("age:unknown", 50, 50, 50, 50)}; // missing data is never a group
    s.perSex = {g("sex:F", 0, 0, 10, 5), // overturn 0.50 > 0.40 with 10 resolved, 5 overturns → alarm
                g("sex:M", 0, 0, 9, 9),  // 9 resolved < 10 → no
                g("sex:X", 40, 2, 0, 0)};
    const auto alarms = Monitoring::judgeAlarms(s);
    REQUIRE(alarms.size() == 2);
    CHECK(alarms[0].kind == AlarmKind::NonMatch);
    CHECK(alarms[0].key == "age:65-79");
    CHECK(alarms[0].rate == Approx(0.25));
    CHECK(alarms[1].kind == AlarmKind::Overturn);
    CHECK(alarms[1].key == "sex:F");
    CHECK(alarms[1].overall == Approx(0.2));

    s.rule.factor = 3.0; // a stricter line silences both
    CHECK(Monitoring::judgeAlarms(s).empty());
}

TEST_CASE("days parse strictly", "[unit][review]") {
    CHECK(Monitoring::parseDay("2026-11-23").ok());
    CHECK(Monitoring::formatDay(*Monitoring::parseDay("2024-02-29")) == "2024-02-29");
    CHECK_FALSE(Monitoring::parseDay("2026-02-30").ok());
    CHECK_FALSE(Monitoring::parseDay("2026-1-23").ok());
    CHECK_FALSE(Monitoring::parseDay("23/11/2026").ok());
}
