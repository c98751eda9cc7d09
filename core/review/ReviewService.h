// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "common/EventChannel.h"
#include "common/Executor.h"
#include "manifest/ManifestStore.h"
#include "review/DailyStats.h"
#include "review/Monitoring.h"
#include "review/ReviewQueue.h"
#include "review/TrendSignals.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace portico::review {

// ---- events out -------------------------------------------------------------------------------------------------

/// @brief The unresolved cases, oldest first, with the queue's figures.
struct QueueLoaded {
    std::vector<ReviewCase> cases;
    QueueSummary summary;
};

/// @brief One look-alike of the search, with its manifest entry and photo when the manifest still has them.
struct LookAlikeView {
    inspection::LookAlike candidate;
    std::optional<manifest::ManifestEntry> entry;
    store::Bytes photo;
};

/// @brief Everything the case view shows: the evidence (its view audited), the matched traveler's manifest entry
/// and photo, and the look-alikes.
struct CaseShown {
    CaseEvidence evidence;
    bool claimedByMe = false;
    std::optional<manifest::ManifestEntry> traveler;
    store::Bytes travelerPhoto;
    std::vector<LookAlikeView> lookAlikes;
};

/// @brief A command failed (refused, conflicting, not found, storage): the case shown stays as it was.
struct ReviewFailed {
    ErrorCode code = ErrorCode::Unknown;
};

/// @brief One day's monitoring figures and the address trends (each absent with its error when it failed).
struct StatsLoaded {
    std::optional<DailyStats> stats;
    ErrorCode statsError = ErrorCode::Unknown;
    std::optional<std::vector<AddressTrend>> trends;
};

/// @brief The export is on the audit trail and the CSV written; the front end draws the PDF next to it
/// (basePath + ".pdf").
struct ReportReady {
    DailyStats stats;
    std::filesystem::path basePath;
    bool csvWritten = false;
};

/// @brief The export did not happen (nothing is written when it could not be audited).
struct ReportFailed {
    ErrorCode code = ErrorCode::Unknown;
};

using ReviewEvent = std::variant<QueueLoaded, CaseShown, ReviewFailed, StatsLoaded, ReportReady, ReportFailed>;

// ---- the service ------------------------------------------------------------------------------------------------

/// @brief The objects the review uses, all on the review's own thread (its own database connection).
struct ReviewParts {
    ReviewQueue& queue;
    Monitoring& monitoring;
    TrendSignals& trends;
    manifest::ManifestStore& manifests; ///< gallery photos and names for the case view
    store::AuditSink& audit;
    const Clock& clock;
    std::string port;
};

/// @brief Supervisor review without a screen: the queue, the case with its evidence, claim → resolve, the day's
/// figures and the report export. The role is enforced in ReviewQueue (an officer is refused there, audited); every
/// evidence view is audited before it is shown, and an export before anything is written. Any front end drives it
/// with the commands below and shows the events.
///
/// Threads: commands may be called from any thread and run on the executor; events are sent on it.
class ReviewService {
public:
    using Listener = EventChannel<ReviewEvent>::Listener;

    ReviewService(ReviewParts parts, Executor& executor);

    /// @brief Where events go. Replacing it waits for a call in progress; the listener must not call the service.
    void setListener(Listener listener);
    /// @brief The signed-in supervisor (every command acts for them; none runs before this).
    void start(const auth::Session& supervisor);

    void refreshQueue();
    void openCase(const std::string& caseId);
    void claim(const std::string& caseId);
    void release(const std::string& caseId);
    /// @brief Resolve, then show the case, the queue and the figures of the day last asked for again.
    void resolve(const std::string& caseId, Resolution resolution, const std::string& note);
    void refreshStats(std::chrono::year_month_day day);
    /// @brief Audit the export, then write "portico-daily-<day>.csv" into @p directory (ReportReady / ReportFailed).
    void exportReport(std::chrono::year_month_day day, const std::filesystem::path& directory);

private:
    using Transition = std::function<Result<ReviewCase>(ReviewQueue&, const auth::Session&, const std::string&)>;
    bool run(std::function<void(const auth::Session&)> task);
    /// Claim or release, then show the case and the queue again.
    void transition(const std::string& caseId, Transition act);
    void queueOnWorker(const auth::Session& session);
    void caseOnWorker(const auth::Session& session, const std::string& caseId);
    void statsOnWorker(const auth::Session& session, std::chrono::year_month_day day);

    ReviewParts m_parts;
    Executor& m_executor;
    EventChannel<ReviewEvent> m_events;
    std::mutex m_mutex; ///< guards m_session
    std::optional<auth::Session> m_session;
    std::optional<std::chrono::year_month_day> m_statsDay; ///< executor only
};

} // namespace portico::review
