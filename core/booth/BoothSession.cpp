// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/BoothSession.h"

#include "booth/BoothPolicy.h"
#include "common/Log.h"

namespace portico::booth {

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
    m_framesAnalysed = 0;
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

std::vector<inspection::ReasonCode> BoothSession::secondLookReasons() const {
    return booth::secondLookReasons(m_outcome ? m_outcome->reasons : std::vector<match::ReasonCode>{},
                                    m_capture ? m_capture->liveness : std::nullopt, m_prior.has_value(),
                                    m_manifestExpired && m_outcome.has_value());
}

namespace {
inspection::Outcome recordedOutcome(const std::optional<match::Outcome>& outcome) {
    if (!outcome) {
        return inspection::Outcome::None;
    }
    switch (outcome->kind()) {
    case match::OutcomeKind::Match:
        return inspection::Outcome::Match;
    case match::OutcomeKind::NoMatch:
        return inspection::Outcome::NoMatch;
    case match::OutcomeKind::Ambiguous:
        return inspection::Outcome::Ambiguous;
    case match::OutcomeKind::LowQuality:
        return inspection::Outcome::LowQuality;
    case match::OutcomeKind::Unavailable:
        return inspection::Outcome::Unavailable;
    case match::OutcomeKind::Unknown:
        break;
    }
    return inspection::Outcome::Unknown;
}
} // namespace

Result<store::RecordedInspection> BoothSession::decide(inspection::Decision decision, const std::string& reason,
                                                       const std::string& note, inspection::SecondLookCheck check) {
    using inspection::Decision;
    using inspection::ReasonCode;
    if (m_officer.empty()) {
        return makeError(ErrorCode::Unauthorized, "no officer is logged in");
    }
    if (decision == Decision::Unknown || decision == Decision::Abandoned) {
        return makeError(ErrorCode::InvalidArgument, "not a decision an officer makes");
    }
    if (decision == Decision::Verified && !m_outcome && !m_traveler) {
        return makeError(ErrorCode::InvalidArgument,
                         "nothing to verify: no capture was matched and no appointment was opened");
    }
    if (decision == Decision::Referred && reason.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a referral needs a reason");
    }
    if (decision == Decision::Verified && needsConfirmedSecondLook(secondLookReasons()) &&
        check == inspection::SecondLookCheck::Unknown) {
        return makeError(ErrorCode::ConfirmationRequired,
                         "the age policy needs a confirmed second look (what was checked) before verified");
    }
    if (check == inspection::SecondLookCheck::OtherCheck && note.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a second look by another check needs a note saying what");
    }
    if (decision == Decision::OptOut) {
        optOut();
    }
    return record(decision, reason, note, check, inspection::AbandonReason::Unknown);
}

Result<std::optional<store::RecordedInspection>> BoothSession::abandon(inspection::AbandonReason why) {
    if (!m_outcome || m_optedOut) {
        reset(); // nothing was analysed (or the traveler opted out, already recorded): nothing to record
        return std::optional<store::RecordedInspection>{};
    }
    if (m_officer.empty()) {
        return makeError(ErrorCode::Unauthorized, "no officer is logged in");
    }
    auto recorded = record(inspection::Decision::Abandoned, {}, {}, inspection::SecondLookCheck::Unknown, why);
    if (!recorded) {
        return recorded.error();
    }
    return std::optional<store::RecordedInspection>{std::move(recorded.value())};
}

Result<store::RecordedInspection> BoothSession::record(inspection::Decision decision, const std::string& reason,
                                                       const std::string& note, inspection::SecondLookCheck check,
                                                       inspection::AbandonReason abandoned) {
    using inspection::Decision;
    using inspection::ReasonCode;
    store::NewInspection rec;
    rec.officerId = m_officer;
    rec.port = m_policy.port;
    rec.lane = m_policy.lane;
    rec.decision = decision;
    rec.optedOut = m_optedOut;
    if (m_traveler) {
        rec.appointmentId = m_traveler->appointmentId;
        rec.citizen = m_traveler->citizen;
        // Aggregate-only facts for monitoring: the band on the decision day, never the date of birth itself.
        rec.ageBand = store::ageBand(m_traveler->dateOfBirth, m_clock.now());
        rec.sex = store::parseSex(m_traveler->sex);
    }
    rec.outcome = recordedOutcome(m_outcome);
    if (m_outcome) {
        for (auto r : m_outcome->reasons) {
            rec.reasonCodes.push_back(toReasonCode(r));
        }
        if (const auto& t = m_outcome->threshold) {
            // The whole operating point the officer was shown, so the supervisor reads the same odds.
            rec.details.threshold = inspection::ThresholdFacts{t->score, t->fmr, t->gallerySize, t->oneIn};
        }
        rec.score = [&]() -> std::optional<double> {
            if (const auto* m = std::get_if<match::Match>(&m_outcome->result)) {
                return m->score;
            }
            if (const auto* nm = std::get_if<match::NoMatch>(&m_outcome->result); nm && nm->best) {
                return nm->best->score;
            }
            if (const auto* a = std::get_if<match::Ambiguous>(&m_outcome->result); a && !a->candidates.empty()) {
                return a->candidates.front().score;
            }
            return std::nullopt;
        }();
    }
    if (m_document && !m_optedOut) {
        rec.docScore = m_document->score;
        rec.docThreshold = m_document->threshold.score;
        rec.docFmr = m_document->threshold.fmr;
    }
    if (m_documentMismatch) {
        rec.reasonCodes.push_back(ReasonCode::DocumentMismatch);
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
        rec.reasonCodes.push_back(ReasonCode::OfficerReferral);
    }
    for (const auto r : secondLookReasons()) {
        if (r == ReasonCode::LowLiveness || r == ReasonCode::RepeatAppointment || r == ReasonCode::ManifestExpired) {
            rec.reasonCodes.push_back(r);
        }
    }
    rec.details.referralReason = reason;
    rec.details.note = note;
    if (decision == Decision::Verified) {
        rec.details.secondLookCheck = check;
    }
    rec.details.abandoned = abandoned;
    if (decision == Decision::OptOut) {
        rec.details.framesAnalysedBeforeOptOut = m_framesAnalysed;
    }
    // Which record came first, so the review shows both decisions about the one booking.
    rec.details.prior = m_prior;
    if (m_capture && m_capture->timeToCaptureMs) {
        rec.details.timeToCaptureMs = *m_capture->timeToCaptureMs;
    }
    if (m_capture && m_capture->faceBox && !rec.capturePhoto.empty()) {
        const auto& b = *m_capture->faceBox; // where the face is in the kept photo: no use without the photo
        rec.details.faceBox = inspection::FaceBox{b.x, b.y, b.width, b.height};
    }
    if (!m_optedOut) {
        for (std::size_t i = 0; i < m_lookAlikes.size() && i < 3; ++i) {
            rec.details.candidates.push_back({m_lookAlikes[i].first, m_lookAlikes[i].second});
        }
    }
    rec.reviewReasons = reviewReasonsFor(rec);
    if (decision == Decision::Abandoned && rec.reviewReasons.empty()) {
        // An undecided clear match goes to nobody: no image is kept. One that needs review keeps its evidence as
        // any record does (citizens' images only as the retention policy allows).
        rec.capturePhoto.clear();
        rec.captureTemplate.clear();
        rec.details.faceBox.reset();
    }
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
