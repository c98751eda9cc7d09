// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "storage/SqlConnection.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::central::storage {

/// @brief One manifest row as the server keeps it: the entry's JSON text and the version that last changed it.
struct StoredEntry {
    std::string appointmentId;
    std::string json;
    std::int64_t version = 0;
    bool removed = false;
};

/// @brief Outcome of storing one inspection record.
enum class StoreOutcome { Unknown = 0, Accepted, Duplicate, Conflict };

/// @brief One record of an upload, validated and canonicalised by the HTTP layer.
struct IncomingRecord {
    std::string id;
    std::int64_t deviceSequence = 0;
    std::string contentHash; ///< sha256 hex of the canonical record JSON
    std::string record;      ///< canonical record JSON (docs/api.md §5)
};

/// @brief One inspection record as central keeps it.
struct StoredRecord {
    std::string id;
    std::int64_t deviceSequence = 0;
    std::string contentHash;
    std::string record; ///< the canonical JSON, byte for byte as stored
    std::int64_t receivedMs = 0;
};

/// @brief A station's audit-chain head as sent with a batch.
struct AuditHead {
    std::int64_t sequence = 0;
    std::string hash; ///< 64 lower-case hex
};

/// @brief Figures for `portico-central stats`.
struct CentralStats {
    std::int64_t recordsStored = 0;
    std::int64_t duplicatesSeen = 0;
    std::int64_t rejects = 0;
    std::int64_t requests = 0; ///< authenticated API requests that reached a handler (health excluded)
    std::int64_t inspectionBatches = 0;
    std::int64_t manifestVersion = 0;
    std::int64_t manifestEntries = 0;
    std::int64_t photos = 0;
    std::int64_t distinctDevices = 0;
    std::int64_t auditForks = 0; ///< (device, sequence) pairs seen with more than one hash: a forked or rewritten log
    std::int64_t schemaVersion = 0;
};

/// @brief A registered station (per-device token).
struct Device {
    std::string deviceId;
    std::string port;
    std::int64_t createdMs = 0;
    std::optional<std::int64_t> revokedMs;
};

/// @brief What central holds of one station's records: enough to prove nothing is missing.
struct Reconciliation {
    std::string deviceId;
    std::int64_t records = 0;
    std::int64_t highestSequence = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> missing; ///< inclusive ranges of sequences never received
    std::int64_t missingCount = 0;
    std::int64_t duplicateSequences = 0;    ///< sequences carried by more than one record id
    std::optional<AuditHead> lastAuditHead; ///< highest sequence (if it forked, `auditForks` says so)
    std::int64_t auditForks = 0;
};

/// @brief Everything central keeps, behind one interface: manifests and their versions, photos, inspection records
/// (exactly once: a unique id, the content hash compared on a repeat, each batch one transaction), device tokens
/// and audit heads. Implementations are safe to call from many threads.
class CentralStore {
public:
    virtual ~CentralStore() = default;
    virtual SqlEngine engine() const = 0;

    virtual Result<std::int64_t> manifestVersion() = 0;
    virtual Result<bool> hasPort(const std::string& port) = 0;
    /// @brief Entries of a port changed after `since` (0 = every live entry), by appointment id.
    virtual Result<std::vector<StoredEntry>> entriesSince(const std::string& port, std::int64_t since) = 0;
    /// @brief Publish one new version in one transaction: upsert these entries and mark these removed.
    virtual Status putEntries(const std::string& port, const std::vector<StoredEntry>& upserts,
                              const std::vector<std::string>& removals) = 0;
    virtual Status putPhoto(const std::string& id, const std::vector<std::uint8_t>& jpeg) = 0;
    virtual Result<std::optional<std::vector<std::uint8_t>>> photo(const std::string& id) = 0;

    /// @brief Store a batch in one transaction; one outcome per record, in order. `rejectsInBatch` counts the
    /// records the HTTP layer already refused (for the statistics).
    virtual Result<std::vector<StoreOutcome>> storeInspections(const std::string& deviceId,
                                                               const std::optional<AuditHead>& head,
                                                               const std::vector<IncomingRecord>& records,
                                                               std::int64_t rejectsInBatch, std::int64_t nowMs) = 0;
    virtual Status countRequest() = 0;
    virtual Result<CentralStats> stats() = 0;
    virtual Result<Reconciliation> reconcile(const std::string& deviceId) = 0;
    /// @brief A station's records after a sequence number, in sequence order, at most `limit` (exports, audits).
    virtual Result<std::vector<StoredRecord>> records(const std::string& deviceId, std::int64_t afterSequence,
                                                      std::size_t limit) = 0;

    /// @brief Register a station; fails if it is registered and not revoked.
    virtual Status addDevice(const Device& device, const std::string& tokenSha256) = 0;
    /// @brief Revoke a station's token; false when no such live device.
    virtual Result<bool> revokeDevice(const std::string& deviceId, std::int64_t nowMs) = 0;
    /// @brief The device a token hash belongs to (revoked ones included, so the caller can say why).
    virtual Result<std::optional<Device>> deviceForToken(const std::string& tokenSha256) = 0;
    virtual Result<std::vector<Device>> devices() = 0;
};

/// @brief Where central keeps its records: an SQLite file (`--data DIR` → DIR/central.db) or a PostgreSQL
/// connection string (`--database postgresql://…`).
struct StoreConfig {
    SqlEngine engine = SqlEngine::Sqlite;
    std::filesystem::path sqliteFile;
    std::string postgresConninfo;
    std::size_t poolSize = 4;
};

/// @brief The newest schema version this binary knows.
int latestSchemaVersion();

/// @brief Open the store and bring its schema to the latest version (forward-only, numbered migrations, applied
/// under a lock so instances starting together apply each once). A database whose schema is newer than this
/// binary is refused, naming both versions.
Result<std::unique_ptr<CentralStore>> openStore(const StoreConfig& config);

} // namespace portico::central::storage
