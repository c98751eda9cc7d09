// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/AuditLog.h"
#include "audit/AuditVerifier.h"

#include "store/Crypto.h"
#include "store/InspectionStore.h"
#include "store/SqliteOutbox.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

using namespace portico;
using namespace portico::store;
using portico::audit::AuditLog;
using portico::audit::AuditVerifier;

namespace {

void fill(Database& db, int n) {
    AuditLog log(db);
    for (int i = 0; i < n; ++i) {
        REQUIRE(log.append({fromMs(1700000000000 + i * 1000), i % 3 == 0 ? "officer1" : "system",
                            i % 2 == 0 ? "inspection.record" : "auth.login.ok", "obj-" + std::to_string(i),
                            "{\"n\":" + std::to_string(i) + "}"})
                    .ok());
    }
}

// Tampering needs the append-only triggers out of the way, as an attacker with file access would do.
void dropTriggers(Database& db) {
    REQUIRE(db.exec("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;").ok());
}

} // namespace

TEST_CASE("Audit chain appends, verifies and exposes its head", "[unit][audit]") {
    test::TempDir dir;
    auto db = Database::open(dir.path() / "a.db");
    REQUIRE(db.ok());
    AuditLog log(*db);
    CHECK(log.head().value().seq == 0);
    CHECK(log.head().value().hashHex.empty());
    fill(*db, 20);
    auto head = log.head();
    REQUIRE(head.ok());
    CHECK(head->seq == 20);
    CHECK(head->hashHex.size() == 64);
    auto v = AuditVerifier::verify(*db);
    REQUIRE(v.ok());
    CHECK(v->ok);
    CHECK(v->entries == 20);
    CHECK(v->headHex == head->hashHex);
    // Non-object details are refused.
    CHECK(log.append({fromMs(1), "a", "b", "", "[1]"}).code() == ErrorCode::InvalidArgument);
    // The table refuses updates and deletes outright.
    CHECK_FALSE(db->exec("UPDATE audit_log SET actor='x' WHERE seq=3").ok());
    CHECK_FALSE(db->exec("DELETE FROM audit_log WHERE seq=20").ok());
}

TEST_CASE("Audit verify detects a deleted tail against the uploaded head", "[unit][audit]") {
    test::TempDir dir;
    auto db = Database::open(dir.path() / "a.db");
    REQUIRE(db.ok());
    fill(*db, 10);
    const auto head = AuditLog(*db).head().value();
    dropTriggers(*db);
    REQUIRE(db->exec("DELETE FROM audit_log WHERE seq >= 9").ok());
    auto plain = AuditVerifier::verify(*db);
    REQUIRE(plain.ok());
    CHECK(plain->ok); // a truncated chain is internally consistent...
    auto withHead = AuditVerifier::verify(*db, head.hashHex, head.seq);
    REQUIRE(withHead.ok());
    CHECK_FALSE(withHead->ok); // ...but not against the head central received
    CHECK(withHead->badSeq == 9);
}

TEST_CASE("1,000 random edits, deletions and reorders are all detected", "[unit][audit]") {
    test::TempDir dir;
    const auto pristine = dir.path() / "pristine.db";
    {
        auto db = Database::open(pristine);
        REQUIRE(db.ok());
        fill(*db, 40);
        REQUIRE(db->checkpointTruncate().ok());
    }
    auto db = Database::open(pristine);
    REQUIRE(db.ok());
    const auto head = AuditLog(*db).head().value();
    dropTriggers(*db);
    std::mt19937 rng(20261123);
    int detected = 0;
    int runs = 0;
    for (int i = 0; i < 1000; ++i) {
        // Each tamper happens inside a transaction that is rolled back afterwards (fast: no fsync per case).
        auto tx = Transaction::begin(*db);
        REQUIRE(tx.ok());
        const int seq = 1 + static_cast<int>(rng() % 40);
        const int other = 1 + static_cast<int>((static_cast<unsigned>(seq) + 1 + rng() % 38) % 40);
        std::string sql;
        switch (rng() % 8) {
        case 0:
            sql = "UPDATE audit_log SET actor = actor || 'x' WHERE seq = " + std::to_string(seq);
            break;
        case 1:
            sql = "UPDATE audit_log SET details = '{\"n\":-1}' WHERE seq = " + std::to_string(seq);
            break;
        case 2:
            sql = "UPDATE audit_log SET at_ms = at_ms + 1 WHERE seq = " + std::to_string(seq);
            break;
        case 3:
            sql = "UPDATE audit_log SET action = 'export.csv' WHERE seq = " + std::to_string(seq);
            break;
        case 4: // deletion in the middle (or anywhere but with a head check for the tail)
            sql = "DELETE FROM audit_log WHERE seq = " + std::to_string(seq);
            break;
        case 5: // reorder: swap the content of two entries
            sql = "UPDATE audit_log SET seq = -1 WHERE seq = " + std::to_string(seq) +
                  "; UPDATE audit_log SET seq = " + std::to_string(seq) + " WHERE seq = " + std::to_string(other) +
                  "; UPDATE audit_log SET seq = " + std::to_string(other) + " WHERE seq = -1";
            break;
        case 6: // recompute this entry's hash honestly after editing it: the next link breaks
            sql =
                "UPDATE audit_log SET object_ref = 'forged', hash = randomblob(32) WHERE seq = " + std::to_string(seq);
            break;
        default: // flip a byte of the stored hash
            sql = "UPDATE audit_log SET hash = randomblob(32) WHERE seq = " + std::to_string(seq);
            break;
        }
        REQUIRE(db->exec(sql).ok());
        auto v = AuditVerifier::verify(*db, head.hashHex, head.seq);
        REQUIRE(v.ok());
        ++runs;
        if (!v->ok) {
            ++detected;
            CHECK(v->badSeq >= 1);
            CHECK_FALSE(v->reason.empty());
        }
        REQUIRE(tx->rollback().ok());
    }
    // The rollbacks restored the pristine chain.
    auto clean = AuditVerifier::verify(*db, head.hashHex, head.seq);
    REQUIRE(clean.ok());
    CHECK(clean->ok);
    CHECK(runs == 1000);
    CHECK(detected == 1000);
}

TEST_CASE("an emptied log, a log cut at its tail, and a log shorter than the uploaded head fail verification",
          "[unit][audit]") {
    test::TempDir dir;
    const auto path = dir.path() / "station.db";
    auto db = Database::open(path);
    REQUIRE(db.ok());
    Crypto crypto(KeyRing::generate());
    AuditLog log(*db);
    ManualClock clock(fromMs(1795445526000));
    InspectionStore inspections(*db, crypto, log, clock, "WS-AUDIT");
    for (int i = 0; i < 30; ++i) {
        NewInspection n;
        n.officerId = "officer-1";
        n.port = "SYS";
        n.lane = 1;
        n.outcome = inspection::Outcome::Match;
        n.decision = inspection::Decision::Verified;
        n.modelId = "m";
        REQUIRE(inspections.record(n));
        clock.advance(std::chrono::seconds(30));
    }
    for (int i = 0; i < 5; ++i) {
        REQUIRE(log.append({clock.now(), "officer-1", "auth.login.ok", "officer-1", "{}"}));
    }
    SqliteOutbox outbox(*db, crypto);
    const auto head = outbox.auditHead().value();
    REQUIRE(head.seq == 35);
    REQUIRE(outbox.noteAuditHeadUploaded(head)); // central answered a batch that carried it
    auto whole = AuditVerifier::verify(*db);
    REQUIRE(whole);
    REQUIRE(whole->ok); // the control: nothing removed

    std::string reason;
    SECTION("emptied: 0 entries while 30 inspections remain") {
        dropTriggers(*db);
        REQUIRE(db->exec("DELETE FROM audit_log"));
        reason = "30 inspection records have no 'inspection.record' audit entry";
    }
    SECTION("cut at its tail, through the last inspections' entries") {
        dropTriggers(*db);
        REQUIRE(db->exec("DELETE FROM audit_log WHERE seq > 27"));
        reason = "3 inspection records have no 'inspection.record' audit entry";
    }
    SECTION("shorter than the head this station uploaded (only log-ins removed)") {
        dropTriggers(*db);
        REQUIRE(db->exec("DELETE FROM audit_log WHERE seq > 30"));
        reason = "log ends at 30 but this station uploaded entry 35";
    }
    auto v = AuditVerifier::verify(*db);
    REQUIRE(v);
    CHECK_FALSE(v->ok);
    CHECK_THAT(v->reason, Catch::Contains(reason));
    // The commands an auditor runs say so too (exit 1).
    for (const std::vector<std::string>& args : {std::vector<std::string>{"audit", "verify", "--db", path.string()},
                                                 std::vector<std::string>{"db", "check", "--db", path.string()}}) {
        auto [status, out] = test::runCommand(test::cliExe().string(), args);
        INFO(out);
        CHECK(status == 1);
    }
}
