// SPDX-License-Identifier: GPL-3.0-or-later
// kill -9 at random moments (also mid-purge and mid-rotation): every record whose commit returned is present,
// integrity_check is ok, no partial rows, every sealed value opens, the audit chain is whole.
// Cycles: 200 by default (CI); PORTICO_KILL_CYCLES=1000 for the full run.
#include "audit/AuditVerifier.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/SealedColumns.h"

#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace portico;
using namespace portico::store;

namespace {

std::set<std::int64_t> reported(const std::filesystem::path& file) {
    std::set<std::int64_t> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            out.insert(std::stoll(line));
        }
    }
    return out;
}

struct Check {
    std::int64_t lost = 0;
    std::int64_t records = 0;
    bool integrityOk = false;
    bool noPartialRows = false;
    bool sealedOpen = false;
    bool auditOk = false;
};

Check check(const std::filesystem::path& dbPath, const std::filesystem::path& keyPath,
            const std::filesystem::path& reportPath) {
    Check c;
    OpenOptions o;
    o.path = dbPath;
    o.recoverCorrupt = false; // a corrupt file must fail the test, not be swept aside
    auto db = Database::open(o);
    REQUIRE(db.ok());
    c.integrityOk = db->integrityCheck().valueOr("") == "ok";
    const auto seqs = reported(reportPath);
    auto has = db->prepare("SELECT count(*) FROM inspections WHERE device_seq = ?1");
    REQUIRE(has.ok());
    for (auto s : seqs) {
        has->reset();
        has->bind(1, s);
        REQUIRE(has->step().value());
        if (has->columnInt64(0) != 1) {
            ++c.lost;
        }
    }
    c.records = db->queryInt64("SELECT count(*) FROM inspections").value();
    const auto last = db->queryInt64("SELECT CAST(value AS INTEGER) FROM meta WHERE key='last_device_seq'").value();
    const auto withOutbox =
        db->queryInt64("SELECT count(*) FROM inspections i JOIN outbox o ON o.inspection_id = i.id AND o.device_seq "
                       "= i.device_seq")
            .value();
    const auto withAudit = db->queryInt64("SELECT count(*) FROM inspections i WHERE EXISTS (SELECT 1 FROM audit_log a "
                                          "WHERE a.object_ref = i.id AND a.action = 'inspection.record')")
                               .value();
    const auto maxSeq = db->queryInt64("SELECT coalesce(max(device_seq), 0) FROM inspections").value();
    c.noPartialRows = withOutbox == c.records && withAudit == c.records && maxSeq == last && c.records == last &&
                      db->queryInt64("SELECT count(*) FROM outbox").value() == c.records;
    auto ring = KeyFile::load(keyPath);
    REQUIRE(ring.ok());
    const Crypto crypto(*ring);
    c.sealedOpen = true;
    for (const auto& col : sealedColumns()) {
        auto st = db->prepare("SELECT " + std::string(col.keyColumn) + ", " + std::string(col.column) + " FROM " +
                              std::string(col.table) + " WHERE " + std::string(col.column) + " IS NOT NULL");
        REQUIRE(st.ok());
        while (st->step().value()) {
            const std::string id = st->columnText(0);
            if (!crypto.open({col.table, col.column, id}, st->columnBlob(1)).ok()) {
                c.sealedOpen = false;
            }
        }
    }
    auto v = audit::AuditVerifier::verify(*db);
    c.auditOk = v.ok() && v->ok;
    return c;
}

int cyclesFromEnv(int fallback) {
    const char* env = std::getenv("PORTICO_KILL_CYCLES");
    return env != nullptr ? std::max(1, std::atoi(env)) : fallback;
}

} // namespace

TEST_CASE("kill -9 at random moments loses no committed record", "[reliability][store]") {
    test::TempDir dir;
    const auto dbPath = dir.path() / "data" / "portico.db";
    const auto keyPath = dir.path() / "keys" / "master.key";
    const auto reportPath = dir.path() / "committed.txt";
    const int cycles = cyclesFromEnv(200);
    std::mt19937 rng(std::random_device{}());
    const auto start = std::chrono::steady_clock::now();
    int killed = 0;
    for (int i = 0; i < cycles; ++i) {
        // Every other cycle the background checkpointer runs every 8 WAL pages (about every 3 records), so kills
        // also land inside background checkpoints; the others use the default threshold.
        std::vector<std::string> args = {dbPath.string(), keyPath.string(), reportPath.string()};
        if (i % 2 == 1) {
            args.insert(args.end(), {"--checkpoint-pages", "8"});
        }
        test::ChildProcess child(PORTICO_STORE_KILL_CHILD, args);
        REQUIRE(child.started());
        REQUIRE(child.readLine(std::chrono::seconds(10)) == "ready");
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 40000));
        child.signal(SIGKILL);
        const int status = child.wait(std::chrono::seconds(10));
        if (status == 128 + SIGKILL) {
            ++killed;
        } else {
            FAIL("child exited on its own with status " << status);
        }
        if (i % 20 == 19 || i == cycles - 1) {
            const Check c = check(dbPath, keyPath, reportPath);
            INFO("cycle " << i);
            REQUIRE(c.lost == 0);
            REQUIRE(c.integrityOk);
            REQUIRE(c.noPartialRows);
            REQUIRE(c.sealedOpen);
            REQUIRE(c.auditOk);
        }
    }
    const Check c = check(dbPath, keyPath, reportPath);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN("kill test: " << cycles << " cycles, " << killed << " kills, " << reported(reportPath).size()
                       << " committed records reported, " << c.records << " stored, " << c.lost << " lost, " << secs
                       << " s");
    CHECK(killed == cycles);
    CHECK(c.records >= static_cast<std::int64_t>(reported(reportPath).size()));
    CHECK(c.records > 0);
}

TEST_CASE("Negative control: reporting before the commit shows losses", "[reliability][store]") {
    test::TempDir dir;
    const auto dbPath = dir.path() / "data" / "portico.db";
    const auto keyPath = dir.path() / "keys" / "master.key";
    const auto reportPath = dir.path() / "committed.txt";
    std::mt19937 rng(7);
    std::int64_t lost = 0;
    for (int i = 0; i < 60 && lost == 0; ++i) {
        test::ChildProcess child(PORTICO_STORE_KILL_CHILD, {dbPath.string(), keyPath.string(), reportPath.string(),
                                                            "--report-before-commit", "--no-maintenance"});
        REQUIRE(child.started());
        REQUIRE(child.readLine(std::chrono::seconds(10)) == "ready");
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 25000));
        child.signal(SIGKILL);
        (void)child.wait(std::chrono::seconds(10));
        lost = check(dbPath, keyPath, reportPath).lost;
    }
    CHECK(lost > 0); // the harness can see a lost record
}
