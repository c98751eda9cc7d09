// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SqliteConnection.h"

#include <sqlite3.h>

namespace portico::central::storage {
namespace {

class SqliteStatement final : public SqlStatement {
public:
    SqliteStatement(SqliteConnection& owner, sqlite3* db, sqlite3_stmt* st) : m_owner(owner), m_db(db), m_st(st) {}
    ~SqliteStatement() override { sqlite3_finalize(m_st); }

    void reset() override {
        sqlite3_reset(m_st);
        sqlite3_clear_bindings(m_st);
        m_rc = SQLITE_DONE;
        m_pending = false;
        m_changes = 0;
    }
    void bindInt(int i, std::int64_t v) override { sqlite3_bind_int64(m_st, i, v); }
    void bindText(int i, std::string_view v) override {
        sqlite3_bind_text64(m_st, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    void bindBlob(int i, std::span<const std::uint8_t> v) override {
        sqlite3_bind_blob64(m_st, i, v.data(), v.size(), SQLITE_TRANSIENT);
    }
    void bindNull(int i) override { sqlite3_bind_null(m_st, i); }
    Status execute() override {
        m_rc = sqlite3_step(m_st);
        if (m_rc != SQLITE_ROW && m_rc != SQLITE_DONE) {
            return m_owner.fail(m_rc, "statement");
        }
        m_pending = m_rc == SQLITE_ROW;
        m_changes = sqlite3_changes64(m_db);
        return {};
    }
    bool next() override {
        if (m_pending) {
            m_pending = false;
            return true;
        }
        if (m_rc != SQLITE_ROW) {
            return false;
        }
        m_rc = sqlite3_step(m_st);
        return m_rc == SQLITE_ROW;
    }
    bool isNull(int c) const override { return sqlite3_column_type(m_st, c) == SQLITE_NULL; }
    std::int64_t getInt(int c) const override { return sqlite3_column_int64(m_st, c); }
    std::string getText(int c) const override {
        const auto* p = sqlite3_column_text(m_st, c);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(m_st, c)))
                 : std::string();
    }
    std::vector<std::uint8_t> getBlob(int c) const override {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_st, c));
        return p ? std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(m_st, c)) : std::vector<std::uint8_t>();
    }
    std::int64_t affectedRows() const override { return m_changes; }

private:
    SqliteConnection& m_owner;
    sqlite3* m_db;
    sqlite3_stmt* m_st;
    int m_rc = SQLITE_DONE;
    bool m_pending = false;
    std::int64_t m_changes = 0;
};

} // namespace

Result<std::unique_ptr<SqlConnection>> SqliteConnection::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
        sqlite3_close(raw);
        return makeError(ErrorCode::DatabaseError, "cannot open " + file.string() + ": " + msg);
    }
    std::unique_ptr<SqliteConnection> c(new SqliteConnection(raw));
    sqlite3_busy_timeout(raw, 10000);
    if (auto s = c->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !s) {
        return s.error();
    }
    return std::unique_ptr<SqlConnection>(std::move(c));
}

SqliteConnection::~SqliteConnection() {
    m_statements.clear(); // finalize before close
    sqlite3_close(m_db);
}

Error SqliteConnection::fail(int rc, const std::string& what) {
    const int primary = rc & 0xff;
    m_failure = primary == SQLITE_BUSY || primary == SQLITE_LOCKED  ? SqlFailure::Transient
                : primary == SQLITE_CONSTRAINT                      ? SqlFailure::Constraint
                : primary == SQLITE_FULL || primary == SQLITE_IOERR ? SqlFailure::Transient
                                                                    : SqlFailure::Other;
    return makeError(primary == SQLITE_FULL ? ErrorCode::DiskFull : ErrorCode::DatabaseError,
                     what + ": " + sqlite3_errmsg(m_db));
}

void SqliteConnection::releaseStatements() {
    for (auto& [sql, st] : m_statements) {
        st->reset();
    }
}

Status SqliteConnection::exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : "?";
        sqlite3_free(err);
        Error e = fail(rc, "exec");
        e.detail = "exec: " + msg;
        return e;
    }
    m_failure = SqlFailure::None;
    return {};
}

Result<SqlStatement*> SqliteConnection::prepare(const std::string& sql) {
    if (auto it = m_statements.find(sql); it != m_statements.end()) {
        return it->second.get();
    }
    sqlite3_stmt* st = nullptr;
    if (const int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                          &st, nullptr);
        rc != SQLITE_OK) {
        return fail(rc, "prepare");
    }
    auto owned = std::make_unique<SqliteStatement>(*this, m_db, st);
    SqlStatement* raw = owned.get();
    m_statements.emplace(sql, std::move(owned));
    return raw;
}

} // namespace portico::central::storage
