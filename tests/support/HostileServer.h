// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace portico::test {

/// @brief One request as the hostile server read it off the socket.
struct RawRequest {
    std::string method;
    std::string target; ///< exactly as sent: "/v1/photos/ph-1?x", percent-encoding untouched
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
    std::string body;
    /// @brief First header with that (lower-case) name, or empty.
    std::string header(std::string_view name) const;
};

/// @brief What the hostile server writes back: `head` verbatim (status line, headers and the blank line: any bytes
/// at all), then `body`, then whatever `more` produces until it returns false (a stream: a huge or endless body,
/// a gzip bomb) with `pause` between its chunks. The connection is closed after the reply.
struct RawReply {
    std::string head;
    std::string body;
    std::function<bool(std::string& chunk)> more;
    std::chrono::milliseconds pause{0};
};

/// @brief A deliberately misbehaving HTTP/1.1 server on 127.0.0.1 for tests: it sends the exact bytes a test
/// gives it, no framework in between (no normalised headers, no automatic compression, no size limits), so a test
/// can play a central service that lies. One connection at a time, closed after each reply.
class HostileServer {
public:
    using Handler = std::function<RawReply(const RawRequest&)>;
    explicit HostileServer(Handler handler);
    ~HostileServer();
    HostileServer(const HostileServer&) = delete;
    HostileServer& operator=(const HostileServer&) = delete;

    /// @brief "http://127.0.0.1:PORT".
    std::string url() const;
    int port() const { return m_port; }
    /// @brief Every request read so far.
    std::vector<RawRequest> requests() const;
    /// @brief Reply bytes the kernel accepted so far (head and body, every connection): how much the client let a
    /// lying server push at it before hanging up.
    std::uint64_t bytesSent() const { return m_bytesSent.load(); }

    /// @brief A head: "HTTP/1.1 <status> <reason>", the headers given, "Connection: close" and, when
    /// contentLength >= 0, "Content-Length: N".
    static std::string head(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                            long long contentLength);
    /// @brief A complete reply with a Content-Length of the body.
    static RawReply reply(int status, std::vector<std::pair<std::string, std::string>> headers, std::string body);

private:
    void run();
    void serve(int fd);
    bool sendAll(int fd, std::string_view bytes);

    Handler m_handler;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_bytesSent{0};
    mutable std::mutex m_mutex;
    std::vector<RawRequest> m_requests;
    std::thread m_thread;
};

} // namespace portico::test
