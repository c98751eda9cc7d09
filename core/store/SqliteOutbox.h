// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Crypto.h"
#include "store/Database.h"
#include "store/Outbox.h"

#include <chrono>

namespace portico::store {

/// @brief The Outbox over the store's tables (outbox ⋈ inspections). Give it its own Database connection when the
/// uploader runs on its own thread. Payload: the inspection's plain columns as JSON, plus the opened capture photo
/// and template (base64) for non-citizens while they are still held locally; never for citizens or opt-outs.
class SqliteOutbox final : public Outbox {
public:
    SqliteOutbox(Database& db, const Crypto& crypto, std::chrono::milliseconds lease = std::chrono::minutes(2));

    Result<std::vector<OutboxRecord>> claimBatch(std::size_t maxRecords, Clock::TimePoint now) override;
    Status markAcknowledged(const std::vector<std::string>& ids, Clock::TimePoint now) override;
    Status markFailed(const std::vector<std::string>& ids, const std::string& error,
                      Clock::TimePoint nextAttempt) override;
    Status setAside(const std::vector<std::string>& ids, const std::string& reason) override;
    Result<std::optional<Clock::TimePoint>> nextAttempt() override;
    Status releaseInFlight() override;
    Result<std::int64_t> depth() override;
    Result<std::optional<std::chrono::milliseconds>> oldestPendingAge(Clock::TimePoint now) override;
    Result<std::optional<Clock::TimePoint>> lastSuccess() override;
    Result<std::optional<std::string>> lastError() override;
    Result<ReconciliationReport> report() override;
    Result<AuditHead> auditHead() override;
    Status noteAuditHeadUploaded(const AuditHead& head) override;

private:
    Database& m_db;
    const Crypto& m_crypto;
    std::chrono::milliseconds m_lease;
};

} // namespace portico::store
