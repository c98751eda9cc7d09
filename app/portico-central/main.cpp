// SPDX-License-Identifier: GPL-3.0-or-later
// portico-central: composition root of the central service.
#include "CentralServer.h"
#include "ManifestSeeder.h"
#include "PortFigures.h"
#include "SigningKey.h"
#include "Version.h"
#include "auth/Accounts.h"
#include "common/Sha256.h"
#include "manifest/Base64.h"
#include "review/DailyReport.h"
#include "review/Monitoring.h"
#include "storage/CentralStore.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace {

using namespace portico;
using namespace portico::central;

// Set by the signal handler, read by the watcher thread: a lock-free atomic is both async-signal-safe and
// race-free across threads (a volatile sig_atomic_t is only the former; ThreadSanitizer reported it).
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void onSignal(int) {
    g_stop.store(true, std::memory_order_relaxed);
}

bool isLoopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

int fail(const std::string& message, int code = 1) {
    std::cerr << "portico-central: " << message << "\n";
    return code;
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Where the records are: `--data DIR` (SQLite, DIR/central.db) or `--database CONNINFO` (PostgreSQL).
struct StoreArgs {
    std::string data;
    std::string database;
    std::size_t pool = 4;

    void add(CLI::App* app) {
        auto* d = app->add_option("--data", data, "Data directory of the embedded SQLite engine (created if missing)");
        auto* p = app->add_option("--database", database,
                                  "PostgreSQL connection string or URI (postgresql://user@host:port/db)");
        d->excludes(p);
        app->add_option("--db-pool", pool, "Database connections per process")->default_val(pool);
    }
    Result<storage::StoreConfig> config() const {
        storage::StoreConfig c;
        c.poolSize = pool;
        if (!database.empty()) {
            c.engine = storage::SqlEngine::Postgres;
            c.postgresConninfo = database;
            return c;
        }
        if (data.empty()) {
            return makeError(ErrorCode::InvalidArgument,
                             "give --data DIR (SQLite) or --database CONNINFO (PostgreSQL)");
        }
        std::error_code ec;
        std::filesystem::create_directories(data, ec);
        if (ec) {
            return makeError(ErrorCode::IoError, "cannot create data directory: " + ec.message());
        }
        c.engine = storage::SqlEngine::Sqlite;
        c.sqliteFile = std::filesystem::path(data) / "central.db";
        return c;
    }
    Result<std::unique_ptr<storage::CentralStore>> open() const {
        auto c = config();
        if (!c) {
            return c.error();
        }
        return storage::openStore(*c);
    }
};

/// A new device token: 32 random bytes, base64url without padding, behind a recognisable prefix.
std::string newToken() {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string("pct1_") + b64;
}

nlohmann::json statsJson(const storage::CentralStats& st, storage::SqlEngine engine) {
    return {{"engine", storage::engineName(engine)},
            {"schema_version", st.schemaVersion},
            {"records_stored", st.recordsStored},
            {"duplicates_seen", st.duplicatesSeen},
            {"rejects", st.rejects},
            {"requests", st.requests},
            {"inspection_batches", st.inspectionBatches},
            {"devices", st.distinctDevices},
            {"manifest_version", st.manifestVersion},
            {"manifest_entries", st.manifestEntries},
            {"photos", st.photos},
            {"audit_forks", st.auditForks},
            {"cases", st.cases},
            {"open_cases", st.openCases},
            {"case_evidence", st.evidence},
            {"alarms", st.auditForks > 0 ? nlohmann::json::array({"audit_chain_forked"}) : nlohmann::json::array()}};
}

nlohmann::json reconcileJson(const storage::Reconciliation& r) {
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& [from, to] : r.missing) {
        missing.push_back({from, to});
    }
    nlohmann::json out = {
        {"station", r.deviceId},           {"records", r.records},      {"highest_sequence", r.highestSequence},
        {"missing_count", r.missingCount}, {"missing_ranges", missing}, {"duplicate_sequences", r.duplicateSequences},
        {"audit_forks", r.auditForks},     {"last_audit_head", nullptr}};
    if (r.lastAuditHead) {
        out["last_audit_head"] = {{"sequence", r.lastAuditHead->sequence}, {"hash", r.lastAuditHead->hash}};
    }
    out["complete"] = r.missingCount == 0 && r.duplicateSequences == 0 && r.auditForks == 0;
    return out;
}

/// A person's password for `accounts add|passwd`: PORTICO_PASSWORD, else the first line of stdin (never an argument:
/// it would show in the process list and the shell history).
std::string readPassword() {
    if (const char* env = std::getenv("PORTICO_PASSWORD"); env && *env) {
        return env;
    }
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

Result<std::string> hashPassword(const std::string& username, const std::string& password,
                                 const auth::HashLimits& limits) {
    if (auto ok = auth::checkPasswordPolicy(username, password); !ok) {
        return ok.error();
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password.data(), password.size(), limits.opsLimit, limits.memLimit) != 0) {
        return makeError(ErrorCode::CryptoError, "out of memory while hashing the password");
    }
    return std::string(hash);
}

/// `portico-central accounts …`: the people who review cases (supervisors and admins of one port).
struct AccountsArgs {
    std::string username;
    std::string name;
    std::string role = "supervisor";
    std::string port;
    std::string cost = "moderate";
};

int runAccounts(storage::CentralStore& s, const std::string& command, const AccountsArgs& a) {
    const std::string actor = "admin-cli";
    const auth::HashLimits limits =
        a.cost == "interactive" ? auth::HashLimits::interactive() : auth::HashLimits::moderate();
    if (command == "list") {
        auto people = s.people();
        if (!people) {
            return fail(people.error().detail);
        }
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : *people) {
            out.push_back({{"username", p.username},
                           {"name", p.displayName},
                           {"role", p.role},
                           {"port", p.port},
                           {"disabled", p.disabled},
                           {"locked", p.failedAttempts >= auth::Accounts::kMaxFailures},
                           {"failed_attempts", p.failedAttempts}});
        }
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    if (!auth::isValidUsername(a.username)) {
        return fail("--username is 1-64 characters of [A-Za-z0-9._-]", 2);
    }
    if (command == "add") {
        const auto role = auth::parseRole(a.role);
        if (role != auth::Role::Supervisor && role != auth::Role::Admin) {
            return fail("--role is supervisor or admin (officers work at the booth, not at central)", 2);
        }
        if (!http::isIdentifier(a.port, 16) || a.name.empty() || a.name.size() > 100) {
            return fail("--port is 1-16 characters of [A-Za-z0-9_-]; --name is 1-100 characters", 2);
        }
        auto hash = hashPassword(a.username, readPassword(), limits);
        if (!hash) {
            return fail(hash.error().detail, 2);
        }
        if (auto added =
                s.addPerson({a.username, a.name, std::string(auth::roleName(role)), a.port, *hash, false, 0, nowMs()},
                            actor, nowMs());
            !added) {
            return fail(added.error().detail);
        }
        std::cout << "added " << a.username << " (" << auth::roleName(role) << ", port " << a.port << ")\n";
        return 0;
    }
    std::optional<bool> disabled;
    std::optional<std::string> hash;
    if (command == "disable" || command == "enable") {
        disabled = command == "disable";
    } else if (command == "passwd") {
        auto h = hashPassword(a.username, readPassword(), limits);
        if (!h) {
            return fail(h.error().detail, 2);
        }
        hash = *h;
    }
    auto changed = s.updatePerson(a.username, actor, command, disabled, hash, nowMs());
    if (!changed) {
        return fail(changed.error().detail);
    }
    if (!*changed) {
        return fail("no account named " + a.username);
    }
    std::cout << command << ": " << a.username << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("portico-central"));
    if (sodium_init() < 0) {
        return fail("libsodium failed to initialise");
    }

    CLI::App app{"Portico central service: manifests, photos and inspection records for the booths of a port"};
    app.set_version_flag("--version", std::string("portico-central ") + portico::versionString());
    // The service's options may also come from a file (/etc/portico-central/central.toml under systemd): the same
    // names as on the command line, which wins where both give one.
    app.set_config("--config", "", "Read options from this TOML file (the same names as the command line)");
    std::string listen = "127.0.0.1:0";
    StoreArgs store;
    store.add(&app);
    bool allowRemote = false;
    int seedCount = 0;
    std::string seedPort = "SYS";
    std::string photos;
    std::string faults;
    std::vector<std::string> tls;
    std::string token;
    std::string signingKey;
    int ttlHours = 24;
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 = any free port)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--signing-key", signingKey,
                   "Provisioned manifest-signing key (portico-central keys generate); required with --database");
    app.add_flag("--allow-non-loopback", allowRemote, "Permit a non-loopback address (never for tests)");
    app.add_option("--seed-manifest", seedCount, "Seed a synthetic manifest of COUNT entries (if the port has none)");
    app.add_option("--port-code", seedPort, "Port of entry code for the seeded manifest")->default_val("SYS");
    app.add_option("--photos", photos, "Folder-per-identity image directory (DIR/<identity>/<n>.jpg) for seeding");
    int caseLeaseS = 600;
    int caseEvidenceDays = 30;
    std::string passwordCost = "moderate";
    app.add_option("--case-lease-seconds", caseLeaseS, "How long a supervisor's claim on a case holds")
        ->default_val(caseLeaseS)
        ->check(CLI::Range(1, 24 * 3600));
    app.add_option("--case-evidence-days", caseEvidenceDays,
                   "Days a non-citizen's live capture is kept as case evidence after the decision (at most 30)")
        ->default_val(caseEvidenceDays)
        ->check(CLI::Range(0, 30));
    app.add_option("--password-cost", passwordCost, "Argon2id cost of log-in checks for unknown names")
        ->check(CLI::IsMember({"moderate", "interactive"}));
    app.add_option("--faults", faults,
                   "Fault mix, e.g. \"500=0.05,503ra=0.05,429=0.05,reset=0.05,truncate=0.05,"
                   "drip=0.02,delay=0.05,lost=0.05\" (+ ra=SECONDS, delayms=MS, seed=N)");
    app.add_option("--tls", tls, "CERT KEY: serve HTTPS with this PEM certificate and key")->expected(2);
    app.add_option("--token", token, "Also accept this shared bearer token for any device (demo, tests)");
    app.add_option("--manifest-ttl-hours", ttlHours, "Manifest validity after issue")->default_val(24);
    bool insecureDemo = false;
    app.add_flag("--insecure-demo", insecureDemo,
                 "Accept requests without any token (demos on loopback only; never for a real port)");
    http::ServerLimits limits;
    app.add_option("--threads", limits.threads, "Connections served at once")->default_val(limits.threads);
    app.add_option("--max-connections", limits.maxConnections, "Connections served or waiting; more get 503")
        ->default_val(limits.maxConnections);
    app.add_option("--max-connections-per-client", limits.maxConnectionsPerClient,
                   "Connections per client address (0 = no cap, e.g. behind a load balancer)")
        ->default_val(limits.maxConnectionsPerClient);
    int headTimeoutS = 10;
    int requestTimeoutS = 30;
    app.add_option("--head-timeout", headTimeoutS, "Seconds from connection to the end of the request head")
        ->default_val(headTimeoutS)
        ->check(CLI::Range(1, 600));
    app.add_option("--request-timeout", requestTimeoutS, "Seconds from connection to the end of the request body")
        ->default_val(requestTimeoutS)
        ->check(CLI::Range(1, 3600));

    // keys generate --out FILE
    auto* keys = app.add_subcommand("keys", "Manifest-signing key provisioning");
    auto* keysGenerate =
        keys->add_subcommand("generate", "Create a new signing key file (mode 0600); prints its public key");
    std::string keyOut;
    keysGenerate->add_option("--out", keyOut, "Key file to create (never overwritten)")->required();
    keys->require_subcommand(1);

    auto* pubkey = app.add_subcommand("pubkey", "Print the manifest-signing public key (base64)");
    std::string pubData;
    std::string pubKeyFile;
    pubkey->add_option("--data", pubData, "Data directory (its signing.key is created if missing)");
    pubkey->add_option("--signing-key", pubKeyFile, "A provisioned key file");

    StoreArgs subStore;
    auto* stats = app.add_subcommand("stats", "Print JSON: records stored, duplicates, rejects, audit forks, …");
    subStore.add(stats);
    auto* edit = app.add_subcommand("manifest-edit", "Publish a new manifest version (updates, removals, additions)");
    subStore.add(edit);
    int updates = 0;
    int removals = 0;
    int adds = 0;
    std::uint64_t editSeed = 7;
    edit->add_option("--update", updates, "Entries whose status changes");
    edit->add_option("--remove", removals, "Entries removed");
    edit->add_option("--add", adds, "Entries added");
    edit->add_option("--port-code", seedPort, "Port of entry code")->default_val("SYS");
    edit->add_option("--seed", editSeed, "RNG seed for added entries");

    auto* devices = app.add_subcommand("devices", "Register stations and their tokens");
    devices->require_subcommand(1);
    std::string station;
    std::string stationPort;
    auto* devAdd = devices->add_subcommand("add", "Register a station; prints its new token once");
    subStore.add(devAdd);
    devAdd->add_option("--station", station, "Station (device) id")->required();
    devAdd->add_option("--port", stationPort, "Port of entry code the station serves")->required();
    auto* devRevoke = devices->add_subcommand("revoke", "Revoke a station's token");
    subStore.add(devRevoke);
    devRevoke->add_option("--station", station, "Station (device) id")->required();
    auto* devList = devices->add_subcommand("list", "Print the registered stations as JSON (never their tokens)");
    subStore.add(devList);

    auto* reconcile =
        app.add_subcommand("reconcile", "Per-station check: highest sequence, missing ranges, audit head");
    subStore.add(reconcile);
    reconcile->add_option("--station", station, "Station (device) id")->required();

    auto* recordsCmd =
        app.add_subcommand("records", "Print a station's stored records as JSON lines, in sequence order");
    subStore.add(recordsCmd);
    recordsCmd->add_option("--station", station, "Station (device) id")->required();
    std::int64_t after = 0;
    std::size_t limit = 1000000;
    recordsCmd->add_option("--after", after, "Only sequences above this")->default_val(0);
    recordsCmd->add_option("--limit", limit, "At most this many")->default_val(limit);

    auto* migrateCmd = app.add_subcommand("migrate", "Bring the database schema to this version and exit");
    subStore.add(migrateCmd);

    auto* accounts = app.add_subcommand("accounts", "The people who review cases: supervisors and admins of a port");
    accounts->require_subcommand(1);
    AccountsArgs acc;
    std::vector<CLI::App*> accountCommands;
    for (const auto& [name, help] :
         {std::pair{"add", "Add a person (password from PORTICO_PASSWORD or the first line of stdin)"},
          std::pair{"list", "Print the accounts as JSON (never a hash)"},
          std::pair{"disable", "Disable an account; its sessions end"}, std::pair{"enable", "Enable an account again"},
          std::pair{"unlock", "Clear the failed log-ins"},
          std::pair{"passwd", "Set a new password (from PORTICO_PASSWORD or stdin); its sessions end"}}) {
        auto* cmd = accounts->add_subcommand(name, help);
        subStore.add(cmd);
        if (std::string_view(name) != "list") {
            cmd->add_option("--username", acc.username, "User name")->required();
        }
        if (std::string_view(name) == "add") {
            cmd->add_option("--name", acc.name, "Display name")->required();
            cmd->add_option("--port", acc.port, "Port of entry the person reviews")->required();
            cmd->add_option("--role", acc.role, "supervisor or admin")->default_val("supervisor");
        }
        if (std::string_view(name) == "add" || std::string_view(name) == "passwd") {
            cmd->add_option("--password-cost", acc.cost, "Argon2id cost: moderate (default) or interactive")
                ->check(CLI::IsMember({"moderate", "interactive"}));
        }
        accountCommands.push_back(cmd);
    }
    auto* auditCmd = app.add_subcommand("audit", "Central's own audit log");
    auditCmd->require_subcommand(1);
    auto* auditVerify = auditCmd->add_subcommand("verify", "Walk the hash chain; exit 1 if it is broken");
    subStore.add(auditVerify);
    auto* auditShow = auditCmd->add_subcommand("show", "Print the audit entries as JSON lines");
    subStore.add(auditShow);
    auto* purgeCmd = app.add_subcommand("purge", "Delete the case evidence whose retention ran out, now");
    subStore.add(purgeCmd);
    auto* reportCmd =
        app.add_subcommand("report", "Print a port's daily report as CSV (aggregates only; audited as report.export)");
    subStore.add(reportCmd);
    std::string reportPort;
    std::string reportDay;
    reportCmd->add_option("--port", reportPort, "Port of entry code")->required();
    reportCmd->add_option("--day", reportDay, "UTC day, YYYY-MM-DD (default: today)");

    CLI11_PARSE(app, argc, argv);

    if (keysGenerate->parsed()) {
        auto key = SigningKey::generate(keyOut);
        if (!key) {
            return fail(key.error().detail);
        }
        std::cout << key->publicKeyBase64() << "\n";
        return 0;
    }
    if (pubkey->parsed()) {
        if (pubData.empty() == pubKeyFile.empty()) {
            return fail("pubkey wants --data DIR or --signing-key FILE", 2);
        }
        if (!pubData.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(pubData, ec);
        }
        auto key = pubKeyFile.empty() ? SigningKey::loadOrCreate(pubData) : SigningKey::load(pubKeyFile);
        if (!key) {
            return fail(key.error().detail);
        }
        std::cout << key->publicKeyBase64() << "\n";
        return 0;
    }
    const bool accountsCommand =
        std::any_of(accountCommands.begin(), accountCommands.end(), [](CLI::App* c) { return c->parsed(); });
    const bool storeCommand = stats->parsed() || edit->parsed() || devAdd->parsed() || devRevoke->parsed() ||
                              devList->parsed() || reconcile->parsed() || recordsCmd->parsed() ||
                              migrateCmd->parsed() || accountsCommand || auditVerify->parsed() || auditShow->parsed() ||
                              purgeCmd->parsed() || reportCmd->parsed();
    if (storeCommand) {
        if (!subStore.data.empty() && !std::filesystem::exists(std::filesystem::path(subStore.data) / "central.db") &&
            !devAdd->parsed() && !migrateCmd->parsed() && !accountsCommand) {
            return fail("no central.db in " + subStore.data);
        }
        auto db = subStore.open();
        if (!db) {
            return fail(db.error().detail);
        }
        auto& s = **db;
        if (migrateCmd->parsed()) {
            std::cout << "schema version " << storage::latestSchemaVersion() << "\n";
            return 0;
        }
        for (auto* cmd : accountCommands) {
            if (cmd->parsed()) {
                return runAccounts(s, cmd->get_name(), acc);
            }
        }
        if (auditVerify->parsed()) {
            auto check = s.verifyAudit();
            if (!check) {
                return fail(check.error().detail);
            }
            std::cout << nlohmann::json{{"ok", check->ok},
                                        {"entries", check->entries},
                                        {"first_bad_sequence", check->firstBadSequence},
                                        {"problem", check->problem}}
                             .dump(2)
                      << std::endl;
            return check->ok ? 0 : 1;
        }
        if (auditShow->parsed()) {
            auto entries = s.auditEntries(0, 1000000);
            if (!entries) {
                return fail(entries.error().detail);
            }
            for (const auto& e : *entries) {
                std::cout << nlohmann::json{{"sequence", e.sequence}, {"at_ms", e.atMs},       {"actor", e.actor},
                                            {"action", e.action},     {"object", e.objectRef}, {"details", e.details}}
                                 .dump()
                          << "\n";
            }
            std::cout.flush();
            return 0;
        }
        if (reportCmd->parsed()) {
            std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
            if (!reportDay.empty()) {
                auto parsed = review::Monitoring::parseDay(reportDay);
                if (!parsed) {
                    return fail(parsed.error().detail, 2);
                }
                day = *parsed;
            }
            if (!http::isIdentifier(reportPort, 16)) {
                return fail("--port is 1-16 characters of [A-Za-z0-9_-]", 2);
            }
            auto figures = portDailyStats(s, reportPort, day);
            if (!figures) {
                return fail(figures.error().detail);
            }
            // The export is audited before it is written.
            if (auto a = s.audit({0,
                                  nowMs(),
                                  "admin-cli",
                                  "report.export",
                                  reportPort,
                                  nlohmann::json{{"day", figures->day}, {"formats", {"csv"}}}.dump(),
                                  {}});
                !a) {
                return fail("the export could not be audited: " + a.error().detail);
            }
            std::cout << review::dailyReportCsv(*figures);
            std::cout.flush();
            return 0;
        }
        if (purgeCmd->parsed()) {
            auto purged = s.purgeEvidence(nowMs());
            if (!purged) {
                return fail(purged.error().detail);
            }
            std::cout << nlohmann::json{{"purged", *purged}}.dump() << std::endl;
            return 0;
        }
        if (devAdd->parsed()) {
            if (!http::isIdentifier(stationPort, 16) || station.empty() || station.size() > 64) {
                return fail("--port is 1-16 characters of [A-Za-z0-9_-]; --station 1-64 characters", 2);
            }
            const std::string t = newToken();
            if (auto added = s.addDevice({station, stationPort, nowMs(), std::nullopt}, sha256Hex(t)); !added) {
                return fail(added.error().detail);
            }
            std::cout << t << std::endl;
            std::cerr << "portico-central: station " << station << " registered for port " << stationPort
                      << "; the token above is shown once and stored only as a hash\n";
            return 0;
        }
        if (devRevoke->parsed()) {
            auto r = s.revokeDevice(station, nowMs());
            if (!r) {
                return fail(r.error().detail);
            }
            if (!*r) {
                return fail("no registered, unrevoked station " + station);
            }
            std::cout << "revoked " << station << "\n";
            return 0;
        }
        if (devList->parsed()) {
            auto list = s.devices();
            if (!list) {
                return fail(list.error().detail);
            }
            nlohmann::json out = nlohmann::json::array();
            for (const auto& d : *list) {
                out.push_back({{"station", d.deviceId},
                               {"port", d.port},
                               {"created_ms", d.createdMs},
                               {"revoked_ms", d.revokedMs ? nlohmann::json(*d.revokedMs) : nlohmann::json()}});
            }
            std::cout << out.dump(2) << std::endl;
            return 0;
        }
        if (recordsCmd->parsed()) {
            auto rows = s.records(station, after, limit);
            if (!rows) {
                return fail(rows.error().detail);
            }
            for (const auto& r : *rows) {
                // The stored record is embedded as text, so a reader sees exactly the bytes central keeps.
                std::cout << nlohmann::json{{"id", r.id},
                                            {"device_sequence", r.deviceSequence},
                                            {"content_sha256", r.contentHash},
                                            {"received_ms", r.receivedMs},
                                            {"record", r.record}}
                                 .dump()
                          << "\n";
            }
            std::cout.flush();
            return 0;
        }
        if (reconcile->parsed()) {
            auto r = s.reconcile(station);
            if (!r) {
                return fail(r.error().detail);
            }
            std::cout << reconcileJson(*r).dump(2) << std::endl;
            return 0;
        }
        if (edit->parsed()) {
            if (auto e = editManifest(s, seedPort, updates, removals, adds, editSeed); !e) {
                return fail(e.error().detail);
            }
        }
        auto st = s.stats();
        if (!st) {
            return fail(st.error().detail);
        }
        std::cout << statsJson(*st, s.engine()).dump(2) << std::endl;
        return 0;
    }

    // Serve.
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        return fail("--listen wants HOST:PORT", 2);
    }
    CentralOptions options;
    options.host = listen.substr(0, colon);
    try {
        options.port = std::stoi(listen.substr(colon + 1));
    } catch (...) {
        return fail("bad port in --listen", 2);
    }
    if (!isLoopback(options.host) && !allowRemote) {
        return fail("refusing to listen on a non-loopback address without --allow-non-loopback", 2);
    }
    if (insecureDemo && !isLoopback(options.host)) {
        return fail("--insecure-demo is for loopback addresses only", 2);
    }
    auto storeConfig = store.config();
    if (!storeConfig) {
        return fail(storeConfig.error().detail, 2);
    }
    if (storeConfig->engine == storage::SqlEngine::Postgres && signingKey.empty()) {
        // Several instances share one database: each must sign with the one provisioned key, never make its own.
        return fail("with --database, give the provisioned --signing-key FILE (portico-central keys generate --out "
                    "FILE, once, then the same file to every instance)",
                    2);
    }
    options.store = *storeConfig;
    options.dataDir = store.data;
    options.signingKey = signingKey;
    options.token = token;
    options.insecureDemo = insecureDemo;
    options.faults = faults;
    options.manifestTtl = std::chrono::hours(ttlHours);
    options.http = limits;
    options.caseLease = std::chrono::seconds(caseLeaseS);
    options.caseEvidenceMaxAge = std::chrono::hours(24 * caseEvidenceDays);
    options.passwordHashing =
        passwordCost == "interactive" ? auth::HashLimits::interactive() : auth::HashLimits::moderate();
    options.http.headTimeout = std::chrono::seconds(headTimeoutS);
    options.http.requestTimeout = std::chrono::seconds(requestTimeoutS);
    if (tls.size() == 2) {
        options.tlsCert = tls[0];
        options.tlsKey = tls[1];
    }

    CentralServer server(options);
    auto port = server.bind();
    if (!port) {
        return fail(port.error().detail);
    }
    if (token.empty() && !insecureDemo) {
        auto registered = server.store().devices();
        const bool anyLive = registered && std::any_of(registered->begin(), registered->end(),
                                                       [](const storage::Device& d) { return !d.revokedMs; });
        if (!anyLive) {
            return fail("refusing to serve without authentication: no station is registered (portico-central devices "
                        "add --station ID --port CODE) and no --token; --insecure-demo serves a loopback demo",
                        2);
        }
    }
    if (seedCount > 0) {
        SeedOptions seed;
        seed.port = seedPort;
        seed.count = seedCount;
        seed.photosDir = photos;
        auto seeded = seedManifest(server.store(), seed);
        if (!seeded) {
            return fail("seeding failed: " + seeded.error().detail);
        }
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    spdlog::info("serving with {} storage", storage::engineName(options.store.engine));
    // First line of stdout, read by tests and the demo to find the port.
    std::cout << "listening on " << (server.tls() ? "https" : "http") << "://" << options.host << ":" << port.value()
              << std::endl;

    std::thread watcher([&] {
        while (!g_stop.load(std::memory_order_relaxed)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        server.stop();
    });
    server.serve();
    g_stop.store(true, std::memory_order_relaxed);
    watcher.join();
    return 0;
}
