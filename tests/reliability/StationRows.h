// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace portico::test {

/// @brief What a simulated station recorded, read from its database file.
struct StationRows {
    std::map<std::string, std::int64_t> bySeqId; ///< record id → device sequence
    std::map<std::int64_t, int> travelers;       ///< simulated traveler index → records
    std::string integrity;                       ///< PRAGMA integrity_check
};

/// @brief Read a `portico-cli simulate` station database (never repairing it: a corrupt file fails the test). The
/// traveler index is in each record's officer note, sealed: @p keyFile is the station's key.
StationRows stationRows(const std::filesystem::path& dbPath, const std::filesystem::path& keyFile);

/// @brief The last line of `out` that parses as JSON (simulate's "done" line).
nlohmann::json lastJsonLine(const std::string& out);

/// @brief Compare what central holds for one station (id → sequence rows, in any order, duplicates kept) with
/// what the station recorded: counts of records missing at central, extra at central, and with another sequence.
struct ExactlyOnce {
    std::int64_t missing = 0;
    std::int64_t extra = 0;
    std::int64_t wrongSequence = 0;
};
ExactlyOnce compareRows(const StationRows& station, const std::multimap<std::string, std::int64_t>& central);

} // namespace portico::test
