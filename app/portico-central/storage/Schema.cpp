// SPDX-License-Identifier: GPL-3.0-or-later
// Central's schema history: one numbered, forward-only list per engine, applied in order. The two lists describe
// the same tables; they differ only where the engines' types must (BLOB / BYTEA). Never edit a shipped migration:
// add the next one.
#include "storage/Schema.h"

namespace portico::central::storage {
namespace {

/// Migration 3, one text for both engines: only the binary column's type differs.
std::string reviewTables(const std::string& blob) {
    return R"sql(
CREATE TABLE cases(
    case_id TEXT PRIMARY KEY, port TEXT NOT NULL, device_id TEXT NOT NULL, inspection_id TEXT NOT NULL,
    lane BIGINT NOT NULL, reasons TEXT NOT NULL, outcome TEXT NOT NULL, decision TEXT NOT NULL,
    age_band TEXT NOT NULL, sex TEXT NOT NULL, summary TEXT NOT NULL, state TEXT NOT NULL,
    claimed_by TEXT, lease_until_ms BIGINT, resolution TEXT, resolution_note )sql" +
           blob + R"sql(, resolved_by TEXT, resolved_ms BIGINT,
    version BIGINT NOT NULL, decided_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,
    CONSTRAINT cases_inspection_unique UNIQUE(inspection_id));
CREATE INDEX cases_port_state ON cases(port, state, created_ms);
CREATE TABLE case_evidence(
    case_id TEXT NOT NULL, kind TEXT NOT NULL, sealed )sql" +
           blob + R"sql( NOT NULL, purge_after_ms BIGINT NOT NULL, PRIMARY KEY(case_id, kind));
CREATE INDEX case_evidence_purge ON case_evidence(purge_after_ms);
CREATE TABLE people(
    username TEXT PRIMARY KEY, display_name TEXT NOT NULL, role TEXT NOT NULL, port TEXT NOT NULL,
    password_hash TEXT NOT NULL, disabled BIGINT NOT NULL DEFAULT 0, failed_attempts BIGINT NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL);
CREATE TABLE person_sessions(
    token_sha256 TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL, port TEXT NOT NULL,
    created_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL);
CREATE TABLE record_facts(
    inspection_id TEXT PRIMARY KEY, port TEXT NOT NULL, device_id TEXT NOT NULL, lane BIGINT NOT NULL,
    outcome TEXT NOT NULL, decision TEXT NOT NULL, opted_out BIGINT NOT NULL, frames_before_opt_out BIGINT,
    age_band TEXT NOT NULL, sex TEXT NOT NULL, captured_ms BIGINT, decided_ms BIGINT NOT NULL,
    time_to_capture_ms BIGINT);
CREATE INDEX record_facts_port_day ON record_facts(port, decided_ms);
CREATE TABLE central_audit(
    sequence BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    object_ref TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
)sql";
}

const std::vector<Migration> kSqlite = {
    {1, "the reference server's first tables", R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS manifest_entries(
    port TEXT NOT NULL, appointment_id TEXT NOT NULL, version INTEGER NOT NULL, removed INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL, PRIMARY KEY(port, appointment_id));
CREATE INDEX IF NOT EXISTS manifest_entries_version ON manifest_entries(port, version);
CREATE TABLE IF NOT EXISTS photos(id TEXT PRIMARY KEY, jpeg BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS inspections(
    id TEXT NOT NULL, device_id TEXT NOT NULL, device_sequence INTEGER NOT NULL, content_sha256 TEXT NOT NULL,
    record TEXT NOT NULL, received_ms INTEGER NOT NULL, CONSTRAINT inspections_id_unique UNIQUE(id));
CREATE TABLE IF NOT EXISTS audit_heads(
    device_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, hash TEXT NOT NULL, received_ms INTEGER NOT NULL);
INSERT INTO meta(key, value) VALUES ('manifest_version', 0), ('duplicates', 0), ('rejects', 0),
    ('requests', 0), ('batches', 0) ON CONFLICT(key) DO NOTHING;
)sql"},
    {2, "device tokens; every audit head kept, so a forked chain stays visible; sequence index", R"sql(
CREATE TABLE devices(
    device_id TEXT PRIMARY KEY, port TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL,
    revoked_ms INTEGER);
CREATE TABLE audit_head_log(
    device_id TEXT NOT NULL, sequence INTEGER NOT NULL, hash TEXT NOT NULL, first_seen_ms INTEGER NOT NULL,
    PRIMARY KEY(device_id, sequence, hash));
INSERT INTO audit_head_log(device_id, sequence, hash, first_seen_ms)
    SELECT device_id, sequence, hash, received_ms FROM audit_heads;
DROP TABLE audit_heads;
CREATE INDEX inspections_device_sequence ON inspections(device_id, device_sequence);
)sql"},
    {3, "review cases with sealed evidence, the people who review them, central's audit chain, record facts",
     reviewTables("BLOB")},
};

const std::vector<Migration> kPostgres = {
    {1, "the reference server's first tables", R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS manifest_entries(
    port TEXT NOT NULL, appointment_id TEXT NOT NULL, version BIGINT NOT NULL, removed INTEGER NOT NULL DEFAULT 0,
    json TEXT NOT NULL, PRIMARY KEY(port, appointment_id));
CREATE INDEX IF NOT EXISTS manifest_entries_version ON manifest_entries(port, version);
CREATE TABLE IF NOT EXISTS photos(id TEXT PRIMARY KEY, jpeg BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS inspections(
    id TEXT NOT NULL, device_id TEXT NOT NULL, device_sequence BIGINT NOT NULL, content_sha256 TEXT NOT NULL,
    record TEXT NOT NULL, received_ms BIGINT NOT NULL, CONSTRAINT inspections_id_unique UNIQUE(id));
CREATE TABLE IF NOT EXISTS audit_heads(
    device_id TEXT PRIMARY KEY, sequence BIGINT NOT NULL, hash TEXT NOT NULL, received_ms BIGINT NOT NULL);
INSERT INTO meta(key, value) VALUES ('manifest_version', 0), ('duplicates', 0), ('rejects', 0),
    ('requests', 0), ('batches', 0) ON CONFLICT(key) DO NOTHING;
)sql"},
    {2, "device tokens; every audit head kept, so a forked chain stays visible; sequence index", R"sql(
CREATE TABLE devices(
    device_id TEXT PRIMARY KEY, port TEXT NOT NULL, token_sha256 TEXT NOT NULL UNIQUE, created_ms BIGINT NOT NULL,
    revoked_ms BIGINT);
CREATE TABLE audit_head_log(
    device_id TEXT NOT NULL, sequence BIGINT NOT NULL, hash TEXT NOT NULL, first_seen_ms BIGINT NOT NULL,
    PRIMARY KEY(device_id, sequence, hash));
INSERT INTO audit_head_log(device_id, sequence, hash, first_seen_ms)
    SELECT device_id, sequence, hash, received_ms FROM audit_heads;
DROP TABLE audit_heads;
CREATE INDEX inspections_device_sequence ON inspections(device_id, device_sequence);
)sql"},
    {3, "review cases with sealed evidence, the people who review them, central's audit chain, record facts",
     reviewTables("BYTEA")},
};

} // namespace

const std::vector<Migration>& migrationsFor(SqlEngine engine) {
    return engine == SqlEngine::Postgres ? kPostgres : kSqlite;
}

int latestSchemaVersion() {
    return static_cast<int>(kSqlite.size());
}

Status migrate(SqlConnection& c) {
    const auto& list = migrationsFor(c.engine());
    if (auto s = c.begin(); !s) {
        return s;
    }
    auto fail = [&c](Error e) {
        c.rollback();
        return e;
    };
    if (c.engine() == SqlEngine::Postgres) {
        // Instances starting together: the first applies the migrations, the others wait here, then find none left.
        if (auto s = c.exec("SELECT pg_advisory_xact_lock(5064427268106957)"); !s) {
            return fail(s.error());
        }
    }
    if (auto s = c.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)"); !s) {
        return fail(s.error());
    }
    auto read = c.prepare("SELECT version FROM schema_version");
    if (!read) {
        return fail(read.error());
    }
    (*read)->reset();
    if (auto s = (*read)->execute(); !s) {
        return fail(s.error());
    }
    int current = 0;
    bool hasRow = false;
    if ((*read)->next()) {
        current = static_cast<int>((*read)->getInt(0));
        hasRow = true;
    }
    c.releaseStatements();
    const int latest = latestSchemaVersion();
    if (current > latest) {
        return fail(makeError(ErrorCode::DatabaseTooNew,
                              "the database schema is version " + std::to_string(current) +
                                  ", newer than this portico-central's " + std::to_string(latest) +
                                  "; run a newer portico-central (a database is never migrated backwards)"));
    }
    for (const auto& m : list) {
        if (m.version <= current) {
            continue;
        }
        if (auto s = c.exec(m.sql); !s) {
            return fail(makeError(ErrorCode::DatabaseError, "migration " + std::to_string(m.version) + " (" +
                                                                m.summary + ") failed: " + s.error().detail));
        }
        current = m.version;
    }
    const std::string set = hasRow ? "UPDATE schema_version SET version = " + std::to_string(current)
                                   : "INSERT INTO schema_version(version) VALUES (" + std::to_string(current) + ")";
    if (auto s = c.exec(set); !s) {
        return fail(s.error());
    }
    if (auto s = c.commit(); !s) {
        return fail(s.error());
    }
    return {};
}

} // namespace portico::central::storage
