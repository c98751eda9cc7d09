// SPDX-License-Identifier: GPL-3.0-or-later
#include "Station.h"
#include "net/CurlHttpClient.h"
#include "store/SqliteOutbox.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"
#include "sync/Uploader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

using namespace portico;
using namespace std::chrono_literals;
using portico::test::CentralProcess;

namespace {

constexpr const char* kFullMix = "500=0.05,503=0.03,503ra=0.03,429=0.03,reset=0.05,truncate=0.05,drip=0.02,"
                                 "delay=0.05,lost=0.05,delayms=400";

int portOf(const std::string& url) {
    return std::stoi(url.substr(url.rfind(':') + 1));
}

template <class Pred>
bool waitFor(Pred pred, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(100ms);
    }
    return pred();
}

net::HttpClientOptions clientOptions(const std::string& url) {
    net::HttpClientOptions o;
    o.baseUrl = url;
    o.connectTimeout = 1000ms;
    o.requestTimeout = 4000ms; // the hard limit every attempt must respect
    o.lowSpeedBytesPerSecond = 256;
    o.lowSpeedWindow = 1s;
    o.retry.maxAttempts = 4;
    o.retry.baseDelay = 20ms;
    o.retry.maxDelay = 200ms;
    o.retry.maxRetryAfter = 5000ms;
    o.seed = 11;
    return o;
}

sync::UploaderOptions uploaderOptions(const std::string& deviceId, std::size_t batch) {
    sync::UploaderOptions u;
    u.deviceId = deviceId;
    u.batchSize = batch;
    u.idlePoll = 200ms;
    u.backoff.baseDelay = 50ms;
    u.backoff.maxDelay = 500ms;
    u.seed = 5;
    return u;
}

/// Upload `records` through the fault mix, stop the faults (restart central on the same port without them) and
/// check exactly-once delivery. Returns the HTTP attempts made.
void runFaultMix(int records, std::size_t batch, const std::string& faults, bool report) {
    portico::test::TempDir centralDir;
    portico::test::TempDir stationDir;
    portico::test::Station station(stationDir.path());
    const auto ids = station.record(records);

    auto faulty =
        std::make_unique<CentralProcess>(centralDir.path().string(), std::vector<std::string>{"--faults", faults});
    const std::string url = faulty->url();
    SystemClock clock;
    net::CurlHttpClient http(clientOptions(url), clock);
    auto uploaderDb = station.openConnection();
    store::SqliteOutbox outbox(uploaderDb, station.crypto, 5s);
    sync::Uploader uploader(http, outbox, clock, uploaderOptions(station.deviceId, batch));
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(uploader.start());

    // Phase 1: under faults until about 60 % is acknowledged.
    REQUIRE(uploader.status().depth == records);
    const bool progressed = waitFor(
        [&] {
            const auto st = uploader.status();
            return st.batches > 0 && st.depth <= records * 4 / 10;
        },
        600s);
    CHECK(progressed);
    // Phase 2: the faults stop (central restarts on the same port, same data, no --faults).
    faulty->process().signal(SIGKILL);
    faulty->process().wait();
    faulty.reset();
    CentralProcess clean(centralDir.path().string(), {"--listen", "127.0.0.1:" + std::to_string(portOf(url))});
    REQUIRE(clean.url() == url);
    uploader.wake();
    const bool drained = waitFor([&] { return uploader.status().depth == 0; }, 120s);
    const auto took = std::chrono::steady_clock::now() - started;
    uploader.stop();
    REQUIRE(drained);

    // Exactly one row per record at the central service: 0 lost, 0 duplicated.
    const auto stats = portico::test::centralStats(centralDir.path());
    CHECK(stats.recordsStored == records);
    CHECK(stats.rejects == 0);
    auto report2 = outbox.report();
    REQUIRE(report2);
    CHECK(report2->captured == records);
    CHECK(report2->acknowledged == records);
    CHECK(report2->pending == 0);
    CHECK(report2->inFlight == 0);
    CHECK(report2->missing.empty());
    REQUIRE(report2->acknowledgedRanges.size() == 1);
    CHECK(report2->acknowledgedRanges[0] == store::SeqRange{1, records});

    const auto hs = http.stats();
    const auto us = uploader.status();
    // No attempt outlived the hard timeout (plus scheduling slack).
    CHECK(hs.longestAttempt <= clientOptions(url).requestTimeout + 1000ms);
    // Retry-After was honoured at least once, never beyond its value.
    CHECK(hs.retryAfterWaits > 0);
    CHECK(hs.longestRetryAfter >= 1000ms);
    CHECK(us.accepted + us.duplicates >= static_cast<std::uint64_t>(records));
    CHECK(us.accepted <= static_cast<std::uint64_t>(records));
    if (report) {
        std::cout << "fault mix: records=" << records << " batch=" << batch << " http_attempts=" << hs.attempts
                  << " record_attempts~=" << hs.attempts * batch << " retries=" << hs.retries
                  << " retry_after_waits=" << hs.retryAfterWaits << " failed_batches=" << us.failedBatches
                  << " accepted=" << us.accepted << " duplicates=" << us.duplicates << " stored=" << stats.recordsStored
                  << " server_duplicates=" << stats.duplicatesSeen
                  << " longest_attempt_ms=" << hs.longestAttempt.count()
                  << " seconds=" << std::chrono::duration_cast<std::chrono::seconds>(took).count() << std::endl;
    }
}

} // namespace

TEST_CASE("300 records through the full fault mix arrive exactly once", "[integration][sync][reliability]") {
    runFaultMix(300, 5, kFullMix, true);
}

TEST_CASE("2,000 records through >= 10,000 attempts of the fault mix arrive exactly once",
          "[.][integration][sync][reliability]") {
    // Heavier faults so that each batch of 5 needs ~5 HTTP attempts: 400 batches, >= 2,000 HTTP attempts and
    // >= 10,000 record-attempts.
    runFaultMix(2000, 5,
                "500=0.12,503=0.08,503ra=0.02,429=0.02,reset=0.12,truncate=0.12,drip=0.01,delay=0.05,lost=0.25,"
                "delayms=300",
                true);
}

TEST_CASE("records are acknowledged only on accepted or duplicate, rejected ones stay pending", "[integration][sync]") {
    portico::test::TempDir centralDir;
    portico::test::TempDir stationDir;
    portico::test::Station station(stationDir.path());
    const auto ids = station.record(12);
    CentralProcess central(centralDir.path().string());
    SystemClock clock;
    net::CurlHttpClient http(clientOptions(central.url()), clock);

    // Another station already stored one of these ids with different content: the server must refuse ours.
    {
        net::HttpRequest req;
        req.method = net::HttpMethod::Post;
        req.path = "/v1/inspections";
        req.body = nlohmann::json{{"device_id", "WS-OTHER"},
                                  {"records", {{{"id", ids[3]}, {"device_sequence", 1}, {"payload", {{"x", 1}}}}}}}
                       .dump();
        auto res = http.send(req);
        REQUIRE(res);
        REQUIRE(res->status == 200);
    }
    auto uploaderDb = station.openConnection();
    store::SqliteOutbox outbox(uploaderDb, station.crypto);
    sync::Uploader uploader(http, outbox, clock, uploaderOptions(station.deviceId, 5));
    auto first = uploader.drainOnce(); // sequences 1-5, with the conflicting one
    REQUIRE(first);
    CHECK(first->acknowledged == 4);
    CHECK(first->rejected == 1);
    REQUIRE(uploader.status().lastError);
    CHECK_THAT(uploader.status().lastError->detail, Catch::Contains("id_conflict"));
    for (int i = 0; i < 2; ++i) {
        auto step = uploader.drainOnce();
        REQUIRE(step);
    }
    const auto st = uploader.status();
    CHECK(st.accepted == 11);
    CHECK(st.rejected == 1);
    CHECK(st.depth == 1); // the rejected record is kept, not acknowledged
    auto report = outbox.report();
    REQUIRE(report);
    CHECK(report->acknowledged == 11);
    CHECK(report->pending + report->inFlight == 1);
    REQUIRE(report->pendingRanges.size() == 1);
    CHECK(report->pendingRanges[0] == store::SeqRange{4, 4});
    CHECK(portico::test::centralStats(centralDir.path()).recordsStored == 12); // 11 + the other station's

    // Replaying everything (a lost acknowledgement) changes nothing at the server.
    REQUIRE(outbox.releaseInFlight());
}
