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
