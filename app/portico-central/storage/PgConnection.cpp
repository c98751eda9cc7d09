// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/PgConnection.h"

#include <libpq-fe.h>

#include <cstring>
#include <optional>

namespace portico::central::storage {
namespace {

class PgStatement final : public SqlStatement {
public:
    PgStatement(PgConnection& owner, std::string name, int params)
        : m_owner(owner), m_name(std::move(name)), m_values(static_cast<std::size_t>(params)),
          m_binary(static_cast<std::size_t>(params), 0) {}
    ~PgStatement() override { PQclear(m_result); }

    void reset() override {
        PQclear(m_result);
        m_result = nullptr;
        m_row = -1;
        for (auto& v : m_values) {
            v.reset();
        }
        std::fill(m_binary.begin(), m_binary.end(), 0);
    }
    void bindInt(int i, std::int64_t v) override { set(i, std::to_string(v), false); }
    void bindText(int i, std::string_view v) override { set(i, std::string(v), false); }
    void bindBlob(int i, std::span<const std::uint8_t> v) override {
        set(i, std::string(reinterpret_cast<const char*>(v.data()), v.size()), true);
    }
    void bindNull(int i) override {
        if (i >= 1 && static_cast<std::size_t>(i) <= m_values.size()) {
            m_values[static_cast<std::size_t>(i - 1)].reset();
        }
    }
    Status execute() override {
        PQclear(m_result);
        std::vector<const char*> values(m_values.size());
        std::vector<int> lengths(m_values.size());
        for (std::size_t k = 0; k < m_values.size(); ++k) {
            values[k] = m_values[k] ? m_values[k]->data() : nullptr;
            lengths[k] = m_values[k] ? static_cast<int>(m_values[k]->size()) : 0;
        }
        m_result = PQexecPrepared(m_owner.raw(), m_name.c_str(), static_cast<int>(values.size()), values.data(),
                                  lengths.data(), m_binary.data(), 1 /* binary results */);
        m_row = -1;
        const auto status = m_result ? PQresultStatus(m_result) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            Error e = m_owner.fail(m_result, "statement");
            PQclear(m_result);
            m_result = nullptr;
            return e;
        }
        return {};
    }
    bool next() override { return m_result != nullptr && ++m_row < PQntuples(m_result); }
    bool isNull(int c) const override { return PQgetisnull(m_result, m_row, c) != 0; }
    std::int64_t getInt(int c) const override {
        // Binary results: int8 is 8 bytes big-endian, int4 4 bytes, bool 1 byte.
        const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(m_result, m_row, c));
        const int n = PQgetlength(m_result, m_row, c);
        std::uint64_t v = 0;
        for (int k = 0; k < n; ++k) {
            v = (v << 8) | p[k];
        }
        if (n == 4) {
            return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        }
        if (n == 2) {
            return static_cast<std::int16_t>(static_cast<std::uint16_t>(v));
        }
        return static_cast<std::int64_t>(v);
    }
    std::string getText(int c) const override {
        return std::string(PQgetvalue(m_result, m_row, c), static_cast<std::size_t>(PQgetlength(m_result, m_row, c)));
    }
    std::vector<std::uint8_t> getBlob(int c) const override {
        const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(m_result, m_row, c));
        return std::vector<std::uint8_t>(p, p + PQgetlength(m_result, m_row, c));
    }
    std::int64_t affectedRows() const override {
        const char* n = m_result ? PQcmdTuples(m_result) : "";
        return *n ? std::stoll(n) : 0;
    }

private:
    void set(int i, std::string v, bool binary) {
        if (i >= 1 && static_cast<std::size_t>(i) <= m_values.size()) {
            m_values[static_cast<std::size_t>(i - 1)] = std::move(v);
            m_binary[static_cast<std::size_t>(i - 1)] = binary ? 1 : 0;
        }
    }
    PgConnection& m_owner;
    std::string m_name;
    std::vector<std::optional<std::string>> m_values;
    std::vector<int> m_binary;
    PGresult* m_result = nullptr;
    int m_row = -1;
};

int countParams(std::string_view pgSql) {
    int maxIndex = 0;
    for (std::size_t i = 0; i < pgSql.size(); ++i) {
        if (pgSql[i] == '$' && i + 1 < pgSql.size() && pgSql[i + 1] >= '0' && pgSql[i + 1] <= '9') {
            int n = 0;
            std::size_t j = i + 1;
            while (j < pgSql.size() && pgSql[j] >= '0' && pgSql[j] <= '9') {
                n = n * 10 + (pgSql[j] - '0');
                ++j;
            }
            maxIndex = std::max(maxIndex, n);
        }
    }
    return maxIndex;
}

} // namespace

std::string toPgPlaceholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') {
            quoted = !quoted;
        }
        out += !quoted && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9' ? '$' : c;
    }
    return out;
}

Result<std::unique_ptr<SqlConnection>> PgConnection::open(const std::string& conninfo) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (c == nullptr || PQstatus(c) != CONNECTION_OK) {
        std::string msg = c ? PQerrorMessage(c) : "out of memory";
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
            msg.pop_back();
        }
        PQfinish(c);
        return makeError(ErrorCode::DatabaseError, "cannot connect to PostgreSQL: " + msg);
    }
    std::unique_ptr<PgConnection> conn(new PgConnection(c));
    // Every commit waits for the synchronous standby when one is configured: an acknowledged record survives the
    // loss of the primary. Set explicitly so a server-side default cannot weaken it.
    if (auto s = conn->exec("SET synchronous_commit = on; SET client_min_messages = warning; SET TIME ZONE 'UTC'");
        !s) {
        return s.error();
    }
    return std::unique_ptr<SqlConnection>(std::move(conn));
}

PgConnection::~PgConnection() {
    m_statements.clear();
    PQfinish(m_conn);
}

bool PgConnection::healthy() const {
    return PQstatus(m_conn) == CONNECTION_OK && m_failure != SqlFailure::ConnectionLost;
}

Error PgConnection::fail(const void* result, const std::string& what) {
    const auto* res = static_cast<const PGresult*>(result);
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(m_conn);
    if (msg.empty()) {
        msg = PQerrorMessage(m_conn);
    }
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) {
        msg.pop_back();
    }
    if (PQstatus(m_conn) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate.starts_with("57P") ||
        sqlstate == "25006" /* read-only transaction: a standby */) {
        m_failure = SqlFailure::ConnectionLost;
    } else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
        m_failure = SqlFailure::Transient;
    } else if (sqlstate.starts_with("23")) {
        m_failure = SqlFailure::Constraint;
    } else {
        m_failure = SqlFailure::Other;
    }
    return makeError(ErrorCode::DatabaseError, what + ": " + (sqlstate.empty() ? "" : sqlstate + " ") + msg);
}

Status PgConnection::exec(const std::string& sql) {
    PGresult* r = PQexec(m_conn, sql.c_str());
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        Error e = fail(r, "exec");
        PQclear(r);
        return e;
    }
    PQclear(r);
    m_failure = SqlFailure::None;
    return {};
}

Result<SqlStatement*> PgConnection::prepare(const std::string& sql) {
    if (auto it = m_statements.find(sql); it != m_statements.end()) {
        return it->second.get();
    }
    const std::string pgSql = toPgPlaceholders(sql);
    const std::string name = "s" + std::to_string(m_nextName++);
    PGresult* r = PQprepare(m_conn, name.c_str(), pgSql.c_str(), 0, nullptr);
    if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
        Error e = fail(r, "prepare");
        PQclear(r);
        return e;
    }
    PQclear(r);
    auto owned = std::make_unique<PgStatement>(*this, name, countParams(pgSql));
    SqlStatement* raw = owned.get();
    m_statements.emplace(sql, std::move(owned));
    return raw;
}

} // namespace portico::central::storage
