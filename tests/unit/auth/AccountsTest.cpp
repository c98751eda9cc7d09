// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/Accounts.h"
#include "audit/AuditLog.h"
#include "audit/AuditVerifier.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

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
