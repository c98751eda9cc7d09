// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/OpenCvCamera.h"

#include "common/Log.h"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <opencv2/core.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <utility>

namespace portico::capture {
namespace {
bool isIndex(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string fixedString(const unsigned char* data, std::size_t size) {
    const auto* chars = reinterpret_cast<const char*>(data);
    return std::string(chars, strnlen(chars, size));
}
} // namespace

V4l2Identity queryV4l2Identity(const std::string& devicePath) {
    V4l2Identity id;
    const int fd = ::open(devicePath.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return id;
    }
    v4l2_capability cap{};
    if (::ioctl(fd, VIDIOC_QUERYCAP, &cap) == 0) {
        id.driver = fixedString(cap.driver, sizeof cap.driver);
        id.card = fixedString(cap.card, sizeof cap.card);
    }
    ::close(fd);
    return id;
}

std::string OpenCvCamera::devicePath(const std::string& device) {
    return isIndex(device) ? "/dev/video" + device : device;
}

OpenCvCamera::OpenCvCamera(CameraOptions options, const Clock& clock) : m_options(std::move(options)), m_clock(clock) {
    m_info.kind = SourceKind::Camera;
    m_info.path = devicePath(m_options.device);
}

OpenCvCamera::~OpenCvCamera() {
    close();
}

Status OpenCvCamera::open() {
    close();
    const std::string path = devicePath(m_options.device);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return makeError(ErrorCode::NotFound, "camera device " + path + " not present (unplugged?)");
    }
    try {
        const bool opened = isIndex(m_options.device) ? m_capture.open(std::stoi(m_options.device), cv::CAP_V4L2)
                                                      : m_capture.open(path, cv::CAP_V4L2);
        if (!opened || !m_capture.isOpened()) {
            return makeError(ErrorCode::IoError, "cannot open camera " + path + " (busy or no permission?)");
        }
        m_capture.set(cv::CAP_PROP_FRAME_WIDTH, m_options.width);
        m_capture.set(cv::CAP_PROP_FRAME_HEIGHT, m_options.height);
        m_capture.set(cv::CAP_PROP_FPS, m_options.fps);
        // One buffer: the capture loop wants the newest frame, not a driver-side backlog.
        m_capture.set(cv::CAP_PROP_BUFFERSIZE, 1);
        const double fps = m_capture.get(cv::CAP_PROP_FPS);
        m_fps = fps > 0.0 ? fps : m_options.fps;
        m_info.backend = m_capture.getBackendName();
    } catch (const cv::Exception& e) {
        m_capture.release();
        return makeError(ErrorCode::IoError, "cannot open camera " + path + ": " + e.what());
    }
    const V4l2Identity id = queryV4l2Identity(path);
    m_info.driver = id.driver;
    m_info.card = id.card;
    m_info.path = path;
    log::get("capture")->info("camera opened: driver '{}' via {} at {}, live={}", m_info.driver, m_info.backend, path,
                              m_info.isLive());
    // Production refuses a source that is not a live camera (docs/capture.md), unless the config's audited override.
    if (auto live = checkLiveSource(m_info, m_options.allowNonLive); !live) {
        m_capture.release();
        log::get("capture")->error("camera refused: {}", live.error().detail);
        return live;
    }
    if (!m_info.isLive()) {
        log::get("capture")->warn("camera is not live; accepted by the station config's override");
    }
    return {};
}

Result<std::optional<Frame>> OpenCvCamera::read() {
    if (!m_capture.isOpened()) {
        return makeError(ErrorCode::IoError, "camera " + m_info.path + " is not open");
    }
    cv::Mat image;
    try {
        if (!m_capture.read(image) || image.empty()) {
            std::error_code ec;
            const bool present = std::filesystem::exists(m_info.path, ec);
            return makeError(ErrorCode::IoError, present ? "camera " + m_info.path + " stopped delivering frames"
                                                         : "camera " + m_info.path + " disappeared (unplugged?)");
        }
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::IoError, "camera " + m_info.path + " read failed: " + e.what());
    }
    return std::optional<Frame>(Frame(std::move(image), m_sequence++, m_clock.steadyNow(), m_info, -1));
}

void OpenCvCamera::close() {
    if (m_capture.isOpened()) {
        m_capture.release();
    }
}

SourceInfo OpenCvCamera::info() const {
    return m_info;
}

} // namespace portico::capture
