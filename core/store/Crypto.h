// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "store/Database.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace portico::store {

/// @brief Call libsodium's sodium_init() once per process (thread-safe); CryptoError if it fails.
Status initSodium();

/// @brief One 256-bit master key and its version number.
struct MasterKey {
    std::uint32_t version = 0;
    std::array<std::uint8_t, 32> bytes{};
};

/// @brief The master keys known to this station: the current one (new seals) and, during a rotation only, the
/// previous one (opening rows not yet re-sealed). Each ciphertext names the key version that sealed it.
class KeyRing {
public:
    KeyRing() = default;
    KeyRing(std::vector<MasterKey> keys, std::uint32_t current) : m_keys(std::move(keys)), m_current(current) {}
    ~KeyRing();
    KeyRing(const KeyRing&) = default;
    KeyRing& operator=(const KeyRing&) = default;
    KeyRing(KeyRing&&) = default;
    KeyRing& operator=(KeyRing&&) = default;

    /// @brief A fresh ring with one random key of the given version.
    static KeyRing generate(std::uint32_t version = 1);

    const MasterKey* find(std::uint32_t version) const;
    const MasterKey& current() const;
    std::uint32_t currentVersion() const { return m_current; }
    const std::vector<MasterKey>& keys() const { return m_keys; }
    /// @brief Add a new random key with version current+1 and make it current (the old one stays).
    void addNewCurrent();
    /// @brief Drop every key but the current one (end of a rotation).
    void dropOld();
    bool valid() const { return find(m_current) != nullptr; }

private:
    std::vector<MasterKey> m_keys;
    std::uint32_t m_current = 0;
};

/// @brief The master key file: text, mode 0600, outside the database directory. Written atomically
/// (temp file + fsync + rename + directory fsync).
class KeyFile {
public:
    /// @brief Load the key file, or create it (one new key, version 1, mode 0600) when it does not exist.
    /// A file readable or writable by group/others is refused (Forbidden).
    static Result<KeyRing> loadOrCreate(const std::filesystem::path& path);
    /// @brief Load an existing key file (same permission check).
    static Result<KeyRing> load(const std::filesystem::path& path);
    /// @brief Replace the key file atomically with this ring.
    static Status save(const std::filesystem::path& path, const KeyRing& ring);
    /// @brief Refuse a key file inside the database's directory (the key must not travel with the data).
    static Status checkOutside(const std::filesystem::path& keyPath, const std::filesystem::path& dbPath);
};

/// @brief Where a sealed value lives: table, column and the row's primary key. Bound as associated data, so a
/// ciphertext copied to another row or column does not open.
struct SealContext {
    std::string_view table;
    std::string_view column;
    std::string_view recordId;
};

/// @brief Authenticated encryption at rest: XChaCha20-Poly1305 (IETF) with a random 192-bit nonce per seal.
/// Layout: "PS" 0x01 | key version (u32 LE) | nonce (24) | ciphertext + tag (16).
/// Associated data: "portico-seal-v1" \0 table \0 column \0 recordId \0 key version (u32 LE).
/// Thread-safe after construction.
class Crypto {
public:
    static constexpr std::size_t kHeaderBytes = 3 + 4 + 24;
    static constexpr std::size_t kTagBytes = 16;

    explicit Crypto(KeyRing ring);

    /// @brief Seal with the current key.
    Result<Bytes> seal(const SealContext& where, ByteView plaintext) const;
    /// @brief Seal UTF-8 text.
    Result<Bytes> sealText(const SealContext& where, std::string_view text) const;
    /// @brief Open; CryptoError when tampered, moved, truncated or sealed with an unknown key version.
    Result<Bytes> open(const SealContext& where, ByteView sealed) const;
    /// @brief Open to text.
    Result<std::string> openText(const SealContext& where, ByteView sealed) const;

    /// @brief The key version named in a ciphertext's header (CryptoError if the header is malformed).
    static Result<std::uint32_t> keyVersionOf(ByteView sealed);

    std::uint32_t currentKeyVersion() const { return m_ring.currentVersion(); }
    const KeyRing& ring() const { return m_ring; }

private:
    KeyRing m_ring;
};

} // namespace portico::store
