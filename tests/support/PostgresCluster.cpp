// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/PostgresCluster.h"

#include "support/ChildProcess.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace portico::test {
namespace {

const std::filesystem::path kBin = "/usr/lib/postgresql/15/bin";
const PostgresCluster* g_shared = nullptr; ///< the fixture's cluster, once centralStoreArgs attached it

[[noreturn]] void fail(const std::string& why) {
    throw std::runtime_error("PostgreSQL test cluster: " + why);
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        fail("no free loopback port");
    }
    const int port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

bool asRoot() {
    return ::geteuid() == 0;
}

/// Run a PostgreSQL binary, as the postgres user when we are root; returns {status, stdout}.
std::pair<int, std::string> runPg(const std::string& tool, std::vector<std::string> args) {
    const std::string exe = (kBin / tool).string();
    if (!std::filesystem::exists(exe)) {
        fail(exe + " is missing: install Debian's postgresql-15 (scripts/setup does)");
    }
    if (asRoot()) {
        args.insert(args.begin(), {"-u", "postgres", "--", exe});
        return runCommand("/usr/sbin/runuser", args);
    }
    return runCommand(exe, args);
}

void giveToPostgres(const std::filesystem::path& p) {
    if (!asRoot()) {
        return;
    }
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
        fail("there is no 'postgres' user (Debian's postgresql package creates it)");
    }
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        fail("cannot give " + p.string() + " to the postgres user");
    }
}

std::filesystem::path makeDir(const std::string& name) {
    std::string tmpl = (std::filesystem::temp_directory_path() / ("portico-" + name + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
        fail("cannot create a temporary folder");
    }
    std::filesystem::permissions(tmpl, std::filesystem::perms::owner_all);
    giveToPostgres(tmpl);
    return tmpl;
}

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

std::unique_ptr<PostgresCluster> PostgresCluster::start(const Options& options) {
    std::unique_ptr<PostgresCluster> c(new PostgresCluster());
    c->m_keep = options.keep;
    c->m_dir = makeDir(options.name);
    c->m_data = c->m_dir / "data";
    c->m_port = freePort();
    auto [rc, out] = runPg("initdb", {"-D", c->m_data.string(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                      "--locale=C.UTF-8", "--no-sync"});
    if (rc != 0) {
        fail("initdb failed (" + std::to_string(rc) + "): " + out);
    }
    std::string conf = "listen_addresses = '127.0.0.1'\n"
                       "port = " +
                       std::to_string(c->m_port) +
                       "\n"
                       "unix_socket_directories = '" +
                       c->m_dir.string() +
                       "'\n"
                       "max_connections = 200\n"
                       "shared_buffers = 64MB\n"
                       // The tests kill processes, not machines: the OS keeps what was written, so skipping the
                       // flushes changes no outcome they check and saves seconds.
                       "fsync = off\n"
                       "full_page_writes = off\n"
                       "synchronous_commit = on\n";
    if (options.replicationPrimary) {
        conf += "wal_level = replica\n"
                "max_wal_senders = 5\n"
                "wal_keep_size = 256MB\n"
                "synchronous_standby_names = 'standby1'\n";
        std::ofstream(c->m_data / "pg_hba.conf", std::ios::app) << "host replication postgres 127.0.0.1/32 trust\n";
    }
    std::ofstream(c->m_data / "postgresql.conf", std::ios::app) << conf;
    std::ofstream(c->m_dir / "conninfo") << c->conninfo() << "\n";
    giveToPostgres(c->m_dir / "conninfo");
    c->startServer();
    return c;
}

std::unique_ptr<PostgresCluster> PostgresCluster::startStandby(const PostgresCluster& primary) {
    std::unique_ptr<PostgresCluster> c(new PostgresCluster());
    c->m_dir = makeDir("pg-standby");
    c->m_data = c->m_dir / "data";
    c->m_port = freePort();
    auto [rc, out] =
        runPg("pg_basebackup", {"-D", c->m_data.string(), "-h", "127.0.0.1", "-p", std::to_string(primary.port()), "-U",
                                "postgres", "-R", "-X", "stream", "--no-sync"});
    if (rc != 0) {
        fail("pg_basebackup failed (" + std::to_string(rc) + "): " + out);
    }
    std::ofstream(c->m_data / "postgresql.auto.conf", std::ios::app)
        << "port = " << c->m_port << "\nunix_socket_directories = '" << c->m_dir.string() << "'\n"
        << "primary_conninfo = 'host=127.0.0.1 port=" << primary.port() << " user=postgres application_name=standby1'\n"
        << "synchronous_standby_names = ''\n";
    std::ofstream(c->m_dir / "conninfo") << c->conninfo() << "\n";
    c->startServer();
    return c;
}

std::unique_ptr<PostgresCluster> PostgresCluster::attach(const std::filesystem::path& dir) {
    const std::string info = readFile(dir / "conninfo");
    const auto at = info.find("port=");
    if (info.empty() || at == std::string::npos) {
        fail("no cluster in " + dir.string() + " (the postgres test fixture did not run?)");
    }
    std::unique_ptr<PostgresCluster> c(new PostgresCluster());
    c->m_dir = dir;
    c->m_data = dir / "data";
    c->m_port = std::atoi(info.c_str() + at + 5);
    c->m_running = true;
    c->m_detached = true;
    return c;
}

PostgresCluster::~PostgresCluster() {
    if (m_detached) {
        return;
    }
    if (m_running) {
        (void)runPg("pg_ctl", {"-D", m_data.string(), "-m", "immediate", "-w", "stop"});
    }
    if (!m_keep) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

void PostgresCluster::startServer() {
    auto [rc, out] =
        runPg("pg_ctl", {"-D", m_data.string(), "-l", (m_dir / "server.log").string(), "-w", "-t", "60", "start"});
    if (rc != 0) {
        fail("pg_ctl start failed (" + std::to_string(rc) + "): " + out + "\n" + logTail());
    }
    m_running = true;
}

std::string PostgresCluster::logTail() const {
    const std::string log = readFile(m_dir / "server.log");
    return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

std::string PostgresCluster::conninfo(const std::string& database) const {
    return "host=127.0.0.1 port=" + std::to_string(m_port) + " user=postgres dbname=" + database + " connect_timeout=5";
}

std::vector<std::vector<std::string>> PostgresCluster::rows(const std::string& sql, const std::string& database) const {
    PGconn* c = PQconnectdb(conninfo(database).c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        const std::string msg = PQerrorMessage(c);
        PQfinish(c);
        fail("cannot connect: " + msg);
    }
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    std::vector<std::vector<std::string>> out;
    if (st == PGRES_TUPLES_OK) {
        for (int i = 0; i < PQntuples(r); ++i) {
            std::vector<std::string> row;
            for (int k = 0; k < PQnfields(r); ++k) {
                row.emplace_back(PQgetvalue(r, i, k), static_cast<std::size_t>(PQgetlength(r, i, k)));
            }
            out.push_back(std::move(row));
        }
    }
    const std::string msg = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        fail("query failed: " + sql + ": " + msg);
    }
    return out;
}

std::string PostgresCluster::query(const std::string& sql, const std::string& database) const {
    const auto r = rows(sql, database);
    return r.empty() || r.front().empty() ? std::string() : r.front().front();
}

void PostgresCluster::createDatabase(const std::string& name) const {
    if (query("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").empty()) {
        try {
            query("CREATE DATABASE \"" + name + "\"");
        } catch (const std::exception&) {
            if (query("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").empty()) {
                throw; // not a concurrent creation of the same name
            }
        }
    }
}

pid_t PostgresCluster::postmasterPid() const {
    std::ifstream in(m_data / "postmaster.pid");
    pid_t pid = 0;
    in >> pid;
    return pid;
}

void PostgresCluster::kill9() {
    const pid_t pid = postmasterPid();
    if (pid <= 0 || ::kill(pid, SIGKILL) != 0) {
        fail("cannot kill the postmaster");
    }
    // Wait for the backends to notice and the port to close.
    for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    m_running = false;
}

void PostgresCluster::promote() {
    auto [rc, out] = runPg("pg_ctl", {"-D", m_data.string(), "-w", "-t", "60", "promote"});
    if (rc != 0) {
        fail("pg_ctl promote failed: " + out + "\n" + logTail());
    }
    for (int i = 0; i < 200; ++i) {
        if (query("SELECT pg_is_in_recovery()::text") == "false") {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    fail("the promoted standby still reports recovery");
}

void PostgresCluster::stop() {
    (void)runPg("pg_ctl", {"-D", m_data.string(), "-m", "fast", "-w", "stop"});
    m_running = false;
}

void PostgresCluster::restart() {
    startServer();
}

bool centralOnPostgres() {
    const char* e = std::getenv("PORTICO_TEST_PG_POINTER");
    return e != nullptr && *e != '\0';
}

std::vector<std::string> centralStoreArgs(const std::filesystem::path& dataDir) {
    if (!centralOnPostgres()) {
        return {"--data", dataDir.string()};
    }
    const char* pointer = std::getenv("PORTICO_TEST_PG_POINTER");
    if (pointer == nullptr) {
        fail("PORTICO_TEST_PG_POINTER is not set (run the suite through ctest, whose postgres fixture starts the "
             "cluster)");
    }
    std::string dir = readFile(pointer);
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) {
        dir.pop_back();
    }
    static const auto cluster = PostgresCluster::attach(dir);
    g_shared = cluster.get();
    // One database per test data folder: named after the folder, so every command of one test meets the same one.
    const std::string name = "t_" + std::to_string(std::hash<std::string>{}(dataDir.lexically_normal().string()));
    cluster->createDatabase(name);
    return {"--database", cluster->conninfo(name)};
}

std::vector<std::vector<std::string>> centralQuery(const std::filesystem::path& dataDir, const std::string& sql) {
    const auto args = centralStoreArgs(dataDir);
    if (centralOnPostgres()) {
        const std::string& info = args.at(1);
        const auto at = info.find("dbname=");
        const std::string db = info.substr(at + 7, info.find(' ', at) - at - 7);
        return g_shared->rows(sql, db);
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2((dataDir / "central.db").c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        sqlite3_close(db);
        fail("cannot open " + (dataDir / "central.db").string());
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        const std::string msg = sqlite3_errmsg(db);
        sqlite3_close(db);
        fail("query failed: " + sql + ": " + msg);
    }
    std::vector<std::vector<std::string>> out;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int k = 0; k < sqlite3_column_count(st); ++k) {
            const auto* p = sqlite3_column_text(st, k);
            row.emplace_back(p ? reinterpret_cast<const char*>(p) : "",
                             static_cast<std::size_t>(sqlite3_column_bytes(st, k)));
        }
        out.push_back(std::move(row));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc != SQLITE_DONE) {
        fail("query failed: " + sql);
    }
    return out;
}

} // namespace portico::test
