// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::central::storage {

/// @brief The database engines central can keep its records in.
enum class SqlEngine { Unknown = 0, Sqlite, Postgres };

std::string_view engineName(SqlEngine engine);

/// @brief One prepared statement, owned by its connection. SQL is written once with `?1`, `?2`… placeholders;
/// PostgreSQL's `$1`, `$2`… are derived from it. Use: reset(), bind…, execute(), then next()/get… per row.
class SqlStatement {
public:
    virtual ~SqlStatement() = default;
    virtual void reset() = 0;
    virtual void bindInt(int index, std::int64_t value) = 0;
    virtual void bindText(int index, std::string_view value) = 0;
    virtual void bindBlob(int index, std::span<const std::uint8_t> value) = 0;
    virtual void bindNull(int index) = 0;
    virtual Status execute() = 0;
    /// @brief Advance to the next result row; false after the last.
    virtual bool next() = 0;
    virtual bool isNull(int column) const = 0;
    virtual std::int64_t getInt(int column) const = 0;
    virtual std::string getText(int column) const = 0;
    virtual std::vector<std::uint8_t> getBlob(int column) const = 0;
    /// @brief Rows inserted, updated or deleted by the last execute().
    virtual std::int64_t affectedRows() const = 0;
};

/// @brief What kind of failure a database error was (decides between a retry and an error answer).
enum class SqlFailure { Unknown = 0, None, Transient, ConnectionLost, Constraint, Other };

/// @brief One connection to the database. Not thread-safe: one thread uses it at a time (see ConnectionPool).
class SqlConnection {
public:
    virtual ~SqlConnection() = default;
    virtual SqlEngine engine() const = 0;
    /// @brief Run SQL without parameters (may hold several statements).
    virtual Status exec(const std::string& sql) = 0;
    /// @brief The prepared statement for this SQL text, prepared once per connection and cached.
    virtual Result<SqlStatement*> prepare(const std::string& sql) = 0;
    /// @brief Start a write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of deadlocking).
    virtual Status begin() = 0;
    Status commit() { return exec("COMMIT"); }
    void rollback() { (void)exec("ROLLBACK"); }
    /// @brief Finish every statement still open on this connection (SQLite keeps a statement that was stepped but
    /// not run to its end active: it would block COMMIT and pin an old snapshot). Called after each unit of work.
    virtual void releaseStatements() {}
    /// @brief The kind of the last failure on this connection.
    virtual SqlFailure lastFailure() const = 0;
    /// @brief False once the server is gone; the pool then drops the connection.
    virtual bool healthy() const = 0;
};

/// @brief A bounded pool of connections made on demand by a factory; a broken one is dropped on return.
class ConnectionPool {
public:
    using Factory = std::function<Result<std::unique_ptr<SqlConnection>>()>;

    ConnectionPool(Factory factory, std::size_t size);
    ~ConnectionPool();

    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> c) : m_pool(pool), m_c(std::move(c)) {}
        Lease(Lease&& o) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();
        SqlConnection& operator*() { return *m_c; }
        SqlConnection* operator->() { return m_c.get(); }

    private:
        ConnectionPool* m_pool;
        std::unique_ptr<SqlConnection> m_c;
    };

    /// @brief A connection, waiting up to `wait` for one to be free.
    Result<Lease> acquire(std::chrono::milliseconds wait = std::chrono::seconds(10));
    std::size_t size() const { return m_size; }

private:
    void giveBack(std::unique_ptr<SqlConnection> c);

    Factory m_factory;
    std::size_t m_size;
    std::mutex m_mutex;
    std::condition_variable m_free;
    std::vector<std::unique_ptr<SqlConnection>> m_idle;
    std::size_t m_out = 0; ///< connections leased or being made
};

} // namespace portico::central::storage
