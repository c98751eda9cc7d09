// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/Accounts.h"
#include "audit/AuditLog.h"
#include "audit/AuditVerifier.h"

#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portico;
using namespace portico::auth;

namespace {
struct Fixture {
    test::TempDir dir;
    store::Database db = std::move(store::Database::open(dir.path() / "a.db").value());
    audit::AuditLog log{db};
    ManualClock clock{store::fromMs(1795445526000)};
    Accounts accounts{db, log, clock, HashLimits::minimal()};
    std::int64_t count(const char* action) {
        auto st = db.prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
        st->bind(1, action);
        (void)st->step();
        return st->columnInt64(0);
    }
};
const char* kGood = "long enough passphrase for tests";
} // namespace

TEST_CASE("Password policy: length 15, no composition rules, blocklist", "[unit][auth]") {
    CHECK(checkPasswordPolicy("ana", "fourteen chars").code() == ErrorCode::WeakPassword);
    CHECK(checkPasswordPolicy("ana", "fifteen chars!!").ok());
    CHECK(checkPasswordPolicy("ana", "alllowercasewordsarefine").ok()); // no composition rules
    CHECK(checkPasswordPolicy("ana", "PasswordPassword").code() == ErrorCode::WeakPassword);
    CHECK(checkPasswordPolicy("ana", "123456789012345").code() == ErrorCode::WeakPassword);
    CHECK(checkPasswordPolicy("ana", "aaaaaaaaaaaaaaaaaaaa").code() == ErrorCode::WeakPassword);
    CHECK(checkPasswordPolicy("officer7", "my name is officer7 ok").code() == ErrorCode::WeakPassword);
    CHECK(checkPasswordPolicy("ana", "ñandúes del sur").ok()); // 15 characters, more bytes
    CHECK(checkPasswordPolicy("ana", "ñandúes del su").code() == ErrorCode::WeakPassword);
}

TEST_CASE("Accounts: Argon2id hash stored, log-in works offline, every attempt audited", "[unit][auth]") {
    Fixture f;
    REQUIRE(f.accounts.add("admin", "ana", "Ana O.", Role::Officer, kGood).ok());
    CHECK(f.accounts.add("admin", "ana", "Ana O.", Role::Officer, kGood).code() == ErrorCode::Conflict);
    CHECK(f.accounts.add("admin", "bob", "", Role::Officer, "short").code() == ErrorCode::WeakPassword);
    const auto hash = f.db.queryText("SELECT password_hash FROM accounts WHERE username='ana'").value();
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find(kGood) == std::string::npos);
    auto s = f.accounts.login("ana", kGood);
    REQUIRE(s.ok());
    CHECK(s->role == Role::Officer);
    CHECK(f.accounts.login("ana", "wrong password here").code() == ErrorCode::Unauthorized);
    CHECK(f.accounts.login("nobody", kGood).code() == ErrorCode::Unauthorized);
    REQUIRE(f.accounts.logout(*s).ok());
    CHECK(f.count("auth.login.ok") == 1);
    CHECK(f.count("auth.login.failed") == 2);
    CHECK(f.count("auth.logout") == 1);
    CHECK(audit::AuditVerifier::verify(f.db).value().ok);
    // The audit log never holds the password.
    CHECK(f.db.queryInt64(std::string("SELECT count(*) FROM audit_log WHERE details LIKE '%") + kGood + "%'").value() ==
          0);
}

TEST_CASE("Lockout after 10 consecutive failures until a supervisor unlocks", "[unit][auth]") {
    Fixture f;
    REQUIRE(f.accounts.add("admin", "ana", "", Role::Officer, kGood).ok());
    REQUIRE(f.accounts.add("admin", "sup", "", Role::Supervisor, kGood).ok());
    for (int i = 0; i < 9; ++i) {
        CHECK(f.accounts.login("ana", "wrong password number").code() == ErrorCode::Unauthorized);
    }
    CHECK_FALSE(f.accounts.isLocked("ana").value());
    CHECK(f.accounts.login("ana", "wrong password number").code() == ErrorCode::AccountLocked);
    CHECK(f.accounts.isLocked("ana").value());
    CHECK(f.accounts.login("ana", kGood).code() == ErrorCode::AccountLocked); // right password still refused
    auto officer = f.accounts.login("sup", kGood);
    REQUIRE(officer.ok());
    Session notSup{"ana2", Role::Officer, {}};
    CHECK(f.accounts.unlock(notSup, "ana").code() == ErrorCode::Forbidden);
    REQUIRE(f.accounts.unlock(*officer, "ana").ok());
    CHECK(f.accounts.login("ana", kGood).ok());
    CHECK(f.count("auth.locked") == 1);
    CHECK(f.count("account.unlock") == 1);
    CHECK(f.count("account.unlock.refused") == 1);
    // A success resets the counter: 9 more failures do not lock.
    for (int i = 0; i < 9; ++i) {
        (void)f.accounts.login("ana", "wrong password number");
    }
    CHECK(f.accounts.login("ana", kGood).ok());
}

TEST_CASE("Accounts are listed without hashes, and a supervisor manages officers only, never themselves",
          "[unit][auth]") {
    Fixture f;
    REQUIRE(f.accounts.add("admin", "ana", "Ana O.", Role::Officer, kGood).ok());
    REQUIRE(f.accounts.add("admin", "sup", "Sam S.", Role::Supervisor, kGood).ok());
    REQUIRE(f.accounts.add("admin", "sup2", "", Role::Supervisor, kGood).ok());
    const Session sup{"sup", Role::Supervisor, {}};
    const Session admin{"root-admin", Role::Admin, {}};
    const Session officer{"ana", Role::Officer, {}};

    REQUIRE(f.accounts.login("ana", kGood).ok());
    auto listed = f.accounts.list();
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 3);
    CHECK(listed->at(0).username == "ana");
    CHECK(listed->at(0).displayName == "Ana O.");
    CHECK(listed->at(0).role == Role::Officer);
    CHECK(listed->at(0).lastLogin == f.clock.now());
    CHECK_FALSE(listed->at(1).lastLogin);

    // Disable: the officer can no longer log in, and cannot be unlocked into a log-in either.
    CHECK(f.accounts.setDisabled(officer, "sup", true).code() == ErrorCode::Forbidden);
    CHECK(f.accounts.setDisabled(sup, "sup2", true).code() == ErrorCode::Forbidden); // a peer
    CHECK(f.accounts.setDisabled(sup, "sup", true).code() == ErrorCode::Forbidden);  // oneself
    CHECK(f.accounts.setDisabled(sup, "nobody", true).code() == ErrorCode::NotFound);
    REQUIRE(f.accounts.setDisabled(sup, "ana", true).ok());
    CHECK(f.accounts.list()->at(0).disabled);
    CHECK(f.accounts.login("ana", kGood).code() == ErrorCode::AccountLocked);
    REQUIRE(f.accounts.unlock(sup, "ana").ok());
    CHECK(f.accounts.login("ana", kGood).code() == ErrorCode::AccountLocked);
    REQUIRE(f.accounts.setDisabled(admin, "ana", false).ok());
    CHECK(f.accounts.login("ana", kGood).ok());
    CHECK(f.accounts.setDisabled(admin, "sup2", true).ok()); // an admin manages supervisors
    CHECK(f.count("account.disable") == 2);
    CHECK(f.count("account.enable") == 1);
    CHECK(f.count("account.disable.refused") == 3);

    // Unlock follows the same rule: a supervisor cannot unlock a peer supervisor.
    CHECK(f.accounts.unlock(sup, "sup2").code() == ErrorCode::Forbidden);
    CHECK(f.accounts.unlock(admin, "sup2").ok());
    CHECK(audit::AuditVerifier::verify(f.db).value().ok);
}

TEST_CASE("An officer changes their own password, and an admin sets one and clears the lockout", "[unit][auth]") {
    Fixture f;
    const char* next = "another long passphrase here";
    REQUIRE(f.accounts.add("admin", "ana", "", Role::Officer, kGood).ok());
    CHECK(f.accounts.changePassword("ana", "not the current one", next).code() == ErrorCode::Unauthorized);
    CHECK(f.accounts.changePassword("ana", kGood, "too short").code() == ErrorCode::WeakPassword);
    REQUIRE(f.accounts.changePassword("ana", kGood, next).ok());
    CHECK(f.accounts.login("ana", kGood).code() == ErrorCode::Unauthorized);
    CHECK(f.accounts.login("ana", next).ok());
    CHECK(f.count("account.password_changed") == 1);

    for (int i = 0; i < Accounts::kMaxFailures; ++i) {
        (void)f.accounts.login("ana", "wrong password number");
    }
    REQUIRE(f.accounts.isLocked("ana").value());
    const Session sup{"sup", Role::Supervisor, {}};
    const Session admin{"root-admin", Role::Admin, {}};
    CHECK(f.accounts.resetPassword(sup, "ana", kGood).code() == ErrorCode::Forbidden);
    CHECK(f.accounts.resetPassword(admin, "ana", "short").code() == ErrorCode::WeakPassword);
    CHECK(f.accounts.resetPassword(admin, "nobody", kGood).code() == ErrorCode::NotFound);
    REQUIRE(f.accounts.resetPassword(admin, "ana", kGood).ok());
    CHECK_FALSE(f.accounts.isLocked("ana").value());
    CHECK(f.accounts.login("ana", kGood).ok());
    CHECK(f.count("account.password_reset") == 1);
    CHECK(f.count("account.password_reset.refused") == 1);
    // The audit log never holds a password.
    CHECK(f.db.queryInt64("SELECT count(*) FROM audit_log WHERE details LIKE '%passphrase%'").value() == 0);
}

TEST_CASE("portico-cli accounts lists, unlocks, disables, enables and sets a password, each audited",
          "[unit][auth][cli]") {
    test::TempDir dir;
    const std::string db = (dir.path() / "station.db").string();
    const std::string cli = test::cliExe().string();
    const auto run = [&](std::vector<std::string> args, const std::string& password = {}) {
        std::vector<std::string> env;
        if (!password.empty()) {
            env.push_back("PORTICO_PASSWORD=" + password);
        }
        args.insert(args.begin(), "accounts");
        auto result = test::runCommand(cli, args, env);
        INFO(result.second);
        return result;
    };
    const auto listed = [&](const std::string& user) {
        auto [status, out] = run({"list", "--db", db});
        REQUIRE(status == 0);
        for (const auto& a : nlohmann::json::parse(out)) {
            if (a.at("username") == user) {
                CHECK_FALSE(a.contains("password_hash"));
                return a;
            }
        }
        FAIL("no account " << user);
        return nlohmann::json();
    };
    REQUIRE(
        run({"add", "--db", db, "--username", "ana", "--role", "officer", "--limits", "interactive"}, kGood).first ==
        0);
    {
        auto d = store::Database::open(db).value();
        audit::AuditLog log(d);
        ManualClock clock{store::fromMs(1795445526000)};
        Accounts accounts(d, log, clock, HashLimits::minimal());
        for (int i = 0; i < Accounts::kMaxFailures; ++i) {
            (void)accounts.login("ana", "wrong password number");
        }
    }
    CHECK(listed("ana").at("locked") == true);
    CHECK(run({"unlock", "--db", db, "--username", "ana"}).first == 0);
    CHECK(listed("ana").at("locked") == false);
    CHECK(run({"disable", "--db", db, "--username", "ana"}).first == 0);
    CHECK(listed("ana").at("disabled") == true);
    CHECK(run({"enable", "--db", db, "--username", "ana"}).first == 0);
    CHECK(listed("ana").at("disabled") == false);
    CHECK(run({"passwd", "--db", db, "--username", "ana", "--limits", "interactive"}, "short").first == 2);
    CHECK(run({"passwd", "--db", db, "--username", "ana", "--limits", "interactive"}, "a fresh pass phrase, long")
              .first == 0);
    CHECK(run({"unlock", "--db", db, "--username", "nobody"}).first == 2);
    CHECK(run({"list", "--db", (dir.path() / "absent.db").string()}).first == 2); // never creates a database

    auto d = store::Database::open(db).value();
    audit::AuditLog log(d);
    ManualClock clock{store::fromMs(1795445526000)};
    Accounts accounts(d, log, clock, HashLimits::minimal());
    CHECK(accounts.login("ana", kGood).code() == ErrorCode::Unauthorized);
    CHECK(accounts.login("ana", "a fresh pass phrase, long").ok());
    for (const char* action : {"account.unlock", "account.disable", "account.enable", "account.password_reset"}) {
        INFO(action);
        CHECK(d.queryInt64(std::string("SELECT count(*) FROM audit_log WHERE actor = 'admin-cli' AND action = '") +
                           action + "'")
                  .value() == 1);
    }
    CHECK(audit::AuditVerifier::verify(d).value().ok);
}
