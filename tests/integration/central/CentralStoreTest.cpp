// SPDX-License-Identifier: GPL-3.0-or-later
// What portico-central keeps, checked on the database itself, on each engine (the suite runs on SQLite and again on
// PostgreSQL): records stored byte for byte, device tokens, audit-chain forks, per-station reconciliation, and the
// schema's version rules.
#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/RawHttp.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <fstream>
#include <sstream>

using namespace std::chrono_literals;
using portico::test::CentralProcess;
using portico::test::rawExchange;
using portico::test::RawReply;

namespace {

std::pair<int, std::string> centralCommand(std::vector<std::string> args, const std::filesystem::path& dataDir) {
    const auto store = portico::test::centralStoreArgs(dataDir);
    args.insert(args.end(), store.begin(), store.end());
    return portico::test::runCommand(portico::test::centralExe().string(), args);
}

/// stdout and stderr of a portico-central command, for the messages it prints on refusal.
std::pair<int, std::string> centralCommandWithErrors(std::vector<std::string> args,
                                                     const std::filesystem::path& dataDir) {
    const auto store = portico::test::centralStoreArgs(dataDir);
    std::string line = "'" + portico::test::centralExe().string() + "'";
    args.insert(args.end(), store.begin(), store.end());
    for (const auto& a : args) {
        line += " '" + a + "'";
    }
    return portico::test::runCommand("/bin/sh", {"-c", line + " 2>&1"});
}

nlohmann::json stats(const std::filesystem::path& dataDir) {
    auto [status, out] = centralCommand({"stats"}, dataDir);
    REQUIRE(status == 0);
    return nlohmann::json::parse(out);
}

std::string post(const std::string& body, const std::string& token = CentralProcess::kToken) {
    return "POST /v1/inspections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string get(const std::string& target, const std::string& token) {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

std::string sha256Hex(const std::string& s) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

std::vector<nlohmann::json> storedRecords(const std::filesystem::path& dataDir, const std::string& station) {
    auto [status, out] = centralCommand({"records", "--station", station}, dataDir);
    REQUIRE(status == 0);
    std::vector<nlohmann::json> rows;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        rows.push_back(nlohmann::json::parse(line));
    }
    return rows;
}

std::string batch(const std::string& device, const std::string& records, const std::string& head = "null") {
    return R"({"device_id":")" + device + R"(","audit_head":)" + head + R"(,"records":)" + records + "}";
}

std::string record(const std::string& id, int seq, const std::string& payload = "{}") {
    return R"({"id":")" + id + R"(","device_sequence":)" + std::to_string(seq) + R"(,"payload":)" + payload + "}";
}

} // namespace

TEST_CASE("central stores records that would break SQL byte for byte, refuses invalid UTF-8, changes nothing else",
          "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string(), {"--seed-manifest", "5"});
    const int port = portico::test::portOfUrl(central.url());
    const auto before = stats(data.path());

    const std::string hostile = R"({"id":"edge-1","device_sequence":1,"payload":{)"
                                R"("sql":"'; DROP TABLE inspections; --","quotes":"\"double\" 'single' `back`",)"
                                R"("nul":"a\u0000b","ctl":"\u0001\u001f\t\n","uni":"Ωμέγα 😀 \u00e9",)"
                                R"("big":")" +
                                std::string(1 << 20, 'x') + R"(","n":[1,1.0,-0.5,1e300,18446744073709551615]}})";
    RawReply reply = rawExchange(port, post(batch("WS-EDGE", "[" + hostile + "]")));
    REQUIRE(reply.status == 200);
    CHECK(nlohmann::json::parse(reply.body).at("results").at(0).at("status") == "accepted");

    // Invalid UTF-8 anywhere in a record: the whole batch is refused before storage.
    for (const std::string& bad :
         {std::string("\"\xff\""), std::string("\"\xc0\xae\""), std::string("\"\xed\xa0\x80\"")}) {
        reply = rawExchange(port, post(batch("WS-EDGE", "[" + record("edge-2", 2, R"({"s":)" + bad + "}") + "]")));
        CHECK(reply.status == 400);
        CHECK(reply.errorCode() == "invalid_json");
    }

    const auto rows = storedRecords(data.path(), "WS-EDGE");
    REQUIRE(rows.size() == 1);
    const std::string canonical = nlohmann::json::parse(hostile).dump();
    CHECK(rows[0].at("record").get<std::string>() == canonical); // byte for byte the canonical form
    CHECK(rows[0].at("content_sha256") == sha256Hex(canonical));
    const auto payload = nlohmann::json::parse(rows[0].at("record").get<std::string>()).at("payload");
    CHECK(payload.at("sql") == "'; DROP TABLE inspections; --");
    CHECK(payload.at("nul").get<std::string>() == std::string("a\0b", 3));
    CHECK(payload.at("big").get<std::string>().size() == (1u << 20));
    CHECK(payload.at("n").at(0).is_number_integer());
    CHECK(payload.at("n").at(1).is_number_float());
    // The same id resent: a duplicate, not a second row; with other content: a conflict, nothing overwritten.
    reply = rawExchange(port, post(batch("WS-EDGE", "[" + hostile + "]")));
    CHECK(nlohmann::json::parse(reply.body).at("results").at(0).at("status") == "duplicate");
    reply = rawExchange(port, post(batch("WS-EDGE", "[" + record("edge-1", 1, R"({"other":true})") + "]")));
    CHECK(nlohmann::json::parse(reply.body).at("results").at(0).at("reason").at("code") == "id_conflict");
    CHECK(storedRecords(data.path(), "WS-EDGE").at(0).at("record").get<std::string>() == canonical);

    const auto after = stats(data.path());
    CHECK(after.at("records_stored") == before.at("records_stored").get<int>() + 1);
    for (const char* unchanged : {"manifest_version", "manifest_entries", "photos", "schema_version"}) {
        CHECK(after.at(unchanged) == before.at(unchanged));
    }
    CHECK(portico::test::centralQuery(data.path(), "SELECT COUNT(*) FROM inspections").at(0).at(0) == "1");
}

TEST_CASE("central device tokens are bound to their station and port, stored only as hashes, and revocable",
          "[integration][central]") {
    portico::test::TempDir data;
    auto [s1, t1] = centralCommand({"devices", "add", "--station", "WS-1", "--port", "SYS"}, data.path());
    auto [s2, t2] = centralCommand({"devices", "add", "--station", "WS-2", "--port", "ELP"}, data.path());
    REQUIRE(s1 == 0);
    REQUIRE(s2 == 0);
    const std::string token1 = t1.substr(0, t1.find('\n'));
    const std::string token2 = t2.substr(0, t2.find('\n'));
    CHECK(token1.starts_with("pct1_"));
    CHECK(token1.size() >= 40);
    CHECK(token1 != token2);
    auto [again, againOut] = centralCommand({"devices", "add", "--station", "WS-1", "--port", "SYS"}, data.path());
    CHECK(again == 1);

    // Only hashes at rest: no column of the devices table holds the token.
    for (const auto& row : portico::test::centralQuery(data.path(), "SELECT * FROM devices")) {
        for (const auto& cell : row) {
            CHECK(cell.find(token1.substr(5)) == std::string::npos);
            CHECK(cell.find(token2.substr(5)) == std::string::npos);
        }
    }
    auto [listStatus, list] = centralCommand({"devices", "list"}, data.path());
    CHECK(listStatus == 0);
    CHECK(list.find(token1) == std::string::npos);
    CHECK(nlohmann::json::parse(list).size() == 2);

    CentralProcess central(data.path().string(), {"--seed-manifest", "3"});
    const int port = portico::test::portOfUrl(central.url());
    CHECK(rawExchange(port, get("/v1/ports/SYS/manifest", token1)).status == 200);
    RawReply other = rawExchange(port, get("/v1/ports/SYS/manifest", token2));
    CHECK(other.status == 403);
    CHECK(other.errorCode() == "forbidden");
    RawReply mine = rawExchange(port, post(batch("WS-1", "[" + record("tok-1", 1) + "]"), token1));
    CHECK(mine.status == 200);
    RawReply spoof = rawExchange(port, post(batch("WS-2", "[" + record("tok-2", 1) + "]"), token1));
    CHECK(spoof.status == 403);
    CHECK(spoof.errorCode() == "device_mismatch");

    auto [revoked, revokedOut] = centralCommand({"devices", "revoke", "--station", "WS-1"}, data.path());
    CHECK(revoked == 0);
    RawReply after = rawExchange(port, get("/v1/ports/SYS/manifest", token1));
    CHECK(after.status == 401);
    CHECK(after.errorCode() == "unauthorized");
    CHECK(rawExchange(port, get("/v1/ports/SYS/manifest", "pct1_" + std::string(43, 'A'))).status == 401);
    CHECK(portico::test::centralQuery(data.path(), "SELECT COUNT(*) FROM inspections").at(0).at(0) == "1");
}

TEST_CASE("central keeps every audit head: a second hash for one sequence is a fork, raised as an alarm (#26 14)",
          "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    const std::string hashA(64, 'a');
    const std::string hashB(64, 'b');
    auto head = [](int seq, const std::string& h) {
        return R"({"sequence":)" + std::to_string(seq) + R"(,"hash":")" + h + "\"}";
    };
    REQUIRE(rawExchange(port, post(batch("WS-FORK", "[" + record("f-1", 1) + "]", head(5, hashA)))).status == 200);
    REQUIRE(rawExchange(port, post(batch("WS-FORK", "[" + record("f-1", 1) + "]", head(5, hashA)))).status == 200);
    CHECK(stats(data.path()).at("audit_forks") == 0);
    REQUIRE(rawExchange(port, post(batch("WS-FORK", "[" + record("f-2", 2) + "]", head(5, hashB)))).status == 200);
    const auto st = stats(data.path());
    CHECK(st.at("audit_forks") == 1);
    CHECK(st.at("alarms") == nlohmann::json::array({"audit_chain_forked"}));
    // Both heads are kept, the first one not overwritten.
    CHECK(portico::test::centralQuery(data.path(),
                                      "SELECT hash FROM audit_head_log WHERE device_id = 'WS-FORK' ORDER BY hash")
              .size() == 2);
    auto [status, out] = centralCommand({"reconcile", "--station", "WS-FORK"}, data.path());
    REQUIRE(status == 0);
    const auto report = nlohmann::json::parse(out);
    CHECK(report.at("audit_forks") == 1);
    CHECK(report.at("complete") == false);
}

TEST_CASE("central reconciles a station's sequence numbers: missing ranges, repeats, last audit head (#26 15)",
          "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    std::string records = "[";
    int n = 0;
    for (int seq : {1, 2, 3, 5, 6, 9}) {
        records += (n++ ? "," : "") + record("r-" + std::to_string(seq), seq);
    }
    records += "," + record("r-9-again", 9) + "]";
    const std::string head = R"({"sequence":40,"hash":")" + std::string(64, 'c') + "\"}";
    REQUIRE(rawExchange(port, post(batch("WS-GAPS", records, head))).status == 200);
    auto [status, out] = centralCommand({"reconcile", "--station", "WS-GAPS"}, data.path());
    REQUIRE(status == 0);
    const auto r = nlohmann::json::parse(out);
    CHECK(r.at("records") == 7);
    CHECK(r.at("highest_sequence") == 9);
    CHECK(r.at("missing_ranges") == nlohmann::json::parse("[[4,4],[7,8]]"));
    CHECK(r.at("missing_count") == 3);
    CHECK(r.at("duplicate_sequences") == 1);
    CHECK(r.at("last_audit_head").at("sequence") == 40);
    CHECK(r.at("complete") == false);

    auto [unknownStatus, unknown] = centralCommand({"reconcile", "--station", "WS-NONE"}, data.path());
    CHECK(unknownStatus == 0);
    CHECK(nlohmann::json::parse(unknown).at("records") == 0);
}

TEST_CASE("central refuses a database whose schema is newer than itself, naming both versions",
          "[integration][central]") {
    portico::test::TempDir data;
    auto [migrated, migratedOut] = centralCommand({"migrate"}, data.path());
    REQUIRE(migrated == 0);
    const std::string latest = migratedOut.substr(std::string("schema version ").size(),
                                                  migratedOut.find('\n') - std::string("schema version ").size());
    CHECK(portico::test::centralQuery(data.path(), "SELECT version FROM schema_version").at(0).at(0) == latest);
    portico::test::centralQuery(data.path(), "UPDATE schema_version SET version = 99");
    auto [status, out] = centralCommandWithErrors({"stats"}, data.path());
    CHECK(status == 1);
    CHECK(out.find("version 99") != std::string::npos);
    CHECK(out.find("portico-central's " + latest) != std::string::npos);
    CHECK(portico::test::centralQuery(data.path(), "SELECT version FROM schema_version").at(0).at(0) == "99");
}

TEST_CASE("central upgrades a database of the first release in place, keeping its rows",
          "[integration][central][sqlite-only]") {
    portico::test::TempDir data;
    // The schema portico-central created before numbered migrations, with a record and an audit head in it.
    portico::test::centralQuery(data.path(), "SELECT 1"); // nothing yet: make the file
    for (const char* sql :
         {"CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
          "CREATE TABLE manifest_entries(port TEXT NOT NULL, appointment_id TEXT NOT NULL, version INTEGER NOT NULL, "
          "removed INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL, PRIMARY KEY(port, appointment_id))",
          "CREATE TABLE photos(id TEXT PRIMARY KEY, jpeg BLOB NOT NULL)",
          "CREATE TABLE inspections(id TEXT NOT NULL, device_id TEXT NOT NULL, device_sequence INTEGER NOT NULL, "
          "content_sha256 TEXT NOT NULL, record TEXT NOT NULL, received_ms INTEGER NOT NULL, "
          "CONSTRAINT inspections_id_unique UNIQUE(id))",
          "CREATE TABLE audit_heads(device_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, hash TEXT NOT NULL, "
          "received_ms INTEGER NOT NULL)",
          "INSERT INTO meta VALUES ('manifest_version', 3), ('duplicates', 2), ('rejects', 0), ('requests', 9), "
          "('batches', 4)",
          "INSERT INTO inspections VALUES ('old-1', 'WS-OLD', 1, 'aa', '{}', 1)",
          "INSERT INTO audit_heads VALUES ('WS-OLD', 7, 'dd', 1)"}) {
        portico::test::centralQuery(data.path(), sql);
    }
    auto [status, out] = centralCommand({"stats"}, data.path());
    REQUIRE(status == 0);
    const auto st = nlohmann::json::parse(out);
    CHECK(st.at("schema_version") == 3);
    CHECK(st.at("records_stored") == 1);
    CHECK(st.at("manifest_version") == 3);
    CHECK(st.at("duplicates_seen") == 2);
    auto [r, rout] = centralCommand({"reconcile", "--station", "WS-OLD"}, data.path());
    CHECK(nlohmann::json::parse(rout).at("last_audit_head").at("sequence") == 7);
}

TEST_CASE("central on PostgreSQL refuses to start without a provisioned signing key, and keys are never overwritten",
          "[integration][central]") {
    portico::test::TempDir dir;
    // The check comes before any connection: no server is needed to see it.
    auto [status, out] = portico::test::runCommand(
        "/bin/sh", {"-c", "'" + portico::test::centralExe().string() +
                              "' --listen 127.0.0.1:0 --token T --database 'host=127.0.0.1 port=1 dbname=none' 2>&1"});
    CHECK(status == 2);
    CHECK(out.find("--signing-key") != std::string::npos);

    const auto key = dir.path() / "signing.key";
    auto [made, pub] =
        portico::test::runCommand(portico::test::centralExe().string(), {"keys", "generate", "--out", key.string()});
    REQUIRE(made == 0);
    CHECK((std::filesystem::status(key).permissions() & std::filesystem::perms::group_all) ==
          std::filesystem::perms::none);
    CHECK((std::filesystem::status(key).permissions() & std::filesystem::perms::others_all) ==
          std::filesystem::perms::none);
    auto [again, againOut] =
        portico::test::runCommand(portico::test::centralExe().string(), {"keys", "generate", "--out", key.string()});
    CHECK(again == 1);
    auto [shown, shownPub] =
        portico::test::runCommand(portico::test::centralExe().string(), {"pubkey", "--signing-key", key.string()});
    CHECK(shown == 0);
    CHECK(shownPub == pub); // the same key: the second generate changed nothing
    std::filesystem::permissions(key, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
    auto [loose, looseOut] =
        portico::test::runCommand(portico::test::centralExe().string(), {"pubkey", "--signing-key", key.string()});
    CHECK(loose == 1);
}
