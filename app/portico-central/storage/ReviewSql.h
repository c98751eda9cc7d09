// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/CentralStore.h"
#include "storage/SqlConnection.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// @brief The review half of central's store (docs/api.md §7), as statements on one connection inside the caller's
/// transaction: cases and their sealed evidence, people and sessions, and the audit chain every step is written to.
namespace portico::central::storage::reviewsql {

/// @brief Append to the audit chain (the caller's transaction; on PostgreSQL under an advisory lock, so instances
/// appending together keep one chain).
Status appendAudit(SqlConnection& c, CentralAuditEntry entry);
/// @brief Walk the whole chain: every hash recomputed, every link and sequence checked.
Result<AuditChainCheck> verifyChain(SqlConnection& c);
Result<std::vector<CentralAuditEntry>> auditEntries(SqlConnection& c, std::int64_t afterSequence, std::size_t limit);

/// @brief Open the case of a record stored now, with its evidence; audited (`case.open`).
Status insertCase(SqlConnection& c, const std::string& deviceId, const std::string& inspectionId, const NewCase& nc,
                  std::int64_t nowMs);
Result<std::optional<CentralCase>> loadCase(SqlConnection& c, const std::string& port, const std::string& caseId);
Result<std::vector<CentralCase>> listCases(SqlConnection& c, const CaseQuery& query, std::int64_t nowMs);
Result<std::optional<std::vector<std::uint8_t>>> loadEvidence(SqlConnection& c, const std::string& caseId,
                                                              const std::string& kind);
Result<CaseStepResult> applyStep(SqlConnection& c, const CaseStep& step);
Result<std::int64_t> purgeEvidence(SqlConnection& c, std::int64_t nowMs);
Status insertFacts(SqlConnection& c, const std::string& deviceId, const std::string& inspectionId,
                   const RecordFacts& facts);
Result<std::vector<RecordFacts>> loadFacts(SqlConnection& c, const std::string& port, std::int64_t fromMs,
                                           std::int64_t toMs);

Status insertPerson(SqlConnection& c, const Person& person, const std::string& actor, std::int64_t nowMs);
Result<std::optional<Person>> loadPerson(SqlConnection& c, const std::string& username);
Result<std::vector<Person>> listPeople(SqlConnection& c);
Result<bool> updatePerson(SqlConnection& c, const std::string& username, const std::string& actor,
                          const std::string& action, const std::optional<bool>& disabled,
                          const std::optional<std::string>& passwordHash, std::int64_t nowMs);
Status recordLogin(SqlConnection& c, const std::string& username, bool ok, const std::string& from, std::int64_t nowMs);
Status insertSession(SqlConnection& c, const std::string& tokenSha256, const PersonSession& session,
                     std::int64_t nowMs);
Result<std::optional<PersonSession>> touchSession(SqlConnection& c, const std::string& tokenSha256, std::int64_t nowMs,
                                                  std::int64_t idleMs, std::int64_t maxMs);
Status deleteSession(SqlConnection& c, const std::string& tokenSha256, const std::string& actor, std::int64_t nowMs);

} // namespace portico::central::storage::reviewsql
