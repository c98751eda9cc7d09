// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "store/AuditSink.h"
#include "store/Database.h"

#include <cstdint>
#include <filesystem>

namespace portico::store {

/// @brief What a key rotation did.
struct RotationReport {
    std::uint32_t fromVersion = 0;
    std::uint32_t toVersion = 0;
    std::int64_t resealed = 0; ///< sealed values re-encrypted
    bool resumed = false;      ///< a previous rotation had been interrupted; this one finished it
};

/// @brief Re-encrypt every sealed column under a new master key, crash-safely:
/// 1. the key file gets the new key as current, the old one kept (atomic replace);
/// 2. one BEGIN IMMEDIATE transaction re-seals every value not under the current key, records the key version in
///    meta and appends an audit entry;
/// 3. only after that commit, the key file is rewritten without the old key; then the WAL is truncated.
/// A kill at any point leaves every row openable with the key file on disk; running it again finishes the job.
/// Run with the station stopped (other processes hold the old key ring in memory).
Result<RotationReport> rotateKeys(Database& db, const std::filesystem::path& keyFile, AuditSink& audit,
                                  const Clock& clock, const std::string& actor = "admin");

} // namespace portico::store
