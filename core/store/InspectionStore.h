// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "inspection/Record.h"
#include "store/AuditSink.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/Demographics.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace portico::store {

/// @brief What the booth decided about one traveler; becomes one immutable inspection record. Typed throughout:
/// record() turns it into columns and JSON (store/InspectionJson.h), get() back.
struct NewInspection {
    std::string officerId;
    std::string port;
    int lane = 0;
    std::optional<std::string> appointmentId; ///< traveler reference (manifest appointment), if known
    inspection::Outcome outcome = inspection::Outcome::None;
    inspection::Decision decision = inspection::Decision::Unknown;
    std::optional<Clock::TimePoint> capturedAt;
    std::optional<Clock::TimePoint> decidedAt; ///< defaults to the clock's now
    std::optional<double> score;               ///< the best candidate's score
    std::optional<double> docScore;
    std::optional<double> docThreshold;
    std::optional<double> docFmr;
    std::optional<double> liveness;
    std::string modelId;
    std::string qualityJson = "{}"; ///< JSON object of quality measures
    std::vector<inspection::ReasonCode> reasonCodes;
    inspection::Details details; ///< non-personal details, the 1:N threshold among them
    /// Why a supervisor must review it (booth policy decides; empty: no case). Written with the record, atomically.
    std::vector<inspection::ReviewReason> reviewReasons;
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
    std::optional<std::string> reviewCaseId; ///< the review case opened with it, when reviewReasons asked for one
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
    inspection::Outcome outcome = inspection::Outcome::Unknown;
    inspection::Decision decision = inspection::Decision::Unknown;
    std::optional<double> score, docScore, docThreshold, docFmr, liveness;
    std::string modelId;
    std::string qualityJson;
    std::vector<inspection::ReasonCode> reasonCodes;
    inspection::Details details;
    bool citizen = false;
    bool optedOut = false;
    bool hasCapturePhoto = false;
    bool hasCaptureTemplate = false;
    std::optional<Clock::TimePoint> biometricsPurgedAt;
    AgeBand ageBand = AgeBand::Unknown; ///< filled by InspectionStore::get() (not by readInspectionRow())
    Sex sex = Sex::Unknown;             ///< filled by InspectionStore::get() (not by readInspectionRow())
};

/// @brief The single writer of inspection records. record() writes the inspection, its outbox row, its review case
/// (when NewInspection::reviewReasons is not empty; table review_cases, state open) and their audit entries in one
/// BEGIN IMMEDIATE transaction and returns only after COMMIT (durable: WAL + synchronous=FULL). Who goes to review
/// is the booth's policy (booth::reviewReasonsFor), not the store's.
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
    /// referred, opt-out, no-show; an abandoned record is no decision). The booth's manifest shows them as processed.
    Result<std::set<std::string>> decidedAppointments(Clock::TimePoint since);
    /// @brief The most recent inspection decided for @p appointmentId at any time (an appointment is one booking:
    /// a second decision for it is a repeat; abandoned records are not decisions); nullopt when there is none.
    Result<std::optional<inspection::PriorInspection>> latestDecisionFor(const std::string& appointmentId);

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
/// @brief Open the sealed officer note selected at @p column (the `officer_note` column) into row.details.note;
/// NULL leaves the note as details_json had it (records from before schema v4). CryptoError when it does not open.
Status openOfficerNote(const Crypto& crypto, InspectionRow& row, const Statement& st, int column);

} // namespace portico::store
