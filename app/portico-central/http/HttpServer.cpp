// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/HttpServer.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::central::http {

using SteadyClock = std::chrono::steady_clock;

struct HttpServer::SslCtx {
    SSL_CTX* ctx = nullptr;
    ~SslCtx() { SSL_CTX_free(ctx); }
};

namespace {

std::shared_ptr<spdlog::logger> log() {
    static auto logger = [] {
        auto l = spdlog::get("central.http");
        return l ? l : spdlog::default_logger()->clone("central.http");
    }();
    return logger;
}

/// 1 when `fd` is ready for `events`, 0 at the deadline, -1 on error or hang-up without data.
int waitFd(int fd, short events, SteadyClock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        if (left.count() <= 0) {
            return 0;
        }
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1'000'000)));
        if (r > 0) {
            return (p.revents & (events | POLLHUP | POLLERR)) ? 1 : -1;
        }
        if (r == 0) {
            continue; // re-check the clock
        }
        if (errno != EINTR) {
            return -1;
        }
    }
}

void armReset(int fd) {
    linger l{1, 0}; // close() now sends RST instead of FIN
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

constexpr long kTimedOut = -2;

/// A connection's byte stream: plain TCP or TLS over a non-blocking socket, every call bounded by a deadline.
class Transport {
public:
    explicit Transport(int fd) : m_fd(fd) {}
    virtual ~Transport() = default;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;
    /// Bytes read (> 0), 0 at end of stream, -1 on error, kTimedOut at the deadline.
    virtual long read(char* buf, std::size_t n, SteadyClock::time_point deadline) = 0;
    virtual bool writeAll(std::string_view data, SteadyClock::time_point deadline) = 0;
    virtual void closeNotify() {}
    int fd() const { return m_fd; }

protected:
    int m_fd;
};

class PlainTransport final : public Transport {
public:
    using Transport::Transport;
    long read(char* buf, std::size_t n, SteadyClock::time_point deadline) override {
        while (true) {
            const ssize_t r = ::recv(m_fd, buf, n, 0);
            if (r >= 0) {
                return r;
            }
            if (errno == EINTR) {
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                return -1;
            }
            const int w = waitFd(m_fd, POLLIN, deadline);
            if (w == 0) {
                return kTimedOut;
            }
            if (w < 0) {
                return -1;
            }
        }
    }
    bool writeAll(std::string_view data, SteadyClock::time_point deadline) override {
        while (!data.empty()) {
            const ssize_t r = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (r > 0) {
                data.remove_prefix(static_cast<std::size_t>(r));
                continue;
            }
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitFd(m_fd, POLLOUT, deadline) == 1) {
                continue;
            }
            return false;
        }
        return true;
    }
};

class TlsTransport final : public Transport {
public:
    TlsTransport(int fd, SSL_CTX* ctx) : Transport(fd), m_ssl(SSL_new(ctx)) {
        if (m_ssl != nullptr) {
            SSL_set_fd(m_ssl, fd);
        }
    }
    ~TlsTransport() override { SSL_free(m_ssl); }

    bool handshake(SteadyClock::time_point deadline) {
        if (m_ssl == nullptr) {
            return false;
        }
        while (true) {
            ERR_clear_error();
            const int r = SSL_accept(m_ssl);
            if (r == 1) {
                return true;
            }
            if (!waitFor(SSL_get_error(m_ssl, r), deadline)) {
                return false;
            }
        }
    }
    long read(char* buf, std::size_t n, SteadyClock::time_point deadline) override {
        while (true) {
            ERR_clear_error();
            const int r = SSL_read(m_ssl, buf, static_cast<int>(std::min<std::size_t>(n, 1 << 30)));
            if (r > 0) {
                return r;
            }
            const int e = SSL_get_error(m_ssl, r);
            if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && r == 0)) {
                return 0;
            }
            if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
                return -1;
            }
            const int w = waitFd(m_fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline);
            if (w == 0) {
                return kTimedOut;
            }
            if (w < 0) {
                return -1;
            }
        }
    }
    bool writeAll(std::string_view data, SteadyClock::time_point deadline) override {
        while (!data.empty()) {
            ERR_clear_error();
            const int chunk = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20));
            const int r = SSL_write(m_ssl, data.data(), chunk);
            if (r > 0) {
                data.remove_prefix(static_cast<std::size_t>(r));
                continue;
            }
            if (!waitFor(SSL_get_error(m_ssl, r), deadline)) {
                return false;
            }
        }
        return true;
    }
    void closeNotify() override {
        ERR_clear_error();
        (void)SSL_shutdown(m_ssl);
    }

private:
    bool waitFor(int sslError, SteadyClock::time_point deadline) {
        if (sslError == SSL_ERROR_WANT_READ) {
            return waitFd(m_fd, POLLIN, deadline) == 1;
        }
        if (sslError == SSL_ERROR_WANT_WRITE) {
            return waitFd(m_fd, POLLOUT, deadline) == 1;
        }
        return false;
    }
    SSL* m_ssl = nullptr;
};

std::string httpDate() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

std::string responseHead(const HttpResponse& res) {
    std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " + std::string(reasonPhrase(res.status)) + "\r\n";
    head += "Date: " + httpDate() + "\r\n";
    if (!res.contentType.empty()) {
        head += "Content-Type: " + res.contentType + "\r\n";
    }
    head += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto& [name, value] : res.headers) {
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    return head;
}

std::string peerAddress(const sockaddr_storage& peer) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (peer.ss_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr, buf, sizeof buf);
    } else if (peer.ss_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, buf, sizeof buf);
    }
    return buf;
}

} // namespace

struct HttpServer::Connection {
    int fd = -1;
    std::string address;
};

HttpServer::HttpServer(ServerLimits limits, Handler handler) : m_limits(limits), m_handler(std::move(handler)) {}

HttpServer::~HttpServer() {
    stop();
    for (auto& t : m_workers) {
        if (t.joinable()) {
            t.join();
        }
    }
    if (m_listenFd >= 0) {
        ::close(m_listenFd);
    }
    for (int fd : m_wakePipe) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    for (auto& [fd, address] : m_queue) {
        ::close(fd);
    }
}

Status HttpServer::useTls(const std::filesystem::path& certChain, const std::filesystem::path& key) {
    auto ssl = std::make_unique<SslCtx>();
    ssl->ctx = SSL_CTX_new(TLS_server_method());
    if (ssl->ctx == nullptr || SSL_CTX_set_min_proto_version(ssl->ctx, TLS1_2_VERSION) != 1) {
        return makeError(ErrorCode::TlsRejected, "cannot create a TLS context");
    }
    SSL_CTX_set_mode(ssl->ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ssl->ctx, certChain.c_str()) != 1) {
        return makeError(ErrorCode::TlsRejected, "cannot load the TLS certificate chain " + certChain.string());
    }
    if (SSL_CTX_use_PrivateKey_file(ssl->ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ssl->ctx) != 1) {
        return makeError(ErrorCode::TlsRejected, "cannot load the TLS key " + key.string() + " (or it does not match)");
    }
    m_ssl = std::move(ssl);
    return {};
}

Result<int> HttpServer::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        return makeError(ErrorCode::InvalidArgument, "cannot resolve " + host + ": " + ::gai_strerror(rc));
    }
    std::string why = "no address";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) {
            why = std::strerror(errno);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 1024) != 0) {
            why = std::strerror(errno);
            ::close(fd);
            continue;
        }
        m_listenFd = fd;
        break;
    }
    ::freeaddrinfo(found);
    if (m_listenFd < 0) {
        return makeError(ErrorCode::IoError, "cannot listen on " + host + ":" + service + ": " + why);
    }
    if (::pipe2(m_wakePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return makeError(ErrorCode::IoError, "cannot create the wake-up pipe");
    }
    sockaddr_storage local{};
    socklen_t len = sizeof local;
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&local), &len);
    return static_cast<int>(ntohs(local.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(local).sin6_port
                                                              : reinterpret_cast<sockaddr_in&>(local).sin_port));
}

void HttpServer::serve() {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, m_limits.threads); ++i) {
        m_workers.emplace_back([this] { workerLoop(); });
    }
    acceptLoop();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    for (auto& t : m_workers) {
        t.join();
    }
    m_workers.clear();
}

void HttpServer::stop() {
    std::lock_guard lock(m_mutex);
    if (m_stopping.exchange(true)) {
        return;
    }
    if (m_wakePipe[1] >= 0) {
        const char c = 'x';
        (void)!::write(m_wakePipe[1], &c, 1);
    }
    for (int fd : m_reading) {
        ::shutdown(fd, SHUT_RDWR); // a worker waiting for a slow client returns at once
    }
    m_ready.notify_all();
}

bool HttpServer::admit(const std::string& address) {
    std::lock_guard lock(m_mutex);
    auto& mine = m_perClient[address];
    if (m_open >= m_limits.maxConnections ||
        (m_limits.maxConnectionsPerClient > 0 && mine >= m_limits.maxConnectionsPerClient)) {
        if (mine == 0) {
            m_perClient.erase(address);
        }
        return false;
    }
    ++mine;
    ++m_open;
    return true;
}

void HttpServer::release(const std::string& address) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_perClient.find(address); it != m_perClient.end() && --it->second == 0) {
        m_perClient.erase(it);
    }
    --m_open;
}

bool HttpServer::startHandling(int fd) {
    std::lock_guard lock(m_mutex);
    m_reading.erase(fd);
    return !m_stopping.load();
}

void HttpServer::acceptLoop() {
    while (!m_stopping.load()) {
        pollfd p[2] = {{m_listenFd, POLLIN, 0}, {m_wakePipe[0], POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            log()->error("poll on the listening socket failed: {}", std::strerror(errno));
            return;
        }
        if (p[1].revents != 0) {
            return;
        }
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int fd = ::accept4(m_listenFd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                log()->warn("accept failed: {}; pausing", std::strerror(errno));
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::string address = peerAddress(peer);
        if (!admit(address)) {
            // Over a cap: answer at once without a worker (plain HTTP only; a TLS client just sees the close).
            if (!m_ssl) {
                HttpResponse busy =
                    errorResponse(503, "unavailable", "too many connections from this client or in all; retry");
                busy.headers.emplace_back("Retry-After", "1");
                const std::string bytes = responseHead(busy) + busy.body;
                (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
                ::shutdown(fd, SHUT_WR);
            }
            ::close(fd);
            continue;
        }
        {
            std::lock_guard lock(m_mutex);
            m_queue.emplace_back(fd, std::move(address));
        }
        m_ready.notify_one();
    }
}

void HttpServer::workerLoop() {
    while (true) {
        Connection c;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stopping.load() || !m_queue.empty(); });
            if (m_queue.empty()) {
                return; // stopping
            }
            c.fd = m_queue.front().first;
            c.address = std::move(m_queue.front().second);
            m_queue.pop_front();
            if (m_stopping) {
                ::shutdown(c.fd, SHUT_RDWR);
            }
            m_reading.insert(c.fd);
        }
        try {
            handle(c);
        } catch (const std::exception& e) {
            log()->error("connection handler failed: {}", e.what());
        }
        {
            std::lock_guard lock(m_mutex);
            m_reading.erase(c.fd);
            ::close(c.fd);
        }
        release(c.address);
    }
}

void HttpServer::handle(Connection& c) {
    const auto accepted = SteadyClock::now();
    const auto headDeadline = accepted + m_limits.headTimeout;
    const auto requestDeadline = accepted + m_limits.requestTimeout;

    std::unique_ptr<Transport> transport;
    if (m_ssl) {
        auto tls = std::make_unique<TlsTransport>(c.fd, m_ssl->ctx);
        if (!tls->handshake(std::min(headDeadline, requestDeadline))) {
            return; // nothing can be said to a client without a TLS session
        }
        transport = std::move(tls);
    } else {
        transport = std::make_unique<PlainTransport>(c.fd);
    }

    RequestParser parser(m_limits.parser);
    bool continued = false;
    bool timedOut = false;
    char buf[16 * 1024];
    while (parser.state() == RequestParser::State::Head || parser.state() == RequestParser::State::Body) {
        const auto deadline =
            parser.state() == RequestParser::State::Head ? std::min(headDeadline, requestDeadline) : requestDeadline;
        const long n = transport->read(buf, sizeof buf, deadline);
        if (n == kTimedOut) {
            timedOut = true;
            break;
        }
        if (n <= 0) {
            return; // the client went away before a whole request
        }
        parser.feed(std::string_view(buf, static_cast<std::size_t>(n)));
        if (parser.expectsContinue() && !continued) {
            continued = true;
            if (!transport->writeAll("HTTP/1.1 100 Continue\r\n\r\n", requestDeadline)) {
                return;
            }
        }
    }

    HttpResponse res;
    if (timedOut) {
        res = errorResponse(
            408, "request_timeout",
            parser.state() == RequestParser::State::Head
                ? "the request head did not arrive within " + std::to_string(m_limits.headTimeout.count() / 1000) + " s"
                : "the request did not arrive within " + std::to_string(m_limits.requestTimeout.count() / 1000) + " s");
    } else if (parser.state() == RequestParser::State::Failed) {
        const auto& e = parser.error();
        res = errorResponse(e.status, e.code, e.message);
    } else if (!startHandling(c.fd)) {
        return; // stopping: a request not yet handled is not started
    } else {
        HttpRequest& req = parser.request();
        req.remoteAddress = c.address;
        try {
            res = m_handler(req);
        } catch (const std::exception& e) {
            log()->error("handler failed: {}", e.what());
            res = errorResponse(500, "internal", "the server failed to handle the request");
        }
    }

    const auto writeDeadline = SteadyClock::now() + m_limits.writeTimeout + res.delay;
    const std::string head = responseHead(res);
    switch (res.delivery) {
    case Delivery::Lost:
        armReset(c.fd); // the work is done; the client sees the connection die before a byte
        return;
    case Delivery::Reset:
        (void)transport->writeAll(head + res.body.substr(0, res.body.size() / 2), writeDeadline);
        armReset(c.fd);
        return;
    case Delivery::Truncate:
        (void)transport->writeAll(head + res.body.substr(0, res.body.size() / 2), writeDeadline);
        break;
    case Delivery::Drip: {
        if (!transport->writeAll(head, writeDeadline)) {
            return;
        }
        const auto giveUp = SteadyClock::now() + std::chrono::seconds(60);
        for (std::size_t at = 0; at < res.body.size() && !m_stopping.load() && SteadyClock::now() < giveUp; at += 8) {
            if (!transport->writeAll(std::string_view(res.body).substr(at, 8), giveUp)) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
        return; // cut short after 60 s, like a link that never recovers
    }
    case Delivery::Delay:
        std::this_thread::sleep_for(res.delay);
        [[fallthrough]];
    default:
        if (!transport->writeAll(head + res.body, writeDeadline)) {
            return;
        }
        break;
    }
    // Close gently: a pipelined request or unread body bytes would otherwise make close() send a reset that can
    // destroy the response in flight. Stop writing, read and drop what is left for a moment, then close.
    transport->closeNotify();
    ::shutdown(c.fd, SHUT_WR);
    const auto lingerUntil = SteadyClock::now() + std::chrono::milliseconds(500);
    std::size_t drained = 0;
    while (drained < (256u << 10)) {
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
            drained += static_cast<std::size_t>(n);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ||
            waitFd(c.fd, POLLIN, lingerUntil) != 1) {
            break;
        }
    }
}

} // namespace portico::central::http
