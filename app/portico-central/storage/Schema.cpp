// SPDX-License-Identifier: GPL-3.0-or-later
// Central's schema history: one numbered, forward-only list per engine, applied in order. The two lists describe
// the same tables; they differ only where the engines' types must (BLOB / BYTEA). Never edit a shipped migration:
// add the next one.
#include "storage/Schema.h"

namespace portico::central::storage {
namespace {

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
