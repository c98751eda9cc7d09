// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace portico::central {

struct CentralOptions {
    std::string host = "127.0.0.1";
    int port = 0; ///< 0 = any free port
    std::filesystem::path dataDir;
};

/// @brief The reference central service: HTTP routes over its own data directory.
class CentralServer {
public:
    explicit CentralServer(CentralOptions options);
    ~CentralServer();
    CentralServer(const CentralServer&) = delete;
    CentralServer& operator=(const CentralServer&) = delete;

    /// @brief Bind the socket; returns the bound port.
    Result<int> bind();
    /// @brief Serve until stop() (blocking).
    Status serve();
    void stop();

private:
    void routes();

    CentralOptions m_options;
    std::unique_ptr<httplib::Server> m_server;
};

} // namespace portico::central
