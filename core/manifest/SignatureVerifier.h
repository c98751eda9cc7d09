// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace portico::manifest {

/// @brief Verifies the central service's detached Ed25519 signatures (libsodium) with the pinned public key.
class SignatureVerifier {
public:
    /// @brief From the station config's base64 public key (32 bytes); ConfigInvalid otherwise.
    static Result<SignatureVerifier> fromBase64(std::string_view publicKeyBase64);
    explicit SignatureVerifier(const std::array<std::uint8_t, 32>& publicKey) : m_key(publicKey) {}

    /// @brief Check a base64 detached signature over exactly `body`. SignatureInvalid when missing, malformed or
    /// not made by the pinned key.
    Status verify(std::string_view body, std::string_view signatureBase64) const;

private:
    std::array<std::uint8_t, 32> m_key{};
};

} // namespace portico::manifest
