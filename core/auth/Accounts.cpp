// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/Accounts.h"

#include "store/Crypto.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace portico::auth {

std::string_view roleName(Role role) {
    switch (role) {
    case Role::Officer:
        return "officer";
    case Role::Supervisor:
        return "supervisor";
    case Role::Admin:
        return "admin";
    case Role::Unknown:
        break;
    }
    return "unknown";
}

Role parseRole(std::string_view name) {
    if (name == "officer") {
        return Role::Officer;
    }
    if (name == "supervisor") {
        return Role::Supervisor;
    }
    if (name == "admin") {
        return Role::Admin;
    }
    return Role::Unknown;
}

HashLimits HashLimits::moderate() {
    return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
HashLimits HashLimits::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
HashLimits HashLimits::minimal() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::size_t utf8Length(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

constexpr std::array<std::string_view, 16> kBlocklist = {
    "passwordpassword", "password1234567", "123456789012345",  "1234567890123456",
    "qwertyuiopasdfgh", "qwertyuiopasdfg", "iloveyouiloveyou", "letmeinletmein1",
    "portico-password", "porticoportico1", "welcomewelcome1",  "changemechangeme",
    "adminadminadmin",  "officerofficer1", "borderborder123",  "correcthorsebatterystaple"};

} // namespace

bool isValidUsername(std::string_view username) {
    return !username.empty() && username.size() <= 64 && std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
}

Status checkPasswordPolicy(std::string_view username, std::string_view password) {
    const std::size_t len = utf8Length(password);
    if (len < 15) {
        return makeError(ErrorCode::WeakPassword, "password must have at least 15 characters");
    }
    if (len > 256) {
        return makeError(ErrorCode::WeakPassword, "password must have at most 256 characters");
    }
    const std::string low = lower(password);
    for (auto b : kBlocklist) {
        if (low == b) {
            return makeError(ErrorCode::WeakPassword, "password is on the list of common passwords");
        }
    }
    if (std::all_of(low.begin(), low.end(), [&](char c) { return c == low[0]; })) {
        return makeError(ErrorCode::WeakPassword, "password repeats a single character");
    }
    if (!username.empty() && low.find(lower(username)) != std::string::npos) {
        return makeError(ErrorCode::WeakPassword, "password must not contain the username");
    }
    return {};
}

Accounts::Accounts(store::Database& db, store::AuditSink& audit, const Clock& clock, HashLimits limits)
    : m_db(db), m_audit(audit), m_clock(clock), m_limits(limits) {
    (void)store::initSodium();
}

Status Accounts::audit(const std::string& actor, const std::string& action, const std::string& object,
                       const std::string& details) {
    return m_audit.append({m_clock.now(), actor.empty() ? "unknown" : actor, action, object, details});
}

Status Accounts::add(const std::string& actor, const std::string& username, const std::string& displayName, Role role,
                     std::string_view password) {
    if (!isValidUsername(username) || role == Role::Unknown) {
        return makeError(ErrorCode::InvalidArgument,
                         "account needs a username (1-64 characters of A-Z a-z 0-9 . _ -) and a role");
    }
    if (auto s = checkPasswordPolicy(username, password); !s) {
        return s;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), m_limits.opsLimit, m_limits.memLimit) != 0) {
        return makeError(ErrorCode::CryptoError, "password hashing failed (out of memory?)");
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto st = m_db.prepare("INSERT INTO accounts (username, display_name, role, password_hash, created_at_ms, "
                           "updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
    if (!st) {
        return st.error();
    }
    const auto now = store::toMs(m_clock.now());
    if (auto s = st->bind(1, username).bind(2, displayName).bind(3, roleName(role)).bind(4, hash).bind(5, now).run();
        !s) {
        if (s.error().detail.find("UNIQUE") != std::string::npos) {
            return makeError(ErrorCode::Conflict, "account '" + username + "' already exists");
        }
        return s;
    }
    if (auto s = audit(actor, "account.add", username, nlohmann::json{{"role", roleName(role)}}.dump()); !s) {
        return s;
    }
    return tx->commit();
}

Result<Session> Accounts::login(const std::string& username, std::string_view password) {
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto st = m_db.prepare("SELECT role, password_hash, failed_attempts, locked, disabled FROM accounts WHERE "
                           "username = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, username);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    const Error wrong = makeError(ErrorCode::Unauthorized, "unknown user or wrong password");
    if (!*row) {
        // Spend the same effort as a real check so unknown names cannot be told apart by timing.
        char dummy[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(dummy, password.data(), password.size(), m_limits.opsLimit, m_limits.memLimit) != 0) {
            dummy[0] = 0;
        }
        if (auto s = audit(username, "auth.login.failed", username, R"({"reason":"unknown_user"})"); !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
        return wrong;
    }
    const Role role = parseRole(st->columnText(0));
    const std::string hash = st->columnText(1);
    const std::int64_t failures = st->columnInt64(2);
    const bool locked = st->columnInt64(3) != 0;
    const bool disabled = st->columnInt64(4) != 0;
    st->reset();
    if (locked || disabled) {
        if (auto s = audit(username, "auth.login.refused", username,
                           locked ? R"({"reason":"locked"})" : R"({"reason":"disabled"})");
            !s) {
            return s.error();
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
        return makeError(ErrorCode::AccountLocked, disabled
                                                       ? "account is disabled; a supervisor or admin must enable it"
                                                       : "account is locked; a supervisor must unlock it");
    }
    const auto now = store::toMs(m_clock.now());
    if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
        const std::int64_t n = failures + 1;
        const bool lockNow = n >= kMaxFailures;
        auto up = m_db.prepare("UPDATE accounts SET failed_attempts = ?1, locked = ?2, locked_at_ms = CASE WHEN ?2 = 1 "
                               "THEN ?3 ELSE locked_at_ms END, updated_at_ms = ?3 WHERE username = ?4");
        if (!up) {
            return up.error();
        }
        if (auto s = up->bind(1, n).bind(2, lockNow ? 1 : 0).bind(3, now).bind(4, username).run(); !s) {
            return s.error();
        }
        if (auto s = audit(username, "auth.login.failed", username, nlohmann::json{{"failures", n}}.dump()); !s) {
            return s.error();
        }
        if (lockNow) {
            if (auto s = audit("system", "auth.locked", username, nlohmann::json{{"failures", n}}.dump()); !s) {
                return s.error();
            }
        }
        if (auto s = tx->commit(); !s) {
            return s.error();
        }
        if (lockNow) {
            return makeError(ErrorCode::AccountLocked, "too many failed attempts; a supervisor must unlock it");
        }
        return wrong;
    }
    auto up = m_db.prepare("UPDATE accounts SET failed_attempts = 0, last_login_ms = ?1 WHERE username = ?2");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, now).bind(2, username).run(); !s) {
        return s.error();
    }
    if (auto s = audit(username, "auth.login.ok", username, nlohmann::json{{"role", roleName(role)}}.dump()); !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return Session{username, role, m_clock.now()};
}

Status Accounts::logout(const Session& session) {
    return audit(session.username, "auth.logout", session.username);
}

Status Accounts::unlock(const Session& by, const std::string& username) {
    auto target = info(username);
    if (!target) {
        return target.error();
    }
    if (!mayManage(by, target->role)) {
        (void)audit(by.username, "account.unlock.refused", username, R"({"reason":"role"})");
        return makeError(ErrorCode::Forbidden, "a supervisor unlocks officers' accounts; an admin unlocks all");
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare("UPDATE accounts SET locked = 0, failed_attempts = 0, locked_at_ms = NULL, updated_at_ms "
                           "= ?1 WHERE username = ?2");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, store::toMs(m_clock.now())).bind(2, username).run(); !s) {
        return s;
    }
    if (m_db.changes() == 0) {
        return makeError(ErrorCode::NotFound, "no account '" + username + "'");
    }
    if (auto s = audit(by.username, "account.unlock", username); !s) {
        return s;
    }
    return tx->commit();
}

Status Accounts::changePassword(const std::string& username, std::string_view current, std::string_view next) {
    auto session = login(username, current);
    if (!session) {
        return session.error();
    }
    return storePassword(username, username, next, "account.password_changed", false);
}

Status Accounts::resetPassword(const Session& by, const std::string& username, std::string_view next) {
    auto target = info(username);
    if (!target) {
        return target.error();
    }
    if (by.role != Role::Admin || by.username == username) {
        (void)audit(by.username, "account.password_reset.refused", username, R"({"reason":"role"})");
        return makeError(ErrorCode::Forbidden, "only an admin may set another account's password");
    }
    return storePassword(by.username, username, next, "account.password_reset", true);
}

Status Accounts::storePassword(const std::string& actor, const std::string& username, std::string_view password,
                               const char* action, bool clearLockout) {
    if (auto s = checkPasswordPolicy(username, password); !s) {
        return s;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), m_limits.opsLimit, m_limits.memLimit) != 0) {
        return makeError(ErrorCode::CryptoError, "password hashing failed (out of memory?)");
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare(clearLockout ? "UPDATE accounts SET password_hash = ?1, updated_at_ms = ?2, locked = 0, "
                                          "failed_attempts = 0, locked_at_ms = NULL WHERE username = ?3"
                                        : "UPDATE accounts SET password_hash = ?1, updated_at_ms = ?2 WHERE "
                                          "username = ?3");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, hash).bind(2, store::toMs(m_clock.now())).bind(3, username).run(); !s) {
        return s;
    }
    if (m_db.changes() == 0) {
        return makeError(ErrorCode::NotFound, "no account '" + username + "'");
    }
    if (auto s = audit(actor, action, username); !s) {
        return s;
    }
    return tx->commit();
}

bool mayManage(const Session& by, Role target) {
    if (by.role == Role::Admin) {
        return true;
    }
    return by.role == Role::Supervisor && target == Role::Officer;
}

Status Accounts::setDisabled(const Session& by, const std::string& username, bool disabled) {
    auto target = info(username);
    if (!target) {
        return target.error();
    }
    const char* action = disabled ? "account.disable" : "account.enable";
    if (!mayManage(by, target->role) || by.username == username) {
        (void)audit(by.username, std::string(action) + ".refused", username, R"({"reason":"role"})");
        return makeError(ErrorCode::Forbidden, by.username == username
                                                   ? "an account cannot be disabled or enabled by itself"
                                                   : "a supervisor manages officers' accounts; an admin manages all");
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare("UPDATE accounts SET disabled = ?1, updated_at_ms = ?2 WHERE username = ?3");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, disabled ? 1 : 0).bind(2, store::toMs(m_clock.now())).bind(3, username).run(); !s) {
        return s;
    }
    if (auto s = audit(by.username, action, username); !s) {
        return s;
    }
    return tx->commit();
}

namespace {
constexpr std::string_view kInfoColumns =
    "username, display_name, role, locked, disabled, failed_attempts, last_login_ms FROM accounts";

AccountInfo readInfo(const store::Statement& st) {
    AccountInfo a;
    a.username = st.columnText(0);
    a.displayName = st.columnText(1);
    a.role = parseRole(st.columnText(2));
    a.locked = st.columnInt64(3) != 0;
    a.disabled = st.columnInt64(4) != 0;
    a.failedAttempts = st.columnInt64(5);
    if (auto ms = st.columnOptInt64(6)) {
        a.lastLogin = store::fromMs(*ms);
    }
    return a;
}
} // namespace

Result<std::vector<AccountInfo>> Accounts::list() {
    auto st = m_db.prepare("SELECT " + std::string(kInfoColumns) + " ORDER BY username");
    if (!st) {
        return st.error();
    }
    std::vector<AccountInfo> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return out;
        }
        out.push_back(readInfo(*st));
    }
}

Result<AccountInfo> Accounts::info(const std::string& username) {
    auto st = m_db.prepare("SELECT " + std::string(kInfoColumns) + " WHERE username = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, username);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "no account '" + username + "'");
    }
    return readInfo(*st);
}

Result<bool> Accounts::isLocked(const std::string& username) {
    auto found = info(username);
    if (!found) {
        return found.error();
    }
    return found->locked;
}

} // namespace portico::auth
