// SPDX-License-Identifier: GPL-3.0-or-later
// The whole booth, driven like an officer: the real demo composition (portico-central on loopback, encrypted
// SQLite store, sync and upload, the face engine on the replayed camera) and the real widgets, offscreen.
#include "DemoWorkstation.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"
#include "ui/BoothView.h"
#include "ui/CameraView.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <QTest>

using namespace portico;

namespace {
nlohmann::json centralStats(const std::filesystem::path& dataDir) {
    auto [status, out] = test::runCommand(test::centralExe().string(), {"stats", "--data", dataDir.string()});
    REQUIRE(status == 0);
    return nlohmann::json::parse(out);
}

long long countRows(const std::filesystem::path& db, const char* sql) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    const long long n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}
} // namespace

TEST_CASE("a traveler walks up, is matched, verified with F1 and uploaded, an opt-out stores no image",
          "[ui][integration][booth]") {
    test::TempDir tmp;
    (void)test::modelDir(); // fails clearly when the models are not fetched
    config::StationConfig config;
    config.demo = true;
    config.portCode = "DEMO";
    config.stationId = "e2e-booth";
    auto created = app::DemoWorkstation::create(config, {tmp.path() / "data", tmp.path() / "keys" / "station.key"});
    INFO((created ? std::string() : created.error().toString()));
    REQUIRE(created.ok());
    auto& w = *created.value();
    auto officer = w.accounts().login(app::DemoWorkstation::kOfficer, app::DemoWorkstation::kOfficerPassword);
    REQUIRE(officer.ok());
    REQUIRE(w.start(officer.value()).ok());
    w.window().show();
    auto* booth = w.window().booth();

    // The first demo traveler walks up: the booth shows a match with its evidence.
    REQUIRE(QTest::qWaitFor([&] { return booth->state().verdict == ui::Verdict::Match; }, 120000));
    REQUIRE(booth->state().traveler.has_value());
    CHECK_FALSE(booth->state().traveler->photo.isNull()); // the manifest photo, side by side with the live one
    CHECK_FALSE(booth->state().liveCrop.isNull());
    REQUIRE(booth->state().score.has_value());
    CHECK(*booth->state().score >= *booth->state().threshold);

    // F1: verified. One immutable record, uploaded to central exactly once.
    booth->activateWindow();
    QTest::keyClick(booth, Qt::Key_F1);
    REQUIRE(QTest::qWaitFor([&] { return w.uploader().status().accepted >= 1; }, 60000));
    CHECK(centralStats(w.centralDataDir()).at("records_stored") == 1);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE decision = 'verified'") == 1);

    // F3: citizen opt-out. The camera stops at once; the record carries no image.
    QTest::keyClick(booth, Qt::Key_F3);
    CHECK(booth->cameraView()->frame().isNull());
    CHECK(booth->state().verdict == ui::Verdict::OptedOut);
    REQUIRE(QTest::qWaitFor([&] { return w.uploader().status().accepted >= 2; }, 60000));
    CHECK(centralStats(w.centralDataDir()).at("records_stored") == 2);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE opted_out = 1") == 1);
    CHECK(countRows(w.databasePath(), "SELECT count(*) FROM inspections WHERE opted_out = 1 AND "
                                      "(capture_photo IS NOT NULL OR capture_template IS NOT NULL)") == 0);
}
