// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/RetryPolicy.h"

#include <catch2/catch.hpp>

#include <set>

using namespace portico::net;
using namespace std::chrono_literals;

TEST_CASE("full-jitter backoff stays within the capped exponential bound", "[unit][net]") {
    RetryPolicy policy;
    policy.baseDelay = 100ms;
    policy.maxDelay = 1000ms;
    Backoff backoff(policy, 42);
    CHECK(backoff.bound(1) == 100ms);
    CHECK(backoff.bound(2) == 200ms);
    CHECK(backoff.bound(4) == 800ms);
    CHECK(backoff.bound(5) == 1000ms);
    CHECK(backoff.bound(60) == 1000ms); // no overflow for large retry counts
    for (int retry = 1; retry <= 10; ++retry) {
        std::set<long> seen;
        for (int i = 0; i < 200; ++i) {
            const auto d = backoff.delay(retry);
            REQUIRE(d >= 0ms);
            REQUIRE(d <= backoff.bound(retry));
            seen.insert(d.count());
        }
        // Full jitter: the delays spread over the range rather than sitting at the bound.
        CHECK(seen.size() > 20);
    }
}

TEST_CASE("backoff is reproducible from its seed", "[unit][net]") {
    Backoff a(RetryPolicy{}, 7);
    Backoff b(RetryPolicy{}, 7);
    Backoff c(RetryPolicy{}, 8);
    bool differs = false;
    for (int i = 1; i < 8; ++i) {
        const auto x = a.delay(i);
        CHECK(x == b.delay(i));
        differs = differs || x != c.delay(i);
    }
    CHECK(differs);
}

TEST_CASE("retryable statuses are 408, 429 and transient 5xx", "[unit][net]") {
    for (int s : {408, 429, 500, 502, 503, 504}) {
        CHECK(isRetryableStatus(s));
    }
    for (int s : {200, 400, 401, 403, 404, 409, 413, 501, 505}) {
        CHECK_FALSE(isRetryableStatus(s));
    }
}

TEST_CASE("Retry-After parses delta-seconds and HTTP dates", "[unit][net]") {
    const auto now = std::chrono::system_clock::from_time_t(784111777); // Sun, 06 Nov 1994 08:49:37 GMT
    CHECK(parseRetryAfter("5", now) == 5000ms);
    CHECK(parseRetryAfter(" 0 ", now) == 0ms);
    CHECK(parseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now) == 10000ms);
    CHECK(parseRetryAfter("Sun, 06 Nov 1994 08:49:27 GMT", now) == 0ms); // in the past: now
    CHECK_FALSE(parseRetryAfter("", now));
    CHECK_FALSE(parseRetryAfter("-3", now));
    CHECK_FALSE(parseRetryAfter("soon", now));
    CHECK_FALSE(parseRetryAfter("1.5", now));
}
