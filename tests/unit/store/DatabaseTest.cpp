// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"
#include "store/Migrations.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>

using namespace portico;
using namespace portico::store;

TEST_CASE("Database opens in WAL with the pragmas and the latest schema", "[unit][store]") {
    test::TempDir dir;
    OpenReport rep;
    auto db = Database::open(dir.path() / "p.db", &rep);
    REQUIRE(db.ok());
    CHECK(rep.created);
    CHECK_FALSE(rep.recoveredFromCorruption);
    CHECK(rep.fromVersion == 0);
    CHECK(rep.toVersion == Migrations::latestVersion());
    CHECK(db->queryText("PRAGMA journal_mode").valueOr(std::string()) == "wal");
    CHECK(db->queryInt64("PRAGMA synchronous").valueOr(-1) == 2); // FULL
    CHECK(db->queryInt64("PRAGMA secure_delete").valueOr(-1) == 1);
    CHECK(db->queryInt64("PRAGMA foreign_keys").valueOr(-1) == 1);
    CHECK(db->userVersion().valueOr(-1) == Migrations::latestVersion());
    for (const char* table : {"meta", "manifest", "manifest_entries", "manifest_photos", "manifest_templates",
                              "inspections", "outbox", "review_cases", "accounts", "audit_log"}) {
        auto st = db->prepare("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?1");
        REQUIRE(st.ok());
        st->bind(1, table);
        REQUIRE(st->step().valueOr(false));
        CHECK(st->columnInt64(0) == 1);
    }
}

TEST_CASE("Reopening does not re-run migrations", "[unit][store]") {
    test::TempDir dir;
    {
        auto db = Database::open(dir.path() / "p.db");
        REQUIRE(db.ok());
        REQUIRE(db->exec("UPDATE meta SET value='7' WHERE key='last_device_seq'").ok());
    }
    OpenReport rep;
    auto db = Database::open(dir.path() / "p.db", &rep);
    REQUIRE(db.ok());
    CHECK_FALSE(rep.created);
    CHECK(rep.fromVersion == Migrations::latestVersion());
    CHECK(db->queryText("SELECT value FROM meta WHERE key='last_device_seq'").valueOr(std::string()) == "7");
}

TEST_CASE("A database newer than the code is refused and left unchanged", "[unit][store]") {
    test::TempDir dir;
    const auto path = dir.path() / "p.db";
    {
        auto db = Database::open(path);
        REQUIRE(db.ok());
        REQUIRE(db->exec("PRAGMA user_version = 99").ok());
        REQUIRE(db->checkpointTruncate().ok());
    }
    std::ifstream in(path, std::ios::binary);
    const std::string before((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto db = Database::open(path);
    REQUIRE_FALSE(db.ok());
    CHECK(db.code() == ErrorCode::DatabaseTooNew);
    CHECK(db.error().detail.find("99") != std::string::npos);
    std::ifstream in2(path, std::ios::binary);
    const std::string after((std::istreambuf_iterator<char>(in2)), std::istreambuf_iterator<char>());
    CHECK(before == after);
}

TEST_CASE("A corrupt file is moved aside, a fresh database is created and the caller is told", "[unit][store]") {
    test::TempDir dir;
    const auto path = dir.path() / "p.db";
    {
        auto db = Database::open(path);
        REQUIRE(db.ok());
        REQUIRE(db->exec("CREATE TABLE filler(x BLOB); ").ok());
        for (int i = 0; i < 200; ++i) {
            REQUIRE(db->exec("INSERT INTO filler VALUES (randomblob(1000))").ok());
        }
        REQUIRE(db->checkpointTruncate().ok());
    }
    {
        // Overwrite a page in the middle with garbage (b-tree page of the filler table).
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 * 20);
        const std::string junk(4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    OpenReport rep;
    auto db = Database::open(path, &rep);
    REQUIRE(db.ok());
    CHECK(rep.recoveredFromCorruption);
    CHECK(rep.created);
    CHECK_FALSE(rep.corruptionDetail.empty());
    CHECK(std::filesystem::exists(rep.forensicPath));
    CHECK(rep.forensicPath.filename().string().find("p.db.corrupt-") == 0);
    CHECK(db->quickCheck().valueOr(std::string()) == "ok");
    CHECK(db->queryInt64("SELECT count(*) FROM sqlite_master WHERE name='filler'").valueOr(-1) == 0);
}

TEST_CASE("A file that is not a database is moved aside too", "[unit][store]") {
    test::TempDir dir;
    const auto path = dir.path() / "p.db";
    {
        std::ofstream f(path, std::ios::binary);
        f << std::string(8192, 'x');
    }
    OpenReport rep;
    auto db = Database::open(path, &rep);
    REQUIRE(db.ok());
    CHECK(rep.recoveredFromCorruption);
    OpenOptions strict;
    strict.path = dir.path() / "q.db";
    strict.recoverCorrupt = false;
    {
        std::ofstream f(strict.path, std::ios::binary);
        f << std::string(8192, 'x');
    }
    auto db2 = Database::open(strict);
    REQUIRE_FALSE(db2.ok());
    CHECK(db2.code() == ErrorCode::DatabaseCorrupt);
}

TEST_CASE("Transactions roll back unless committed", "[unit][store]") {
    test::TempDir dir;
    auto db = Database::open(dir.path() / "p.db");
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t(x INTEGER)").ok());
    {
        auto tx = Transaction::begin(*db);
        REQUIRE(tx.ok());
        auto st = db->prepare("INSERT INTO t VALUES (?1)");
        REQUIRE(st.ok());
        REQUIRE(st->bind(1, 5).run().ok());
    }
    CHECK(db->queryInt64("SELECT count(*) FROM t").valueOr(-1) == 0);
    {
        auto tx = Transaction::begin(*db);
        REQUIRE(tx.ok());
        REQUIRE(db->exec("INSERT INTO t VALUES (6)").ok());
        REQUIRE(tx->commit().ok());
    }
    CHECK(db->queryInt64("SELECT count(*) FROM t").valueOr(-1) == 1);
    CHECK(db->autocommit());
}

TEST_CASE("Statement binds and reads every type", "[unit][store]") {
    test::TempDir dir;
    auto db = Database::open(dir.path() / "p.db");
    REQUIRE(db.ok());
    REQUIRE(db->exec("CREATE TABLE t(a INTEGER, b REAL, c TEXT, d BLOB, e TEXT)").ok());
    auto ins = db->prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)");
    REQUIRE(ins.ok());
    const Bytes blob{0, 1, 2, 255};
    std::optional<std::string> none;
    REQUIRE(ins->bind(1, std::int64_t{1} << 40)
                .bind(2, 0.25)
                .bind(3, "héllo")
                .bind(4, ByteView(blob))
                .bind(5, none)
                .run()
                .ok());
    auto sel = db->prepare("SELECT a, b, c, d, e FROM t");
    REQUIRE(sel.ok());
    REQUIRE(sel->step().valueOr(false));
    CHECK(sel->columnInt64(0) == (std::int64_t{1} << 40));
    CHECK(sel->columnDouble(1) == 0.25);
    CHECK(sel->columnText(2) == "héllo");
    CHECK(sel->columnBlob(3) == blob);
    CHECK(sel->isNull(4));
    CHECK_FALSE(sel->columnOptText(4).has_value());
    // A bind error surfaces at step().
    auto bad = db->prepare("SELECT ?1");
    REQUIRE(bad.ok());
    bad->bind(7, 1);
    CHECK_FALSE(bad->step().ok());
}

TEST_CASE("ISO-8601 round trip", "[unit][store]") {
    auto t = parseIso8601("2026-11-23T14:52:06.123Z");
    REQUIRE(t.ok());
    CHECK(toIso8601(*t) == "2026-11-23T14:52:06.123Z");
    CHECK(toMs(*t) == 1795445526123);
    CHECK_FALSE(parseIso8601("yesterday").ok());
    CHECK_FALSE(parseIso8601("2026-11-23T14:52:06+02:00").ok());
}

TEST_CASE("ISO-8601 years the clock cannot hold are refused, not overflowed", "[unit][store]") {
    // Found by fuzz_manifest: a manifest issued_at of year 8807 overflowed the nanosecond time point (UB).
    CHECK_FALSE(parseIso8601("8807-11-23T17:27:17Z").ok());
    CHECK_FALSE(parseIso8601("2262-04-12T00:00:00Z").ok());
    CHECK_FALSE(parseIso8601("-999-01-01T00:00:00Z").ok());
    auto last = parseIso8601("2200-12-31T23:59:59.999Z");
    REQUIRE(last.ok());
    CHECK(toIso8601(*last) == "2200-12-31T23:59:59.999Z");
    auto first = parseIso8601("1900-01-01T00:00:00Z");
    REQUIRE(first.ok());
    CHECK(toIso8601(*first) == "1900-01-01T00:00:00.000Z");
}
