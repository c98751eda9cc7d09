// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "storage/SqlConnection.h"

#include <string>
#include <vector>

namespace portico::central::storage {

/// @brief One step of the schema history.
struct Migration {
    int version = 0;
    std::string summary;
    std::string sql;
};

/// @brief The schema history of an engine, oldest first (versions 1, 2, …, the same numbers for both engines).
const std::vector<Migration>& migrationsFor(SqlEngine engine);

/// @brief Bring the connected database to the latest schema in one transaction; refuse a newer one.
Status migrate(SqlConnection& connection);

} // namespace portico::central::storage
