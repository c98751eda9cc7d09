// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/HostileServer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace portico::test {

std::string RawRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

HostileServer::HostileServer(Handler handler) : m_handler(std::move(handler)) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listen < 0) {
        throw std::runtime_error("hostile server: socket() failed");
    }
    const int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0) {
        ::close(m_listen);
        throw std::runtime_error("hostile server: cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { run(); });
}

HostileServer::~HostileServer() {
    m_stop = true;
    if (m_thread.joinable()) {
        m_thread.join();
    }
    ::close(m_listen);
}

std::string HostileServer::url() const {
    return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<RawRequest> HostileServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

std::string HostileServer::head(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                                long long contentLength) {
    std::string h = "HTTP/1.1 " + std::to_string(status) + " Hostile\r\n";
    for (const auto& [k, v] : headers) {
        h += k + ": " + v + "\r\n";
    }
    if (contentLength >= 0) {
        h += "Content-Length: " + std::to_string(contentLength) + "\r\n";
    }
    h += "Connection: close\r\n\r\n";
    return h;
}

RawReply HostileServer::reply(int status, std::vector<std::pair<std::string, std::string>> headers, std::string body) {
    RawReply r;
    r.head = head(status, headers, static_cast<long long>(body.size()));
    r.body = std::move(body);
    return r;
}

void HostileServer::run() {
    while (!m_stop) {
        pollfd p{m_listen, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) {
            continue;
        }
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        // A client that stops reading must not hang the server (nor the test) for ever.
        timeval timeout{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        serve(fd);
        ::close(fd);
    }
}

bool HostileServer::sendAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        if (m_stop) {
            return false;
        }
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        m_bytesSent += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

void HostileServer::serve(int fd) {
    std::string data;
    char buf[16384];
    std::size_t headEnd = std::string::npos;
    while ((headEnd = data.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0 || data.size() > (1u << 20)) {
            return;
        }
        data.append(buf, static_cast<size_t>(n));
    }
    RawRequest req;
    std::size_t lineEnd = data.find("\r\n");
    const std::string requestLine = data.substr(0, lineEnd);
    const auto sp1 = requestLine.find(' ');
    const auto sp2 = requestLine.rfind(' ');
    if (sp1 == std::string::npos || sp2 == sp1) {
        return;
    }
    req.method = requestLine.substr(0, sp1);
    req.target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t at = lineEnd + 2;
    while (at < headEnd) {
        const std::size_t end = data.find("\r\n", at);
        const std::string line = data.substr(at, end - at);
        at = end + 2;
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        req.headers.emplace_back(std::move(name), std::move(value));
    }
    req.body = data.substr(headEnd + 4);
    const std::string length = req.header("content-length");
    const std::size_t want = length.empty() ? 0 : std::stoull(length);
    while (req.body.size() < want) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            return;
        }
        req.body.append(buf, static_cast<size_t>(n));
    }
    {
        std::lock_guard lock(m_mutex);
        m_requests.push_back(req);
    }
    RawReply reply = m_handler(req);
    if (!sendAll(fd, reply.head) || !sendAll(fd, reply.body)) {
        return;
    }
    if (reply.more) {
        std::string chunk;
        while (!m_stop) {
            chunk.clear();
            const bool again = reply.more(chunk);
            if (!chunk.empty() && !sendAll(fd, chunk)) {
                return;
            }
            if (!again) {
                break;
            }
            if (reply.pause.count() > 0) {
                std::this_thread::sleep_for(reply.pause);
            }
        }
    }
    ::shutdown(fd, SHUT_WR);
    // Let the client read what was sent before the socket closes (a close with unread input sends RST).
    pollfd p{fd, POLLIN, 0};
    while (!m_stop && ::poll(&p, 1, 200) > 0 && ::recv(fd, buf, sizeof buf, 0) > 0) {
    }
}

} // namespace portico::test
