// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/StationConfig.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace portico::config {
namespace {
using nlohmann::json;

Error keyError(std::string_view key, std::string_view what) {
    return makeError(ErrorCode::ConfigInvalid, "config key '" + std::string(key) + "': " + std::string(what));
}

template <class T>
Status read(const json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it == j.end()) {
        return {}; // keep default
    }
    try {
        if constexpr (std::is_same_v<T, int>) {
            if (!it->is_number_integer()) {
                return keyError(key, "expected an integer, got " + it->dump());
            }
            out = it->get<int>();
        } else if constexpr (std::is_same_v<T, bool>) {
            if (!it->is_boolean()) {
                return keyError(key, "expected true or false, got " + it->dump());
            }
            out = it->get<bool>();
        } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
            if (!it->is_string()) {
                return keyError(key, "expected a path string, got " + it->dump());
            }
            out = it->get<std::string>();
        } else {
            if (!it->is_string()) {
                return keyError(key, "expected a string, got " + it->dump());
            }
            out = it->get<std::string>();
        }
    } catch (const json::exception& e) {
        return keyError(key, e.what());
    }
    return {};
}
// ---- operating point (matching thresholds; issue #25) -------------------------------------------------------------
Status readNumber(const json& j, const std::string& key, double& out) {
    auto it = j.find(key);
    if (it == j.end()) {
        return {};
    }
    if (!it->is_number()) {
        return keyError("operatingPoint." + key, "expected a number, got " + it->dump());
    }
    out = it->get<double>();
    return {};
}

Status readOperatingPoint(const json& root, OperatingPointConfig& op) {
    auto it = root.find("operatingPoint");
    if (it == root.end()) {
        return {};
    }
    const json& j = *it;
    if (!j.is_object()) {
        return keyError("operatingPoint", "expected an object, got " + j.dump());
    }
    static const std::set<std::string> kKnown = {"verificationFmr",  "identificationFpir", "ageFmrFactor",
                                                 "youngerThanYears", "olderThanYears",     "ambiguityMargin"};
    for (auto k = j.begin(); k != j.end(); ++k) {
        if (!kKnown.contains(k.key())) {
            return keyError("operatingPoint." + k.key(), "unknown key");
        }
    }
    for (auto [key, out] :
         {std::pair{"verificationFmr", &op.verificationFmr}, std::pair{"identificationFpir", &op.identificationFpir},
          std::pair{"ageFmrFactor", &op.ageFmrFactor}}) {
        if (auto s = readNumber(j, key, *out); !s) {
            return s;
        }
    }
    for (auto [key, out] :
         {std::pair{"youngerThanYears", &op.youngerThanYears}, std::pair{"olderThanYears", &op.olderThanYears}}) {
        if (auto k = j.find(key); k != j.end()) {
            if (!k->is_number_integer()) {
                return keyError(std::string("operatingPoint.") + key, "expected an integer, got " + k->dump());
            }
            *out = k->get<int>();
        }
    }
    if (auto k = j.find("ambiguityMargin"); k != j.end()) {
        if (k->is_string() && k->get<std::string>() == "calibrated") {
            op.ambiguityMargin.reset();
        } else if (k->is_number()) {
            op.ambiguityMargin = k->get<double>();
        } else {
            return keyError("operatingPoint.ambiguityMargin",
                            "expected \"calibrated\" or a cosine gap such as 0.05, got " + k->dump());
        }
    }
    return {};
}

std::string shortNumber(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

} // namespace

Status validateOperatingPoint(const OperatingPointConfig& op) {
    if (!(op.verificationFmr >= 1e-8 && op.verificationFmr <= 1e-2)) {
        return keyError("operatingPoint.verificationFmr",
                        "expected a false-match rate from 1e-8 to 1e-2, got " + shortNumber(op.verificationFmr));
    }
    if (!(op.identificationFpir >= 1e-5 && op.identificationFpir <= 0.1)) {
        return keyError("operatingPoint.identificationFpir",
                        "expected a false-positive identification rate from 1e-5 to 0.1, got " +
                            shortNumber(op.identificationFpir));
    }
    if (!(op.ageFmrFactor >= 1e-3 && op.ageFmrFactor <= 1.0)) {
        return keyError("operatingPoint.ageFmrFactor",
                        "expected a factor from 0.001 to 1 (1 = no tightening), got " + shortNumber(op.ageFmrFactor));
    }
    if (op.youngerThanYears < 0 || op.youngerThanYears > 21) {
        return keyError("operatingPoint.youngerThanYears",
                        "expected 0..21, got " + std::to_string(op.youngerThanYears));
    }
    if (op.olderThanYears < 50 || op.olderThanYears > 130) {
        return keyError("operatingPoint.olderThanYears", "expected 50..130, got " + std::to_string(op.olderThanYears));
    }
    if (op.ambiguityMargin && !(*op.ambiguityMargin >= 0.0 && *op.ambiguityMargin <= 0.5)) {
        return keyError("operatingPoint.ambiguityMargin",
                        "expected \"calibrated\" or a cosine gap from 0 to 0.5, got " +
                            shortNumber(*op.ambiguityMargin));
    }
    return {};
}

namespace {
json operatingPointJson(const OperatingPointConfig& op) {
    json j = {{"verificationFmr", op.verificationFmr}, {"identificationFpir", op.identificationFpir},
              {"ageFmrFactor", op.ageFmrFactor},       {"youngerThanYears", op.youngerThanYears},
              {"olderThanYears", op.olderThanYears},   {"ambiguityMargin", "calibrated"}};
    if (op.ambiguityMargin) {
        j["ambiguityMargin"] = *op.ambiguityMargin;
    }
    return j;
}
// ---- end of operating point ---------------------------------------------------------------------------------------
} // namespace

Status StationConfig::validate() const {
    if (version != kCurrentVersion) {
        return keyError("version", "this Portico reads version " + std::to_string(kCurrentVersion) + ", got " +
                                       std::to_string(version));
    }
    static const std::regex kStation("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    if (!std::regex_match(stationId, kStation)) {
        return keyError("stationId", "1-64 letters, digits, '.', '_' or '-'");
    }
    static const std::regex kPort("[A-Z0-9]{3,5}");
    if (!std::regex_match(portCode, kPort)) {
        return keyError("portCode", "3-5 upper-case letters or digits");
    }
    if (lane < 1 || lane > 99) {
        return keyError("lane", "expected 1..99, got " + std::to_string(lane));
    }
    const bool https = centralUrl.starts_with("https://");
    if (!https && !centralUrl.starts_with("http://")) {
        return keyError("centralUrl", "must start with https:// (or http:// for loopback development)");
    }
    if (!https && !demo) {
        const auto host = centralUrl.substr(7);
        if (!host.starts_with("127.0.0.1") && !host.starts_with("localhost") && !host.starts_with("[::1]")) {
            return keyError("centralUrl", "plain http is allowed only on loopback; use https with centralKeyPin");
        }
    }
    if (https && centralKeyPin.empty()) {
        return keyError("centralKeyPin", "required with https: the sha256//... pin of the central service key");
    }
    if (!centralKeyPin.empty()) {
        // libcurl's CURLOPT_PINNEDPUBLICKEY form: sha256//<base64 of 32 bytes>, several separated by ';'.
        static const std::regex kPin("sha256//[A-Za-z0-9+/]{43}=(;sha256//[A-Za-z0-9+/]{43}=)*");
        if (!std::regex_match(centralKeyPin, kPin)) {
            return keyError("centralKeyPin", "expected sha256//<base64 SHA-256 of the key>, several separated by ';'");
        }
    }
    if (inactivityLockMinutes < 1 || inactivityLockMinutes > 120) {
        return keyError("inactivityLockMinutes", "expected 1..120, got " + std::to_string(inactivityLockMinutes));
    }
    if (manifestStaleHours < 1 || manifestStaleHours > 168) {
        return keyError("manifestStaleHours", "expected 1..168, got " + std::to_string(manifestStaleHours));
    }
    if (manifestSyncMinutes < 1 || manifestSyncMinutes > 60) {
        return keyError("manifestSyncMinutes", "expected 1..60, got " + std::to_string(manifestSyncMinutes));
    }
    if (citizenCaptureRetentionHours < 0 || citizenCaptureRetentionHours > 12) {
        return keyError("citizenCaptureRetentionHours",
                        "expected 0..12 (U.S.-citizen photos must be gone within 12 h), got " +
                            std::to_string(citizenCaptureRetentionHours));
    }
    if (camera.empty()) {
        return keyError("camera", "a device index such as \"0\" or a device path such as \"/dev/video0\"");
    }
    if (auto op = validateOperatingPoint(operatingPoint); !op) { // issue #25
        return op;
    }
    // ---- station integrity (issue 27)
    if (allowVirtualCamera && allowVirtualCameraReason.size() < 10) {
        return keyError("allowVirtualCameraReason", "required with allowVirtualCamera: why this site must use a "
                                                    "camera that is not live (at least 10 characters; it is audited)");
    }
    return {};
}

Status checkCentralTransport(std::string_view centralUrl, std::string_view centralKeyPin) {
    if (!centralUrl.starts_with("https://")) {
        return keyError("centralUrl", "outside demo mode the central service is reached over https:// only");
    }
    if (centralKeyPin.empty()) {
        return keyError("centralKeyPin", "required outside demo mode: the sha256//... pin of the central service key");
    }
    return {};
}

Status StationConfig::checkReadyForBooth() const {
    if (demo) {
        return {};
    }
    if (auto transport = checkCentralTransport(centralUrl, centralKeyPin); !transport) {
        return transport;
    }
    const bool index = std::all_of(camera.begin(), camera.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!index && !camera.starts_with("/dev/video")) {
        return keyError("camera", "a live camera is required outside demo mode: a device index or /dev/videoN, "
                                  "got a file");
    }
    if (centralTokenFile.empty()) {
        return keyError("centralTokenFile", "required: the file holding this station's central-service token");
    }
    static const std::regex kKey("[A-Za-z0-9+/]{43}=");
    if (!std::regex_match(manifestPublicKey, kKey)) {
        return keyError("manifestPublicKey", "required: the base64 Ed25519 key that signs this port's manifests");
    }
    return {};
}

Result<StationConfig> parseStationConfig(std::string_view text) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
        return makeError(ErrorCode::ConfigInvalid, "config is not valid JSON");
    }
    if (!j.is_object()) {
        return makeError(ErrorCode::ConfigInvalid, "config must be a JSON object");
    }
    static const std::set<std::string> kKnown = {
        "version", "stationId", "portCode", "lane", "centralUrl", "centralKeyPin", "dataDir", "keyFile", "modelDir",
        "inactivityLockMinutes", "manifestStaleHours", "centralTokenFile", "manifestPublicKey", "camera",
        "documentDropDir", "manifestSyncMinutes", "citizenCaptureRetentionHours", "demo",
        "operatingPoint", // issue #25
        // station integrity (issue 27)
        "centralCaFile", "allowVirtualCamera", "allowVirtualCameraReason"};
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!kKnown.contains(it.key())) {
            return keyError(it.key(), "unknown key");
        }
    }
    StationConfig c;
    for (Status s :
         {read(j, "version", c.version), read(j, "stationId", c.stationId), read(j, "portCode", c.portCode),
          read(j, "lane", c.lane), read(j, "centralUrl", c.centralUrl), read(j, "centralKeyPin", c.centralKeyPin),
          read(j, "dataDir", c.dataDir), read(j, "keyFile", c.keyFile), read(j, "modelDir", c.modelDir),
          read(j, "inactivityLockMinutes", c.inactivityLockMinutes),
          read(j, "manifestStaleHours", c.manifestStaleHours), read(j, "centralTokenFile", c.centralTokenFile),
          read(j, "manifestPublicKey", c.manifestPublicKey), read(j, "camera", c.camera),
          read(j, "documentDropDir", c.documentDropDir), read(j, "manifestSyncMinutes", c.manifestSyncMinutes),
          read(j, "citizenCaptureRetentionHours", c.citizenCaptureRetentionHours), read(j, "demo", c.demo)}) {
        if (!s) {
            return s.error();
        }
    }
    if (auto s = readOperatingPoint(j, c.operatingPoint); !s) { // issue #25
        return s.error();
    }
    // ---- station integrity (issue 27)
    for (Status s : {read(j, "centralCaFile", c.centralCaFile), read(j, "allowVirtualCamera", c.allowVirtualCamera),
                     read(j, "allowVirtualCameraReason", c.allowVirtualCameraReason)}) {
        if (!s) {
            return s.error();
        }
    }
    if (c.demo) {
        // Demo mode publishes its passwords, uses a fixed token and accepts a video as the camera: it exists only
        // as `portico --demo`, on its own data folder, never through a station's config.
        return keyError("demo", "demo mode is not a station setting: the demo runs as `portico --demo`, on its own "
                                "data folder");
    }
    if (auto s = c.validate(); !s) {
        return s.error();
    }
    return c;
}

Result<StationConfig> loadStationConfig(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read config file " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parseStationConfig(ss.str());
    if (!parsed) {
        return makeError(parsed.error().code, path.string() + ": " + parsed.error().detail);
    }
    return parsed;
}

std::string toJson(const StationConfig& c) {
    json j = {{"version", c.version},
              {"stationId", c.stationId},
              {"portCode", c.portCode},
              {"lane", c.lane},
              {"centralUrl", c.centralUrl},
              {"centralKeyPin", c.centralKeyPin},
              {"dataDir", c.dataDir.string()},
              {"keyFile", c.keyFile.string()},
              {"modelDir", c.modelDir.string()},
              {"inactivityLockMinutes", c.inactivityLockMinutes},
              {"manifestStaleHours", c.manifestStaleHours},
              {"centralTokenFile", c.centralTokenFile.string()},
              {"manifestPublicKey", c.manifestPublicKey},
              {"camera", c.camera},
              {"documentDropDir", c.documentDropDir.string()},
              {"manifestSyncMinutes", c.manifestSyncMinutes},
              {"citizenCaptureRetentionHours", c.citizenCaptureRetentionHours},
              {"operatingPoint", operatingPointJson(c.operatingPoint)}}; // issue #25
    // ---- station integrity (issue 27)
    j["centralCaFile"] = c.centralCaFile.string();
    j["allowVirtualCamera"] = c.allowVirtualCamera;
    j["allowVirtualCameraReason"] = c.allowVirtualCameraReason;
    return j.dump(2);
}

} // namespace portico::config
