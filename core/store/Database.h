// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace portico::store {

class WalCheckpointer;

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

/// @brief Milliseconds since the Unix epoch (UTC): how every time is stored in the database.
std::int64_t toMs(Clock::TimePoint t);
/// @brief Inverse of toMs.
Clock::TimePoint fromMs(std::int64_t ms);
/// @brief ISO-8601 UTC with milliseconds ("2026-11-23T14:52:06.123Z").
std::string toIso8601(Clock::TimePoint t);
/// @brief Parse "YYYY-MM-DDTHH:MM:SS[.fff]Z" (or "+00:00"), years 1900..2200; InvalidArgument otherwise.
Result<Clock::TimePoint> parseIso8601(std::string_view text);

/// @brief Map an SQLite result code to a portico Error (SQLITE_FULL → DiskFull, CORRUPT/NOTADB → DatabaseCorrupt).
Error sqliteError(int rc, sqlite3* db, std::string_view context);

/// @brief A prepared statement; bind with 1-based indices, step, read columns. A bind error is kept and returned by
/// the next step(), so call sites can chain binds without checking each one.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, const char* value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, ByteView value); ///< BLOB (an empty span binds a zero-length blob, not NULL)
    Statement& bind(int index, std::nullptr_t);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    /// @brief true = a row is ready, false = done. Errors (incl. bind errors) as Result.
    Result<bool> step();
    /// @brief Step to completion (for INSERT/UPDATE/DELETE); error unless SQLITE_DONE.
    Status run();
    /// @brief Reset for re-use (bindings are kept until rebound).
    void reset();

    bool isNull(int column) const;
    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    Bytes columnBlob(int column) const;
    std::optional<std::int64_t> columnOptInt64(int column) const;
    std::optional<double> columnOptDouble(int column) const;
    std::optional<std::string> columnOptText(int column) const;

    sqlite3_stmt* handle() const { return m_stmt; }

private:
    void noteBindError(int rc, int index);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    std::optional<Error> m_bindError;
};

/// @brief What happened while opening, for the UI: a recovered corruption must be told to the officer.
struct OpenReport {
    bool created = false;                 ///< the file did not exist (or was replaced after corruption)
    bool recoveredFromCorruption = false; ///< quick_check failed: the old file was moved aside
    std::filesystem::path forensicPath;   ///< where the corrupt file went (with -wal/-shm beside it)
    std::string corruptionDetail;         ///< quick_check output or SQLite error (no personal data)
    int fromVersion = 0;                  ///< schema version found
    int toVersion = 0;                    ///< schema version after migrations
};

/// @brief How to open a database.
struct OpenOptions {
    std::filesystem::path path;
    int busyTimeoutMs = 5000;
    bool migrate = true;              ///< apply pending migrations (set false for read-only tools)
    bool quickCheck = true;           ///< PRAGMA quick_check at open
    bool recoverCorrupt = true;       ///< move a corrupt file aside and start fresh (else DatabaseCorrupt)
    std::string synchronous = "FULL"; ///< tests only: "OFF" for the kill-test negative control
    const Clock* clock = nullptr;     ///< for the forensic file name; system time if null
    /// Fold the WAL into the file on a background thread and connection (WalCheckpointer) instead of inside the
    /// commit that crosses the threshold; false = SQLite's automatic checkpoint in the committing call.
    bool backgroundCheckpoint = true;
    int checkpointPages = 1000; ///< WAL frames that trigger a checkpoint (SQLite's default is 1000)
};

/// @brief RAII sqlite3 connection: WAL, synchronous=FULL, secure_delete=ON, foreign keys, temp in memory, busy
/// timeout, numbered forward-only migrations. One connection per thread (open a second one for the uploader).
class Database {
public:
    /// @brief Open (creating if needed) and migrate. DatabaseTooNew leaves the file untouched.
    static Result<Database> open(const OpenOptions& options, OpenReport* report = nullptr);
    /// @brief Convenience: default options for a path.
    static Result<Database> open(const std::filesystem::path& path, OpenReport* report = nullptr);

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    /// @brief Run one or more statements without results.
    Status exec(std::string_view sql);
    /// @brief Prepare a statement.
    Result<Statement> prepare(std::string_view sql);
    /// @brief First column of the first row as integer (NotFound when there is no row).
    Result<std::int64_t> queryInt64(std::string_view sql);
    /// @brief First column of the first row as text (NotFound when there is no row).
    Result<std::string> queryText(std::string_view sql);

    /// @brief PRAGMA user_version.
    Result<int> userVersion();
    /// @brief PRAGMA quick_check → "ok" or the problems found.
    Result<std::string> quickCheck();
    /// @brief PRAGMA integrity_check → "ok" or the problems found.
    Result<std::string> integrityCheck();
    /// @brief PRAGMA wal_checkpoint(TRUNCATE): fold the WAL into the file and truncate it to zero bytes.
    Status checkpointTruncate();
    /// @brief True when no transaction is open on this connection.
    bool autocommit() const;
    std::int64_t changes() const;

    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }
    /// @brief Background checkpoints run so far (0 with backgroundCheckpoint off or before the first).
    std::uint64_t backgroundCheckpoints() const;
    /// @brief Checkpoints the writer ran in its own commit because the WAL outgrew the background ones.
    std::uint64_t inlineCheckpoints() const;

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path path);

    std::unique_ptr<sqlite3, Closer> m_db;
    std::filesystem::path m_path;
    // Declared after m_db: stopped (thread joined, its connection closed) before the writer's connection closes.
    std::unique_ptr<WalCheckpointer> m_checkpointer;
};

/// @brief RAII transaction: BEGIN IMMEDIATE (writers) or DEFERRED (readers); rolls back unless committed.
class Transaction {
public:
    enum class Kind { Unknown = 0, Immediate, Deferred };

    /// @brief Begin; Kind::Unknown is treated as Immediate.
    static Result<Transaction> begin(Database& db, Kind kind = Kind::Immediate);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    /// @brief COMMIT; returns only after SQLite reports it durable (WAL + synchronous=FULL).
    Status commit();
    /// @brief ROLLBACK now (also done by the destructor).
    Status rollback();

private:
    explicit Transaction(Database& db) : m_db(&db) {}
    Database* m_db = nullptr;
    bool m_active = false;
};

} // namespace portico::store
