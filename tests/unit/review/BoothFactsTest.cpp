// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReviewTestSupport.h"
#include "booth/BoothSession.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using namespace portico;
using namespace portico::review::testing;

TEST_CASE("the booth records the age band and sex from the manifest entry, never the date of birth", "[unit][review]") {
    ReviewFixture f; // the clock stands at 2026-11-23T08:00Z
    booth::BoothSession session(f.inspections, f.clock, {"SYR", 3, {}});
    session.setOfficer("ofc.bob");

    manifest::ManifestEntry elder;
    elder.appointmentId = "APT-80";
    elder.dateOfBirth = "1946-11-23"; // 80 today
    elder.sex = "F";
    elder.citizenship = "visitor";
    session.setTraveler(booth::travelerRefFor(elder));
    match::Outcome noMatch;
    noMatch.result = match::NoMatch{};
    noMatch.reasons = {match::ReasonCode::NoMatch};
    session.setOutcome(noMatch);
    auto rec = session.decide(inspection::Decision::Verified);
    REQUIRE(rec.ok());
    auto row = f.inspections.get(rec->id);
    REQUIRE(row.ok());
    CHECK(row->ageBand == store::AgeBand::Age80Plus);
    CHECK(row->sex == store::Sex::Female);
    REQUIRE(rec->reviewCaseId);
    {
        auto st = f.db.prepare("SELECT reasons FROM review_cases WHERE id = ?1");
        REQUIRE(st.ok());
        st->bind(1, *rec->reviewCaseId);
        REQUIRE(st->step().valueOr(false));
        CHECK(nlohmann::json::parse(st->columnText(0)) == nlohmann::json({"no_match", "age_over_79"}));
    }

    manifest::ManifestEntry teen;
    teen.appointmentId = "APT-13";
    teen.dateOfBirth = "2012-11-24"; // 13 until tomorrow
    teen.sex = "unspecified";
    session.setTraveler(booth::travelerRefFor(teen));
    auto rec2 = session.decide(inspection::Decision::Verified);
    REQUIRE(rec2.ok());
    CHECK(f.inspections.get(rec2->id)->ageBand == store::AgeBand::Age0To13);
    CHECK(f.inspections.get(rec2->id)->sex == store::Sex::Unknown);
    CHECK_FALSE(rec2->reviewCaseId); // no biometric outcome: nothing for a supervisor to compare

    // {appointment, citizen} still works and records unknown facts.
    session.setTraveler({"APT-X", false});
    auto rec3 = session.decide(inspection::Decision::Verified);
    REQUIRE(rec3.ok());
    CHECK(f.inspections.get(rec3->id)->ageBand == store::AgeBand::Unknown);

    REQUIRE(f.db.checkpointTruncate().ok());
    CHECK(countInTree(f.tmp.path(), "1946-11-23") == 0);
    CHECK(countInTree(f.tmp.path(), "2012-11-24") == 0);
    CHECK(f.count("SELECT count(*) FROM inspections WHERE age_band = '80+' AND sex = 'F'") == 1);
}
