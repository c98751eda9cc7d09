// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/FramePacer.h"
#include "capture/FrameSource.h"
#include "common/Clock.h"

#include <opencv2/videoio.hpp>

#include <filesystem>

namespace portico::capture {

/// @brief How to replay a video file.
struct VideoFileOptions {
    bool loop = false;    ///< start again at the end (the demo's camera)
    bool realTime = true; ///< pace frames at the file's frame rate; false = as fast as decoding allows
    double fps = 0.0;     ///< override the file's frame rate (0 = the file's own)
};

/// @brief Replays a video file as a frame source. Never live: its SourceInfo says VideoFile.
class VideoFileSource final : public FrameSource {
public:
    VideoFileSource(std::filesystem::path path, VideoFileOptions options, const Clock& clock);
    ~VideoFileSource() override;

    Status open() override;
    Result<std::optional<Frame>> read() override;
    void close() override;
    SourceInfo info() const override;
    double nominalFps() const override { return m_fps; }
    /// @brief Frames in the file (from the container; 0 if unknown).
    std::int64_t frameCount() const { return m_frameCount; }

private:
    Status openCapture();

    std::filesystem::path m_path;
    VideoFileOptions m_options;
    const Clock& m_clock;
    cv::VideoCapture m_capture;
    FramePacer m_pacer;
    SourceInfo m_info;
    double m_fps = 0.0;
    std::int64_t m_frameCount = 0;
    std::int64_t m_position = 0; ///< index of the next frame in the file
    std::uint64_t m_sequence = 0;
};

} // namespace portico::capture
