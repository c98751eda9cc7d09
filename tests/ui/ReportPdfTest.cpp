// SPDX-License-Identifier: GPL-3.0-or-later
// The daily report's PDF as a reader sees it: rendered with poppler (pdftotext -layout, pdftoppm), in every
// language of the officer UI. A table header must never be cut inside a word ("Proce / ssed").
#include "ui/ReportPdf.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QStringList>
#include <QTranslator>

#include <fstream>
#include <sstream>

using namespace portico;

namespace {

review::OutcomeCounts counts(std::int64_t processed) {
    review::OutcomeCounts c;
    c.processed = processed;
    c.optOuts = processed / 20;
    c.attempts = processed - c.optOuts;
    c.matches = c.attempts * 9 / 10;
    c.noMatches = c.attempts / 20;
    c.lowQuality = c.attempts - c.matches - c.noMatches;
    c.referred = c.noMatches + c.lowQuality;
    c.reviewCases = c.referred;
    c.reviewResolved = c.reviewCases / 2;
    c.confirmed = c.reviewResolved / 2;
    c.notConfirmed = c.reviewResolved - c.confirmed;
    c.overturned = c.confirmed / 3;
    return c;
}

review::DailyStats sampleDay() {
    review::DailyStats s;
    s.day = "2026-11-23";
    s.port = "SYS";
    s.overall = counts(1284);
    for (int lane = 1; lane <= 6; ++lane) {
        s.perLane.push_back({"lane:" + std::to_string(lane), counts(180 + lane * 11)});
    }
    for (const char* band : {"0-13", "14-17", "18-29", "30-49", "50-64", "65-79", "80+", "unknown"}) {
        s.perAgeBand.push_back({std::string("age:") + band, counts(140)});
    }
    for (const char* sex : {"F", "M", "X", "unknown"}) {
        s.perSex.push_back({std::string("sex:") + sex, counts(300)});
    }
    s.capture.samples = 1200;
    s.capture.captureToDecisionP50Ms = 8400;
    s.capture.captureToDecisionP90Ms = 15200;
    return s;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("the daily report's table headers are never cut inside a word, in English and Spanish", "[ui][report]") {
    const auto [probe, version] = test::runCommand("/usr/bin/pdftotext", {"-v"});
    if (probe == 127 || probe < 0) {
        FAIL("pdftotext (poppler-utils, scripts/setup) is needed to read the rendered report");
    }
    test::TempDir tmp;
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("es")}) {
        INFO("language " << lang.toStdString());
        QTranslator translator;
        REQUIRE(translator.load(QStringLiteral(":/i18n/portico_%1.qm").arg(lang)));
        QCoreApplication::installTranslator(&translator);
        const auto pdf = tmp.path() / ("report-" + lang.toStdString() + ".pdf");
        QString error;
        REQUIRE(ui::ReportPdf::write(sampleDay(), QString::fromStdString(pdf.string()), &error));
        const auto txt = tmp.path() / ("report-" + lang.toStdString() + ".txt");
        auto [rc, out] = test::runCommand("/usr/bin/pdftotext", {"-layout", pdf.string(), txt.string()});
        REQUIRE(rc == 0);
        const std::string text = slurp(txt);
        // Every word of every header is on the page whole (a header may wrap between its words, never inside one).
        for (const char* header : {"Processed", "Attempts", "Match", "No match", "FTA", "Non-match", "Opt-outs",
                                   "Resolved", "Overturn", "Lane", "Age band", "Sex"}) {
            const QString shown = QCoreApplication::translate("ReportPdf", header);
            for (const QString& word : shown.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                INFO("header '" << shown.toStdString() << "', word '" << word.toStdString() << "'");
                CHECK(text.find(word.toStdString()) != std::string::npos);
            }
        }
        // And nothing is cut off at the right margin: the widest table fits the text width.
        CHECK(text.find(QCoreApplication::translate("ReportPdf", "Overturn").toStdString()) != std::string::npos);
        CHECK(text.find("16.7%") != std::string::npos);
        if (const char* dir = std::getenv("PORTICO_REPORT_PNG_DIR"); dir && *dir) {
            (void)test::runCommand("/usr/bin/pdftoppm", {"-png", "-r", "80", pdf.string(),
                                                         std::string(dir) + "/report-" + lang.toStdString()});
        }
        QCoreApplication::removeTranslator(&translator);
    }
}
