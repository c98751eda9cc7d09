// SPDX-License-Identifier: GPL-3.0-or-later
// A central service that lies, written from docs/api.md alone: every answer here is bytes on a real TCP socket on
// 127.0.0.1 (support/HostileServer), read by the station's real HTTP client, verifier, parser and sealed store.
// Whatever the server sends, the station keeps its previous manifest, stores nothing it was not signed for, and
// says why.
#include "HostileFixture.h"
#include "net/UrlPath.h"

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

TEST_CASE("hostile central: photo ids outside the grammar are refused before anything is stored or requested",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    REQUIRE(s.applyGood(1));
    const auto before = s.server->requests().size();

    const std::string id =
        GENERATE(as<std::string>{}, "../../v1/inspections", "..%2F..%2Fetc%2Fpasswd", "a/b", "ph-1\r\nX-Injected: yes",
                 "ph-1?since=0", "ph-1#frag", "ph-\xC3\xA9t\xC3\xA9", "..", std::string(65, 'a'));
    INFO("photo id: " << id);
    auto doc = s.manifestJson(2, 3);
    doc["entries"][1]["photo_ids"] = {id};
    s.serveManifest(doc.dump());
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains("entries[1].photo_ids[0]: not a photo id"));
    s.requirePreviousKept(1);
    // Only manifest requests reached the server: no URL was ever built from the bad id.
    const auto requests = s.server->requests();
    for (size_t i = before; i < requests.size(); ++i) {
        CHECK_THAT(requests[i].target, Catch::StartsWith("/v1/ports/SYS/manifest"));
    }
}

TEST_CASE("request URLs are built with percent-encoding: a value never changes the path, query or headers",
          "[integration][sync][hostile]") {
    CHECK(net::percentEncode("ph-000006-1") == "ph-000006-1");
    CHECK(net::percentEncode("../a b/%2F?#\r\n\xC3\xA9") == "..%2Fa%20b%2F%252F%3F%23%0D%0A%C3%A9");
    CHECK(net::percentEncode("..") == "%2E%2E");
    CHECK(net::urlPath({net::literal("v1"), net::literal("photos"), net::value("a/b")}) == "/v1/photos/a%2Fb");

    // Over the wire: a port code that is not one is sent encoded, as one path segment.
    HostileStation s;
    s.options.port = "S Y/../x?since=0";
    auto odd = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    (void)odd->syncOnce();
    auto requests = s.server->requests();
    REQUIRE_FALSE(requests.empty());
    CHECK(requests.front().target == "/v1/ports/S%20Y%2F..%2Fx%3Fsince%3D0/manifest");

    // And a raw path with CR LF never leaves the client.
    auto raw = s.http->send({net::HttpMethod::Get, "/v1/photos/a\r\nX-Injected: yes", {}, {}, "", false});
    REQUIRE_FALSE(raw);
    CHECK(raw.code() == ErrorCode::InvalidArgument);
    CHECK(s.server->requests().size() == requests.size());
}

TEST_CASE("hostile central: a photo that is not the one its signed entry hashes is refused, reported, never stored",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    s.sync = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    const auto doc = s.manifestJson(1, 3);
    const std::string right0 = s.photoBytes(0);
    const std::string right1 = s.photoBytes(1);
    const std::string right2 = s.photoBytes(2);
    const std::string signed1 = doc["entries"][1]["photo_sha256"][0].get<std::string>();
    const auto jpeg = [](std::string body, std::string etag) {
        return HostileServer::reply(200, {{"Content-Type", "image/jpeg"}, {"ETag", "\"" + etag + "\""}},
                                    std::move(body));
    };
    s.servePhoto("ph-0", jpeg(right0, doc["entries"][0]["photo_sha256"][0].get<std::string>()));
    // Swapped at rest on the server: another traveler's photo, with the ETag the signed entry expects.
    s.servePhoto("ph-1", jpeg(s.photoBytes(5), signed1));
    // Changed in transit: one byte of the right photo flipped.
    std::string flipped = right2;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
    s.servePhoto("ph-2", jpeg(flipped, doc["entries"][2]["photo_sha256"][0].get<std::string>()));
    s.serveManifest(doc.dump());

    auto r = s.syncOnce();
    REQUIRE(r);
    CHECK(r->photosFetched == 1);
    CHECK(r->photosRefused == 2);
    const auto status = s.sync->status();
    CHECK(status.photosRefused == 2);
    REQUIRE(status.lastPhotoError);
    CHECK(status.lastPhotoError->code == ErrorCode::ChecksumMismatch);
    CHECK_THAT(status.lastPhotoError->detail, Catch::Contains("signed entry"));
    // Nothing the officer could be shown or the gallery could enrol.
    CHECK_FALSE(s.cache.photo("ph-1")->has_value());
    CHECK_FALSE(s.cache.photo("ph-2")->has_value());
    auto good = s.cache.photo("ph-0");
    REQUIRE(good);
    REQUIRE(good->has_value());
    CHECK(std::string((*good)->begin(), (*good)->end()) == right0);
    CHECK(s.cache.missingPhotos("SYS")->size() == 2);

    // The server puts the right photos back: they are fetched and stored on the next round.
    s.servePhoto("ph-1", jpeg(right1, signed1));
    s.servePhoto("ph-2", jpeg(right2, doc["entries"][2]["photo_sha256"][0].get<std::string>()));
    auto again = s.sync->fetchMissingPhotos();
    REQUIRE(again);
    CHECK(again->stored == 2);
    CHECK(again->refused == 0);
    CHECK_FALSE(s.sync->status().lastPhotoError);
    CHECK(s.cache.photo("ph-1")->has_value());
}
