// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"

#include "common/Log.h"
#include "store/Migrations.h"
#include "store/WalCheckpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <system_error>

namespace portico::store {

namespace fs = std::filesystem;

std::int64_t toMs(Clock::TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Clock::TimePoint fromMs(std::int64_t ms) {
    return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::milliseconds(ms)));
}

std::string toIso8601(Clock::TimePoint t) {
    const std::int64_t ms = toMs(t);
    std::int64_t secs = ms / 1000;
    std::int64_t frac = ms % 1000;
    if (frac < 0) {
        frac += 1000;
        secs -= 1;
    }
    const std::time_t tt = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(frac));
    return buf;
}

namespace {
constexpr int kMinIsoYear = 1900;
constexpr int kMaxIsoYear = 2200;
} // namespace

Result<Clock::TimePoint> parseIso8601(std::string_view text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double s = 0;
    char tail[16] = {};
    const std::string str(text);
    const int n = std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%15s", &y, &mo, &d, &h, &mi, &s, tail);
    if (n < 6 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s < 0 || s >= 61) {
        return makeError(ErrorCode::InvalidArgument, "not an ISO-8601 UTC time: '" + str + "'");
    }
    // Clock::TimePoint counts nanoseconds in 64 bits (years 1678..2261): a year outside would overflow it.
    if (y < kMinIsoYear || y > kMaxIsoYear) {
        return makeError(ErrorCode::InvalidArgument, "ISO-8601 time out of range (years " +
                                                         std::to_string(kMinIsoYear) + ".." +
                                                         std::to_string(kMaxIsoYear) + "): '" + str + "'");
    }
    // timegm() would turn 1999-02-30 into 1999-03-02: an impossible date is an error, not another day.
    if (!std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                     std::chrono::day{static_cast<unsigned>(d)}}
             .ok()) {
        return makeError(ErrorCode::InvalidArgument, "not a calendar date: '" + str + "'");
    }
    const std::string tz = n == 7 ? std::string(tail) : std::string();
    if (!(tz == "Z" || tz == "+00:00" || tz.empty())) {
        return makeError(ErrorCode::InvalidArgument, "only UTC times are accepted (end with Z): '" + str + "'");
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = 0;
    const std::time_t secs = timegm(&tm);
    const auto ms = static_cast<std::int64_t>(secs) * 1000 + static_cast<std::int64_t>(s * 1000.0 + 0.5);
    return fromMs(ms);
}

Error sqliteError(int rc, sqlite3* db, std::string_view context) {
    const int primary = rc & 0xff;
    std::string detail(context);
    detail += ": ";
    detail += sqlite3_errstr(rc);
    if (db != nullptr) {
        const char* msg = sqlite3_errmsg(db);
        if (msg != nullptr && std::string_view(msg) != sqlite3_errstr(rc)) {
            detail += " (";
            detail += msg;
            detail += ")";
        }
    }
    switch (primary) {
    case SQLITE_FULL:
        return makeError(ErrorCode::DiskFull, detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return makeError(ErrorCode::DatabaseCorrupt, detail);
    case SQLITE_IOERR:
        return makeError(ErrorCode::IoError, detail);
    default:
        return makeError(ErrorCode::DatabaseError, detail);
    }
}

// ---------------------------------------------------------------- Statement

Statement::~Statement() {
    if (m_stmt != nullptr) {
        sqlite3_finalize(m_stmt);
    }
}

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_bindError(std::move(other.m_bindError)) {
    other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (m_stmt != nullptr) {
            sqlite3_finalize(m_stmt);
        }
        m_db = other.m_db;
        m_stmt = other.m_stmt;
        m_bindError = std::move(other.m_bindError);
        other.m_stmt = nullptr;
    }
    return *this;
}

void Statement::noteBindError(int rc, int index) {
    if (rc != SQLITE_OK && !m_bindError) {
        m_bindError = sqliteError(rc, m_db, "bind parameter " + std::to_string(index));
    }
}

Statement& Statement::bind(int index, int value) {
    noteBindError(sqlite3_bind_int64(m_stmt, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    noteBindError(sqlite3_bind_int64(m_stmt, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    noteBindError(sqlite3_bind_double(m_stmt, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, const char* value) {
    return value == nullptr ? bind(index, nullptr) : bind(index, std::string_view(value));
}

Statement& Statement::bind(int index, std::string_view value) {
    noteBindError(sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

Statement& Statement::bind(int index, ByteView value) {
    static const std::uint8_t kEmpty = 0;
    const void* data = value.empty() ? static_cast<const void*>(&kEmpty) : static_cast<const void*>(value.data());
    noteBindError(sqlite3_bind_blob64(m_stmt, index, data, value.size(), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
    noteBindError(sqlite3_bind_null(m_stmt, index), index);
    return *this;
}

Result<bool> Statement::step() {
    if (m_stmt == nullptr) {
        return makeError(ErrorCode::DatabaseError, "step on an empty statement");
    }
    if (m_bindError) {
        Error e = *m_bindError;
        m_bindError.reset();
        return e;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Error e = sqliteError(rc, m_db, "step");
    sqlite3_reset(m_stmt);
    return e;
}

Status Statement::run() {
    auto r = step();
    if (!r) {
        return r.error();
    }
    if (*r) {
        sqlite3_reset(m_stmt);
        return makeError(ErrorCode::DatabaseError, "statement returned rows where none were expected");
    }
    sqlite3_reset(m_stmt);
    return {};
}

void Statement::reset() {
    if (m_stmt != nullptr) {
        sqlite3_reset(m_stmt);
    }
    m_bindError.reset();
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::columnText(int column) const {
    const auto* p = sqlite3_column_text(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    if (p == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
}

Bytes Statement::columnBlob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, column));
    const int n = sqlite3_column_bytes(m_stmt, column);
    if (p == nullptr || n <= 0) {
        return {};
    }
    return Bytes(p, p + n);
}

std::optional<std::int64_t> Statement::columnOptInt64(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return columnInt64(column);
}

std::optional<double> Statement::columnOptDouble(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return columnDouble(column);
}

std::optional<std::string> Statement::columnOptText(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return columnText(column);
}

// ---------------------------------------------------------------- Database

void Database::Closer::operator()(sqlite3* db) const {
    if (db != nullptr) {
        sqlite3_close_v2(db);
    }
}

Database::Database(std::unique_ptr<sqlite3, Closer> db, fs::path path) : m_db(std::move(db)), m_path(std::move(path)) {}

Database::Database(Database&&) noexcept = default;

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        if (m_db && m_checkpointer) {
            sqlite3_wal_hook(m_db.get(), nullptr, nullptr);
        }
        m_checkpointer.reset(); // stop ours before our connection closes
        m_db = std::move(other.m_db);
        m_path = std::move(other.m_path);
        m_checkpointer = std::move(other.m_checkpointer);
    }
    return *this;
}

Database::~Database() {
    if (m_db && m_checkpointer) {
        sqlite3_wal_hook(m_db.get(), nullptr, nullptr); // the checkpointer goes first (member order)
    }
}

std::uint64_t Database::backgroundCheckpoints() const {
    return m_checkpointer ? m_checkpointer->checkpoints() : 0;
}

std::uint64_t Database::inlineCheckpoints() const {
    return m_checkpointer ? m_checkpointer->inlineCheckpoints() : 0;
}

namespace {

struct RawOpen {
    sqlite3* db = nullptr;
    int rc = SQLITE_OK;
};

RawOpen rawOpen(const fs::path& path) {
    RawOpen r;
    r.rc = sqlite3_open_v2(path.c_str(), &r.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
    if (r.db != nullptr) {
        sqlite3_extended_result_codes(r.db, 1);
    }
    return r;
}

// Run a single-value pragma/query on a raw handle; returns rc and the text of the first column of each row.
int rawQuery(sqlite3* db, const char* sql, std::string& out) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    if (rc != SQLITE_OK) {
        return rc;
    }
    out.clear();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(st, 0);
        if (!out.empty()) {
            out += "\n";
        }
        out += t != nullptr ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

std::string forensicStamp(const Clock* clock) {
    const auto now = clock != nullptr ? clock->now() : std::chrono::system_clock::now();
    const std::time_t tt = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

Result<fs::path> moveAside(const fs::path& path, const Clock* clock) {
    const std::string base = path.string() + ".corrupt-" + forensicStamp(clock);
    fs::path target = base;
    for (int i = 1; fs::exists(target); ++i) {
        target = base + "-" + std::to_string(i);
    }
    std::error_code ec;
    fs::rename(path, target, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot move the corrupt database aside: " + ec.message());
    }
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const fs::path side = path.string() + suffix;
        if (fs::exists(side)) {
            fs::rename(side, target.string() + suffix, ec);
        }
    }
    return target;
}

} // namespace

Result<Database> Database::open(const fs::path& path, OpenReport* report) {
    OpenOptions o;
    o.path = path;
    return open(o, report);
}

Result<Database> Database::open(const OpenOptions& options, OpenReport* report) {
    static auto logger = log::get("store");
    OpenReport local;
    OpenReport& rep = report != nullptr ? *report : local;
    rep = OpenReport{};
    const fs::path& path = options.path;
    if (path.empty()) {
        return makeError(ErrorCode::InvalidArgument, "database path is empty");
    }
    std::error_code ec;
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) {
            return makeError(ErrorCode::IoError, "cannot create the database directory: " + ec.message());
        }
    }
    rep.created = !fs::exists(path);

    for (int attempt = 0; attempt < 2; ++attempt) {
        RawOpen raw = rawOpen(path);
        std::unique_ptr<sqlite3, Closer> handle(raw.db);
        if (raw.rc != SQLITE_OK) {
            return sqliteError(raw.rc, raw.db, "open " + path.string());
        }
        sqlite3_busy_timeout(handle.get(), options.busyTimeoutMs);

        // Nothing below may modify the file before the version check (a newer database stays untouched).
        std::string text;
        int rc = rawQuery(handle.get(), "PRAGMA user_version", text);
        std::string problem;
        if (rc == SQLITE_OK && options.quickCheck) {
            std::string check;
            rc = rawQuery(handle.get(), "PRAGMA quick_check", check);
            if (rc == SQLITE_OK && check != "ok") {
                problem = check.substr(0, 400);
            }
        }
        const int primary = rc & 0xff;
        if (rc != SQLITE_OK && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
            return sqliteError(rc, handle.get(), "read schema version of " + path.string());
        }
        if (rc != SQLITE_OK) {
            problem = sqlite3_errstr(rc);
        }
        if (!problem.empty()) {
            if (!options.recoverCorrupt || attempt > 0) {
                return makeError(ErrorCode::DatabaseCorrupt, "database failed its integrity check: " + problem);
            }
            handle.reset();
            auto moved = moveAside(path, options.clock);
            if (!moved) {
                return moved.error();
            }
            logger->error("database failed quick_check; moved aside to {} and starting fresh", moved->string());
            rep.recoveredFromCorruption = true;
            rep.forensicPath = *moved;
            rep.corruptionDetail = problem;
            rep.created = true;
            continue;
        }
        const int version = std::atoi(text.c_str());
        rep.fromVersion = version;
        if (version > Migrations::latestVersion()) {
            return makeError(ErrorCode::DatabaseTooNew, "database schema version " + std::to_string(version) +
                                                            " is newer than this program (" +
                                                            std::to_string(Migrations::latestVersion()) +
                                                            "); it was left unchanged — use a newer Portico");
        }

        Database db(std::move(handle), path);
        const std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + options.synchronous +
                                    "; PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
        if (auto s = db.exec(pragmas); !s) {
            return s.error();
        }
        auto mode = db.queryText("PRAGMA journal_mode");
        if (!mode || *mode != "wal") {
            return makeError(ErrorCode::DatabaseError, "could not switch the database to WAL mode");
        }
        if (options.migrate) {
            if (auto s = Migrations::apply(db); !s) {
                return s.error();
            }
        }
        auto v = db.userVersion();
        rep.toVersion = v ? *v : version;
        if (options.backgroundCheckpoint && options.checkpointPages > 0) {
            // Replaces SQLite's automatic checkpoint (itself a wal_hook) on this connection.
            sqlite3_vfs* vfs = nullptr;
            sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_VFS_POINTER, &vfs);
            db.m_checkpointer =
                std::make_unique<WalCheckpointer>(path, vfs != nullptr && vfs->zName != nullptr ? vfs->zName : "",
                                                  options.synchronous, options.checkpointPages);
            sqlite3_wal_hook(db.handle(), &WalCheckpointer::walHook, db.m_checkpointer.get());
        } else {
            sqlite3_wal_autocheckpoint(db.handle(), std::max(0, options.checkpointPages));
        }
        return db;
    }
    return makeError(ErrorCode::DatabaseCorrupt, "database could not be recreated");
}

Status Database::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    const int rc = sqlite3_exec(m_db.get(), s.c_str(), nullptr, nullptr, &err);
    if (err != nullptr) {
        sqlite3_free(err);
    }
    if (rc != SQLITE_OK) {
        return sqliteError(rc, m_db.get(), "exec");
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* st = nullptr;
    const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()), 0, &st, nullptr);
    if (rc != SQLITE_OK) {
        return sqliteError(rc, m_db.get(), "prepare");
    }
    return Statement(m_db.get(), st);
}

Result<std::int64_t> Database::queryInt64(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "query returned no row");
    }
    return st->columnInt64(0);
}

Result<std::string> Database::queryText(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "query returned no row");
    }
    return st->columnText(0);
}

Result<int> Database::userVersion() {
    auto v = queryInt64("PRAGMA user_version");
    if (!v) {
        return v.error();
    }
    return static_cast<int>(*v);
}

namespace {
Result<std::string> joinedRows(Database& db, std::string_view sql) {
    auto st = db.prepare(sql);
    if (!st) {
        return st.error();
    }
    std::string out;
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        if (!out.empty()) {
            out += "\n";
        }
        out += st->columnText(0);
    }
    return out;
}
} // namespace

Result<std::string> Database::quickCheck() {
    return joinedRows(*this, "PRAGMA quick_check");
}

Result<std::string> Database::integrityCheck() {
    return joinedRows(*this, "PRAGMA integrity_check");
}

Status Database::checkpointTruncate() {
    int logFrames = 0;
    int checkpointed = 0;
    const int rc =
        sqlite3_wal_checkpoint_v2(m_db.get(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointed);
    if (rc != SQLITE_OK) {
        return sqliteError(rc, m_db.get(), "wal_checkpoint(TRUNCATE)");
    }
    return {};
}

bool Database::autocommit() const {
    return sqlite3_get_autocommit(m_db.get()) != 0;
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(m_db.get());
}

// ---------------------------------------------------------------- Transaction

Result<Transaction> Transaction::begin(Database& db, Kind kind) {
    Transaction t(db);
    auto s = db.exec(kind == Kind::Deferred ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
    if (!s) {
        return s.error();
    }
    t.m_active = true;
    return t;
}

Transaction::Transaction(Transaction&& other) noexcept : m_db(other.m_db), m_active(other.m_active) {
    other.m_active = false;
}

Transaction::~Transaction() {
    if (m_active) {
        (void)rollback();
    }
}

Status Transaction::commit() {
    if (!m_active) {
        return makeError(ErrorCode::DatabaseError, "commit without an active transaction");
    }
    auto s = m_db->exec("COMMIT");
    if (!s) {
        // SQLite may have rolled back on its own (e.g. SQLITE_FULL); make sure nothing stays open.
        if (!m_db->autocommit()) {
            (void)m_db->exec("ROLLBACK");
        }
        m_active = false;
        return s;
    }
    m_active = false;
    return {};
}

Status Transaction::rollback() {
    if (!m_active) {
        return {};
    }
    m_active = false;
    if (m_db->autocommit()) {
        return {};
    }
    return m_db->exec("ROLLBACK");
}

} // namespace portico::store
