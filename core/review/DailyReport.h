// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "review/DailyStats.h"
#include "store/AuditSink.h"

#include <string>
#include <vector>

namespace portico::review {

/// @brief The daily operations report as CSV (RFC 4180, "\n" line ends), long format with header
/// "section,group,metric,value": section overall|lane|age_band|sex|alarm|capture|rule, group e.g. "all", "lane:2",
/// "age:80+", metric e.g. processed, match_rate; rates with 4 decimals. Aggregates only, by construction: it is
/// written from DailyStats, which holds no names, ids, photos or templates.
std::string dailyReportCsv(const DailyStats& stats);

/// @brief One (section, group, metric, value) row of the report, as the CSV and the PDF print them.
struct ReportRow {
    std::string section;
    std::string group;
    std::string metric;
    std::string value;
};

/// @brief The report's rows in print order (what dailyReportCsv() writes, without the header).
std::vector<ReportRow> dailyReportRows(const DailyStats& stats);

/// @brief Audit an export of the daily report (action "report.export"; details: day, port, lane, formats).
Status auditReportExport(store::AuditSink& audit, const Clock& clock, const std::string& actor, const DailyStats& stats,
                         const std::vector<std::string>& formats);

} // namespace portico::review
