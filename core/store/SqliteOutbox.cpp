// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SqliteOutbox.h"

#include "store/InspectionJson.h"
#include "store/InspectionStore.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <limits>

namespace portico::store {

namespace {

std::string base64(const Bytes& b) {
    std::string out(sodium_base64_encoded_len(b.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1); // trailing NUL
    return out;
}

nlohmann::json optJson(const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json parsedOr(const std::string& text, nlohmann::json fallback) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? fallback : j;
}

std::vector<SeqRange> toRanges(std::vector<std::int64_t> seqs) {
    std::sort(seqs.begin(), seqs.end());
    std::vector<SeqRange> out;
    for (auto s : seqs) {
        if (!out.empty() && out.back().last + 1 == s) {
            out.back().last = s;
        } else {
            out.push_back({s, s});
        }
    }
    return out;
}

nlohmann::json rangesJson(const std::vector<SeqRange>& r) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& x : r) {
        a.push_back({x.first, x.last});
    }
    return a;
}

/// next_attempt_ms of a set-aside record: never due.
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

} // namespace

std::string ReconciliationReport::toJson() const {
    nlohmann::json j = {{"device_id", deviceId},
                        {"captured", captured},
                        {"acknowledged", acknowledged},
                        {"pending", pending},
                        {"set_aside", setAside},
                        {"in_flight", inFlight},
                        {"last_device_seq", lastDeviceSeq},
                        {"acknowledged_ranges", rangesJson(acknowledgedRanges)},
                        {"pending_ranges", rangesJson(pendingRanges)},
                        {"missing", rangesJson(missing)},
                        {"audit_head", auditHeadHex}};
    return j.dump();
}

SqliteOutbox::SqliteOutbox(Database& db, const Crypto& crypto, std::chrono::milliseconds lease)
    : m_db(db), m_crypto(crypto), m_lease(lease) {}

Result<std::vector<OutboxRecord>> SqliteOutbox::claimBatch(std::size_t maxRecords, Clock::TimePoint now) {
    std::vector<OutboxRecord> out;
    if (maxRecords == 0) {
        return out;
    }
    const std::int64_t nowMs = toMs(now);
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto st = m_db.prepare("SELECT o.attempts, o.inspection_id FROM outbox o WHERE (o.state = 'pending' AND "
                           "o.next_attempt_ms <= ?1) OR (o.state = "
                           "'in_flight' AND o.claimed_at_ms <= ?2) ORDER BY o.device_seq LIMIT ?3");
    if (!st) {
        return st.error();
    }
    st->bind(1, nowMs).bind(2, nowMs - m_lease.count()).bind(3, static_cast<std::int64_t>(maxRecords));
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        OutboxRecord rec;
        rec.attempts = static_cast<int>(st->columnInt64(0));
        rec.id = st->columnText(1);
        out.push_back(std::move(rec));
    }
    st->reset();
    for (auto& rec : out) {
        // After the shared columns, by position: 28 photo, 29 template, 30 note, 31 age band, 32 sex, 33 the review
        // reasons of the record's case (NULL when the booth's policy sent it to nobody).
        auto q = m_db.prepare(std::string("SELECT ") + kInspectionColumns +
                              ", capture_photo, capture_template, officer_note, age_band, sex, (SELECT reasons FROM "
                              "review_cases WHERE review_cases.inspection_id = inspections.id) FROM inspections "
                              "WHERE id = ?1");
        if (!q) {
            return q.error();
        }
        q->bind(1, rec.id);
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return makeError(ErrorCode::DatabaseError, "outbox row without inspection " + rec.id);
        }
        InspectionRow r = readInspectionRow(*q);
        // The note goes to central inside the record (over TLS); at rest here it stays sealed.
        if (auto s = openOfficerNote(m_crypto, r, *q, 30); !s) {
            return s.error();
        }
        rec.deviceId = r.deviceId;
        rec.deviceSeq = r.deviceSeq;
        nlohmann::json j = {{"id", r.id},
                            {"device_id", r.deviceId},
                            {"device_seq", r.deviceSeq},
                            {"created_at", toIso8601(r.createdAt)},
                            {"captured_at", r.capturedAt ? nlohmann::json(toIso8601(*r.capturedAt)) : nullptr},
                            {"decided_at", toIso8601(r.decidedAt)},
                            {"officer_id", r.officerId},
                            {"port", r.port},
                            {"lane", r.lane},
                            {"appointment_id", r.appointmentId ? nlohmann::json(*r.appointmentId) : nullptr},
                            {"outcome", std::string(inspection::outcomeName(r.outcome))},
                            {"decision", std::string(inspection::decisionName(r.decision))},
                            {"score", optJson(r.score)},
                            {"threshold", r.details.threshold ? nlohmann::json(r.details.threshold->score) : nullptr},
                            {"threshold_fmr", r.details.threshold ? nlohmann::json(r.details.threshold->fmr) : nullptr},
                            {"doc_score", optJson(r.docScore)},
                            {"doc_threshold", optJson(r.docThreshold)},
                            {"doc_fmr", optJson(r.docFmr)},
                            {"liveness", optJson(r.liveness)},
                            {"model_id", r.modelId},
                            {"quality", parsedOr(r.qualityJson, nlohmann::json::object())},
                            {"reason_codes", toJson(r.reasonCodes)},
                            {"details", toJson(r.details)},
                            {"citizen", r.citizen},
                            {"opted_out", r.optedOut},
                            {"age_band", std::string(ageBandName(parseAgeBand(q->columnText(31))))},
                            {"sex", std::string(sexName(parseSex(q->columnText(32))))},
                            // Central opens a supervisor's case for exactly these (booth::reviewReasonsFor decided).
                            {"review_reasons",
                             q->isNull(33) ? nlohmann::json::array() : toJson(parseReviewReasons(q->columnText(33)))}};
        if (!r.citizen && !r.optedOut) {
            if (!q->isNull(28)) {
                auto photo = m_crypto.open({"inspections", "capture_photo", r.id}, q->columnBlob(28));
                if (!photo) {
                    return photo.error();
                }
                j["capture_photo_jpeg_b64"] = base64(*photo);
                sodium_memzero(photo->data(), photo->size());
            }
            if (!q->isNull(29)) {
                auto tmpl = m_crypto.open({"inspections", "capture_template", r.id}, q->columnBlob(29));
                if (!tmpl) {
                    return tmpl.error();
                }
                j["capture_template_b64"] = base64(*tmpl);
            }
        }
        rec.payloadJson = j.dump();
        auto up = m_db.prepare("UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, claimed_at_ms = ?1 "
                               "WHERE inspection_id = ?2");
        if (!up) {
            return up.error();
        }
        if (auto s = up->bind(1, nowMs).bind(2, rec.id).run(); !s) {
            return s.error();
        }
    }
    if (auto s = tx->commit(); !s) {
        return s.error();
    }
    return out;
}

Status SqliteOutbox::markAcknowledged(const std::vector<std::string>& ids, Clock::TimePoint now) {
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare("UPDATE outbox SET state = 'acknowledged', acknowledged_at_ms = ?1, last_error = NULL "
                           "WHERE inspection_id = ?2 AND state != 'acknowledged'");
    if (!up) {
        return up.error();
    }
    for (const auto& id : ids) {
        if (auto s = up->bind(1, toMs(now)).bind(2, id).run(); !s) {
            return s;
        }
    }
    return tx->commit();
}

Status SqliteOutbox::markFailed(const std::vector<std::string>& ids, const std::string& error,
                                Clock::TimePoint nextAttempt) {
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare("UPDATE outbox SET state = 'pending', next_attempt_ms = ?1, last_error = ?2, "
                           "claimed_at_ms = NULL WHERE inspection_id = ?3 AND state != 'acknowledged'");
    if (!up) {
        return up.error();
    }
    const std::string err = error.substr(0, 500);
    for (const auto& id : ids) {
        if (auto s = up->bind(1, toMs(nextAttempt)).bind(2, err).bind(3, id).run(); !s) {
            return s;
        }
    }
    return tx->commit();
}

Status SqliteOutbox::setAside(const std::vector<std::string>& ids, const std::string& reason) {
    auto tx = Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto up = m_db.prepare("UPDATE outbox SET state = 'pending', next_attempt_ms = ?1, last_error = ?2, "
                           "claimed_at_ms = NULL WHERE inspection_id = ?3 AND state != 'acknowledged'");
    if (!up) {
        return up.error();
    }
    const std::string err = ("set aside: " + reason).substr(0, 500);
    for (const auto& id : ids) {
        if (auto s = up->bind(1, kNever).bind(2, err).bind(3, id).run(); !s) {
            return s;
        }
    }
    return tx->commit();
}

Result<std::optional<Clock::TimePoint>> SqliteOutbox::nextAttempt() {
    auto st = m_db.prepare("SELECT min(next_attempt_ms) FROM outbox WHERE state = 'pending' AND next_attempt_ms < ?1");
    if (!st) {
        return st.error();
    }
    st->bind(1, kNever);
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row || st->isNull(0)) {
        return std::optional<Clock::TimePoint>();
    }
    return std::optional<Clock::TimePoint>(fromMs(st->columnInt64(0)));
}

Status SqliteOutbox::releaseInFlight() {
    return m_db.exec("UPDATE outbox SET state = 'pending', claimed_at_ms = NULL WHERE state = 'in_flight'");
}

Result<std::int64_t> SqliteOutbox::depth() {
    return m_db.queryInt64("SELECT count(*) FROM outbox WHERE state != 'acknowledged'");
}

Result<std::optional<std::chrono::milliseconds>> SqliteOutbox::oldestPendingAge(Clock::TimePoint now) {
    auto st = m_db.prepare("SELECT min(i.decided_at_ms) FROM outbox o JOIN inspections i ON i.id = o.inspection_id "
                           "WHERE o.state != 'acknowledged'");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row || st->isNull(0)) {
        return std::optional<std::chrono::milliseconds>();
    }
    return std::optional<std::chrono::milliseconds>(std::chrono::milliseconds(toMs(now) - st->columnInt64(0)));
}

Result<std::optional<Clock::TimePoint>> SqliteOutbox::lastSuccess() {
    auto st = m_db.prepare("SELECT max(acknowledged_at_ms) FROM outbox");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row || st->isNull(0)) {
        return std::optional<Clock::TimePoint>();
    }
    return std::optional<Clock::TimePoint>(fromMs(st->columnInt64(0)));
}

Result<std::optional<std::string>> SqliteOutbox::lastError() {
    auto st = m_db.prepare("SELECT last_error FROM outbox WHERE state != 'acknowledged' AND last_error IS NOT NULL "
                           "ORDER BY next_attempt_ms DESC LIMIT 1");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return std::optional<std::string>();
    }
    return std::optional<std::string>(st->columnText(0));
}

Result<ReconciliationReport> SqliteOutbox::report() {
    auto tx = Transaction::begin(m_db, Transaction::Kind::Deferred);
    if (!tx) {
        return tx.error();
    }
    ReconciliationReport r;
    auto last = m_db.queryText("SELECT value FROM meta WHERE key = 'last_device_seq'");
    if (!last) {
        return last.error();
    }
    r.lastDeviceSeq = std::stoll(*last);
    auto st = m_db.prepare("SELECT i.device_id, i.device_seq, o.state, o.next_attempt_ms FROM inspections i LEFT "
                           "JOIN outbox o ON o.inspection_id = i.id ORDER BY i.device_seq");
    if (!st) {
        return st.error();
    }
    std::vector<std::int64_t> ack;
    std::vector<std::int64_t> pend;
    std::vector<bool> seen(static_cast<std::size_t>(r.lastDeviceSeq) + 1, false);
    while (true) {
        auto row = st->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        ++r.captured;
        r.deviceId = st->columnText(0);
        const std::int64_t seq = st->columnInt64(1);
        const auto state = st->columnOptText(2);
        if (!state) {
            continue; // no outbox row: reported as missing below
        }
        if (seq >= 1 && seq <= r.lastDeviceSeq) {
            seen[static_cast<std::size_t>(seq)] = true;
        }
        if (*state == "acknowledged") {
            ++r.acknowledged;
            ack.push_back(seq);
        } else {
            (*state == "in_flight" ? r.inFlight : r.pending) += 1;
            if (*state == "pending" && st->columnInt64(3) == kNever) {
                ++r.setAside;
            }
            pend.push_back(seq);
        }
    }
    std::vector<std::int64_t> missing;
    for (std::int64_t s = 1; s <= r.lastDeviceSeq; ++s) {
        if (!seen[static_cast<std::size_t>(s)]) {
            missing.push_back(s);
        }
    }
    r.acknowledgedRanges = toRanges(std::move(ack));
    r.pendingRanges = toRanges(std::move(pend));
    r.missing = toRanges(std::move(missing));
    auto head = auditHead();
    if (!head) {
        return head.error();
    }
    r.auditHeadHex = head->hashHex;
    return r;
}

Result<AuditHead> SqliteOutbox::auditHead() {
    auto st = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!st) {
        return st.error();
    }
    auto row = st->step();
    if (!row) {
        return row.error();
    }
    AuditHead h;
    if (*row) {
        h.seq = st->columnInt64(0);
        const Bytes b = st->columnBlob(1);
        std::string hex(b.size() * 2 + 1, '\0');
        sodium_bin2hex(hex.data(), hex.size(), b.data(), b.size());
        hex.pop_back();
        h.hashHex = hex;
    }
    return h;
}

Status SqliteOutbox::noteAuditHeadUploaded(const AuditHead& head) {
    if (head.seq <= 0 || head.hashHex.empty()) {
        return {};
    }
    // Only ever raised: "seq:hex", replaced when the new head is further along the chain.
    auto st = m_db.prepare("INSERT INTO meta(key, value) VALUES ('audit_head_uploaded', ?1) ON CONFLICT(key) DO "
                           "UPDATE SET value = excluded.value WHERE CAST(substr(value, 1, instr(value, ':') - 1) AS "
                           "INTEGER) < ?2");
    if (!st) {
        return st.error();
    }
    return st->bind(1, std::to_string(head.seq) + ":" + head.hashHex).bind(2, head.seq).run();
}

} // namespace portico::store
