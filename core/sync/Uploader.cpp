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
    std::lock_guard lock(m_mutex);
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

Result<DrainStep> Uploader::drainOnce() {
    DrainStep step;
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
    net::HttpRequest req;
    req.method = net::HttpMethod::Post;
    req.path = "/v1/inspections";
    req.idempotent = true; // record ids are permanently unique at the server
    req.body = batchBody(*batch, head ? *head : store::AuditHead{});
    auto res = m_http.send(req);

    std::vector<std::string> all;
    all.reserve(batch->size());
    for (const auto& r : *batch) {
        all.push_back(r.id);
    }
    auto failBatch = [&](Error error, std::optional<std::chrono::milliseconds> retryAfter) -> Result<DrainStep> {
        ++m_consecutiveFailures;
        auto wait = m_backoff.delay(m_consecutiveFailures);
        if (retryAfter && *retryAfter > wait) {
            wait = *retryAfter;
        }
        step.failed = true;
        step.retryAfter = wait;
        auto marked = m_outbox.markFailed(all, error.detail, m_clock.now() + wait);
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

    if (!res) {
        if (res.code() == ErrorCode::Cancelled) {
            (void)m_outbox.markFailed(all, "cancelled", m_clock.now());
            return res.error();
        }
        return failBatch(res.error(), std::nullopt);
    }
    if (res->status != 200) {
        ErrorCode code = res->status == 401   ? ErrorCode::Unauthorized
                         : res->status == 403 ? ErrorCode::Forbidden
                         : res->status == 429 ? ErrorCode::RateLimited
                         : res->status >= 500 ? ErrorCode::ServerError
                                              : ErrorCode::InvalidArgument;
        return failBatch(makeError(code, "inspections upload: HTTP " + std::to_string(res->status)), res->retryAfter);
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(res->body);
    } catch (const std::exception&) {
        return failBatch(makeError(ErrorCode::ServerError, "inspections upload: the answer is not JSON"), std::nullopt);
    }
    if (!doc.is_object() || !doc.contains("results") || !doc["results"].is_array()) {
        return failBatch(makeError(ErrorCode::ServerError, "inspections upload: no results in the answer"),
                         std::nullopt);
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
    std::uint64_t accepted = 0;
    std::uint64_t duplicates = 0;
    std::string lastReason;
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
        if (auto s = m_outbox.markFailed(rejected, "rejected: " + lastReason, after + m_options.rejectedRetry); !s) {
            return s.error();
        }
    }
    if (!unanswered.empty()) {
        if (auto s = m_outbox.markFailed(unanswered, "no verdict in the answer", after + m_backoff.delay(1)); !s) {
            return s.error();
        }
    }
    m_consecutiveFailures = 0;
    step.acknowledged = acked.size();
    step.rejected = rejected.size();
    {
        std::lock_guard lock(m_mutex);
        ++m_status.batches;
        m_status.accepted += accepted;
        m_status.duplicates += duplicates;
        m_status.rejected += rejected.size();
        if (rejected.empty()) {
            m_status.lastError.reset();
        } else {
            m_status.lastError = makeError(ErrorCode::Conflict, "records rejected by the server: " + lastReason);
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
