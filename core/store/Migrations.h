// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <string_view>
#include <vector>

namespace portico::store {

class Database;

/// @brief Numbered, forward-only schema migrations tracked by PRAGMA user_version. Each step runs in its own
/// BEGIN IMMEDIATE transaction together with the user_version bump, so a crash leaves a whole version.
class Migrations {
public:
    struct Step {
        int version = 0;
        std::string_view sql;
    };

    /// @brief The schema version this program writes.
    static int latestVersion();
    /// @brief Every step, in order (step i brings the schema to version i+1).
    static const std::vector<Step>& steps();
    /// @brief Apply every pending step; DatabaseTooNew if the file is ahead of this program (nothing changed).
    static Status apply(Database& db);
};

} // namespace portico::store
