// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "net/HttpClient.h"
#include "net/RetryPolicy.h"
#include "store/Outbox.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace portico::sync {

struct UploaderOptions {
    std::string deviceId;
    std::size_t batchSize = 100;              ///< records per POST (server limit: 500)
    std::chrono::milliseconds idlePoll{2000}; ///< look at the outbox this often when it is empty
    net::RetryPolicy backoff{8, std::chrono::milliseconds(500), std::chrono::milliseconds(60000),
                             std::chrono::milliseconds(3600000), std::chrono::milliseconds(0)};
    std::chrono::minutes rejectedRetry{60}; ///< a rejected record is retried this much later
    /// The longest wait a server may impose (Retry-After): one bad answer must not stall the booth for a day.
    std::chrono::minutes maxServerWait{15};
    std::uint64_t seed = 0; ///< jitter seed (0 = random)
};

/// @brief Upload figures for the UI's sync status and for tests (a snapshot).
struct UploaderStatus {
    std::int64_t depth = 0; ///< pending + in flight
    std::optional<std::chrono::milliseconds> oldestPendingAge;
    std::optional<Clock::TimePoint> lastSuccess;
    std::optional<Error> lastError; ///< last failed batch (cleared by a success)
    std::uint64_t batches = 0;      ///< POSTs answered 200
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t rejected = 0;
    std::uint64_t failedBatches = 0; ///< POSTs that failed (after the client's retries)
    std::uint64_t setAside = 0;      ///< records the server refused alone as malformed or too large (this run)
    std::optional<Clock::TimePoint> nextAttempt; ///< when pending records are next due (for the officer)
    /// Uploads stopped because the server refused this station's credentials (401) or the request (403): nothing
    /// is sent again until resume() (a new token, an operator's action) or a restart. docs/api.md §1.1.
    std::optional<Error> halted;
    bool running = false;
};

/// @brief What one drain step did.
struct DrainStep {
    std::size_t claimed = 0;
    std::size_t acknowledged = 0;
    std::size_t rejected = 0;
    bool failed = false;      ///< the batch failed as a whole (network, 5xx, 429): records back to pending
    bool halted = false;      ///< 401/403: uploads stopped until resume()
    std::size_t splits = 0;   ///< 400/413: a part of the batch was split in two and sent again as two requests
    std::size_t setAside = 0; ///< 400/413 for a single record: set aside with the reason
    std::optional<std::chrono::milliseconds> retryAfter;
};

/// @brief Drains the store's outbox to POST /v1/inspections in batches, on its own std::jthread. A record is
/// marked acknowledged only when the server answers accepted or duplicate for its id; anything else returns it
/// to pending with a backoff. Every batch carries the audit chain head. Error answers are handled as
/// docs/api.md §1.1 says: 401/403 stop the uploads (status().halted) until resume(); 400 and 413 never resend the
/// same bytes: the batch is split in halves down to one record, and a record refused alone is set aside with the
/// reason; 429/5xx/network failures wait (a server's Retry-After is honoured up to maxServerWait).
///
/// Threads: the Outbox and the HttpClient are used only from the uploader's thread while it runs (give it its
/// own Database connection and client); status() and wake() are safe from any thread.
class Uploader {
public:
    Uploader(net::HttpClient& http, store::Outbox& outbox, const Clock& clock, UploaderOptions options);
    ~Uploader(); ///< stops the thread
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    /// @brief Start the worker thread (releases records left in flight by a crash first).
    Status start();
    /// @brief Stop the worker: cancels the transfer in progress and waits for the thread.
    void stop();
    /// @brief New records were committed: drain now instead of at the next poll.
    void wake();
    /// @brief Lift a halt (401/403) and try again now.
    void resume();
    /// @brief One step on the caller's thread (when the worker is not running): claim, send, mark.
    Result<DrainStep> drainOnce();
    UploaderStatus status() const;

private:
    void run(std::stop_token stop);
    void refreshStatus();
    std::chrono::milliseconds capServerWait(std::chrono::milliseconds wait) const;
    std::string batchBody(const std::vector<store::OutboxRecord>& batch, const store::AuditHead& head) const;

    net::HttpClient& m_http;
    store::Outbox& m_outbox;
    const Clock& m_clock;
    UploaderOptions m_options;
    net::Backoff m_backoff;
    int m_consecutiveFailures = 0;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_cv;
    bool m_woken = false;
    UploaderStatus m_status;
    std::jthread m_thread;
};

} // namespace portico::sync
