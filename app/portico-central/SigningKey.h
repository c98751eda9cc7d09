// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace portico::central {

/// @brief The server's Ed25519 manifest-signing key, kept in DATA/signing.key (mode 0600), created on first use.
class SigningKey {
public:
    static Result<SigningKey> loadOrCreate(const std::filesystem::path& dataDir);
    /// @brief Write a new key to `file` (mode 0600); refuses to overwrite one (`keys generate`).
    static Result<SigningKey> generate(const std::filesystem::path& file);
    /// @brief Read a provisioned key (`--signing-key FILE`): 64 bytes, not readable by group or others.
    static Result<SigningKey> load(const std::filesystem::path& file);
    /// @brief Detached signature over exactly these bytes.
    std::array<std::uint8_t, 64> sign(std::string_view bytes) const;
    /// @brief Public key, standard base64 (what the station config pins).
    std::string publicKeyBase64() const;
    /// @brief "ed25519:" + first 8 bytes of the public key in hex.
    std::string keyId() const;
    /// @brief A 32-byte key for another purpose, derived from this secret (BLAKE2b keyed with the secret's seed,
    /// over @p context): the instances that share the provisioned signing key share it, and nothing else does.
    std::array<std::uint8_t, 32> derive(std::string_view context) const;

private:
    std::array<std::uint8_t, 64> m_secret{};
    std::array<std::uint8_t, 32> m_public{};
};

} // namespace portico::central
