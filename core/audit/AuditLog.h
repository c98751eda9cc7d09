// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "store/AuditSink.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/Outbox.h"

#include <array>
#include <cstdint>
#include <string>

namespace portico::audit {

using Hash = std::array<std::uint8_t, 32>;

/// @brief BLAKE2b-256(prev ‖ canonical bytes). Canonical bytes: "portico-audit-v1", then seq and at_ms as 8-byte
/// little-endian integers, then actor, action, object ref and details, each as an 8-byte little-endian length
/// followed by its UTF-8 bytes.
Hash entryHash(const Hash& prev, std::int64_t seq, std::int64_t atMs, std::string_view actor, std::string_view action,
               std::string_view objectRef, std::string_view details);
/// @brief Lower-case hex.
std::string toHex(const Hash& h);

/// @brief The append-only, hash-chained audit log (table audit_log). append() joins the caller's open
/// transaction, or runs its own BEGIN IMMEDIATE; the chain head is read inside the write lock.
class AuditLog final : public store::AuditSink {
public:
    explicit AuditLog(store::Database& db) : m_db(db) {}

    /// @brief Append one entry. InvalidArgument if details is not a JSON object.
    Status append(const store::AuditEvent& event) override;
    /// @brief The latest entry's seq and hash (seq 0 and empty hash when the log is empty).
    Result<store::AuditHead> head();

private:
    Status appendLocked(const store::AuditEvent& event);
    store::Database& m_db;
};

} // namespace portico::audit
