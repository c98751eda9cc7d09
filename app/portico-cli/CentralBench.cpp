// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli bench central: the central service's upload throughput and batch latency on SQLite and on PostgreSQL
// with one and two instances, and a full manifest sync from each engine, all in one run on one machine.
#include "CentralChild.h"
#include "Commands.h"

#include "common/Clock.h"
#include "manifest/ManifestStore.h"
#include "net/CurlHttpClient.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "sync/ManifestSync.h"
#include "sync/Uploader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace portico::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct BenchArgs {
    std::string centralExe;
    std::string database; ///< PostgreSQL connection string (empty: SQLite only)
    int records = 100000;
    int stations = 4;
    int batch = static_cast<int>(sync::UploaderOptions{}.batchSize); ///< the station's own batch size
    int entries = 10000;
    int syncRuns = 3;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return 0.0;
    }
    std::sort(v.begin(), v.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(at, v.size() - 1)];
}

/// A record as a station sends it (the shape of store::InspectionStore's payload, synthetic values).
std::string recordJson(const std::string& id, int sequence, int station) {
    json payload = {{"decision", "verified"},
                    {"outcome", "match"},
                    {"score", 0.9123},
                    {"threshold", {{"score", 0.6117}, {"fmr", 1e-4}, {"gallery_size", 120}, {"odds_per_search", 83}}},
                    {"model_id", "faceplugin/arcface-mobilefacenet-512"},
                    {"officer_id", "officer-17"},
                    {"port", "SYS"},
                    {"lane", station},
                    {"appointment_id", "APT-SYS-20261207-" + std::to_string(10000 + sequence % 9000)},
                    {"age_band", "30-49"},
                    {"sex", "F"},
                    {"reasons", json::array()},
                    {"quality", {{"sharpness", 0.71}, {"brightness", 0.52}, {"pose_yaw", 4.1}, {"face_px", 212}}},
                    {"liveness", {{"temporal", 0.93}, {"frames", 18}}},
                    {"captured_at", "2026-12-07T14:00:00Z"},
                    {"decided_at", "2026-12-07T14:00:09Z"}};
    return json{{"id", id}, {"device_sequence", sequence}, {"payload", payload}}.dump();
}

/// Busy and total CPU time of the whole machine so far (jiffies, from /proc/stat): what bounds a run on a small
/// machine is visible as the share of all cores that were busy.
std::pair<double, double> machineCpu() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    in >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    const double busy = user + nice + system + irq + softirq + steal;
    return {busy, busy + idle + iowait};
}

struct UploadFigures {
    double seconds = 0;
    double busyShare = 0; ///< busy CPU / all CPU of the machine during the upload
    std::vector<double> batchMs;
    std::int64_t accepted = 0;
    std::int64_t failures = 0; ///< batches that needed another attempt (the client's own retries included)
};

/// `stations` threads, each a station with `perStation` records sent in batches to its instance.
UploadFigures upload(const std::vector<std::string>& urls, const std::string& token, const std::string& tag,
                     const BenchArgs& a) {
    const int perStation = a.records / a.stations;
    std::vector<UploadFigures> per(static_cast<std::size_t>(a.stations));
    std::vector<std::thread> threads;
    const auto cpu0 = machineCpu();
    const auto t0 = std::chrono::steady_clock::now();
    for (int s = 0; s < a.stations; ++s) {
        threads.emplace_back([&, s] {
            SystemClock clock;
            net::HttpClientOptions o;
            o.baseUrl = urls[static_cast<std::size_t>(s) % urls.size()];
            o.bearerToken = token;
            net::CurlHttpClient http(o, clock);
            auto& f = per[static_cast<std::size_t>(s)];
            const std::string device = "BENCH-" + tag + "-" + std::to_string(s + 1);
            for (int first = 1; first <= perStation; first += a.batch) {
                std::string body = R"({"device_id":")" + device + R"(","audit_head":null,"records":[)";
                const int last = std::min(perStation, first + a.batch - 1);
                for (int seq = first; seq <= last; ++seq) {
                    body += (seq == first ? "" : ",") + recordJson(device + "-" + std::to_string(seq), seq, s + 1);
                }
                body += "]}";
                for (int attempt = 0; attempt < 10; ++attempt) {
                    const auto b0 = std::chrono::steady_clock::now();
                    auto res =
                        http.send({net::HttpMethod::Post, "/v1/inspections", {}, body, "application/json", true});
                    const double ms =
                        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b0).count();
                    if (res && res->status == 200) {
                        f.batchMs.push_back(ms);
                        const auto results = json::parse(res->body).at("results");
                        for (const auto& r : results) {
                            f.accepted += r.at("status") != "rejected" ? 1 : 0;
                        }
                        f.failures += res->attempts - 1;
                        break;
                    }
                    ++f.failures;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    UploadFigures all;
    all.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto cpu1 = machineCpu();
    all.busyShare = cpu1.second > cpu0.second ? (cpu1.first - cpu0.first) / (cpu1.second - cpu0.second) : 0.0;
    for (const auto& f : per) {
        all.batchMs.insert(all.batchMs.end(), f.batchMs.begin(), f.batchMs.end());
        all.accepted += f.accepted;
        all.failures += f.failures;
    }
    return all;
}

/// Full manifest syncs into fresh station databases; median seconds (negative on failure).
double fullSync(const std::string& url, const std::string& token, const std::string& pubkey, const fs::path& tmp,
                const std::string& tag, const BenchArgs& a) {
    std::vector<double> seconds;
    for (int r = 0; r < a.syncRuns; ++r) {
        const fs::path dbPath = tmp / ("station-sync-" + tag + "-" + std::to_string(r) + ".db"); // a fresh station
        auto db = store::Database::open(dbPath);
        if (!db) {
            return -1;
        }
        SystemClock clock;
        store::Crypto crypto(store::KeyRing::generate());
        manifest::ManifestStore cache(*db, crypto);
        net::HttpClientOptions o;
        o.baseUrl = url;
        o.bearerToken = token;
        net::CurlHttpClient http(o, clock);
        sync::ManifestSyncOptions so;
        so.port = "SYS";
        so.fetchPhotos = false;
        auto verifier = manifest::SignatureVerifier::fromBase64(pubkey);
        if (!verifier) {
            return -1;
        }
        sync::ManifestSync ms(http, cache, *verifier, clock, so);
        const auto t0 = std::chrono::steady_clock::now();
        auto result = ms.syncOnce();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        if (!result || result->entries != static_cast<std::size_t>(a.entries)) {
            std::cerr << "bench central: manifest sync failed\n";
            return -1;
        }
    }
    return percentile(seconds, 0.5);
}

json runConfig(const std::string& name, const std::vector<std::vector<std::string>>& instanceArgs,
               const std::string& token, const std::string& pubkey, const fs::path& tmp, const BenchArgs& a, bool& ok) {
    std::vector<std::unique_ptr<CentralChild>> instances;
    std::vector<std::string> urls;
    for (const auto& args : instanceArgs) {
        instances.push_back(std::make_unique<CentralChild>(a.centralExe, args));
        if (instances.back()->url().empty()) {
            std::cerr << "bench central: " << name << ": portico-central did not start\n";
            ok = false;
            return json::object();
        }
        urls.push_back(instances.back()->url());
    }
    const double sync = fullSync(urls.front(), token, pubkey, tmp, name, a);
    const auto up = upload(urls, token, name, a);
    const double rate = static_cast<double>(up.accepted) / up.seconds;
    ok = ok && sync >= 0 && up.accepted == static_cast<std::int64_t>(a.records / a.stations * a.stations);
    return {{"instances", instanceArgs.size()},
            {"records", up.accepted},
            {"upload_seconds", up.seconds},
            {"records_per_s", rate},
            {"batch_ms_p50", percentile(up.batchMs, 0.5)},
            {"batch_ms_p99", percentile(up.batchMs, 0.99)},
            {"retried_attempts", up.failures},
            {"machine_cpu_busy_share", up.busyShare},
            {"full_sync_entries", a.entries},
            {"full_sync_median_s", sync}};
}

void benchCentral(const BenchArgs& a, Context& ctx) {
    const fs::path tmp = fs::temp_directory_path() / ("portico-bench-central-" + std::to_string(::getpid()));
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    const std::string token = "bench-" + std::to_string(::getpid());
    bool ok = true;
    json out = {{"records", a.records},
                {"stations", a.stations},
                {"batch", a.batch},
                {"cores", std::thread::hardware_concurrency()}};

    // SQLite: the embedded engine, one instance (it is one file).
    const std::string pubSqlite = readPubkey(a.centralExe, (tmp / "sqlite").string());
    out["sqlite_1"] = runConfig("sqlite",
                                {{"--listen", "127.0.0.1:0", "--data", (tmp / "sqlite").string(), "--token", token,
                                  "--seed-manifest", std::to_string(a.entries)}},
                                token, pubSqlite, tmp, a, ok);

    if (!a.database.empty()) {
        const fs::path key = tmp / "signing.key";
        const std::string pub = centralFirstLine(a.centralExe, {"keys", "generate", "--out", key.string()});
        if (pub.empty()) {
            std::cerr << "bench central: cannot create a signing key\n";
            ctx.exitCode = 1;
            return;
        }
        const std::vector<std::string> common = {"--listen",      "127.0.0.1:0", "--database", a.database,
                                                 "--signing-key", key.string(),  "--token",    token};
        std::vector<std::string> seeding = common;
        seeding.insert(seeding.end(), {"--seed-manifest", std::to_string(a.entries)});
        out["postgresql_1"] = runConfig("pg1", {seeding}, token, pub, tmp, a, ok);
        out["postgresql_2"] = runConfig("pg2", {common, common}, token, pub, tmp, a, ok);
        const double one = out["postgresql_1"].value("records_per_s", 0.0);
        const double two = out["postgresql_2"].value("records_per_s", 0.0);
        out["postgresql_2_vs_1"] = one > 0 ? two / one : 0.0;
        out["postgresql_2_vs_goal_2000"] = two / 2000.0;
        out["postgresql_full_sync_vs_goal_2s"] = out["postgresql_1"].value("full_sync_median_s", 0.0) / 2.0;
        out["note"] = "the simulated stations, the instances and PostgreSQL share this machine's cores: when "
                      "machine_cpu_busy_share is near 1 the cores, not the number of instances, bound the rate";
    }
    std::cout << out.dump(2) << std::endl;
    fs::remove_all(tmp);
    ctx.exitCode = ok ? 0 : 1;
}

} // namespace

void addCentralBench(Context& ctx) {
    static BenchArgs args;
    auto* bench = ctx.bench->add_subcommand(
        "central", "Upload throughput and p99 batch latency of portico-central: SQLite, PostgreSQL ×1 and ×2");
    bench->add_option("--central-exe", args.centralExe, "Path to portico-central")->required();
    bench->add_option("--database", args.database,
                      "PostgreSQL connection string of an empty scratch database (scripts/bench-central makes one)");
    bench->add_option("--records", args.records, "Backlog uploaded per configuration")->default_val(args.records);
    bench->add_option("--stations", args.stations, "Simulated stations uploading at once")->default_val(args.stations);
    bench->add_option("--batch", args.batch, "Records per batch (the station's own default)")->default_val(args.batch);
    bench->add_option("--entries", args.entries, "Manifest entries for the full-sync figure")
        ->default_val(args.entries);
    bench->callback([&ctx] { benchCentral(args, ctx); });
}

} // namespace portico::cli
