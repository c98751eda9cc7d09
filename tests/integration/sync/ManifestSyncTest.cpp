// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ManifestSync.h"
#include "Station.h"
#include "manifest/ManifestStore.h"
#include "net/CurlHttpClient.h"
#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace portico;
using portico::test::CentralProcess;

namespace {

std::string pubkey(const std::filesystem::path& data) {
    auto [status, out] =
        portico::test::runCommand(portico::test::centralExe().string(), {"pubkey", "--data", data.string()});
    REQUIRE(status == 0);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("a station syncs the full manifest, its photos, then a delta from portico-central", "[integration][sync]") {
    portico::test::TempDir central;
    portico::test::TempDir station;
    const auto faces = portico::test::facesDevDir();
    const std::string key = pubkey(central.path()); // created before the server starts; the server reuses it
    CentralProcess server(central.path().string(),
                          {"--seed-manifest", "60", "--photos", faces.string(), "--token", "station-secret"});

    auto db = store::Database::open(station.path() / "station.db");
    REQUIRE(db);
    store::Crypto crypto(store::KeyRing::generate());
    manifest::ManifestStore cache(*db, crypto);
    SystemClock clock;
    net::HttpClientOptions options;
    options.baseUrl = server.url();
    options.bearerToken = "station-secret";
    net::CurlHttpClient http(options, clock);
    auto verifier = manifest::SignatureVerifier::fromBase64(key);
    REQUIRE(verifier);
    sync::ManifestSyncOptions syncOptions;
    syncOptions.port = "SYS";
    sync::ManifestSync sync(http, cache, *verifier, clock, syncOptions);

    auto first = sync.syncOnce();
    REQUIRE(first);
    CHECK(first->kind == manifest::ManifestKind::Full);
    CHECK(first->toVersion == 1);
    CHECK(first->entries == 60);
    CHECK(first->photosFetched == 40); // one enrolled photo per identity folder
    CHECK(first->photosRefused == 0);  // each one the bytes its signed entry hashes
    auto entries = cache.entries("SYS");
    REQUIRE(entries);
    REQUIRE(entries->size() == 60);

    // The cached photo is the identity's first image, byte for byte, and it is not stored in clear.
    std::vector<std::filesystem::path> identities;
    for (const auto& e : std::filesystem::directory_iterator(faces)) {
        if (e.is_directory()) {
            identities.push_back(e.path());
        }
    }
    std::sort(identities.begin(), identities.end());
    const std::string expected = slurp(identities.front() / "1.jpg");
    REQUIRE((*entries)[0].photoIds.size() == 1);
    auto photo = cache.photo((*entries)[0].photoIds[0]);
    REQUIRE(photo);
    REQUIRE(photo->has_value());
    CHECK(std::string((*photo)->begin(), (*photo)->end()) == expected);
    const std::string atRest = slurp(station.path() / "station.db") + slurp(station.path() / "station.db-wal");
    CHECK(atRest.find(expected.substr(100, 64)) == std::string::npos);
    CHECK(atRest.find((*entries)[0].surname) == std::string::npos);

    // Every age band is represented, including under 14 and over 79.
    int young = 0;
    int old = 0;
    int citizens = 0;
    for (const auto& e : *entries) {
        const int year = std::stoi(e.dateOfBirth.substr(0, 4));
        const int age = 2026 - year;
        young += age < 14 ? 1 : 0;
        old += age > 79 ? 1 : 0;
        citizens += e.citizenship == "us_citizen" ? 1 : 0;
    }
    CHECK(young > 0);
    CHECK(old > 0);
    CHECK(citizens > 0);

    // A new version on the server: a delta brings it.
    auto [editStatus, editOut] = portico::test::runCommand(portico::test::centralExe().string(), [&] {
        std::vector<std::string> args = {"manifest-edit", "--update", "3", "--remove", "2", "--add", "4"};
        const auto store = portico::test::centralStoreArgs(central.path());
        args.insert(args.end(), store.begin(), store.end());
        return args;
    }());
    REQUIRE(editStatus == 0);
    auto second = sync.syncOnce();
    REQUIRE(second);
    CHECK(second->kind == manifest::ManifestKind::Delta);
    CHECK(second->fromVersion == 1);
    CHECK(second->toVersion == 2);
    CHECK(second->entries == 7);
    CHECK(second->removals == 2);
    CHECK(cache.entries("SYS")->size() == 62);

    // Nothing new: an empty delta at the same version.
    auto third = sync.syncOnce();
    REQUIRE(third);
    CHECK(third->toVersion == 2);
    CHECK(third->entries == 0);

    const auto status = sync.status();
    CHECK(status.version == 2);
    CHECK(status.entries == 62);
    CHECK_FALSE(status.lastError);
    CHECK(status.staleness.present);
    CHECK_FALSE(status.staleness.stale);
    CHECK_THAT(status.staleness.text, Catch::Contains("0 h old"));
}

TEST_CASE("a wrong token or a wrong signing key leaves the station's manifest alone", "[integration][sync]") {
    portico::test::TempDir central;
    portico::test::TempDir station;
    CentralProcess server(central.path().string(), {"--seed-manifest", "10", "--token", "right"});
    auto db = store::Database::open(station.path() / "station.db");
    REQUIRE(db);
    store::Crypto crypto(store::KeyRing::generate());
    manifest::ManifestStore cache(*db, crypto);
    SystemClock clock;
    sync::ManifestSyncOptions syncOptions;
    syncOptions.port = "SYS";

    net::HttpClientOptions wrongToken;
    wrongToken.baseUrl = server.url();
    wrongToken.bearerToken = "wrong";
    net::CurlHttpClient http1(wrongToken, clock);
    sync::ManifestSync sync1(http1, cache, *manifest::SignatureVerifier::fromBase64(pubkey(central.path())), clock,
                             syncOptions);
    auto r1 = sync1.syncOnce();
    REQUIRE_FALSE(r1);
    CHECK(r1.code() == ErrorCode::Unauthorized);

    // The right token but another server's key pinned: the signature check refuses it.
    portico::test::TempDir elsewhere;
    net::HttpClientOptions rightToken = wrongToken;
    rightToken.bearerToken = "right";
    net::CurlHttpClient http2(rightToken, clock);
    sync::ManifestSync sync2(http2, cache, *manifest::SignatureVerifier::fromBase64(pubkey(elsewhere.path())), clock,
                             syncOptions);
    auto r2 = sync2.syncOnce();
    REQUIRE_FALSE(r2);
    CHECK(r2.code() == ErrorCode::SignatureInvalid);
    auto info = cache.current("SYS");
    REQUIRE(info);
    CHECK_FALSE(info->has_value());
}
