// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/CaptureHealth.h"
#include "capture/ImageSequenceSource.h"
#include "capture/OpenCvCamera.h"
#include "capture/ReplayVideoBuilder.h"
#include "capture/SourceInfo.h"
#include "capture/VideoFileSource.h"
#include "support/TestPaths.h"

#include <opencv2/imgcodecs.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

TEST_CASE("only a real camera device with a known, non-virtual driver counts as live", "[unit]") {
    SourceInfo cam{SourceKind::Camera, "uvcvideo", "HD Webcam C615", "V4L2", "/dev/video0"};
    CHECK(cam.isLive());
    CHECK(cam.describe().find("uvcvideo") != std::string::npos);

    auto loop = cam;
    loop.driver = "v4l2 loopback";
    CHECK_FALSE(loop.isLive());
    auto loop2 = cam;
    loop2.driver = "v4l2loopback";
    CHECK_FALSE(loop2.isLive());
    auto vivid = cam;
    vivid.driver = "vivid";
    CHECK_FALSE(vivid.isLive());
    auto obs = cam;
    obs.card = "OBS Virtual Camera"; // a loopback driver renamed by OBS: the card name gives it away
    obs.driver = "uvcvideo";
    CHECK_FALSE(obs.isLive());
    auto unknown = cam;
    unknown.driver.clear(); // could not ask the driver: not proven live
    CHECK_FALSE(unknown.isLive());

    CHECK_FALSE((SourceInfo{SourceKind::VideoFile, "", "", "FFMPEG", "/tmp/demo.avi"}.isLive()));
    CHECK_FALSE((SourceInfo{SourceKind::ImageFolder, "", "", "imgcodecs", "/tmp/frames"}.isLive()));
    // Even with a real driver's name in it, a replayed file never passes.
    CHECK_FALSE((SourceInfo{SourceKind::VideoFile, "uvcvideo", "", "", "/tmp/demo.avi"}.isLive()));
}

TEST_CASE("a camera that is not there is a clear NotFound, not a crash", "[unit]") {
    SystemClock clock;
    CHECK(OpenCvCamera::devicePath("3") == "/dev/video3");
    CHECK(OpenCvCamera::devicePath("/dev/v4l/by-id/usb-cam") == "/dev/v4l/by-id/usb-cam");
    OpenCvCamera cam(CameraOptions{"/dev/video-portico-missing", 640, 480, 30.0}, clock);
    const Status s = cam.open();
    REQUIRE_FALSE(s.ok());
    CHECK(s.code() == ErrorCode::NotFound);
    CHECK(s.error().detail.find("/dev/video-portico-missing") != std::string::npos);
    CHECK(cam.info().kind == SourceKind::Camera);
    CHECK_FALSE(cam.info().isLive());
    const auto read = cam.read();
    CHECK(read.code() == ErrorCode::IoError);
}

TEST_CASE("replay video: built from real photos with degraded frames, replayed at its frame rate", "[unit]") {
    SystemClock clock;
    test::TempDir tmp;
    const auto dev = test::facesDevDir();
    const std::vector<std::filesystem::path> images = {dev / "celeba_7201" / "1.jpg", dev / "celeba_7203" / "1.jpg"};
    const auto video = tmp.path() / "replay.avi";
    ReplayVideoOptions opt;
    opt.fps = 20.0;
    opt.framesPerShot = 3;
    opt.degrade = true;
    auto segments = buildReplayVideo(images, video, opt);
    REQUIRE(segments.ok());
    REQUIRE(segments->size() == 8); // per photo: blurred, dark, off-angle, original
    CHECK((*segments)[0].variant == FrameVariant::Blurred);
    CHECK((*segments)[3].variant == FrameVariant::Original);
    CHECK((*segments)[7].firstFrame == 21);

    VideoFileSource source(video, VideoFileOptions{false, true, 0.0}, clock);
    REQUIRE(source.open().ok());
    CHECK(source.nominalFps() == Approx(20.0));
    CHECK(source.info().kind == SourceKind::VideoFile);
    CHECK_FALSE(source.info().isLive());
    std::vector<Frame> frames;
    const auto t0 = std::chrono::steady_clock::now();
    for (;;) {
        auto r = source.read();
        REQUIRE(r.ok());
        if (!r->has_value()) {
            break;
        }
        frames.push_back(std::move(**r));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    REQUIRE(frames.size() == 24);
    CHECK(frames.front().image.size() == cv::Size(640, 480));
    CHECK(frames.back().sourcePosition == 23);
    CHECK(frames.back().sequence == 23);
    // 24 frames at 20 fps: the first is immediate, then 23 intervals of 50 ms.
    CHECK(seconds > 23 * 0.05 * 0.85);
    CHECK(seconds < 23 * 0.05 * 2.0);
    // The dark variant really is dark, the original is not.
    CHECK(cv::mean(frames[3].image)[0] < 0.3 * cv::mean(frames[9].image)[0]);

    // Looping: the stream continues past the end with increasing sequence numbers.
    VideoFileSource looping(video, VideoFileOptions{true, false, 0.0}, clock);
    REQUIRE(looping.open().ok());
    std::uint64_t last = 0;
    for (int i = 0; i < 30; ++i) {
        auto r = looping.read();
        REQUIRE(r.ok());
        REQUIRE(r->has_value());
        last = (*r)->sequence;
        if (i == 25) {
            CHECK((*r)->sourcePosition == 1);
        }
    }
    CHECK(last == 29);
}

TEST_CASE("replay video and image folder: missing inputs are clear errors", "[unit]") {
    SystemClock clock;
    test::TempDir tmp;
    auto bad = buildReplayVideo({tmp.path() / "missing.jpg"}, tmp.path() / "x.avi");
    CHECK(bad.code() == ErrorCode::ImageInvalid);
    CHECK(buildReplayVideo({}, tmp.path() / "x.avi").code() == ErrorCode::InvalidArgument);
    VideoFileSource noFile(tmp.path() / "none.avi", {}, clock);
    CHECK(noFile.open().code() == ErrorCode::NotFound);
    ImageSequenceSource empty(tmp.path(), {}, clock);
    CHECK(empty.open().code() == ErrorCode::NotFound);
}

TEST_CASE("image folder source replays images in name order at the configured rate", "[unit]") {
    SystemClock clock;
    test::TempDir tmp;
    const auto dev = test::facesDevDir();
    const auto photos = listImages(dev / "celeba_7204");
    REQUIRE(photos.size() == 5);
    for (std::size_t i = 0; i < 3; ++i) {
        std::filesystem::copy_file(photos[i], tmp.path() / ("frame" + std::to_string(i) + ".jpg"));
    }
    std::ofstream(tmp.path() / "notes.txt") << "not an image";
    ImageSequenceSource source(tmp.path(), ImageSequenceOptions{25.0, false, true}, clock);
    REQUIRE(source.open().ok());
    CHECK(source.imageCount() == 3);
    CHECK(source.info().kind == SourceKind::ImageFolder);
    CHECK_FALSE(source.info().isLive());
    const auto t0 = std::chrono::steady_clock::now();
    int n = 0;
    for (;;) {
        auto r = source.read();
        REQUIRE(r.ok());
        if (!r->has_value()) {
            break;
        }
        const cv::Mat expected = cv::imread(photos[static_cast<std::size_t>(n)].string());
        CHECK((*r)->image.size() == expected.size());
        CHECK((*r)->sourcePosition == n);
        ++n;
    }
    CHECK(n == 3);
    CHECK(std::chrono::steady_clock::now() - t0 >= 70ms); // 2 intervals of 40 ms, minus scheduling slack
}

TEST_CASE("capture health: rates, latency percentiles and camera up-time", "[unit]") {
    ManualClock clock(std::chrono::system_clock::time_point(1000s));
    CaptureHealth health(clock, "lane-3", 2000ms);
    health.statusChanged(SourceStatus::Streaming, {});
    for (int i = 0; i < 60; ++i) { // 30 fps for 2 s, every other frame analysed
        clock.advance(std::chrono::milliseconds(1000 / 30));
        health.frameDelivered(clock.steadyNow());
        if (i % 2 == 0) {
            health.frameAnalysed(clock.steadyNow(), 40.0 + i);
        } else {
            health.framesDropped(1);
        }
    }
    auto s = health.snapshot();
    CHECK(s.lane == "lane-3");
    CHECK(s.deliveredFps == Approx(30.0).margin(1.0));
    CHECK(s.analysedFps == Approx(15.0).margin(1.0));
    CHECK(s.analysisLatencyP50Ms == Approx(69.0).margin(1.0));
    CHECK(s.analysisLatencyP95Ms == Approx(95.0).margin(1.5));
    CHECK(s.framesDropped == 30);

    health.statusChanged(SourceStatus::Disconnected, "camera /dev/video0 disappeared (unplugged?)");
    clock.advance(3s);
    health.statusChanged(SourceStatus::Streaming, {});
    clock.advance(1s);
    health.captureSucceeded(1800.0);
    health.captureSucceeded(2400.0);
    health.failureToAcquire();
    s = health.snapshot();
    CHECK(s.disconnects == 1);
    CHECK(s.uptimeSeconds == Approx(60.0 * (1000 / 30) / 1000.0 + 1.0).margin(0.01));
    CHECK(s.observedSeconds == Approx(s.uptimeSeconds + 3.0).margin(0.01));
    CHECK(s.uptimeRatio() < 1.0);
    CHECK(s.deliveredFps == 0.0); // nothing delivered in the last 2 s
    CHECK(s.captures == 2);
    CHECK(s.failuresToAcquire == 1);
    CHECK(s.timeToCaptureP50Ms == Approx(2100.0));
    CHECK(s.statusReason.empty());
}

TEST_CASE("production takes frames from a live camera only, unless the audited override allows another source",
          "[unit][capture]") {
    using portico::capture::checkLiveSource;
    const SourceInfo live{SourceKind::Camera, "uvcvideo", "HD Webcam C615", "V4L2", "/dev/video0"};
    CHECK(checkLiveSource(live, false).ok());
    for (const SourceInfo& notLive :
         {SourceInfo{SourceKind::Camera, "v4l2 loopback", "Dummy video device (0x0000)", "V4L2", "/dev/video9"},
          SourceInfo{SourceKind::Camera, "vivid", "vivid", "V4L2", "/dev/video3"},
          SourceInfo{SourceKind::Camera, "uvcvideo", "OBS Virtual Camera", "V4L2", "/dev/video4"},
          SourceInfo{SourceKind::Camera, "", "", "V4L2", "/dev/video5"}, // driver could not be queried
          SourceInfo{SourceKind::VideoFile, "", "", "FFMPEG", "/tmp/replay.avi"}}) {
        INFO(notLive.describe());
        auto refused = checkLiveSource(notLive, false);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.code() == portico::ErrorCode::Unsupported);
        CHECK_THAT(refused.error().detail, Catch::Contains("not a live camera") && Catch::Contains(notLive.path));
        CHECK(checkLiveSource(notLive, true).ok()); // the site's explicit override
    }
}
