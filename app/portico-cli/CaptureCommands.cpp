// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: capture make-video, capture eval-liveness, bench capture.
#include "Commands.h"

#include "capture/AnalysisLoop.h"
#include "capture/AttackSimulator.h"
#include "capture/CaptureHealth.h"
#include "capture/CaptureLoop.h"
#include "capture/FaceAnalyzer.h"
#include "capture/PresentationAttackModels.h"
#include "capture/ReplayVideoBuilder.h"
#include "capture/TemporalLiveness.h"
#include "capture/VideoFileSource.h"
#include "common/Clock.h"
#include "face/FaceDetector.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "match/Gallery.h"
#include "match/Matcher.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

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
    bool attackModels = false;
};

int runBenchCapture(const BenchCaptureArgs& args) {
    SystemClock clock;
    capture::FaceAnalyzerOptions analyzerOptions;
    analyzerOptions.presentationAttackModels = args.attackModels;
    auto analyzerLoaded = capture::FaceAnalyzer::load(face::ModelStore::pinned(), analyzerOptions);
    if (!analyzerLoaded) {
        std::cerr << "bench capture: " << analyzerLoaded.error().detail << "\n";
        return 1;
    }
    const capture::FaceAnalyzer& analyzer = analyzerLoaded.value();

    // A gallery of `gallery` templates: random unit vectors (the scan cost does not depend on their content), as
    // long as the descriptor the analyzer computes, or no search could ever run.
    const auto dimension = static_cast<std::size_t>(analyzer.descriptorDimension());
    match::Gallery gallery(dimension);
    gallery.reserve(args.gallery);
    std::mt19937 rng(42);
    std::normal_distribution<float> normal(0.f, 1.f);
    std::vector<float> v(dimension);
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
    std::vector<double> attackModelMs;
    std::vector<double> analyserMs; // time in the analyzer, frames with a face (the reference for the models' cost)
    std::uint64_t withFace = 0;
    std::uint64_t previewFrames = 0;
    std::uint64_t describeFailures = 0;
    std::uint64_t searchFailures = 0;
    std::string firstFailure;
    captureLoop.setFrameCallback([&](const capture::FramePtr&) {
        std::lock_guard lock(mutex);
        ++previewFrames;
    });
    std::uint64_t observations = 0;
    analysis.setObservationCallback([&](const capture::Observation& obs, const capture::FramePtr& frame) {
        {
            std::lock_guard lock(mutex);
            observationMs.push_back(obs.latencyMs);
            if (obs.face) {
                analyserMs.push_back(obs.analysisMs);
            }
            if (obs.liveness.modelMs > 0.0) {
                attackModelMs.push_back(obs.liveness.modelMs);
            }
            ++observations;
        }
        if (!obs.landmarks) {
            return;
        }
        auto emb = analyzer.describe(*frame, obs);
        if (!emb) {
            std::lock_guard lock(mutex);
            ++describeFailures;
            if (firstFailure.empty()) {
                firstFailure = "descriptor: " + emb.error().detail;
            }
            return;
        }
        const auto t0 = std::chrono::steady_clock::now();
        auto found = matcher.search(gallery, emb->values);
        const auto t1 = std::chrono::steady_clock::now();
        if (!found) {
            std::lock_guard lock(mutex);
            ++searchFailures;
            if (firstFailure.empty()) {
                firstFailure = "1:N search: " + found.error().detail;
            }
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
    out["gallery_dimension"] = dimension;
    out["seconds"] = elapsed;
    out["source_fps_nominal"] = sourceFpsNominal;
    out["source_fps"] = static_cast<double>(snap.framesDelivered) / elapsed;
    out["preview_fps"] = static_cast<double>(previewFrames) / elapsed;
    out["analysed_fps"] = static_cast<double>(snap.framesAnalysed) / elapsed;
    out["frames_delivered"] = snap.framesDelivered;
    out["frames_analysed"] = snap.framesAnalysed;
    out["frames_dropped"] = snap.framesDropped;
    out["observations_with_candidates"] = withFace;
    out["descriptor_failures"] = describeFailures;
    out["search_failures"] = searchFailures;
    out["observation_p50_ms"] = capture::percentile(observationMs, 50.0);
    out["observation_p95_ms"] = capture::percentile(observationMs, 95.0);
    // No candidate, no figure: a 0.0 would read as "instant".
    const auto figure = [](const std::vector<double>& samples, double p) {
        return samples.empty() ? nlohmann::json(nullptr) : nlohmann::json(capture::percentile(samples, p));
    };
    out["candidates_p50_ms"] = figure(candidatesMs, 50.0);
    out["candidates_p95_ms"] = figure(candidatesMs, 95.0);
    out["search_p50_ms"] = figure(searchMs, 50.0);
    out["search_p95_ms"] = figure(searchMs, 95.0);
    out["attack_models_p50_ms"] = capture::percentile(attackModelMs, 50.0); // antispoof + liveness, per face frame
    out["attack_models_p95_ms"] = capture::percentile(attackModelMs, 95.0);
    out["analyzer_with_face_p50_ms"] = capture::percentile(analyserMs, 50.0);
    out["attack_models_share_of_analyzer"] =
        analyserMs.empty() ? 0.0
                           : out["attack_models_p50_ms"].get<double>() / out["analyzer_with_face_p50_ms"].get<double>();
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
    if (candidatesMs.empty()) {
        std::cerr << "bench capture: FAILED: no 1:N candidates were produced (" << observations << " observations, "
                  << describeFailures << " descriptor failures, " << searchFailures << " search failures"
                  << (firstFailure.empty() ? std::string() : "; first: " + firstFailure)
                  << "): the frame → candidates figures are missing, not zero\n";
        return 1;
    }
    return 0;
}

struct EvalLivenessArgs {
    std::string dataset;
    std::string json;
    std::size_t limit = 0;
    double margin = 1.5;
    bool bilinear = false;
    std::string examples;
};

// One scored presentation: which kind (bona fide or an attack) and the model scores.
struct ScoredFace {
    std::string kind;
    std::string image;
    capture::PresentationAttackScores scores;
};

// Scores where higher means "more like a live face": the two models and the combinations proposed.
const std::vector<std::pair<std::string, std::function<double(const capture::PresentationAttackScores&)>>>&
scoreFunctions() {
    static const std::vector<std::pair<std::string, std::function<double(const capture::PresentationAttackScores&)>>>
        fns{{"antispoof", [](const capture::PresentationAttackScores& s) { return s.antispoof; }},
            {"liveness", [](const capture::PresentationAttackScores& s) { return s.liveness; }},
            {"mean", [](const capture::PresentationAttackScores& s) { return 0.5 * (s.antispoof + s.liveness); }},
            {"min", [](const capture::PresentationAttackScores& s) { return std::min(s.antispoof, s.liveness); }}};
    return fns;
}

// ISO/IEC 30107-3 error rates at threshold t (a presentation is accepted as bona fide when score >= t).
nlohmann::json ratesAt(const std::vector<double>& bona, const std::vector<double>& attack, double t) {
    const auto rejected =
        static_cast<std::size_t>(std::count_if(bona.begin(), bona.end(), [t](double v) { return v < t; }));
    const auto accepted =
        static_cast<std::size_t>(std::count_if(attack.begin(), attack.end(), [t](double v) { return v >= t; }));
    nlohmann::json j;
    j["threshold"] = t;
    j["bpcer"] = bona.empty() ? 0.0 : static_cast<double>(rejected) / static_cast<double>(bona.size());
    j["bpcer_count"] = std::to_string(rejected) + "/" + std::to_string(bona.size());
    j["apcer"] = attack.empty() ? 0.0 : static_cast<double>(accepted) / static_cast<double>(attack.size());
    j["apcer_count"] = std::to_string(accepted) + "/" + std::to_string(attack.size());
    return j;
}

// The highest threshold whose BPCER stays <= 5 %.
double thresholdAtBpcer5(std::vector<double> bona) {
    if (bona.empty()) {
        return 0.0;
    }
    std::sort(bona.begin(), bona.end());
    const auto allowed = static_cast<std::size_t>(std::floor(0.05 * static_cast<double>(bona.size())));
    return bona[std::min(allowed, bona.size() - 1)];
}

// Probability that a bona fide presentation scores above an attack (ties count half).
double auc(const std::vector<double>& bona, const std::vector<double>& attack) {
    if (bona.empty() || attack.empty()) {
        return 0.0;
    }
    double wins = 0;
    for (double b : bona) {
        for (double a : attack) {
            wins += b > a ? 1.0 : (b == a ? 0.5 : 0.0);
        }
    }
    return wins / (static_cast<double>(bona.size()) * static_cast<double>(attack.size()));
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) {
        s += x;
    }
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

int runEvalLiveness(const EvalLivenessArgs& args) {
    const auto store = face::ModelStore::pinned();
    auto detector = face::FaceDetector::load(store);
    if (!detector) {
        std::cerr << "capture eval-liveness: " << detector.error().detail << "\n";
        return 1;
    }
    capture::PresentationAttackOptions options;
    options.margin = args.margin;
    options.areaDownscale = !args.bilinear;
    auto models = capture::PresentationAttackModels::load(store, options);
    if (!models) {
        std::cerr << "capture eval-liveness: " << models.error().detail << "\n";
        return 1;
    }
    std::vector<fs::path> photos;
    std::error_code ec;
    for (const auto& identity : fs::directory_iterator(args.dataset, ec)) {
        if (identity.is_directory()) {
            const auto found = capture::listImages(identity.path());
            photos.insert(photos.end(), found.begin(), found.end());
        }
    }
    std::sort(photos.begin(), photos.end());
    if (args.limit > 0 && photos.size() > args.limit) {
        photos.resize(args.limit);
    }
    if (photos.empty()) {
        std::cerr << "capture eval-liveness: no <identity>/<n>.jpg photos under " << args.dataset << "\n";
        return 2;
    }
    if (!args.examples.empty()) {
        fs::create_directories(args.examples, ec);
    }

    const cv::Size frameSize(640, 480);
    // Plain is a control (re-capture geometry without medium artefacts): reported apart, not in all_attacks.
    const std::array<capture::SimulatedAttack, 3> attacks{
        capture::SimulatedAttack::Print, capture::SimulatedAttack::Screen, capture::SimulatedAttack::Plain};
    std::vector<ScoredFace> scored;
    std::map<std::string, std::size_t> noFace;
    std::map<std::string, std::size_t> presented;
    std::vector<double> scoreMs;
    // The subject as the capture analyzer picks it: confident faces first, the low-threshold fallback otherwise.
    const auto scoreFrame = [&](const cv::Mat& frame, const std::string& kind, const fs::path& photo) {
        ++presented[kind];
        auto faces = detector->detect(frame, 0.3f);
        if (!faces || faces->empty()) {
            ++noFace[kind];
            return;
        }
        std::vector<face::FaceBox> confident;
        for (const auto& f : faces.value()) {
            if (f.score >= 0.5f) {
                confident.push_back(f);
            }
        }
        const auto& pool = confident.empty() ? faces.value() : confident;
        const auto& subject = pool[face::FacePipeline::chooseSubject(pool, frame.size())];
        const auto t0 = std::chrono::steady_clock::now();
        auto s = models->score(frame, subject.box);
        scoreMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!s) {
            std::cerr << "capture eval-liveness: " << photo.string() << " (" << kind << "): " << s.error().detail
                      << "\n";
            ++noFace[kind];
            return;
        }
        scored.push_back({kind, photo.parent_path().filename().string() + "/" + photo.filename().string(), *s});
    };

    std::cerr << "capture eval-liveness: " << photos.size()
              << " photos, bona fide + print + screen + plain (control)...\n";
    for (std::size_t i = 0; i < photos.size(); ++i) {
        const cv::Mat photo = cv::imread(photos[i].string(), cv::IMREAD_COLOR);
        if (photo.empty()) {
            std::cerr << "capture eval-liveness: cannot read " << photos[i].string() << "\n";
            return 1;
        }
        // Bona fide: the photo as the camera frame (scaled to fit, as the replay video frames it).
        const cv::Mat bona = capture::fitToFrame(photo, frameSize);
        scoreFrame(bona, "bona_fide", photos[i]);
        for (const auto attack : attacks) {
            const cv::Mat frame = capture::simulateAttack(photo, attack, i, frameSize);
            const std::string kind(capture::simulatedAttackName(attack));
            scoreFrame(frame, kind, photos[i]);
            if (!args.examples.empty() && i < 5) {
                cv::imwrite((fs::path(args.examples) / (std::to_string(i) + "_" + kind + ".jpg")).string(), frame);
                cv::imwrite((fs::path(args.examples) / (std::to_string(i) + "_bona_fide.jpg")).string(), bona);
            }
        }
    }

    nlohmann::json out;
    out["dataset"] = args.dataset;
    out["photos"] = photos.size();
    out["crop_margin"] = args.margin;
    out["resize"] = args.bilinear ? "bilinear" : "area (shrink), bilinear (enlarge)";
    out["attacks_are_simulated"] = true;
    for (const auto& [kind, n] : presented) {
        out["presentations"][kind] = {{"presented", n}, {"no_face_or_error", noFace[kind]}};
    }
    out["score_ms_p50"] = capture::percentile(scoreMs, 50.0);
    out["score_ms_p95"] = capture::percentile(scoreMs, 95.0);
    for (const auto& [name, fn] : scoreFunctions()) {
        std::vector<double> bona;
        std::map<std::string, std::vector<double>> byAttack;
        for (const auto& f : scored) {
            (f.kind == "bona_fide" ? bona : byAttack[f.kind]).push_back(fn(f.scores));
        }
        std::vector<double> all;
        for (const auto& [kind, v] : byAttack) {
            if (kind != "plain") {
                all.insert(all.end(), v.begin(), v.end());
            }
        }
        byAttack["all_attacks"] = all;
        nlohmann::json j;
        j["bona_fide_mean"] = mean(bona);
        const double t5 = thresholdAtBpcer5(bona);
        j["threshold_at_bpcer5"] = t5;
        for (const auto& [kind, v] : byAttack) {
            nlohmann::json a;
            a["mean"] = mean(v);
            a["auc"] = auc(bona, v);
            a["at_operating_threshold"] = ratesAt(bona, v, 0.5);
            a["at_bpcer5"] = ratesAt(bona, v, t5);
            j["attacks"][kind] = a;
        }
        out["scores"][name] = j;
    }
    const std::string text = out.dump(2);
    std::cout << text << "\n";
    std::cerr << "score        attack        mean(bf)  mean(at)  AUC    @0.5: BPCER        APCER        | t@BPCER5  "
                 "BPCER        APCER\n";
    for (const auto& [name, j] : out["scores"].items()) {
        for (const auto& [kind, a] : j["attacks"].items()) {
            const auto& op = a["at_operating_threshold"];
            const auto& b5 = a["at_bpcer5"];
            std::fprintf(
                stderr,
                "%-12s %-13s %.3f     %.3f     %.3f  %5.1f%% %-7s %5.1f%% %-7s | %.4f  %5.1f%% %-7s %5.1f%% %s\n",
                name.c_str(), kind.c_str(), j["bona_fide_mean"].get<double>(), a["mean"].get<double>(),
                a["auc"].get<double>(), 100 * op["bpcer"].get<double>(), op["bpcer_count"].get<std::string>().c_str(),
                100 * op["apcer"].get<double>(), op["apcer_count"].get<std::string>().c_str(),
                b5["threshold"].get<double>(), 100 * b5["bpcer"].get<double>(),
                b5["bpcer_count"].get<std::string>().c_str(), 100 * b5["apcer"].get<double>(),
                b5["apcer_count"].get<std::string>().c_str());
        }
    }
    if (!args.json.empty()) {
        std::ofstream(args.json) << text << "\n";
    }
    return scored.empty() ? 1 : 0;
}
// ------------------------------------------------------------------ capture eval-liveness-fusion

struct EvalFusionArgs {
    std::string dataset;
    std::string json;
    std::size_t limit = 0;
    int frames = 24;
};

/// One presentation as a short sequence: the temporal cue over the whole sequence and the per-frame model outputs.
struct SequenceScores {
    std::string kind;
    double temporal = 0.0;
    capture::LivenessReliability reliability = capture::LivenessReliability::Unknown;
    double antispoof = 0.0; ///< mean over the frames with a face
    double liveness = 0.0;  ///< mean over the frames with a face
    int framesWithFace = 0;
};

int runEvalFusion(const EvalFusionArgs& args) {
    const auto store = face::ModelStore::pinned();
    capture::FaceAnalyzerOptions analyzerOptions;
    analyzerOptions.presentationAttackModels = true; // what is measured here
    auto analyzer = capture::FaceAnalyzer::load(store, analyzerOptions);
    if (!analyzer) {
        std::cerr << "capture eval-liveness-fusion: " << analyzer.error().detail << "\n";
        return 1;
    }
    std::vector<fs::path> photos;
    std::error_code ec;
    for (const auto& identity : fs::directory_iterator(args.dataset, ec)) {
        if (identity.is_directory()) {
            const auto found = capture::listImages(identity.path());
            photos.insert(photos.end(), found.begin(), found.end());
        }
    }
    std::sort(photos.begin(), photos.end());
    if (args.limit > 0 && photos.size() > args.limit) {
        photos.resize(args.limit);
    }
    if (photos.empty() || args.frames < 8) {
        std::cerr << "capture eval-liveness-fusion: no photos under " << args.dataset << ", or --frames below 8\n";
        return 2;
    }
    const fs::path scratch = fs::temp_directory_path() / ("portico-fusion-" + std::to_string(::getpid()));
    fs::create_directories(scratch, ec);
    const cv::Size frameSize(640, 480);
    std::vector<SequenceScores> results;
    std::map<std::string, std::size_t> noSequence;
    // Every presentation goes through the same camera path as the demo's replay video: its image placed on a
    // 640x480 frame, held for --frames frames at 15 fps with sub-pixel shake and sensor noise, MJPG-encoded and read
    // back; then the production analyzer frame by frame and the temporal cue over the sequence.
    const auto present = [&](const fs::path& image, const std::string& kind, std::uint64_t seed) {
        const fs::path video = scratch / "sequence.avi";
        capture::ReplayVideoOptions options;
        options.framesPerShot = args.frames;
        options.seed = seed;
        if (auto built = capture::buildReplayVideo({image}, video, options); !built) {
            ++noSequence[kind];
            return;
        }
        cv::VideoCapture cap(video.string());
        capture::TemporalLiveness temporal;
        SequenceScores out;
        out.kind = kind;
        const auto t0 = std::chrono::steady_clock::time_point{};
        cv::Mat img;
        for (std::uint64_t n = 0; cap.read(img); ++n) {
            const auto at = t0 + std::chrono::microseconds(static_cast<std::int64_t>(n * 1'000'000 / 15));
            const capture::Frame frame(img.clone(), n, at, capture::SourceInfo{});
            const capture::Observation obs = analyzer->analyse(frame);
            if (!obs.landmarks || !obs.liveness.antispoof || !obs.liveness.modelLiveness) {
                continue;
            }
            temporal.add(at, *obs.landmarks);
            out.antispoof += *obs.liveness.antispoof;
            out.liveness += *obs.liveness.modelLiveness;
            ++out.framesWithFace;
        }
        if (out.framesWithFace == 0) {
            ++noSequence[kind];
            return;
        }
        out.antispoof /= out.framesWithFace;
        out.liveness /= out.framesWithFace;
        const auto evidence = temporal.evidence();
        out.temporal = evidence.score;
        out.reliability = evidence.reliability;
        results.push_back(out);
    };
    std::cerr << "capture eval-liveness-fusion: " << photos.size() << " photos x (bona fide, print, screen), "
              << args.frames << " frames each...\n";
    for (std::size_t i = 0; i < photos.size(); ++i) {
        const cv::Mat photo = cv::imread(photos[i].string(), cv::IMREAD_COLOR);
        if (photo.empty()) {
            std::cerr << "capture eval-liveness-fusion: cannot read " << photos[i].string() << "\n";
            return 1;
        }
        present(photos[i], "bona_fide", i + 1);
        for (const auto attack : {capture::SimulatedAttack::Print, capture::SimulatedAttack::Screen}) {
            const fs::path still = scratch / "attack.png";
            cv::imwrite(still.string(), capture::simulateAttack(photo, attack, i, frameSize));
            present(still, std::string(capture::simulatedAttackName(attack)), i + 1);
        }
        if ((i + 1) % 20 == 0) {
            std::cerr << "capture eval-liveness-fusion: " << (i + 1) << " / " << photos.size() << "\n";
        }
    }
    fs::remove_all(scratch, ec);

    // Scores where higher means "more like a live face": the temporal cue alone, each model alone (mean over the
    // frames), and fusions of the temporal cue with the liveness model (the one model that responds to anything).
    const std::vector<std::pair<std::string, std::function<double(const SequenceScores&)>>> fns{
        {"temporal", [](const SequenceScores& r) { return r.temporal; }},
        {"liveness_model", [](const SequenceScores& r) { return r.liveness; }},
        {"antispoof_model", [](const SequenceScores& r) { return r.antispoof; }},
        {"mean_temporal_liveness", [](const SequenceScores& r) { return 0.5 * (r.temporal + r.liveness); }},
        {"max_temporal_liveness", [](const SequenceScores& r) { return std::max(r.temporal, r.liveness); }},
        {"min_temporal_liveness", [](const SequenceScores& r) { return std::min(r.temporal, r.liveness); }},
        {"mean_all_three", [](const SequenceScores& r) { return (r.temporal + r.liveness + r.antispoof) / 3.0; }},
    };
    nlohmann::json out;
    out["dataset"] = args.dataset;
    out["photos"] = photos.size();
    out["frames_per_sequence"] = args.frames;
    out["attacks_are_simulated"] = true;
    for (const auto& [kind, n] : noSequence) {
        out["no_face_sequences"][kind] = n;
    }
    std::map<std::string, std::size_t> counts;
    for (const auto& r : results) {
        ++counts[r.kind];
    }
    out["sequences"] = counts;
    for (const auto& [name, fn] : fns) {
        std::vector<double> bona;
        std::map<std::string, std::vector<double>> byAttack;
        for (const auto& r : results) {
            (r.kind == "bona_fide" ? bona : byAttack[r.kind]).push_back(fn(r));
        }
        std::vector<double> all;
        for (const auto& [kind, v] : byAttack) {
            all.insert(all.end(), v.begin(), v.end());
        }
        byAttack["all_attacks"] = all;
        nlohmann::json j;
        j["bona_fide_mean"] = mean(bona);
        const double t5 = thresholdAtBpcer5(bona);
        j["threshold_at_bpcer5"] = t5;
        for (const auto& [kind, v] : byAttack) {
            j["attacks"][kind] = {{"mean", mean(v)},
                                  {"auc", auc(bona, v)},
                                  {"at_bpcer5", ratesAt(bona, v, t5)},
                                  {"at_0.5", ratesAt(bona, v, 0.5)}};
        }
        out["scores"][name] = j;
        std::cout << name << ": AUC print " << auc(bona, byAttack["print"]) << ", screen "
                  << auc(bona, byAttack["screen"]) << "; at BPCER <= 5 % (threshold " << t5 << "): APCER all "
                  << ratesAt(bona, all, t5).at("apcer").get<double>() << "\n";
    }
    if (!args.json.empty()) {
        std::ofstream f(args.json);
        f << out.dump(2) << "\n";
        if (!f) {
            std::cerr << "capture eval-liveness-fusion: cannot write " << args.json << "\n";
            return 1;
        }
    }
    return 0;
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

    auto evalArgs = std::make_shared<EvalLivenessArgs>();
    auto* evalCmd = captureCmd->add_subcommand(
        "eval-liveness",
        "APCER/BPCER of the presentation-attack models: dev photos vs simulated print/screen re-captures");
    evalCmd->add_option("--dataset", evalArgs->dataset, "Folder of <identity>/<n>.jpg bona fide photos")->required();
    evalCmd->add_option("--json", evalArgs->json, "Write the figures as JSON here");
    evalCmd->add_option("--limit", evalArgs->limit, "Use only the first N photos (sorted by path)");
    evalCmd->add_option("--margin", evalArgs->margin, "Square crop side as a multiple of the face box")
        ->check(CLI::Range(1.0, 4.0));
    evalCmd->add_flag("--bilinear", evalArgs->bilinear, "Shrink the crop bilinearly (as TF.js) instead of by area");
    evalCmd->add_option("--examples", evalArgs->examples, "Write the first frames (bona fide and attacks) here");
    evalCmd->callback([evalArgs, &ctx] { ctx.exitCode = runEvalLiveness(*evalArgs); });

    auto fusionArgs = std::make_shared<EvalFusionArgs>();
    auto* fusion =
        captureCmd->add_subcommand("eval-liveness-fusion", "APCER/BPCER of the temporal cue, the attack models and "
                                                           "their fusions on replayed sequences (simulated attacks)");
    fusion->add_option("--dataset", fusionArgs->dataset, "Folder of <identity>/<n>.jpg bona fide photos")->required();
    fusion->add_option("--json", fusionArgs->json, "Write the figures as JSON here");
    fusion->add_option("--limit", fusionArgs->limit, "Use only the first N photos (sorted by path)");
    fusion->add_option("--frames", fusionArgs->frames, "Frames per presentation (15 fps; at least 8)");
    fusion->callback([fusionArgs, &ctx] { ctx.exitCode = runEvalFusion(*fusionArgs); });

    auto benchArgs = std::make_shared<BenchCaptureArgs>();
    auto* bench = ctx.bench->add_subcommand(
        "capture", "Replay a video through capture + analysis: frame → observation and frame → 1:N candidates");
    bench->add_option("--video", benchArgs->video, "Video to replay at its frame rate (looped)")->required();
    bench->add_option("--gallery", benchArgs->gallery, "Gallery size for the 1:N search");
    bench->add_option("--json", benchArgs->json, "Write the figures as JSON here");
    bench->add_option("--seconds", benchArgs->seconds, "How long to run")->check(CLI::PositiveNumber);
    bench->add_flag("--attack-models", benchArgs->attackModels,
                    "Also run the presentation-attack models on every face (off in the booth since 7 Dec 2026)");
    bench->callback([benchArgs, &ctx] { ctx.exitCode = runBenchCapture(*benchArgs); });
}

} // namespace portico::cli
