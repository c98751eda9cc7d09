// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "manifest/ManifestParser.h"
#include "manifest/ManifestStore.h"
#include "manifest/SignatureVerifier.h"
#include "net/HttpClient.h"
#include "sync/EnrolledPhoto.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace portico::sync {

struct ManifestSyncOptions {
    std::string port;
    manifest::ParseLimits limits;         ///< limits.maxBytes is the manifest size cap
    std::chrono::minutes maxClockSkew{5}; ///< issued_at may be this far in the future
    std::chrono::hours staleAfter{12};    ///< the UI's stale banner
    bool fetchPhotos = true;              ///< fetch missing photos after a successful apply
    PhotoLimits photoLimits;              ///< an enrolled photo over these is refused (docs/api.md §4)
};

/// @brief What the last sync did, for the UI and the CLI.
struct ManifestSyncStatus {
    std::optional<Clock::TimePoint> lastAttempt;
    std::optional<Clock::TimePoint> lastSuccess;
    std::optional<Error> lastError; ///< the last attempt's error (cleared by a success)
    std::int64_t version = 0;       ///< applied version (0 = none)
    std::int64_t entries = 0;
    std::int64_t rejected = 0;           ///< manifests refused so far (bad signature, rollback, expired, ...)
    std::int64_t photosRefused = 0;      ///< photos refused so far (not the bytes their signed entry hashes)
    std::optional<Error> lastPhotoError; ///< why the last photo was refused (cleared when none is)
    manifest::Staleness staleness;
    /// The manifest the station holds (read at every attempt, so it is known offline too).
    std::optional<manifest::ManifestInfo> applied;
};

/// @brief What one sync did.
struct ManifestSyncResult {
    bool changed = false;
    manifest::ManifestKind kind = manifest::ManifestKind::Unknown;
    std::int64_t fromVersion = 0;
    std::int64_t toVersion = 0;
    std::size_t entries = 0; ///< entries in the document applied
    std::size_t removals = 0;
    std::size_t photosFetched = 0;
    std::size_t photosRefused = 0; ///< fetched but refused: the bytes are not the ones the signed entry hashes
    std::size_t bodyBytes = 0;
};

/// @brief Fetches the port's manifest (delta since the applied version, else full), verifies the detached Ed25519
/// signature over the exact body bytes BEFORE parsing or touching the store, refuses unsigned, oversized,
/// rolled-back (older version), expired or malformed manifests, and applies it atomically through ManifestStore;
/// on any failure the previous manifest stays. Use from the thread that owns the store's Database.
class ManifestSync {
public:
    ManifestSync(net::HttpClient& http, manifest::ManifestStore& store, manifest::SignatureVerifier verifier,
                 const Clock& clock, ManifestSyncOptions options);

    /// @brief One sync round: fetch, verify, parse, check, apply, fetch missing photos.
    Result<ManifestSyncResult> syncOnce();
    /// @brief The verification and apply pipeline on a body already received (also used by syncOnce()).
    Result<ManifestSyncResult> applyBody(const std::string& body, const std::string& signatureBase64);
    /// @brief What one round of photo fetching did.
    struct PhotoFetch {
        std::size_t stored = 0;
        std::size_t refused = 0; ///< not the bytes the signed entry hashes (or not a JPEG): never stored or shown
    };
    /// @brief Fetch every photo the entries name and the cache lacks; a photo is stored only when its bytes hash to
    /// the SHA-256 of its signed entry. A refusal is counted and reported in status().lastPhotoError.
    Result<PhotoFetch> fetchMissingPhotos();
    /// @brief Snapshot of the status (thread-safe).
    ManifestSyncStatus status() const;
    /// @brief Whether the manifest the station holds is past its expires_at at `now` (thread-safe). The booth keeps
    /// working on it offline, but says so: a banner, and every match made against it is marked manifest_expired and
    /// needs a second look (docs/api.md §3.1). False when no manifest is held.
    bool manifestExpired(Clock::TimePoint now) const;

private:
    Result<ManifestSyncResult> fetchAndApply(std::int64_t since);
    Error fail(Error error, bool rejected);

    net::HttpClient& m_http;
    manifest::ManifestStore& m_store;
    manifest::SignatureVerifier m_verifier;
    const Clock& m_clock;
    ManifestSyncOptions m_options;
    mutable std::mutex m_mutex;
    ManifestSyncStatus m_status;
};

} // namespace portico::sync
