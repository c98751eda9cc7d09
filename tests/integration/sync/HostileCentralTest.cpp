// SPDX-License-Identifier: GPL-3.0-or-later
// A central service that lies, written from docs/api.md alone: every answer here is bytes on a real TCP socket on
// 127.0.0.1 (support/HostileServer), read by the station's real HTTP client, verifier, parser and sealed store.
// Whatever the server sends, the station keeps its previous manifest, stores nothing it was not signed for, and
// says why.
#include "HostileFixture.h"

#include <catch2/catch.hpp>

using namespace portico;
using portico::test::HostileServer;
using portico::test::HostileStation;
using portico::test::RawReply;

TEST_CASE("hostile central: a signed manifest with a key twice is refused, the previous one kept",
          "[integration][sync][hostile]") {
    HostileStation s;
    REQUIRE(s.applyGood(1));

    std::string body;
    std::string where;
    SECTION("'version' twice at the top: this parser would have taken the last") {
        body = s.manifestJson(2, 3).dump();
        body.insert(1, "\"version\":7,");
        where = "'version'";
    }
    SECTION("'family' twice inside one entry's names") {
        body = s.manifestJson(2, 3).dump();
        const auto at = body.find("\"family\":");
        REQUIRE(at != std::string::npos);
        body.insert(at, "\"family\":\"Other\",");
        where = "'family'";
    }
    s.serveManifest(body);
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains(where) && Catch::Contains("twice"));
    s.requirePreviousKept(1);
}

TEST_CASE("hostile central: duplicate appointment ids and impossible dates refuse the whole manifest",
          "[integration][sync][hostile]") {
    HostileStation s;
    REQUIRE(s.applyGood(1));

    auto doc = s.manifestJson(2, 4);
    std::string why;
    SECTION("the same appointment id twice (the second copy would win)") {
        doc["entries"][3]["appointment_id"] = doc["entries"][1]["appointment_id"];
        doc["entries"][3]["names"]["family"] = "Impostor";
        why = "entries[3].appointment_id: the same appointment as entries[1]";
    }
    SECTION("a date of birth on 30 February") {
        doc["entries"][2]["date_of_birth"] = "1999-02-30";
        why = "entries[2].date_of_birth: 1999-02-30 is not a calendar date";
    }
    SECTION("a document expiring on 31 April") {
        doc["entries"][0]["document"]["expiry"] = "2030-04-31";
        why = "entries[0].document.expiry";
    }
    SECTION("an appointment window starting on 30 February") {
        doc["entries"][1]["window"]["start"] = "2026-02-30T09:00:00Z";
        why = "entries[1].window.start";
    }
    SECTION("an appointment both in the entries and in the removals") {
        doc["kind"] = "delta";
        doc["base_version"] = 1;
        doc["removals"] = {doc["entries"][0]["appointment_id"]};
        why = "removals[0]: the appointment is also among the entries";
    }
    s.serveManifest(doc.dump());
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains(why));
    s.requirePreviousKept(1);
}
