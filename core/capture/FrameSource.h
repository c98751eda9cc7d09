// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Frame.h"
#include "capture/SourceInfo.h"
#include "common/Result.h"

#include <optional>
#include <string_view>

namespace portico::capture {

/// @brief State of a frame source as the capture loop sees it.
enum class SourceStatus { Unknown = 0, Stopped, Opening, Streaming, Disconnected, EndOfStream };

/// @brief Stable name of a status ("streaming", "disconnected", ...), for logs and stats.
std::string_view sourceStatusName(SourceStatus status);

/// @brief Port: anything that yields frames (camera, video file, image folder, test fakes).
/// Called from one thread at a time (the capture loop's); open/read/close need not be thread-safe.
class FrameSource {
public:
    virtual ~FrameSource() = default;

    /// @brief Open (or reopen after a failure). Error says what is missing and where.
    virtual Status open() = 0;
    /// @brief Next frame, paced at the source's rate (blocks until it is due). An empty optional is the end of a
    /// finite stream; an error (IoError) means the device or file failed (e.g. camera unplugged).
    virtual Result<std::optional<Frame>> read() = 0;
    /// @brief Release the device or file. Safe to call when closed.
    virtual void close() = 0;
    /// @brief What this source is (kind, driver, path); complete once open() succeeded.
    virtual SourceInfo info() const = 0;
    /// @brief Frames per second the source delivers when streaming (0 if unknown).
    virtual double nominalFps() const = 0;
};

} // namespace portico::capture
