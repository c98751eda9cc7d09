// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "policy/Retention.h"
#include "store/AuditSink.h"
#include "store/Database.h"

#include <cstdint>

namespace portico::store {

/// @brief What one purge removed (counts only; the same figures go into the audit receipt).
struct PurgeReceipt {
    Clock::TimePoint at{};
    std::int64_t inspectionBiometrics = 0; ///< inspections whose capture photo/template were dropped
    std::int64_t manifestPhotos = 0;
    std::int64_t manifestTemplates = 0;
    bool walTruncated = false; ///< wal_checkpoint(TRUNCATE) succeeded afterwards
};

/// @brief Applies the retention policy: gathers every item still holding biometric bytes, asks
/// policy::computePurgeSet, NULLs the sealed columns (secure_delete zeroes the freed bytes), writes an audit
/// receipt, commits in one transaction, then folds and truncates the WAL so no old page copy survives.
class PurgeJob {
public:
    PurgeJob(Database& db, AuditSink& audit, const Clock& clock, policy::RetentionPolicy policy);

    /// @brief Run once at the clock's now.
    Result<PurgeReceipt> run();

private:
    Database& m_db;
    AuditSink& m_audit;
    const Clock& m_clock;
    policy::RetentionPolicy m_policy;
};

} // namespace portico::store
