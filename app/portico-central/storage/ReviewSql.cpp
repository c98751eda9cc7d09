// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/ReviewSql.h"

#include "storage/SqlHelpers.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <array>

namespace portico::central::storage::reviewsql {
namespace {

constexpr const char* kZeroHash = "0000000000000000000000000000000000000000000000000000000000000000";

constexpr const char* kCaseColumns =
    "case_id, port, device_id, inspection_id, lane, reasons, outcome, decision, age_band, sex, summary, state, "
    "claimed_by, lease_until_ms, resolution, resolution_note, resolved_by, resolved_ms, version, decided_ms, "
    "created_ms, updated_ms";

/// BLAKE2b-256 over the previous hash and every field of the entry, each length-prefixed (no two entries share an
/// encoding).
std::string chainHash(const std::string& prev, const CentralAuditEntry& e) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    auto add = [&st](std::string_view v) {
        std::array<unsigned char, 8> len{};
        std::uint64_t n = v.size();
        for (auto& b : len) {
            b = static_cast<unsigned char>(n & 0xff);
            n >>= 8;
        }
        crypto_generichash_update(&st, len.data(), len.size());
        crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(v.data()), v.size());
    };
    add(prev);
    add(std::to_string(e.sequence));
    add(std::to_string(e.atMs));
    add(e.actor);
    add(e.action);
    add(e.objectRef);
    add(e.details);
    std::array<unsigned char, 32> out{};
    crypto_generichash_final(&st, out.data(), out.size());
    std::array<char, 65> hex{};
    sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
    return hex.data();
}

CentralCase caseFrom(SqlStatement& s) {
    CentralCase k;
    k.caseId = s.getText(0);
    k.port = s.getText(1);
    k.deviceId = s.getText(2);
    k.inspectionId = s.getText(3);
    k.lane = static_cast<int>(s.getInt(4));
    k.reasons = s.getText(5);
    k.outcome = s.getText(6);
    k.decision = s.getText(7);
    k.ageBand = s.getText(8);
    k.sex = s.getText(9);
    k.summary = s.getText(10);
    k.state = s.getText(11);
    k.claimedBy = s.isNull(12) ? std::string() : s.getText(12);
    k.leaseUntilMs = s.isNull(13) ? 0 : s.getInt(13);
    k.resolution = s.isNull(14) ? std::string() : s.getText(14);
    if (!s.isNull(15)) {
        k.sealedNote = s.getBlob(15);
    }
    k.resolvedBy = s.isNull(16) ? std::string() : s.getText(16);
    k.resolvedMs = s.isNull(17) ? 0 : s.getInt(17);
    k.version = s.getInt(18);
    k.decidedMs = s.getInt(19);
    k.createdMs = s.getInt(20);
    k.updatedMs = s.getInt(21);
    return k;
}

Status evidenceKinds(SqlConnection& c, CentralCase& k) {
    auto st = runSql(c, "SELECT kind FROM case_evidence WHERE case_id = ?1 ORDER BY kind",
                     [&](SqlStatement& s) { s.bindText(1, k.caseId); });
    if (!st) {
        return st.error();
    }
    k.evidenceKinds.clear();
    while ((*st)->next()) {
        k.evidenceKinds.push_back((*st)->getText(0));
    }
    return {};
}

Person personFrom(SqlStatement& s) {
    return Person{s.getText(0), s.getText(1),     s.getText(2), s.getText(3),
                  s.getText(4), s.getInt(5) != 0, s.getInt(6),  s.getInt(7)};
}

Status audit(SqlConnection& c, std::int64_t atMs, const std::string& actor, const std::string& action,
             const std::string& object, nlohmann::json details) {
    return appendAudit(c, CentralAuditEntry{0, atMs, actor, action, object, details.dump(), {}});
}

} // namespace

Status appendAudit(SqlConnection& c, CentralAuditEntry entry) {
    if (c.engine() == SqlEngine::Postgres) {
        // Instances append together: one at a time, so the chain has one tail (released at commit or rollback).
        if (auto s = c.exec("SELECT pg_advisory_xact_lock(5064427268106959)"); !s) {
            return s;
        }
    }
    auto last = runSql(c, "SELECT sequence, hash FROM central_audit ORDER BY sequence DESC LIMIT 1");
    if (!last) {
        return last.error();
    }
    std::string prev = kZeroHash;
    entry.sequence = 1;
    if ((*last)->next()) {
        entry.sequence = (*last)->getInt(0) + 1;
        prev = (*last)->getText(1);
    }
    entry.hash = chainHash(prev, entry);
    auto ins = runSql(c,
                      "INSERT INTO central_audit(sequence, at_ms, actor, action, object_ref, details, prev_hash, hash) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      [&](SqlStatement& s) {
                          s.bindInt(1, entry.sequence);
                          s.bindInt(2, entry.atMs);
                          s.bindText(3, entry.actor);
                          s.bindText(4, entry.action);
                          s.bindText(5, entry.objectRef);
                          s.bindText(6, entry.details);
                          s.bindText(7, prev);
                          s.bindText(8, entry.hash);
                      });
    return ins ? Status{} : Status(ins.error());
}

Result<AuditChainCheck> verifyChain(SqlConnection& c) {
    auto st =
        runSql(c, "SELECT sequence, at_ms, actor, action, object_ref, details, prev_hash, hash FROM central_audit "
                  "ORDER BY sequence");
    if (!st) {
        return st.error();
    }
    AuditChainCheck check;
    check.ok = true;
    std::string prev = kZeroHash;
    std::int64_t expected = 1;
    while ((*st)->next()) {
        CentralAuditEntry e{(*st)->getInt(0),
                            (*st)->getInt(1),
                            (*st)->getText(2),
                            (*st)->getText(3),
                            (*st)->getText(4),
                            (*st)->getText(5),
                            {}};
        const std::string storedPrev = (*st)->getText(6);
        const std::string storedHash = (*st)->getText(7);
        ++check.entries;
        std::string problem;
        if (e.sequence != expected) {
            problem = "sequence " + std::to_string(expected) + " is missing";
        } else if (storedPrev != prev) {
            problem = "the link to the previous entry is broken";
        } else if (chainHash(prev, e) != storedHash) {
            problem = "the entry was altered after it was written";
        }
        if (!problem.empty()) {
            check.ok = false;
            check.firstBadSequence = e.sequence;
            check.problem = problem;
            return check;
        }
        prev = storedHash;
        ++expected;
    }
    return check;
}

Result<std::vector<CentralAuditEntry>> auditEntries(SqlConnection& c, std::int64_t afterSequence, std::size_t limit) {
    auto st = runSql(c,
                     "SELECT sequence, at_ms, actor, action, object_ref, details, hash FROM central_audit "
                     "WHERE sequence > ?1 ORDER BY sequence LIMIT ?2",
                     [&](SqlStatement& s) {
                         s.bindInt(1, afterSequence);
                         s.bindInt(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, 100000)));
                     });
    if (!st) {
        return st.error();
    }
    std::vector<CentralAuditEntry> out;
    while ((*st)->next()) {
        out.push_back({(*st)->getInt(0), (*st)->getInt(1), (*st)->getText(2), (*st)->getText(3), (*st)->getText(4),
                       (*st)->getText(5), (*st)->getText(6)});
    }
    return out;
}

Status insertCase(SqlConnection& c, const std::string& deviceId, const std::string& inspectionId, const NewCase& nc,
                  std::int64_t nowMs) {
    auto ins = runSql(c,
                      "INSERT INTO cases(case_id, port, device_id, inspection_id, lane, reasons, outcome, decision, "
                      "age_band, sex, summary, state, version, decided_ms, created_ms, updated_ms) VALUES (?1, ?2, "
                      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'open', 1, ?12, ?13, ?13)",
                      [&](SqlStatement& s) {
                          s.bindText(1, nc.caseId);
                          s.bindText(2, nc.port);
                          s.bindText(3, deviceId);
                          s.bindText(4, inspectionId);
                          s.bindInt(5, nc.lane);
                          s.bindText(6, nc.reasons);
                          s.bindText(7, nc.outcome);
                          s.bindText(8, nc.decision);
                          s.bindText(9, nc.ageBand);
                          s.bindText(10, nc.sex);
                          s.bindText(11, nc.summary);
                          s.bindInt(12, nc.decidedMs);
                          s.bindInt(13, nowMs);
                      });
    if (!ins) {
        return ins.error();
    }
    for (const auto& e : nc.evidence) {
        auto ev = runSql(c, "INSERT INTO case_evidence(case_id, kind, sealed, purge_after_ms) VALUES (?1, ?2, ?3, ?4)",
                         [&](SqlStatement& s) {
                             s.bindText(1, nc.caseId);
                             s.bindText(2, e.kind);
                             s.bindBlob(3, e.sealed);
                             s.bindInt(4, e.purgeAfterMs);
                         });
        if (!ev) {
            return ev.error();
        }
    }
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& e : nc.evidence) {
        kinds.push_back(e.kind);
    }
    return audit(c, nowMs, deviceId, "case.open", nc.caseId,
                 {{"inspection_id", inspectionId}, {"port", nc.port}, {"evidence", kinds}});
}

Result<std::optional<CentralCase>> loadCase(SqlConnection& c, const std::string& port, const std::string& caseId) {
    const std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases WHERE case_id = ?1 AND port = ?2";
    auto st = runSql(c, sql.c_str(), [&](SqlStatement& s) {
        s.bindText(1, caseId);
        s.bindText(2, port);
    });
    if (!st) {
        return st.error();
    }
    if (!(*st)->next()) {
        return std::optional<CentralCase>();
    }
    CentralCase k = caseFrom(**st);
    if (auto s = evidenceKinds(c, k); !s) {
        return s.error();
    }
    return std::optional<CentralCase>(std::move(k));
}

Result<std::vector<CentralCase>> listCases(SqlConnection& c, const CaseQuery& q, std::int64_t nowMs) {
    // One statement for every filter combination: an empty filter matches everything. "open" includes claims whose
    // lease has lapsed (anyone may claim them).
    const std::string sql =
        std::string("SELECT ") + kCaseColumns +
        " FROM cases WHERE port = ?1 AND (CAST(?2 AS TEXT) = '' OR state = ?2 OR (?2 = 'open' AND state = 'claimed' "
        "AND "
        "lease_until_ms < ?8)) AND (CAST(?3 AS BIGINT) < 0 OR lane = ?3) AND (CAST(?4 AS TEXT) = '' OR age_band = ?4) "
        "AND (CAST(?5 AS TEXT) = '' OR reasons "
        "LIKE ?6 ESCAPE '!') ORDER BY created_ms, case_id LIMIT ?7";
    auto st = runSql(c, sql.c_str(), [&](SqlStatement& s) {
        s.bindText(1, q.port);
        s.bindText(2, q.state);
        s.bindInt(3, q.lane.value_or(-1));
        s.bindText(4, q.ageBand);
        s.bindText(5, q.reason);
        // The reason as a whole JSON string of the array; '_' and '%' in it are literal, not LIKE's wildcards.
        std::string literal;
        for (const char ch : q.reason) {
            if (ch == '_' || ch == '%' || ch == '!') {
                literal += '!';
            }
            literal += ch;
        }
        s.bindText(6, "%\"" + literal + "\"%");
        s.bindInt(7, static_cast<std::int64_t>(std::min<std::size_t>(q.limit, 1000)));
        s.bindInt(8, nowMs);
    });
    if (!st) {
        return st.error();
    }
    std::vector<CentralCase> out;
    while ((*st)->next()) {
        out.push_back(caseFrom(**st));
    }
    for (auto& k : out) {
        if (auto s = evidenceKinds(c, k); !s) {
            return s.error();
        }
    }
    return out;
}

Result<std::optional<std::vector<std::uint8_t>>> loadEvidence(SqlConnection& c, const std::string& caseId,
                                                              const std::string& kind) {
    using Out = std::optional<std::vector<std::uint8_t>>;
    auto st = runSql(c, "SELECT sealed FROM case_evidence WHERE case_id = ?1 AND kind = ?2", [&](SqlStatement& s) {
        s.bindText(1, caseId);
        s.bindText(2, kind);
    });
    if (!st) {
        return st.error();
    }
    if (!(*st)->next()) {
        return Out();
    }
    return Out((*st)->getBlob(0));
}

Result<CaseStepResult> applyStep(SqlConnection& c, const CaseStep& step) {
    Result<SqlStatement*> st = makeError(ErrorCode::InvalidArgument, "unknown case step");
    const std::int64_t expected = step.expectedVersion.value_or(-1);
    nlohmann::json details;
    const char* action = "";
    switch (step.action) {
    case CaseAction::Claim:
        action = "case.claim";
        details = {{"lease_until_ms", step.nowMs + step.leaseMs}};
        st = runSql(c,
                    "UPDATE cases SET state = 'claimed', claimed_by = ?3, lease_until_ms = ?4, version = version + 1, "
                    "updated_ms = ?5 WHERE case_id = ?1 AND port = ?2 AND (state = 'open' OR (state = 'claimed' AND "
                    "(claimed_by = ?3 OR lease_until_ms < ?5))) AND (CAST(?6 AS BIGINT) < 0 OR version = ?6)",
                    [&](SqlStatement& s) {
                        s.bindText(1, step.caseId);
                        s.bindText(2, step.port);
                        s.bindText(3, step.actor);
                        s.bindInt(4, step.nowMs + step.leaseMs);
                        s.bindInt(5, step.nowMs);
                        s.bindInt(6, expected);
                    });
        break;
    case CaseAction::Release:
        action = "case.release";
        details = nlohmann::json::object();
        st = runSql(c,
                    "UPDATE cases SET state = 'open', claimed_by = NULL, lease_until_ms = NULL, version = version + 1, "
                    "updated_ms = ?4 WHERE case_id = ?1 AND port = ?2 AND state = 'claimed' AND claimed_by = ?3 AND "
                    "(CAST(?5 AS BIGINT) < 0 OR version = ?5)",
                    [&](SqlStatement& s) {
                        s.bindText(1, step.caseId);
                        s.bindText(2, step.port);
                        s.bindText(3, step.actor);
                        s.bindInt(4, step.nowMs);
                        s.bindInt(5, expected);
                    });
        break;
    case CaseAction::Resolve:
        action = "case.resolve";
        details = {{"finding", step.resolution}};
        st = runSql(c,
                    "UPDATE cases SET state = 'resolved', resolution = ?4, resolution_note = ?5, resolved_by = ?3, "
                    "resolved_ms = ?6, claimed_by = NULL, lease_until_ms = NULL, version = version + 1, updated_ms = "
                    "?6 WHERE case_id = ?1 AND port = ?2 AND (state = 'open' OR (state = 'claimed' AND (claimed_by = "
                    "?3 OR lease_until_ms < ?6))) AND (CAST(?7 AS BIGINT) < 0 OR version = ?7)",
                    [&](SqlStatement& s) {
                        s.bindText(1, step.caseId);
                        s.bindText(2, step.port);
                        s.bindText(3, step.actor);
                        s.bindText(4, step.resolution);
                        s.bindBlob(5, step.sealedNote);
                        s.bindInt(6, step.nowMs);
                        s.bindInt(7, expected);
                    });
        break;
    case CaseAction::Unknown:
        break;
    }
    if (!st) {
        return st.error();
    }
    const bool done = (*st)->affectedRows() == 1;
    auto current = loadCase(c, step.port, step.caseId);
    if (!current) {
        return current.error();
    }
    if (!current->has_value()) {
        return CaseStepResult{CaseStepResult::Outcome::NotFound, {}};
    }
    if (!done) {
        return CaseStepResult{CaseStepResult::Outcome::Conflict, std::move(**current)};
    }
    details["version"] = (*current)->version;
    if (auto s = audit(c, step.nowMs, step.actor, action, step.caseId, details); !s) {
        return s.error();
    }
    return CaseStepResult{CaseStepResult::Outcome::Done, std::move(**current)};
}

Result<std::int64_t> purgeEvidence(SqlConnection& c, std::int64_t nowMs) {
    auto due = runSql(c,
                      "SELECT case_id, kind, purge_after_ms FROM case_evidence WHERE purge_after_ms <= ?1 "
                      "ORDER BY purge_after_ms, case_id, kind",
                      [&](SqlStatement& s) { s.bindInt(1, nowMs); });
    if (!due) {
        return due.error();
    }
    struct Item {
        std::string caseId;
        std::string kind;
        std::int64_t dueMs;
    };
    std::vector<Item> items;
    while ((*due)->next()) {
        items.push_back({(*due)->getText(0), (*due)->getText(1), (*due)->getInt(2)});
    }
    for (const auto& it : items) {
        auto del = runSql(c, "DELETE FROM case_evidence WHERE case_id = ?1 AND kind = ?2", [&](SqlStatement& s) {
            s.bindText(1, it.caseId);
            s.bindText(2, it.kind);
        });
        if (!del) {
            return del.error();
        }
        // The purge receipt: what was deleted, when it was due, when it went.
        if (auto s = audit(c, nowMs, "retention", "case.evidence.purge", it.caseId,
                           {{"kind", it.kind}, {"due_ms", it.dueMs}});
            !s) {
            return s.error();
        }
    }
    return static_cast<std::int64_t>(items.size());
}

Status insertFacts(SqlConnection& c, const std::string& deviceId, const std::string& inspectionId,
                   const RecordFacts& f) {
    auto st = runSql(c,
                     "INSERT INTO record_facts(inspection_id, port, device_id, lane, outcome, decision, opted_out, "
                     "frames_before_opt_out, age_band, sex, captured_ms, decided_ms, time_to_capture_ms) VALUES (?1, "
                     "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                     [&](SqlStatement& s) {
                         s.bindText(1, inspectionId);
                         s.bindText(2, f.port);
                         s.bindText(3, deviceId);
                         s.bindInt(4, f.lane);
                         s.bindText(5, f.outcome);
                         s.bindText(6, f.decision);
                         s.bindInt(7, f.optedOut ? 1 : 0);
                         auto optional = [&s](int i, const std::optional<std::int64_t>& v) {
                             if (v) {
                                 s.bindInt(i, *v);
                             } else {
                                 s.bindNull(i);
                             }
                         };
                         optional(8, f.framesBeforeOptOut);
                         s.bindText(9, f.ageBand);
                         s.bindText(10, f.sex);
                         optional(11, f.capturedMs);
                         s.bindInt(12, f.decidedMs);
                         optional(13, f.timeToCaptureMs);
                     });
    return st ? Status{} : Status(st.error());
}

Result<std::vector<RecordFacts>> loadFacts(SqlConnection& c, const std::string& port, std::int64_t fromMs,
                                           std::int64_t toMs) {
    auto st = runSql(c,
                     "SELECT f.lane, f.outcome, f.decision, f.opted_out, f.frames_before_opt_out, f.age_band, f.sex, "
                     "f.captured_ms, f.decided_ms, f.time_to_capture_ms, c.state, c.resolution FROM record_facts f "
                     "LEFT JOIN cases c ON c.inspection_id = f.inspection_id WHERE f.port = ?1 AND f.decided_ms >= "
                     "?2 AND f.decided_ms < ?3 ORDER BY f.decided_ms",
                     [&](SqlStatement& s) {
                         s.bindText(1, port);
                         s.bindInt(2, fromMs);
                         s.bindInt(3, toMs);
                     });
    if (!st) {
        return st.error();
    }
    std::vector<RecordFacts> out;
    auto optional = [&st](int column) {
        return (*st)->isNull(column) ? std::optional<std::int64_t>() : std::optional((*st)->getInt(column));
    };
    while ((*st)->next()) {
        RecordFacts f;
        f.port = port;
        f.lane = static_cast<int>((*st)->getInt(0));
        f.outcome = (*st)->getText(1);
        f.decision = (*st)->getText(2);
        f.optedOut = (*st)->getInt(3) != 0;
        f.framesBeforeOptOut = optional(4);
        f.ageBand = (*st)->getText(5);
        f.sex = (*st)->getText(6);
        f.capturedMs = optional(7);
        f.decidedMs = (*st)->getInt(8);
        f.timeToCaptureMs = optional(9);
        f.caseState = (*st)->isNull(10) ? std::string() : (*st)->getText(10);
        f.resolution = (*st)->isNull(11) ? std::string() : (*st)->getText(11);
        out.push_back(std::move(f));
    }
    return out;
}

Status insertPerson(SqlConnection& c, const Person& p, const std::string& actor, std::int64_t nowMs) {
    auto ins = runSql(c,
                      "INSERT INTO people(username, display_name, role, port, password_hash, disabled, "
                      "failed_attempts, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6) ON CONFLICT(username) DO "
                      "NOTHING",
                      [&](SqlStatement& s) {
                          s.bindText(1, p.username);
                          s.bindText(2, p.displayName);
                          s.bindText(3, p.role);
                          s.bindText(4, p.port);
                          s.bindText(5, p.passwordHash);
                          s.bindInt(6, nowMs);
                      });
    if (!ins) {
        return ins.error();
    }
    if ((*ins)->affectedRows() != 1) {
        return makeError(ErrorCode::Conflict, "an account named " + p.username + " already exists");
    }
    return audit(c, nowMs, actor, "person.add", p.username, {{"role", p.role}, {"port", p.port}});
}

Result<std::optional<Person>> loadPerson(SqlConnection& c, const std::string& username) {
    auto st = runSql(c,
                     "SELECT username, display_name, role, port, password_hash, disabled, failed_attempts, created_ms "
                     "FROM people WHERE username = ?1",
                     [&](SqlStatement& s) { s.bindText(1, username); });
    if (!st) {
        return st.error();
    }
    if (!(*st)->next()) {
        return std::optional<Person>();
    }
    return std::optional<Person>(personFrom(**st));
}

Result<std::vector<Person>> listPeople(SqlConnection& c) {
    auto st = runSql(c, "SELECT username, display_name, role, port, password_hash, disabled, failed_attempts, "
                        "created_ms FROM people ORDER BY username");
    if (!st) {
        return st.error();
    }
    std::vector<Person> out;
    while ((*st)->next()) {
        out.push_back(personFrom(**st));
    }
    return out;
}

Result<bool> updatePerson(SqlConnection& c, const std::string& username, const std::string& actor,
                          const std::string& action, const std::optional<bool>& disabled,
                          const std::optional<std::string>& passwordHash, std::int64_t nowMs) {
    Result<SqlStatement*> st = makeError(ErrorCode::InvalidArgument, "nothing to change");
    if (disabled) {
        st = runSql(c, "UPDATE people SET disabled = ?2 WHERE username = ?1", [&](SqlStatement& s) {
            s.bindText(1, username);
            s.bindInt(2, *disabled ? 1 : 0);
        });
    } else if (passwordHash) {
        st = runSql(c, "UPDATE people SET password_hash = ?2, failed_attempts = 0 WHERE username = ?1",
                    [&](SqlStatement& s) {
                        s.bindText(1, username);
                        s.bindText(2, *passwordHash);
                    });
    } else {
        st = runSql(c, "UPDATE people SET failed_attempts = 0 WHERE username = ?1",
                    [&](SqlStatement& s) { s.bindText(1, username); });
    }
    if (!st) {
        return st.error();
    }
    if ((*st)->affectedRows() != 1) {
        return false;
    }
    if ((disabled && *disabled) || passwordHash) {
        // A disabled account, or a new password: every session it holds ends now.
        auto end = runSql(c, "DELETE FROM person_sessions WHERE username = ?1",
                          [&](SqlStatement& s) { s.bindText(1, username); });
        if (!end) {
            return end.error();
        }
    }
    if (auto s = audit(c, nowMs, actor, "person." + action, username, nlohmann::json::object()); !s) {
        return s.error();
    }
    return true;
}

Status recordLogin(SqlConnection& c, const std::string& username, bool ok, const std::string& from,
                   std::int64_t nowMs) {
    auto st = runSql(c,
                     ok ? "UPDATE people SET failed_attempts = 0 WHERE username = ?1"
                        : "UPDATE people SET failed_attempts = failed_attempts + 1 WHERE username = ?1",
                     [&](SqlStatement& s) { s.bindText(1, username); });
    if (!st) {
        return st.error();
    }
    return audit(c, nowMs, username, ok ? "session.login" : "session.refused", username, {{"from", from}});
}

Status insertSession(SqlConnection& c, const std::string& tokenSha256, const PersonSession& session,
                     std::int64_t nowMs) {
    auto st = runSql(c,
                     "INSERT INTO person_sessions(token_sha256, username, role, port, created_ms, expires_ms) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     [&](SqlStatement& s) {
                         s.bindText(1, tokenSha256);
                         s.bindText(2, session.username);
                         s.bindText(3, session.role);
                         s.bindText(4, session.port);
                         s.bindInt(5, nowMs);
                         s.bindInt(6, session.expiresMs);
                     });
    return st ? Status{} : Status(st.error());
}

Result<std::optional<PersonSession>> touchSession(SqlConnection& c, const std::string& tokenSha256, std::int64_t nowMs,
                                                  std::int64_t idleMs, std::int64_t maxMs) {
    using Out = std::optional<PersonSession>;
    auto up =
        runSql(c,
               "UPDATE person_sessions SET expires_ms = CASE WHEN created_ms + CAST(?4 AS BIGINT) < CAST(?2 AS BIGINT) "
               "+ CAST(?3 AS BIGINT) THEN created_ms + ?4 ELSE ?2 + ?3 END WHERE token_sha256 = ?1 AND expires_ms > ?2 "
               "AND username IN (SELECT "
               "username FROM people WHERE disabled = 0) RETURNING username, role, port, expires_ms",
               [&](SqlStatement& s) {
                   s.bindText(1, tokenSha256);
                   s.bindInt(2, nowMs);
                   s.bindInt(3, idleMs);
                   s.bindInt(4, maxMs);
               });
    if (!up) {
        return up.error();
    }
    if (!(*up)->next()) {
        return Out();
    }
    PersonSession s{(*up)->getText(0), (*up)->getText(1), (*up)->getText(2), (*up)->getInt(3)};
    while ((*up)->next()) {
    }
    return Out(std::move(s));
}

Status deleteSession(SqlConnection& c, const std::string& tokenSha256, const std::string& actor, std::int64_t nowMs) {
    auto st = runSql(c, "DELETE FROM person_sessions WHERE token_sha256 = ?1",
                     [&](SqlStatement& s) { s.bindText(1, tokenSha256); });
    if (!st) {
        return st.error();
    }
    return audit(c, nowMs, actor, "session.logout", actor, nlohmann::json::object());
}

} // namespace portico::central::storage::reviewsql
