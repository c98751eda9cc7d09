// SPDX-License-Identifier: GPL-3.0-or-later
// The review half of the reference server (docs/api.md §7): supervisors sign in as persons, list, fetch, claim,
// release and resolve the cases uploaded records opened. Every read of a case and every step is audited at central.
#include "CaseSealer.h"
#include "CentralServer.h"
#include "PortFigures.h"
#include "common/Sha256.h"
#include "http/JsonBody.h"
#include "inspection/Record.h"
#include "manifest/Base64.h"
#include "manifest/ManifestParser.h"
#include "policy/Retention.h"
#include "review/Monitoring.h"
#include "review/ReviewCase.h"
#include "review/TrendSignals.h"
#include "store/Database.h"

#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace portico::central {
namespace {

using http::errorResponse;
using http::HttpRequest;
using http::HttpResponse;
using nlohmann::json;

constexpr std::size_t kMaxEvidencePhoto = 4 * 1024 * 1024; // the protocol's photo limit (docs/api.md §4)
constexpr std::size_t kMaxNote = 4000;

std::int64_t nowMillis() {
    return store::toMs(std::chrono::system_clock::now());
}

std::string isoMs(std::int64_t ms) {
    return store::toIso8601(store::fromMs(ms));
}

std::string randomHex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    return hex;
}

/// A name of the protocol's small vocabularies (reason codes, age bands): lower-case letters, digits, '_', '-', '+'.
bool isName(const std::string& s, std::size_t max = 40) {
    return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+';
    });
}

std::string textOr(const json& j, const char* key, const std::string& fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() && it->get<std::string>().size() <= 64 ? it->get<std::string>() : fallback;
}

/// What the supervisor sees of a case: references, state and the numbers the officer saw; the note only on a fetch.
json caseJson(const storage::CentralCase& k, std::int64_t nowMs) {
    json j = {{"id", k.caseId},
              {"port", k.port},
              {"device_id", k.deviceId},
              {"inspection_id", k.inspectionId},
              {"lane", k.lane},
              {"reasons", json::parse(k.reasons, nullptr, false)},
              {"outcome", k.outcome},
              {"decision", k.decision},
              {"age_band", k.ageBand},
              {"sex", k.sex},
              {"state", k.state},
              {"version", k.version},
              {"decided_at", isoMs(k.decidedMs)},
              {"created_at", isoMs(k.createdMs)},
              {"updated_at", isoMs(k.updatedMs)},
              {"evidence", k.evidenceKinds},
              {"summary", json::parse(k.summary, nullptr, false)}};
    if (k.state == "claimed") {
        j["claimed_by"] = k.claimedBy;
        j["lease_until"] = isoMs(k.leaseUntilMs);
        j["lease_expired"] = k.leaseUntilMs < nowMs;
    }
    if (k.state == "resolved") {
        j["resolution"] = {{"finding", k.resolution}, {"by", k.resolvedBy}, {"at", isoMs(k.resolvedMs)}};
    }
    return j;
}

/// Why a step was refused, from the case as it stands: resolved, held by someone else, not claimed (a release), or
/// moved past the version the caller named.
HttpResponse caseConflict(const storage::CentralCase& k, const std::string& caller, storage::CaseAction action,
                          std::int64_t nowMs) {
    HttpResponse res;
    const bool heldByOther = k.state == "claimed" && k.claimedBy != caller && k.leaseUntilMs >= nowMs;
    if (k.state == "resolved") {
        res = errorResponse(409, "case_resolved", "the case was already resolved by " + k.resolvedBy);
    } else if (heldByOther ||
               (action == storage::CaseAction::Release && k.state == "claimed" && k.claimedBy != caller)) {
        res = errorResponse(409, "case_claimed", "the case is claimed by " + k.claimedBy);
    } else if (action == storage::CaseAction::Release && k.state != "claimed") {
        res = errorResponse(409, "case_not_claimed", "the case is not claimed");
    } else {
        res = errorResponse(409, "version_mismatch", "the case changed since it was read; read it again");
    }
    auto body = json::parse(res.body);
    body["case"] = caseJson(k, nowMs);
    res.body = body.dump();
    return res;
}

std::optional<std::int64_t> timeMs(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) {
        return std::nullopt;
    }
    auto t = store::parseIso8601(it->get<std::string>());
    if (!t) {
        return std::nullopt;
    }
    return store::toMs(*t);
}

json countsJson(const review::OutcomeCounts& c) {
    return {{"processed", c.processed},
            {"opt_outs", c.optOuts},
            {"opt_outs_before_analysis", c.optOutsBeforeAnalysis},
            {"abandoned", c.abandoned},
            {"attempts", c.attempts},
            {"matches", c.matches},
            {"no_matches", c.noMatches},
            {"ambiguous", c.ambiguous},
            {"low_quality", c.lowQuality},
            {"unavailable", c.unavailable},
            {"referred", c.referred},
            {"review_cases", c.reviewCases},
            {"review_open", c.reviewOpen},
            {"review_resolved", c.reviewResolved},
            {"confirmed", c.confirmed},
            {"not_confirmed", c.notConfirmed},
            {"inconclusive", c.inconclusive},
            {"overturned", c.overturned},
            {"match_rate", c.matchRate()},
            {"non_match_rate", c.nonMatchRate()},
            {"fta_rate", c.ftaRate()},
            {"overturn_rate", c.overturnRate()}};
}

json groupsJson(const std::vector<review::GroupStats>& groups) {
    json out = json::array();
    for (const auto& g : groups) {
        out.push_back({{"key", g.key}, {"counts", countsJson(g.counts)}});
    }
    return out;
}

} // namespace

void CentralServer::reviewRoutes() {
    m_router.add("POST", "/v1/sessions",
                 [this](const HttpRequest& req, const http::PathParams&, const Caller&) { return login(req); });
    m_router.add("DELETE", "/v1/sessions/current",
                 [this](const HttpRequest&, const http::PathParams&, const Caller& c) { return logout(c); });
    m_router.add(
        "GET", "/v1/ports/{port:16}/cases",
        [this](const HttpRequest& req, const http::PathParams& p, const Caller& c) { return listCases(req, p, c); });
    m_router.add("GET", "/v1/ports/{port:16}/cases/{id:32}",
                 [this](const HttpRequest&, const http::PathParams& p, const Caller& c) { return getCase(p, c); });
    m_router.add("GET", "/v1/ports/{port:16}/cases/{id:32}/evidence/{kind:32}",
                 [this](const HttpRequest&, const http::PathParams& p, const Caller& c) { return caseEvidence(p, c); });
    m_router.add(
        "GET", "/v1/ports/{port:16}/monitoring",
        [this](const HttpRequest& req, const http::PathParams& p, const Caller& c) { return monitoring(req, p, c); });
    m_router.add("GET", "/v1/ports/{port:16}/trends",
                 [this](const HttpRequest&, const http::PathParams& p, const Caller& c) { return trends(p, c); });
    for (const auto& [verb, action] :
         {std::pair{"claim", storage::CaseAction::Claim}, std::pair{"release", storage::CaseAction::Release},
          std::pair{"resolve", storage::CaseAction::Resolve}}) {
        m_router.add("POST", std::string("/v1/ports/{port:16}/cases/{id:32}/") + verb,
                     [this, action = action](const HttpRequest& req, const http::PathParams& p, const Caller& c) {
                         return caseStep(req, p, c, action);
                     });
    }
}

std::optional<HttpResponse> CentralServer::authenticatePerson(std::string_view token, Caller& caller) {
    auto s =
        m_store->session(sha256Hex(token), nowMillis(), m_options.sessionIdle.count(), m_options.sessionMax.count());
    if (!s) {
        HttpResponse res = errorResponse(503, "storage_unavailable", "cannot check the session; retry");
        res.headers.emplace_back("Retry-After", "1");
        return res;
    }
    if (!s->has_value()) {
        HttpResponse res = errorResponse(401, "unauthorized", "the session has ended; sign in again");
        res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"portico\"");
        return res;
    }
    caller.person = (*s)->username;
    caller.role = (*s)->role;
    caller.port = (*s)->port;
    caller.tokenSha256 = sha256Hex(token);
    return std::nullopt;
}

std::optional<HttpResponse> CentralServer::requireReviewer(const Caller& caller, const std::string& port) const {
    const auto role = auth::parseRole(caller.role);
    if (caller.person.empty() || (role != auth::Role::Supervisor && role != auth::Role::Admin)) {
        return errorResponse(403, "forbidden", "reviewing cases needs a supervisor's session");
    }
    if (caller.port != port) {
        return errorResponse(403, "forbidden", "this session belongs to another port");
    }
    return std::nullopt;
}

HttpResponse CentralServer::login(const HttpRequest& req) {
    HttpResponse invalid;
    auto parsed = http::parseJsonRequest(req, invalid);
    if (!parsed) {
        return invalid;
    }
    const json& doc = *parsed;
    if (!doc.is_object() || !doc.contains("username") || !doc["username"].is_string() || !doc.contains("password") ||
        !doc["password"].is_string()) {
        return errorResponse(400, "invalid_request", "expected {username: string, password: string}");
    }
    const std::string username = doc["username"].get<std::string>();
    const std::string password = doc["password"].get<std::string>();
    if (!auth::isValidUsername(username) || password.size() > 256) {
        return errorResponse(401, "unauthorized", "unknown user name or wrong password");
    }
    const auto now = nowMillis();
    auto person = m_store->person(username);
    if (!person) {
        return errorResponse(503, "storage_unavailable", "cannot check the account; retry");
    }
    bool ok = false;
    if (person->has_value()) {
        ok = crypto_pwhash_str_verify((*person)->passwordHash.c_str(), password.data(), password.size()) == 0;
    } else {
        // The same work for an unknown name as for a wrong password: the answer's timing names no account.
        char dummy[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(dummy, password.data(), password.size(), m_options.passwordHashing.opsLimit,
                              m_options.passwordHashing.memLimit) != 0) {
            return errorResponse(503, "unavailable", "out of memory while checking the password; retry");
        }
    }
    if (!person->has_value()) {
        return errorResponse(401, "unauthorized", "unknown user name or wrong password");
    }
    const auto& p = **person;
    if (p.disabled || p.failedAttempts >= auth::Accounts::kMaxFailures) {
        (void)m_store->recordLogin(username, false, req.remoteAddress, now);
        return errorResponse(403, "account_locked",
                             p.disabled ? "the account is disabled" : "the account is locked after failed log-ins");
    }
    if (auto s = m_store->recordLogin(username, ok, req.remoteAddress, now); !s) {
        return errorResponse(503, "storage_unavailable", "cannot record the log-in; retry");
    }
    if (!ok) {
        return errorResponse(401, "unauthorized", "unknown user name or wrong password");
    }
    const std::string token = "pcs1_" + randomHex(32);
    const storage::PersonSession session{p.username, p.role, p.port, now + m_options.sessionIdle.count()};
    if (auto s = m_store->addSession(sha256Hex(token), session, now); !s) {
        return errorResponse(503, "storage_unavailable", "cannot start the session; retry");
    }
    HttpResponse res = http::jsonResponse(201, json{{"token", token},
                                                    {"username", p.username},
                                                    {"display_name", p.displayName},
                                                    {"role", p.role},
                                                    {"port", p.port},
                                                    {"expires_at", isoMs(session.expiresMs)}}
                                                   .dump());
    res.headers.emplace_back("Cache-Control", "no-store");
    return res;
}

HttpResponse CentralServer::logout(const Caller& caller) {
    if (auto s = m_store->endSession(caller.tokenSha256, caller.person, nowMillis()); !s) {
        return errorResponse(503, "storage_unavailable", "cannot end the session; retry");
    }
    return http::jsonResponse(200, json{{"ended", true}}.dump());
}

HttpResponse CentralServer::listCases(const HttpRequest& req, const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    std::string why;
    const auto query = http::parseQuery(req.query, {"state", "lane", "reason", "age_band", "limit"}, why);
    if (!query) {
        return errorResponse(400, "invalid_request", why);
    }
    storage::CaseQuery q;
    q.port = port;
    auto get = [&](const char* key) {
        const auto it = query->find(key);
        return it == query->end() ? std::string() : it->second;
    };
    q.state = get("state");
    if (!q.state.empty() && q.state != "open" && q.state != "claimed" && q.state != "resolved") {
        return errorResponse(400, "invalid_request", "state is open, claimed or resolved");
    }
    q.reason = get("reason");
    q.ageBand = get("age_band");
    if ((!q.reason.empty() && !isName(q.reason)) || (!q.ageBand.empty() && !isName(q.ageBand, 8))) {
        return errorResponse(400, "invalid_request", "reason and age_band are names such as no_match or 18-29");
    }
    for (const char* key : {"lane", "limit"}) {
        const std::string v = get(key);
        if (v.empty()) {
            continue;
        }
        if (v.size() > 4 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return errorResponse(400, "invalid_request", std::string(key) + " is a number up to 9999");
        }
        if (std::string_view(key) == "lane") {
            q.lane = std::stoi(v);
        } else {
            q.limit = std::clamp<std::size_t>(static_cast<std::size_t>(std::stoi(v)), 1, 1000);
        }
    }
    auto found = m_store->cases(q);
    if (!found) {
        return errorResponse(503, "storage_unavailable", "cannot read the cases; retry");
    }
    const auto now = nowMillis();
    json list = json::array();
    for (const auto& k : *found) {
        list.push_back(caseJson(k, now));
    }
    return http::jsonResponse(200, json{{"port", port}, {"cases", list}}.dump());
}

HttpResponse CentralServer::getCase(const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    const std::string& id = params.find("id")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    const auto now = nowMillis();
    auto found = m_store->viewCase(port, id, caller.person, now); // audited before it is answered
    if (!found) {
        return errorResponse(503, "storage_unavailable", "cannot read the case; retry");
    }
    if (!found->has_value()) {
        return errorResponse(404, "not_found", "no such case at this port");
    }
    const auto& k = **found;
    json j = caseJson(k, now);
    if (std::find(k.evidenceKinds.begin(), k.evidenceKinds.end(), "officer_note") != k.evidenceKinds.end()) {
        auto sealed = m_store->viewEvidence(port, id, "officer_note", caller.person, now);
        if (!sealed) {
            return errorResponse(503, "storage_unavailable", "cannot read the case; retry");
        }
        if (sealed->has_value()) {
            auto note = m_sealer->open(id, "officer_note", **sealed);
            if (!note) {
                spdlog::error("a case's sealed note does not open (altered, or the wrong key)");
                return errorResponse(500, "internal", "the case's evidence does not open");
            }
            j["officer_note"] = std::string(note->begin(), note->end());
        }
    }
    if (!k.sealedNote.empty()) {
        auto note = m_sealer->open(id, "resolution_note", k.sealedNote);
        if (!note) {
            return errorResponse(500, "internal", "the case's resolution note does not open");
        }
        j["resolution"]["note"] = std::string(note->begin(), note->end());
    }
    return http::jsonResponse(200, j.dump());
}

HttpResponse CentralServer::caseEvidence(const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    const std::string& id = params.find("id")->second;
    const std::string& kind = params.find("kind")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    if (kind != "capture_photo") {
        return errorResponse(404, "not_found", "evidence kinds served as images: capture_photo");
    }
    auto sealed = m_store->viewEvidence(port, id, kind, caller.person, nowMillis()); // audited first
    if (!sealed) {
        return errorResponse(503, "storage_unavailable", "cannot read the evidence; retry");
    }
    if (!sealed->has_value()) {
        return errorResponse(404, "not_found", "no such evidence: never kept (a citizen), or purged by retention");
    }
    auto plain = m_sealer->open(id, kind, **sealed);
    if (!plain) {
        spdlog::error("a case's sealed capture does not open (altered, or the wrong key)");
        return errorResponse(500, "internal", "the evidence does not open");
    }
    HttpResponse res;
    res.contentType = "image/jpeg";
    res.body.assign(plain->begin(), plain->end());
    sodium_memzero(plain->data(), plain->size());
    res.headers = {{"Cache-Control", "no-store"}};
    return res;
}

HttpResponse CentralServer::caseStep(const HttpRequest& req, const http::PathParams& params, const Caller& caller,
                                     storage::CaseAction action) {
    const std::string& port = params.find("port")->second;
    const std::string& id = params.find("id")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    storage::CaseStep step;
    step.action = action;
    step.caseId = id;
    step.port = port;
    step.actor = caller.person;
    step.nowMs = nowMillis();
    step.leaseMs = m_options.caseLease.count();
    json doc = json::object();
    if (!req.body.empty()) {
        HttpResponse invalid;
        auto parsed = http::parseJsonRequest(req, invalid);
        if (!parsed) {
            return invalid;
        }
        doc = *parsed;
        if (!doc.is_object()) {
            return errorResponse(400, "invalid_request", "the body is a JSON object");
        }
    }
    if (const auto v = doc.find("version"); v != doc.end()) {
        if (!v->is_number_integer() || v->get<std::int64_t>() < 1) {
            return errorResponse(400, "invalid_request", "version is the case's version as read (an integer >= 1)");
        }
        step.expectedVersion = v->get<std::int64_t>();
    }
    if (action == storage::CaseAction::Resolve) {
        const std::string finding = textOr(doc, "finding", "");
        const std::string note = doc.contains("note") && doc["note"].is_string() ? doc["note"].get<std::string>() : "";
        // The findings are the review model's own (review::Resolution): a person's finding, with a note.
        if (review::parseResolution(finding) == review::Resolution::Unknown) {
            return errorResponse(400, "invalid_request",
                                 "finding is identity_confirmed, not_confirmed_secondary or inconclusive");
        }
        if (note.find_first_not_of(" \t\r\n") == std::string::npos || note.size() > kMaxNote) {
            return errorResponse(400, "invalid_request", "a resolution needs a note (at most 4000 bytes)");
        }
        step.resolution = finding;
        step.sealedNote = m_sealer->seal(id, "resolution_note",
                                         std::span(reinterpret_cast<const std::uint8_t*>(note.data()), note.size()));
    }
    auto r = m_store->stepCase(step);
    if (!r) {
        HttpResponse res = errorResponse(503, "storage_unavailable", "the step was not recorded; retry");
        res.headers.emplace_back("Retry-After", "1");
        return res;
    }
    switch (r->outcome) {
    case storage::CaseStepResult::Outcome::Done:
        return http::jsonResponse(200, caseJson(r->current, step.nowMs).dump());
    case storage::CaseStepResult::Outcome::NotFound:
        return errorResponse(404, "not_found", "no such case at this port");
    default:
        return caseConflict(r->current, caller.person, action, step.nowMs);
    }
}

std::optional<storage::NewCase> CentralServer::caseForRecord(const json& payload,
                                                             const std::optional<storage::RecordFacts>& facts,
                                                             const Caller& caller, std::int64_t nowMs,
                                                             std::string& why) const {
    const auto reasons = payload.find("review_reasons");
    if (reasons == payload.end() || !reasons->is_array() || reasons->empty()) {
        return std::nullopt; // the booth's policy sent it to nobody
    }
    json names = json::array();
    for (const auto& r : *reasons) {
        if (!r.is_string() || !isName(r.get<std::string>())) {
            why = "review_reasons holds names such as no_match";
            return std::nullopt;
        }
        names.push_back(r);
    }
    if (!facts) {
        why = "a record for review names its port (1-16 characters of [A-Za-z0-9_-]) and its decided_at time";
        return std::nullopt;
    }
    if (!caller.port.empty() && caller.port != facts->port) {
        why = "this device belongs to another port";
        return std::nullopt;
    }
    storage::NewCase nc;
    nc.caseId = randomHex(16);
    nc.port = facts->port;
    nc.decidedMs = facts->decidedMs;
    nc.lane = facts->lane;
    nc.reasons = names.dump();
    nc.outcome = facts->outcome;
    nc.decision = facts->decision;
    nc.ageBand = facts->ageBand;
    nc.sex = facts->sex;
    // The numbers and codes the officer saw, as the station recorded them; no biometric and no free text.
    json summary = json::object();
    for (const char* key : {"appointment_id", "officer_id", "decided_at", "captured_at", "score", "threshold",
                            "threshold_fmr", "doc_score", "doc_threshold", "doc_fmr", "liveness", "model_id", "quality",
                            "reason_codes", "citizen", "opted_out"}) {
        if (const auto it = payload.find(key); it != payload.end()) {
            summary[key] = *it;
        }
    }
    if (const auto d = payload.find("details"); d != payload.end() && d->is_object()) {
        for (const char* key : {"threshold", "referral_reason", "candidates", "second_look_check", "abandoned_because",
                                "prior_inspection", "time_to_capture_ms", "frames_analysed_before_opt_out"}) {
            if (const auto it = d->find(key); it != d->end()) {
                summary["details"][key] = *it;
            }
        }
    }
    const bool citizen =
        payload.contains("citizen") && payload["citizen"].is_boolean() && payload["citizen"].get<bool>();
    const bool optedOut =
        payload.contains("opted_out") && payload["opted_out"].is_boolean() && payload["opted_out"].get<bool>();
    const auto deadline = policy::caseEvidenceDeadline(
        citizen, optedOut, Clock::TimePoint(std::chrono::milliseconds(nc.decidedMs)), m_options.caseEvidenceMaxAge);
    std::string capture = "none";
    if (const auto photo = payload.find("capture_photo_jpeg_b64"); photo != payload.end() && photo->is_string()) {
        if (!deadline) {
            capture = citizen ? "not_kept_citizen" : "not_kept_opted_out"; // whatever the station sent
        } else {
            auto bytes = manifest::base64Decode(photo->get<std::string>());
            if (!bytes || bytes->size() < 4 || bytes->size() > kMaxEvidencePhoto || (*bytes)[0] != 0xFF ||
                (*bytes)[1] != 0xD8 || (*bytes)[2] != 0xFF) {
                why = "capture_photo_jpeg_b64 is not a JPEG of at most 4 MiB";
                return std::nullopt;
            }
            const std::int64_t due = store::toMs(*deadline);
            if (due > nowMs) {
                nc.evidence.push_back({"capture_photo", m_sealer->seal(nc.caseId, "capture_photo", *bytes), due});
                capture = "kept";
            } else {
                capture = "past_retention";
            }
            sodium_memzero(bytes->data(), bytes->size());
        }
    } else if (citizen) {
        capture = "not_kept_citizen";
    } else if (optedOut) {
        capture = "not_kept_opted_out";
    }
    summary["capture"] = capture;
    if (const auto d = payload.find("details"); d != payload.end() && d->is_object()) {
        if (const auto n = d->find("note"); n != d->end() && n->is_string() && !n->get<std::string>().empty()) {
            const auto& note = n->get_ref<const std::string&>();
            nc.evidence.push_back(
                {"officer_note",
                 m_sealer->seal(nc.caseId, "officer_note",
                                std::span(reinterpret_cast<const std::uint8_t*>(note.data()), note.size())),
                 nc.decidedMs +
                     std::chrono::duration_cast<std::chrono::milliseconds>(policy::kCaseEvidenceMaxAge).count()});
        }
    }
    nc.summary = summary.dump();
    return nc;
}

} // namespace portico::central

namespace portico::central {

std::optional<storage::RecordFacts> CentralServer::factsForRecord(const json& payload) {
    storage::RecordFacts f;
    f.port = textOr(payload, "port", "");
    const auto decided = timeMs(payload, "decided_at");
    if (!http::isIdentifier(f.port, 16) || !decided) {
        return std::nullopt;
    }
    f.decidedMs = *decided;
    f.capturedMs = timeMs(payload, "captured_at");
    f.lane = payload.contains("lane") && payload["lane"].is_number_integer()
                 ? static_cast<int>(std::clamp<std::int64_t>(payload["lane"].get<std::int64_t>(), 0, 9999))
                 : 0;
    // Names are kept only when they are the vocabulary's own; anything else counts as unknown.
    f.outcome = std::string(inspection::outcomeName(inspection::parseOutcome(textOr(payload, "outcome", ""))));
    f.decision = std::string(inspection::decisionName(inspection::parseDecision(textOr(payload, "decision", ""))));
    f.ageBand = std::string(store::ageBandName(store::parseAgeBand(textOr(payload, "age_band", ""))));
    f.sex = std::string(store::sexName(store::parseSex(textOr(payload, "sex", ""))));
    f.optedOut = payload.contains("opted_out") && payload["opted_out"].is_boolean() && payload["opted_out"].get<bool>();
    if (const auto d = payload.find("details"); d != payload.end() && d->is_object()) {
        if (const auto n = d->find("frames_analysed_before_opt_out"); n != d->end() && n->is_number_integer()) {
            f.framesBeforeOptOut = n->get<std::int64_t>();
        }
        if (const auto t = d->find("time_to_capture_ms"); t != d->end() && t->is_number()) {
            f.timeToCaptureMs = static_cast<std::int64_t>(t->get<double>());
        }
    }
    return f;
}

HttpResponse CentralServer::monitoring(const HttpRequest& req, const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    std::string why;
    const auto query = http::parseQuery(req.query, {"day"}, why);
    if (!query) {
        return errorResponse(400, "invalid_request", why);
    }
    const auto now = nowMillis();
    std::chrono::year_month_day day{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::time_point(std::chrono::milliseconds(now)))};
    if (const auto it = query->find("day"); it != query->end()) {
        auto parsed = review::Monitoring::parseDay(it->second);
        if (!parsed) {
            return errorResponse(400, "invalid_request", "day is YYYY-MM-DD");
        }
        day = *parsed;
    }
    auto figures = portDailyStats(*m_store, port, day);
    auto queue = m_store->queue(port, now);
    if (!figures || !queue) {
        return errorResponse(503, "storage_unavailable", "cannot read the figures; retry");
    }
    const auto& d = *figures;
    json alarms = json::array();
    for (const auto& a : d.alarms) {
        alarms.push_back({{"kind", std::string(review::alarmKindName(a.kind))},
                          {"group", a.key},
                          {"rate", a.rate},
                          {"overall", a.overall},
                          {"events", a.events},
                          {"denominator", a.denominator}});
    }
    const json body = {
        {"port", port},
        {"day", d.day},
        {"overall", countsJson(d.overall)},
        {"per_lane", groupsJson(d.perLane)},
        {"per_age_band", groupsJson(d.perAgeBand)},
        {"per_sex", groupsJson(d.perSex)},
        {"alarms", alarms},
        {"alarm_rule",
         {{"factor", d.rule.factor},
          {"min_attempts", d.rule.minAttempts},
          {"min_non_matches", d.rule.minNonMatches},
          {"min_resolved", d.rule.minResolved},
          {"min_overturns", d.rule.minOverturns}}},
        {"queue",
         {{"open", queue->open},
          {"claimed", queue->claimed},
          {"oldest_unresolved_s", queue->oldestCreatedMs ? (now - *queue->oldestCreatedMs) / 1000 : 0}}}};
    return http::jsonResponse(200, body.dump());
}

} // namespace portico::central

namespace portico::central {

HttpResponse CentralServer::trends(const http::PathParams& params, const Caller& caller) {
    const std::string& port = params.find("port")->second;
    if (auto refused = requireReviewer(caller, port)) {
        return *refused;
    }
    auto rows = m_store->entriesSince(port, 0);
    if (!rows) {
        return errorResponse(503, "storage_unavailable", "cannot read the manifest; retry");
    }
    std::vector<manifest::ManifestEntry> entries;
    std::size_t unreadable = 0;
    for (const auto& row : *rows) {
        auto e = manifest::parseManifestEntry(row.json);
        if (e) {
            entries.push_back(std::move(e.value()));
        } else {
            ++unreadable;
        }
    }
    const auto found = review::findAddressTrends(entries);
    // A query over travelers' addresses is an access: audited first (counts only, never an address or a name).
    if (auto s = m_store->audit({0,
                                 nowMillis(),
                                 caller.person,
                                 "trends.view",
                                 port,
                                 json{{"entries", entries.size()}, {"trends", found.size()}}.dump(),
                                 {}});
        !s) {
        return errorResponse(503, "storage_unavailable", "the query could not be audited; retry");
    }
    json list = json::array();
    for (const auto& t : found) {
        list.push_back({{"address", t.normalisedAddress},
                        {"appointment_ids", t.appointmentIds},
                        {"distinct_surnames", t.distinctSurnames},
                        {"travelers", t.travelers},
                        {"first_window_start", store::toIso8601(t.firstWindowStart)},
                        {"last_window_start", store::toIso8601(t.lastWindowStart)}});
    }
    return http::jsonResponse(
        200,
        json{{"port", port}, {"entries", entries.size()}, {"unreadable_entries", unreadable}, {"trends", list}}.dump());
}

} // namespace portico::central
