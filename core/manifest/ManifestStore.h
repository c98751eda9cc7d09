// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "manifest/Manifest.h"
#include "store/Crypto.h"
#include "store/Database.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace portico::manifest {

/// @brief A photo a manifest entry names, with the SHA-256 its signed entry gives for it.
struct PhotoRef {
    std::string id;
    std::string sha256; ///< lower-case hex
};

/// @brief The manifest currently applied for a port.
struct ManifestInfo {
    std::string port;
    std::int64_t version = 0;
    Clock::TimePoint issuedAt{};
    Clock::TimePoint expiresAt{};
    Clock::TimePoint receivedAt{};
    std::int64_t entries = 0;
};

/// @brief How old the local manifest is, for the UI's banner ("manifest from T, N h old").
struct Staleness {
    bool present = false;
    Clock::TimePoint issuedAt{};
    std::chrono::minutes age{0};
    bool expired = false;
    bool stale = false; ///< older than the configured limit
    std::string text;   ///< technical English summary for logs/CLI; the UI words it itself
};

/// @brief The station's cache of signed manifests (store tables manifest, manifest_entries, manifest_templates,
/// manifest_photos). Personal fields, templates and photos are sealed (store::Crypto) bound to their row.
/// Not thread-safe: use it from the thread that owns the Database connection.
class ManifestStore {
public:
    ManifestStore(store::Database& db, const store::Crypto& crypto) : m_db(db), m_crypto(crypto) {}

    /// @brief The applied manifest of a port, if any.
    Result<std::optional<ManifestInfo>> current(const std::string& port);
    /// @brief Apply a verified, parsed manifest in ONE transaction: a full one replaces the port's entries, a delta
    /// upserts and removes. On any error nothing changes (the previous manifest stays).
    Status apply(const Manifest& manifest, store::ByteView signature, const std::string& bodySha256Hex,
                 Clock::TimePoint receivedAt);
    /// @brief Entries of a port with their personal fields opened (ordered by appointment id).
    Result<std::vector<ManifestEntry>> entries(const std::string& port);
    /// @brief One entry of a port, opened; nullopt when the port has no such appointment.
    Result<std::optional<ManifestEntry>> entry(const std::string& port, const std::string& appointmentId);
    /// @brief Store a fetched photo (sealed) only when its bytes hash to the SHA-256 of the signed entry that
    /// names it: ChecksumMismatch otherwise (nothing stored); NotFound if no entry names that photo id.
    Status putPhoto(const std::string& photoId, store::ByteView jpeg, Clock::TimePoint fetchedAt);
    /// @brief A cached photo, opened and checked against the signed SHA-256 again (ChecksumMismatch if it differs);
    /// nullopt when not fetched yet.
    Result<std::optional<store::Bytes>> photo(const std::string& photoId);
    /// @brief Photos named by the port's entries and not yet fetched, with their signed SHA-256.
    Result<std::vector<PhotoRef>> missingPhotos(const std::string& port);
    /// @brief Staleness of the port's manifest at `now`; stale past `staleAfter`.
    Result<Staleness> staleness(const std::string& port, Clock::TimePoint now, std::chrono::hours staleAfter);

private:
    Result<std::vector<ManifestEntry>> readEntries(store::Statement& st);
    Status insertEntry(const ManifestEntry& e, const std::string& port, std::int64_t version, std::int64_t nowMs);
    Status deleteAppointment(const std::string& appointmentId);

    store::Database& m_db;
    const store::Crypto& m_crypto;
};

} // namespace portico::manifest
