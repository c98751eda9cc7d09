// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: capture make-video, bench capture.
#include "Commands.h"

#include "capture/AnalysisLoop.h"
#include "capture/CaptureHealth.h"
#include "capture/CaptureLoop.h"
#include "capture/FaceAnalyzer.h"
#include "capture/ReplayVideoBuilder.h"
#include "capture/VideoFileSource.h"
#include "common/Clock.h"
#include "face/ModelStore.h"
#include "match/Gallery.h"
#include "match/Matcher.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace portico::cli {
namespace {
namespace fs = std::filesystem;

struct MakeVideoArgs {
    std::vector<std::string> imageDirs;
    std::string out;
    double fps = 15.0;
    int framesPerShot = 8;
    int width = 640;
    int height = 480;
    bool degrade = false;
};

int runMakeVideo(const MakeVideoArgs& args) {
    std::vector<fs::path> images;
    for (const auto& dir : args.imageDirs) {
        if (fs::is_regular_file(dir)) {
            images.emplace_back(dir);
            continue;
        }
        const auto found = capture::listImages(dir);
        if (found.empty()) {
            std::cerr << "capture make-video: no images (.jpg, .png, .bmp) in " << dir << "\n";
            return 2;
        }
        images.insert(images.end(), found.begin(), found.end());
    }
    capture::ReplayVideoOptions opt;
    opt.fps = args.fps;
    opt.framesPerShot = args.framesPerShot;
    opt.frameSize = cv::Size(args.width, args.height);
    opt.degrade = args.degrade;
    auto segments = capture::buildReplayVideo(images, args.out, opt);
    if (!segments) {
        std::cerr << "capture make-video: " << segments.error().detail << "\n";
        return 1;
    }
    int frames = 0;
    for (const auto& s : segments.value()) {
        frames += s.frameCount;
    }
    std::cout << "wrote " << args.out << ": " << frames << " frames (" << images.size() << " photos, "
              << segments->size() << " shots" << (args.degrade ? ", blurred/dark/off-angle mixed in" : "") << ") at "
              << args.fps << " fps\n";
    return 0;
}

struct BenchCaptureArgs {
    std::string video;
    std::size_t gallery = 10000;
    std::string json;
    double seconds = 20.0;
};

int runBenchCapture(const BenchCaptureArgs& args) {
    SystemClock clock;
    auto analyzerLoaded = capture::FaceAnalyzer::load(face::ModelStore::pinned());
    if (!analyzerLoaded) {
        std::cerr << "bench capture: " << analyzerLoaded.error().detail << "\n";
        return 1;
    }
    const capture::FaceAnalyzer& analyzer = analyzerLoaded.value();

    // A gallery of `gallery` templates: random unit vectors (the scan cost does not depend on their content).
    match::Gallery gallery(128);
    gallery.reserve(args.gallery);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> v(128);
    for (std::size_t i = 0; i < args.gallery; ++i) {
        for (auto& x : v) {
            x = normal(rng);
        }
        if (auto s = gallery.add(static_cast<std::uint64_t>(i), v); !s) {
            std::cerr << "bench capture: gallery: " << s.error().detail << "\n";
            return 1;
        }
    }
    const match::Matcher matcher;

    capture::CaptureHealth health(clock, "bench");
    auto source =
        std::make_unique<capture::VideoFileSource>(args.video, capture::VideoFileOptions{true, true, 0.0}, clock);
    if (auto s = source->open(); !s) {
        std::cerr << "bench capture: " << s.error().detail << "\n";
        return 1;
    }
    const double sourceFpsNominal = source->nominalFps();
    source->close();
    capture::CaptureLoop captureLoop(std::move(source), clock, &health);
    capture::AnalysisLoop analysis(captureLoop.analysisSlot(), analyzer.analyzer(), clock, &health);

    // Observation latency = frame captured → observation published; candidates latency = frame captured → 1:N
    // candidates (descriptor of the observed face + top-10 search over the gallery), on the analysis thread.
    std::mutex mutex;
    std::vector<double> observationMs;
    std::vector<double> candidatesMs;
    std::vector<double> searchMs;
    std::uint64_t withFace = 0;
    std::uint64_t previewFrames = 0;
    captureLoop.setFrameCallback([&](const capture::FramePtr&) {
        std::lock_guard lock(mutex);
        ++previewFrames;
    });
    std::uint64_t observations = 0;
    analysis.setObservationCallback([&](const capture::Observation& obs, const capture::FramePtr& frame) {
        {
            std::lock_guard lock(mutex);
            observationMs.push_back(obs.latencyMs);
            ++observations;
        }
        if (!obs.landmarks) {
            return;
        }
        auto emb = analyzer.describe(*frame, obs);
        if (!emb) {
            return;
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto found = matcher.search(gallery, emb->values);
        const auto t1 = std::chrono::steady_clock::now();
        if (!found) {
            return;
        }
        std::lock_guard lock(mutex);
        ++withFace;
        searchMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        candidatesMs.push_back(std::chrono::duration<double, std::milli>(clock.steadyNow() - obs.frameTime).count());
    });

    std::cerr << "bench capture: replaying " << args.video << " for " << args.seconds << " s against a gallery of "
              << args.gallery << "...\n";
    const std::clock_t cpuStart = std::clock();
    analysis.start();
    captureLoop.start();
    const auto start = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto snap = health.snapshot();
    captureLoop.stop();
    analysis.stop();
    const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    std::string loadAverage;
    std::getline(std::ifstream("/proc/loadavg"), loadAverage);

    std::lock_guard lock(mutex);
    nlohmann::json out;
    out["video"] = args.video;
    out["gallery"] = args.gallery;
    out["seconds"] = elapsed;
    out["source_fps_nominal"] = sourceFpsNominal;
    out["source_fps"] = static_cast<double>(snap.framesDelivered) / elapsed;
    out["preview_fps"] = static_cast<double>(previewFrames) / elapsed;
    out["analysed_fps"] = static_cast<double>(snap.framesAnalysed) / elapsed;
    out["frames_delivered"] = snap.framesDelivered;
    out["frames_analysed"] = snap.framesAnalysed;
    out["frames_dropped"] = snap.framesDropped;
    out["observations_with_candidates"] = withFace;
    out["observation_p50_ms"] = capture::percentile(observationMs, 50.0);
    out["observation_p95_ms"] = capture::percentile(observationMs, 95.0);
    out["candidates_p50_ms"] = capture::percentile(candidatesMs, 50.0);
    out["candidates_p95_ms"] = capture::percentile(candidatesMs, 95.0);
    out["search_p50_ms"] = capture::percentile(searchMs, 50.0);
    out["search_p95_ms"] = capture::percentile(searchMs, 95.0);
    out["target_candidates_p95_ms"] = 300.0;
    // Latencies are wall-clock and suffer from other load on the machine: the process CPU time per analysed frame
    // and the load average say how much of a latency is contention.
    out["process_cpu_seconds"] = cpuSeconds;
    out["cpu_ms_per_analysed_frame"] =
        snap.framesAnalysed > 0 ? 1000.0 * cpuSeconds / static_cast<double>(snap.framesAnalysed) : 0.0;
    out["load_average"] = loadAverage;
    const std::string text = out.dump(2);
    std::cout << text << "\n";
    if (!args.json.empty()) {
        std::ofstream(args.json) << text << "\n";
    }
    return candidatesMs.empty() ? 1 : 0;
}
} // namespace

void addCaptureCommands(CLI::App& app, Context& ctx) {
    auto* captureCmd = app.add_subcommand("capture", "Capture pipeline tools");
    captureCmd->require_subcommand(1);

    auto makeArgs = std::make_shared<MakeVideoArgs>();
    auto* make = captureCmd->add_subcommand("make-video", "Build an MJPG replay video (the demo's camera) from photos");
    make->add_option("--images", makeArgs->imageDirs, "Folders of images (or of identity folders), or image files")
        ->required();
    make->add_option("--out", makeArgs->out, "Output .avi")->required();
    make->add_option("--fps", makeArgs->fps, "Frames per second")->check(CLI::PositiveNumber);
    make->add_option("--frames-per-shot", makeArgs->framesPerShot, "Frames each photo (or variant) is held for")
        ->check(CLI::PositiveNumber);
    make->add_option("--width", makeArgs->width, "Frame width")->check(CLI::Range(16, 4096));
    make->add_option("--height", makeArgs->height, "Frame height")->check(CLI::Range(16, 4096));
    make->add_flag("--degrade", makeArgs->degrade, "Mix in blurred, dark and off-angle frames before each photo");
    make->callback([makeArgs, &ctx] { ctx.exitCode = runMakeVideo(*makeArgs); });

    auto benchArgs = std::make_shared<BenchCaptureArgs>();
    auto* bench = ctx.bench->add_subcommand(
        "capture", "Replay a video through capture + analysis: frame → observation and frame → 1:N candidates");
    bench->add_option("--video", benchArgs->video, "Video to replay at its frame rate (looped)")->required();
    bench->add_option("--gallery", benchArgs->gallery, "Gallery size for the 1:N search");
    bench->add_option("--json", benchArgs->json, "Write the figures as JSON here");
    bench->add_option("--seconds", benchArgs->seconds, "How long to run")->check(CLI::PositiveNumber);
    bench->callback([benchArgs, &ctx] { ctx.exitCode = runBenchCapture(*benchArgs); });
}

} // namespace portico::cli
