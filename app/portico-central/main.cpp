// SPDX-License-Identifier: GPL-3.0-or-later
// portico-central: composition root of the reference central service.
#include "CentralDb.h"
#include "CentralServer.h"
#include "ManifestSeeder.h"
#include "SigningKey.h"
#include "Version.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace {
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

bool ensureDir(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        std::cerr << "portico-central: cannot create data directory: " << ec.message() << "\n";
        return false;
    }
    return true;
}
} // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("portico-central"));

    CLI::App app{"Portico reference central service (development, demos, tests)"};
    app.set_version_flag("--version", std::string("portico-central ") + portico::versionString());
    std::string listen = "127.0.0.1:0";
    std::string data;
    bool allowRemote = false;
    int seedCount = 0;
    std::string seedPort = "SYS";
    std::string photos;
    std::string faults;
    std::vector<std::string> tls;
    std::string token;
    int ttlHours = 24;
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 = any free port)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--data", data, "Data directory (created if missing)");
    app.add_flag("--allow-non-loopback", allowRemote, "Permit a non-loopback address (never for tests)");
    app.add_option("--seed-manifest", seedCount, "Seed a synthetic manifest of COUNT entries (if the port has none)");
    app.add_option("--port-code", seedPort, "Port of entry code for the seeded manifest")->default_val("SYS");
    app.add_option("--photos", photos, "Folder-per-identity image directory (DIR/<identity>/<n>.jpg) for seeding");
    app.add_option("--faults", faults,
                   "Fault mix, e.g. \"500=0.05,503ra=0.05,429=0.05,reset=0.05,truncate=0.05,"
                   "drip=0.02,delay=0.05,lost=0.05\" (+ ra=SECONDS, delayms=MS, seed=N)");
    app.add_option("--tls", tls, "CERT KEY: serve HTTPS with this PEM certificate and key")->expected(2);
    app.add_option("--token", token, "Require this workstation bearer token on every /v1 route but health");
    app.add_option("--manifest-ttl-hours", ttlHours, "Manifest validity after issue")->default_val(24);

    std::string subData;
    auto* pubkey =
        app.add_subcommand("pubkey", "Print the manifest-signing public key (base64), creating it if needed");
    pubkey->add_option("--data", subData, "Data directory")->required();
    auto* stats = app.add_subcommand("stats", "Print JSON: records stored, duplicates seen, rejects");
    stats->add_option("--data", subData, "Data directory")->required();
    auto* edit = app.add_subcommand("manifest-edit", "Publish a new manifest version (updates, removals, additions)");
    edit->add_option("--data", subData, "Data directory")->required();
    int updates = 0;
    int removals = 0;
    int adds = 0;
    std::uint64_t editSeed = 7;
    edit->add_option("--update", updates, "Entries whose status changes");
    edit->add_option("--remove", removals, "Entries removed");
    edit->add_option("--add", adds, "Entries added");
    edit->add_option("--port-code", seedPort, "Port of entry code")->default_val("SYS");
    edit->add_option("--seed", editSeed, "RNG seed for added entries");
    CLI11_PARSE(app, argc, argv);

    if (pubkey->parsed()) {
        if (!ensureDir(subData)) {
            return 2;
        }
        auto key = portico::central::SigningKey::loadOrCreate(subData);
        if (!key) {
            std::cerr << "portico-central: " << key.error().detail << "\n";
            return 1;
        }
        std::cout << key->publicKeyBase64() << "\n";
        return 0;
    }
    if (stats->parsed() || edit->parsed()) {
        if (!std::filesystem::exists(std::filesystem::path(subData) / "central.db")) {
            std::cerr << "portico-central: no central.db in " << subData << "\n";
            return 1;
        }
        auto db = portico::central::CentralDb::open(std::filesystem::path(subData) / "central.db");
        if (!db) {
            std::cerr << "portico-central: " << db.error().detail << "\n";
            return 1;
        }
        if (edit->parsed()) {
            auto s = portico::central::editManifest(**db, seedPort, updates, removals, adds, editSeed);
            if (!s) {
                std::cerr << "portico-central: " << s.error().detail << "\n";
                return 1;
            }
        }
        auto st = (*db)->stats();
        if (!st) {
            std::cerr << "portico-central: " << st.error().detail << "\n";
            return 1;
        }
        std::cout << nlohmann::json{{"records_stored", st->recordsStored},
                                    {"duplicates_seen", st->duplicatesSeen},
                                    {"rejects", st->rejects},
                                    {"requests", st->requests},
                                    {"inspection_batches", st->inspectionBatches},
                                    {"devices", st->distinctDevices},
                                    {"manifest_version", st->manifestVersion},
                                    {"manifest_entries", st->manifestEntries},
                                    {"photos", st->photos}}
                         .dump(2)
                  << std::endl;
        return 0;
    }

    if (data.empty()) {
        std::cerr << "portico-central: --data is required\n";
        return 2;
    }
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "portico-central: --listen wants HOST:PORT\n";
        return 2;
    }
    portico::central::CentralOptions options;
    options.host = listen.substr(0, colon);
    options.dataDir = data;
    options.token = token;
    options.faults = faults;
    options.manifestTtl = std::chrono::hours(ttlHours);
    if (tls.size() == 2) {
        options.tlsCert = tls[0];
        options.tlsKey = tls[1];
    }
    try {
        options.port = std::stoi(listen.substr(colon + 1));
    } catch (...) {
        std::cerr << "portico-central: bad port in --listen\n";
        return 2;
    }
    if (!isLoopback(options.host) && !allowRemote) {
        std::cerr << "portico-central: refusing to listen on a non-loopback address without --allow-non-loopback\n";
        return 2;
    }
    if (!ensureDir(data)) {
        return 2;
    }

    portico::central::CentralServer server(options);
    auto port = server.bind();
    if (!port) {
        std::cerr << "portico-central: " << port.error().detail << "\n";
        return 1;
    }
    if (seedCount > 0) {
        portico::central::SeedOptions seed;
        seed.port = seedPort;
        seed.count = seedCount;
        seed.photosDir = photos;
        auto seeded = portico::central::seedManifest(server.db(), seed);
        if (!seeded) {
            std::cerr << "portico-central: seeding failed: " << seeded.error().detail << "\n";
            return 1;
        }
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    // First line of stdout, read by tests and the demo to find the port.
    std::cout << "listening on " << (server.tls() ? "https" : "http") << "://" << options.host << ":" << port.value()
              << std::endl;

    std::thread watcher([&] {
        while (!g_stop.load(std::memory_order_relaxed)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        server.stop();
    });
    auto served = server.serve();
    g_stop.store(true, std::memory_order_relaxed);
    watcher.join();
    if (!served) {
        std::cerr << "portico-central: " << served.error().detail << "\n";
        return 1;
    }
    return 0;
}
