// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/SourceInfo.h"

#include <opencv2/core.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace portico::capture {

/// @brief One image from a frame source, with its sequence number, capture time and origin.
class Frame {
public:
    Frame();
    Frame(cv::Mat image, std::uint64_t sequence, std::chrono::steady_clock::time_point capturedAt, SourceInfo source,
          std::int64_t sourcePosition = -1);
    Frame(const Frame& other);
    Frame(Frame&& other) noexcept;
    Frame& operator=(const Frame& other) = default;
    Frame& operator=(Frame&& other) noexcept = default;
    ~Frame();

    cv::Mat image;                                      ///< BGR, 8-bit, 3 channels
    std::uint64_t sequence = 0;                         ///< monotonic per source session, from 0
    std::chrono::steady_clock::time_point capturedAt{}; ///< when the source delivered it (steady clock)
    SourceInfo source;
    std::int64_t sourcePosition = -1; ///< frame index in a file / image index in a folder; -1 for a camera

    /// @brief Number of Frame objects alive in the process (tests use it to prove memory stays flat).
    static std::int64_t liveCount();
};

/// @brief Frames are shared read-only between the capture, analysis and UI threads.
using FramePtr = std::shared_ptr<const Frame>;

} // namespace portico::capture
