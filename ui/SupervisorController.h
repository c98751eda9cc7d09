// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "capture/CaptureHealth.h"
#include "common/SerialExecutor.h"
#include "manifest/ManifestStore.h"
#include "review/Monitoring.h"
#include "review/ReviewQueue.h"
#include "review/TrendSignals.h"

#include <QDate>
#include <QObject>
#include <QTimer>

#include <functional>

namespace portico::ui {

class ReviewView;
class StatsView;

/// @brief The core services behind the supervisor's screens, on their own database connection.
struct SupervisorServices {
    review::ReviewQueue& queue;         ///< worker thread only
    review::Monitoring& monitoring;     ///< worker thread only
    review::TrendSignals& trends;       ///< worker thread only
    manifest::ManifestStore& manifests; ///< worker thread only (gallery photos and names for the case view)
    store::AuditSink& audit;            ///< worker thread only
    const Clock& clock;
    std::string port;
    /// This workstation's lane camera health (thread-safe snapshot); empty when the workstation has no lane.
    std::function<capture::CaptureHealthSnapshot()> laneHealth = {};
};

/// @brief Wires the review and stats screens to core for a signed-in supervisor. Every store call runs on its own
/// worker thread; the role is enforced again in core (an officer's session is refused there and audited).
class SupervisorController : public QObject {
    Q_OBJECT
public:
    SupervisorController(SupervisorServices services, ReviewView& review, StatsView& stats, QObject* parent = nullptr);
    ~SupervisorController() override;

    void start(const auth::Session& supervisor);
    void refreshQueue();
    void refreshStats(const QDate& day);

private:
    void updateLaneHealth();
    using Transition =
        std::function<Result<review::ReviewCase>(review::ReviewQueue&, const auth::Session&, const std::string&)>;
    /// Claim or release on the worker, then show the case again and refresh the queue.
    void transition(const QString& caseId, Transition act);
    void openCase(const QString& caseId);
    void claim(const QString& caseId);
    void release(const QString& caseId);
    void resolve(const QString& caseId, review::Resolution resolution, const QString& note);
    void exportReport(const QDate& day, const QString& directory);
    /// Worker thread: load the case's evidence and show it.
    void showCaseOnWorker(const std::string& caseId);
    void fail(ErrorCode code);

    SupervisorServices m_s;
    ReviewView& m_review;
    StatsView& m_stats;
    std::optional<auth::Session> m_session; ///< copied into each task
    QTimer m_timer;
    SerialExecutor m_worker; ///< last member: its thread stops first
};

} // namespace portico::ui
