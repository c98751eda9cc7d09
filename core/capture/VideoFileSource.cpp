// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/VideoFileSource.h"

#include "common/Log.h"

#include <opencv2/core.hpp>

#include <utility>

namespace portico::capture {

VideoFileSource::VideoFileSource(std::filesystem::path path, VideoFileOptions options, const Clock& clock)
    : m_path(std::move(path)), m_options(options), m_clock(clock) {
    m_info.kind = SourceKind::VideoFile;
    m_info.path = m_path.string();
}

VideoFileSource::~VideoFileSource() {
    close();
}

Status VideoFileSource::openCapture() {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(m_path, ec)) {
        return makeError(ErrorCode::NotFound, "video file not found: " + m_path.string());
    }
    try {
        if (!m_capture.open(m_path.string(), cv::CAP_ANY) || !m_capture.isOpened()) {
            return makeError(ErrorCode::IoError, "cannot open video file (unsupported codec?): " + m_path.string());
        }
        m_info.backend = m_capture.getBackendName();
        m_frameCount = static_cast<std::int64_t>(m_capture.get(cv::CAP_PROP_FRAME_COUNT));
        const double fileFps = m_capture.get(cv::CAP_PROP_FPS);
        m_fps = m_options.fps > 0.0 ? m_options.fps : (fileFps > 0.0 && fileFps < 1000.0 ? fileFps : 25.0);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::IoError, "cannot open video file " + m_path.string() + ": " + e.what());
    }
    m_position = 0;
    m_pacer.setFps(m_options.realTime ? m_fps : 0.0);
    return {};
}

Status VideoFileSource::open() {
    close();
    return openCapture();
}

Result<std::optional<Frame>> VideoFileSource::read() {
    if (!m_capture.isOpened()) {
        return makeError(ErrorCode::IoError, "video file is not open: " + m_path.string());
    }
    cv::Mat image;
    try {
        bool got = m_capture.read(image) && !image.empty();
        if (!got && m_options.loop && m_position > 0) {
            // Reopening is more reliable than seeking to 0 across containers and backends.
            m_capture.release();
            if (auto s = openCapture(); !s) {
                return s.error();
            }
            got = m_capture.read(image) && !image.empty();
        }
        if (!got) {
            if (m_position > 0) {
                return std::optional<Frame>{};
            }
            return makeError(ErrorCode::IoError, "video file yields no frame: " + m_path.string());
        }
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::IoError, std::string("video decode failed: ") + e.what());
    }
    m_pacer.waitNext();
    Frame frame(std::move(image), m_sequence++, m_clock.steadyNow(), m_info, m_position++);
    return std::optional<Frame>(std::move(frame));
}

void VideoFileSource::close() {
    if (m_capture.isOpened()) {
        m_capture.release();
    }
    m_pacer.reset();
}

SourceInfo VideoFileSource::info() const {
    return m_info;
}

} // namespace portico::capture
