// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReviewTestSupport.h"
#include "manifest/ManifestStore.h"
#include "review/DailyReport.h"
#include "review/Monitoring.h"
#include "support/ChildProcess.h"

#include <catch2/catch.hpp>

#include <map>
#include <sstream>

using namespace portico;
using namespace portico::review;
using namespace portico::review::testing;

namespace {

struct Traveler {
    const char* given;
    const char* surname;
    const char* document;
    const char* address;
};

// Personal data the report must never carry. Every one of these is in the store (sealed or plain) before export.
const Traveler kTravelers[] = {
    {"Quilla", "Vantreight", "X9Q4471Z2", "14 Wrenfield Close"},
    {"Osvaldo", "Pemberhollow", "K7T2208M5", "3 Quarry Lane"},
    {"Ilse", "Marchbanks", "P5L9930C1", "88 Harbor Blvd"},
    {"Tomasz", "Ravelstoke", "D2H6615R8", "14 Wrenfield Close"},
};

store::Bytes photoBytes(int i) {
    store::Bytes b = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
    for (int k = 0; k < 2000; ++k) {
        b.push_back(static_cast<std::uint8_t>((k * 37 + i * 11) & 0xff));
    }
    b.push_back(0xFF);
    b.push_back(0xD9);
    return b;
}

store::Bytes templateBytes(int i) {
    store::Bytes b;
    for (int k = 0; k < 512; ++k) {
        b.push_back(static_cast<std::uint8_t>((k * 131 + i * 7 + 3) & 0xff));
    }
    return b;
}

std::size_t occurrences(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("portico-cli report writes aggregates only, as CSV and PDF, and audits the export", "[integration][review]") {
    ReviewFixture f;
    manifest::ManifestStore manifests(f.db, f.crypto);
    manifest::Manifest m;
    m.port = "SYR";
    m.kind = manifest::ManifestKind::Full;
    m.version = 3;
    m.issuedAt = f.clock.now();
    m.expiresAt = f.clock.now() + std::chrono::days(1);
    int i = 0;
    for (const auto& t : kTravelers) {
        manifest::ManifestEntry e;
        e.appointmentId = "APPT-7Y" + std::to_string(++i) + "QX";
        e.travelerId = "TRAV-" + std::to_string(i);
        e.givenNames = t.given;
        e.surname = t.surname;
        e.dateOfBirth = i == 1 ? "1939-05-02" : "1985-07-14";
        e.sex = i % 2 ? "F" : "M";
        e.documentNumber = t.document;
        e.intendedAddress = t.address;
        e.windowStart = f.clock.now();
        e.windowEnd = f.clock.now() + std::chrono::hours(1);
        m.entries.push_back(e);
    }
    REQUIRE(manifests.apply(m, store::Bytes(64, 1), std::string(64, 'b'), f.clock.now()).ok());

    const inspection::Outcome outcomes[] = {inspection::Outcome::NoMatch, inspection::Outcome::Match,
                                            inspection::Outcome::Match, inspection::Outcome::LowQuality};
    std::vector<store::Bytes> templates;
    for (int k = 0; k < 4; ++k) {
        auto in = newInspection(outcomes[k], k == 0 ? store::AgeBand::Age80Plus : store::AgeBand::Age30To49,
                                k % 2 ? store::Sex::Male : store::Sex::Female);
        in.appointmentId = m.entries[static_cast<std::size_t>(k)].appointmentId;
        in.decidedAt = seededDayStart() + std::chrono::hours(10 + k);
        in.capturedAt = *in.decidedAt - std::chrono::seconds(2);
        in.capturePhoto = photoBytes(k);
        in.captureTemplate = templateBytes(k);
        templates.push_back(in.captureTemplate);
        in.details.note = std::string(kTravelers[k].surname) + " looked nervous";
        REQUIRE(record(f, in).ok());
    }

    const auto csvPath = f.tmp.path() / "report.csv";
    const auto pdfPath = f.tmp.path() / "report.pdf";
    const auto [status, out] =
        test::runCommand(test::cliExe().string(), {"report", "--db", f.dbPath.string(), "--day", "2026-11-23", "--pdf",
                                                   pdfPath.string(), "--csv", csvPath.string(), "--actor", "sup.ada"});
    INFO(out);
    REQUIRE(status == 0);

    const std::string csv = readAll(csvPath);
    const std::string pdf = readAll(pdfPath);
    REQUIRE(pdf.size() > 1000);
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK(pdf.find("%%EOF") != std::string::npos);

    // The CSV's figures are the seeded ones.
    std::map<std::string, std::string> cells;
    std::istringstream lines(csv);
    std::string line;
    while (std::getline(lines, line)) {
        const auto last = line.rfind(',');
        cells[line.substr(0, last)] = line.substr(last + 1);
    }
    CHECK(cells["overall,all,processed"] == "4");
    CHECK(cells["overall,all,matches"] == "2");
    CHECK(cells["overall,all,match_rate"] == "0.5000");
    CHECK(cells["overall,all,failure_to_acquire_rate"] == "0.2500");
    CHECK(cells["overall,all,review_cases"] == "2");
    CHECK(cells["age_band,age:80+,no_matches"] == "1");
    CHECK(cells["sex,sex:F,attempts"] == "2");
    CHECK(cells["capture,all,capture_to_decision_p50_ms"] == "2000");

    // Nothing personal or biometric in either file.
    for (const std::string* file : {&csv, &pdf}) {
        for (const auto& t : kTravelers) {
            for (const std::string needle : {t.given, t.surname, t.document, t.address}) {
                INFO(needle);
                CHECK(occurrences(*file, needle) == 0);
            }
        }
        for (const auto& e : m.entries) {
            CHECK(occurrences(*file, e.appointmentId) == 0);
            CHECK(occurrences(*file, e.travelerId) == 0);
        }
        CHECK(occurrences(*file, "1939-05-02") == 0);
        CHECK(occurrences(*file, "ofc.bob") == 0);
        CHECK(occurrences(*file, "\xFF\xD8\xFF\xE0") + occurrences(*file, "\xFF\xD8\xFF\xE1") == 0); // JPEG SOI+APPn
        CHECK(occurrences(*file, "\x89PNG\r\n\x1A\n") == 0);                                         // PNG signature
        CHECK(occurrences(*file, "JFIF") == 0);
        CHECK(occurrences(*file, "/DCTDecode") == 0); // no JPEG image stream in the PDF
        CHECK(occurrences(*file, "/Subtype /Image") + occurrences(*file, "/Subtype/Image") == 0);
        for (const auto& t : templates) {
            CHECK(occurrences(*file, std::string(t.begin() + 100, t.begin() + 124)) == 0);
        }
    }
    // The scan is not vacuous: the same needles are found where they do live.
    CHECK(countInTree(f.tmp.path(), m.entries[0].appointmentId) > 0); // a plain column of the store
    // The officer's note names a traveler: sealed in the store (officer_note), so nowhere on disk in the clear.
    CHECK(countInTree(f.tmp.path(), kTravelers[0].surname) == 0);

    CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'report.export' AND actor = 'sup.ada' AND "
                  "object_ref = '2026-11-23' AND details LIKE '%pdf%' AND details LIKE '%csv%'") == 1);

    SECTION("bad input is refused without an export") {
        const auto [bad, badOut] =
            test::runCommand(test::cliExe().string(), {"report", "--db", f.dbPath.string(), "--day", "2026-13-01",
                                                       "--csv", (f.tmp.path() / "x.csv").string()});
        CHECK(bad != 0);
        CHECK_FALSE(std::filesystem::exists(f.tmp.path() / "x.csv"));
        CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'report.export'") == 1);
    }
}
