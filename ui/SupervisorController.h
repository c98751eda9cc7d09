// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "capture/CaptureHealth.h"
#include "review/ReviewService.h"
#include "ui/ReviewView.h"

#include <QDate>
#include <QObject>
#include <QTimer>

#include <functional>

namespace portico::ui {

class StatsView;

/// @brief The supervisor's review workflow and this workstation's lane health for the monitoring screen.
struct SupervisorServices {
    review::ReviewService& service;
    const Clock& clock;
    /// This workstation's lane camera health (thread-safe snapshot); empty when the workstation has no lane.
    std::function<capture::CaptureHealthSnapshot()> laneHealth = {};
};

/// @brief The review and stats screens' adapter to review::ReviewService: widget actions become service commands,
/// service events become widget updates (made on the review's thread, shown on the GUI thread). The role is
/// enforced in core (an officer's session is refused there and audited).
class SupervisorController : public QObject {
    Q_OBJECT
public:
    SupervisorController(SupervisorServices services, ReviewView& review, StatsView& stats, QObject* parent = nullptr);
    ~SupervisorController() override; ///< no service event reaches it once this returns

    void start(const auth::Session& supervisor);
    /// @brief The supervisor left the station: no more periodic refreshes.
    void stop();
    void refreshQueue();
    void refreshStats(const QDate& day);

private:
    void updateLaneHealth();
    void onEvent(const review::ReviewEvent& event);
    std::pair<QList<ReviewListRow>, QString> queueRows(const review::QueueLoaded& loaded) const;
    ReviewCaseDetail caseDetail(const review::CaseShown& shown) const;

    SupervisorServices m_s;
    ReviewView& m_review;
    StatsView& m_stats;
    std::string m_supervisor;
    QTimer m_timer;
};

} // namespace portico::ui
