// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/SqlConnection.h"

#include <filesystem>
#include <map>

struct sqlite3;

namespace portico::central::storage {

/// @brief A connection to central's embedded SQLite file (WAL, synchronous=FULL, a 10 s busy timeout).
class SqliteConnection final : public SqlConnection {
public:
    static Result<std::unique_ptr<SqlConnection>> open(const std::filesystem::path& file);
    ~SqliteConnection() override;

    SqlEngine engine() const override { return SqlEngine::Sqlite; }
    Status exec(const std::string& sql) override;
    Result<SqlStatement*> prepare(const std::string& sql) override;
    Status begin() override { return exec("BEGIN IMMEDIATE"); }
    void releaseStatements() override;
    SqlFailure lastFailure() const override { return m_failure; }
    bool healthy() const override { return true; }

    /// @brief Record a failure from a statement (they share the connection's error state).
    Error fail(int rc, const std::string& what);

private:
    explicit SqliteConnection(sqlite3* db) : m_db(db) {}
    sqlite3* m_db = nullptr;
    std::map<std::string, std::unique_ptr<SqlStatement>, std::less<>> m_statements;
    SqlFailure m_failure = SqlFailure::None;
};

} // namespace portico::central::storage
