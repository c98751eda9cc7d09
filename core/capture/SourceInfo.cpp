// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/SourceInfo.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace portico::capture {

std::string_view sourceKindName(SourceKind kind) {
    switch (kind) {
    case SourceKind::Unknown:
        return "unknown";
    case SourceKind::Camera:
        return "camera";
    case SourceKind::VideoFile:
        return "video-file";
    case SourceKind::ImageFolder:
        return "image-folder";
    }
    return "unknown";
}

bool isVirtualVideoDriver(std::string_view driver) {
    std::string lower(driver);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // Drivers that synthesise or loop frames from software: v4l2loopback reports "v4l2 loopback", akvcam
    // and OBS's virtual camera sit on top of loopback-style drivers; vivid/vicodec/vimc are kernel test drivers.
    static constexpr std::array<std::string_view, 9> kVirtual = {"loopback", "vivid", "vicodec", "vimc",   "vim2m",
                                                                 "akvcam",   "obs",   "dummy",   "virtual"};
    return std::any_of(kVirtual.begin(), kVirtual.end(),
                       [&](std::string_view v) { return lower.find(v) != std::string::npos; });
}

bool SourceInfo::isLive() const {
    return kind == SourceKind::Camera && !driver.empty() && !isVirtualVideoDriver(driver) &&
           !isVirtualVideoDriver(card);
}

Status checkLiveSource(const SourceInfo& source, bool allowNonLive) {
    if (source.isLive() || allowNonLive) {
        return {};
    }
    return makeError(ErrorCode::Unsupported, source.describe() +
                                                 " is not a live camera (virtual, replayed or unidentified driver): "
                                                 "refused outside demo mode (station config allowVirtualCamera)");
}

std::string SourceInfo::describe() const {
    std::string out(sourceKindName(kind));
    if (!driver.empty()) {
        out += " " + driver;
    }
    if (!card.empty()) {
        out += " (" + card + ")";
    }
    if (!backend.empty()) {
        out += " via " + backend;
    }
    if (!path.empty()) {
        out += " at " + path;
    }
    return out;
}

} // namespace portico::capture
