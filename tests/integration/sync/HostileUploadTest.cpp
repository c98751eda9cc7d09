// SPDX-License-Identifier: GPL-3.0-or-later
// The uploader against a central service that answers POST /v1/inspections with the error statuses of
// docs/api.md §1.1 (support/HostileServer on 127.0.0.1): what the station does with 401, 400, 413 and an absurd
// Retry-After. The station's store, outbox, HTTP client and uploader are the real ones; the clock is advanced by
// hand so "later" comes at once.
#include "Station.h"
#include "net/CurlHttpClient.h"
#include "store/SqliteOutbox.h"
#include "support/HostileServer.h"
#include "support/TestPaths.h"
#include "sync/Uploader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <mutex>
#include <set>

using namespace portico;
using namespace std::chrono_literals;
using portico::test::HostileServer;
using portico::test::RawReply;
using portico::test::RawRequest;

namespace {

/// Accepts every record of a well-formed batch, unless `refuse` gives another reply for it.
RawReply accept(const RawRequest& req) {
    const auto doc = nlohmann::json::parse(req.body);
    nlohmann::json results = nlohmann::json::array();
    for (const auto& r : doc.at("records")) {
        results.push_back({{"id", r.at("id")}, {"status", "accepted"}});
    }
    return HostileServer::reply(200, {{"Content-Type", "application/json"}},
                                nlohmann::json{{"results", results}}.dump());
}

RawReply error(int status, const std::string& code, std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return HostileServer::reply(status, headers,
                                nlohmann::json{{"error", {{"code", code}, {"message", "hostile"}}}}.dump());
}

std::vector<std::string> recordIds(const RawRequest& req) {
    std::vector<std::string> ids;
    const auto doc = nlohmann::json::parse(req.body);
    for (const auto& r : doc.at("records")) {
        ids.push_back(r.at("id").get<std::string>());
    }
    return ids;
}

/// A station with `records` inspections and an uploader aimed at a hostile server.
struct HostileUpload {
    explicit HostileUpload(int records, HostileServer::Handler handler)
        : station(dir.path()), ids(station.record(records)), server(std::move(handler)),
          clock(std::chrono::system_clock::now()), uploaderDb(station.openConnection()),
          outbox(uploaderDb, station.crypto) {
        net::HttpClientOptions o;
        o.baseUrl = server.url();
        o.connectTimeout = 2000ms;
        o.requestTimeout = 10000ms;
        o.retry.maxAttempts = 2;
        o.retry.baseDelay = 10ms;
        o.retry.maxDelay = 20ms;
        o.retry.maxRetryAfter = 2000ms;
        o.seed = 9;
        http = std::make_unique<net::CurlHttpClient>(o, steady);
        sync::UploaderOptions u;
        u.deviceId = station.deviceId;
        u.batchSize = 100;
        u.seed = 4;
        uploader = std::make_unique<sync::Uploader>(*http, outbox, clock, u);
    }
    /// Drain `times`, the clock an hour further each time (every backoff and retry is due again).
    void drainAndWait(int times) {
        for (int i = 0; i < times; ++i) {
            auto step = uploader->drainOnce();
            REQUIRE(step);
            clock.advance(std::chrono::hours(1));
        }
    }
    std::size_t posts() const { return server.requests().size(); }

    portico::test::TempDir dir;
    portico::test::Station station;
    std::vector<std::string> ids;
    HostileServer server;
    ManualClock clock;
    SystemClock steady;
    store::Database uploaderDb;
    store::SqliteOutbox outbox;
    std::unique_ptr<net::CurlHttpClient> http;
    std::unique_ptr<sync::Uploader> uploader;
};

} // namespace

TEST_CASE("hostile central: a 401 stops the uploads at once and tells the officer, and nothing is lost",
          "[integration][sync][hostile]") {
    std::atomic<bool> tokenRevoked{true};
    HostileUpload u(6, [&](const RawRequest& req) {
        if (tokenRevoked) {
            return error(401, "unauthorized", {{"WWW-Authenticate", "Bearer realm=\"portico\""}});
        }
        return accept(req);
    });
    u.drainAndWait(8); // eight hours of a running booth
    CHECK(u.posts() == 1);
    const auto st = u.uploader->status();
    REQUIRE(st.halted);
    CHECK(st.halted->code == ErrorCode::Unauthorized);
    CHECK(st.depth == 6);

    // An operator puts a valid token in place and resumes: everything goes.
    tokenRevoked = false;
    u.uploader->resume();
    u.drainAndWait(1);
    CHECK(u.posts() == 2);
    CHECK_FALSE(u.uploader->status().halted);
    CHECK(u.uploader->status().depth == 0);
}

TEST_CASE("hostile central: 400 and 413 never get the same bytes twice: the batch is split down to the one record, "
          "which is set aside with the reason",
          "[integration][sync][hostile]") {
    const int status = GENERATE(400, 413);
    const std::string code = status == 400 ? "invalid_request" : "batch_too_large";
    std::string poison;
    std::mutex mutex;
    HostileUpload u(9, [&](const RawRequest& req) {
        std::lock_guard lock(mutex);
        const auto ids = recordIds(req);
        if (std::find(ids.begin(), ids.end(), poison) != ids.end()) {
            return error(status, code);
        }
        return accept(req);
    });
    {
        std::lock_guard lock(mutex);
        poison = u.ids[5];
    }
    u.drainAndWait(5);
    const auto requests = u.server.requests();
    std::set<std::string> bodies;
    for (const auto& r : requests) {
        INFO(r.body.substr(0, 200));
        CHECK(bodies.insert(r.body).second); // never the same bytes again
    }
    // 9 → 4 + 5 → ... → the poison alone: a handful of requests, not one per drain for ever.
    CHECK(requests.size() <= 9);
    const auto st = u.uploader->status();
    CHECK(st.accepted == 8);
    CHECK(st.setAside == 1);
    CHECK(st.depth == 1);
    CHECK_FALSE(st.halted);
    auto report = u.outbox.report();
    REQUIRE(report);
    CHECK(report->acknowledged == 8);
    CHECK(report->setAside == 1);
    REQUIRE(report->pendingRanges.size() == 1);
    CHECK(report->pendingRanges[0] == store::SeqRange{6, 6});
    auto why = u.outbox.lastError();
    REQUIRE(why);
    REQUIRE(why->has_value());
    CHECK_THAT(**why, Catch::Contains("set aside") && Catch::Contains(std::to_string(status)) && Catch::Contains(code));
}

TEST_CASE("hostile central: a Retry-After of 27 hours waits 15 minutes at most, and the officer sees when",
          "[integration][sync][hostile]") {
    std::atomic<int> calls{0};
    HostileUpload u(3, [&](const RawRequest& req) {
        if (++calls == 1) {
            return error(429, "rate_limited", {{"Retry-After", "100000"}});
        }
        return accept(req);
    });
    const auto before = u.clock.now();
    auto step = u.uploader->drainOnce();
    REQUIRE(step);
    CHECK(step->failed);
    REQUIRE(step->retryAfter);
    CHECK(*step->retryAfter <= 15min);
    CHECK(*step->retryAfter >= 14min); // the server's wait is honoured, up to the cap
    // What is persisted: every record due within 15 minutes, not in 27 hours.
    auto next = u.outbox.nextAttempt();
    REQUIRE(next);
    REQUIRE(next->has_value());
    CHECK(**next <= before + 15min + 1s);
    const auto st = u.uploader->status();
    REQUIRE(st.nextAttempt);
    CHECK(*st.nextAttempt == **next);
    // Nothing is sent before then; then everything is.
    u.clock.advance(10min);
    REQUIRE(u.uploader->drainOnce());
    CHECK(calls == 1);
    u.clock.advance(6min);
    REQUIRE(u.uploader->drainOnce());
    CHECK(calls == 2);
    CHECK(u.uploader->status().depth == 0);
}
