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

/// @brief A sealed piece of case evidence (libsodium AEAD, bound to the case id and kind by the HTTP layer).
struct SealedEvidence {
    std::string kind; ///< "capture_photo", "officer_note"
    std::vector<std::uint8_t> sealed;
    std::int64_t purgeAfterMs = 0; ///< retention deadline (policy::caseEvidenceDeadline)
};

/// @brief The review case an uploaded record opens (docs/api.md §7): made by the HTTP layer from the record, stored
/// in the record's transaction only when the record itself is stored now (so a replay never opens a second case).
struct NewCase {
    std::string caseId; ///< 32 lower-case hex, random
    std::string port;
    int lane = 0;
    std::string reasons; ///< JSON array of review reason names, as the booth's policy gave them
    std::string outcome;
    std::string decision;
    std::string ageBand;
    std::string sex;
    std::string summary; ///< JSON object: the numbers and codes the officer saw (never a biometric, never a note)
    std::int64_t decidedMs = 0;
    std::vector<SealedEvidence> evidence;
};

/// @brief The non-personal facts of a record that port-wide monitoring counts (review::InspectionFacts, as text),
/// kept apart from the record so the figures never read a record's personal fields.
struct RecordFacts {
    std::string port;
    int lane = 0;
    std::string outcome;
    std::string decision;
    bool optedOut = false;
    std::optional<std::int64_t> framesBeforeOptOut;
    std::string ageBand;
    std::string sex;
    std::optional<std::int64_t> capturedMs;
    std::int64_t decidedMs = 0;
    std::optional<std::int64_t> timeToCaptureMs;
    std::string caseState;  ///< the record's case: "" when none
    std::string resolution; ///< the case's finding, once resolved
};

/// @brief One record of an upload, validated and canonicalised by the HTTP layer.
struct IncomingRecord {
    std::string id;
    std::int64_t deviceSequence = 0;
    std::string contentHash; ///< sha256 hex of the canonical record JSON as received
    std::string record;      ///< canonical record JSON (docs/api.md §5), biometric fields taken out
    std::optional<NewCase> reviewCase;
    std::optional<RecordFacts> facts; ///< absent when the payload lacks a valid port or decided_at
};

/// @brief A review case as central keeps it (docs/api.md §7).
struct CentralCase {
    std::string caseId;
    std::string port;
    std::string deviceId;
    std::string inspectionId;
    int lane = 0;
    std::string reasons; ///< JSON array
    std::string outcome;
    std::string decision;
    std::string ageBand;
    std::string sex;
    std::string summary;           ///< JSON object
    std::string state;             ///< "open", "claimed", "resolved"
    std::string claimedBy;         ///< empty unless claimed
    std::int64_t leaseUntilMs = 0; ///< claimed: when the claim lapses
    std::string resolution;        ///< resolved: the finding
    std::string resolvedBy;
    std::int64_t resolvedMs = 0;
    std::vector<std::uint8_t> sealedNote; ///< resolved: the supervisor's note, sealed
    std::vector<std::string> evidenceKinds;
    std::int64_t version = 0;
    std::int64_t decidedMs = 0;
    std::int64_t createdMs = 0;
    std::int64_t updatedMs = 0;
};

/// @brief Which cases a list returns (all optional but the port), oldest first.
struct CaseQuery {
    std::string port;
    std::string state;
    std::optional<int> lane;
    std::string reason;
    std::string ageBand;
    std::size_t limit = 200;
};

/// @brief A port's unresolved cases at one moment.
struct CaseQueue {
    std::int64_t open = 0;
    std::int64_t claimed = 0;
    std::optional<std::int64_t> oldestCreatedMs;
};

/// @brief A supervisor's step on a case.
enum class CaseAction { Unknown = 0, Claim, Release, Resolve };

struct CaseStep {
    CaseAction action = CaseAction::Unknown;
    std::string caseId;
    std::string port;
    std::string actor;
    std::int64_t nowMs = 0;
    std::int64_t leaseMs = 0;                    ///< Claim: how long the claim holds
    std::string resolution;                      ///< Resolve: the finding's name
    std::vector<std::uint8_t> sealedNote;        ///< Resolve: the note, sealed
    std::optional<std::int64_t> expectedVersion; ///< optimistic concurrency: refuse if the case moved on
};

/// @brief What became of a step: done, no such case, or refused because of the case's current state.
struct CaseStepResult {
    enum class Outcome { Unknown = 0, Done, NotFound, Conflict };
    Outcome outcome = Outcome::Unknown;
    CentralCase current; ///< the case after the step (Done) or as it stands (Conflict)
};

/// @brief A person who may use the review API (a supervisor or an admin of one port; docs/api.md §7.1).
struct Person {
    std::string username;
    std::string displayName;
    std::string role; ///< auth::roleName: "supervisor" or "admin"
    std::string port;
    std::string passwordHash; ///< Argon2id (crypto_pwhash_str)
    bool disabled = false;
    std::int64_t failedAttempts = 0;
    std::int64_t createdMs = 0;
};

/// @brief A person's session (the bearer token is kept only as its SHA-256).
struct PersonSession {
    std::string username;
    std::string role;
    std::string port;
    std::int64_t expiresMs = 0;
};

/// @brief One entry of central's own audit log, a hash chain (BLAKE2b-256 over the previous hash and the entry).
struct CentralAuditEntry {
    std::int64_t sequence = 0;
    std::int64_t atMs = 0;
    std::string actor;
    std::string action;
    std::string objectRef;
    std::string details; ///< JSON object: ids and codes only
    std::string hash;    ///< 64 hex
};

/// @brief The result of walking the audit chain.
struct AuditChainCheck {
    bool ok = false;
    std::int64_t entries = 0;
    std::int64_t firstBadSequence = 0; ///< when not ok
    std::string problem;
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
    std::int64_t cases = 0;     ///< review cases opened from uploaded records
    std::int64_t openCases = 0; ///< not yet resolved
    std::int64_t evidence = 0;  ///< sealed evidence items held
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

    // ---- review cases (docs/api.md §7): every step audited in its own transaction
    virtual Result<std::vector<CentralCase>> cases(const CaseQuery& query) = 0;
    /// @brief One case with its evidence kinds; the read is audited first (`case.view`, fail closed: no audit, no
    /// case).
    virtual Result<std::optional<CentralCase>> viewCase(const std::string& port, const std::string& caseId,
                                                        const std::string& actor, std::int64_t nowMs) = 0;
    /// @brief One sealed piece of evidence; audited first (`case.evidence.view`).
    virtual Result<std::optional<std::vector<std::uint8_t>>>
    viewEvidence(const std::string& port, const std::string& caseId, const std::string& kind, const std::string& actor,
                 std::int64_t nowMs) = 0;
    /// @brief Claim, release or resolve, atomically and audited; a refusal says why through the case's state.
    virtual Result<CaseStepResult> stepCase(const CaseStep& step) = 0;
    /// @brief The facts of a port's records decided in [fromMs, toMs), each with its case's state and finding.
    virtual Result<std::vector<RecordFacts>> facts(const std::string& port, std::int64_t fromMs, std::int64_t toMs) = 0;
    /// @brief A port's unresolved cases now: open (lapsed claims included), claimed, and the oldest one's creation.
    virtual Result<CaseQueue> queue(const std::string& port, std::int64_t nowMs) = 0;
    /// @brief Delete the evidence whose retention ran out, each with a purge receipt in the audit log; the count.
    virtual Result<std::int64_t> purgeEvidence(std::int64_t nowMs) = 0;

    // ---- people and their sessions
    virtual Status addPerson(const Person& person, const std::string& actor, std::int64_t nowMs) = 0;
    virtual Result<std::optional<Person>> person(const std::string& username) = 0;
    virtual Result<std::vector<Person>> people() = 0;
    /// @brief Disable/enable, unlock (failures to 0) or set a new password hash; false when no such person.
    virtual Result<bool> updatePerson(const std::string& username, const std::string& actor, const std::string& action,
                                      const std::optional<bool>& disabled,
                                      const std::optional<std::string>& passwordHash, std::int64_t nowMs) = 0;
    /// @brief After a log-in attempt: failures reset or counted; audited (`session.login` / `session.refused`).
    virtual Status recordLogin(const std::string& username, bool ok, const std::string& from, std::int64_t nowMs) = 0;
    virtual Status addSession(const std::string& tokenSha256, const PersonSession& session, std::int64_t nowMs) = 0;
    /// @brief The live session for a token hash (unexpired, its person enabled), its expiry moved to `now + idleMs`
    /// but never past `created + maxMs`; nullopt otherwise.
    virtual Result<std::optional<PersonSession>> session(const std::string& tokenSha256, std::int64_t nowMs,
                                                         std::int64_t idleMs, std::int64_t maxMs) = 0;
    virtual Status endSession(const std::string& tokenSha256, const std::string& actor, std::int64_t nowMs) = 0;

    // ---- central's audit log
    virtual Status audit(const CentralAuditEntry& entry) = 0;
    virtual Result<std::vector<CentralAuditEntry>> auditEntries(std::int64_t afterSequence, std::size_t limit) = 0;
    virtual Result<AuditChainCheck> verifyAudit() = 0;
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
