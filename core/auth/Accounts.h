// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "store/AuditSink.h"
#include "store/Database.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::auth {

/// @brief What an account may do.
enum class Role { Unknown = 0, Officer, Supervisor, Admin };

std::string_view roleName(Role role);
Role parseRole(std::string_view name);

/// @brief Argon2id cost. Defaults are libsodium's "moderate" limits; tests use interactive() or minimal().
struct HashLimits {
    unsigned long long opsLimit = 0;
    std::size_t memLimit = 0;
    static HashLimits moderate();
    static HashLimits interactive();
    static HashLimits minimal(); ///< tests only
};

/// @brief Password rules (NIST 800-63B style): at least 15 characters, at most 256, no composition rules, not in a
/// small blocklist of common or trivially repetitive choices, not containing the username.
Status checkPasswordPolicy(std::string_view username, std::string_view password);

/// @brief A user name as accounts accept it: 1-64 characters of [A-Za-z0-9._-] (names travel in audit rows, URLs and
/// log-ins at central, so they hold nothing that needs escaping).
bool isValidUsername(std::string_view username);

/// @brief A signed-in user.
struct Session {
    std::string username;
    Role role = Role::Unknown;
    Clock::TimePoint since{};
};

/// @brief One account as an administrator sees it (never the hash).
struct AccountInfo {
    std::string username;
    std::string displayName;
    Role role = Role::Unknown;
    bool locked = false;   ///< after kMaxFailures wrong passwords, until a supervisor unlocks
    bool disabled = false; ///< no log-in until enabled again
    std::int64_t failedAttempts = 0;
    std::optional<Clock::TimePoint> lastLogin;
};

/// @brief Who may manage whom: a supervisor manages officers, an admin manages everyone; nobody disables, or
/// resets the password of, their own account.
bool mayManage(const Session& by, Role target);

/// @brief Local accounts (table accounts): Argon2id hashes, lockout after 10 consecutive failures until a
/// supervisor unlocks, every attempt audited. Works offline: everything lives in the local store.
class Accounts {
public:
    static constexpr int kMaxFailures = 10;

    Accounts(store::Database& db, store::AuditSink& audit, const Clock& clock,
             HashLimits limits = HashLimits::moderate());

    /// @brief Create an account (Conflict if it exists, WeakPassword if the policy refuses it). Audited.
    Status add(const std::string& actor, const std::string& username, const std::string& displayName, Role role,
               std::string_view password);
    /// @brief Log in. Unauthorized for unknown user or wrong password (same message), AccountLocked when locked.
    Result<Session> login(const std::string& username, std::string_view password);
    /// @brief Log out (audited).
    Status logout(const Session& session);
    /// @brief Unlock a locked account; only a supervisor or admin may (Forbidden otherwise, audited).
    Status unlock(const Session& by, const std::string& username);
    /// @brief Change one's own password (needs the current one, checked like a log-in). Audited.
    Status changePassword(const std::string& username, std::string_view current, std::string_view next);
    /// @brief Whether the account is locked (NotFound if absent).
    Result<bool> isLocked(const std::string& username);
    /// @brief Every account, by username. Reading the list is not audited: it holds no traveler data.
    Result<std::vector<AccountInfo>> list();
    /// @brief One account (NotFound if absent).
    Result<AccountInfo> info(const std::string& username);
    /// @brief Disable or enable an account (mayManage; Forbidden otherwise and for one's own account). A disabled
    /// account cannot log in or unlock a booth. Audited, refusals too.
    Status setDisabled(const Session& by, const std::string& username, bool disabled);
    /// @brief Give an account a new password without the old one (an admin only, e.g. `portico-cli accounts
    /// passwd`); also clears a lockout. Audited.
    Status resetPassword(const Session& by, const std::string& username, std::string_view next);

private:
    Status storePassword(const std::string& actor, const std::string& username, std::string_view password,
                         const char* action, bool clearLockout);
    Status audit(const std::string& actor, const std::string& action, const std::string& object,
                 const std::string& details = "{}");

    store::Database& m_db;
    store::AuditSink& m_audit;
    const Clock& m_clock;
    HashLimits m_limits;
};

} // namespace portico::auth
