// SPDX-License-Identifier: GPL-3.0-or-later
// The WAL is folded into the database file by a background checkpointer, not inside the commit that crosses the
// threshold: the WAL stays bounded (also under writes without a pause), nothing committed is lost, and the file is
// whole after the connection closes. Kill -9 in the middle of a background checkpoint is covered by StoreKillTest
// (its child writes through the default options, i.e. with the checkpointer).
#include "store/Database.h"
#include "store/WalCheckpointer.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

using namespace portico;
using namespace std::chrono_literals;

namespace {

constexpr int kThreshold = 64; // pages

store::Database openWith(const std::filesystem::path& path, bool background) {
    store::OpenOptions o;
    o.path = path;
    o.backgroundCheckpoint = background;
    o.checkpointPages = kThreshold;
    auto db = store::Database::open(o);
    REQUIRE(db);
    return std::move(*db);
}

void insertRows(store::Database& db, int from, int count, std::chrono::milliseconds pause) {
    const std::vector<std::uint8_t> blob(6000, 0x5a); // two pages and a bit per row
    for (int i = from; i < from + count; ++i) {
        auto tx = store::Transaction::begin(db);
        REQUIRE(tx);
        auto st = db.prepare("INSERT INTO ckpt_test (n, payload) VALUES (?1, ?2)");
        REQUIRE(st);
        REQUIRE(st->bind(1, i).bind(2, store::ByteView(blob)).run());
        REQUIRE(tx->commit());
        if (pause.count() > 0) {
            std::this_thread::sleep_for(pause);
        }
    }
}

std::uintmax_t walBytes(const std::filesystem::path& db) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(db.string() + "-wal", ec);
    return ec ? 0 : n;
}

} // namespace

TEST_CASE("Background checkpoints keep the WAL bounded and lose nothing", "[reliability][store]") {
    portico::test::TempDir dir;
    const auto path = dir.path() / "ckpt.db";
    std::uintmax_t largestWal = 0;
    {
        auto db = openWith(path, true);
        REQUIRE(db.exec("CREATE TABLE ckpt_test (n INTEGER PRIMARY KEY, payload BLOB NOT NULL)"));
        const auto pageSize = db.queryInt64("PRAGMA page_size");
        REQUIRE(pageSize);
        // A bound for the WAL file: the frames before the writer must checkpoint itself, plus one row's frames.
        const auto bound = static_cast<std::uintmax_t>((store::WalCheckpointer::kInlineFactor + 1) * kThreshold) *
                               static_cast<std::uintmax_t>(*pageSize + 24) +
                           32;

        // Paced writes (an officer's rhythm, compressed): the background thread keeps up.
        for (int i = 0; i < 10; ++i) {
            insertRows(db, i * 20, 20, 2ms);
            largestWal = std::max(largestWal, walBytes(path));
        }
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (db.backgroundCheckpoints() == 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(10ms);
        }
        CHECK(db.backgroundCheckpoints() > 0);

        // Writes without any pause: the WAL still may not grow past the bound.
        for (int i = 0; i < 10; ++i) {
            insertRows(db, 200 + i * 100, 100, 0ms);
            largestWal = std::max(largestWal, walBytes(path));
        }
        CHECK(largestWal <= bound);
        CHECK(*db.queryInt64("SELECT COUNT(*) FROM ckpt_test") == 1200);
    }
    // Closed: the last connection folds the WAL in; a fresh open sees every row and a whole file.
    auto reopened = openWith(path, true);
    CHECK(*reopened.queryInt64("SELECT COUNT(*) FROM ckpt_test") == 1200);
    CHECK(*reopened.queryInt64("SELECT MAX(n) FROM ckpt_test") == 1199);
    CHECK(*reopened.integrityCheck() == "ok");
}

TEST_CASE("With the background checkpoint off, SQLite checkpoints in the commit", "[reliability][store]") {
    portico::test::TempDir dir;
    const auto path = dir.path() / "inline.db";
    auto db = openWith(path, false);
    REQUIRE(db.exec("CREATE TABLE ckpt_test (n INTEGER PRIMARY KEY, payload BLOB NOT NULL)"));
    insertRows(db, 0, 300, 0ms);
    CHECK(db.backgroundCheckpoints() == 0);
    CHECK(db.inlineCheckpoints() == 0);
    // The automatic checkpoint restarted the WAL: it never held more than the threshold plus one row's frames.
    const auto pageSize = *db.queryInt64("PRAGMA page_size");
    CHECK(walBytes(path) <= static_cast<std::uintmax_t>((kThreshold + 8) * (pageSize + 24) + 32));
    CHECK(*db.queryInt64("SELECT COUNT(*) FROM ckpt_test") == 300);
}
