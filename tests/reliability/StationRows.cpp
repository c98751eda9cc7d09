// SPDX-License-Identifier: GPL-3.0-or-later
#include "StationRows.h"

#include "store/Crypto.h"
#include "store/Database.h"

#include <catch2/catch.hpp>

namespace portico::test {

StationRows stationRows(const std::filesystem::path& dbPath, const std::filesystem::path& keyFile) {
    auto ring = store::KeyFile::load(keyFile);
    REQUIRE(ring.ok());
    const store::Crypto crypto(ring.value());
    store::OpenOptions o;
    o.path = dbPath;
    o.migrate = false;
    o.recoverCorrupt = false; // a corrupt file must fail the test, not be swept aside
    auto db = store::Database::open(o);
    REQUIRE(db.ok());
    StationRows out;
    out.integrity = db->integrityCheck().valueOr("failed");
    auto st = db->prepare("SELECT id, device_seq, officer_note FROM inspections");
    REQUIRE(st.ok());
    while (st->step().value()) {
        out.bySeqId[st->columnText(0)] = st->columnInt64(1);
        REQUIRE_FALSE(st->isNull(2));
        auto opened = crypto.openText({"inspections", "officer_note", st->columnText(0)}, st->columnBlob(2));
        REQUIRE(opened.ok());
        const std::string note = opened.value();
        REQUIRE(note.rfind("sim:", 0) == 0);
        ++out.travelers[std::stoll(note.substr(4))];
    }
    return out;
}

nlohmann::json lastJsonLine(const std::string& out) {
    nlohmann::json last;
    std::size_t start = 0;
    while (start < out.size()) {
        auto end = out.find('\n', start);
        if (end == std::string::npos) {
            end = out.size();
        }
        auto j = nlohmann::json::parse(out.substr(start, end - start), nullptr, false);
        if (!j.is_discarded()) {
            last = j;
        }
        start = end + 1;
    }
    return last;
}

ExactlyOnce compareRows(const StationRows& station, const std::multimap<std::string, std::int64_t>& central) {
    ExactlyOnce r;
    for (const auto& [id, seq] : station.bySeqId) {
        const auto [from, to] = central.equal_range(id);
        if (from == to) {
            ++r.missing;
        } else if (from->second != seq) {
            ++r.wrongSequence;
        }
    }
    for (auto it = central.begin(); it != central.end(); it = central.upper_bound(it->first)) {
        const auto n = static_cast<std::int64_t>(central.count(it->first));
        r.extra += station.bySeqId.count(it->first) == 0 ? n : n - 1;
    }
    return r;
}

} // namespace portico::test
