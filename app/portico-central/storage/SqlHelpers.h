// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "storage/SqlConnection.h"

namespace portico::central::storage {

/// @brief Prepare (cached per connection), reset, bind with @p bind and execute @p sql; the statement, ready for
/// next(). The one error path of every statement central runs.
template <class Bind>
Result<SqlStatement*> runSql(SqlConnection& c, const char* sql, Bind&& bind) {
    auto st = c.prepare(sql);
    if (!st) {
        return st.error();
    }
    (*st)->reset();
    bind(**st);
    if (auto s = (*st)->execute(); !s) {
        return s.error();
    }
    return *st;
}

/// @brief Run @p sql without parameters (nothing to bind).
inline Result<SqlStatement*> runSql(SqlConnection& c, const char* sql) {
    return runSql(c, sql, [](SqlStatement&) {});
}

/// @brief The first column of the first row of @p sql, an integer; DatabaseCorrupt when there is no row.
inline Result<std::int64_t> oneInt(SqlConnection& c, const char* sql) {
    auto st = runSql(c, sql);
    if (!st) {
        return st.error();
    }
    if (!(*st)->next()) {
        return makeError(ErrorCode::DatabaseCorrupt, std::string("no row for: ") + sql);
    }
    return (*st)->getInt(0);
}

} // namespace portico::central::storage
