// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/FramePacer.h"
#include "capture/FrameSource.h"
#include "common/Clock.h"

#include <filesystem>
#include <vector>

namespace portico::capture {

/// @brief How to replay a folder of images.
struct ImageSequenceOptions {
    double fps = 10.0;    ///< frames per second
    bool loop = false;    ///< start again after the last image
    bool realTime = true; ///< pace at fps; false = as fast as decoding allows
};

/// @brief A folder of images (.jpg, .jpeg, .png, .bmp; sorted by file name) replayed as frames. Never live.
class ImageSequenceSource final : public FrameSource {
public:
    ImageSequenceSource(std::filesystem::path folder, ImageSequenceOptions options, const Clock& clock);

    Status open() override;
    Result<std::optional<Frame>> read() override;
    void close() override;
    SourceInfo info() const override;
    double nominalFps() const override { return m_options.fps; }
    std::size_t imageCount() const { return m_files.size(); }

private:
    std::filesystem::path m_folder;
    ImageSequenceOptions m_options;
    const Clock& m_clock;
    FramePacer m_pacer;
    SourceInfo m_info;
    std::vector<std::filesystem::path> m_files;
    std::size_t m_next = 0;
    std::uint64_t m_sequence = 0;
    bool m_open = false;
};

} // namespace portico::capture
