// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace portico::test {

/// @brief A well-formed manifest document (full unless baseVersion >= 0) with `count` entries.
nlohmann::json makeManifestJson(const std::string& port, std::int64_t version, int count,
                                std::chrono::system_clock::time_point issued, std::int64_t baseVersion = -1,
                                int firstIndex = 0);

/// @brief The bytes of the photo makeManifestJson() names for entry `index` ("ph-APT-0000<index>"): a marker in a
/// JPEG frame, whose SHA-256 the entry carries.
std::vector<std::uint8_t> testPhotoBytes(int index);

/// @brief An Ed25519 key pair for signing test manifests.
struct TestSigner {
    TestSigner();
    std::string sign(const std::string& body) const; ///< base64 detached signature
    std::string publicKeyBase64() const;
    std::array<std::uint8_t, 64> secret{};
    std::array<std::uint8_t, 32> publicKey{};
};

} // namespace portico::test
