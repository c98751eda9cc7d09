// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: db, audit, purge, keys, accounts, bench store.
#include "Commands.h"

#include "audit/AuditLog.h"
#include "audit/AuditVerifier.h"
#include "auth/Accounts.h"
#include "common/Clock.h"
#include "policy/Retention.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/KeyRotation.h"
#include "store/Migrations.h"
#include "store/PurgeJob.h"
#include "store/SqliteOutbox.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace portico::cli {
namespace {

namespace fs = std::filesystem;

struct StoreArgs {
    std::string db;
    std::string keyFile;
    std::string now;
    std::string policyFile;
    std::string username;
    std::string displayName;
    std::string role = "officer";
    std::string limits = "moderate";
    std::string expectedHead;
    std::int64_t expectedHeadSeq = 0;
    int n = 1000;
    int photoBytes = 30000;
    std::string checkpoint = "background";
    int checkpointPages = 1000;
};

int fail(const Error& e) {
    std::cerr << "error: " << e.toString() << "\n";
    return e.code == ErrorCode::DatabaseTooNew || e.code == ErrorCode::DatabaseCorrupt ? 3 : 2;
}

/// Open an existing database (never create one by accident from a typo).
Result<store::Database> openExisting(const std::string& path, bool migrate = true) {
    if (!fs::exists(path)) {
        return makeError(ErrorCode::NotFound, "no database at " + path);
    }
    store::OpenOptions o;
    o.path = path;
    o.migrate = migrate;
    store::OpenReport rep;
    auto db = store::Database::open(o, &rep);
    if (db && rep.recoveredFromCorruption) {
        std::cerr << "warning: the database was corrupt; it was moved to " << rep.forensicPath.string()
                  << " and a fresh one was created (" << rep.corruptionDetail << ")\n";
    }
    return db;
}

int dbInfo(const StoreArgs& a) {
    auto db = openExisting(a.db, false);
    if (!db) {
        return fail(db.error());
    }
    nlohmann::json j;
    j["path"] = a.db;
    j["schema_version"] = db->userVersion().valueOr(-1);
    j["schema_latest"] = store::Migrations::latestVersion();
    for (const char* t : {"manifest_entries", "manifest_photos", "manifest_templates", "inspections", "outbox",
                          "review_cases", "accounts", "audit_log"}) {
        j["rows"][t] = db->queryInt64(std::string("SELECT count(*) FROM ") + t).valueOr(-1);
    }
    j["outbox_pending"] = db->queryInt64("SELECT count(*) FROM outbox WHERE state != 'acknowledged'").valueOr(-1);
    j["inspections_with_biometrics"] =
        db->queryInt64("SELECT count(*) FROM inspections WHERE capture_photo IS NOT NULL OR capture_template IS NOT "
                       "NULL")
            .valueOr(-1);
    j["last_device_seq"] = db->queryText("SELECT value FROM meta WHERE key='last_device_seq'").valueOr("");
    j["key_version"] = db->queryText("SELECT value FROM meta WHERE key='key_version'").valueOr("");
    audit::AuditLog log(*db);
    const auto head = log.head();
    j["audit_head_seq"] = head ? head->seq : -1;
    j["audit_head"] = head ? head->hashHex : "";
    j["quick_check"] = db->quickCheck().valueOr("error");
    std::cout << j.dump(2) << "\n";
    return 0;
}

int dbCheck(const StoreArgs& a) {
    auto db = openExisting(a.db, false);
    if (!db) {
        return fail(db.error());
    }
    auto ic = db->integrityCheck();
    if (!ic) {
        return fail(ic.error());
    }
    auto v = audit::AuditVerifier::verify(*db);
    if (!v) {
        return fail(v.error());
    }
    nlohmann::json j = {{"integrity_check", *ic}, {"audit_ok", v->ok}, {"audit_entries", v->entries}};
    if (!v->ok) {
        j["audit_first_bad_seq"] = v->badSeq;
        j["audit_reason"] = v->reason;
    }
    std::cout << j.dump(2) << "\n";
    return *ic == "ok" && v->ok ? 0 : 1;
}

int auditVerify(const StoreArgs& a) {
    auto db = openExisting(a.db, false);
    if (!db) {
        return fail(db.error());
    }
    std::optional<std::string> head;
    std::optional<std::int64_t> headSeq;
    if (!a.expectedHead.empty()) {
        head = a.expectedHead;
    }
    if (a.expectedHeadSeq > 0) {
        headSeq = a.expectedHeadSeq;
    }
    auto v = audit::AuditVerifier::verify(*db, head, headSeq);
    if (!v) {
        return fail(v.error());
    }
    if (v->ok) {
        std::cout << "audit chain ok: " << v->entries << " entries, head " << v->headHex << "\n";
        return 0;
    }
    std::cout << "audit chain BROKEN at entry " << v->badSeq << ": " << v->reason << "\n";
    return 1;
}

int purge(const StoreArgs& a) {
    auto db = openExisting(a.db);
    if (!db) {
        return fail(db.error());
    }
    ManualClock clock(std::chrono::system_clock::now());
    if (!a.now.empty()) {
        auto t = store::parseIso8601(a.now);
        if (!t) {
            return fail(t.error());
        }
        clock.set(*t);
    }
    policy::RetentionPolicy p;
    if (!a.policyFile.empty()) {
        std::ifstream in(a.policyFile);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto parsed = policy::parseRetentionPolicy(text);
        if (!parsed) {
            return fail(parsed.error());
        }
        p = *parsed;
    }
    audit::AuditLog log(*db);
    store::PurgeJob job(*db, log, clock, p);
    auto r = job.run();
    if (!r) {
        return fail(r.error());
    }
    nlohmann::json j = {{"at", store::toIso8601(r->at)},
                        {"inspection_biometrics", r->inspectionBiometrics},
                        {"manifest_photos", r->manifestPhotos},
                        {"manifest_templates", r->manifestTemplates},
                        {"wal_truncated", r->walTruncated}};
    std::cout << j.dump(2) << "\n";
    return 0;
}

int keysRotate(const StoreArgs& a) {
    if (auto s = store::KeyFile::checkOutside(a.keyFile, a.db); !s) {
        return fail(s.error());
    }
    auto db = openExisting(a.db);
    if (!db) {
        return fail(db.error());
    }
    audit::AuditLog log(*db);
    SystemClock clock;
    auto r = store::rotateKeys(*db, a.keyFile, log, clock);
    if (!r) {
        return fail(r.error());
    }
    nlohmann::json j = {{"from_version", r->fromVersion},
                        {"to_version", r->toVersion},
                        {"resealed", r->resealed},
                        {"resumed", r->resumed}};
    std::cout << j.dump(2) << "\n";
    return 0;
}

/// The command line acts as the station's administrator: whoever may open the database file.
const auth::Session kCliAdmin{"admin-cli", auth::Role::Admin, {}};

std::string readPassword() {
    std::string password;
    if (const char* env = std::getenv("PORTICO_PASSWORD")) {
        password = env;
    } else {
        std::getline(std::cin, password);
    }
    return password;
}

int accountsAdd(const StoreArgs& a) {
    const auth::Role role = auth::parseRole(a.role);
    if (role == auth::Role::Unknown) {
        return fail(makeError(ErrorCode::InvalidArgument, "role must be officer, supervisor or admin"));
    }
    const std::string password = readPassword();
    store::OpenReport rep;
    auto db = store::Database::open(a.db, &rep);
    if (!db) {
        return fail(db.error());
    }
    audit::AuditLog log(*db);
    SystemClock clock;
    const auth::HashLimits limits =
        a.limits == "interactive" ? auth::HashLimits::interactive() : auth::HashLimits::moderate();
    auth::Accounts accounts(*db, log, clock, limits);
    if (auto s = accounts.add("admin-cli", a.username, a.displayName, role, password); !s) {
        return fail(s.error());
    }
    std::cout << "account '" << a.username << "' added as " << auth::roleName(role) << "\n";
    return 0;
}

/// Run @p op on the accounts of an existing database; prints @p done on success.
int withAccounts(const StoreArgs& a, const std::function<Status(auth::Accounts&)>& op, const std::string& done) {
    auto db = openExisting(a.db);
    if (!db) {
        return fail(db.error());
    }
    audit::AuditLog log(*db);
    SystemClock clock;
    auth::Accounts accounts(*db, log, clock,
                            a.limits == "interactive" ? auth::HashLimits::interactive() : auth::HashLimits::moderate());
    if (auto s = op(accounts); !s) {
        return fail(s.error());
    }
    if (!done.empty()) {
        std::cout << done << "\n";
    }
    return 0;
}

int accountsList(const StoreArgs& a) {
    return withAccounts(a,
                        [](auth::Accounts& accounts) -> Status {
                            auto listed = accounts.list();
                            if (!listed) {
                                return listed.error();
                            }
                            nlohmann::json out = nlohmann::json::array();
                            for (const auto& acc : listed.value()) {
                                nlohmann::json j = {{"username", acc.username},
                                                    {"display_name", acc.displayName},
                                                    {"role", auth::roleName(acc.role)},
                                                    {"locked", acc.locked},
                                                    {"disabled", acc.disabled},
                                                    {"failed_attempts", acc.failedAttempts},
                                                    {"last_login", nullptr}};
                                if (acc.lastLogin) {
                                    j["last_login"] = store::toIso8601(*acc.lastLogin);
                                }
                                out.push_back(std::move(j));
                            }
                            std::cout << out.dump(2) << "\n";
                            return {};
                        },
                        {});
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto idx = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(idx, v.size() - 1)];
}

int benchStore(const StoreArgs& a) {
    const fs::path dbPath = a.db;
    if (fs::exists(dbPath)) {
        return fail(makeError(ErrorCode::Conflict, "bench store wants a fresh --db path (it writes test records)"));
    }
    const fs::path keyPath = fs::temp_directory_path() / ("portico-bench-" + std::to_string(::getpid()) + ".key");
    auto ring = store::KeyFile::loadOrCreate(keyPath);
    if (!ring) {
        return fail(ring.error());
    }
    if (a.checkpoint != "background" && a.checkpoint != "inline") {
        return fail(makeError(ErrorCode::InvalidArgument, "--checkpoint must be background or inline"));
    }
    store::OpenOptions options;
    options.path = dbPath;
    options.backgroundCheckpoint = a.checkpoint == "background";
    options.checkpointPages = a.checkpointPages;
    auto db = store::Database::open(options);
    if (!db) {
        return fail(db.error());
    }
    store::Crypto crypto(*ring);
    audit::AuditLog log(*db);
    SystemClock clock;
    store::InspectionStore inspections(*db, crypto, log, clock, "bench-station");
    store::NewInspection n;
    n.officerId = "bench";
    n.outcome = inspection::Outcome::Match;
    n.decision = inspection::Decision::Verified;
    n.score = 0.7;
    n.details.threshold = inspection::ThresholdFacts{0.5, 1e-4, std::nullopt, std::nullopt};
    n.capturePhoto.assign(static_cast<std::size_t>(a.photoBytes), 0x42);
    n.captureTemplate.assign(512, 0x17);
    std::vector<double> ours;
    std::vector<double> fsyncRef;
    const fs::path refPath = dbPath.string() + ".fsync-ref";
    const int fd = ::open(refPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char> page(4096, 'r');
    for (int i = 0; i < a.n; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = inspections.record(n);
        const auto t1 = std::chrono::steady_clock::now();
        if (!r) {
            ::close(fd);
            return fail(r.error());
        }
        ours.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        // Reference: the floor of any durable write here — append 4 KiB to a file in the same directory + fsync.
        const auto r0 = std::chrono::steady_clock::now();
        if (fd >= 0 && ::write(fd, page.data(), page.size()) == static_cast<ssize_t>(page.size())) {
            (void)::fsync(fd);
        }
        const auto r1 = std::chrono::steady_clock::now();
        fsyncRef.push_back(std::chrono::duration<double, std::milli>(r1 - r0).count());
    }
    if (fd >= 0) {
        ::close(fd);
    }
    fs::remove(refPath);
    fs::remove(keyPath);
    const double p50 = percentile(ours, 0.5);
    const double p99 = percentile(ours, 0.99);
    const double ref50 = percentile(fsyncRef, 0.5);
    const double ref99 = percentile(fsyncRef, 0.99);
    // One record = one transaction (inspection, outbox row, audit entry, review case) = one WAL sync; the reference
    // is one raw fsync of a 4 KiB append in the same directory, measured between the records.
    nlohmann::json j = {{"n", a.n},
                        {"photo_bytes", a.photoBytes},
                        {"checkpoint", a.checkpoint},
                        {"checkpoint_pages", a.checkpointPages},
                        {"background_checkpoints", db->backgroundCheckpoints()},
                        {"writer_checkpoints_past_bound", db->inlineCheckpoints()},
                        {"record_p50_ms", p50},
                        {"record_p99_ms", p99},
                        {"record_max_ms", percentile(ours, 1.0)},
                        {"raw_fsync_p50_ms", ref50},
                        {"raw_fsync_p99_ms", ref99},
                        {"ratio_p50_to_one_raw_fsync", ref50 > 0 ? p50 / ref50 : 0.0},
                        {"ratio_p99_to_one_raw_fsync", ref99 > 0 ? p99 / ref99 : 0.0},
                        {"target_p99_ms", 16}};
    std::cout << j.dump(2) << "\n";
    return 0;
}

} // namespace

void addStoreCommands(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<StoreArgs>();

    auto* db = app.add_subcommand("db", "Local store: information and integrity");
    db->require_subcommand(1);
    auto* info = db->add_subcommand("info", "Print schema version, row counts, outbox depth and audit head (JSON)");
    info->add_option("--db", args->db, "Database file")->required();
    info->callback([args, &ctx] { ctx.exitCode = dbInfo(*args); });
    auto* check = db->add_subcommand("check", "integrity_check and audit chain; exit 0 when both are whole");
    check->add_option("--db", args->db, "Database file")->required();
    check->callback([args, &ctx] { ctx.exitCode = dbCheck(*args); });

    auto* auditCmd = app.add_subcommand("audit", "Audit log");
    auditCmd->require_subcommand(1);
    auto* verify = auditCmd->add_subcommand("verify", "Verify the hash chain; exit 0 when whole, else 1 naming the "
                                                      "first bad entry");
    verify->add_option("--db", args->db, "Database file")->required();
    verify->add_option("--expect-head", args->expectedHead, "Head hash the central service last received (hex)");
    verify->add_option("--expect-head-seq", args->expectedHeadSeq, "Sequence number of that head");
    verify->callback([args, &ctx] { ctx.exitCode = auditVerify(*args); });

    auto* purgeCmd = app.add_subcommand("purge", "Apply the retention policy now (or at --now) and print the receipt");
    purgeCmd->add_option("--db", args->db, "Database file")->required();
    purgeCmd->add_option("--now", args->now, "Pretend it is this UTC time (ISO 8601, e.g. 2026-11-23T18:00:00Z)");
    purgeCmd->add_option("--policy", args->policyFile, "Retention policy JSON (default: the built-in policy)");
    purgeCmd->callback([args, &ctx] { ctx.exitCode = purge(*args); });

    auto* keys = app.add_subcommand("keys", "Master key management");
    keys->require_subcommand(1);
    auto* rotate = keys->add_subcommand("rotate", "Re-encrypt every sealed value under a new master key "
                                                  "(crash-safe; run with the station stopped)");
    rotate->add_option("--db", args->db, "Database file")->required();
    rotate->add_option("--key-file", args->keyFile, "Master key file (outside the database directory)")->required();
    rotate->callback([args, &ctx] { ctx.exitCode = keysRotate(*args); });

    auto* accounts = app.add_subcommand("accounts", "Local accounts: add, list, disable, enable, unlock, passwd");
    accounts->require_subcommand(1);
    auto* add = accounts->add_subcommand("add", "Add an account; the password comes from PORTICO_PASSWORD or the "
                                                "first line of stdin");
    add->add_option("--db", args->db, "Database file")->required();
    add->add_option("--username", args->username, "User name")->required();
    add->add_option("--role", args->role, "officer, supervisor or admin")->required();
    add->add_option("--display-name", args->displayName, "Name shown in the UI");
    add->add_option("--limits", args->limits, "Argon2id cost: moderate (default) or interactive");
    add->callback([args, &ctx] { ctx.exitCode = accountsAdd(*args); });
    auto* list = accounts->add_subcommand("list", "Every account as JSON: role, locked, disabled, last log-in");
    list->add_option("--db", args->db, "Database file")->required();
    list->callback([args, &ctx] { ctx.exitCode = accountsList(*args); });
    const auto onAccount = [&](const char* name, const char* help,
                               std::function<Status(auth::Accounts&, const std::string&)> op, const char* done) {
        auto* cmd = accounts->add_subcommand(name, help);
        cmd->add_option("--db", args->db, "Database file")->required();
        cmd->add_option("--username", args->username, "User name")->required();
        if (std::string_view(name) == "passwd") {
            cmd->add_option("--limits", args->limits, "Argon2id cost: moderate (default) or interactive");
        }
        cmd->callback([args, &ctx, op, done] {
            ctx.exitCode = withAccounts(
                *args, [&](auth::Accounts& acc) { return op(acc, args->username); },
                "account '" + args->username + "' " + done);
        });
    };
    onAccount(
        "disable", "Disable an account: no log-in until enabled (audited)",
        [](auth::Accounts& acc, const std::string& u) { return acc.setDisabled(kCliAdmin, u, true); }, "disabled");
    onAccount(
        "enable", "Enable a disabled account (audited)",
        [](auth::Accounts& acc, const std::string& u) { return acc.setDisabled(kCliAdmin, u, false); }, "enabled");
    onAccount(
        "unlock", "Unlock an account locked after failed log-ins (audited)",
        [](auth::Accounts& acc, const std::string& u) { return acc.unlock(kCliAdmin, u); }, "unlocked");
    onAccount(
        "passwd", "Set a new password (from PORTICO_PASSWORD or the first line of stdin); clears a lockout (audited)",
        [](auth::Accounts& acc, const std::string& u) { return acc.resetPassword(kCliAdmin, u, readPassword()); },
        "has a new password");

    if (ctx.bench != nullptr) {
        auto* bench = ctx.bench->add_subcommand("store", "Durable inspection write latency (WAL + synchronous=FULL) "
                                                         "against a plain 4 KiB write+fsync in the same directory");
        bench->add_option("--db", args->db, "Fresh database path to write")->required();
        bench->add_option("--n", args->n, "Records to write (default 1000)");
        bench->add_option("--photo-bytes", args->photoBytes, "Capture photo size (default 30000)");
        bench->add_option("--checkpoint", args->checkpoint,
                          "WAL checkpoint: background (default, the store's setting) or inline (SQLite's automatic "
                          "checkpoint inside the committing call)");
        bench->add_option("--checkpoint-pages", args->checkpointPages,
                          "WAL frames that trigger a checkpoint "
                          "(default 1000)");
        bench->callback([args, &ctx] { ctx.exitCode = benchStore(*args); });
    }
}

} // namespace portico::cli
