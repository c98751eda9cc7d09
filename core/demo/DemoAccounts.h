// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "common/Result.h"
#include "store/Database.h"

#include <array>

namespace portico::demo {

/// @brief An account of the built-in demo. Its password is published (README, log-in screen): it must never
/// exist on a production booth.
struct DemoAccount {
    const char* username;
    const char* displayName;
    auth::Role role;
    const char* password;
};

inline constexpr DemoAccount kDemoOfficer{"officer", "Demo Officer", auth::Role::Officer, "harbor lantern 4821"};
inline constexpr DemoAccount kDemoSupervisor{"supervisor", "Demo Supervisor", auth::Role::Supervisor,
                                             "granite ferry 7390"};
inline constexpr std::array<DemoAccount, 2> kDemoAccounts{kDemoOfficer, kDemoSupervisor};

/// @brief Demo mode only (`portico --demo`, its own data folder): create the demo accounts (once) and mark the
/// database as demo data (meta 'demo_data'), so a production booth can never be started on it.
Status createDemoAccounts(store::Database& db, auth::Accounts& accounts);

/// @brief Outside demo mode: ConfigInvalid when the database is demo data — marked as such, or holding a demo
/// account with its published password (checked against the stored Argon2id hash; nothing is logged in).
Status refuseDemoData(store::Database& db);

} // namespace portico::demo
