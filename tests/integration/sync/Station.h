// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "store/AuditSink.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"

#include <filesystem>
#include <string>
#include <vector>

namespace portico::test {

/// @brief An audit sink that chains entries into the store's audit_log table (BLAKE2b over prev hash + text), so
/// the outbox has a real audit head to send. Stand-in for core/audit's AuditLog in these tests.
class ChainedTestAuditSink final : public store::AuditSink {
public:
    explicit ChainedTestAuditSink(store::Database& db) : m_db(db) {}
    Status append(const store::AuditEvent& event) override;

private:
    store::Database& m_db;
};

/// @brief A station's local store in a temp dir: database, keys, audit, inspection writer.
struct Station {
    explicit Station(const std::filesystem::path& dir, std::string deviceId = "WS-TEST-01");
    /// @brief Record `count` inspections (each its own durable transaction); returns their ids.
    std::vector<std::string> record(int count);
    /// @brief A second connection to the same file (for the uploader's thread).
    store::Database openConnection() const;

    std::filesystem::path dbPath;
    std::string deviceId;
    SystemClock clock;
    store::Database db;
    store::Crypto crypto;
    ChainedTestAuditSink audit;
    store::InspectionStore inspections;
};

/// @brief Parse `portico-central stats --data DIR`.
struct CentralStats {
    long long recordsStored = -1;
    long long duplicatesSeen = -1;
    long long rejects = -1;
    long long requests = -1;
};
CentralStats centralStats(const std::filesystem::path& dataDir);

} // namespace portico::test
