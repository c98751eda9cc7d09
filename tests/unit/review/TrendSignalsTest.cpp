// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/TrendSignals.h"
#include "ReviewTestSupport.h"
#include "manifest/ManifestStore.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace portico;
using namespace portico::review;
using namespace portico::review::testing;

namespace {

int g_seq = 0;

manifest::ManifestEntry entry(const std::string& surname, const std::string& address, int dayOffset) {
    manifest::ManifestEntry e;
    e.appointmentId = "APT-" + std::to_string(++g_seq);
    e.travelerId = "TRV-" + std::to_string(g_seq);
    e.givenNames = "Given";
    e.surname = surname;
    e.dateOfBirth = "1980-01-01";
    e.sex = "F";
    e.intendedAddress = address;
    e.windowStart = seededDayStart() + std::chrono::days(dayOffset);
    e.windowEnd = e.windowStart + std::chrono::hours(2);
    e.status = "booked";
    return e;
}

/// Seeded: one address shared by 5 distinct surnames within 30 days, written five different ways (found); one by
/// 6 surnames over 20 days (found); and the near misses: 4 surnames; 1 surname × 5 travelers; 5 surnames spread
/// over 31+ days.
std::vector<manifest::ManifestEntry> seeded() {
    std::vector<manifest::ManifestEntry> v;
    v.push_back(entry("Abara", "12 Elm St., Apt 4", 0));
    v.push_back(entry("Baptiste", "12 ELM STREET APT 4", 3));
    v.push_back(entry("Chen", "12  elm  st apt. 4", 10));
    v.push_back(entry("Dubois", "12 Elm Street, Apartment 4", 20));
    v.push_back(entry("O'Neil", "12 elm st - apt 4", 29));
    for (int i = 0; i < 6; ++i) {
        v.push_back(entry("Fam" + std::to_string(i), "77 N Harbor Blvd", i * 4));
    }
    for (const char* s : {"Ives", "Jones", "Kato", "Lund"}) {
        v.push_back(entry(s, "9 Oak Ave", 1)); // only 4 surnames
    }
    for (int i = 0; i < 5; ++i) {
        v.push_back(entry(i % 2 ? "SMITH" : "Smith", "40 Pine Rd", i)); // one family name × 5
    }
    const int spread[] = {0, 8, 16, 24, 32}; // 5 surnames, but any 30-day span holds only 4
    for (int i = 0; i < 5; ++i) {
        v.push_back(entry("Wide" + std::to_string(i), "5 Cedar Ln", spread[i]));
    }
    v.push_back(entry("Nobody", "", 0)); // no address: ignored
    return v;
}

} // namespace

TEST_CASE("addresses normalise by case, spacing, punctuation and common abbreviations", "[unit][review]") {
    CHECK(normaliseAddress("12 Elm St., Apt 4") == "12 elm street apartment 4");
    CHECK(normaliseAddress("  12 ELM   STREET apartment 4 ") == "12 elm street apartment 4");
    CHECK(normaliseAddress("77 N. Harbor Blvd") == "77 north harbor boulevard");
    CHECK(normaliseAddress("St. Mary's Sq") == "street marys square");
    CHECK(normaliseAddress("12 Elm St") != normaliseAddress("12 Elm Rd"));
    CHECK(normaliseAddress("Calle Mayor 5, Móstoles") == "calle mayor 5 m\xc3\xb3stoles");
    CHECK(normaliseSurname("O'Neil") == normaliseSurname("ONEIL"));
    CHECK(normaliseSurname("Smith-Jones") == normaliseSurname("smith jones"));
}

TEST_CASE("the trend signal finds the seeded shared addresses and nothing else", "[unit][review]") {
    const auto trends = findAddressTrends(seeded());
    REQUIRE(trends.size() == 2);
    CHECK(trends[0].normalisedAddress == "12 elm street apartment 4");
    CHECK(trends[0].distinctSurnames == 5);
    CHECK(trends[0].travelers == 5);
    CHECK(trends[0].appointmentIds.size() == 5);
    CHECK(trends[0].firstWindowStart == seededDayStart());
    CHECK(trends[0].lastWindowStart == seededDayStart() + std::chrono::days(29));
    CHECK(trends[1].normalisedAddress == "77 north harbor boulevard");
    CHECK(trends[1].distinctSurnames == 6);

    SECTION("K is configurable") {
        TrendOptions k4;
        k4.minDistinctSurnames = 4;
        const auto more = findAddressTrends(seeded(), k4);
        std::vector<std::string> keys;
        for (const auto& t : more) {
            keys.push_back(t.normalisedAddress);
        }
        // 4 surnames now qualify (Oak; Cedar's spans hold 4); a single surname × 5 never does.
        CHECK(keys == std::vector<std::string>{"12 elm street apartment 4", "5 cedar lane", "77 north harbor boulevard",
                                               "9 oak avenue"});
        TrendOptions k6;
        k6.minDistinctSurnames = 6;
        REQUIRE(findAddressTrends(seeded(), k6).size() == 1);
        TrendOptions longWindow;
        longWindow.window = std::chrono::days(32);
        const auto wide = findAddressTrends(seeded(), longWindow);
        CHECK(std::any_of(wide.begin(), wide.end(),
                          [](const AddressTrend& t) { return t.normalisedAddress == "5 cedar lane"; }));
    }
}

TEST_CASE("the trend listing reads the manifest, is for supervisors only and writes nothing but its audit entry",
          "[unit][review]") {
    ReviewFixture f;
    manifest::ManifestStore manifests(f.db, f.crypto);
    manifest::Manifest m;
    m.port = "SYR";
    m.kind = manifest::ManifestKind::Full;
    m.version = 1;
    m.issuedAt = f.clock.now();
    m.expiresAt = f.clock.now() + std::chrono::days(2);
    m.entries = seeded();
    const store::Bytes sig(64, 7);
    REQUIRE(manifests.apply(m, sig, std::string(64, 'a'), f.clock.now()).ok());
    const auto entriesBefore = f.count("SELECT count(*) FROM manifest_entries");
    const auto changesBefore = f.count("SELECT total_changes()");

    TrendSignals trends(manifests, f.auditLog, f.clock);
    CHECK(trends.list(officer(), "SYR").code() == ErrorCode::Forbidden);
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'review.forbidden' AND actor = 'ofc.bob' AND "
                  "details LIKE '%trends%'") == 1);

    auto list = trends.list(supervisor(), "SYR");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 2);
    CHECK(list->at(0).distinctSurnames == 5);
    CHECK(f.count("SELECT count(*) FROM manifest_entries") == entriesBefore);
    // Only the two audit rows were written (each append is one INSERT).
    CHECK(f.count("SELECT total_changes()") - changesBefore == 2);
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'review.trends.view' AND details LIKE "
                  "'%\"addresses\":2%'") == 1);
    CHECK(f.count("SELECT count(*) FROM audit_log WHERE details LIKE '%elm%' OR details LIKE '%Abara%'") == 0);
}
