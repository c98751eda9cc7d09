// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "review/ReviewCase.h"
#include "store/AuditSink.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace portico::review {

/// @brief Which cases list() returns (all filters optional), oldest first.
struct CaseFilter {
    std::optional<CaseState> state; ///< e.g. Open for the queue, Claimed for "my cases"
    std::optional<std::string> claimedBy;
    std::optional<std::string> port;
    std::optional<int> lane;
    std::size_t limit = 500;
};

/// @brief Queue figures for the supervisor's header line.
struct QueueSummary {
    std::int64_t open = 0;
    std::int64_t claimed = 0;
    std::int64_t resolvedToday = 0;          ///< resolved since 00:00 UTC of `now`
    std::chrono::milliseconds oldestOpen{0}; ///< time in queue of the oldest unresolved case (0 when none)
};

/// @brief Everything the case view shows that lives in the station store. The gallery and document photos are the
/// UI's to fetch from manifest::ManifestStore by appointmentId (photo ids of the manifest entry).
struct CaseEvidence {
    ReviewCase reviewCase;
    store::InspectionRow inspection;          ///< scores, threshold, thresholdFmr, docScore/docFmr, liveness, times
    std::optional<store::Bytes> capturePhoto; ///< the sealed live capture, opened (nullopt if none/purged/opt-out)
    std::vector<inspection::ReasonCode> reasonCodes; ///< the inspection's reason codes
    std::string qualityJson = "{}";                  ///< the inspection's quality measures, as recorded
    std::string officerNote;                         ///< the officer's free-text note at the booth (may be empty)
    std::string referralReason;                      ///< the officer's referral reason (may be empty)
    std::optional<std::string> resolutionNote;       ///< the supervisor's note, once resolved
};

/// @brief The supervisor review queue over table review_cases. Cases are created by store::InspectionStore::record()
/// in the same transaction as the inspection (booth policy decides which: booth::reviewReasonsFor), so no such
/// inspection exists without its case. Every call needs a Supervisor session: anyone else gets Forbidden and the
/// refused attempt is audited. Every transition (claim, release, resolve) and every evidence view is audited. Not
/// thread-safe: use it from the thread that owns the Database connection (a UI drives it from one worker thread).
class ReviewQueue {
public:
    ReviewQueue(store::Database& db, const store::Crypto& crypto, store::InspectionStore& inspections,
                store::AuditSink& audit, const Clock& clock);

    /// @brief Cases matching the filter, oldest first.
    Result<std::vector<ReviewCase>> list(const auth::Session& session, const CaseFilter& filter = {});
    /// @brief Queue counts and the oldest open case's time in queue.
    Result<QueueSummary> summary(const auth::Session& session);
    /// @brief One case (NotFound if absent).
    Result<ReviewCase> get(const auth::Session& session, const std::string& caseId);
    /// @brief The case's evidence, opening the sealed capture photo and notes (audited as review.case.view).
    Result<CaseEvidence> evidence(const auth::Session& session, const std::string& caseId);
    /// @brief open → claimed by this supervisor. Conflict if claimed by someone else or resolved; claiming one's own
    /// claim again is a no-op that succeeds.
    Result<ReviewCase> claim(const auth::Session& session, const std::string& caseId);
    /// @brief claimed → open. Only the supervisor holding the claim (Conflict otherwise).
    Result<ReviewCase> release(const auth::Session& session, const std::string& caseId);
    /// @brief claimed → resolved, by the supervisor holding the claim. InvalidArgument for Resolution::Unknown or a
    /// note that is empty or only whitespace; Conflict when not claimed by this supervisor or already resolved.
    /// The note is sealed at rest.
    Result<ReviewCase> resolve(const auth::Session& session, const std::string& caseId, Resolution resolution,
                               const std::string& note);

private:
    Status authorize(const auth::Session& session, const std::string& action, const std::string& caseId);
    Result<ReviewCase> load(const std::string& caseId);

    store::Database& m_db;
    const store::Crypto& m_crypto;
    store::InspectionStore& m_inspections;
    store::AuditSink& m_audit;
    const Clock& m_clock;
};

} // namespace portico::review
