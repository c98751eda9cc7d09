// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/SqlConnection.h"

#include <map>

struct pg_conn;

namespace portico::central::storage {

/// @brief A connection to PostgreSQL through libpq. `conninfo` is a libpq connection string or URI
/// (`postgresql://user@host:port/db`, several hosts for a fail-over pair with `target_session_attrs=read-write`).
class PgConnection final : public SqlConnection {
public:
    static Result<std::unique_ptr<SqlConnection>> open(const std::string& conninfo);
    ~PgConnection() override;

    SqlEngine engine() const override { return SqlEngine::Postgres; }
    Status exec(const std::string& sql) override;
    Result<SqlStatement*> prepare(const std::string& sql) override;
    Status begin() override { return exec("BEGIN"); }
    SqlFailure lastFailure() const override { return m_failure; }
    bool healthy() const override;

    pg_conn* raw() { return m_conn; }
    /// @brief Classify a failed result (SQLSTATE) or a lost connection; returns the error to report.
    Error fail(const void* result, const std::string& what);

private:
    explicit PgConnection(pg_conn* c) : m_conn(c) {}
    pg_conn* m_conn = nullptr;
    std::map<std::string, std::unique_ptr<SqlStatement>, std::less<>> m_statements;
    SqlFailure m_failure = SqlFailure::None;
    int m_nextName = 0;
};

/// @brief `?1`, `?2`… placeholders as PostgreSQL's `$1`, `$2`… (outside quoted literals).
std::string toPgPlaceholders(std::string_view sql);

} // namespace portico::central::storage
