// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/AuditLog.h"
#include "auth/Accounts.h"
#include "booth/BoothPolicy.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace portico::review::testing {

/// @brief 2026-11-23T00:00:00Z: the seeded day of the review tests.
inline Clock::TimePoint seededDayStart() {
    return Clock::TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23));
}

/// @brief A real SQLite station store in a temp dir, with real sealing and the real audit chain.
struct ReviewFixture {
    test::TempDir tmp;
    std::filesystem::path dbPath = tmp.path() / "station.db";
    ManualClock clock{seededDayStart() + std::chrono::hours(8)};
    store::Database db;
    store::Crypto crypto{store::KeyRing::generate()};
    audit::AuditLog auditLog;
    store::InspectionStore inspections;

    ReviewFixture()
        : db(std::move(store::Database::open(dbPath).value())), auditLog(db),
          inspections(db, crypto, auditLog, clock, "station-review") {}

    std::int64_t count(const std::string& sql) { return db.queryInt64(sql).valueOr(-1); }
    std::int64_t auditCount(const std::string& action) {
        return count("SELECT count(*) FROM audit_log WHERE action = '" + action + "'");
    }
};

inline auth::Session supervisor(const std::string& name = "sup.ada") {
    return {name, auth::Role::Supervisor, {}};
}
inline auth::Session officer(const std::string& name = "ofc.bob") {
    return {name, auth::Role::Officer, {}};
}

/// @brief A plain inspection with a biometric outcome (override what a test needs).
inline store::NewInspection newInspection(inspection::Outcome outcome, store::AgeBand band = store::AgeBand::Age30To49,
                                          store::Sex sex = store::Sex::Male) {
    store::NewInspection in;
    in.officerId = "ofc.bob";
    in.port = "SYR";
    in.lane = 1;
    in.outcome = outcome;
    in.decision = inspection::Decision::Verified;
    in.ageBand = band;
    in.sex = sex;
    return in;
}

/// @brief Record as the booth does: booth policy decides who goes to review, the store keeps it.
inline Result<store::RecordedInspection> record(ReviewFixture& f, store::NewInspection in) {
    in.reviewReasons = booth::reviewReasonsFor(in);
    return f.inspections.record(in);
}

/// @brief The whole file as bytes.
inline std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// @brief Occurrences of a needle in every file under a directory.
inline std::size_t countInTree(const std::filesystem::path& root, const std::string& needle) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (!e.is_regular_file()) {
            continue;
        }
        const std::string hay = readAll(e.path());
        for (auto pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) {
            ++n;
        }
    }
    return n;
}

} // namespace portico::review::testing
