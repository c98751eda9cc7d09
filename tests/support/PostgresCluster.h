// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace portico::test {

/// @brief A throw-away PostgreSQL 15 cluster on 127.0.0.1 for tests: `initdb` + `pg_ctl` from Debian's
/// /usr/lib/postgresql/15/bin in a temporary folder, run as the `postgres` user when we are root (PostgreSQL refuses
/// to run as root), on a free port, stopped and removed when the object dies. Every failure throws with the
/// reason (and the server log's tail), so a test that cannot start its server fails saying why.
class PostgresCluster {
public:
    struct Options {
        std::string name = "pg";         ///< folder name prefix
        bool replicationPrimary = false; ///< wal_level=replica, a synchronous standby named "standby1" required
        bool keep = false;               ///< leave the folder behind (debugging)
    };

    /// @brief initdb and start a new cluster.
    static std::unique_ptr<PostgresCluster> start(const Options& options);
    /// @brief A streaming standby of `primary` (pg_basebackup -R) named "standby1", started.
    static std::unique_ptr<PostgresCluster> startStandby(const PostgresCluster& primary);
    /// @brief Adopt a cluster another process started (its folder holds `conninfo` and `postmaster.pid`).
    static std::unique_ptr<PostgresCluster> attach(const std::filesystem::path& dir);
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    int port() const { return m_port; }
    const std::filesystem::path& dir() const { return m_dir; }
    /// @brief libpq connection string for a database of this cluster.
    std::string conninfo(const std::string& database = "postgres") const;
    /// @brief CREATE DATABASE (if it does not exist).
    void createDatabase(const std::string& name) const;
    /// @brief Run SQL as the superuser and return the first column of the first row ("" when none).
    std::string query(const std::string& sql, const std::string& database = "postgres") const;
    /// @brief Every row of a query, each column as text.
    std::vector<std::vector<std::string>> rows(const std::string& sql, const std::string& database = "postgres") const;
    pid_t postmasterPid() const;
    /// @brief SIGKILL the postmaster (its backends exit as soon as they notice).
    void kill9();
    /// @brief Promote a standby to primary and wait until it accepts writes.
    void promote();
    /// @brief Stop (fast) without removing the folder; start again.
    void stop();
    void restart();
    /// @brief Leave the server running and the folder in place when this object dies (fixture set-up).
    void detach() { m_detached = true; }

private:
    PostgresCluster() = default;
    void startServer();
    std::string logTail() const;

    std::filesystem::path m_dir;
    std::filesystem::path m_data;
    int m_port = 0;
    bool m_keep = false;
    bool m_detached = false;
    bool m_running = false;
};

/// @brief Whether the central/sync suites run against PostgreSQL instead of SQLite: when PORTICO_TEST_PG_POINTER
/// names the file in which the ctest fixture wrote its cluster's folder (ctest sets it for the "pg:" runs).
bool centralOnPostgres();

/// @brief The arguments that point a portico-central command at the store of a test's data folder: `--data DIR`
/// (SQLite) or `--database <a database of the shared cluster named after DIR>` (PostgreSQL, created on first use).
std::vector<std::string> centralStoreArgs(const std::filesystem::path& dataDir);

/// @brief Run SQL directly on the store of a test's data folder (whichever engine), every row as text: for checks
/// that must not trust the server's own answers.
std::vector<std::vector<std::string>> centralQuery(const std::filesystem::path& dataDir, const std::string& sql);

} // namespace portico::test
