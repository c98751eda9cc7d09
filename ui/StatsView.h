// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/CaptureHealth.h"
#include "match/ThresholdPolicy.h"
#include "review/DailyStats.h"
#include "review/TrendSignals.h"

#include <QDate>
#include <QWidget>

#include <vector>

class QChartView;
class QDateEdit;
class QLabel;
class QTableWidget;

namespace portico::ui {

/// @brief Monitoring for supervisors: the day's figures per lane, age band and sex with the 2× alarms, capture
/// health, a chart of non-match rate per age band with the numbers beside it, and the address trend listing
/// (information for a person's judgement, never a flag). Ctrl+E exports the daily report (PDF and CSV).
class StatsView : public QWidget {
    Q_OBJECT
public:
    explicit StatsView(QWidget* parent = nullptr);

    QDate day() const;
    void setStats(const review::DailyStats& stats);
    void setTrends(const std::vector<review::AddressTrend>& trends, int minSurnames);
    /// @brief This workstation's lane camera, live since the workstation started (up-time, losses, failures).
    void setLaneHealth(const capture::CaptureHealthSnapshot& health);
    /// @brief The matching operating point in force (from the station config and the calibration table).
    void setOperatingPoint(const match::OperatingPointSummary& op);
    void showMessage(const QString& text);
    QTableWidget* groupTable() const { return m_groups; }
    QLabel* alarmLabel() const { return m_alarms; }

signals:
    void dayChanged(const QDate& day);
    void exportRequested(const QDate& day, const QString& directory);

private:
    void exportReport();

    QDateEdit* m_day = nullptr;
    QLabel* m_overall = nullptr;
    QLabel* m_alarms = nullptr;
    QLabel* m_laneHealth = nullptr;
    QLabel* m_operatingPoint = nullptr;
    QLabel* m_capture = nullptr;
    QLabel* m_message = nullptr;
    QTableWidget* m_groups = nullptr;
    QTableWidget* m_trends = nullptr;
    QChartView* m_chart = nullptr;
};

} // namespace portico::ui
