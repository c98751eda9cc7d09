// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/Uploader.h"

#include "common/Log.h"

#include <nlohmann/json.hpp>

#include <random>
#include <unordered_map>

namespace portico::sync {
namespace {

std::uint64_t seedOf(std::uint64_t seed) {
    if (seed != 0) {
        return seed;
    }
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

} // namespace

Uploader::Uploader(net::HttpClient& http, store::Outbox& outbox, const Clock& clock, UploaderOptions options)
    : m_http(http), m_outbox(outbox), m_clock(clock), m_options(std::move(options)),
      m_backoff(m_options.backoff, seedOf(m_options.seed)) {}

Uploader::~Uploader() {
    stop();
}

Status Uploader::start() {
    if (m_thread.joinable()) {
        return {};
    }
    if (auto s = m_outbox.releaseInFlight(); !s) {
        return s;
    }
    m_http.resetCancel();
    refreshStatus(); // depth is known before the first batch, not 0 by default
    {
        std::lock_guard lock(m_mutex);
        m_status.running = true;
    }
    m_thread = std::jthread([this](std::stop_token st) { run(st); });
    return {};
}

void Uploader::stop() {
    if (!m_thread.joinable()) {
        return;
    }
    m_thread.request_stop();
    m_http.cancel();
    m_cv.notify_all();
    m_thread.join();
    m_http.resetCancel();
    std::lock_guard lock(m_mutex);
    m_status.running = false;
}

void Uploader::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_cv.notify_all();
}

UploaderStatus Uploader::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

void Uploader::refreshStatus() {
    const auto now = m_clock.now();
    auto depth = m_outbox.depth();
    auto oldest = m_outbox.oldestPendingAge(now);
    auto last = m_outbox.lastSuccess();
    auto next = m_outbox.nextAttempt();
    std::lock_guard lock(m_mutex);
    if (next) {
        m_status.nextAttempt = *next;
    }
    if (depth) {
        m_status.depth = *depth;
    }
    if (oldest) {
        m_status.oldestPendingAge = *oldest;
    }
    if (last && last->has_value()) {
        m_status.lastSuccess = *last;
    }
}

std::string Uploader::batchBody(const std::vector<store::OutboxRecord>& batch, const store::AuditHead& head) const {
    nlohmann::json records = nlohmann::json::array();
    for (const auto& r : batch) {
        nlohmann::json payload;
        try {
            payload = nlohmann::json::parse(r.payloadJson);
        } catch (const std::exception&) {
            payload = nlohmann::json::object(); // the server rejects nothing for this; the id still binds it
        }
        records.push_back({{"id", r.id}, {"device_sequence", r.deviceSeq}, {"payload", std::move(payload)}});
    }
    nlohmann::json body = {{"device_id", m_options.deviceId}, {"records", std::move(records)}};
    if (!head.hashHex.empty()) {
        body["audit_head"] = {{"sequence", head.seq}, {"hash", head.hashHex}};
    }
    return body.dump();
}

std::chrono::milliseconds Uploader::capServerWait(std::chrono::milliseconds wait) const {
    return std::min<std::chrono::milliseconds>(wait, m_options.maxServerWait);
}

namespace {

std::vector<std::string> idsOf(const std::vector<store::OutboxRecord>& records) {
    std::vector<std::string> ids;
    ids.reserve(records.size());
    for (const auto& r : records) {
        ids.push_back(r.id);
    }
    return ids;
}

/// The `error.code` of a docs/api.md §1.1 error body, or empty.
std::string errorCodeOf(const std::string& body) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_object() && doc["error"].contains("code") &&
        doc["error"]["code"].is_string()) {
        return doc["error"]["code"].get<std::string>().substr(0, 64);
    }
    return {};
}

} // namespace

void Uploader::resume() {
    {
        std::lock_guard lock(m_mutex);
        m_status.halted.reset();
        m_woken = true;
    }
    m_cv.notify_all();
}

Result<DrainStep> Uploader::drainOnce() {
    DrainStep step;
    {
        std::lock_guard lock(m_mutex);
        if (m_status.halted) {
            step.halted = true; // 401/403: nothing is sent until resume()
            return step;
        }
    }
    const auto now = m_clock.now();
    auto batch = m_outbox.claimBatch(m_options.batchSize, now);
    if (!batch) {
        return batch.error();
    }
    step.claimed = batch->size();
    if (batch->empty()) {
        refreshStatus();
        return step;
    }
    auto head = m_outbox.auditHead();

    // The parts still to send: the batch, or its halves after a 400/413 (docs/api.md §1.1: never the same bytes
    // again). The back is sent next.
    std::vector<std::vector<store::OutboxRecord>> work;
    work.push_back(std::move(*batch));
    auto remainingIds = [&work] {
        std::vector<std::string> ids;
        for (const auto& part : work) {
            auto more = idsOf(part);
            ids.insert(ids.end(), more.begin(), more.end());
        }
        return ids;
    };
    // Everything not yet answered goes back to pending, due after the backoff (or the server's capped wait).
    auto failRest = [&](Error error, std::optional<std::chrono::milliseconds> retryAfter) -> Result<DrainStep> {
        ++m_consecutiveFailures;
        auto wait = m_backoff.delay(m_consecutiveFailures);
        if (retryAfter && *retryAfter > wait) {
            wait = capServerWait(*retryAfter);
        }
        step.failed = true;
        step.retryAfter = wait;
        const auto due = m_clock.now() + wait;
        auto marked = m_outbox.markFailed(remainingIds(), error.detail, due);
        {
            std::lock_guard lock(m_mutex);
            m_status.lastError = error;
            ++m_status.failedBatches;
        }
        refreshStatus();
        if (!marked) {
            return marked.error();
        }
        return step;
    };

    bool answered = false;
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::size_t rejectedCount = 0;
    std::string lastReason;
    while (!work.empty()) {
        const std::vector<store::OutboxRecord>& part = work.back();
        net::HttpRequest req;
        req.method = net::HttpMethod::Post;
        req.path = "/v1/inspections";
        req.idempotent = true; // record ids are permanently unique at the server
        req.body = batchBody(part, head ? *head : store::AuditHead{});
        auto res = m_http.send(req);
        if (!res) {
            if (res.code() == ErrorCode::Cancelled) {
                (void)m_outbox.markFailed(remainingIds(), "cancelled", m_clock.now());
                return res.error();
            }
            return failRest(res.error(), std::nullopt);
        }
        const std::string code = res->status == 200 ? std::string() : errorCodeOf(res->body);
        const std::string what =
            "inspections upload: HTTP " + std::to_string(res->status) + (code.empty() ? std::string() : " " + code);
        if (res->status == 401 || res->status == 403) {
            // The credentials (or the device binding) are refused: retrying cannot help and hammering the server
            // with a bad token is what an attacker does. Stop, keep everything, tell the officer.
            const Error error = makeError(res->status == 401 ? ErrorCode::Unauthorized : ErrorCode::Forbidden, what);
            auto released = m_outbox.markFailed(remainingIds(), error.detail, m_clock.now());
            {
                std::lock_guard lock(m_mutex);
                m_status.halted = error;
                m_status.lastError = error;
                ++m_status.failedBatches;
            }
            log::get("sync")->error("uploads stopped: {}", what);
            step.halted = true;
            refreshStatus();
            if (!released) {
                return released.error();
            }
            return step;
        }
        if (res->status == 400 || res->status == 413) {
            // Malformed or too large: the same bytes would be refused again. Halves, down to one record; a record
            // refused alone is set aside with the reason (kept, counted, never resent by itself).
            std::vector<store::OutboxRecord> records = std::move(work.back());
            work.pop_back();
            if (records.size() > 1) {
                const auto mid = records.begin() + static_cast<std::ptrdiff_t>(records.size() / 2);
                work.emplace_back(std::make_move_iterator(mid), std::make_move_iterator(records.end()));
                work.emplace_back(std::make_move_iterator(records.begin()), std::make_move_iterator(mid));
                ++step.splits;
            } else {
                const std::string reason = what + " for this record alone";
                if (auto s = m_outbox.setAside(idsOf(records), reason); !s) {
                    return s.error();
                }
                ++step.setAside;
                log::get("sync")->warn("record set aside: {}", reason);
                std::lock_guard lock(m_mutex);
                ++m_status.setAside;
                m_status.lastError = makeError(ErrorCode::InvalidArgument, "record set aside: " + reason);
            }
            continue;
        }
        if (res->status != 200) {
            const ErrorCode errorCode = res->status == 429   ? ErrorCode::RateLimited
                                        : res->status >= 500 ? ErrorCode::ServerError
                                                             : ErrorCode::InvalidArgument;
            return failRest(makeError(errorCode, what), res->retryAfter);
        }
        std::vector<store::OutboxRecord> records = std::move(work.back());
        work.pop_back();
        const auto all = idsOf(records);
        nlohmann::json doc = nlohmann::json::parse(res->body, nullptr, false);
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("results") || !doc["results"].is_array()) {
            work.push_back(std::move(records));
            return failRest(makeError(ErrorCode::ServerError, "inspections upload: no results in the answer"),
                            std::nullopt);
        }
        answered = true;
        if (head && head->seq > 0) {
            // Central has seen this head: a log later cut below it is caught here too (AuditVerifier).
            if (auto s = m_outbox.noteAuditHeadUploaded(*head); !s) {
                return s.error();
            }
        }
        std::unordered_map<std::string, std::string> verdicts;
        std::unordered_map<std::string, std::string> reasons;
        for (const auto& r : doc["results"]) {
            if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("status") ||
                !r["status"].is_string()) {
                continue;
            }
            verdicts[r["id"].get<std::string>()] = r["status"].get<std::string>();
            if (r.contains("reason") && r["reason"].is_object() && r["reason"].contains("code") &&
                r["reason"]["code"].is_string()) {
                reasons[r["id"].get<std::string>()] = r["reason"]["code"].get<std::string>();
            }
        }
        std::vector<std::string> acked;
        std::vector<std::string> rejected;
        std::vector<std::string> unanswered;
        for (const auto& id : all) {
            auto it = verdicts.find(id);
            if (it == verdicts.end()) {
                unanswered.push_back(id);
            } else if (it->second == "accepted" || it->second == "duplicate") {
                acked.push_back(id);
                (it->second == "accepted" ? accepted : duplicates) += 1;
            } else {
                rejected.push_back(id);
                lastReason = reasons.count(id) ? reasons[id] : it->second;
            }
        }
        const auto after = m_clock.now();
        if (!acked.empty()) {
            if (auto s = m_outbox.markAcknowledged(acked, after); !s) {
                return s.error();
            }
        }
        if (!rejected.empty()) {
            if (auto s = m_outbox.markFailed(rejected, "rejected: " + lastReason, after + m_options.rejectedRetry);
                !s) {
                return s.error();
            }
        }
        if (!unanswered.empty()) {
            if (auto s = m_outbox.markFailed(unanswered, "no verdict in the answer", after + m_backoff.delay(1)); !s) {
                return s.error();
            }
        }
        step.acknowledged += acked.size();
        step.rejected += rejected.size();
        rejectedCount += rejected.size();
    }
    if (answered) {
        m_consecutiveFailures = 0;
    }
    {
        std::lock_guard lock(m_mutex);
        if (answered) {
            ++m_status.batches;
        }
        m_status.accepted += accepted;
        m_status.duplicates += duplicates;
        m_status.rejected += rejectedCount;
        if (rejectedCount > 0) {
            m_status.lastError = makeError(ErrorCode::Conflict, "records rejected by the server: " + lastReason);
        } else if (step.setAside == 0) {
            m_status.lastError.reset();
        }
    }
    refreshStatus();
    return step;
}

void Uploader::run(std::stop_token stop) {
    refreshStatus();
    while (!stop.stop_requested()) {
        auto step = drainOnce();
        std::chrono::milliseconds wait{0};
        if (step && step->halted) {
            // Stopped (401/403): wait for resume() or stop(), never a timed retry.
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, stop, [this] { return m_woken; });
            m_woken = false;
            continue;
        }
        if (!step) {
            if (step.code() == ErrorCode::Cancelled) {
                break;
            }
            std::lock_guard lock(m_mutex);
            m_status.lastError = step.error();
            wait = std::chrono::milliseconds(1000);
        } else if (step->failed) {
            // The failed records are due again at their next attempt; wait about that long.
            wait = step->retryAfter.value_or(std::chrono::milliseconds(1000));
        } else if (step->claimed == 0) {
            wait = m_options.idlePoll;
        } else if (step->acknowledged == 0 && step->rejected == step->claimed) {
            wait = m_options.idlePoll;
        }
        if (wait.count() > 0) {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, stop, wait, [this] { return m_woken; });
            m_woken = false;
        }
    }
}

} // namespace portico::sync
