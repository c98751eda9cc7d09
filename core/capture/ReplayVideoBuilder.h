// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace portico::capture {

/// @brief How a replay frame was made from its photo.
enum class FrameVariant { Unknown = 0, Original, Blurred, Dark, OffAngle };

/// @brief Stable name ("original", "blurred", "dark", "off-angle").
std::string_view frameVariantName(FrameVariant variant);

/// @brief Settings of a replay video.
struct ReplayVideoOptions {
    double fps = 15.0;
    cv::Size frameSize{640, 480}; ///< each photo is scaled to fit, centred on a grey background
    int framesPerShot = 8;        ///< how many frames each photo (or degraded variant) is held for
    bool degrade = false;         ///< before each photo, mix in a blurred, a dark and an off-angle version of it
    std::uint64_t seed = 1;       ///< per-frame sensor noise and sub-pixel jitter, so held frames are not identical
};

/// @brief One run of frames in the video: which photo, which variant, which frame indices.
struct ReplaySegment {
    std::filesystem::path image;
    FrameVariant variant = FrameVariant::Unknown;
    int firstFrame = 0; ///< index of its first frame in the video
    int frameCount = 0;
};

/// @brief A photo scaled to fit @p size, centred on a grey background (how the replay video frames a photo).
cv::Mat fitToFrame(const cv::Mat& image, cv::Size size);

/// @brief Makes the degraded variant of a photo already placed on the frame canvas (for tests and the writer).
cv::Mat degradeFrame(const cv::Mat& canvas, FrameVariant variant);

/// @brief Write an MJPG .avi (cv::VideoWriter) from photos: the demo's camera and the capture tests' input.
/// Returns the segments in video order, so a test knows what every frame shows. Unreadable photos are an error.
Result<std::vector<ReplaySegment>> buildReplayVideo(const std::vector<std::filesystem::path>& images,
                                                    const std::filesystem::path& out,
                                                    const ReplayVideoOptions& options = {});

/// @brief Images of a folder, sorted by name (.jpg, .jpeg, .png, .bmp), or of a folder of folders (one level down).
std::vector<std::filesystem::path> listImages(const std::filesystem::path& dir);

} // namespace portico::capture
