// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace portico::central {

class CentralDb;
class FaultInjector;
class SigningKey;

struct CentralOptions {
    std::string host = "127.0.0.1";
    int port = 0; ///< 0 = any free port
    std::filesystem::path dataDir;
    std::string token;             ///< bearer token required on every /v1 route but health (empty = none)
    std::string faults;            ///< --faults SPEC
    std::filesystem::path tlsCert; ///< PEM certificate (chain) and key: HTTPS when both are set
    std::filesystem::path tlsKey;
    std::chrono::hours manifestTtl{24};
    std::size_t maxBatchRecords = 500;
    std::size_t maxRequestBytes = 8u << 20;
    int threads = 16;
};

/// @brief The reference central service: HTTP routes over its own data directory.
class CentralServer {
public:
    explicit CentralServer(CentralOptions options);
    ~CentralServer();
    CentralServer(const CentralServer&) = delete;
    CentralServer& operator=(const CentralServer&) = delete;

    /// @brief Open the database and keys, bind the socket; returns the bound port.
    Result<int> bind();
    /// @brief Serve until stop() (blocking).
    Status serve();
    void stop();
    bool tls() const { return !m_options.tlsCert.empty(); }
    CentralDb& db() { return *m_db; }

private:
    void routes();

    CentralOptions m_options;
    std::unique_ptr<httplib::Server> m_server;
    std::unique_ptr<CentralDb> m_db;
    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<FaultInjector> m_faults;
};

} // namespace portico::central
