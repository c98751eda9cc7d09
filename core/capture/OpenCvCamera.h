// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/FrameSource.h"
#include "common/Clock.h"

#include <opencv2/videoio.hpp>

#include <string>

namespace portico::capture {

/// @brief Camera settings (from the station config).
struct CameraOptions {
    std::string device = "0"; ///< V4L2 index ("0") or device node ("/dev/video0")
    int width = 1280;         ///< requested; the driver may choose the nearest mode
    int height = 720;
    double fps = 30.0;
    /// The station config's audited override (allowVirtualCamera): accept a device that is not a live camera.
    bool allowNonLive = false;
};

/// @brief A V4L2 camera read through OpenCV. A read failure is an IoError; the capture loop then reports
/// Disconnected and reopens with backoff, so unplugging and replugging the camera recovers on its own. A device
/// that is not a live camera (v4l2loopback, vivid, OBS, an unidentified driver) is refused at open() unless
/// CameraOptions::allowNonLive (checkLiveSource).
class OpenCvCamera final : public FrameSource {
public:
    OpenCvCamera(CameraOptions options, const Clock& clock);
    ~OpenCvCamera() override;

    Status open() override;
    Result<std::optional<Frame>> read() override;
    void close() override;
    SourceInfo info() const override;
    double nominalFps() const override { return m_fps; }

    /// @brief The device node for a config value: "0" → "/dev/video0", a path stays as is.
    static std::string devicePath(const std::string& device);

private:
    CameraOptions m_options;
    const Clock& m_clock;
    cv::VideoCapture m_capture;
    SourceInfo m_info;
    double m_fps = 0.0;
    std::uint64_t m_sequence = 0;
};

/// @brief Driver and card name of a V4L2 device (VIDIOC_QUERYCAP); empty strings if it cannot be queried.
struct V4l2Identity {
    std::string driver;
    std::string card;
};
V4l2Identity queryV4l2Identity(const std::string& devicePath);

} // namespace portico::capture
