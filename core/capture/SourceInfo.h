// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <string>
#include <string_view>

namespace portico::capture {

/// @brief What kind of thing produces the frames.
enum class SourceKind { Unknown = 0, Camera, VideoFile, ImageFolder };

/// @brief Stable name of a source kind ("camera", "video-file", "image-folder"), for metadata and logs.
std::string_view sourceKindName(SourceKind kind);

/// @brief Where a frame came from; travels with every frame and every capture's metadata.
struct SourceInfo {
    SourceKind kind = SourceKind::Unknown;
    std::string driver;  ///< kernel driver of a device (V4L2 VIDIOC_QUERYCAP), e.g. "uvcvideo"; empty if unknown
    std::string card;    ///< device name reported by the driver, e.g. "HD Webcam C615"
    std::string backend; ///< OpenCV backend that reads it, e.g. "V4L2", "FFMPEG"
    std::string path;    ///< device node, video file or image folder

    /// @brief True only for a real camera device with a known, non-virtual driver. A replayed file, an image
    /// folder, a virtual device (v4l2loopback, vivid, ...) or a device whose driver is unknown never passes.
    bool isLive() const;
    /// @brief One line for metadata and logs: "camera uvcvideo (HD Webcam) via V4L2 at /dev/video0".
    std::string describe() const;
};

/// @brief True when a V4L2 driver name belongs to a virtual/loopback device rather than real hardware.
bool isVirtualVideoDriver(std::string_view driver);

/// @brief The rule for a production booth: frames come from a live camera only (SourceInfo::isLive()). A site that
/// must use another source sets the station config's override (allowVirtualCamera, with a reason; audited at
/// start-up) and passes allowNonLive. Unsupported, naming the source, otherwise.
Status checkLiveSource(const SourceInfo& source, bool allowNonLive);

} // namespace portico::capture
