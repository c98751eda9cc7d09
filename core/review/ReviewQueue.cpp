// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewQueue.h"

#include "common/Log.h"
#include "store/InspectionJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace portico::review {

namespace {

constexpr const char* kCaseSelect =
    "SELECT c.id, c.inspection_id, i.appointment_id, i.port, i.lane, i.outcome, i.decision, i.age_band, i.sex, "
    "c.reasons, c.state, c.claimed_by, c.claimed_at_ms, c.resolution, c.resolved_by, c.resolved_at_ms, "
    "c.created_at_ms, c.updated_at_ms FROM review_cases c JOIN inspections i ON i.id = c.inspection_id";

ReviewCase readCase(const store::Statement& st) {
    ReviewCase c;
    c.id = st.columnText(0);
    c.inspectionId = st.columnText(1);
    c.appointmentId = st.columnOptText(2);
    c.port = st.columnText(3);
    c.lane = static_cast<int>(st.columnInt64(4));
    c.outcome = inspection::parseOutcome(st.columnText(5));
    c.decision = inspection::parseDecision(st.columnText(6));
    c.ageBand = store::parseAgeBand(st.columnText(7));
    c.sex = store::parseSex(st.columnText(8));
    c.reasons = store::parseReviewReasons(st.columnText(9));
    c.state = parseCaseState(st.columnText(10));
    c.claimedBy = st.columnOptText(11);
    if (auto v = st.columnOptInt64(12)) {
        c.claimedAt = store::fromMs(*v);
    }
    if (auto v = st.columnOptText(13)) {
        c.resolution = parseResolution(*v);
    }
    c.resolvedBy = st.columnOptText(14);
    if (auto v = st.columnOptInt64(15)) {
        c.resolvedAt = store::fromMs(*v);
    }
    c.createdAt = store::fromMs(st.columnInt64(16));
    c.updatedAt = store::fromMs(st.columnInt64(17));
    return c;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char ch) { return std::isspace(static_cast<unsigned char>(ch)) != 0; });
}

} // namespace

ReviewQueue::ReviewQueue(store::Database& db, const store::Crypto& crypto, store::InspectionStore& inspections,
                         store::AuditSink& audit, const Clock& clock)
    : m_db(db), m_crypto(crypto), m_inspections(inspections), m_audit(audit), m_clock(clock) {}

Status ReviewQueue::authorize(const auth::Session& session, const std::string& action, const std::string& caseId) {
    if (session.role == auth::Role::Supervisor && !session.username.empty()) {
        return {};
    }
    // The refusal itself is evidence: an officer trying to settle a case is exactly what oversight wants to see.
    const nlohmann::json details = {{"attempt", action}, {"role", std::string(auth::roleName(session.role))}};
    const std::string actor = session.username.empty() ? "unknown" : session.username;
    if (auto s = m_audit.append({m_clock.now(), actor, "review.forbidden", caseId, details.dump()}); !s) {
        log::get("review")->error("auditing a refused review action failed: {}", s.error().toString());
        return s.error();
    }
    if (session.username.empty()) {
        return makeError(ErrorCode::Unauthorized, "review needs a signed-in supervisor");
    }
    return makeError(ErrorCode::Forbidden, "review actions need the supervisor role");
}

Result<ReviewCase> ReviewQueue::load(const std::string& caseId) {
    auto st = m_db.prepare(std::string(kCaseSelect) + " WHERE c.id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, caseId);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "no review case " + caseId);
    }
    return readCase(*st);
}

Result<std::vector<ReviewCase>> ReviewQueue::list(const auth::Session& session, const CaseFilter& filter) {
    if (auto s = authorize(session, "list", ""); !s) {
        return s.error();
    }
    std::string sql = std::string(kCaseSelect) + " WHERE 1 = 1";
    if (filter.state) {
        sql += " AND c.state = ?1";
    }
    if (filter.claimedBy) {
        sql += " AND c.claimed_by = ?2";
    }
    if (filter.port) {
        sql += " AND i.port = ?3";
    }
    if (filter.lane) {
        sql += " AND i.lane = ?4";
    }
    sql += " ORDER BY c.created_at_ms, c.id LIMIT ?5";
    auto st = m_db.prepare(sql);
    if (!st) {
        return st.error();
    }
    if (filter.state) {
        st->bind(1, caseStateName(*filter.state));
    }
    if (filter.claimedBy) {
        st->bind(2, *filter.claimedBy);
    }
    if (filter.port) {
        st->bind(3, *filter.port);
    }
    if (filter.lane) {
        st->bind(4, *filter.lane);
    }
    st->bind(5, static_cast<std::int64_t>(filter.limit));
    std::vector<ReviewCase> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(readCase(*st));
    }
    return out;
}

Result<QueueSummary> ReviewQueue::summary(const auth::Session& session) {
    if (auto s = authorize(session, "summary", ""); !s) {
        return s.error();
    }
    const auto now = m_clock.now();
    const auto dayStart = std::chrono::floor<std::chrono::days>(now);
    auto st = m_db.prepare("SELECT (SELECT count(*) FROM review_cases WHERE state = 'open'), "
                           "(SELECT count(*) FROM review_cases WHERE state = 'claimed'), "
                           "(SELECT count(*) FROM review_cases WHERE state = 'resolved' AND resolved_at_ms >= ?1), "
                           "(SELECT min(created_at_ms) FROM review_cases WHERE state != 'resolved')");
    if (!st) {
        return st.error();
    }
    st->bind(1, store::toMs(Clock::TimePoint(dayStart)));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    QueueSummary s;
    if (*row) {
        s.open = st->columnInt64(0);
        s.claimed = st->columnInt64(1);
        s.resolvedToday = st->columnInt64(2);
        if (auto oldest = st->columnOptInt64(3)) {
            s.oldestOpen =
                std::max(std::chrono::milliseconds(0),
                         std::chrono::duration_cast<std::chrono::milliseconds>(now - store::fromMs(*oldest)));
        }
    }
    return s;
}

Result<ReviewCase> ReviewQueue::get(const auth::Session& session, const std::string& caseId) {
    if (auto s = authorize(session, "get", caseId); !s) {
        return s.error();
    }
    return load(caseId);
}

Result<CaseEvidence> ReviewQueue::evidence(const auth::Session& session, const std::string& caseId) {
    if (auto s = authorize(session, "view", caseId); !s) {
        return s.error();
    }
    auto c = load(caseId);
    if (!c) {
        return c.error();
    }
    auto row = m_inspections.get(c->inspectionId);
    if (!row) {
        return row.error();
    }
    CaseEvidence ev;
    ev.reviewCase = *c;
    ev.inspection = *row;
    ev.reasonCodes = row->reasonCodes;
    ev.qualityJson = row->qualityJson;
    ev.officerNote = row->details.note;
    ev.referralReason = row->details.referralReason;
    // Audit before opening anything sealed: a view that fails half-way is still on record.
    const nlohmann::json auditDetails = {{"inspection", c->inspectionId},
                                         {"photo_present", row->hasCapturePhoto},
                                         {"state", std::string(caseStateName(c->state))}};
    if (auto s = m_audit.append({m_clock.now(), session.username, "review.case.view", caseId, auditDetails.dump()});
        !s) {
        return s.error();
    }
    if (row->hasCapturePhoto) {
        auto photo = m_inspections.capturePhoto(c->inspectionId);
        if (!photo) {
            return photo.error();
        }
        ev.capturePhoto = std::move(*photo);
    }
    if (c->state == CaseState::Resolved) {
        auto st = m_db.prepare("SELECT note FROM review_cases WHERE id = ?1");
        if (!st) {
            return st.error();
        }
        st->bind(1, caseId);
        auto r = st->step();
        if (!r) {
            return r.error();
        }
        if (*r && !st->isNull(0)) {
            const store::Bytes sealed = st->columnBlob(0);
            auto note = m_crypto.openText({"review_cases", "note", caseId}, sealed);
            if (!note) {
                return note.error();
            }
            ev.resolutionNote = std::move(*note);
        }
    }
    return ev;
}

Result<ReviewCase> ReviewQueue::claim(const auth::Session& session, const std::string& caseId) {
    if (auto s = authorize(session, "claim", caseId); !s) {
        return s.error();
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto c = load(caseId);
    if (!c) {
        return c.error();
    }
    if (c->state == CaseState::Claimed && c->claimedBy == session.username) {
        return c; // already ours: nothing changes, nothing to audit
    }
    if (c->state != CaseState::Open) {
        return makeError(ErrorCode::Conflict, "review case " + caseId + " is " + std::string(caseStateName(c->state)));
    }
    const auto now = m_clock.now();
    auto up = m_db.prepare("UPDATE review_cases SET state = 'claimed', claimed_by = ?2, claimed_at_ms = ?3, "
                           "updated_at_ms = ?3 WHERE id = ?1 AND state = 'open'");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, caseId).bind(2, session.username).bind(3, store::toMs(now)).run(); !s) {
        return s.error();
    }
    const nlohmann::json details = {{"from", "open"}, {"to", "claimed"}};
    if (auto s = m_audit.append({now, session.username, "review.case.claim", caseId, details.dump()}); !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return load(caseId);
}

Result<ReviewCase> ReviewQueue::release(const auth::Session& session, const std::string& caseId) {
    if (auto s = authorize(session, "release", caseId); !s) {
        return s.error();
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto c = load(caseId);
    if (!c) {
        return c.error();
    }
    if (c->state != CaseState::Claimed || c->claimedBy != session.username) {
        return makeError(ErrorCode::Conflict, "review case " + caseId + " is not claimed by this supervisor");
    }
    const auto now = m_clock.now();
    auto up = m_db.prepare("UPDATE review_cases SET state = 'open', claimed_by = NULL, claimed_at_ms = NULL, "
                           "updated_at_ms = ?2 WHERE id = ?1 AND state = 'claimed'");
    if (!up) {
        return up.error();
    }
    if (auto s = up->bind(1, caseId).bind(2, store::toMs(now)).run(); !s) {
        return s.error();
    }
    const nlohmann::json details = {{"from", "claimed"}, {"to", "open"}};
    if (auto s = m_audit.append({now, session.username, "review.case.release", caseId, details.dump()}); !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return load(caseId);
}

Result<ReviewCase> ReviewQueue::resolve(const auth::Session& session, const std::string& caseId, Resolution resolution,
                                        const std::string& note) {
    if (auto s = authorize(session, "resolve", caseId); !s) {
        return s.error();
    }
    if (resolution == Resolution::Unknown) {
        return makeError(ErrorCode::InvalidArgument, "a resolution is required");
    }
    if (blank(note)) {
        return makeError(ErrorCode::InvalidArgument, "a resolution needs a note");
    }
    auto sealed = m_crypto.sealText({"review_cases", "note", caseId}, note);
    if (!sealed) {
        return sealed.error();
    }
    auto tx = store::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto c = load(caseId);
    if (!c) {
        return c.error();
    }
    if (c->state != CaseState::Claimed || c->claimedBy != session.username) {
        return makeError(ErrorCode::Conflict, "review case " + caseId + " must be claimed by this supervisor first");
    }
    const auto now = m_clock.now();
    auto up = m_db.prepare("UPDATE review_cases SET state = 'resolved', resolution = ?2, note = ?3, resolved_by = ?4, "
                           "resolved_at_ms = ?5, updated_at_ms = ?5 WHERE id = ?1 AND state = 'claimed'");
    if (!up) {
        return up.error();
    }
    up->bind(1, caseId)
        .bind(2, resolutionName(resolution))
        .bind(3, store::ByteView(*sealed))
        .bind(4, session.username)
        .bind(5, store::toMs(now));
    if (auto s = up->run(); !s) {
        return s.error();
    }
    const nlohmann::json details = {
        {"from", "claimed"},
        {"to", "resolved"},
        {"resolution", std::string(resolutionName(resolution))},
        {"inspection", c->inspectionId},
        {"time_in_queue_ms", std::chrono::duration_cast<std::chrono::milliseconds>(now - c->createdAt).count()}};
    if (auto s = m_audit.append({now, session.username, "review.case.resolve", caseId, details.dump()}); !s) {
        return s.error();
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return load(caseId);
}

} // namespace portico::review
