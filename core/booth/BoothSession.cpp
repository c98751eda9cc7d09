// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/BoothSession.h"

#include "common/Log.h"

#include <nlohmann/json.hpp>

namespace portico::booth {

std::string_view decisionName(Decision decision) {
    switch (decision) {
    case Decision::Verified:
        return "verified";
    case Decision::Referred:
        return "referred";
    case Decision::OptOut:
        return "opt_out";
    case Decision::NoShow:
        return "no_show";
    case Decision::Unknown:
        break;
    }
    return "unknown";
}

TravelerRef travelerRefFor(const manifest::ManifestEntry& entry) {
    TravelerRef ref;
    ref.appointmentId = entry.appointmentId;
    ref.citizen = entry.citizenship == "us_citizen";
    ref.dateOfBirth = entry.dateOfBirth;
    ref.sex = entry.sex;
    return ref;
}

BoothSession::BoothSession(store::InspectionStore& inspections, const Clock& clock, SessionPolicy policy)
    : m_inspections(inspections), m_clock(clock), m_policy(std::move(policy)) {}

void BoothSession::reset() {
    m_capture.reset();
    m_outcome.reset();
    m_traveler.reset();
    m_document.reset();
    m_documentMismatch = false;
    m_lookAlikes.clear();
    m_optedOut = false;
    m_prior.reset();
    m_manifestExpired = false;
}

void BoothSession::setDocumentComparison(const DocumentComparison& comparison) {
    if (!m_optedOut) {
        m_document = comparison;
    }
}

void BoothSession::setCapture(CaptureEvidence capture) {
    if (m_optedOut) {
        return; // an opted-out traveler's image is never held, whatever a late camera callback delivers
    }
    m_capture = std::move(capture);
}

void BoothSession::setOutcome(match::Outcome outcome) {
    m_outcome = std::move(outcome);
}

void BoothSession::setTraveler(TravelerRef traveler) {
    m_prior.reset();
    if (!traveler.appointmentId.empty()) {
        auto prior = m_inspections.latestDecisionFor(traveler.appointmentId);
        if (prior) {
            m_prior = std::move(prior.value());
        } else {
            // The decision still records; the repeat check is what is missing, and the log says so.
            log::get("booth")->warn("looking up earlier decisions for the appointment failed: {}",
                                    errorCodeName(prior.code()));
        }
    }
    m_traveler = std::move(traveler);
}

void BoothSession::optOut() {
    m_optedOut = true;
    m_capture.reset();
    m_outcome.reset();
}

std::vector<std::string> BoothSession::secondLookReasons() const {
    std::vector<std::string> reasons;
    if (m_outcome) {
        for (auto r : m_outcome->reasons) {
            if (r != match::ReasonCode::Matched) {
                reasons.emplace_back(match::reasonCodeName(r));
            }
        }
    }
    if (m_capture && m_capture->liveness && *m_capture->liveness < 0.5) {
        reasons.emplace_back("low_liveness");
    }
    if (m_prior) {
        reasons.emplace_back("repeat_appointment");
    }
    if (m_manifestExpired && m_outcome) {
        reasons.emplace_back("manifest_expired");
    }
    return reasons;
}

Result<store::RecordedInspection> BoothSession::decide(Decision decision, const std::string& reason,
                                                       const std::string& note) {
    if (m_officer.empty()) {
        return makeError(ErrorCode::Unauthorized, "no officer is logged in");
    }
    if (decision == Decision::Unknown) {
        return makeError(ErrorCode::InvalidArgument, "unknown decision");
    }
    if (decision == Decision::Referred && reason.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a referral needs a reason");
    }
    if (decision == Decision::OptOut) {
        optOut();
    }

    store::NewInspection rec;
    rec.officerId = m_officer;
    rec.port = m_policy.port;
    rec.lane = m_policy.lane;
    rec.decision = std::string(decisionName(decision));
    rec.optedOut = m_optedOut;
    if (m_traveler) {
        rec.appointmentId = m_traveler->appointmentId;
        rec.citizen = m_traveler->citizen;
        // Aggregate-only facts for monitoring: the band on the decision day, never the date of birth itself.
        rec.ageBand = store::ageBand(m_traveler->dateOfBirth, m_clock.now());
        rec.sex = store::parseSex(m_traveler->sex);
    }
    rec.outcome = m_outcome ? std::string(match::outcomeKindName(m_outcome->kind())) : "none";
    if (m_outcome) {
        for (auto r : m_outcome->reasons) {
            rec.reasonCodes.emplace_back(match::reasonCodeName(r));
        }
        if (m_outcome->threshold) {
            rec.threshold = m_outcome->threshold->score;
            rec.thresholdFmr = m_outcome->threshold->fmr;
        }
        if (const auto* m = std::get_if<match::Match>(&m_outcome->result)) {
            rec.score = m->score;
        } else if (const auto* nm = std::get_if<match::NoMatch>(&m_outcome->result); nm && nm->best) {
            rec.score = nm->best->score;
        } else if (const auto* a = std::get_if<match::Ambiguous>(&m_outcome->result); a && !a->candidates.empty()) {
            rec.score = a->candidates.front().score;
        }
    }
    if (m_document && !m_optedOut) {
        rec.docScore = m_document->score;
        rec.docThreshold = m_document->threshold.score;
        rec.docFmr = m_document->threshold.fmr;
    }
    if (m_documentMismatch) {
        rec.reasonCodes.emplace_back("document_mismatch");
    }
    if (m_capture) {
        rec.capturedAt = m_capture->capturedAt;
        rec.modelId = m_capture->modelId;
        rec.qualityJson = m_capture->qualityJson;
        rec.liveness = m_capture->liveness;
        // Citizens' images are kept only as long as the policy allows; at the default (0) they are never written.
        const bool keepImages = !rec.citizen || m_policy.citizenCaptureRetention.count() > 0;
        if (keepImages) {
            rec.capturePhoto = m_capture->jpeg;
            rec.captureTemplate = m_capture->templ;
        }
    }
    if (decision == Decision::Referred) {
        rec.reasonCodes.emplace_back("officer_referral");
    }
    for (const auto& r : secondLookReasons()) {
        if (r == "low_liveness" || r == "repeat_appointment" || r == "manifest_expired") {
            rec.reasonCodes.push_back(r);
        }
    }
    nlohmann::json details = {{"referral_reason", reason}, {"note", note}};
    if (m_prior) {
        // Which record came first, so the review shows both decisions about the one booking.
        details["prior_inspection"] = {{"id", m_prior->inspectionId},
                                       {"decision", m_prior->decision},
                                       {"decided_at_ms", store::toMs(m_prior->decidedAt)}};
    }
    if (m_capture && m_capture->timeToCaptureMs) {
        details["time_to_capture_ms"] = *m_capture->timeToCaptureMs;
    }
    if (m_capture && m_capture->faceBox && !rec.capturePhoto.empty()) {
        const auto& b = *m_capture->faceBox; // where the face is in the kept photo: no use without the photo
        details["face_box"] = {b.x, b.y, b.width, b.height};
    }
    if (!m_lookAlikes.empty() && !m_optedOut) {
        nlohmann::json lookAlikes = nlohmann::json::array();
        for (std::size_t i = 0; i < m_lookAlikes.size() && i < 3; ++i) {
            lookAlikes.push_back({{"appointment", m_lookAlikes[i].first}, {"score", m_lookAlikes[i].second}});
        }
        details["candidates"] = std::move(lookAlikes);
    }
    rec.detailsJson = details.dump();
    auto recorded = m_inspections.record(rec);
    if (!recorded) {
        // Nothing is lost: the session keeps the traveler so the officer can try again.
        log::get("booth")->error("recording the decision failed: {}", errorCodeName(recorded.code()));
        return recorded.error();
    }
    reset();
    return recorded;
}

} // namespace portico::booth
