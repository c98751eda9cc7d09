// SPDX-License-Identifier: GPL-3.0-or-later
#include "CentralServer.h"

#include "CaseSealer.h"
#include "FaultInjector.h"
#include "SigningKey.h"
#include "Version.h"
#include "common/Sha256.h"
#include "http/JsonBody.h"
#include "manifest/Base64.h"
#include "store/Database.h"

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

namespace portico::central {
namespace {

using http::errorResponse;
using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

std::string isoTime(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// Pre-commit faults: the request fails before any work is done.
std::optional<HttpResponse> preCommitFault(Fault fault, const FaultInjector& faults) {
    const std::string ra = std::to_string(faults.retryAfterSeconds());
    HttpResponse res;
    switch (fault) {
    case Fault::Status500:
        return errorResponse(500, "internal", "injected fault: internal error");
    case Fault::Status503:
        return errorResponse(503, "unavailable", "injected fault: service unavailable");
    case Fault::Status503RetryAfter:
        res = errorResponse(503, "unavailable", "injected fault: service unavailable, retry later");
        res.headers.emplace_back("Retry-After", ra);
        return res;
    case Fault::Status429:
        res = errorResponse(429, "rate_limited", "injected fault: too many requests");
        res.headers.emplace_back("Retry-After", ra);
        return res;
    default:
        return std::nullopt;
    }
}

/// Post-commit faults: the work is done, the answer goes astray on its way.
HttpResponse deliver(HttpResponse res, Fault fault, const FaultInjector& faults) {
    switch (fault) {
    case Fault::Delay:
        res.delivery = http::Delivery::Delay;
        res.delay = faults.delay();
        break;
    case Fault::Lost:
        res.delivery = http::Delivery::Lost;
        break;
    case Fault::Reset:
        res.delivery = http::Delivery::Reset;
        break;
    case Fault::Truncate:
        res.delivery = http::Delivery::Truncate;
        break;
    case Fault::Drip:
        res.delivery = http::Delivery::Drip;
        break;
    default:
        break;
    }
    return res;
}

bool validRecordId(const std::string& id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
}

bool isHex64(const std::string& s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// RFC 6750 b64token.
bool isBearerToken(std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
               c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
    });
}

/// A sequence number as the protocol allows it: an integer in 1 … 2^63-1 (stored as a signed 64-bit column).
std::optional<std::int64_t> sequenceOf(const json& v, bool allowZero) {
    if (!v.is_number_unsigned() && !v.is_number_integer()) {
        return std::nullopt;
    }
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || (u == 0 && !allowZero)) {
            return std::nullopt;
        }
        return static_cast<std::int64_t>(u);
    }
    const auto i = v.get<std::int64_t>();
    if (i < 0 || (i == 0 && !allowZero)) {
        return std::nullopt;
    }
    return i;
}

} // namespace

CentralServer::CentralServer(CentralOptions options) : m_options(std::move(options)) {
    m_faults = std::make_unique<FaultInjector>();
    m_server =
        std::make_unique<http::HttpServer>(m_options.http, [this](const HttpRequest& req) { return handle(req); });
    routes();
}

CentralServer::~CentralServer() {
    stop();
    if (m_purger.joinable()) {
        m_purger.join();
    }
}

void CentralServer::routes() {
    m_router.add("GET", "/v1/health", [](const HttpRequest&, const http::PathParams&, const Caller&) {
        return http::jsonResponse(
            200,
            json{{"status", "ok"}, {"service", "portico-central"}, {"version", versionString()}, {"api", "v1"}}.dump());
    });
    m_router.add("GET", "/v1/ports/{port:16}/manifest",
                 [this](const HttpRequest& req, const http::PathParams& p, const Caller& caller) {
                     return manifest(req, p, caller);
                 });
    m_router.add("GET", "/v1/photos/{id:64}",
                 [this](const HttpRequest&, const http::PathParams& p, const Caller&) { return photo(p); });
    m_router.add("POST", "/v1/inspections",
                 [this](const HttpRequest& req, const http::PathParams&, const Caller& caller) {
                     return inspections(req, caller);
                 });
    reviewRoutes();
}

HttpResponse CentralServer::handle(const HttpRequest& req) {
    Caller caller;
    const bool logIn = req.path == "/v1/sessions"; // a person proves who they are with the request itself
    if (req.path != "/v1/health" && !logIn) {
        if (auto refused = authenticate(req, caller)) {
            return *refused;
        }
        (void)m_store->countRequest();
    }
    // Booths and people have separate doors: a device token never reads a case, a person never uploads records.
    const bool reviewPath =
        req.path.starts_with("/v1/sessions/") ||
        (req.path.starts_with("/v1/ports/") && (req.path.find("/cases") != std::string::npos ||
                                                req.path.ends_with("/monitoring") || req.path.ends_with("/trends")));
    if (reviewPath && caller.person.empty()) {
        return errorResponse(403, "forbidden", "a supervisor's session is needed: device tokens cannot read cases");
    }
    if (!caller.person.empty() && req.path == "/v1/inspections") {
        return errorResponse(403, "forbidden", "inspection records come from stations, not from people");
    }
    return m_router.dispatch(req, caller);
}

std::optional<HttpResponse> CentralServer::authenticate(const HttpRequest& req, Caller& caller) {
    if (const auto got = req.header("authorization").value_or("");
        got.starts_with("Bearer pcs1_") && isBearerToken(got.substr(7)) && got.size() <= 7 + 512) {
        return authenticatePerson(got.substr(7), caller); // a person's session, in demo mode too: a name is needed
    }
    if (m_options.insecureDemo) {
        return std::nullopt;
    }
    auto refuse = [](const std::string& why) {
        HttpResponse res = errorResponse(401, "unauthorized", why);
        res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"portico\"");
        return res;
    };
    // Only "Bearer <b64token>" (RFC 6750); the shared token compared in constant time, a device token by its hash.
    const auto got = req.header("authorization").value_or("");
    const std::string_view scheme = "Bearer ";
    if (got.size() <= scheme.size() || got.substr(0, scheme.size()) != scheme ||
        !isBearerToken(got.substr(scheme.size())) || got.size() - scheme.size() > 512) {
        return refuse("a valid bearer token is required");
    }
    const std::string_view token = got.substr(scheme.size());
    if (!m_options.token.empty() && token.size() == m_options.token.size() &&
        sodium_memcmp(token.data(), m_options.token.data(), token.size()) == 0) {
        return std::nullopt; // the shared token: any device
    }
    auto device = m_store->deviceForToken(sha256Hex(token));
    if (!device) {
        HttpResponse res = errorResponse(503, "storage_unavailable", "cannot check the token; retry");
        res.headers.emplace_back("Retry-After", "1");
        return res;
    }
    if (!device->has_value()) {
        return refuse("unknown token");
    }
    if ((*device)->revokedMs) {
        return refuse("this device's token was revoked");
    }
    caller.deviceId = (*device)->deviceId;
    caller.port = (*device)->port;
    return std::nullopt;
}

HttpResponse CentralServer::manifest(const HttpRequest& req, const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    if (!caller.port.empty() && caller.port != port) {
        return errorResponse(403, "forbidden", "this device belongs to another port");
    }
    std::string why;
    const auto query = http::parseQuery(req.query, {"since"}, why);
    if (!query) {
        return errorResponse(400, "invalid_request", why);
    }
    std::int64_t since = 0;
    if (const auto it = query->find("since"); it != query->end()) {
        const std::string& s = it->second;
        if (s.empty() || s.size() > 18 ||
            !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return errorResponse(400, "invalid_request", "since must be a non-negative integer");
        }
        since = std::stoll(s);
    }
    const Fault fault = m_faults->draw();
    if (auto res = preCommitFault(fault, *m_faults)) {
        return *res;
    }
    auto known = m_store->hasPort(port);
    if (!known) {
        return errorResponse(503, "storage_unavailable", "cannot read the manifest; retry");
    }
    if (!*known) {
        return errorResponse(404, "unknown_port", "no manifest for port " + port);
    }
    auto version = m_store->manifestVersion();
    if (!version) {
        return errorResponse(503, "storage_unavailable", "cannot read the manifest version; retry");
    }
    if (since > *version) {
        return errorResponse(409, "version_ahead",
                             "since=" + std::to_string(since) + " is newer than the current version " +
                                 std::to_string(*version) + "; request a full manifest");
    }
    auto rows = m_store->entriesSince(port, since);
    if (!rows) {
        return errorResponse(503, "storage_unavailable", "cannot read the manifest; retry");
    }
    const auto now = std::chrono::system_clock::now();
    json head = {{"format", "portico-manifest"},
                 {"schema", 1},
                 {"port", port},
                 {"kind", since == 0 ? "full" : "delta"},
                 {"version", *version},
                 {"base_version", since == 0 ? json(nullptr) : json(since)},
                 {"issued_at", isoTime(now)},
                 {"expires_at", isoTime(now + m_options.manifestTtl)},
                 {"key_id", m_key->keyId()}};
    std::string body = head.dump();
    body.pop_back(); // reopen the object to splice the entries in without re-serialising them
    body += ",\"entries\":[";
    std::string removals = "],\"removals\":[";
    bool firstEntry = true;
    bool firstRemoval = true;
    for (const auto& row : *rows) {
        if (row.removed) {
            removals += firstRemoval ? "" : ",";
            removals += json(row.appointmentId).dump();
            firstRemoval = false;
        } else {
            body += firstEntry ? "" : ",";
            body += row.json;
            firstEntry = false;
        }
    }
    body += removals + "]}";
    const auto sig = m_key->sign(body);
    HttpResponse res = http::jsonResponse(200, std::move(body));
    res.contentType = "application/json; charset=utf-8";
    res.headers = {{"X-Portico-Signature", manifest::base64Encode(sig)},
                   {"X-Portico-Key-Id", m_key->keyId()},
                   {"X-Portico-Manifest-Version", std::to_string(*version)},
                   {"Cache-Control", "no-store"}};
    return deliver(std::move(res), fault, *m_faults);
}

HttpResponse CentralServer::photo(const http::PathParams& params) {
    const Fault fault = m_faults->draw();
    if (auto res = preCommitFault(fault, *m_faults)) {
        return *res;
    }
    auto photo = m_store->photo(params.find("id")->second);
    if (!photo) {
        return errorResponse(503, "storage_unavailable", "cannot read the photo; retry");
    }
    if (!photo->has_value()) {
        return errorResponse(404, "unknown_photo", "no such photo");
    }
    const auto& bytes = **photo;
    HttpResponse res;
    res.contentType = "image/jpeg";
    res.body.assign(bytes.begin(), bytes.end());
    res.headers = {{"Cache-Control", "no-store"}, {"ETag", "\"" + sha256Hex(res.body) + "\""}};
    return deliver(std::move(res), fault, *m_faults);
}

HttpResponse CentralServer::inspections(const HttpRequest& req, const Caller& caller) {
    HttpResponse invalid;
    auto parsed = http::parseJsonRequest(req, invalid);
    if (!parsed) {
        return invalid;
    }
    const json& doc = *parsed;
    if (!doc.is_object() || !doc.contains("device_id") || !doc["device_id"].is_string() ||
        !validRecordId(doc["device_id"].get<std::string>()) || !doc.contains("records") || !doc["records"].is_array()) {
        return errorResponse(400, "invalid_request", "expected {device_id: string, records: [...], audit_head: {...}}");
    }
    if (!caller.deviceId.empty() && doc["device_id"].get<std::string>() != caller.deviceId) {
        return errorResponse(403, "device_mismatch", "this token belongs to another device");
    }
    const auto& records = doc["records"];
    if (records.empty()) {
        return errorResponse(400, "invalid_request", "a batch holds at least one record");
    }
    if (records.size() > m_options.maxBatchRecords) {
        return errorResponse(413, "batch_too_large",
                             "a batch holds at most " + std::to_string(m_options.maxBatchRecords) + " records");
    }
    std::optional<storage::AuditHead> head;
    if (doc.contains("audit_head") && !doc["audit_head"].is_null()) {
        const auto& h = doc["audit_head"];
        const auto seq = h.is_object() && h.contains("sequence") ? sequenceOf(h["sequence"], true) : std::nullopt;
        if (!seq || !h.contains("hash") || !h["hash"].is_string() || !isHex64(h["hash"].get<std::string>())) {
            return errorResponse(400, "invalid_request", "audit_head wants {sequence: 0 … 2^63-1, hash: 64 hex}");
        }
        head = storage::AuditHead{*seq, h["hash"].get<std::string>()};
    }
    const Fault fault = m_faults->draw();
    if (auto res = preCommitFault(fault, *m_faults)) {
        return *res;
    }
    // Validate each record; the valid ones are stored in one transaction.
    const auto nowMs = store::toMs(std::chrono::system_clock::now());
    std::vector<json> results(records.size());
    std::vector<storage::IncomingRecord> incoming;
    std::vector<size_t> slot;
    std::int64_t rejects = 0;
    for (size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        const bool idOk =
            r.is_object() && r.contains("id") && r["id"].is_string() && validRecordId(r["id"].get<std::string>());
        json idJson = idOk ? r["id"] : json(nullptr);
        std::string why;
        const auto seq = idOk && r.contains("device_sequence") ? sequenceOf(r["device_sequence"], false) : std::nullopt;
        if (!idOk) {
            why = "id must be 1-64 characters of [A-Za-z0-9._:-]";
        } else if (!seq) {
            why = "device_sequence must be an integer in 1 … 2^63-1";
        } else if (!r.contains("payload") || !r["payload"].is_object()) {
            why = "payload must be an object";
        }
        std::optional<storage::NewCase> reviewCase;
        std::optional<storage::RecordFacts> facts;
        if (why.empty()) {
            facts = factsForRecord(r["payload"]);
            reviewCase = caseForRecord(r["payload"], facts, caller, nowMs, why);
        }
        if (!why.empty()) {
            ++rejects;
            results[i] = {
                {"id", idJson}, {"status", "rejected"}, {"reason", {{"code", "invalid_record"}, {"message", why}}}};
            continue;
        }
        const std::string canonical = r.dump(); // nlohmann orders keys: the canonical form (docs/api.md §5)
        // The live capture and its template are kept only sealed, as case evidence (docs/api.md §7.4): the record
        // as stored carries no biometric. The content hash is of the record as received.
        json stored = r;
        stored["payload"].erase("capture_photo_jpeg_b64");
        stored["payload"].erase("capture_template_b64");
        incoming.push_back({r["id"].get<std::string>(), *seq, sha256Hex(canonical), stored.dump(),
                            std::move(reviewCase), std::move(facts)});
        slot.push_back(i);
    }
    auto outcomes = m_store->storeInspections(doc["device_id"].get<std::string>(), head, incoming, rejects, nowMs);
    if (!outcomes) {
        HttpResponse res = errorResponse(503, "storage_unavailable", "the records could not be stored; retry");
        res.headers.emplace_back("Retry-After", "1");
        return res;
    }
    for (size_t k = 0; k < slot.size(); ++k) {
        const auto& id = incoming[k].id;
        switch ((*outcomes)[k]) {
        case storage::StoreOutcome::Accepted:
            results[slot[k]] = {{"id", id}, {"status", "accepted"}};
            break;
        case storage::StoreOutcome::Duplicate:
            results[slot[k]] = {{"id", id}, {"status", "duplicate"}};
            break;
        default:
            results[slot[k]] = {
                {"id", id},
                {"status", "rejected"},
                {"reason",
                 {{"code", "id_conflict"}, {"message", "a different record with this id is already stored"}}}};
            break;
        }
    }
    return deliver(http::jsonResponse(200, json{{"results", results}}.dump()), fault, *m_faults);
}

Result<int> CentralServer::bind() {
    if (!m_options.tlsCert.empty() && !m_options.tlsKey.empty()) {
        if (auto s = m_server->useTls(m_options.tlsCert, m_options.tlsKey); !s) {
            return s.error();
        }
    }
    auto store = storage::openStore(m_options.store);
    if (!store) {
        return store.error();
    }
    m_store = std::move(store.value());
    auto key = !m_options.signingKey.empty() ? SigningKey::load(m_options.signingKey)
                                             : SigningKey::loadOrCreate(m_options.dataDir);
    if (!key) {
        return key.error();
    }
    m_key = std::make_unique<SigningKey>(key.value());
    m_sealer = std::make_unique<CaseSealer>(m_key->derive("portico-central case evidence v1"));
    if (!m_options.faults.empty()) {
        auto faults = FaultInjector::parse(m_options.faults);
        if (!faults) {
            return faults.error();
        }
        m_faults = std::make_unique<FaultInjector>(std::move(faults.value()));
    }
    return m_server->bind(m_options.host, m_options.port);
}

void CentralServer::serve() {
    {
        std::lock_guard lock(m_purgeMutex);
        m_stopping = false;
    }
    // The retention sweep runs beside the server and ends with it (joined here, on the thread that started it).
    m_purger = std::thread([this] { purgeLoop(); });
    m_server->serve();
    stop();
    m_purger.join();
}

void CentralServer::stop() {
    m_server->stop();
    {
        std::lock_guard lock(m_purgeMutex);
        m_stopping = true;
    }
    m_purgeWake.notify_all();
}

void CentralServer::purgeLoop() {
    std::unique_lock lock(m_purgeMutex);
    while (!m_stopping) {
        lock.unlock();
        const auto now = store::toMs(std::chrono::system_clock::now());
        if (auto purged = m_store->purgeEvidence(now); !purged) {
            spdlog::error("the retention sweep failed: {}", purged.error().toString());
        } else if (*purged > 0) {
            spdlog::info("retention: {} piece(s) of case evidence purged", *purged);
        }
        lock.lock();
        m_purgeWake.wait_for(lock, m_options.purgeEvery, [this] { return m_stopping; });
    }
}

} // namespace portico::central
