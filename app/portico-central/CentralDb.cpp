// SPDX-License-Identifier: GPL-3.0-or-later
#include "CentralDb.h"

#include <sqlite3.h>

#include <memory>

namespace portico::central {
namespace {

struct Stmt {
    sqlite3_stmt* s = nullptr;
    Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
    ~Stmt() { sqlite3_finalize(s); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    explicit operator bool() const { return s != nullptr; }
    void text(int i, const std::string& v) {
        sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void i64(int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
    std::string col(int i) {
        const auto* p = sqlite3_column_text(s, i);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(s, i)))
                 : std::string();
    }
};

Error dbError(sqlite3* db, const std::string& what) {
    return makeError(ErrorCode::DatabaseError, what + ": " + sqlite3_errmsg(db));
}

const char* kSchema = R"sql(
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
INSERT OR IGNORE INTO meta(key, value) VALUES ('manifest_version', 0), ('duplicates', 0), ('rejects', 0),
    ('requests', 0), ('batches', 0);
)sql";

} // namespace

Result<std::unique_ptr<CentralDb>> CentralDb::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        return makeError(ErrorCode::DatabaseError, "cannot open " + file.string() + ": " + msg);
    }
    std::unique_ptr<CentralDb> db(new CentralDb(raw));
    sqlite3_busy_timeout(raw, 10000);
    if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"); !s) {
        return s.error();
    }
    if (auto s = db->exec(kSchema); !s) {
        return s.error();
    }
    return db;
}

CentralDb::~CentralDb() {
    sqlite3_close(m_db);
}

Status CentralDb::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "?";
        sqlite3_free(err);
        return makeError(ErrorCode::DatabaseError, msg);
    }
    return {};
}

Result<std::int64_t> CentralDb::manifestVersion() {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, "SELECT value FROM meta WHERE key='manifest_version'");
    if (!st || sqlite3_step(st.s) != SQLITE_ROW) {
        return dbError(m_db, "manifest version");
    }
    return static_cast<std::int64_t>(sqlite3_column_int64(st.s, 0));
}

Result<std::vector<StoredEntry>> CentralDb::entriesSince(const std::string& port, std::int64_t since) {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, since == 0 ? "SELECT appointment_id, json, version, removed FROM manifest_entries "
                               "WHERE port=?1 AND removed=0 AND version>?2 ORDER BY appointment_id"
                             : "SELECT appointment_id, json, version, removed FROM manifest_entries "
                               "WHERE port=?1 AND version>?2 ORDER BY appointment_id");
    if (!st) {
        return dbError(m_db, "entries");
    }
    st.text(1, port);
    st.i64(2, since);
    std::vector<StoredEntry> out;
    int rc = 0;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
        out.push_back({st.col(0), st.col(1), sqlite3_column_int64(st.s, 2), sqlite3_column_int(st.s, 3) != 0});
    }
    if (rc != SQLITE_DONE) {
        return dbError(m_db, "entries");
    }
    return out;
}

Status CentralDb::putEntries(const std::string& port, const std::vector<StoredEntry>& upserts,
                             const std::vector<std::string>& removals) {
    std::lock_guard lock(m_mutex);
    if (auto s = exec("BEGIN IMMEDIATE"); !s) {
        return s;
    }
    auto fail = [this](const std::string& what) {
        Error e = dbError(m_db, what);
        (void)exec("ROLLBACK");
        return e;
    };
    if (auto s = exec("UPDATE meta SET value=value+1 WHERE key='manifest_version'"); !s) {
        return fail("bump version");
    }
    std::int64_t version = 0;
    {
        Stmt v(m_db, "SELECT value FROM meta WHERE key='manifest_version'");
        if (!v || sqlite3_step(v.s) != SQLITE_ROW) {
            return fail("read version");
        }
        version = sqlite3_column_int64(v.s, 0);
    }
    {
        Stmt up(m_db,
                "INSERT INTO manifest_entries(port, appointment_id, version, removed, json) VALUES (?1,?2,?3,0,?4) "
                "ON CONFLICT(port, appointment_id) DO UPDATE SET version=?3, removed=0, json=?4");
        for (const auto& e : upserts) {
            sqlite3_reset(up.s);
            up.text(1, port);
            up.text(2, e.appointmentId);
            up.i64(3, version);
            up.text(4, e.json);
            if (sqlite3_step(up.s) != SQLITE_DONE) {
                return fail("upsert entry");
            }
        }
    }
    {
        Stmt rm(m_db,
                "UPDATE manifest_entries SET version=?3, removed=1, json='{}' WHERE port=?1 AND appointment_id=?2");
        for (const auto& id : removals) {
            sqlite3_reset(rm.s);
            rm.text(1, port);
            rm.text(2, id);
            rm.i64(3, version);
            if (sqlite3_step(rm.s) != SQLITE_DONE) {
                return fail("remove entry");
            }
        }
    }
    if (auto s = exec("COMMIT"); !s) {
        return fail("commit");
    }
    return {};
}

Status CentralDb::putPhoto(const std::string& id, const std::vector<std::uint8_t>& jpeg) {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, "INSERT OR REPLACE INTO photos(id, jpeg) VALUES (?1, ?2)");
    st.text(1, id);
    sqlite3_bind_blob(st.s, 2, jpeg.data(), static_cast<int>(jpeg.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(st.s) != SQLITE_DONE) {
        return dbError(m_db, "photo");
    }
    return {};
}

Result<std::optional<std::vector<std::uint8_t>>> CentralDb::photo(const std::string& id) {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, "SELECT jpeg FROM photos WHERE id=?1");
    st.text(1, id);
    const int rc = sqlite3_step(st.s);
    if (rc == SQLITE_DONE) {
        return std::optional<std::vector<std::uint8_t>>();
    }
    if (rc != SQLITE_ROW) {
        return dbError(m_db, "photo");
    }
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.s, 0));
    return std::optional<std::vector<std::uint8_t>>(std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(st.s, 0)));
}

Result<std::vector<std::string>> CentralDb::ports() {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, "SELECT DISTINCT port FROM manifest_entries ORDER BY port");
    std::vector<std::string> out;
    while (sqlite3_step(st.s) == SQLITE_ROW) {
        out.push_back(st.col(0));
    }
    return out;
}

Result<std::vector<StoreOutcome>> CentralDb::storeInspections(const std::string& deviceId, std::int64_t auditSequence,
                                                              const std::string& auditHash,
                                                              const std::vector<Incoming>& in,
                                                              std::int64_t rejectsInBatch, std::int64_t nowMs) {
    std::lock_guard lock(m_mutex);
    if (auto s = exec("BEGIN IMMEDIATE"); !s) {
        return s.error();
    }
    auto fail = [this](const std::string& what) {
        Error e = dbError(m_db, what);
        (void)exec("ROLLBACK");
        return e;
    };
    std::vector<StoreOutcome> out;
    out.reserve(in.size());
    std::int64_t duplicates = 0;
    {
        Stmt ins(m_db, "INSERT INTO inspections(id, device_id, device_sequence, content_sha256, record, received_ms) "
                       "VALUES (?1,?2,?3,?4,?5,?6) ON CONFLICT(id) DO NOTHING");
        Stmt existing(m_db, "SELECT content_sha256 FROM inspections WHERE id=?1");
        for (const auto& r : in) {
            sqlite3_reset(ins.s);
            ins.text(1, r.id);
            ins.text(2, deviceId);
            ins.i64(3, r.deviceSequence);
            ins.text(4, r.contentHash);
            ins.text(5, r.record);
            ins.i64(6, nowMs);
            if (sqlite3_step(ins.s) != SQLITE_DONE) {
                return fail("insert inspection");
            }
            if (sqlite3_changes(m_db) == 1) {
                out.push_back(StoreOutcome::Accepted);
                continue;
            }
            sqlite3_reset(existing.s);
            existing.text(1, r.id);
            if (sqlite3_step(existing.s) != SQLITE_ROW) {
                return fail("read inspection");
            }
            if (existing.col(0) == r.contentHash) {
                ++duplicates;
                out.push_back(StoreOutcome::Duplicate);
            } else {
                ++rejectsInBatch;
                out.push_back(StoreOutcome::Conflict);
            }
        }
    }
    if (!auditHash.empty()) {
        Stmt head(m_db, "INSERT INTO audit_heads(device_id, sequence, hash, received_ms) VALUES (?1,?2,?3,?4) "
                        "ON CONFLICT(device_id) DO UPDATE SET sequence=?2, hash=?3, received_ms=?4 "
                        "WHERE ?2 >= audit_heads.sequence");
        head.text(1, deviceId);
        head.i64(2, auditSequence);
        head.text(3, auditHash);
        head.i64(4, nowMs);
        if (sqlite3_step(head.s) != SQLITE_DONE) {
            return fail("audit head");
        }
    }
    {
        Stmt c(m_db, "UPDATE meta SET value = value + CASE key WHEN 'duplicates' THEN ?1 WHEN 'rejects' THEN ?2 "
                     "WHEN 'batches' THEN 1 ELSE 0 END WHERE key IN ('duplicates','rejects','batches')");
        c.i64(1, duplicates);
        c.i64(2, rejectsInBatch);
        if (sqlite3_step(c.s) != SQLITE_DONE) {
            return fail("counters");
        }
    }
    if (auto s = exec("COMMIT"); !s) {
        return fail("commit");
    }
    return out;
}

Status CentralDb::countRequest() {
    std::lock_guard lock(m_mutex);
    return exec("UPDATE meta SET value=value+1 WHERE key='requests'");
}

Result<CentralStats> CentralDb::stats() {
    std::lock_guard lock(m_mutex);
    CentralStats s;
    auto one = [this](const char* sql) -> std::int64_t {
        Stmt st(m_db, sql);
        return st && sqlite3_step(st.s) == SQLITE_ROW ? sqlite3_column_int64(st.s, 0) : -1;
    };
    s.recordsStored = one("SELECT COUNT(*) FROM inspections");
    s.duplicatesSeen = one("SELECT value FROM meta WHERE key='duplicates'");
    s.rejects = one("SELECT value FROM meta WHERE key='rejects'");
    s.requests = one("SELECT value FROM meta WHERE key='requests'");
    s.inspectionBatches = one("SELECT value FROM meta WHERE key='batches'");
    s.manifestVersion = one("SELECT value FROM meta WHERE key='manifest_version'");
    s.manifestEntries = one("SELECT COUNT(*) FROM manifest_entries WHERE removed=0");
    s.photos = one("SELECT COUNT(*) FROM photos");
    s.distinctDevices = one("SELECT COUNT(DISTINCT device_id) FROM inspections");
    if (s.recordsStored < 0) {
        return dbError(m_db, "stats");
    }
    return s;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> CentralDb::storedRecords() {
    std::lock_guard lock(m_mutex);
    Stmt st(m_db, "SELECT id, device_sequence FROM inspections ORDER BY device_sequence");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (sqlite3_step(st.s) == SQLITE_ROW) {
        out.emplace_back(st.col(0), sqlite3_column_int64(st.s, 1));
    }
    return out;
}

} // namespace portico::central
