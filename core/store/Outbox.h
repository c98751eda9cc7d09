// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portico::store {

/// @brief One inspection waiting for upload, as claimed from the outbox.
struct OutboxRecord {
    std::string id;             ///< inspection id (UUIDv7): the server's permanent unique key
    std::string deviceId;       ///< station id
    std::int64_t deviceSeq = 0; ///< per-device sequence number (1, 2, 3, ... without gaps)
    std::string payloadJson;    ///< the inspection as JSON (no sealed personal fields; images base64 when kept)
    int attempts = 0;           ///< upload attempts before this claim
};

/// @brief A closed range of device sequence numbers.
struct SeqRange {
    std::int64_t first = 0;
    std::int64_t last = 0;
    bool operator==(const SeqRange&) const = default;
};

/// @brief Reconciliation: what was captured and where each record stands, by sequence range. Nothing is missing
/// when `missing` is empty and captured == acknowledged + pending + inFlight.
struct ReconciliationReport {
    std::string deviceId;
    std::int64_t captured = 0;     ///< inspection rows
    std::int64_t acknowledged = 0; ///< accepted or duplicate at the central service
    std::int64_t pending = 0;
    std::int64_t inFlight = 0;
    std::int64_t setAside = 0;      ///< pending but never retried on their own: the server refuses them (see setAside)
    std::int64_t lastDeviceSeq = 0; ///< the device counter (highest number ever assigned)
    std::vector<SeqRange> acknowledgedRanges;
    std::vector<SeqRange> pendingRanges; ///< pending or in flight
    std::vector<SeqRange> missing;       ///< numbers in 1..lastDeviceSeq with no inspection or no outbox row
    std::string auditHeadHex;            ///< latest audit hash (hex), empty when the log is empty

    /// @brief JSON object with the fields above (ranges as [[first,last],...]).
    std::string toJson() const;
};

/// @brief The latest audit-chain entry: sent with every upload batch so deletion of the log's tail is detectable.
struct AuditHead {
    std::int64_t seq = 0;
    std::string hashHex; ///< BLAKE2b-256 of the last entry, lower-case hex; empty when the log is empty
};

/// @brief The local outbox the Uploader drains. Implemented by SqliteOutbox over the store's database; every
/// method is one short transaction, safe to call from the uploader's thread on its own Database connection.
class Outbox {
public:
    virtual ~Outbox() = default;

    /// @brief Claim up to maxRecords due records (pending with next attempt ≤ now, or in flight for longer than
    /// the lease — a crash mid-upload), oldest sequence first; marks them in flight and counts the attempt.
    virtual Result<std::vector<OutboxRecord>> claimBatch(std::size_t maxRecords, Clock::TimePoint now) = 0;
    /// @brief The server answered accepted or duplicate: the records are done. Unknown ids are ignored.
    virtual Status markAcknowledged(const std::vector<std::string>& ids, Clock::TimePoint now) = 0;
    /// @brief Upload failed (network, 5xx, rejected): back to pending, retried at nextAttempt; error kept.
    virtual Status markFailed(const std::vector<std::string>& ids, const std::string& error,
                              Clock::TimePoint nextAttempt) = 0;
    /// @brief The server refused these records alone as malformed or too large (docs/api.md §1.1: 400, 413):
    /// sending the same bytes again cannot succeed, so they stay pending with the reason but are never claimed
    /// again on their own. Nothing is lost: they are counted in depth() and in report().setAside.
    virtual Status setAside(const std::vector<std::string>& ids, const std::string& reason) = 0;
    /// @brief When the earliest pending record (set-aside ones excluded) is due; nullopt when none is pending.
    virtual Result<std::optional<Clock::TimePoint>> nextAttempt() = 0;
    /// @brief Return every in-flight record to pending (call at start-up).
    virtual Status releaseInFlight() = 0;
    /// @brief Records not yet acknowledged (pending + in flight).
    virtual Result<std::int64_t> depth() = 0;
    /// @brief Age of the oldest unacknowledged record (by decision time); nullopt when the queue is empty.
    virtual Result<std::optional<std::chrono::milliseconds>> oldestPendingAge(Clock::TimePoint now) = 0;
    /// @brief When the last acknowledgement was recorded; nullopt if never.
    virtual Result<std::optional<Clock::TimePoint>> lastSuccess() = 0;
    /// @brief Last error recorded by markFailed on a still-unacknowledged record, if any.
    virtual Result<std::optional<std::string>> lastError() = 0;
    /// @brief Reconciliation report by sequence range.
    virtual Result<ReconciliationReport> report() = 0;
    /// @brief The audit chain head to send with a batch.
    virtual Result<AuditHead> auditHead() = 0;
    /// @brief Central answered a batch that carried this head: remember the highest one (meta
    /// 'audit_head_uploaded'), so a log later cut below it fails AuditVerifier::verify on this station too.
    virtual Status noteAuditHeadUploaded(const AuditHead& head) = 0;
};

} // namespace portico::store
