// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Demographics.h"

#include <catch2/catch.hpp>

using namespace portico;
using namespace portico::store;
using namespace std::chrono;

TEST_CASE("age bands are computed on the decision day from the date of birth", "[unit][review]") {
    const year_month_day today = year(2026) / 11 / 23;
    CHECK(ageBand("2012-11-24", today) == AgeBand::Age0To13);  // 13 until tomorrow
    CHECK(ageBand("2012-11-23", today) == AgeBand::Age14To17); // 14 today
    CHECK(ageBand("2008-11-24", today) == AgeBand::Age14To17);
    CHECK(ageBand("2008-11-23", today) == AgeBand::Age18To29);
    CHECK(ageBand("1996-11-23", today) == AgeBand::Age30To49);
    CHECK(ageBand("1976-11-23", today) == AgeBand::Age50To64);
    CHECK(ageBand("1961-11-23", today) == AgeBand::Age65To79);
    CHECK(ageBand("1946-11-24", today) == AgeBand::Age65To79); // 79 until tomorrow
    CHECK(ageBand("1946-11-23", today) == AgeBand::Age80Plus);
    CHECK(ageBand("2026-11-23", today) == AgeBand::Age0To13);
    CHECK(ageBand("2026-11-24", today) == AgeBand::Unknown); // born in the future
    CHECK(ageBand("", today) == AgeBand::Unknown);
    CHECK(ageBand("1990-02-30", today) == AgeBand::Unknown);
    CHECK(ageBand("90-01-01", today) == AgeBand::Unknown);
    CHECK(ageBand("1990/01/01", today) == AgeBand::Unknown);
    // The time-point overload uses the UTC day.
    CHECK(ageBand("2012-11-23", Clock::TimePoint(sys_days(today)) + hours(23)) == AgeBand::Age14To17);
    CHECK(ageBand("2012-11-23", Clock::TimePoint(sys_days(today)) - milliseconds(1)) == AgeBand::Age0To13);
}

TEST_CASE("band and sex names round-trip", "[unit][review]") {
    for (const AgeBand b : kAgeBands) {
        CHECK(parseAgeBand(ageBandName(b)) == b);
    }
    CHECK(ageBandName(AgeBand::Age80Plus) == "80+");
    CHECK(parseAgeBand("81") == AgeBand::Unknown);
    for (const Sex s : kSexes) {
        CHECK(parseSex(sexName(s)) == s);
    }
    CHECK(parseSex("f") == Sex::Female);
    CHECK(parseSex("") == Sex::Unknown);
    CHECK(parseSex("Q") == Sex::Unknown);
}
