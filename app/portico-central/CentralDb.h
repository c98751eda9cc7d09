// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace portico::central {

/// @brief One manifest row as the server keeps it: the entry's JSON text and the version that last changed it.
struct StoredEntry {
    std::string appointmentId;
    std::string json;
    std::int64_t version = 0;
    bool removed = false;
};

/// @brief Outcome of storing one inspection record.
enum class StoreOutcome { Unknown = 0, Accepted, Duplicate, Conflict };

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
};

/// @brief The reference server's own SQLite file (DATA/central.db): manifest, photos, inspections, counters. One
/// connection shared by the handler threads under a mutex (a reference server, not a scale design).
class CentralDb {
public:
    static Result<std::unique_ptr<CentralDb>> open(const std::filesystem::path& file);
    ~CentralDb();
    CentralDb(const CentralDb&) = delete;
    CentralDb& operator=(const CentralDb&) = delete;

    Result<std::int64_t> manifestVersion();
    /// @brief Entries of a port changed after `since` (0 = every live entry).
    Result<std::vector<StoredEntry>> entriesSince(const std::string& port, std::int64_t since);
    /// @brief Replace the manifest contents in one transaction; bumps the version by one.
    Status putEntries(const std::string& port, const std::vector<StoredEntry>& upserts,
                      const std::vector<std::string>& removals);
    Status putPhoto(const std::string& id, const std::vector<std::uint8_t>& jpeg);
    Result<std::optional<std::vector<std::uint8_t>>> photo(const std::string& id);
    Result<std::vector<std::string>> ports();

    struct Incoming {
        std::string id;
        std::int64_t deviceSequence = 0;
        std::string contentHash; ///< sha256 of the canonical record JSON
        std::string record;      ///< canonical record JSON
    };
    /// @brief Store a batch in one transaction; one outcome per record, in order.
    Result<std::vector<StoreOutcome>> storeInspections(const std::string& deviceId, std::int64_t auditSequence,
                                                       const std::string& auditHash, const std::vector<Incoming>& in,
                                                       std::int64_t rejectsInBatch, std::int64_t nowMs);
    Status countRequest();
    Result<CentralStats> stats();
    /// @brief Record ids stored for a device, with their sequence numbers (tests, reconciliation).
    Result<std::vector<std::pair<std::string, std::int64_t>>> storedRecords();

private:
    explicit CentralDb(sqlite3* db) : m_db(db) {}
    Status exec(const char* sql);
    sqlite3* m_db = nullptr;
    std::mutex m_mutex;
};

} // namespace portico::central
