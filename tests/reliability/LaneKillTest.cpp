// SPDX-License-Identifier: GPL-3.0-or-later
// Whole-lane kill -9: `portico-cli simulate` (manifest sync → capture → match → decision → outbox → upload) is
// killed with SIGKILL at random moments while portico-central injects a fault mix; then the lane is let finish and
// drain once the faults stop. Afterwards: the central service holds exactly one row per recorded inspection (none
// missing, none duplicated), every simulated traveler was recorded exactly once, the outbox report shows nothing
// pending and nothing missing, `audit verify` passes and integrity_check is ok.
//
// Cycles: PORTICO_LANE_KILL_CYCLES (default 100, the CI run); scripts/killtest runs 1,000.
#include "store/Database.h"

#include "StationRows.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

using namespace portico;

namespace {

constexpr const char* kStation = "WS-KILL";
/// Every fault portico-central knows, with short delays so a CI run stays short. The drip fault stalls an upload
/// until the client's low-speed limit (5 s) gives up on it.
constexpr const char* kFaultMix = "500=0.05,503=0.03,503ra=0.04,429=0.04,reset=0.05,truncate=0.05,drip=0.01,"
                                  "delay=0.04,lost=0.08,ra=1,delayms=300";

int envInt(const char* name, int fallback) {
    const char* env = std::getenv(name);
    return env != nullptr ? std::max(1, std::atoi(env)) : fallback;
}

/// (id, device_sequence) of every row the central service holds for our station, read from its database file.
std::vector<std::pair<std::string, std::int64_t>> centralRows(const std::filesystem::path& centralDb) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(centralDb.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id, device_sequence FROM inspections WHERE device_id = ?1", -1, &st,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, kStation, -1, SQLITE_STATIC);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

} // namespace

TEST_CASE("kill -9 of the whole lane under a fault mix: exactly once at central, nothing missing",
          "[reliability][lane]") {
    test::TempDir dir;
    const auto centralData = dir.path() / "central";
    const auto dbPath = dir.path() / "station" / "portico.db";
    const auto keyPath = dir.path() / "keys" / "master.key";
    const int cycles = envInt("PORTICO_LANE_KILL_CYCLES", 100);
    const int maxKillMs = envInt("PORTICO_LANE_KILL_MAX_MS", 1200);
    // Enough travelers that the kill cycles never finish the day: the last, unkilled run completes it.
    const int travelers = envInt("PORTICO_LANE_KILL_TRAVELERS", cycles * 30 + 50);
    const auto seed = static_cast<std::uint64_t>(envInt("PORTICO_LANE_KILL_SEED", 20261123));
    std::mt19937 rng(static_cast<std::uint32_t>(seed));

    auto [keyStatus, pubkeyOut] =
        test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
    REQUIRE(keyStatus == 0);
    const std::string pubkey = pubkeyOut.substr(0, pubkeyOut.find('\n'));

    auto simArgs = [&](const std::string& url, bool drain) {
        std::vector<std::string> args = {"simulate",
                                         "--db",
                                         dbPath.string(),
                                         "--key-file",
                                         keyPath.string(),
                                         "--central",
                                         url,
                                         "--pubkey",
                                         pubkey,
                                         "--station",
                                         kStation,
                                         "--travelers",
                                         std::to_string(travelers),
                                         "--seed",
                                         std::to_string(seed),
                                         "--mode",
                                         "fast",
                                         "--pace-ms",
                                         drain ? "0" : "20",
                                         "--max-backoff-ms",
                                         "1000",
                                         "--request-timeout-ms",
                                         "4000",
                                         "--token",
                                         test::CentralProcess::kToken};
        if (drain) {
            args.insert(args.end(), {"--drain", "--drain-timeout", "120"});
        }
        return args;
    };

    const auto start = std::chrono::steady_clock::now();
    int killed = 0;
    int killedBeforeReady = 0;
    int exitedOnTheirOwn = 0;
    {
        test::CentralProcess central(centralData.string(), {"--seed-manifest", "40", "--faults", kFaultMix});
        for (int i = 0; i < cycles; ++i) {
            test::ChildProcess sim(test::cliExe().string(), simArgs(central.url(), false));
            REQUIRE(sim.started());
            // Half the kills land anywhere (start-up, resume, manifest sync); half once the lane is running.
            const bool afterReady = rng() % 2 == 0;
            if (afterReady) {
                const std::string ready = sim.readLine(std::chrono::seconds(30));
                INFO("cycle " << i << " first line: " << ready);
                REQUIRE(ready.find("\"ready\"") != std::string::npos);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(rng() % static_cast<unsigned>(maxKillMs)));
            sim.signal(SIGKILL);
            const int status = sim.wait(std::chrono::seconds(10));
            if (status == 128 + SIGKILL) {
                ++killed;
                killedBeforeReady += afterReady ? 0 : 1;
            } else {
                INFO("cycle " << i << ": simulate exited with " << status << " before the kill");
                REQUIRE(status == 0); // it may only finish early by completing the day
                ++exitedOnTheirOwn;
            }
            if (i % 25 == 24) {
                // Mid-run: what is recorded is whole and resumable (each traveler once, no gap).
                const test::StationRows l = test::stationRows(dbPath, keyPath);
                INFO("cycle " << i);
                REQUIRE(l.integrity == "ok");
                std::int64_t expect = 0;
                for (const auto& [index, count] : l.travelers) {
                    REQUIRE(index == expect++);
                    REQUIRE(count == 1);
                }
            }
        }
    } // central stops (SIGKILL too: what it acknowledged is committed)
    const test::StationRows beforeDrain = test::stationRows(dbPath, keyPath);

    // The faults stop; the lane finishes the day and drains.
    test::CentralProcess central(centralData.string());
    const auto d0 = std::chrono::steady_clock::now();
    auto [simStatus, simOut] = test::runCommand(test::cliExe().string(), simArgs(central.url(), true));
    const double drainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - d0).count();
    INFO(simOut);
    REQUIRE(simStatus == 0);
    const auto done = test::lastJsonLine(simOut);
    REQUIRE(done.value("event", "") == "done");
    CHECK(done.value("pending", -1) == 0);

    // 1. Every simulated traveler recorded exactly once.
    const test::StationRows local = test::stationRows(dbPath, keyPath);
    CHECK(local.integrity == "ok");
    CHECK(local.travelers.size() == static_cast<std::size_t>(travelers));
    int duplicateTravelers = 0;
    for (const auto& [index, count] : local.travelers) {
        duplicateTravelers += count != 1 ? 1 : 0;
    }
    CHECK(duplicateTravelers == 0);
    CHECK(local.bySeqId.size() == static_cast<std::size_t>(travelers));

    // 2. The central service holds exactly one row per recorded inspection.
    const auto rows = centralRows(centralData / "central.db");
    std::multimap<std::string, std::int64_t> centralById(rows.begin(), rows.end());
    std::set<std::int64_t> centralSeqs;
    for (const auto& [id, seq] : rows) {
        centralSeqs.insert(seq);
    }
    const auto once = test::compareRows(local, centralById);
    const std::int64_t missing = once.missing;
    const std::int64_t extra = once.extra;
    CHECK(missing == 0);
    CHECK(extra == 0);
    CHECK(once.wrongSequence == 0);
    CHECK(rows.size() == local.bySeqId.size());
    CHECK(centralSeqs.size() == rows.size());

    // 3. The station's reconciliation report: nothing pending, nothing missing.
    auto [reportStatus, reportOut] =
        test::runCommand(test::cliExe().string(), {"outbox", "report", "--db", dbPath.string()});
    INFO(reportOut);
    CHECK(reportStatus == 0);
    const auto report = nlohmann::json::parse(reportOut, nullptr, false);
    REQUIRE(!report.is_discarded());
    CHECK(report.value("pending", -1) == 0);
    CHECK(report.value("in_flight", -1) == 0);
    CHECK(report.value("captured", -1) == travelers);
    CHECK(report.value("acknowledged", -1) == travelers);
    CHECK(report["missing"].empty());

    // 4. The audit chain is whole.
    auto [auditStatus, auditOut] =
        test::runCommand(test::cliExe().string(), {"audit", "verify", "--db", dbPath.string()});
    INFO(auditOut);
    CHECK(auditStatus == 0);

    auto [statsStatus, statsOut] =
        test::runCommand(test::centralExe().string(), {"stats", "--data", centralData.string()});
    const auto stats = nlohmann::json::parse(statsOut, nullptr, false);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("lane kill test: " << cycles << " cycles, " << killed << " kills (" << killedBeforeReady << " before ready), "
                            << exitedOnTheirOwn << " finished on their own; " << beforeDrain.bySeqId.size()
                            << " records before the final run, " << travelers << " travelers recorded, central rows "
                            << rows.size() << ", missing " << missing << ", extra " << extra
                            << ", central duplicates seen "
                            << (statsStatus == 0 ? stats.value("duplicates_seen", -1) : -1) << ", requests "
                            << (statsStatus == 0 ? stats.value("requests", -1) : -1) << "; final run + drain "
                            << drainSeconds << " s (drain " << done.value("drain_seconds", -1.0) << " s); total "
                            << secs << " s");
    CHECK(killed + exitedOnTheirOwn == cycles);
    CHECK(killed > cycles / 2);
    CHECK(beforeDrain.bySeqId.size() > 0);
}

TEST_CASE("The real face pipeline lane: killed once, resumed, drained, walkers matched to their appointments",
          "[reliability][lane][pipeline]") {
    test::TempDir dir;
    const auto kit = dir.path() / "kit";
    const auto centralData = dir.path() / "central";
    const auto dbPath = dir.path() / "station" / "portico.db";
    const auto keyPath = dir.path() / "keys" / "master.key";
    (void)test::modelDir(); // fails clearly when the models are not fetched
    auto [kitStatus, kitOut] = test::runCommand(test::cliExe().string(), {"demo", "prepare", "--out", kit.string()});
    INFO(kitOut);
    REQUIRE(kitStatus == 0);
    std::size_t identities = 0;
    for (const auto& e : std::filesystem::directory_iterator(kit / "photos")) {
        identities += e.is_directory() ? 1 : 0;
    }
    REQUIRE(identities > 0);
    auto [keyStatus, pubkeyOut] =
        test::runCommand(test::centralExe().string(), {"pubkey", "--data", centralData.string()});
    REQUIRE(keyStatus == 0);
    const std::string pubkey = pubkeyOut.substr(0, pubkeyOut.find('\n'));
    test::CentralProcess central(centralData.string(),
                                 {"--seed-manifest", std::to_string(identities), "--photos", (kit / "photos").string(),
                                  "--faults", "500=0.1,lost=0.1,reset=0.05,seed=3"});
    const int travelers = 24;
    const std::vector<std::string> args = {"simulate",
                                           "--db",
                                           dbPath.string(),
                                           "--key-file",
                                           keyPath.string(),
                                           "--central",
                                           central.url(),
                                           "--pubkey",
                                           pubkey,
                                           "--station",
                                           kStation,
                                           "--travelers",
                                           std::to_string(travelers),
                                           "--seed",
                                           "7",
                                           "--mode",
                                           "pipeline",
                                           "--kit",
                                           kit.string(),
                                           "--max-backoff-ms",
                                           "1000",
                                           "--token",
                                           test::CentralProcess::kToken};
    {
        test::ChildProcess sim(test::cliExe().string(), args);
        REQUIRE(sim.started());
        const std::string ready = sim.readLine(std::chrono::seconds(120));
        REQUIRE(ready.find("\"ready\"") != std::string::npos);
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        sim.signal(SIGKILL);
        const int status = sim.wait(std::chrono::seconds(10));
        CHECK((status == 128 + SIGKILL || status == 0));
    }
    const test::StationRows afterKill = test::stationRows(dbPath, keyPath);
    std::vector<std::string> drainArgs = args;
    drainArgs.insert(drainArgs.end(), {"--drain", "--drain-timeout", "120"});
    auto [simStatus, simOut] = test::runCommand(test::cliExe().string(), drainArgs);
    INFO(simOut);
    REQUIRE(simStatus == 0);
    const auto done = test::lastJsonLine(simOut);
    CHECK(done.value("pending", -1) == 0);

    const test::StationRows local = test::stationRows(dbPath, keyPath);
    CHECK(local.integrity == "ok");
    CHECK(local.travelers.size() == static_cast<std::size_t>(travelers));
    for (const auto& [index, count] : local.travelers) {
        CHECK(count == 1);
    }
    const auto rows = centralRows(centralData / "central.db");
    CHECK(rows.size() == static_cast<std::size_t>(travelers));
    std::set<std::string> centralIds;
    for (const auto& r : rows) {
        centralIds.insert(r.first);
    }
    for (const auto& [id, seq] : local.bySeqId) {
        CHECK(centralIds.count(id) == 1);
    }
    // The real engine ran: captures with templates of the face-api model, most of them matched to an appointment.
    store::OpenOptions o;
    o.path = dbPath;
    o.migrate = false;
    auto db = store::Database::open(o);
    REQUIRE(db.ok());
    const auto captured =
        db->queryInt64("SELECT count(*) FROM inspections WHERE capture_template IS NOT NULL OR model_id != ''").value();
    const auto matched =
        db->queryInt64("SELECT count(*) FROM inspections WHERE outcome = 'match' AND appointment_id IS NOT NULL")
            .value();
    const auto withCapture = db->queryInt64("SELECT count(*) FROM inspections WHERE decision IN ('verified', "
                                            "'referred')")
                                 .value();
    CHECK(captured > 0);
    CHECK(matched * 2 > withCapture); // the walkers are the manifest's travelers: most are found
    auto [reportStatus, reportOut] =
        test::runCommand(test::cliExe().string(), {"outbox", "report", "--db", dbPath.string()});
    INFO(reportOut);
    CHECK(reportStatus == 0);
    auto [auditStatus, auditOut] =
        test::runCommand(test::cliExe().string(), {"audit", "verify", "--db", dbPath.string()});
    CHECK(auditStatus == 0);
    WARN("pipeline lane: " << afterKill.bySeqId.size() << " recorded before the kill, " << travelers
                           << " after resuming; " << matched << " of " << withCapture
                           << " captured travelers matched; lane " << done.value("lane_seconds", -1.0)
                           << " s, record median " << done.value("record_ms_median", -1.0) << " ms, drain "
                           << done.value("drain_seconds", -1.0) << " s");
}
