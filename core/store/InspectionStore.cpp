// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/InspectionStore.h"

#include "common/Log.h"
#include "store/InspectionJson.h"
#include "store/Uuid.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portico::store {

const char* const kInspectionColumns =
    "id, device_id, device_seq, created_at_ms, captured_at_ms, decided_at_ms, officer_id, port, lane, "
    "appointment_id, outcome, decision, score, threshold, threshold_fmr, doc_score, doc_threshold, doc_fmr, "
    "liveness, model_id, quality_json, reason_codes, details_json, is_citizen, opted_out, "
    "capture_photo IS NOT NULL, capture_template IS NOT NULL, biometrics_purged_at_ms";

Status openOfficerNote(const Crypto& crypto, InspectionRow& row, const Statement& st, int column) {
    if (st.isNull(column)) {
        return {}; // no note, or a record from before schema v4 (its note, if any, is in details_json)
    }
    auto note = crypto.openText({"inspections", "officer_note", row.id}, st.columnBlob(column));
    if (!note) {
        return note.error();
    }
    row.details.note = std::move(*note);
    return {};
}

InspectionRow readInspectionRow(const Statement& st) {
    InspectionRow r;
    r.id = st.columnText(0);
    r.deviceId = st.columnText(1);
    r.deviceSeq = st.columnInt64(2);
    r.createdAt = fromMs(st.columnInt64(3));
    if (auto v = st.columnOptInt64(4)) {
        r.capturedAt = fromMs(*v);
    }
    r.decidedAt = fromMs(st.columnInt64(5));
    r.officerId = st.columnText(6);
    r.port = st.columnText(7);
    r.lane = static_cast<int>(st.columnInt64(8));
    r.appointmentId = st.columnOptText(9);
    r.outcome = inspection::parseOutcome(st.columnText(10));
    r.decision = inspection::parseDecision(st.columnText(11));
    r.score = st.columnOptDouble(12);
    const auto threshold = st.columnOptDouble(13);
    const auto thresholdFmr = st.columnOptDouble(14);
    r.docScore = st.columnOptDouble(15);
    r.docThreshold = st.columnOptDouble(16);
    r.docFmr = st.columnOptDouble(17);
    r.liveness = st.columnOptDouble(18);
    r.modelId = st.columnText(19);
    r.qualityJson = st.columnText(20);
    r.reasonCodes = parseReasonCodes(st.columnText(21));
    r.details = parseDetails(st.columnText(22));
    if (!r.details.threshold && threshold && thresholdFmr) {
        // A record from before the whole threshold was kept in its details: its score and FMR, no odds.
        r.details.threshold = inspection::ThresholdFacts{*threshold, *thresholdFmr, std::nullopt, std::nullopt};
    }
    r.citizen = st.columnInt64(23) != 0;
    r.optedOut = st.columnInt64(24) != 0;
    r.hasCapturePhoto = st.columnInt64(25) != 0;
    r.hasCaptureTemplate = st.columnInt64(26) != 0;
    if (auto v = st.columnOptInt64(27)) {
        r.biometricsPurgedAt = fromMs(*v);
    }
    return r;
}

InspectionStore::InspectionStore(Database& db, const Crypto& crypto, AuditSink& audit, const Clock& clock,
                                 std::string deviceId)
    : m_db(db), m_crypto(crypto), m_audit(audit), m_clock(clock), m_deviceId(std::move(deviceId)) {}

namespace {
bool isJsonObject(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    return !j.is_discarded() && j.is_object();
}
} // namespace

Result<RecordedInspection> InspectionStore::record(const NewInspection& in) {
    if (in.optedOut && (!in.capturePhoto.empty() || !in.captureTemplate.empty())) {
        return makeError(ErrorCode::InvalidArgument, "an opted-out traveler's record may not carry any image or "
                                                     "template");
    }
    if (in.officerId.empty() || in.outcome == inspection::Outcome::Unknown ||
        in.decision == inspection::Decision::Unknown) {
        return makeError(ErrorCode::InvalidArgument, "inspection needs officer, outcome and decision");
    }
    if (m_deviceId.empty()) {
        return makeError(ErrorCode::InvalidArgument, "inspection store has no device id");
    }
    if (!isJsonObject(in.qualityJson)) {
        return makeError(ErrorCode::InvalidArgument, "quality must be a JSON object");
    }
    const auto now = m_clock.now();
    RecordedInspection out;
    out.id = uuidV7(now);
    out.createdAt = now;
    const auto decided = in.decidedAt.value_or(now);

    std::optional<Bytes> photo;
    std::optional<Bytes> tmpl;
    std::optional<Bytes> note;
    if (!in.details.note.empty()) {
        // Free text an officer typed is personal data: sealed, never in details_json (docs/privacy.md).
        auto s = m_crypto.sealText({"inspections", "officer_note", out.id}, in.details.note);
        if (!s) {
            return s.error();
        }
        note = std::move(*s);
    }
    inspection::Details stored = in.details;
    stored.note.clear();
    if (!in.capturePhoto.empty()) {
        auto s = m_crypto.seal({"inspections", "capture_photo", out.id}, in.capturePhoto);
        if (!s) {
            return s.error();
        }
        photo = std::move(*s);
    }
    if (!in.captureTemplate.empty()) {
        auto s = m_crypto.seal({"inspections", "capture_template", out.id}, in.captureTemplate);
        if (!s) {
            return s.error();
        }
        tmpl = std::move(*s);
    }

    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    {
        auto seq = m_db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'last_device_seq' "
                                "RETURNING CAST(value AS INTEGER)");
        if (!seq) {
            return seq.error();
        }
        auto row = seq->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return makeError(ErrorCode::DatabaseError, "device sequence counter missing");
        }
        out.deviceSeq = seq->columnInt64(0);
        (void)seq->step();
    }
    auto ins = m_db.prepare(
        "INSERT INTO inspections (id, device_id, device_seq, created_at_ms, captured_at_ms, decided_at_ms, officer_id, "
        "port, lane, appointment_id, outcome, decision, score, threshold, threshold_fmr, doc_score, doc_threshold, "
        "doc_fmr, liveness, model_id, quality_json, reason_codes, details_json, is_citizen, opted_out, capture_photo, "
        "capture_template, age_band, sex, officer_note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)");
    if (!ins) {
        return ins.error();
    }
    std::optional<std::int64_t> capturedMs;
    if (in.capturedAt) {
        capturedMs = toMs(*in.capturedAt);
    }
    // The threshold's score and FMR also go to their own columns (monitoring and the protocol read them there).
    std::optional<double> threshold;
    std::optional<double> thresholdFmr;
    if (in.details.threshold) {
        threshold = in.details.threshold->score;
        thresholdFmr = in.details.threshold->fmr;
    }
    ins->bind(1, out.id)
        .bind(2, m_deviceId)
        .bind(3, out.deviceSeq)
        .bind(4, toMs(now))
        .bind(5, capturedMs)
        .bind(6, toMs(decided))
        .bind(7, in.officerId)
        .bind(8, in.port)
        .bind(9, in.lane)
        .bind(10, in.appointmentId)
        .bind(11, inspection::outcomeName(in.outcome))
        .bind(12, inspection::decisionName(in.decision))
        .bind(13, in.score)
        .bind(14, threshold)
        .bind(15, thresholdFmr)
        .bind(16, in.docScore)
        .bind(17, in.docThreshold)
        .bind(18, in.docFmr)
        .bind(19, in.liveness)
        .bind(20, in.modelId)
        .bind(21, in.qualityJson)
        .bind(22, toJson(in.reasonCodes).dump())
        .bind(23, detailsText(stored))
        .bind(24, in.citizen ? 1 : 0)
        .bind(25, in.optedOut ? 1 : 0);
    if (photo) {
        ins->bind(26, ByteView(*photo));
    } else {
        ins->bind(26, nullptr);
    }
    if (tmpl) {
        ins->bind(27, ByteView(*tmpl));
    } else {
        ins->bind(27, nullptr);
    }
    ins->bind(28, ageBandName(in.ageBand)).bind(29, sexName(in.sex));
    if (note) {
        ins->bind(30, ByteView(*note));
    } else {
        ins->bind(30, nullptr);
    }
    if (auto s = ins->run(); !s) {
        return s.error();
    }
    auto ob = m_db.prepare("INSERT INTO outbox (inspection_id, device_seq, state, attempts, next_attempt_ms) "
                           "VALUES (?1, ?2, 'pending', 0, ?3)");
    if (!ob) {
        return ob.error();
    }
    if (auto s = ob->bind(1, out.id).bind(2, out.deviceSeq).bind(3, toMs(now)).run(); !s) {
        return s.error();
    }
    nlohmann::json details = {{"seq", out.deviceSeq},
                              {"outcome", std::string(inspection::outcomeName(in.outcome))},
                              {"decision", std::string(inspection::decisionName(in.decision))},
                              {"opted_out", in.optedOut},
                              {"photo_stored", photo.has_value()},
                              {"template_stored", tmpl.has_value()}};
    if (in.appointmentId) {
        details["appointment"] = *in.appointmentId;
    }
    if (in.details.abandoned != inspection::AbandonReason::Unknown) {
        details["abandoned_because"] = std::string(inspection::abandonReasonName(in.details.abandoned));
    }
    if (in.details.framesAnalysedBeforeOptOut) {
        // The audit says whether the opt-out came before any frame of the traveler was analysed.
        details["frames_analysed_before_opt_out"] = *in.details.framesAnalysedBeforeOptOut;
    }
    if (auto s = m_audit.append({now, in.officerId, "inspection.record", out.id, details.dump()}); !s) {
        return s.error();
    }
    // The review case commits with the inspection or not at all: no inspection that needs review exists without it.
    if (const auto& reasons = in.reviewReasons; !reasons.empty()) {
        const std::string caseId = uuidV7(now);
        auto rc = m_db.prepare("INSERT INTO review_cases (id, inspection_id, reasons, state, created_at_ms, "
                               "updated_at_ms) VALUES (?1, ?2, ?3, 'open', ?4, ?4)");
        if (!rc) {
            return rc.error();
        }
        if (auto s = rc->bind(1, caseId).bind(2, out.id).bind(3, toJson(reasons).dump()).bind(4, toMs(now)).run(); !s) {
            return s.error();
        }
        const nlohmann::json caseDetails = {{"inspection", out.id}, {"reasons", toJson(reasons)}};
        if (auto s = m_audit.append({now, "system", "review.case.open", caseId, caseDetails.dump()}); !s) {
            return s.error();
        }
        out.reviewCaseId = caseId;
    }
    if (auto s = tx->commit(); !s) {
        log::get("store")->error("inspection commit failed: {}", s.error().toString());
        return s.error();
    }
    return out;
}

Result<InspectionRow> InspectionStore::get(const std::string& id) {
    // age_band and sex follow the shared column list (the outbox reads its own columns after it by position).
    auto st = m_db.prepare(std::string("SELECT ") + kInspectionColumns +
                           ", age_band, sex, officer_note FROM inspections "
                           "WHERE id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, id);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "no inspection " + id);
    }
    InspectionRow r = readInspectionRow(*st);
    r.ageBand = parseAgeBand(st->columnText(28));
    r.sex = parseSex(st->columnText(29));
    if (auto s = openOfficerNote(m_crypto, r, *st, 30); !s) {
        return s.error();
    }
    return r;
}

Result<std::optional<Bytes>> InspectionStore::openColumn(const std::string& id, std::string_view column) {
    auto st = m_db.prepare("SELECT " + std::string(column) + " FROM inspections WHERE id = ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, id);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return makeError(ErrorCode::NotFound, "no inspection " + id);
    }
    if (st->isNull(0)) {
        return std::optional<Bytes>();
    }
    const Bytes sealed = st->columnBlob(0);
    auto opened = m_crypto.open({"inspections", column, id}, sealed);
    if (!opened) {
        return opened.error();
    }
    return std::optional<Bytes>(std::move(*opened));
}

Result<std::optional<Bytes>> InspectionStore::capturePhoto(const std::string& id) {
    return openColumn(id, "capture_photo");
}

Result<std::optional<Bytes>> InspectionStore::captureTemplate(const std::string& id) {
    return openColumn(id, "capture_template");
}

Result<std::set<std::string>> InspectionStore::decidedAppointments(Clock::TimePoint since) {
    auto st = m_db.prepare("SELECT DISTINCT appointment_id FROM inspections WHERE appointment_id IS NOT NULL AND "
                           "decision != ?2 AND decided_at_ms >= ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, toMs(since)).bind(2, inspection::decisionName(inspection::Decision::Abandoned));
    std::set<std::string> out;
    for (;;) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return out;
        }
        out.insert(st->columnText(0));
    }
}

Result<std::optional<inspection::PriorInspection>>
InspectionStore::latestDecisionFor(const std::string& appointmentId) {
    auto st = m_db.prepare("SELECT id, decision, decided_at_ms FROM inspections WHERE appointment_id = ?1 "
                           "AND decision != ?2 ORDER BY decided_at_ms DESC, device_seq DESC LIMIT 1");
    if (!st) {
        return st.error();
    }
    st->bind(1, appointmentId).bind(2, inspection::decisionName(inspection::Decision::Abandoned));
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<inspection::PriorInspection>{};
    }
    inspection::PriorInspection prior;
    prior.id = st->columnText(0);
    prior.decision = inspection::parseDecision(st->columnText(1));
    prior.decidedAt = fromMs(st->columnInt64(2));
    return std::optional<inspection::PriorInspection>{std::move(prior)};
}

} // namespace portico::store
