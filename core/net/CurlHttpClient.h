// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "net/HttpClient.h"
#include "net/RetryPolicy.h"
#include "net/Sleeper.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace portico::net {

/// @brief Connection settings for the central service (from the station config).
struct HttpClientOptions {
    std::string baseUrl;         ///< "https://central.example:8443" (no trailing slash)
    std::string bearerToken;     ///< per-workstation token; sent as "Authorization: Bearer ..."
    std::string caFile;          ///< PEM trust anchor(s); empty = the system store
    std::string pinnedPublicKey; ///< "sha256//BASE64[;sha256//...]" of the server's SubjectPublicKeyInfo; empty = none
    bool verifyTls = true;       ///< never false in production (tests of refusal keep it true)
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds requestTimeout{30000}; ///< hard limit on one attempt, start to last byte
    long lowSpeedBytesPerSecond = 256;               ///< abort an attempt slower than this ...
    std::chrono::seconds lowSpeedWindow{5};          ///< ... for this long
    std::size_t maxResponseBytes = 256u << 20;       ///< larger bodies are refused while receiving (decoded bytes)
    RetryPolicy retry;
    std::uint64_t seed = 0; ///< jitter RNG seed (0 = from std::random_device)
    std::string userAgent = "portico-station";
};

/// @brief Counters for tests, benchmarks and the sync status view.
struct HttpClientStats {
    std::uint64_t requests = 0;        ///< send() calls
    std::uint64_t attempts = 0;        ///< transfers started
    std::uint64_t retries = 0;         ///< attempts after the first
    std::uint64_t retryAfterWaits = 0; ///< retries that waited for a server's Retry-After
    std::chrono::milliseconds longestAttempt{0};
    std::chrono::milliseconds longestRetryAfter{0};
};

/// @brief HttpClient over libcurl: timeouts, low-speed limit, TLS verification with public-key pinning, gzip,
/// proxy from the environment (http_proxy/https_proxy/no_proxy, as libcurl reads them), retries with capped
/// full-jitter backoff honouring Retry-After.
///
/// Threads: one client owns one CURL easy handle and serialises send() with a mutex; give each thread that
/// talks to the server its own client. cancel() is safe from any thread.
class CurlHttpClient final : public HttpClient {
public:
    CurlHttpClient(HttpClientOptions options, const Clock& clock, std::shared_ptr<Sleeper> sleeper = nullptr);
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    Result<HttpResponse> send(const HttpRequest& request) override;
    void cancel() override;
    void resetCancel() override;

    /// @brief A snapshot of the counters.
    HttpClientStats stats() const;
    const HttpClientOptions& options() const { return m_options; }

private:
    struct Attempt;
    Result<HttpResponse> attemptOnce(const HttpRequest& request, bool& retryable);

    HttpClientOptions m_options;
    const Clock& m_clock;
    std::shared_ptr<Sleeper> m_sleeper;
    Backoff m_backoff;
    void* m_curl = nullptr; ///< CURL*, kept opaque so curl.h stays out of headers
    std::mutex m_sendMutex;
    mutable std::mutex m_statsMutex;
    HttpClientStats m_stats;
    std::atomic<bool> m_cancelled{false};
};

} // namespace portico::net
