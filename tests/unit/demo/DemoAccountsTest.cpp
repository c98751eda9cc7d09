// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoAccounts.h"
#include "audit/AuditLog.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

using namespace portico;

namespace {
store::Database openDb(const std::filesystem::path& path) {
    auto db = store::Database::open(path);
    REQUIRE(db);
    return std::move(db.value());
}
} // namespace

TEST_CASE("a database that holds the demo accounts is refused outside demo mode", "[unit][demo][auth]") {
    test::TempDir dir;
    SystemClock clock;

    SECTION("the demo's own database (marked, with the published passwords)") {
        auto db = openDb(dir.path() / "demo.db");
        audit::AuditLog log(db);
        auth::Accounts accounts(db, log, clock, auth::HashLimits::minimal());
        REQUIRE(demo::createDemoAccounts(db, accounts));
        REQUIRE(accounts.login(demo::kDemoOfficer.username, demo::kDemoOfficer.password));
        auto refused = demo::refuseDemoData(db);
        REQUIRE_FALSE(refused);
        CHECK(refused.code() == ErrorCode::ConfigInvalid);
        CHECK_THAT(refused.error().detail, Catch::Contains("demo"));
    }
    SECTION("a production database where someone added 'supervisor' with the published password") {
        auto db = openDb(dir.path() / "copied.db");
        audit::AuditLog log(db);
        auth::Accounts accounts(db, log, clock, auth::HashLimits::minimal());
        REQUIRE(accounts.add("admin", "ofc.rivera", "Officer Rivera", auth::Role::Officer, "copper meadow 5512"));
        REQUIRE(accounts.add("admin", demo::kDemoSupervisor.username, "Sup", auth::Role::Supervisor,
                             demo::kDemoSupervisor.password));
        auto refused = demo::refuseDemoData(db);
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error().detail, Catch::Contains("'supervisor'") && Catch::Contains("published password"));
    }
    SECTION("a production database: an account named 'officer' with its own password is fine") {
        auto db = openDb(dir.path() / "prod.db");
        audit::AuditLog log(db);
        auth::Accounts accounts(db, log, clock, auth::HashLimits::minimal());
        REQUIRE(accounts.add("admin", "officer", "Officer Lee", auth::Role::Officer, "tidal compass 0913 north"));
        REQUIRE(accounts.add("admin", "ofc.rivera", "Officer Rivera", auth::Role::Officer, "copper meadow 5512"));
        CHECK(demo::refuseDemoData(db));
    }
}
