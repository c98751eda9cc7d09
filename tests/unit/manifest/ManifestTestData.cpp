// SPDX-License-Identifier: GPL-3.0-or-later
#include "ManifestTestData.h"

#include "common/Sha256.h"
#include "manifest/Base64.h"

#include <sodium.h>

#include <cstdio>
#include <cstring>

namespace portico::test {

namespace {
std::string iso(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string vectorBase64(int seed) {
    std::vector<std::uint8_t> bytes(128 * 4);
    for (int i = 0; i < 128; ++i) {
        const float x = static_cast<float>((seed * 31 + i) % 17) / 100.0f;
        std::memcpy(&bytes[static_cast<size_t>(i) * 4], &x, 4); // the build host is little-endian
    }
    return manifest::base64Encode(bytes);
}
} // namespace

std::vector<std::uint8_t> testPhotoBytes(int index) {
    std::vector<std::uint8_t> bytes = {0xFF, 0xD8, 0xFF};
    const std::string marker = "MARKER" + std::to_string(index) + "2";
    bytes.insert(bytes.end(), marker.begin(), marker.end());
    bytes.insert(bytes.end(), {0xFF, 0xD9});
    return bytes;
}

nlohmann::json makeManifestJson(const std::string& port, std::int64_t version, int count,
                                std::chrono::system_clock::time_point issued, std::int64_t baseVersion,
                                int firstIndex) {
    nlohmann::json entries = nlohmann::json::array();
    for (int i = firstIndex; i < firstIndex + count; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "APT-%05d", i);
        entries.push_back(
            {{"appointment_id", id},
             {"traveler_id", "TRV-" + std::to_string(i)},
             {"names", {{"given", "Zelda" + std::to_string(i)}, {"family", "Quixotova"}}},
             {"date_of_birth", "1980-02-29"},
             {"sex", "F"},
             {"nationality", "BRA"},
             {"citizenship", i % 3 == 0 ? "us_citizen" : "nonimmigrant_visa"},
             {"document",
              {{"type", "P"},
               {"number", "DOC" + std::to_string(i)},
               {"expiry", "2031-05-01"},
               {"issuing_state", "BRA"}}},
             {"window", {{"start", iso(issued)}, {"end", iso(issued + std::chrono::hours(1))}}},
             {"status", "confirmed"},
             {"lane", "2"},
             {"intended_address", "12 Rua Azul, Miami"},
             {"photo_ids", {std::string("ph-") + id}},
             {"photo_sha256", {sha256Hex(testPhotoBytes(i))}},
             {"templates", {{{"model_id", "synthetic-unit-128"}, {"dimension", 128}, {"vector", vectorBase64(i)}}}}});
    }
    return {{"format", "portico-manifest"},
            {"schema", 1},
            {"port", port},
            {"kind", baseVersion >= 0 ? "delta" : "full"},
            {"version", version},
            {"base_version", baseVersion >= 0 ? nlohmann::json(baseVersion) : nlohmann::json(nullptr)},
            {"issued_at", iso(issued)},
            {"expires_at", iso(issued + std::chrono::hours(24))},
            {"key_id", "ed25519:test"},
            {"entries", entries},
            {"removals", nlohmann::json::array()}};
}

TestSigner::TestSigner() {
    if (sodium_init() < 0) {
        throw std::runtime_error("sodium_init");
    }
    crypto_sign_keypair(publicKey.data(), secret.data());
}

std::string TestSigner::sign(const std::string& body) const {
    std::array<std::uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                         secret.data());
    return manifest::base64Encode(sig);
}

std::string TestSigner::publicKeyBase64() const {
    return manifest::base64Encode(publicKey);
}

} // namespace portico::test
