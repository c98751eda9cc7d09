// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace portico::config {

/// @brief Typed, versioned station configuration (JSON). Unknown keys are refused so typos cannot pass silently.
struct StationConfig {
    static constexpr int kCurrentVersion = 1;

    int version = kCurrentVersion;
    std::string stationId = "demo-station-1"; ///< device id, part of every inspection record
    std::string portCode = "DEMO";            ///< port of entry code
    int lane = 1;
    std::string centralUrl = "http://127.0.0.1:8765"; ///< central service base URL
    std::string centralKeyPin;                        ///< sha256//<base64> public-key pin (required for https)
    std::filesystem::path dataDir;                    ///< database and working files; empty = default
    std::filesystem::path keyFile;                    ///< master key, outside dataDir; empty = default
    std::filesystem::path modelDir;                   ///< empty = scripts/fetch-models cache
    int inactivityLockMinutes = 15;
    int manifestStaleHours = 12;
    bool demo = false;

    /// @brief Checks every field; the error names the bad key and what it accepts.
    Status validate() const;
};

/// @brief Parse JSON text into a validated config; errors name the key ("config key 'lane': ...").
Result<StationConfig> parseStationConfig(std::string_view json);
/// @brief Read and parse a config file.
Result<StationConfig> loadStationConfig(const std::filesystem::path& path);
/// @brief Serialise (for writing a default config or showing the effective one).
std::string toJson(const StationConfig& config);

} // namespace portico::config
