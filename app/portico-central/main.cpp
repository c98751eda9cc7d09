// SPDX-License-Identifier: GPL-3.0-or-later
// portico-central: composition root of the reference central service.
#include "CentralServer.h"
#include "Version.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace {
portico::central::CentralServer* g_server = nullptr;
volatile std::sig_atomic_t g_stop = 0;
extern "C" void onSignal(int) {
    g_stop = 1;
}

bool isLoopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}
} // namespace

int main(int argc, char** argv) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("portico-central"));

    CLI::App app{"Portico reference central service (development, demos, tests)"};
    app.set_version_flag("--version", std::string("portico-central ") + portico::versionString());
    std::string listen = "127.0.0.1:0";
    std::string data;
    bool allowRemote = false;
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 = any free port)");
    app.add_option("--data", data, "Data directory (created if missing)")->required();
    app.add_flag("--allow-non-loopback", allowRemote, "Permit a non-loopback address (never for tests)");
    CLI11_PARSE(app, argc, argv);

    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "portico-central: --listen wants HOST:PORT\n";
        return 2;
    }
    portico::central::CentralOptions options;
    options.host = listen.substr(0, colon);
    options.dataDir = data;
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
    std::error_code ec;
    std::filesystem::create_directories(options.dataDir, ec);
    if (ec) {
        std::cerr << "portico-central: cannot create data directory: " << ec.message() << "\n";
        return 2;
    }

    portico::central::CentralServer server(options);
    auto port = server.bind();
    if (!port) {
        std::cerr << "portico-central: " << port.error().detail << "\n";
        return 1;
    }
    g_server = &server;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    // First line of stdout, read by tests and the demo to find the port.
    std::cout << "listening on http://" << options.host << ":" << port.value() << std::endl;

    std::thread watcher([&] {
        while (!g_stop) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        server.stop();
    });
    auto served = server.serve();
    g_stop = 1;
    watcher.join();
    if (!served) {
        std::cerr << "portico-central: " << served.error().detail << "\n";
        return 1;
    }
    return 0;
}
