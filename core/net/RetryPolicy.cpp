// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/RetryPolicy.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace portico::net {

Backoff::Backoff(RetryPolicy policy, std::uint64_t seed) : m_policy(policy), m_rng(seed) {}

std::chrono::milliseconds Backoff::bound(int retry) const {
    const int shift = std::clamp(retry - 1, 0, 30);
    const auto base = std::max<std::int64_t>(m_policy.baseDelay.count(), 1);
    const std::int64_t cap = std::max<std::int64_t>(m_policy.maxDelay.count(), 1);
    const std::int64_t exp = base > (cap >> shift) ? cap : base << shift;
    return std::chrono::milliseconds(std::min(cap, exp));
}

std::chrono::milliseconds Backoff::delay(int retry) {
    std::uniform_int_distribution<std::int64_t> dist(0, bound(retry).count());
    return std::chrono::milliseconds(dist(m_rng));
}

bool isRetryableStatus(int status) {
    if (status == 408 || status == 429) {
        return true;
    }
    return status >= 500 && status <= 599 && status != 501 && status != 505;
}

std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value, Clock::TimePoint now) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
        value.remove_suffix(1);
    }
    if (value.empty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::int64_t seconds = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc{} || ptr != value.data() + value.size() || seconds > 86400 * 365) {
            return std::nullopt;
        }
        return std::chrono::milliseconds(seconds * 1000);
    }
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
    std::tm tm{};
    const std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') {
        return std::nullopt;
    }
    const std::time_t when = timegm(&tm);
    const auto at = std::chrono::system_clock::from_time_t(when);
    const auto diff = std::chrono::duration_cast<std::chrono::milliseconds>(at - now);
    return std::max(diff, std::chrono::milliseconds(0));
}

} // namespace portico::net
