// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/RawHttp.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::test {

std::string RawReply::errorCode() const {
    const auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("error") || !doc["error"].is_object() ||
        !doc["error"].contains("code") || !doc["error"]["code"].is_string()) {
        return {};
    }
    return doc["error"]["code"].get<std::string>();
}

std::string RawReply::header(std::string_view name) const {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    const std::string want = lower(std::string(name)) + ":";
    std::size_t at = head.find("\r\n");
    while (at != std::string::npos && at + 2 < head.size()) {
        const std::size_t next = head.find("\r\n", at + 2);
        const std::string line = head.substr(at + 2, next == std::string::npos ? std::string::npos : next - at - 2);
        if (lower(line.substr(0, want.size())) == want) {
            std::string value = line.substr(want.size());
            value.erase(0, value.find_first_not_of(" \t"));
            return value;
        }
        at = next;
    }
    return {};
}

int portOfUrl(const std::string& url) {
    return std::stoi(url.substr(url.rfind(':') + 1));
}

RawConnection::RawConnection(int port) {
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

RawConnection::~RawConnection() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

RawReply RawConnection::readReply(std::chrono::milliseconds timeout) {
    RawReply reply;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[65536];
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            reply.closed = true; // FIN or reset
            break;
        }
        reply.raw.append(buf, static_cast<std::size_t>(n));
    }
    const std::size_t end = reply.raw.find("\r\n\r\n");
    reply.head = reply.raw.substr(0, end);
    reply.body = end == std::string::npos ? std::string() : reply.raw.substr(end + 4);
    if (reply.raw.rfind("HTTP/1.1 ", 0) == 0 && reply.raw.size() >= 12) {
        reply.status = std::atoi(reply.raw.substr(9, 3).c_str());
    }
    return reply;
}

RawReply rawExchange(int port, std::string_view bytes, std::chrono::milliseconds timeout) {
    RawConnection c(port);
    if (!c.connected()) {
        return {};
    }
    c.send(bytes);
    return c.readReply(timeout);
}

} // namespace portico::test
