// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "booth/DocumentCheck.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "inspection/Record.h"
#include "manifest/Manifest.h"
#include "match/Outcome.h"
#include "store/InspectionStore.h"

#include <opencv2/core/types.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portico::booth {

/// @brief The best shot and what was measured on it.
struct CaptureEvidence {
    store::Bytes jpeg;   ///< the capture, JPEG-encoded; sealed at rest, kept only as policy allows
    store::Bytes templ;  ///< the face template (core/face Template encoding)
    std::string modelId; ///< model that made the template
    std::string qualityJson = "{}";
    std::optional<double> liveness;
    Clock::TimePoint capturedAt{};
    std::optional<double> timeToCaptureMs; ///< acquisition start → this capture, recorded for capture health
    std::optional<cv::Rect> faceBox;       ///< the subject's face in the capture (pixels), to frame it for review
};

/// @brief The manifest appointment the officer is dealing with. Only references and aggregate facts (age band, sex)
/// reach the record; the date of birth stays in memory.
struct TravelerRef {
    TravelerRef() = default;
    /// @brief Brace-initialisable as {appointment, citizen} like before the age band existed (callers that know the
    /// manifest entry should use travelerRefFor()).
    TravelerRef(std::string appointment, bool isCitizen, std::string dob = {}, std::string sexCode = {})
        : appointmentId(std::move(appointment)), citizen(isCitizen), dateOfBirth(std::move(dob)),
          sex(std::move(sexCode)) {}

    std::string appointmentId;
    bool citizen = false;    ///< U.S. citizen: photos and templates are kept only as the retention policy allows
    std::string dateOfBirth; ///< YYYY-MM-DD from the manifest entry; only its age band at decision time is recorded
    std::string sex;         ///< F, M or X from the manifest entry (anything else is recorded as unknown)
};

/// @brief The reference for a manifest entry (appointment, citizenship, date of birth and sex for the age band).
TravelerRef travelerRefFor(const manifest::ManifestEntry& entry);

/// @brief Station facts and the policy the session applies.
struct SessionPolicy {
    std::string port;
    int lane = 0;
    /// U.S.-citizen captures: 0 = never written (gone at decision time). Larger values keep them for the purge job.
    std::chrono::milliseconds citizenCaptureRetention{0};
};

/// @brief One traveler at the booth, from walk-up to decision: collects the capture, the match outcome and the
/// selected appointment, applies the privacy rules (opt-out: nothing captured or kept; citizens: nothing kept past
/// policy) and turns the officer's decision into one immutable inspection record. Never decides by itself.
class BoothSession {
public:
    BoothSession(store::InspectionStore& inspections, const Clock& clock, SessionPolicy policy);

    /// @brief Clear everything about the previous traveler.
    void reset();
    /// @brief The officer's account for the records that follow.
    void setOfficer(std::string officerId) { m_officer = std::move(officerId); }
    const std::string& officer() const { return m_officer; }
    const SessionPolicy& policy() const { return m_policy; }

    void setCapture(CaptureEvidence capture);
    void setOutcome(match::Outcome outcome);
    void setTraveler(TravelerRef traveler);
    /// @brief Citizen opt-out: drops any capture already held and refuses captures until reset().
    void optOut();

    bool optedOut() const { return m_optedOut; }
    bool hasCapture() const { return m_capture.has_value(); }
    /// @brief The capture held for this traveler, if any (its template is what the document photo is compared to).
    const std::optional<CaptureEvidence>& capture() const { return m_capture; }
    /// @brief The 1:1 result against the travel-document photo; recorded with the decision (a "not the same person"
    /// opens a review case). Ignored after an opt-out.
    void setDocumentComparison(const DocumentComparison& comparison);
    /// @brief The typed or scanned MRZ differs from the manifest entry: recorded as reason document_mismatch.
    void setDocumentMismatch(bool mismatch) { m_documentMismatch = mismatch; }
    /// @brief The outcome was computed against a manifest past its expires_at: a second look, and the record is
    /// marked manifest_expired (docs/api.md §3.1).
    void setManifestExpired(bool expired) { m_manifestExpired = expired; }
    /// @brief The 1:N search's best candidates (appointment id, score), best first; the top three are recorded so
    /// a supervisor can see the look-alikes in the day's gallery.
    void setLookAlikes(std::vector<std::pair<std::string, double>> candidates) { m_lookAlikes = std::move(candidates); }
    const std::optional<match::Outcome>& outcome() const { return m_outcome; }
    const std::optional<TravelerRef>& traveler() const { return m_traveler; }
    /// @brief The latest decision this station already recorded for the selected appointment (looked up by
    /// setTraveler()): a second decision about one booking is a repeat, a second look and a review case.
    const std::optional<inspection::PriorInspection>& priorDecision() const { return m_prior; }
    /// @brief Why a person must look twice before "verified" (booth::secondLookReasons: age policy, no match,
    /// ambiguity, weak liveness, a repeat of an appointment already decided ...).
    std::vector<inspection::ReasonCode> secondLookReasons() const;

    /// @brief Record the decision (durable on return) and reset for the next traveler. Referred needs a reason;
    /// Verified needs something verified: a capture's outcome or an opened appointment (InvalidArgument otherwise).
    /// Verified under the age policy (booth::needsConfirmedSecondLook) needs @p check, what the officer looked at
    /// (ConfirmationRequired without it; OtherCheck needs a note saying what); it is kept in the record's details.
    /// Who goes to review is booth policy (booth::reviewReasonsFor); the store keeps what it decides.
    Result<store::RecordedInspection> decide(inspection::Decision decision, const std::string& reason = {},
                                             const std::string& note = {},
                                             inspection::SecondLookCheck check = inspection::SecondLookCheck::Unknown);
    /// @brief The booth moves on from this traveler without a decision. A traveler who was analysed (an outcome
    /// is held) ends in an `abandoned` record with @p why; nullopt when nothing was analysed. It goes to review
    /// (with its evidence) when the traveler needed a second look; an undecided clear match keeps no image. The
    /// session is reset once the record is durable.
    Result<std::optional<store::RecordedInspection>> abandon(inspection::AbandonReason why);
    /// @brief Frames with a face analysed for this traveler so far; an opt-out records it (0: declared before any
    /// analysis).
    void setFramesAnalysed(int frames) { m_framesAnalysed = frames; }

private:
    Result<store::RecordedInspection> record(inspection::Decision decision, const std::string& reason,
                                             const std::string& note, inspection::SecondLookCheck check,
                                             inspection::AbandonReason abandoned);

    store::InspectionStore& m_inspections;
    const Clock& m_clock;
    SessionPolicy m_policy;
    std::string m_officer;
    std::optional<CaptureEvidence> m_capture;
    std::optional<match::Outcome> m_outcome;
    std::optional<TravelerRef> m_traveler;
    std::optional<DocumentComparison> m_document;
    bool m_documentMismatch = false;
    bool m_manifestExpired = false;
    std::vector<std::pair<std::string, double>> m_lookAlikes;
    bool m_optedOut = false;
    int m_framesAnalysed = 0;
    std::optional<inspection::PriorInspection> m_prior;
};

} // namespace portico::booth
