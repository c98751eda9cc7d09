// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: report (the daily operations report as CSV and PDF).
#include "Commands.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "review/DailyReport.h"
#include "review/Monitoring.h"
#include "store/Database.h"

#if defined(PORTICO_CLI_WITH_UI)
#include "ui/ReportPdf.h"

#include <QGuiApplication>
#endif

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace portico::cli {
namespace {

namespace fs = std::filesystem;

struct ReportArgs {
    std::string db;
    std::string day;
    std::string pdf;
    std::string csv;
    std::string port;
    int lane = -1;
    std::string actor;
};

int fail(const std::string& message, int code = 2) {
    std::cerr << "error: " << message << "\n";
    return code;
}

#if defined(PORTICO_CLI_WITH_UI)
/// The PDF is drawn with Qt's text engine, which needs a QGuiApplication; the offscreen platform needs no display.
std::unique_ptr<QGuiApplication> guiApplication() {
    if (QCoreApplication::instance() != nullptr) {
        return nullptr;
    }
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) {
        ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    }
    static int argc = 1;
    static char name[] = "portico-cli";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QGuiApplication>(argc, argv);
}
#endif

int report(const ReportArgs& a) {
    if (a.pdf.empty() && a.csv.empty()) {
        return fail("nothing to write: give --pdf and/or --csv");
    }
#if !defined(PORTICO_CLI_WITH_UI)
    if (!a.pdf.empty()) {
        return fail("this portico-cli was built without the UI library (PORTICO_BUILD_UI=OFF): no PDF");
    }
#endif
    if (!fs::exists(a.db)) {
        return fail("no database at " + a.db);
    }
    auto day = review::Monitoring::parseDay(a.day);
    if (!day) {
        return fail(day.error().toString());
    }
    store::OpenOptions o;
    o.path = a.db;
    auto db = store::Database::open(o);
    if (!db) {
        return fail(db.error().toString(), db.code() == ErrorCode::DatabaseTooNew ? 3 : 2);
    }
    review::StatsOptions options;
    if (!a.port.empty()) {
        options.port = a.port;
    }
    if (a.lane >= 0) {
        options.lane = a.lane;
    }
    review::Monitoring monitoring(*db);
    auto stats = monitoring.daily(*day, options);
    if (!stats) {
        return fail(stats.error().toString());
    }
    std::vector<std::string> formats;
    if (!a.csv.empty()) {
        formats.emplace_back("csv");
    }
    if (!a.pdf.empty()) {
        formats.emplace_back("pdf");
    }
    // Audited before anything leaves the store: an export that is not on record does not happen.
    audit::AuditLog log(*db);
    SystemClock clock;
    const char* user = std::getenv("USER");
    const std::string actor = !a.actor.empty() ? a.actor : std::string("cli:") + (user ? user : "unknown");
    if (auto s = review::auditReportExport(log, clock, actor, *stats, formats); !s) {
        return fail(s.error().toString());
    }
    if (!a.csv.empty()) {
        std::ofstream out(a.csv, std::ios::binary | std::ios::trunc);
        out << review::dailyReportCsv(*stats);
        out.close();
        if (!out) {
            return fail("cannot write " + a.csv);
        }
    }
#if defined(PORTICO_CLI_WITH_UI)
    if (!a.pdf.empty()) {
        const auto app = guiApplication();
        QString error;
        if (!ui::ReportPdf::write(*stats, QString::fromStdString(a.pdf), &error)) {
            return fail("cannot write " + a.pdf + ": " + error.toStdString());
        }
    }
#endif
    nlohmann::json j = {{"day", stats->day},
                        {"processed", stats->overall.processed},
                        {"review_cases", stats->overall.reviewCases},
                        {"alarms", stats->alarms.size()},
                        {"formats", formats}};
    std::cout << j.dump(2) << "\n";
    return 0;
}

} // namespace

void addReviewCommands(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<ReportArgs>();
    auto* rep = app.add_subcommand("report", "Daily operations report (aggregates only) as CSV and/or PDF; audited");
    rep->add_option("--db", args->db, "Station database")->required();
    rep->add_option("--day", args->day, "UTC day, YYYY-MM-DD")->required();
    rep->add_option("--pdf", args->pdf, "Write the PDF report here");
    rep->add_option("--csv", args->csv, "Write the CSV report here");
    rep->add_option("--port", args->port, "Only this port (default: all)");
    rep->add_option("--lane", args->lane, "Only this lane (default: all)");
    rep->add_option("--actor", args->actor, "Who exports, for the audit log (default: cli:$USER)");
    rep->callback([args, &ctx] { ctx.exitCode = report(*args); });
}

} // namespace portico::cli
