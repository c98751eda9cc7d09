// SPDX-License-Identifier: GPL-3.0-or-later
// End to end on the real face engine: a replay video of real photos, with blurred, dark and off-angle frames mixed
// in, through the capture loop, the analysis loop and the best-shot rule.
#include "capture/AnalysisLoop.h"
#include "capture/CaptureLoop.h"
#include "capture/FaceAnalyzer.h"
#include "capture/ReplayVideoBuilder.h"
#include "capture/VideoFileSource.h"
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <numeric>
#include <thread>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

namespace {
const FaceAnalyzer& analyzerInstance() {
    static auto loaded = FaceAnalyzer::load(face::ModelStore::pinned(test::modelDir()));
    if (!loaded) {
        FAIL("face engine did not load: " << loaded.error().toString());
    }
    return loaded.value();
}

Frame stillFrame(const std::filesystem::path& photo, cv::Size size) {
    const cv::Mat image = cv::imread(photo.string(), cv::IMREAD_COLOR);
    REQUIRE_FALSE(image.empty());
    return Frame(fitToFrame(image, size), 0, std::chrono::steady_clock::now(), SourceInfo{});
}

double cosine(const face::Embedding& a, const face::Embedding& b) {
    return std::inner_product(a.values.begin(), a.values.end(), b.values.begin(), 0.0);
}

const ReplaySegment& segmentOf(const std::vector<ReplaySegment>& segments, std::int64_t frameIndex) {
    for (const auto& s : segments) {
        if (frameIndex >= s.firstFrame && frameIndex < s.firstFrame + s.frameCount) {
            return s;
        }
    }
    FAIL("frame " << frameIndex << " is in no segment");
    return segments.front();
}
} // namespace

TEST_CASE("replayed video: the best shot is a sharp, frontal frame of the right person", "[integration]") {
    const FaceAnalyzer& analyzer = analyzerInstance();
    const auto dev = test::facesDevDir();
    const cv::Size size(640, 480);

    // Two photos of one person whose undegraded frame passes the quality gate on its own (the dev set is
    // unconstrained: many photos fail some measure, which is the point of a gate).
    std::filesystem::path identity;
    std::vector<std::filesystem::path> photos;
    std::vector<std::filesystem::path> identities;
    for (const auto& entry : std::filesystem::directory_iterator(dev)) {
        identities.push_back(entry.path());
    }
    std::sort(identities.begin(), identities.end());
    for (const auto& dir : identities) {
        std::vector<std::filesystem::path> good;
        for (const auto& photo : listImages(dir)) {
            if (analyzer.analyse(stillFrame(photo, size)).gatePassed) {
                good.push_back(photo);
            }
            if (good.size() == 2) {
                break;
            }
        }
        if (good.size() == 2) {
            identity = dir;
            photos = good;
            break;
        }
    }
    REQUIRE(photos.size() == 2);

    test::TempDir tmp;
    const auto video = tmp.path() / "replay.avi";
    ReplayVideoOptions opt;
    opt.fps = 12.0;
    opt.frameSize = size;
    opt.framesPerShot = 12; // one second per variant
    opt.degrade = true;
    auto segments = buildReplayVideo(photos, video, opt);
    REQUIRE(segments.ok());

    // Ground truth first: every third frame, analysed on its own, must fail the gate when degraded.
    {
        SystemClock clock;
        VideoFileSource source(video, VideoFileOptions{false, false, 0.0}, clock);
        REQUIRE(source.open().ok());
        std::map<FrameVariant, std::pair<int, int>> passes; // variant → (passed, analysed)
        for (int i = 0;; ++i) {
            auto r = source.read();
            REQUIRE(r.ok());
            if (!r->has_value()) {
                break;
            }
            if (i % 3 != 0) {
                continue;
            }
            const auto obs = analyzer.analyse(**r);
            auto& p = passes[segmentOf(*segments, (*r)->sourcePosition).variant];
            p.first += obs.gatePassed ? 1 : 0;
            ++p.second;
        }
        for (const auto& [variant, p] : passes) {
            INFO(frameVariantName(variant) << ": " << p.first << " of " << p.second << " frames pass the gate");
            if (variant == FrameVariant::Original) {
                CHECK(p.first > 0);
            } else {
                CHECK(p.first == 0);
            }
        }
    }

    // Live run: real-time replay, latest-frame-wins hand-off, analysis at its own rate, automatic best shot.
    SystemClock clock;
    CaptureHealth health(clock, "lane-test");
    CaptureLoop capture(std::make_unique<VideoFileSource>(video, VideoFileOptions{false, true, 0.0}, clock), clock,
                        &health);
    AnalysisLoopOptions aopt;
    aopt.bestShot.window = 1500ms;
    aopt.bestShot.acquireTimeout = 20000ms;
    AnalysisLoop analysis(capture.analysisSlot(), analyzer.analyzer(), clock, &health, aopt);
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<CaptureResult> result;
    analysis.setCaptureCallback([&](const CaptureResult& r) {
        std::lock_guard lock(mutex);
        if (!result) {
            result = r;
        }
        cv.notify_all();
    });
    analysis.start();
    analysis.beginAcquisition();
    capture.start();
    {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, 30s, [&] { return result.has_value(); });
    }
    capture.stop();
    analysis.stop();
    REQUIRE(result);
    INFO("outcome " << captureOutcomeName(result->outcome) << " after " << result->timeToResultMs << " ms, "
                    << result->observations << " observations");
    REQUIRE(result->outcome == CaptureOutcome::AutoCaptured);
    REQUIRE(result->frame);
    CHECK(result->observation.gatePassed);
    const ReplaySegment& seg = segmentOf(*segments, result->frame->sourcePosition);
    CHECK(seg.variant == FrameVariant::Original);
    CHECK(seg.image.parent_path() == identity);
    CHECK(result->frame->source.kind == SourceKind::VideoFile);
    CHECK_FALSE(result->frame->source.isLive()); // a replay never passes as a live camera

    // The captured face is that person: closer to their own photos than to anyone else's.
    auto captured = analyzer.describe(*result->frame, result->observation);
    REQUIRE(captured.ok());
    double genuine = -1.0;
    for (const auto& photo : photos) {
        const Frame still = stillFrame(photo, size);
        const auto obs = analyzer.analyse(still);
        auto e = analyzer.describe(still, obs);
        REQUIRE(e.ok());
        genuine = std::max(genuine, cosine(captured.value(), e.value()));
    }
    double impostor = -1.0;
    int others = 0;
    for (const auto& dir : identities) {
        if (dir == identity || others >= 5) {
            continue;
        }
        const Frame still = stillFrame(dir / "1.jpg", size);
        const auto obs = analyzer.analyse(still);
        if (!obs.landmarks) {
            continue;
        }
        auto e = analyzer.describe(still, obs);
        REQUIRE(e.ok());
        impostor = std::max(impostor, cosine(captured.value(), e.value()));
        ++others;
    }
    INFO("genuine cosine " << genuine << ", best impostor cosine " << impostor);
    CHECK(others >= 3);
    CHECK(genuine > 0.9);
    CHECK(genuine > impostor);

    const auto snap = health.snapshot();
    CHECK(snap.captures == 1);
    CHECK(snap.framesAnalysed > 0);
    CHECK(snap.analysisLatencyP95Ms > 0.0);
}

TEST_CASE("replayed video of degraded frames only ends in a failure to acquire with the failing measures",
          "[integration]") {
    const FaceAnalyzer& analyzer = analyzerInstance();
    const cv::Size size(640, 480);
    const auto photo = test::facesDevDir() / "celeba_7201" / "1.jpg";
    const Frame still = stillFrame(photo, size);
    // A video of nothing but the dark variant: a face, but never good enough.
    test::TempDir tmp;
    const auto video = tmp.path() / "dark.avi";
    {
        cv::VideoWriter writer(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 15.0, size, true);
        REQUIRE(writer.isOpened());
        const cv::Mat dark = degradeFrame(still.image, FrameVariant::Dark);
        for (int i = 0; i < 15; ++i) {
            writer.write(dark);
        }
    }
    SystemClock clock;
    CaptureHealth health(clock, "lane-test");
    CaptureLoop capture(std::make_unique<VideoFileSource>(video, VideoFileOptions{true, true, 0.0}, clock), clock,
                        &health);
    AnalysisLoopOptions aopt;
    aopt.bestShot.acquireTimeout = 2000ms;
    AnalysisLoop analysis(capture.analysisSlot(), analyzer.analyzer(), clock, &health, aopt);
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<CaptureResult> results;
    analysis.setCaptureCallback([&](const CaptureResult& r) {
        std::lock_guard lock(mutex);
        results.push_back(r);
        cv.notify_all();
    });
    analysis.start();
    analysis.beginAcquisition();
    capture.start();
    {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, 10s, [&] { return !results.empty(); });
    }
    std::this_thread::sleep_for(500ms); // no silent retry: nothing more arrives after the result
    capture.stop();
    analysis.stop();
    std::lock_guard lock(mutex);
    REQUIRE(results.size() == 1);
    const auto& r = results.front();
    CHECK(r.outcome == CaptureOutcome::FailureToAcquire);
    CHECK(r.timeToResultMs >= 2000.0);
    CHECK(r.timeToResultMs < 4000.0);
    REQUIRE_FALSE(r.failingMeasures.empty());
    const bool brightnessNamed = std::any_of(r.failingMeasures.begin(), r.failingMeasures.end(), [](const auto& m) {
        return m.name == "brightness" || m.name == "face_count";
    });
    CHECK(brightnessNamed);
    CHECK(health.snapshot().failuresToAcquire == 1);
    CHECK_FALSE(analysis.acquiring());
}
