// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace portico::config {

// ---- operating point (matching thresholds; issue #25) -------------------------------------------------------------
/// @brief The matching operating point of this station (`"operatingPoint"` in the JSON, every key optional). The
/// score→threshold arithmetic lives in match::ThresholdPolicy; the workstation also checks at start that the shipped
/// calibration table supports the 1:1 point (docs/matching.md, "Operating point").
struct OperatingPointConfig {
    double verificationFmr = 1e-4;     ///< 1:1: false-match rate per comparison (1e-8 .. 1e-2)
    double identificationFpir = 0.003; ///< 1:N: false-positive identification rate per search (1e-5 .. 0.1)
    double ageFmrFactor = 0.1;         ///< age-band tightening: both rates multiplied by this (0.001 .. 1)
    int youngerThanYears = 14;         ///< age below this → age policy (0 .. 21)
    int olderThanYears = 79;           ///< age above this → age policy (50 .. 130)
    /// Cosine gap under which two candidates above the threshold are Ambiguous (0 .. 0.5); unset ("calibrated")
    /// = the margin the calibration table derived from its score distributions.
    std::optional<double> ambiguityMargin;
};

/// @brief The ranges above; ConfigInvalid naming the key ("config key 'operatingPoint.ageFmrFactor': ...").
Status validateOperatingPoint(const OperatingPointConfig& op);
// ---- end of operating point ---------------------------------------------------------------------------------------

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
    std::filesystem::path centralTokenFile;           ///< bearer token for the central service (required unless demo)
    std::string manifestPublicKey; ///< base64 Ed25519 key that signs this port's manifests (required unless demo)
    /// Camera: a device index ("0") or a V4L2 device path ("/dev/video0"). A recorded video file is accepted only
    /// in demo mode: a production booth refuses sources that are not live.
    std::string camera = "0";
    std::filesystem::path documentDropDir; ///< folder the document reader drops page images into; empty = none
    int inactivityLockMinutes = 15;
    int manifestStaleHours = 12;
    int manifestSyncMinutes = 5;          ///< how often the booth asks central for a newer manifest
    int citizenCaptureRetentionHours = 0; ///< U.S.-citizen captures: 0 = never written; at most 12
    OperatingPointConfig operatingPoint;  ///< matching thresholds (issue #25)
    bool demo = false;                    ///< set only by `portico --demo`; a config file that asks for it is refused

    // ---- Station integrity (issue 27): reaching the central service, the camera override. Kept apart from the
    // other blocks.
    /// PEM trust anchor for the central service's certificate chain (docs/api.md §1 `ca_file`: the agency CA, or the
    /// server's own certificate when self-signed); empty = the system store. The key pin is required either way.
    std::filesystem::path centralCaFile;
    /// Accept a camera device that is not live (v4l2loopback, vivid, OBS, an unidentified driver). Off by default;
    /// a site that must use one says why (allowVirtualCameraReason) and the workstation audits it at every start.
    bool allowVirtualCamera = false;
    std::string allowVirtualCameraReason;

    /// @brief Checks every field; the error names the bad key and what it accepts.
    Status validate() const;
    /// @brief What a real (non-demo) booth needs on top: a live camera, the central service over https:// with
    /// its key pinned, the central token file and the manifest signing key. The error names the missing key.
    Status checkReadyForBooth() const;
};

/// @brief The rule for reaching the central service outside demo mode (docs/api.md §1): an https:// URL and a
/// public-key pin. The error names the config key (centralUrl, centralKeyPin).
Status checkCentralTransport(std::string_view centralUrl, std::string_view centralKeyPin);

/// @brief Parse JSON text into a validated config; errors name the key ("config key 'lane': ...").
Result<StationConfig> parseStationConfig(std::string_view json);
/// @brief Read and parse a config file.
Result<StationConfig> loadStationConfig(const std::filesystem::path& path);
/// @brief Serialise (for writing a default config or showing the effective one).
std::string toJson(const StationConfig& config);

} // namespace portico::config
