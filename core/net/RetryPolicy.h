// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace portico::net {

/// @brief How often and how long to retry transient failures.
struct RetryPolicy {
    int maxAttempts = 6;                            ///< first try included
    std::chrono::milliseconds baseDelay{250};       ///< backoff before the 2nd attempt (upper bound)
    std::chrono::milliseconds maxDelay{8000};       ///< cap of the exponential bound
    std::chrono::milliseconds maxRetryAfter{60000}; ///< a longer Retry-After ends the retries
    std::chrono::milliseconds totalBudget{120000};  ///< no retry starts after this much time in send()
};

/// @brief Capped exponential backoff with full jitter: delay = uniform(0, min(maxDelay, baseDelay * 2^n)).
class Backoff {
public:
    Backoff(RetryPolicy policy, std::uint64_t seed);
    /// @brief Delay before retry number `retry` (1 = the first retry).
    std::chrono::milliseconds delay(int retry);
    /// @brief The upper bound of delay(retry) (no jitter).
    std::chrono::milliseconds bound(int retry) const;

private:
    RetryPolicy m_policy;
    std::mt19937_64 m_rng;
};

/// @brief Whether a status is worth retrying: 408, 429 and 5xx except 501/505.
bool isRetryableStatus(int status);

/// @brief Parse a Retry-After value: delta-seconds or an HTTP-date (RFC 9110), relative to `now`. Negative
/// dates become 0; garbage gives nullopt.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value, Clock::TimePoint now);

} // namespace portico::net
