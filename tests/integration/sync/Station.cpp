// SPDX-License-Identifier: GPL-3.0-or-later
#include "Station.h"

#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

namespace portico::test {

Status ChainedTestAuditSink::append(const store::AuditEvent& event) {
    store::Bytes prev(32, 0);
    if (auto st = m_db.prepare("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1"); st) {
        if (auto row = st->step(); row && *row) {
            prev = st->columnBlob(0);
        }
    }
    const std::string text = event.actor + "|" + event.action + "|" + event.objectRef + "|" + event.detailsJson;
    store::Bytes hash(32);
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, hash.size());
    crypto_generichash_update(&state, prev.data(), prev.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    crypto_generichash_final(&state, hash.data(), hash.size());
    auto st = m_db.prepare("INSERT INTO audit_log(at_ms, actor, action, object_ref, details, prev_hash, hash) "
                           "VALUES (?1,?2,?3,?4,?5,?6,?7)");
    if (!st) {
        return st.error();
    }
    return st->bind(1, store::toMs(event.at))
        .bind(2, std::string_view(event.actor))
        .bind(3, std::string_view(event.action))
        .bind(4, std::string_view(event.objectRef))
        .bind(5, std::string_view(event.detailsJson))
        .bind(6, store::ByteView(prev.data(), prev.size()))
        .bind(7, store::ByteView(hash.data(), hash.size()))
        .run();
}

namespace {
store::Database openOrFail(const std::filesystem::path& p) {
    auto db = store::Database::open(p);
    if (!db) {
        FAIL("cannot open the station database: " << db.error().detail);
    }
    return std::move(db.value());
}
} // namespace

Station::Station(const std::filesystem::path& dir, std::string id)
    : dbPath(dir / "station.db"), deviceId(std::move(id)), db(openOrFail(dbPath)), crypto(store::KeyRing::generate()),
      audit(db), inspections(db, crypto, audit, clock, deviceId) {}

std::vector<std::string> Station::record(int count) {
    std::vector<std::string> ids;
    ids.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        store::NewInspection n;
        n.officerId = "officer-7";
        n.port = "SYS";
        n.lane = 1 + i % 4;
        n.appointmentId = "APT-" + std::to_string(i);
        n.outcome = i % 5 == 0 ? inspection::Outcome::NoMatch : inspection::Outcome::Match;
        n.decision = i % 5 == 0 ? inspection::Decision::Referred : inspection::Decision::Verified;
        n.score = 0.5 + (i % 40) / 100.0;
        n.details.threshold = inspection::ThresholdFacts{0.6, 1e-4, std::nullopt, std::nullopt};
        n.modelId = "face-api/faceres-128";
        n.citizen = i % 4 == 0;
        auto r = inspections.record(n);
        REQUIRE(r);
        ids.push_back(r->id);
    }
    return ids;
}

store::Database Station::openConnection() const {
    return openOrFail(dbPath);
}

CentralStats centralStats(const std::filesystem::path& dataDir) {
    std::vector<std::string> args = {"stats"};
    const auto store = centralStoreArgs(dataDir);
    args.insert(args.end(), store.begin(), store.end());
    auto [status, out] = runCommand(centralExe().string(), args);
    REQUIRE(status == 0);
    const auto j = nlohmann::json::parse(out);
    CentralStats s;
    s.recordsStored = j.at("records_stored").get<long long>();
    s.duplicatesSeen = j.at("duplicates_seen").get<long long>();
    s.rejects = j.at("rejects").get<long long>();
    s.requests = j.at("requests").get<long long>();
    return s;
}

} // namespace portico::test
