// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>
#include <vector>

namespace portico::store {

/// @brief A column holding sealed values: table, primary-key column (the record id bound as associated data) and
/// the sealed column itself.
struct SealedColumn {
    std::string_view table;
    std::string_view keyColumn;
    std::string_view column;
};

/// @brief Every sealed column of the schema (key rotation, at-rest checks and docs/privacy.md rely on this list).
const std::vector<SealedColumn>& sealedColumns();

} // namespace portico::store
