// SPDX-License-Identifier: GPL-3.0-or-later
// portico-central as an agency runs it: several stateless instances on one PostgreSQL, behind haproxy, and a
// synchronous standby that takes over when the primary dies. Stations are `portico-cli simulate --mode fast`
// processes with their own device tokens. Every check is a query on the database, never an instance's counters.
#include "StationRows.h"
#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace portico;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFaultMix = "500=0.04,503=0.03,503ra=0.03,429=0.03,reset=0.04,truncate=0.04,delay=0.03,"
                                  "lost=0.06,ra=1,delayms=200";

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    const int port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

std::string central(const std::vector<std::string>& args) {
    auto [status, out] = test::runCommand(test::centralExe().string(), args);
    INFO("portico-central " << args.front() << " → " << out);
    REQUIRE(status == 0);
    return out.substr(0, out.find('\n'));
}

/// One portico-central instance on a fixed port, so it can be killed and come back where haproxy expects it.
class Instance {
public:
    Instance(std::vector<std::string> args, int port) : m_args(std::move(args)), m_port(port) { start(); }
    void start() {
        std::vector<std::string> args = {"--listen", "127.0.0.1:" + std::to_string(m_port)};
        args.insert(args.end(), m_args.begin(), m_args.end());
        m_process = std::make_unique<test::ChildProcess>(test::centralExe().string(), args);
        const std::string first = m_process->readLine(30s);
        INFO("first line of a portico-central instance: " << first);
        REQUIRE(first.starts_with("listening on "));
    }
    void kill9() {
        m_process->signal(SIGKILL);
        (void)m_process->wait(10s);
    }
    int port() const { return m_port; }

private:
    std::vector<std::string> m_args;
    int m_port;
    std::unique_ptr<test::ChildProcess> m_process;
};

/// haproxy in front of the instances: round robin, health checks every 200 ms, a failed connection retried on the
/// other instance (docs/deploy-central.md has the production form of this configuration).
class Haproxy {
public:
    Haproxy(const std::filesystem::path& dir, const std::vector<int>& backends) : m_port(freePort()) {
        INFO("haproxy is missing: scripts/setup installs Debian's haproxy");
        REQUIRE(std::filesystem::exists("/usr/sbin/haproxy"));
        const auto cfg = dir / "haproxy.cfg";
        std::ofstream out(cfg);
        out << "global\n  maxconn 512\n"
               "defaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n  timeout server 30s\n"
               "  retries 3\n  option redispatch\n"
               "frontend stations\n  bind 127.0.0.1:"
            << m_port
            << "\n  default_backend central\n"
               "backend central\n  balance roundrobin\n  option httpchk GET /v1/health\n"
               "  http-check expect status 200\n  default-server inter 200ms fall 1 rise 1\n";
        for (std::size_t i = 0; i < backends.size(); ++i) {
            out << "  server c" << i << " 127.0.0.1:" << backends[i] << " check\n";
        }
        out.close();
        m_process = std::make_unique<test::ChildProcess>("/usr/sbin/haproxy",
                                                         std::vector<std::string>{"-f", cfg.string(), "-db"});
        for (int i = 0; i < 100 && !accepts(m_port); ++i) {
            std::this_thread::sleep_for(50ms);
        }
        REQUIRE(accepts(m_port));
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    int m_port;
    std::unique_ptr<test::ChildProcess> m_process;
};

/// A simulated station with its own registered device token.
struct Station {
    std::string id;
    std::string token;
    std::filesystem::path db;
    std::filesystem::path key;
    std::unique_ptr<test::ChildProcess> process;
};

std::vector<std::string> simulateArgs(const Station& s, const std::string& url, const std::string& pubkey,
                                      int travelers, int seed) {
    return {"simulate",
            "--db",
            s.db.string(),
            "--key-file",
            s.key.string(),
            "--central",
            url,
            "--pubkey",
            pubkey,
            "--token",
            s.token,
            "--station",
            s.id,
            "--travelers",
            std::to_string(travelers),
            "--seed",
            std::to_string(seed),
            "--mode",
            "fast",
            "--pace-ms",
            "15",
            "--max-backoff-ms",
            "500",
            "--request-timeout-ms",
            "4000",
            "--drain",
            "--drain-timeout",
            "150"};
}

/// Rows central holds for a station, read from the database itself.
std::multimap<std::string, std::int64_t> centralRows(const test::PostgresCluster& pg, const std::string& db,
                                                     const std::string& station) {
    std::multimap<std::string, std::int64_t> out;
    for (const auto& row :
         pg.rows("SELECT id, device_sequence FROM inspections WHERE device_id = '" + station + "'", db)) {
        out.emplace(row.at(0), std::stoll(row.at(1)));
    }
    return out;
}

/// Wait for every station to finish, drained; checks each one's "done" line.
void awaitStations(std::vector<Station>& stations) {
    for (auto& s : stations) {
        const auto deadline = std::chrono::steady_clock::now() + 200s;
        std::string out;
        for (std::string line; std::chrono::steady_clock::now() < deadline;) {
            line = s.process->readLine(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (line.empty()) {
                break;
            }
            out += line + "\n";
        }
        const int status = s.process->wait(20s);
        INFO(s.id << ": " << out);
        REQUIRE(status == 0);
        const auto done = test::lastJsonLine(out);
        REQUIRE(done.value("event", "") == "done");
        CHECK(done.value("pending", -1) == 0);
    }
}

/// Every record every station made is at central exactly once, with its sequence; reconciliation agrees.
void checkExactlyOnce(const test::PostgresCluster& pg, const std::string& db, const std::vector<Station>& stations,
                      int travelers) {
    std::int64_t total = 0;
    for (const auto& s : stations) {
        const auto local = test::stationRows(s.db, s.key);
        CHECK(local.integrity == "ok");
        CHECK(local.bySeqId.size() == static_cast<std::size_t>(travelers));
        const auto rows = centralRows(pg, db, s.id);
        const auto once = test::compareRows(local, rows);
        INFO(s.id << ": " << rows.size() << " rows at central for " << local.bySeqId.size() << " recorded");
        CHECK(once.missing == 0);
        CHECK(once.extra == 0);
        CHECK(once.wrongSequence == 0);
        total += static_cast<std::int64_t>(rows.size());
        auto [status, out] = test::runCommand(test::centralExe().string(),
                                              {"reconcile", "--station", s.id, "--database", pg.conninfo(db)});
        REQUIRE(status == 0);
        const auto report = nlohmann::json::parse(out);
        CHECK(report.at("records") == travelers);
        CHECK(report.at("missing_count") == 0);
        CHECK(report.at("highest_sequence") == travelers);
        CHECK(report.at("complete") == true);
    }
    CHECK(pg.query("SELECT COUNT(*) FROM inspections", db) == std::to_string(total));
    CHECK(pg.query("SELECT COUNT(DISTINCT id) FROM inspections", db) == std::to_string(total));
}

/// Register three stations; returns them with their tokens.
std::vector<Station> registerStations(const std::filesystem::path& dir, const std::string& conninfo) {
    std::vector<Station> stations;
    for (const char* id : {"WS-PG-1", "WS-PG-2", "WS-PG-3"}) {
        Station s;
        s.id = id;
        s.token = central({"devices", "add", "--station", id, "--port", "SYS", "--database", conninfo});
        REQUIRE(s.token.starts_with("pct1_"));
        s.db = dir / id / "portico.db";
        s.key = dir / "keys" / (std::string(id) + ".key");
        std::filesystem::create_directories(s.db.parent_path());
        std::filesystem::create_directories(s.key.parent_path());
        stations.push_back(std::move(s));
    }
    return stations;
}

} // namespace

TEST_CASE("two instances on one PostgreSQL behind haproxy, killed again and again: every record stored once",
          "[reliability][central][postgres]") {
    test::TempDir dir;
    test::PostgresCluster::Options options;
    options.name = "pg-instances";
    const auto pg = test::PostgresCluster::start(options);
    pg->createDatabase("central");
    const std::string conninfo = pg->conninfo("central");
    const auto keyFile = dir.path() / "signing.key";
    const std::string pubkey = central({"keys", "generate", "--out", keyFile.string()});
    auto stations = registerStations(dir.path(), conninfo);

    const std::vector<std::string> common = {"--database", conninfo,  "--signing-key", keyFile.string(),
                                             "--faults",   kFaultMix, "--db-pool",     "4"};
    std::vector<std::string> first = common;
    first.insert(first.end(), {"--seed-manifest", "40"});
    Instance a(first, freePort());
    Instance b(common, freePort());
    Haproxy lb(dir.path(), {a.port(), b.port()});

    const int travelers = 50;
    for (std::size_t i = 0; i < stations.size(); ++i) {
        stations[i].process = std::make_unique<test::ChildProcess>(
            test::cliExe().string(), simulateArgs(stations[i], lb.url(), pubkey, travelers, 11 + static_cast<int>(i)));
    }
    // Kill one instance or the other at random moments while the stations record and upload.
    std::mt19937 rng(20261207);
    int kills = 0;
    const auto until = std::chrono::steady_clock::now() + 6s;
    while (std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(400 + rng() % 600));
        Instance& victim = rng() % 2 == 0 ? a : b;
        victim.kill9();
        ++kills;
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 300));
        victim.start();
    }
    awaitStations(stations);
    checkExactlyOnce(*pg, "central", stations, travelers);
    CHECK(kills >= 5);
    const auto batches = pg->query("SELECT value FROM meta WHERE key = 'batches'", "central");
    WARN("two instances: " << kills << " SIGKILLs, " << batches << " batches committed, "
                           << pg->query("SELECT value FROM meta WHERE key = 'duplicates'", "central")
                           << " duplicates answered");
}

TEST_CASE("the primary dies mid-stream, the synchronous standby is promoted: every acknowledged record survives",
          "[reliability][central][postgres]") {
    test::TempDir dir;
    test::PostgresCluster::Options options;
    options.name = "pg-primary";
    options.replicationPrimary = true;
    const auto primary = test::PostgresCluster::start(options);
    const auto standby = test::PostgresCluster::startStandby(*primary);
    // Until the standby streams synchronously, a commit on the primary would wait: wait for it first.
    for (int i = 0; i < 200 && primary->query("SELECT sync_state FROM pg_stat_replication") != "sync"; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    REQUIRE(primary->query("SELECT sync_state FROM pg_stat_replication") == "sync");
    primary->createDatabase("central");

    // The instances know both servers; libpq picks the one that accepts writes (the primary, later the promoted
    // standby).
    const std::string conninfo = "host=127.0.0.1,127.0.0.1 port=" + std::to_string(primary->port()) + "," +
                                 std::to_string(standby->port()) +
                                 " user=postgres dbname=central target_session_attrs=read-write connect_timeout=2";
    const auto keyFile = dir.path() / "signing.key";
    const std::string pubkey = central({"keys", "generate", "--out", keyFile.string()});
    central({"migrate", "--database", conninfo});
    auto stations = registerStations(dir.path(), conninfo);
    const std::vector<std::string> common = {"--database",     conninfo,    "--signing-key",
                                             keyFile.string(), "--db-pool", "4"};
    std::vector<std::string> first = common;
    first.insert(first.end(), {"--seed-manifest", "40"});
    Instance a(first, freePort());
    Instance b(common, freePort());
    Haproxy lb(dir.path(), {a.port(), b.port()});

    const int travelers = 60;
    for (std::size_t i = 0; i < stations.size(); ++i) {
        stations[i].process = std::make_unique<test::ChildProcess>(
            test::cliExe().string(), simulateArgs(stations[i], lb.url(), pubkey, travelers, 21 + static_cast<int>(i)));
    }
    // Mid-stream: once some records are committed, and while the stations are still recording.
    for (int i = 0; i < 400 && std::stoll("0" + primary->query("SELECT COUNT(*) FROM inspections", "central")) < 30;
         ++i) {
        std::this_thread::sleep_for(25ms);
    }
    const auto beforeKill = std::stoll(primary->query("SELECT COUNT(*) FROM inspections", "central"));
    REQUIRE(beforeKill >= 30);
    REQUIRE(beforeKill < 3 * travelers);
    primary->kill9();
    std::this_thread::sleep_for(500ms); // stations see errors and back off; nothing answers writes
    standby->promote();

    awaitStations(stations);
    checkExactlyOnce(*standby, "central", stations, travelers);
    WARN("fail-over: " << beforeKill << " records on the primary when it was killed, "
                       << standby->query("SELECT COUNT(*) FROM inspections", "central")
                       << " on the promoted standby after the stations drained");
}
