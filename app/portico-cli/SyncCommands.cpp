// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: outbox report, manifest sync, bench sync.
#include "CentralChild.h"
#include "Commands.h"

#include "common/Clock.h"
#include "config/StationConfig.h"
#include "manifest/ManifestStore.h"
#include "net/CurlHttpClient.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "store/SqliteOutbox.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace portico::cli {
namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

/// Crypto for commands that must open sealed data: the station key file, or a throw-away ring for commands that
/// only read plain columns (the outbox report).
Result<store::Crypto> cryptoFor(const std::string& keyFile) {
    if (keyFile.empty()) {
        return store::Crypto(store::KeyRing::generate());
    }
    auto ring = store::KeyFile::loadOrCreate(keyFile);
    if (!ring) {
        return ring.error();
    }
    return store::Crypto(std::move(ring.value()));
}

class NullAudit final : public store::AuditSink {
public:
    Status append(const store::AuditEvent&) override { return {}; }
};

void benchSync(const std::string& centralExe, int entries, int records, int runs, Context& ctx) {
    namespace fs = std::filesystem;
    const fs::path tmp = fs::temp_directory_path() / ("portico-bench-sync-" + std::to_string(::getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp / "central");
    SystemClock clock;
    const std::string key = readPubkey(centralExe, (tmp / "central").string());
    // A throw-away token, as a deployment would have one: the bench measures the authenticated path.
    const std::string token = "bench-" + std::to_string(::getpid());
    CentralChild central(centralExe, {"--listen", "127.0.0.1:0", "--data", (tmp / "central").string(),
                                      "--seed-manifest", std::to_string(entries), "--token", token});
    if (central.url().empty() || key.empty()) {
        std::cerr << "bench sync: portico-central did not start (" << centralExe << ")\n";
        ctx.exitCode = 1;
        return;
    }
    net::HttpClientOptions options;
    options.baseUrl = central.url();
    options.bearerToken = token;

    // 1. Full sync of the manifest into a fresh station database, `runs` times.
    std::vector<double> syncSeconds;
    std::size_t bodyBytes = 0;
    for (int r = 0; r < runs; ++r) {
        const fs::path dbPath = tmp / ("station-" + std::to_string(r) + ".db");
        auto db = store::Database::open(dbPath);
        if (!db) {
            std::cerr << "bench sync: " << db.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        store::Crypto crypto(store::KeyRing::generate());
        manifest::ManifestStore cache(*db, crypto);
        net::CurlHttpClient http(options, clock);
        sync::ManifestSyncOptions so;
        so.port = "SYS";
        so.fetchPhotos = false;
        sync::ManifestSync ms(http, cache, *manifest::SignatureVerifier::fromBase64(key), clock, so);
        const auto t0 = std::chrono::steady_clock::now();
        auto result = ms.syncOnce();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!result || result->entries != static_cast<std::size_t>(entries)) {
            std::cerr << "bench sync: manifest sync failed: " << (result ? "wrong count" : result.error().detail)
                      << "\n";
            ctx.exitCode = 1;
            return;
        }
        bodyBytes = result->bodyBytes;
        syncSeconds.push_back(s);
    }

    // 2. Catch-up upload of a backlog of `records` inspections.
    const fs::path dbPath = tmp / "backlog.db";
    store::Crypto crypto(store::KeyRing::generate());
    {
        store::OpenOptions fast;
        fast.path = dbPath;
        fast.synchronous = "OFF"; // building the backlog is set-up, not the measured part
        auto db = store::Database::open(fast);
        if (!db) {
            std::cerr << "bench sync: " << db.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        NullAudit audit;
        store::InspectionStore writer(*db, crypto, audit, clock, "WS-BENCH");
        for (int i = 0; i < records; ++i) {
            store::NewInspection n;
            n.officerId = "officer-1";
            n.port = "SYS";
            n.lane = 1;
            n.outcome = inspection::Outcome::Match;
            n.decision = inspection::Decision::Verified;
            n.score = 0.8;
            n.details.threshold = inspection::ThresholdFacts{0.6, 1e-4, std::nullopt, std::nullopt};
            n.modelId = "face-api/faceres-128";
            if (auto rec = writer.record(n); !rec) {
                std::cerr << "bench sync: " << rec.error().detail << "\n";
                ctx.exitCode = 1;
                return;
            }
        }
    }
    auto db = store::Database::open(dbPath);
    if (!db) {
        ctx.exitCode = 1;
        return;
    }
    store::SqliteOutbox outbox(*db, crypto);
    net::CurlHttpClient http(options, clock);
    sync::UploaderOptions uo;
    uo.deviceId = "WS-BENCH";
    uo.batchSize = 200;
    sync::Uploader uploader(http, outbox, clock, uo);
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t acked = 0;
    while (acked < static_cast<std::size_t>(records)) {
        auto step = uploader.drainOnce();
        if (!step || step->failed || step->claimed == 0) {
            std::cerr << "bench sync: upload stalled\n";
            ctx.exitCode = 1;
            return;
        }
        acked += step->acknowledged;
    }
    const double uploadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = records / uploadSeconds;
    const double syncMedian = median(syncSeconds);
    nlohmann::json out = {{"manifest_entries", entries},
                          {"manifest_bytes", bodyBytes},
                          {"full_sync_runs", runs},
                          {"full_sync_median_s", syncMedian},
                          {"full_sync_target_s", 2.0},
                          {"full_sync_vs_target", syncMedian / 2.0},
                          {"backlog_records", records},
                          {"upload_batch", uo.batchSize},
                          {"upload_seconds", uploadSeconds},
                          {"upload_records_per_s", rate},
                          {"upload_target_records_per_s", 500.0},
                          {"upload_vs_target", rate / 500.0}};
    std::cout << out.dump(2) << std::endl;
    fs::remove_all(tmp);
    ctx.exitCode = (syncMedian <= 2.0 && rate >= 500.0) ? 0 : 3;
}

} // namespace

void addSyncCommands(CLI::App& app, Context& ctx) {
    // outbox report
    auto* outbox = app.add_subcommand("outbox", "The upload queue");
    outbox->require_subcommand(1);
    auto* report =
        outbox->add_subcommand("report", "Reconciliation: captured, acknowledged, pending by sequence range");
    static std::string reportDb;
    report->add_option("--db", reportDb, "Station database")->required();
    report->callback([&ctx] {
        store::OpenOptions o;
        o.path = reportDb;
        o.migrate = false;
        if (!std::filesystem::exists(reportDb)) {
            std::cerr << "outbox report: no database at " << reportDb << "\n";
            ctx.exitCode = 1;
            return;
        }
        auto db = store::Database::open(o);
        if (!db) {
            std::cerr << "outbox report: " << db.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        store::Crypto crypto(store::KeyRing::generate()); // the report reads no sealed column
        store::SqliteOutbox box(*db, crypto);
        auto r = box.report();
        if (!r) {
            std::cerr << "outbox report: " << r.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        std::cout << r->toJson() << std::endl;
        // Exit 1 when something is missing: the report proves completeness or says it cannot.
        ctx.exitCode = r->missing.empty() && r->captured == r->acknowledged + r->pending + r->inFlight ? 0 : 1;
    });

    // manifest sync
    auto* manifestCmd = app.add_subcommand("manifest", "The expected-travelers manifest");
    manifestCmd->require_subcommand(1);
    auto* syncCmd = manifestCmd->add_subcommand("sync", "Fetch, verify and apply the port's manifest (full or delta)");
    static std::string db, central, port = "SYS", pubkey, token, ca, pin, keyFile;
    static bool noPhotos = false;
    static bool allowHttp = false;
    syncCmd->add_option("--db", db, "Station database")->required();
    syncCmd->add_option("--central", central, "Central service base URL")->required();
    syncCmd->add_option("--port", port, "Port of entry code")->default_val("SYS");
    syncCmd->add_option("--pubkey", pubkey, "Manifest signing public key (base64)")->required();
    syncCmd->add_option("--token", token, "Workstation bearer token");
    syncCmd->add_option("--ca", ca, "PEM trust anchor for TLS");
    syncCmd->add_option("--pin", pin, "Pinned server public key, sha256//BASE64");
    syncCmd->add_option("--key-file", keyFile, "Station master key file (created if missing)")->required();
    syncCmd->add_flag("--no-photos", noPhotos, "Do not fetch photos");
    syncCmd->add_flag("--allow-http", allowHttp,
                      "Development only: allow plain http:// to a loopback central (127.0.0.1, localhost, [::1])");
    syncCmd->callback([&ctx] {
        // The station's transport rule (docs/api.md §1): https:// with a pinned key; plain http only when asked
        // for, to a loopback central, without a pin.
        if (auto transport = config::checkCentralTransport(central, pin); !transport) {
            const bool loopback = central.starts_with("http://127.0.0.1") || central.starts_with("http://localhost") ||
                                  central.starts_with("http://[::1]");
            if (!(allowHttp && loopback && pin.empty())) {
                std::cerr << "manifest sync: " << transport.error().detail
                          << " (--central needs https:// and --pin; --allow-http for a loopback development server)\n";
                ctx.exitCode = 2;
                return;
            }
        }
        auto dbr = store::Database::open(db);
        if (!dbr) {
            std::cerr << "manifest sync: " << dbr.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        auto crypto = cryptoFor(keyFile);
        if (!crypto) {
            std::cerr << "manifest sync: " << crypto.error().detail << "\n";
            ctx.exitCode = 1;
            return;
        }
        auto verifier = manifest::SignatureVerifier::fromBase64(pubkey);
        if (!verifier) {
            std::cerr << "manifest sync: " << verifier.error().detail << "\n";
            ctx.exitCode = 2;
            return;
        }
        SystemClock clock;
        net::HttpClientOptions o;
        o.baseUrl = central;
        o.bearerToken = token;
        o.caFile = ca;
        o.pinnedPublicKey = pin;
        net::CurlHttpClient http(o, clock);
        manifest::ManifestStore cache(*dbr, *crypto);
        sync::ManifestSyncOptions so;
        so.port = port;
        so.fetchPhotos = !noPhotos;
        sync::ManifestSync ms(http, cache, *verifier, clock, so);
        auto r = ms.syncOnce();
        if (!r) {
            std::cout << nlohmann::json{{"ok", false}, {"error", errorCodeName(r.code())}, {"detail", r.error().detail}}
                             .dump()
                      << std::endl;
            ctx.exitCode = 1;
            return;
        }
        const auto st = ms.status();
        std::cout << nlohmann::json{{"ok", true},
                                    {"kind", r->kind == manifest::ManifestKind::Full ? "full" : "delta"},
                                    {"from_version", r->fromVersion},
                                    {"to_version", r->toVersion},
                                    {"entries_in_document", r->entries},
                                    {"removals", r->removals},
                                    {"photos_fetched", r->photosFetched},
                                    {"photos_refused", r->photosRefused},
                                    {"last_photo_error",
                                     st.lastPhotoError ? nlohmann::json(st.lastPhotoError->detail) : nullptr},
                                    {"entries", st.entries},
                                    {"staleness", st.staleness.text}}
                         .dump()
                  << std::endl;
    });

    // bench sync
    auto* bench = ctx.bench->add_subcommand("sync", "Full manifest sync and backlog upload against portico-central");
    static std::string centralExe;
    static int entries = 10000;
    static int records = 10000;
    static int runs = 3;
    bench->add_option("--central-exe", centralExe, "Path to portico-central")->required();
    bench->add_option("--entries", entries, "Manifest entries (with templates)")->default_val(10000);
    bench->add_option("--records", records, "Backlog of inspection records")->default_val(10000);
    bench->add_option("--runs", runs, "Full-sync repetitions (median reported)")->default_val(3);
    bench->callback([&ctx] { benchSync(centralExe, entries, records, runs, ctx); });
}

} // namespace portico::cli
