// SPDX-License-Identifier: GPL-3.0-or-later
#include "HostileFixture.h"

#include "common/Sha256.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace portico::test {
namespace {

store::Database openOrFail(const std::filesystem::path& p) {
    auto db = store::Database::open(p);
    if (!db) {
        FAIL("cannot open the station database: " << db.error().detail);
    }
    return std::move(db.value());
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

HostileStation::HostileStation(std::function<void(net::HttpClientOptions&)> tune)
    : db(openOrFail(dir.path() / "station.db")), crypto(store::KeyRing::generate()), cache(db, crypto) {
    server = std::make_unique<HostileServer>([this](const RawRequest& r) { return handle(r); });
    net::HttpClientOptions o;
    o.baseUrl = server->url();
    o.bearerToken = "station-secret";
    o.connectTimeout = std::chrono::milliseconds(2000);
    o.requestTimeout = std::chrono::milliseconds(20000);
    o.retry.maxAttempts = 2;
    o.retry.baseDelay = std::chrono::milliseconds(10);
    o.retry.maxDelay = std::chrono::milliseconds(50);
    o.seed = 3;
    if (tune) {
        tune(o);
    }
    http = std::make_unique<net::CurlHttpClient>(o, clock);
    options.port = "SYS";
    options.fetchPhotos = false;
    auto verifier = manifest::SignatureVerifier::fromBase64(signer.publicKeyBase64());
    REQUIRE(verifier);
    sync = std::make_unique<sync::ManifestSync>(*http, cache, *verifier, clock, options);
}

std::string HostileStation::photoBytes(int index) const {
    std::vector<std::filesystem::path> identities;
    for (const auto& e : std::filesystem::directory_iterator(facesDevDir())) {
        if (e.is_directory()) {
            identities.push_back(e.path());
        }
    }
    std::sort(identities.begin(), identities.end());
    REQUIRE_FALSE(identities.empty());
    return slurp(identities[static_cast<size_t>(index) % identities.size()] / "1.jpg");
}

nlohmann::json HostileStation::manifestJson(std::int64_t version, int count, int firstIndex) const {
    auto doc = makeManifestJson("SYS", version, count, std::chrono::system_clock::now() - std::chrono::minutes(1), -1,
                                firstIndex);
    for (int i = 0; i < count; ++i) {
        auto& e = doc["entries"][static_cast<size_t>(i)];
        const std::string bytes = photoBytes(firstIndex + i);
        e["photo_ids"] = {"ph-" + std::to_string(firstIndex + i)};
        e["photo_sha256"] = {sha256Hex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()})};
    }
    return doc;
}

void HostileStation::serveManifest(std::string body) {
    const std::string signature = signer.sign(body);
    serveManifestReply(HostileServer::reply(
        200, {{"Content-Type", "application/json"}, {"X-Portico-Signature", signature}}, std::move(body)));
}

void HostileStation::serveManifestReply(RawReply reply) {
    std::lock_guard lock(m_mutex);
    m_manifest = std::move(reply);
}

void HostileStation::servePhoto(const std::string& id, RawReply reply) {
    std::lock_guard lock(m_mutex);
    m_photos[id] = std::move(reply);
}

RawReply HostileStation::handle(const RawRequest& request) {
    std::lock_guard lock(m_mutex);
    if (request.target.starts_with("/v1/ports/SYS/manifest") && m_manifest) {
        return *m_manifest;
    }
    if (request.target.starts_with("/v1/photos/")) {
        if (auto it = m_photos.find(request.target.substr(11)); it != m_photos.end()) {
            return it->second;
        }
    }
    return HostileServer::reply(404, {{"Content-Type", "application/json"}},
                                R"({"error":{"code":"not_found","message":"nothing here"}})");
}

bool HostileStation::applyGood(std::int64_t version, int count) {
    serveManifest(manifestJson(version, count).dump());
    auto r = syncOnce();
    if (!r) {
        UNSCOPED_INFO("the good manifest was refused: " << r.error().detail);
        return false;
    }
    auto entries = cache.entries("SYS");
    REQUIRE(entries);
    m_goodEntries = *entries;
    return r->toVersion == version;
}

void HostileStation::requirePreviousKept(std::int64_t version) {
    auto info = cache.current("SYS");
    REQUIRE(info);
    REQUIRE(info->has_value());
    CHECK((*info)->version == version);
    auto entries = cache.entries("SYS");
    REQUIRE(entries);
    REQUIRE(m_goodEntries);
    REQUIRE(entries->size() == m_goodEntries->size());
    for (size_t i = 0; i < entries->size(); ++i) {
        CHECK((*entries)[i].appointmentId == (*m_goodEntries)[i].appointmentId);
        CHECK((*entries)[i].surname == (*m_goodEntries)[i].surname);
        CHECK((*entries)[i].dateOfBirth == (*m_goodEntries)[i].dateOfBirth);
    }
    const auto status = sync->status();
    CHECK(status.lastError.has_value());
}

} // namespace portico::test
