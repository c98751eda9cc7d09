// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <vector>

namespace portico::central {

/// @brief The faults portico-central can inject into an API request.
enum class Fault {
    Unknown = 0,
    None,
    Status500,           ///< 500 without Retry-After, nothing stored
    Status503,           ///< 503 without Retry-After, nothing stored
    Status503RetryAfter, ///< 503 with Retry-After, nothing stored
    Status429,           ///< 429 with Retry-After, nothing stored
    Reset,               ///< work done, half the body sent, then the TCP connection is reset (RST)
    Truncate,            ///< work done, Content-Length announced, fewer bytes sent, connection closed
    Drip,                ///< work done, body sent a few bytes per second (below any sane low-speed limit)
    Delay,               ///< the whole response waits `delayMs` before being sent normally
    Lost,                ///< work done and committed, the connection closed before any response byte
};

/// @brief Parses `--faults "500=0.05,503ra=0.05,429=0.05,reset=0.05,truncate=0.05,drip=0.02,delay=0.05,lost=0.05"`
/// (plus optional `ra=SECONDS`, `delayms=MS`, `seed=N`) and draws one fault per request.
class FaultInjector {
public:
    static Result<FaultInjector> parse(const std::string& spec);
    FaultInjector() = default;
    FaultInjector(FaultInjector&& other) noexcept;

    /// @brief Draw the fault for the next request (thread-safe).
    Fault draw();
    bool enabled() const { return !m_table.empty(); }
    int retryAfterSeconds() const { return m_retryAfterSeconds; }
    std::chrono::milliseconds delay() const { return m_delay; }

private:
    std::vector<std::pair<Fault, double>> m_table;
    int m_retryAfterSeconds = 1;
    std::chrono::milliseconds m_delay{1500};
    std::mutex m_mutex;
    std::mt19937_64 m_rng{20261123};
};

/// @brief Stable name of a fault ("500", "reset", ...).
const char* faultName(Fault fault);

} // namespace portico::central
