// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/Retention.h"

#include <catch2/catch.hpp>

using namespace portico;
using namespace portico::policy;
using namespace std::chrono_literals;

namespace {
Clock::TimePoint at(std::chrono::milliseconds ms) {
    return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(ms));
}
RetentionItem insp(const char* id, bool citizen, bool optedOut, Clock::TimePoint decided,
                   std::optional<Clock::TimePoint> ack = {}) {
    RetentionItem it;
    it.category = RetentionCategory::InspectionBiometrics;
    it.id = id;
    it.citizen = citizen;
    it.optedOut = optedOut;
    it.decidedAt = decided;
    it.acknowledgedAt = ack;
    return it;
}
} // namespace

TEST_CASE("Default policy: citizens' biometrics are due at decision time", "[unit][policy]") {
    const auto t0 = at(1000000s);
    RetentionPolicy p;
    const auto set = computePurgeSet({insp("c", true, false, t0), insp("v", false, false, t0)}, t0, p);
    CHECK(set.inspectionBiometrics == std::vector<std::string>{"c"});
    CHECK(computePurgeSet({insp("c", true, false, t0)}, t0 - 1ms, p).total() == 0);
}

TEST_CASE("Citizen window, opt-outs, non-citizen grace after acknowledgement", "[unit][policy]") {
    const auto t0 = at(1000000s);
    RetentionPolicy p;
    p.citizenBiometricsMaxAge = 12h;
    p.nonCitizenGraceAfterAck = 1h;
    std::vector<RetentionItem> items = {insp("c", true, false, t0), insp("o", false, true, t0),
                                        insp("unacked", false, false, t0),
                                        insp("acked", false, false, t0, t0 + 11h + 30min)};
    auto before = computePurgeSet(items, t0 + 12h - 1ms, p);
    CHECK(before.inspectionBiometrics == std::vector<std::string>{"o"});
    auto after = computePurgeSet(items, t0 + 12h, p);
    CHECK(after.inspectionBiometrics == std::vector<std::string>{"c", "o"});
    auto late = computePurgeSet(items, t0 + 12h + 30min, RetentionPolicy{0ms, 1h, 0ms});
    CHECK(late.inspectionBiometrics == std::vector<std::string>{"c", "o", "acked"});
    auto never = computePurgeSet({insp("unacked", false, false, t0)}, t0 + 10000h, p);
    CHECK(never.total() == 0);
}

TEST_CASE("Manifest photos after the window, unknown windows kept", "[unit][policy]") {
    const auto end = at(5000000s);
    RetentionItem ph;
    ph.category = RetentionCategory::ManifestPhoto;
    ph.id = "p";
    ph.windowEnd = end;
    RetentionItem tm = ph;
    tm.category = RetentionCategory::ManifestTemplate;
    tm.id = "t";
    RetentionItem unknown;
    unknown.category = RetentionCategory::ManifestPhoto;
    unknown.id = "u";
    RetentionPolicy p;
    CHECK(computePurgeSet({ph, tm, unknown}, end - 1ms, p).total() == 0);
    const auto set = computePurgeSet({ph, tm, unknown}, end, p);
    CHECK(set.manifestPhotos == std::vector<std::string>{"p"});
    CHECK(set.manifestTemplates == std::vector<std::string>{"t"});
}

TEST_CASE("Policy validation and parsing", "[unit][policy]") {
    RetentionPolicy p;
    p.citizenBiometricsMaxAge = 12h + 1s;
    CHECK(p.validate().code() == ErrorCode::ConfigInvalid);
    auto ok = parseRetentionPolicy(R"({"citizen_biometrics_max_age_s": 3600, "non_citizen_grace_after_ack_s": 60})");
    REQUIRE(ok.ok());
    CHECK(ok->citizenBiometricsMaxAge == 1h);
    CHECK(ok->nonCitizenGraceAfterAck == 60s);
    CHECK(parseRetentionPolicy(R"({"citizen_biometrics_max_age_s": 50000})").code() == ErrorCode::ConfigInvalid);
    auto typo = parseRetentionPolicy(R"({"citizen_max": 1})");
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().detail.find("citizen_max") != std::string::npos);
    CHECK_FALSE(parseRetentionPolicy(R"({"non_citizen_grace_after_ack_s": -1})").ok());
}

TEST_CASE("central keeps a case's live capture at most 30 days after the decision, and never a citizen's",
          "[unit][policy]") {
    using namespace std::chrono_literals;
    const Clock::TimePoint decided{std::chrono::hours(24 * 20000)};
    CHECK(policy::caseEvidenceDeadline(false, false, decided, 24h) == decided + 24h);
    CHECK(policy::caseEvidenceDeadline(false, false, decided, std::chrono::hours(24 * 365)) ==
          decided + policy::kCaseEvidenceMaxAge); // a longer setting is capped
    CHECK(policy::caseEvidenceDeadline(false, false, decided, -1h) == decided);
    CHECK_FALSE(policy::caseEvidenceDeadline(true, false, decided, 24h));
    CHECK_FALSE(policy::caseEvidenceDeadline(false, true, decided, 24h));
}
