// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "store/AuditSink.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/Demographics.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace portico::store {

/// @brief What the booth decided about one traveler; becomes one immutable inspection record.
struct NewInspection {
    std::string officerId;
    std::string port;
    int lane = 0;
    std::optional<std::string> appointmentId; ///< traveler reference (manifest appointment), if known
    std::string outcome;                      ///< match, no_match, ambiguous, low_quality, unavailable, none
    std::string decision;                     ///< verified, referred, opt_out, no_show, ...
    std::optional<Clock::TimePoint> capturedAt;
    std::optional<Clock::TimePoint> decidedAt; ///< defaults to the clock's now
    std::optional<double> score;
    std::optional<double> threshold;
    std::optional<double> thresholdFmr; ///< false-match rate the threshold stands for
    std::optional<double> docScore;
    std::optional<double> docThreshold;
    std::optional<double> docFmr;
    std::optional<double> liveness;
    std::string modelId;
    std::string qualityJson = "{}"; ///< JSON object of quality measures
    std::vector<std::string> reasonCodes;
    std::string detailsJson = "{}"; ///< JSON object, non-personal
    bool citizen = false;
    bool optedOut = false;
    Bytes capturePhoto;                 ///< JPEG; must be empty for opt-outs
    Bytes captureTemplate;              ///< template bytes; must be empty for opt-outs
    AgeBand ageBand = AgeBand::Unknown; ///< age band at decision time (never the date of birth)
    Sex sex = Sex::Unknown;             ///< as the manifest states it
};

/// @brief What record() assigned.
struct RecordedInspection {
    std::string id;             ///< UUIDv7
    std::int64_t deviceSeq = 0; ///< next number of the device counter
    Clock::TimePoint createdAt{};
    std::optional<std::string> reviewCaseId; ///< the review case opened with it, when reviewReasonsFor() asked
};

/// @brief The latest inspection already decided for one appointment (see InspectionStore::latestDecisionFor).
struct PriorDecision {
    std::string inspectionId;
    std::string decision; ///< verified, referred, opt_out, no_show, ...
    Clock::TimePoint decidedAt{};
};

/// @brief An inspection as stored (sealed columns reported only as present/absent).
struct InspectionRow {
    std::string id;
    std::string deviceId;
    std::int64_t deviceSeq = 0;
    Clock::TimePoint createdAt{};
    std::optional<Clock::TimePoint> capturedAt;
    Clock::TimePoint decidedAt{};
    std::string officerId;
    std::string port;
    int lane = 0;
    std::optional<std::string> appointmentId;
    std::string outcome;
    std::string decision;
    std::optional<double> score, threshold, thresholdFmr, docScore, docThreshold, docFmr, liveness;
    std::string modelId;
    std::string qualityJson;
    std::string reasonCodesJson;
    std::string detailsJson;
    bool citizen = false;
    bool optedOut = false;
    bool hasCapturePhoto = false;
    bool hasCaptureTemplate = false;
    std::optional<Clock::TimePoint> biometricsPurgedAt;
    AgeBand ageBand = AgeBand::Unknown; ///< filled by InspectionStore::get() (not by readInspectionRow())
    Sex sex = Sex::Unknown;             ///< filled by InspectionStore::get() (not by readInspectionRow())
};

/// @brief Why an inspection needs a supervisor's review (empty: it does not). One reason per cause, in this order:
/// no_match, ambiguous, low_quality (outcomes); age_under_14, age_over_79 (reason codes, or band 0-13 / 80+ when a
/// biometric outcome exists); low_liveness (reason code, or liveness < 0.5); document_mismatch (a reason code
/// containing "document_mismatch"/"doc_mismatch", or docScore < docThreshold); repeat_appointment (that reason code:
/// the booking had already been decided here, so one booking is being used twice); officer_referral (decision
/// "referred" or that reason code). Opt-outs and no-shows never need review (no biometric was taken).
std::vector<std::string> reviewReasonsFor(const NewInspection& inspection);

/// @brief The single writer of inspection records. record() writes the inspection, its outbox row, its review case
/// (when reviewReasonsFor() is not empty; table review_cases, state open) and their audit entries in one
/// BEGIN IMMEDIATE transaction and returns only after COMMIT (durable: WAL + synchronous=FULL).
class InspectionStore {
public:
    InspectionStore(Database& db, const Crypto& crypto, AuditSink& audit, const Clock& clock, std::string deviceId);

    /// @brief Record one decision. InvalidArgument for image bytes on an opt-out or malformed JSON; DiskFull when
    /// the disk is full (nothing partial is left behind).
    Result<RecordedInspection> record(const NewInspection& inspection);
    /// @brief Read one record (NotFound if absent).
    Result<InspectionRow> get(const std::string& id);
    /// @brief Open the sealed capture photo; nullopt when none was stored or it was purged.
    Result<std::optional<Bytes>> capturePhoto(const std::string& id);
    /// @brief Open the sealed capture template; nullopt when none was stored or it was purged.
    Result<std::optional<Bytes>> captureTemplate(const std::string& id);
    /// @brief The appointments with at least one inspection decided at or after @p since (any decision: verified,
    /// referred, opt-out, no-show). The booth's manifest shows them as processed.
    Result<std::set<std::string>> decidedAppointments(Clock::TimePoint since);
    /// @brief The most recent inspection decided for @p appointmentId at any time (an appointment is one booking:
    /// a second decision for it is a repeat); nullopt when there is none.
    Result<std::optional<PriorDecision>> latestDecisionFor(const std::string& appointmentId);

private:
    Result<std::optional<Bytes>> openColumn(const std::string& id, std::string_view column);

    Database& m_db;
    const Crypto& m_crypto;
    AuditSink& m_audit;
    const Clock& m_clock;
    std::string m_deviceId;
};

/// @brief Read an inspection row from a statement selecting kInspectionColumns (shared with the outbox).
InspectionRow readInspectionRow(const Statement& st);
/// @brief The column list readInspectionRow() expects, for "SELECT <cols> FROM inspections".
extern const char* const kInspectionColumns;

} // namespace portico::store
