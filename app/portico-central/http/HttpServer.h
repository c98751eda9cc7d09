// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "http/HttpMessage.h"
#include "http/RequestParser.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace portico::central::http {

/// @brief What the server allows a client (documented in docs/api.md §1.3).
struct ServerLimits {
    ParserLimits parser;
    std::chrono::milliseconds headTimeout{10'000};    ///< accept → end of the request head (TLS handshake included)
    std::chrono::milliseconds requestTimeout{30'000}; ///< accept → end of the body
    std::chrono::milliseconds writeTimeout{10'000};   ///< for the whole response
    std::size_t threads = 16;                         ///< connections served at once
    std::size_t maxConnections = 256;                 ///< served + waiting; more get 503 at once
    std::size_t maxConnectionsPerClient = 32;         ///< per peer address (0 = no cap, e.g. behind a proxy)
};

/// @brief A small, strict HTTP/1.1 server over POSIX sockets and (optionally) OpenSSL: one request per
/// connection (`Connection: close`), deadlines on the head and the whole request however slowly the bytes come,
/// a cap on connections per client address, and a bounded queue. Handlers run on the worker threads.
class HttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    HttpServer(ServerLimits limits, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// @brief Serve HTTPS with this PEM certificate chain and key (TLS 1.2 or later). Call before bind().
    Status useTls(const std::filesystem::path& certChain, const std::filesystem::path& key);
    /// @brief Bind and listen; port 0 picks a free port. Returns the bound port.
    Result<int> bind(const std::string& host, int port);
    /// @brief Accept and serve until stop() (blocking).
    void serve();
    /// @brief Stop accepting, cut connections still sending their request, let requests being handled finish and
    /// answer, then make serve() return. Safe from any thread.
    void stop();
    bool tls() const { return m_ssl != nullptr; }

private:
    struct Connection;
    void acceptLoop();
    void workerLoop();
    void handle(Connection& connection);
    bool admit(const std::string& address);
    void release(const std::string& address);
    /// @brief The request is read: from now on stop() lets it finish. False when stopping already began.
    bool startHandling(int fd);

    ServerLimits m_limits;
    Handler m_handler;
    struct SslCtx;
    std::unique_ptr<SslCtx> m_ssl;
    int m_listenFd = -1;
    int m_wakePipe[2] = {-1, -1};
    std::atomic<bool> m_stopping{false};

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::pair<int, std::string>> m_queue; ///< accepted sockets waiting for a worker, with peer address
    std::map<std::string, std::size_t> m_perClient;
    std::size_t m_open = 0;  ///< queued + being served
    std::set<int> m_reading; ///< sockets a worker is still reading a request from (cut on stop; the others finish)
    std::vector<std::thread> m_workers;
};

} // namespace portico::central::http
