// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace portico::test {

/// @brief What came back on a raw TCP connection: the status line's code (0 if none), head, body, and whether the
/// server closed the connection before the timeout.
struct RawReply {
    int status = 0;
    std::string head;
    std::string body;
    std::string raw;
    bool closed = false;
    /// @brief `error.code` of a JSON error body, or empty.
    std::string errorCode() const;
    /// @brief Value of a response header (case-insensitive name), or empty.
    std::string header(std::string_view name) const;
};

/// @brief Port of an "http://127.0.0.1:PORT" URL.
int portOfUrl(const std::string& url);

/// @brief A TCP connection to 127.0.0.1:port for sending exact bytes (hostile-client tests).
class RawConnection {
public:
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    bool connected() const { return m_fd >= 0; }
    /// @brief Send all bytes; false when the peer closed or reset the connection.
    bool send(std::string_view bytes);
    /// @brief Read until the server closes the connection or `timeout` passes.
    RawReply readReply(std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    int m_fd = -1;
};

/// @brief Send `bytes` on a new connection and read the reply until close or timeout.
RawReply rawExchange(int port, std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(10));

} // namespace portico::test
