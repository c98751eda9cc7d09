// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/DailyStats.h"

#include <QCoreApplication>
#include <QString>

namespace portico::ui {

/// @brief The daily operations report as a PDF (QPdfWriter + QTextDocument): the figures of review::DailyStats,
/// aggregates only (no names, photos, templates or document numbers, by construction). Needs a QGuiApplication
/// (the offscreen platform is enough). Used by the stats view and by `portico-cli report`.
class ReportPdf {
    Q_DECLARE_TR_FUNCTIONS(ReportPdf)
public:
    /// @brief The report as HTML (what the PDF prints).
    static QString html(const review::DailyStats& stats);
    /// @brief Write the PDF; false with a technical reason in `error` when the file cannot be written.
    static bool write(const review::DailyStats& stats, const QString& path, QString* error = nullptr);
};

} // namespace portico::ui
