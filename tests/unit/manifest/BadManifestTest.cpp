// SPDX-License-Identifier: GPL-3.0-or-later
#include "ManifestTestData.h"
#include "common/Clock.h"
#include "manifest/ManifestStore.h"
#include "support/TestPaths.h"
#include "sync/ManifestSync.h"

#include <catch2/catch.hpp>

using namespace portico;

namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1795000000);

/// The verification pipeline is exercised with bodies handed to it directly; no request should be made.
class NoNetwork final : public net::HttpClient {
public:
    Result<net::HttpResponse> send(const net::HttpRequest&) override {
        return makeError(ErrorCode::Network, "no network in this test");
    }
    void cancel() override {}
    void resetCancel() override {}
};

} // namespace

TEST_CASE("bad manifests are all refused and the previous manifest is kept", "[unit][manifest][sync]") {
    portico::test::TempDir dir;
    auto db = store::Database::open(dir.path() / "station.db");
    REQUIRE(db);
    store::Crypto crypto(store::KeyRing::generate());
    manifest::ManifestStore cache(*db, crypto);
    portico::test::TestSigner signer;
    ManualClock clock(kNow);
    NoNetwork http;
    sync::ManifestSyncOptions options;
    options.port = "SYS";
    options.limits.maxBytes = 64 * 1024;
    auto verifier = manifest::SignatureVerifier::fromBase64(signer.publicKeyBase64());
    REQUIRE(verifier);
    sync::ManifestSync sync(http, cache, *verifier, clock, options);

    // The good manifest v5 everything is compared against.
    const auto goodBody = portico::test::makeManifestJson("SYS", 5, 20, kNow - std::chrono::hours(1)).dump();
    REQUIRE(goodBody.size() < options.limits.maxBytes);
    auto applied = sync.applyBody(goodBody, signer.sign(goodBody));
    REQUIRE(applied);
    CHECK(applied->toVersion == 5);
    const auto before = cache.entries("SYS");
    REQUIRE(before);
    REQUIRE(before->size() == 20);

    struct Bad {
        std::string name;
        std::string body;
        std::string signature;
        ErrorCode code;
        std::string detail;
    };
    std::vector<Bad> bad;
    {
        auto v6 = portico::test::makeManifestJson("SYS", 6, 3, kNow).dump();
        auto sig = signer.sign(v6);
        auto tampered = v6;
        tampered.replace(tampered.find("Zelda1"), 6, "Zelda9");
        bad.push_back(
            {"bad signature (tampered after signing)", tampered, sig, ErrorCode::SignatureInvalid, "signature"});
        portico::test::TestSigner stranger;
        bad.push_back({"signed by another key", v6, stranger.sign(v6), ErrorCode::SignatureInvalid, "signature"});
        bad.push_back({"unsigned", v6, "", ErrorCode::SignatureInvalid, "unsigned"});
    }
    {
        auto v4 = portico::test::makeManifestJson("SYS", 4, 3, kNow).dump();
        bad.push_back({"rollback by one version", v4, signer.sign(v4), ErrorCode::ManifestRejected, "rollback"});
    }
    {
        auto expired = portico::test::makeManifestJson("SYS", 6, 3, kNow - std::chrono::hours(48)).dump();
        bad.push_back({"expired", expired, signer.sign(expired), ErrorCode::ManifestRejected, "expired"});
    }
    {
        const std::string big = portico::test::makeManifestJson("SYS", 6, 200, kNow).dump();
        REQUIRE(big.size() >= 2 * options.limits.maxBytes);
        bad.push_back({"twice the size cap", big, signer.sign(big), ErrorCode::ManifestRejected, "exceeds the cap"});
    }
    {
        auto body = portico::test::makeManifestJson("SYS", 6, 3, kNow).dump();
        body.replace(body.find("Quixotova"), 9, "Quix\xC3\x28ova");
        bad.push_back({"invalid UTF-8", body, signer.sign(body), ErrorCode::ManifestRejected, "UTF-8"});
    }
    {
        auto doc = portico::test::makeManifestJson("SYS", 6, 3, kNow);
        doc["entries"][2]["window"]["start"] = 1795000000;
        const auto body = doc.dump();
        bad.push_back({"wrong types", body, signer.sign(body), ErrorCode::ManifestRejected,
                       "entries[2].window.start: expected a string"});
    }
    {
        auto body = portico::test::makeManifestJson("SYS", 6, 3, kNow).dump();
        body.insert(body.rfind('}'), ",\"x\":" + std::string(500, '[') + std::string(500, ']'));
        bad.push_back({"deep nesting", body, signer.sign(body), ErrorCode::ManifestRejected, "levels deep"});
    }
    {
        auto doc = portico::test::makeManifestJson("SYS", 6, 3, kNow, 4); // delta from a version we do not hold
        const auto body = doc.dump();
        bad.push_back({"delta on the wrong base", body, signer.sign(body), ErrorCode::ManifestRejected, "delta"});
    }
    {
        auto body = portico::test::makeManifestJson("XYZ", 6, 3, kNow).dump();
        bad.push_back({"another port's manifest", body, signer.sign(body), ErrorCode::ManifestRejected, "port"});
    }

    std::int64_t rejectedBefore = sync.status().rejected;
    int refused = 0;
    for (const auto& b : bad) {
        INFO(b.name);
        auto r = sync.applyBody(b.body, b.signature);
        REQUIRE_FALSE(r);
        ++refused;
        CHECK(r.code() == b.code);
        CHECK_THAT(r.error().detail, Catch::Contains(b.detail));
        // Clear status for the UI.
        const auto st = sync.status();
        REQUIRE(st.lastError);
        CHECK(st.lastError->code == b.code);
        CHECK(st.rejected == ++rejectedBefore);
        // The previous manifest is untouched.
        auto info = cache.current("SYS");
        REQUIRE(info);
        REQUIRE(info->has_value());
        CHECK((*info)->version == 5);
        auto after = cache.entries("SYS");
        REQUIRE(after);
        REQUIRE(after->size() == before->size());
        CHECK(after->front().givenNames == before->front().givenNames);
        CHECK(after->back().appointmentId == before->back().appointmentId);
    }
    CHECK(refused == static_cast<int>(bad.size())); // 100 % refused

    // And a good delta still applies afterwards.
    auto delta = portico::test::makeManifestJson("SYS", 6, 1, kNow, 5, 100).dump();
    auto ok = sync.applyBody(delta, signer.sign(delta));
    REQUIRE(ok);
    CHECK(ok->toVersion == 6);
    CHECK(cache.entries("SYS")->size() == 21);
}
