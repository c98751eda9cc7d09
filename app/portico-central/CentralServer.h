// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "storage/CentralStore.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace portico::central {

class FaultInjector;
class SigningKey;

struct CentralOptions {
    std::string host = "127.0.0.1";
    int port = 0;                     ///< 0 = any free port
    storage::StoreConfig store;       ///< SQLite file or PostgreSQL connection string
    std::filesystem::path signingKey; ///< provisioned key file (`keys generate`); empty: DATA/signing.key (SQLite)
    std::filesystem::path dataDir;    ///< SQLite mode: where the key is kept when none is provisioned
    std::string token;                ///< a shared bearer token for any device (demo, tests); devices have their own
    bool insecureDemo = false;        ///< no authentication at all (loopback demo only)
    std::string faults;               ///< --faults SPEC
    std::filesystem::path tlsCert;    ///< PEM certificate (chain) and key: HTTPS when both are set
    std::filesystem::path tlsKey;
    std::chrono::hours manifestTtl{24};
    std::size_t maxBatchRecords = 500;
    http::ServerLimits http; ///< request size, deadlines, threads, connection caps
};

/// @brief The reference central service: the protocol's routes (docs/api.md) over its own data directory.
class CentralServer {
public:
    explicit CentralServer(CentralOptions options);
    ~CentralServer();
    CentralServer(const CentralServer&) = delete;
    CentralServer& operator=(const CentralServer&) = delete;

    /// @brief Open the database and keys, bind the socket; returns the bound port.
    Result<int> bind();
    /// @brief Serve until stop() (blocking).
    void serve();
    void stop();
    bool tls() const { return !m_options.tlsCert.empty(); }
    storage::CentralStore& store() { return *m_store; }

private:
    /// Who is calling: a registered device (bound to its id and port), or anyone holding the shared token.
    struct Caller {
        std::string deviceId; ///< empty: any device (shared token or insecure demo)
        std::string port;     ///< empty: any port
    };
    void routes();
    http::HttpResponse handle(const http::HttpRequest& request);
    std::optional<http::HttpResponse> authenticate(const http::HttpRequest& request, Caller& caller);
    http::HttpResponse manifest(const http::HttpRequest& request, const http::PathParams& params, const Caller& caller);
    http::HttpResponse photo(const http::PathParams& params);
    http::HttpResponse inspections(const http::HttpRequest& request, const Caller& caller);

    CentralOptions m_options;
    http::Router<Caller> m_router;
    std::unique_ptr<http::HttpServer> m_server;
    std::unique_ptr<storage::CentralStore> m_store;
    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<FaultInjector> m_faults;
};

} // namespace portico::central
