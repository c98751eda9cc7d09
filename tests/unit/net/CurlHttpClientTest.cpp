// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/CurlHttpClient.h"
#include "support/HostileServer.h"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <atomic>
#include <thread>

using namespace portico;
using namespace portico::net;
using namespace std::chrono_literals;

namespace {

/// An httplib server on 127.0.0.1 (any port) in a thread, for the duration of a test.
class LoopbackServer {
public:
    LoopbackServer() {
        m_port = m_server.bind_to_any_port("127.0.0.1");
        REQUIRE(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    ~LoopbackServer() {
        m_server.stop();
        m_thread.join();
    }
    httplib::Server& server() { return m_server; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

/// Records the waits instead of sleeping (and can be cancelled).
class RecordingSleeper final : public Sleeper {
public:
    bool sleepFor(std::chrono::milliseconds d) override {
        waits.push_back(d);
        return !cancelled;
    }
    void cancel() override { cancelled = true; }
    void reset() override { cancelled = false; }
    std::vector<std::chrono::milliseconds> waits;
    std::atomic<bool> cancelled{false};
};

HttpClientOptions fastOptions(const std::string& url) {
    HttpClientOptions o;
    o.baseUrl = url;
    o.connectTimeout = 2000ms;
    o.requestTimeout = 5000ms;
    o.retry.maxAttempts = 5;
    o.retry.baseDelay = 10ms;
    o.retry.maxDelay = 50ms;
    o.seed = 1;
    return o;
}

} // namespace

TEST_CASE("transient 503s are retried with backoff until the server answers", "[unit][net]") {
    LoopbackServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls < 3) {
            res.status = 503;
            res.set_content("{}", "application/json");
        } else {
            res.set_content("{\"ok\":true}", "application/json");
        }
    });
    SystemClock clock;
    auto sleeper = std::make_shared<RecordingSleeper>();
    CurlHttpClient client(fastOptions(srv.url()), clock, sleeper);
    auto res = client.send({HttpMethod::Get, "/flaky", {}, {}, "application/json", false});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->attempts == 3);
    CHECK(calls == 3);
    REQUIRE(sleeper->waits.size() == 2);
    CHECK(sleeper->waits[0] <= 10ms);
    CHECK(sleeper->waits[1] <= 20ms);
    CHECK(client.stats().retries == 2);
}

TEST_CASE("a 429 with Retry-After waits at least that long before the next attempt", "[unit][net]") {
    LoopbackServer srv;
    std::atomic<int> calls{0};
    std::chrono::steady_clock::time_point first;
    std::chrono::steady_clock::time_point second;
    srv.server().Get("/limited", [&](const httplib::Request&, httplib::Response& res) {
        if (++calls == 1) {
            first = std::chrono::steady_clock::now();
            res.status = 429;
            res.set_header("Retry-After", "1");
            res.set_content("{}", "application/json");
        } else {
            second = std::chrono::steady_clock::now();
            res.set_content("{}", "application/json");
        }
    });
    SystemClock clock;
    CurlHttpClient client(fastOptions(srv.url()), clock); // the real sleeper
    auto res = client.send({HttpMethod::Get, "/limited", {}, {}, "application/json", false});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(second - first >= 1000ms);
    CHECK(client.stats().retryAfterWaits == 1);
    CHECK(client.stats().longestRetryAfter == 1000ms);
}

TEST_CASE("a Retry-After beyond the policy ends the retries and is reported to the caller", "[unit][net]") {
    LoopbackServer srv;
    std::atomic<int> calls{0};
    srv.server().Get("/later", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 503;
        res.set_header("Retry-After", "3600");
        res.set_content("{}", "application/json");
    });
    SystemClock clock;
    auto sleeper = std::make_shared<RecordingSleeper>();
    CurlHttpClient client(fastOptions(srv.url()), clock, sleeper);
    auto res = client.send({HttpMethod::Get, "/later", {}, {}, "application/json", false});
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(calls == 1);
    REQUIRE(res->retryAfter);
    CHECK(*res->retryAfter == 3600000ms);
    CHECK(sleeper->waits.empty());
}

TEST_CASE("a POST that is not idempotent is never retried", "[unit][net]") {
    LoopbackServer srv;
    std::atomic<int> calls{0};
    srv.server().Post("/once", [&](const httplib::Request&, httplib::Response& res) {
        ++calls;
        res.status = 500;
    });
    SystemClock clock;
    CurlHttpClient client(fastOptions(srv.url()), clock, std::make_shared<RecordingSleeper>());
    auto res = client.send({HttpMethod::Post, "/once", {}, "{}", "application/json", false});
    REQUIRE(res);
    CHECK(res->status == 500);
    CHECK(calls == 1);
}

TEST_CASE("the low-speed limit aborts a dripping response and the hard timeout bounds a stalled one", "[unit][net]") {
    LoopbackServer srv;
    srv.server().Get("/drip", [](const httplib::Request&, httplib::Response& res) {
        res.set_content_provider(10000, "application/octet-stream", [](size_t offset, size_t, httplib::DataSink& sink) {
            for (size_t at = offset; at < 10000 && sink.is_writable(); at += 4) {
                if (!sink.write("abcd", 4)) {
                    return false;
                }
                std::this_thread::sleep_for(250ms);
            }
            return false;
        });
    });
    srv.server().Get("/stall", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(2500ms);
        res.set_content("late", "text/plain");
    });
    SystemClock clock;
    auto options = fastOptions(srv.url());
    options.retry.maxAttempts = 1;
    options.lowSpeedBytesPerSecond = 100;
    options.lowSpeedWindow = 1s;
    options.requestTimeout = 800ms;
    CurlHttpClient client(options, clock);

    auto t0 = std::chrono::steady_clock::now();
    auto drip = client.send({HttpMethod::Get, "/drip", {}, {}, "", false});
    const auto dripTook = std::chrono::steady_clock::now() - t0;
    REQUIRE_FALSE(drip);
    CHECK(drip.code() == ErrorCode::Timeout);
    CHECK(dripTook < 2000ms);

    t0 = std::chrono::steady_clock::now();
    auto stall = client.send({HttpMethod::Get, "/stall", {}, {}, "", false});
    const auto stallTook = std::chrono::steady_clock::now() - t0;
    REQUIRE_FALSE(stall);
    CHECK(stall.code() == ErrorCode::Timeout);
    CHECK(stallTook >= 700ms);
    CHECK(stallTook < 1500ms);
    CHECK(client.stats().longestAttempt < 1500ms);
}

TEST_CASE("responses are gzip-decoded, size-capped, and carry the bearer token", "[unit][net]") {
    LoopbackServer srv;
    const std::string big(200000, 'x');
    std::string seenAuth;
    srv.server().Get("/big", [&](const httplib::Request& req, httplib::Response& res) {
        seenAuth = req.get_header_value("Authorization");
        res.set_content(big, "application/json"); // httplib gzips it when the client accepts gzip
    });
    SystemClock clock;
    auto options = fastOptions(srv.url());
    options.bearerToken = "station-token";
    {
        CurlHttpClient client(options, clock);
        auto res = client.send({HttpMethod::Get, "/big", {}, {}, "", false});
        REQUIRE(res);
        const auto encoding = res->header("content-encoding"); // gzip or brotli, whichever the server prefers
        CHECK((encoding == "gzip" || encoding == "br"));
        CHECK(res->body == big);
        CHECK(seenAuth == "Bearer station-token");
    }
    options.maxResponseBytes = 100000;
    CurlHttpClient capped(options, clock);
    auto res = capped.send({HttpMethod::Get, "/big", {}, {}, "", false});
    REQUIRE_FALSE(res);
    CHECK(res.code() == ErrorCode::InvalidArgument);
}

TEST_CASE("connection refused is retried, then reported as a network error", "[unit][net]") {
    int port = 0;
    {
        LoopbackServer srv; // learn a free port, then close it
        port = std::stoi(srv.url().substr(srv.url().rfind(':') + 1));
    }
    SystemClock clock;
    auto sleeper = std::make_shared<RecordingSleeper>();
    CurlHttpClient client(fastOptions("http://127.0.0.1:" + std::to_string(port)), clock, sleeper);
    auto res = client.send({HttpMethod::Get, "/v1/health", {}, {}, "", false});
    REQUIRE_FALSE(res);
    CHECK(res.code() == ErrorCode::Network);
    CHECK(client.stats().attempts == 5);
    CHECK(sleeper->waits.size() == 4);
}

TEST_CASE("cancel() from another thread ends a transfer in progress", "[unit][net]") {
    LoopbackServer srv;
    srv.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(3000ms);
        res.set_content("late", "text/plain");
    });
    SystemClock clock;
    CurlHttpClient client(fastOptions(srv.url()), clock);
    std::thread canceller([&] {
        std::this_thread::sleep_for(200ms);
        client.cancel();
    });
    const auto t0 = std::chrono::steady_clock::now();
    auto res = client.send({HttpMethod::Get, "/slow", {}, {}, "", false});
    canceller.join();
    REQUIRE_FALSE(res);
    CHECK(res.code() == ErrorCode::Cancelled);
    CHECK(std::chrono::steady_clock::now() - t0 < 2000ms);
}

TEST_CASE("the low-speed abort cuts a dripping answer to a POST as soon as one to a GET", "[unit][net]") {
    // The server reads the request, then answers 4 bytes every 250 ms (16 B/s) for ever.
    portico::test::HostileServer srv([](const portico::test::RawRequest&) {
        portico::test::RawReply r;
        r.head = portico::test::HostileServer::head(200, {{"Content-Type", "application/json"}}, 1 << 20);
        r.more = [](std::string& out) {
            out = "abcd";
            return true;
        };
        r.pause = 250ms;
        return r;
    });
    SystemClock clock;
    auto options = fastOptions(srv.url());
    options.retry.maxAttempts = 1;
    options.lowSpeedBytesPerSecond = 100;
    options.lowSpeedWindow = 1s;
    options.requestTimeout = 20000ms;
    CurlHttpClient client(options, clock);

    auto timed = [&](HttpMethod method, std::string body) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = client.send({method, "/v1/inspections", {}, std::move(body), "application/json", false});
        const auto took = std::chrono::steady_clock::now() - t0;
        REQUIRE_FALSE(r);
        CHECK(r.code() == ErrorCode::Timeout);
        CHECK_THAT(r.error().detail, Catch::Contains("slower than 100 bytes/s"));
        return std::chrono::duration_cast<std::chrono::milliseconds>(took);
    };
    const auto get = timed(HttpMethod::Get, "");
    // A 256 KiB batch: sent at loopback speed, which libcurl's own check kept averaging into the answer's speed.
    const auto post = timed(HttpMethod::Post, std::string(256 * 1024, 'x'));
    INFO("GET cut after " << get.count() << " ms, POST after " << post.count() << " ms");
    CHECK(get < 2500ms);
    CHECK(post < 2500ms);
}
