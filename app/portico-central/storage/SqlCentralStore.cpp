// SPDX-License-Identifier: GPL-3.0-or-later
// One CentralStore for both engines (the shape of PowerDNS's generic SQL backend): the same statements, written
// once in the SQL both SQLite 3.40 and PostgreSQL 15 accept, over a pool of engine connections.
#include "storage/CentralStore.h"
#include "storage/PgConnection.h"
#include "storage/ReviewSql.h"
#include "storage/Schema.h"
#include "storage/SqlHelpers.h"
#include "storage/SqliteConnection.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace portico::central::storage {
namespace {

class SqlCentralStore final : public CentralStore {
public:
    SqlCentralStore(SqlEngine engine, std::unique_ptr<ConnectionPool> pool)
        : m_engine(engine), m_pool(std::move(pool)) {}

    SqlEngine engine() const override { return m_engine; }

    Result<std::int64_t> manifestVersion() override {
        return read<std::int64_t>([](SqlConnection& c) -> Result<std::int64_t> {
            return one(c, "SELECT value FROM meta WHERE key = 'manifest_version'");
        });
    }

    Result<bool> hasPort(const std::string& port) override {
        return read<bool>([&](SqlConnection& c) -> Result<bool> {
            auto st = run(c, "SELECT 1 FROM manifest_entries WHERE port = ?1 LIMIT 1",
                          [&](SqlStatement& s) { s.bindText(1, port); });
            if (!st) {
                return st.error();
            }
            return (*st)->next();
        });
    }

    Result<std::vector<StoredEntry>> entriesSince(const std::string& port, std::int64_t since) override {
        return read<std::vector<StoredEntry>>([&](SqlConnection& c) -> Result<std::vector<StoredEntry>> {
            auto st = run(c,
                          since == 0 ? "SELECT appointment_id, json, version, removed FROM manifest_entries "
                                       "WHERE port = ?1 AND removed = 0 AND version > ?2 ORDER BY appointment_id"
                                     : "SELECT appointment_id, json, version, removed FROM manifest_entries "
                                       "WHERE port = ?1 AND version > ?2 ORDER BY appointment_id",
                          [&](SqlStatement& s) {
                              s.bindText(1, port);
                              s.bindInt(2, since);
                          });
            if (!st) {
                return st.error();
            }
            std::vector<StoredEntry> out;
            while ((*st)->next()) {
                out.push_back({(*st)->getText(0), (*st)->getText(1), (*st)->getInt(2), (*st)->getInt(3) != 0});
            }
            return out;
        });
    }

    Status putEntries(const std::string& port, const std::vector<StoredEntry>& upserts,
                      const std::vector<std::string>& removals) override {
        return write([&](SqlConnection& c) -> Status {
            auto bump = run(c, "UPDATE meta SET value = value + 1 WHERE key = 'manifest_version' RETURNING value",
                            [](SqlStatement&) {});
            if (!bump) {
                return bump.error();
            }
            if (!(*bump)->next()) {
                return makeError(ErrorCode::DatabaseCorrupt, "the manifest version row is missing");
            }
            const std::int64_t version = (*bump)->getInt(0);
            for (const auto& e : upserts) {
                auto st = run(c,
                              "INSERT INTO manifest_entries(port, appointment_id, version, removed, json) "
                              "VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT(port, appointment_id) DO UPDATE SET "
                              "version = excluded.version, removed = 0, json = excluded.json",
                              [&](SqlStatement& s) {
                                  s.bindText(1, port);
                                  s.bindText(2, e.appointmentId);
                                  s.bindInt(3, version);
                                  s.bindText(4, e.json);
                              });
                if (!st) {
                    return st.error();
                }
            }
            for (const auto& id : removals) {
                auto st = run(c,
                              "UPDATE manifest_entries SET version = ?3, removed = 1, json = '{}' "
                              "WHERE port = ?1 AND appointment_id = ?2",
                              [&](SqlStatement& s) {
                                  s.bindText(1, port);
                                  s.bindText(2, id);
                                  s.bindInt(3, version);
                              });
                if (!st) {
                    return st.error();
                }
            }
            return {};
        });
    }

    Status putPhoto(const std::string& id, const std::vector<std::uint8_t>& jpeg) override {
        return write([&](SqlConnection& c) -> Status {
            auto st = run(c,
                          "INSERT INTO photos(id, jpeg) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET jpeg = "
                          "excluded.jpeg",
                          [&](SqlStatement& s) {
                              s.bindText(1, id);
                              s.bindBlob(2, jpeg);
                          });
            return st ? Status{} : Status(st.error());
        });
    }

    Result<std::optional<std::vector<std::uint8_t>>> photo(const std::string& id) override {
        using Out = std::optional<std::vector<std::uint8_t>>;
        return read<Out>([&](SqlConnection& c) -> Result<Out> {
            auto st = run(c, "SELECT jpeg FROM photos WHERE id = ?1", [&](SqlStatement& s) { s.bindText(1, id); });
            if (!st) {
                return st.error();
            }
            if (!(*st)->next()) {
                return Out();
            }
            return Out((*st)->getBlob(0));
        });
    }

    Result<std::vector<StoreOutcome>> storeInspections(const std::string& deviceId,
                                                       const std::optional<AuditHead>& head,
                                                       const std::vector<IncomingRecord>& records,
                                                       std::int64_t rejectsInBatch, std::int64_t nowMs) override {
        std::vector<StoreOutcome> out;
        auto s = write([&](SqlConnection& c) -> Status {
            out.clear();
            out.reserve(records.size());
            std::int64_t duplicates = 0;
            std::int64_t rejects = rejectsInBatch;
            for (const auto& r : records) {
                // The unique constraint decides, inside this transaction: a concurrent writer of the same id (another
                // instance, a retry) waits for ours and then sees it, so each id is stored once.
                auto ins = run(c,
                               "INSERT INTO inspections(id, device_id, device_sequence, content_sha256, record, "
                               "received_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO NOTHING",
                               [&](SqlStatement& st) {
                                   st.bindText(1, r.id);
                                   st.bindText(2, deviceId);
                                   st.bindInt(3, r.deviceSequence);
                                   st.bindText(4, r.contentHash);
                                   st.bindText(5, r.record);
                                   st.bindInt(6, nowMs);
                               });
                if (!ins) {
                    return ins.error();
                }
                if ((*ins)->affectedRows() == 1) {
                    // Stored now, so its case opens now: a replay (duplicate) never opens a second one.
                    if (r.reviewCase) {
                        if (auto opened = reviewsql::insertCase(c, deviceId, r.id, *r.reviewCase, nowMs); !opened) {
                            return opened;
                        }
                    }
                    if (r.facts) {
                        if (auto kept = reviewsql::insertFacts(c, deviceId, r.id, *r.facts); !kept) {
                            return kept;
                        }
                    }
                    out.push_back(StoreOutcome::Accepted);
                    continue;
                }
                auto existing = run(c, "SELECT content_sha256 FROM inspections WHERE id = ?1",
                                    [&](SqlStatement& st) { st.bindText(1, r.id); });
                if (!existing) {
                    return existing.error();
                }
                if (!(*existing)->next()) {
                    return makeError(ErrorCode::DatabaseError, "a conflicting record vanished");
                }
                if ((*existing)->getText(0) == r.contentHash) {
                    ++duplicates;
                    out.push_back(StoreOutcome::Duplicate);
                } else {
                    ++rejects;
                    out.push_back(StoreOutcome::Conflict);
                }
            }
            if (head) {
                // Every distinct head is kept: a second hash for one sequence is a forked or rewritten chain.
                auto h = run(c,
                             "INSERT INTO audit_head_log(device_id, sequence, hash, first_seen_ms) "
                             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(device_id, sequence, hash) DO NOTHING",
                             [&](SqlStatement& st) {
                                 st.bindText(1, deviceId);
                                 st.bindInt(2, head->sequence);
                                 st.bindText(3, head->hash);
                                 st.bindInt(4, nowMs);
                             });
                if (!h) {
                    return h.error();
                }
                if ((*h)->affectedRows() == 1) {
                    auto forked = run(c, "SELECT COUNT(*) FROM audit_head_log WHERE device_id = ?1 AND sequence = ?2",
                                      [&](SqlStatement& st) {
                                          st.bindText(1, deviceId);
                                          st.bindInt(2, head->sequence);
                                      });
                    if (forked && (*forked)->next() && (*forked)->getInt(0) > 1) {
                        spdlog::warn("audit chain fork: a device sent a second hash for one audit sequence");
                    }
                }
            }
            for (const auto& [key, add] : {std::pair<const char*, std::int64_t>{"batches", 1},
                                           {"duplicates", duplicates},
                                           {"rejects", rejects}}) {
                if (add == 0) {
                    continue;
                }
                auto st = run(c, "UPDATE meta SET value = value + ?2 WHERE key = ?1", [&](SqlStatement& q) {
                    q.bindText(1, key);
                    q.bindInt(2, add);
                });
                if (!st) {
                    return st.error();
                }
            }
            return {};
        });
        if (!s) {
            return s.error();
        }
        return out;
    }

    Status countRequest() override {
        return write([](SqlConnection& c) -> Status {
            auto st = run(c, "UPDATE meta SET value = value + 1 WHERE key = 'requests'", [](SqlStatement&) {});
            return st ? Status{} : Status(st.error());
        });
    }

    Result<CentralStats> stats() override {
        return read<CentralStats>([](SqlConnection& c) -> Result<CentralStats> {
            CentralStats s;
            struct Field {
                std::int64_t* into;
                const char* sql;
            };
            const Field fields[] = {
                {&s.recordsStored, "SELECT COUNT(*) FROM inspections"},
                {&s.duplicatesSeen, "SELECT value FROM meta WHERE key = 'duplicates'"},
                {&s.rejects, "SELECT value FROM meta WHERE key = 'rejects'"},
                {&s.requests, "SELECT value FROM meta WHERE key = 'requests'"},
                {&s.inspectionBatches, "SELECT value FROM meta WHERE key = 'batches'"},
                {&s.manifestVersion, "SELECT value FROM meta WHERE key = 'manifest_version'"},
                {&s.manifestEntries, "SELECT COUNT(*) FROM manifest_entries WHERE removed = 0"},
                {&s.photos, "SELECT COUNT(*) FROM photos"},
                {&s.distinctDevices, "SELECT COUNT(DISTINCT device_id) FROM inspections"},
                {&s.auditForks, "SELECT COUNT(*) FROM (SELECT device_id, sequence FROM audit_head_log "
                                "GROUP BY device_id, sequence HAVING COUNT(*) > 1) AS forks"},
                {&s.schemaVersion, "SELECT version FROM schema_version"},
                {&s.cases, "SELECT COUNT(*) FROM cases"},
                {&s.openCases, "SELECT COUNT(*) FROM cases WHERE state <> 'resolved'"},
                {&s.evidence, "SELECT COUNT(*) FROM case_evidence"},
            };
            for (const auto& f : fields) {
                auto v = one(c, f.sql);
                if (!v) {
                    return v.error();
                }
                *f.into = *v;
            }
            return s;
        });
    }

    Result<Reconciliation> reconcile(const std::string& deviceId) override {
        return read<Reconciliation>([&](SqlConnection& c) -> Result<Reconciliation> {
            Reconciliation r;
            r.deviceId = deviceId;
            auto bind = [&](SqlStatement& s) { s.bindText(1, deviceId); };
            auto totals = run(c,
                              "SELECT COUNT(*), CAST(COALESCE(MAX(device_sequence), 0) AS BIGINT), "
                              "COUNT(DISTINCT device_sequence) FROM inspections WHERE device_id = ?1",
                              bind);
            if (!totals || !(*totals)->next()) {
                return totals ? makeError(ErrorCode::DatabaseError, "reconcile") : totals.error();
            }
            r.records = (*totals)->getInt(0);
            r.highestSequence = (*totals)->getInt(1);
            r.duplicateSequences = r.records - (*totals)->getInt(2);
            auto gaps = run(c,
                            "SELECT prev + 1, device_sequence - 1 FROM (SELECT device_sequence, "
                            "LAG(device_sequence, 1, CAST(0 AS BIGINT)) OVER (ORDER BY device_sequence) AS prev FROM "
                            "(SELECT DISTINCT device_sequence FROM inspections WHERE device_id = ?1) AS d) AS g "
                            "WHERE device_sequence > prev + 1 ORDER BY device_sequence",
                            bind);
            if (!gaps) {
                return gaps.error();
            }
            while ((*gaps)->next()) {
                const std::int64_t from = (*gaps)->getInt(0);
                const std::int64_t to = (*gaps)->getInt(1);
                r.missingCount += to - from + 1;
                if (r.missing.size() < 1000) {
                    r.missing.emplace_back(from, to);
                }
            }
            auto head = run(c,
                            "SELECT sequence, hash FROM audit_head_log WHERE device_id = ?1 "
                            "ORDER BY sequence DESC, first_seen_ms DESC LIMIT 1",
                            bind);
            if (!head) {
                return head.error();
            }
            if ((*head)->next()) {
                r.lastAuditHead = AuditHead{(*head)->getInt(0), (*head)->getText(1)};
            }
            auto forks = run(c,
                             "SELECT COUNT(*) FROM (SELECT sequence FROM audit_head_log WHERE device_id = ?1 "
                             "GROUP BY sequence HAVING COUNT(*) > 1) AS f",
                             bind);
            if (!forks || !(*forks)->next()) {
                return forks ? makeError(ErrorCode::DatabaseError, "reconcile") : forks.error();
            }
            r.auditForks = (*forks)->getInt(0);
            return r;
        });
    }

    Result<std::vector<StoredRecord>> records(const std::string& deviceId, std::int64_t afterSequence,
                                              std::size_t limit) override {
        return read<std::vector<StoredRecord>>([&](SqlConnection& c) -> Result<std::vector<StoredRecord>> {
            auto st = run(c,
                          "SELECT id, device_sequence, content_sha256, record, received_ms FROM inspections "
                          "WHERE device_id = ?1 AND device_sequence > ?2 ORDER BY device_sequence, id LIMIT ?3",
                          [&](SqlStatement& s) {
                              s.bindText(1, deviceId);
                              s.bindInt(2, afterSequence);
                              s.bindInt(3, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1u << 30)));
                          });
            if (!st) {
                return st.error();
            }
            std::vector<StoredRecord> out;
            while ((*st)->next()) {
                out.push_back(
                    {(*st)->getText(0), (*st)->getInt(1), (*st)->getText(2), (*st)->getText(3), (*st)->getInt(4)});
            }
            return out;
        });
    }

    Status addDevice(const Device& device, const std::string& tokenSha256) override {
        return write([&](SqlConnection& c) -> Status {
            auto existing = run(c, "SELECT revoked_ms FROM devices WHERE device_id = ?1",
                                [&](SqlStatement& s) { s.bindText(1, device.deviceId); });
            if (!existing) {
                return existing.error();
            }
            if ((*existing)->next()) {
                if ((*existing)->isNull(0)) {
                    return makeError(ErrorCode::Conflict,
                                     "station " + device.deviceId + " is already registered; revoke its token first");
                }
                auto del = run(c, "DELETE FROM devices WHERE device_id = ?1",
                               [&](SqlStatement& s) { s.bindText(1, device.deviceId); });
                if (!del) {
                    return del.error();
                }
            }
            auto ins = run(c, "INSERT INTO devices(device_id, port, token_sha256, created_ms) VALUES (?1, ?2, ?3, ?4)",
                           [&](SqlStatement& s) {
                               s.bindText(1, device.deviceId);
                               s.bindText(2, device.port);
                               s.bindText(3, tokenSha256);
                               s.bindInt(4, device.createdMs);
                           });
            return ins ? Status{} : Status(ins.error());
        });
    }

    Result<bool> revokeDevice(const std::string& deviceId, std::int64_t nowMs) override {
        bool revoked = false;
        auto s = write([&](SqlConnection& c) -> Status {
            auto st = run(c, "UPDATE devices SET revoked_ms = ?2 WHERE device_id = ?1 AND revoked_ms IS NULL",
                          [&](SqlStatement& q) {
                              q.bindText(1, deviceId);
                              q.bindInt(2, nowMs);
                          });
            if (!st) {
                return st.error();
            }
            revoked = (*st)->affectedRows() == 1;
            return {};
        });
        if (!s) {
            return s.error();
        }
        return revoked;
    }

    Result<std::optional<Device>> deviceForToken(const std::string& tokenSha256) override {
        using Out = std::optional<Device>;
        return read<Out>([&](SqlConnection& c) -> Result<Out> {
            auto st = run(c, "SELECT device_id, port, created_ms, revoked_ms FROM devices WHERE token_sha256 = ?1",
                          [&](SqlStatement& s) { s.bindText(1, tokenSha256); });
            if (!st) {
                return st.error();
            }
            if (!(*st)->next()) {
                return Out();
            }
            return Out(deviceFrom(**st));
        });
    }

    Result<std::vector<Device>> devices() override {
        return read<std::vector<Device>>([](SqlConnection& c) -> Result<std::vector<Device>> {
            auto st = run(c, "SELECT device_id, port, created_ms, revoked_ms FROM devices ORDER BY device_id",
                          [](SqlStatement&) {});
            if (!st) {
                return st.error();
            }
            std::vector<Device> out;
            while ((*st)->next()) {
                out.push_back(deviceFrom(**st));
            }
            return out;
        });
    }

    Result<std::vector<CentralCase>> cases(const CaseQuery& query) override {
        const std::int64_t now = nowMs();
        return read<std::vector<CentralCase>>([&](SqlConnection& c) { return reviewsql::listCases(c, query, now); });
    }

    Result<std::optional<CentralCase>> viewCase(const std::string& port, const std::string& caseId,
                                                const std::string& actor, std::int64_t nowMs) override {
        return writeReturning<std::optional<CentralCase>>([&](SqlConnection& c) -> Result<std::optional<CentralCase>> {
            auto found = reviewsql::loadCase(c, port, caseId);
            if (!found || !found->has_value()) {
                return found;
            }
            // Audited before it is answered, in the same transaction: no audit, no case.
            if (auto s = reviewsql::appendAudit(c, {0, nowMs, actor, "case.view", caseId, "{}", {}}); !s) {
                return s.error();
            }
            return found;
        });
    }

    Result<std::optional<std::vector<std::uint8_t>>> viewEvidence(const std::string& port, const std::string& caseId,
                                                                  const std::string& kind, const std::string& actor,
                                                                  std::int64_t nowMs) override {
        using Out = std::optional<std::vector<std::uint8_t>>;
        return writeReturning<Out>([&](SqlConnection& c) -> Result<Out> {
            auto found = reviewsql::loadCase(c, port, caseId);
            if (!found) {
                return found.error();
            }
            if (!found->has_value()) {
                return Out();
            }
            auto ev = reviewsql::loadEvidence(c, caseId, kind);
            if (!ev || !ev->has_value()) {
                return ev;
            }
            const std::string details = nlohmann::json{{"kind", kind}}.dump();
            if (auto s = reviewsql::appendAudit(c, {0, nowMs, actor, "case.evidence.view", caseId, details, {}}); !s) {
                return s.error();
            }
            return ev;
        });
    }

    Result<CaseStepResult> stepCase(const CaseStep& step) override {
        return writeReturning<CaseStepResult>([&](SqlConnection& c) { return reviewsql::applyStep(c, step); });
    }

    Result<std::vector<RecordFacts>> facts(const std::string& port, std::int64_t fromMs, std::int64_t toMs) override {
        return read<std::vector<RecordFacts>>(
            [&](SqlConnection& c) { return reviewsql::loadFacts(c, port, fromMs, toMs); });
    }

    Result<CaseQueue> queue(const std::string& port, std::int64_t nowMs) override {
        return read<CaseQueue>([&](SqlConnection& c) -> Result<CaseQueue> {
            auto st = runSql(c,
                             "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 'claimed' AND lease_until_ms >= ?2 "
                             "THEN 1 ELSE 0 END), 0), MIN(created_ms) FROM cases WHERE port = ?1 AND state <> "
                             "'resolved'",
                             [&](SqlStatement& s) {
                                 s.bindText(1, port);
                                 s.bindInt(2, nowMs);
                             });
            if (!st) {
                return st.error();
            }
            CaseQueue q;
            if ((*st)->next()) {
                q.claimed = (*st)->getInt(1);
                q.open = (*st)->getInt(0) - q.claimed;
                if (!(*st)->isNull(2)) {
                    q.oldestCreatedMs = (*st)->getInt(2);
                }
            }
            return q;
        });
    }

    Result<std::int64_t> purgeEvidence(std::int64_t nowMs) override {
        return writeReturning<std::int64_t>([&](SqlConnection& c) { return reviewsql::purgeEvidence(c, nowMs); });
    }

    Status addPerson(const Person& person, const std::string& actor, std::int64_t nowMs) override {
        return write([&](SqlConnection& c) { return reviewsql::insertPerson(c, person, actor, nowMs); });
    }

    Result<std::optional<Person>> person(const std::string& username) override {
        return read<std::optional<Person>>([&](SqlConnection& c) { return reviewsql::loadPerson(c, username); });
    }

    Result<std::vector<Person>> people() override {
        return read<std::vector<Person>>([](SqlConnection& c) { return reviewsql::listPeople(c); });
    }

    Result<bool> updatePerson(const std::string& username, const std::string& actor, const std::string& action,
                              const std::optional<bool>& disabled, const std::optional<std::string>& passwordHash,
                              std::int64_t nowMs) override {
        return writeReturning<bool>([&](SqlConnection& c) {
            return reviewsql::updatePerson(c, username, actor, action, disabled, passwordHash, nowMs);
        });
    }

    Status recordLogin(const std::string& username, bool ok, const std::string& from, std::int64_t nowMs) override {
        return write([&](SqlConnection& c) { return reviewsql::recordLogin(c, username, ok, from, nowMs); });
    }

    Status addSession(const std::string& tokenSha256, const PersonSession& session, std::int64_t nowMs) override {
        return write([&](SqlConnection& c) { return reviewsql::insertSession(c, tokenSha256, session, nowMs); });
    }

    Result<std::optional<PersonSession>> session(const std::string& tokenSha256, std::int64_t nowMs,
                                                 std::int64_t idleMs, std::int64_t maxMs) override {
        return writeReturning<std::optional<PersonSession>>(
            [&](SqlConnection& c) { return reviewsql::touchSession(c, tokenSha256, nowMs, idleMs, maxMs); });
    }

    Status endSession(const std::string& tokenSha256, const std::string& actor, std::int64_t nowMs) override {
        return write([&](SqlConnection& c) { return reviewsql::deleteSession(c, tokenSha256, actor, nowMs); });
    }

    Status audit(const CentralAuditEntry& entry) override {
        return write([&](SqlConnection& c) { return reviewsql::appendAudit(c, entry); });
    }

    Result<std::vector<CentralAuditEntry>> auditEntries(std::int64_t afterSequence, std::size_t limit) override {
        return read<std::vector<CentralAuditEntry>>(
            [&](SqlConnection& c) { return reviewsql::auditEntries(c, afterSequence, limit); });
    }

    Result<AuditChainCheck> verifyAudit() override {
        return read<AuditChainCheck>([](SqlConnection& c) { return reviewsql::verifyChain(c); });
    }

private:
    static std::int64_t nowMs() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    static Device deviceFrom(SqlStatement& s) {
        Device d{s.getText(0), s.getText(1), s.getInt(2), std::nullopt};
        if (!s.isNull(3)) {
            d.revokedMs = s.getInt(3);
        }
        return d;
    }

    template <class Bind>
    static Result<SqlStatement*> run(SqlConnection& c, const char* sql, Bind&& bind) {
        return runSql(c, sql, std::forward<Bind>(bind));
    }

    static Result<std::int64_t> one(SqlConnection& c, const char* sql) { return oneInt(c, sql); }

    /// A read: on a connection lost (a fail-over, a restarted server) it is tried once more on a fresh connection.
    template <class T, class Fn>
    Result<T> read(Fn&& fn) {
        for (int attempt = 0;; ++attempt) {
            auto lease = m_pool->acquire();
            if (!lease) {
                return lease.error();
            }
            auto r = fn(**lease);
            (*lease)->releaseStatements();
            if (r || attempt > 0 || (*lease)->lastFailure() != SqlFailure::ConnectionLost) {
                return r;
            }
        }
    }

    /// A write transaction whose work yields a value (the value only once it is committed).
    template <class T, class Fn>
    Result<T> writeReturning(Fn&& fn) {
        std::optional<T> out;
        auto s = write([&](SqlConnection& c) -> Status {
            auto r = fn(c);
            if (!r) {
                return r.error();
            }
            out = std::move(r.value());
            return {};
        });
        if (!s) {
            return s.error();
        }
        return std::move(*out);
    }

    /// A write transaction. Never retried here: if the connection died during COMMIT the outcome is unknown, and
    /// only the client's retry (idempotent by record id) can resolve it.
    template <class Fn>
    Status write(Fn&& fn) {
        auto lease = m_pool->acquire();
        if (!lease) {
            return lease.error();
        }
        SqlConnection& c = **lease;
        if (auto s = c.begin(); !s) {
            return s;
        }
        auto done = fn(c);
        c.releaseStatements();
        if (!done) {
            c.rollback();
            return done;
        }
        if (auto s = c.commit(); !s) {
            c.rollback();
            return s;
        }
        return {};
    }

    SqlEngine m_engine;
    std::unique_ptr<ConnectionPool> m_pool;
};

} // namespace

Result<std::unique_ptr<CentralStore>> openStore(const StoreConfig& config) {
    ConnectionPool::Factory factory;
    if (config.engine == SqlEngine::Postgres) {
        factory = [conninfo = config.postgresConninfo] { return PgConnection::open(conninfo); };
    } else {
        factory = [file = config.sqliteFile] { return SqliteConnection::open(file); };
    }
    auto first = factory();
    if (!first) {
        return first.error();
    }
    if (auto s = migrate(**first); !s) {
        return s.error();
    }
    auto pool = std::make_unique<ConnectionPool>(std::move(factory), config.poolSize);
    return std::unique_ptr<CentralStore>(std::make_unique<SqlCentralStore>(config.engine, std::move(pool)));
}

} // namespace portico::central::storage
