// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/ImageSequenceSource.h"

#include "common/Log.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

namespace portico::capture {
namespace {
bool isImageFile(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".bmp";
}
} // namespace

ImageSequenceSource::ImageSequenceSource(std::filesystem::path folder, ImageSequenceOptions options, const Clock& clock)
    : m_folder(std::move(folder)), m_options(options), m_clock(clock) {
    m_info.kind = SourceKind::ImageFolder;
    m_info.backend = "imgcodecs";
    m_info.path = m_folder.string();
}

Status ImageSequenceSource::open() {
    m_files.clear();
    std::error_code ec;
    if (!std::filesystem::is_directory(m_folder, ec)) {
        return makeError(ErrorCode::NotFound, "image folder not found: " + m_folder.string());
    }
    for (const auto& entry : std::filesystem::directory_iterator(m_folder, ec)) {
        if (entry.is_regular_file() && isImageFile(entry.path())) {
            m_files.push_back(entry.path());
        }
    }
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot list image folder " + m_folder.string() + ": " + ec.message());
    }
    if (m_files.empty()) {
        return makeError(ErrorCode::NotFound, "no images (.jpg, .png, .bmp) in " + m_folder.string());
    }
    std::sort(m_files.begin(), m_files.end());
    m_next = 0;
    m_pacer.setFps(m_options.realTime ? m_options.fps : 0.0);
    m_open = true;
    return {};
}

Result<std::optional<Frame>> ImageSequenceSource::read() {
    if (!m_open) {
        return makeError(ErrorCode::IoError, "image folder is not open: " + m_folder.string());
    }
    // Skip unreadable files (counted in the log) rather than stalling the stream; give up after a full pass.
    for (std::size_t tries = 0; tries <= m_files.size(); ++tries) {
        if (m_next >= m_files.size()) {
            if (!m_options.loop) {
                return std::optional<Frame>{};
            }
            m_next = 0;
        }
        const std::size_t index = m_next++;
        cv::Mat image;
        try {
            image = cv::imread(m_files[index].string(), cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            image.release();
        }
        if (image.empty()) {
            log::get("capture")->warn("image folder: skipping an unreadable file (index {})", index);
            continue;
        }
        m_pacer.waitNext();
        return std::optional<Frame>(
            Frame(std::move(image), m_sequence++, m_clock.steadyNow(), m_info, static_cast<std::int64_t>(index)));
    }
    return makeError(ErrorCode::IoError, "no readable image in " + m_folder.string());
}

void ImageSequenceSource::close() {
    m_open = false;
    m_pacer.reset();
}

SourceInfo ImageSequenceSource::info() const {
    return m_info;
}

} // namespace portico::capture
