// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoAccounts.h"

#include <sodium.h>

#include <string>

namespace portico::demo {

Status createDemoAccounts(store::Database& db, auth::Accounts& accounts) {
    if (auto s = db.exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('demo_data', '1')"); !s) {
        return s;
    }
    for (const auto& a : kDemoAccounts) {
        // Created once; a second add is refused as a conflict.
        if (auto added = accounts.add("system", a.username, a.displayName, a.role, a.password);
            !added && added.code() != ErrorCode::Conflict) {
            return added;
        }
    }
    return {};
}

Status refuseDemoData(store::Database& db) {
    const std::string why = " (portico --demo keeps its own data folder; a production booth needs its own)";
    auto marked = db.prepare("SELECT value FROM meta WHERE key = 'demo_data'");
    if (!marked) {
        return marked.error();
    }
    auto row = marked->step();
    if (!row) {
        return row.error();
    }
    if (*row) {
        return makeError(ErrorCode::ConfigInvalid, "this database is the demo's data" + why);
    }
    auto st = db.prepare("SELECT password_hash FROM accounts WHERE username = ?1");
    if (!st) {
        return st.error();
    }
    for (const auto& a : kDemoAccounts) {
        st->reset();
        st->bind(1, std::string_view(a.username));
        auto found = st->step();
        if (!found) {
            return found.error();
        }
        if (!*found) {
            continue;
        }
        const std::string hash = st->columnText(0);
        const std::string_view password = a.password;
        if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0) {
            return makeError(ErrorCode::ConfigInvalid, "this database holds the demo account '" +
                                                           std::string(a.username) + "' with its published password" +
                                                           why);
        }
    }
    return {};
}

} // namespace portico::demo
