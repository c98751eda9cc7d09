// SPDX-License-Identifier: GPL-3.0-or-later
// The presentation-attack models (human-models antispoof + liveness) on real dev photos and the real weights.
#include "CaptureTestSupport.h"
#include "capture/AnalysisLoop.h"
#include "capture/AttackSimulator.h"
#include "capture/CaptureLoop.h"
#include "capture/FaceAnalyzer.h"
#include "capture/PresentationAttackModels.h"
#include "capture/ReplayVideoBuilder.h"
#include "face/FaceDetector.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

namespace {

const PresentationAttackModels& models() {
    static auto loaded = PresentationAttackModels::load(face::ModelStore::pinned(portico::test::modelDir()));
    if (!loaded) {
        FAIL("presentation-attack models did not load: " << loaded.error().toString());
    }
    return loaded.value();
}

const face::FaceDetector& detector() {
    static auto loaded = face::FaceDetector::load(face::ModelStore::pinned(portico::test::modelDir()));
    if (!loaded) {
        FAIL("face detector did not load: " << loaded.error().toString());
    }
    return loaded.value();
}

cv::Mat devPhoto(const std::string& identity, int n) {
    const cv::Mat image = cv::imread((portico::test::facesDevDir() / identity / (std::to_string(n) + ".jpg")).string());
    REQUIRE_FALSE(image.empty());
    return image;
}

// The subject's box as the capture analyzer picks it: confident faces (>= 0.5) first, else the 0.3 fallback.
cv::Rect2f subjectBox(const cv::Mat& frame) {
    auto faces = detector().detect(frame, 0.3f);
    REQUIRE(faces.ok());
    REQUIRE_FALSE(faces->empty());
    std::vector<face::FaceBox> confident;
    for (const auto& f : *faces) {
        if (f.score >= 0.5f) {
            confident.push_back(f);
        }
    }
    const auto& pool = confident.empty() ? *faces : confident;
    return pool[face::FacePipeline::chooseSubject(pool, frame.size())].box;
}

} // namespace

TEST_CASE("presentation-attack models score real faces within 0..1", "[unit][capture][liveness]") {
    std::set<double> antispoof;
    std::set<double> liveness;
    for (const char* identity : {"celeba_7201", "celeba_7203", "celeba_7204"}) {
        INFO(identity);
        const cv::Mat frame = fitToFrame(devPhoto(identity, 1), cv::Size(640, 480));
        auto scores = models().score(frame, subjectBox(frame));
        REQUIRE(scores.ok());
        CHECK(scores->antispoof >= 0.0);
        CHECK(scores->antispoof <= 1.0);
        CHECK(scores->liveness >= 0.0);
        CHECK(scores->liveness <= 1.0);
        antispoof.insert(scores->antispoof);
        liveness.insert(scores->liveness);
    }
    // The scores come from the pixels: three different faces do not all score the same.
    CHECK(antispoof.size() > 1);
    CHECK(liveness.size() > 1);
}

TEST_CASE("presentation-attack crop is a square around the box, kept inside the frame", "[unit][capture][liveness]") {
    const cv::Size frame(640, 480);
    auto centred = PresentationAttackModels::cropRect(frame, cv::Rect2f(270, 190, 100, 100), 1.5);
    REQUIRE(centred.ok());
    CHECK(*centred == cv::Rect(245, 165, 150, 150));
    // Near the left edge the square is shifted inside rather than clipped.
    auto edge = PresentationAttackModels::cropRect(frame, cv::Rect2f(5, 200, 100, 120), 1.5);
    REQUIRE(edge.ok());
    CHECK(edge->x == 0);
    CHECK(edge->width == 180);
    CHECK(edge->height == 180);
    // Bigger than the frame: clipped to it.
    auto huge = PresentationAttackModels::cropRect(frame, cv::Rect2f(100, 50, 400, 400), 1.5);
    REQUIRE(huge.ok());
    CHECK(huge->height == 480);
    CHECK((*huge & cv::Rect(0, 0, 640, 480)) == *huge);
}

TEST_CASE("presentation-attack scoring refuses bad input with a clear error", "[unit][capture][liveness]") {
    const cv::Mat frame = fitToFrame(devPhoto("celeba_7201", 1), cv::Size(640, 480));
    SECTION("empty image") {
        auto s = models().score(cv::Mat(), cv::Rect2f(10, 10, 50, 50));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::ImageInvalid);
        CHECK(s.error().detail.find("empty") != std::string::npos);
    }
    SECTION("box outside the frame") {
        auto s = models().score(frame, cv::Rect2f(700, 500, 80, 80));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::InvalidArgument);
        CHECK(s.error().detail.find("outside") != std::string::npos);
    }
    SECTION("box that only grazes the frame") {
        auto s = models().score(frame, cv::Rect2f(-78, 100, 80, 80));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::InvalidArgument);
    }
    SECTION("empty or non-finite box") {
        CHECK_FALSE(models().score(frame, cv::Rect2f(100, 100, 0, 50)).ok());
        CHECK_FALSE(models().score(frame, cv::Rect2f(std::nanf(""), 100, 50, 50)).ok());
    }
    SECTION("not an 8-bit image") {
        cv::Mat f32;
        frame.convertTo(f32, CV_32FC3);
        auto s = models().score(f32, cv::Rect2f(200, 100, 150, 150));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().code == ErrorCode::ImageInvalid);
    }
}

TEST_CASE("the liveness model scores simulated screen replays of dev photos below the photos themselves",
          "[unit][capture][liveness]") {
    // Measured on all 200 dev photos (portico-cli capture eval-liveness, docs/capture.md): liveness AUC 0.82 for
    // bona fide vs simulated screen replay, about 0.48 for simulated print. Only the screen claim is tested: print
    // is not separated by either model, and the antispoof model separates neither.
    double bona = 0;
    double screen = 0;
    int n = 0;
    // The first eight identities of the dev set, in sorted order.
    for (const char* identity : {"celeba_7201", "celeba_7203", "celeba_7204", "celeba_7205", "celeba_7206",
                                 "celeba_7207", "celeba_7209", "celeba_7210"}) {
        INFO(identity);
        const cv::Mat photo = devPhoto(identity, 1);
        const cv::Mat live = fitToFrame(photo, cv::Size(640, 480));
        // The seed eval-liveness uses for this photo (its index in the sorted list: 5 photos per identity).
        const cv::Mat attack = simulateAttack(photo, SimulatedAttack::Screen, static_cast<std::uint64_t>(5 * n));
        REQUIRE_FALSE(attack.empty());
        auto a = models().score(live, subjectBox(live));
        auto b = models().score(attack, subjectBox(attack));
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        bona += a->liveness;
        screen += b->liveness;
        ++n;
    }
    INFO("mean liveness: bona fide " << bona / n << ", simulated screen " << screen / n);
    CHECK(bona / n > screen / n + 0.05);
}

TEST_CASE("the face analyzer puts the model scores of the subject's face into the liveness evidence",
          "[unit][capture][liveness]") {
    FaceAnalyzerOptions withModels;
    withModels.presentationAttackModels = true;
    auto analyzer = FaceAnalyzer::load(face::ModelStore::pinned(portico::test::modelDir()), withModels);
    REQUIRE(analyzer.ok());
    const cv::Mat image = fitToFrame(devPhoto("celeba_7203", 1), cv::Size(640, 480));
    const Observation obs = analyzer->analyse(Frame(image, 0, std::chrono::steady_clock::now(), SourceInfo{}));
    REQUIRE(obs.face);
    REQUIRE(obs.liveness.antispoof);
    REQUIRE(obs.liveness.modelLiveness);
    CHECK(obs.liveness.modelMs > 0.0);
    auto direct = models().score(image, obs.face->box);
    REQUIRE(direct.ok());
    CHECK(*obs.liveness.antispoof == Approx(direct->antispoof).margin(1e-6));
    CHECK(*obs.liveness.modelLiveness == Approx(direct->liveness).margin(1e-6));

    SECTION("no face: no model scores") {
        const cv::Mat grey(480, 640, CV_8UC3, cv::Scalar::all(128));
        const Observation none = analyzer->analyse(Frame(grey, 1, std::chrono::steady_clock::now(), SourceInfo{}));
        CHECK_FALSE(none.face);
        CHECK_FALSE(none.liveness.antispoof);
        CHECK_FALSE(none.liveness.modelLiveness);
        CHECK(none.liveness.modelMs == 0.0);
    }
    SECTION("by default the models do not run (the booth's analyzer): no model scores") {
        auto plain = FaceAnalyzer::load(face::ModelStore::pinned(portico::test::modelDir()));
        REQUIRE(plain.ok());
        const Observation o = plain->analyse(Frame(image, 2, std::chrono::steady_clock::now(), SourceInfo{}));
        REQUIRE(o.face);
        CHECK_FALSE(o.liveness.antispoof);
        CHECK_FALSE(o.liveness.modelLiveness);
        CHECK(o.liveness.modelMs == 0.0);
    }
}

TEST_CASE("the analysis loop keeps the analyzer's model scores beside the temporal evidence",
          "[unit][capture][liveness]") {
    SystemClock clock;
    auto source = std::make_unique<capture::test::FakeSource>(clock);
    source->setFrameLimit(20);
    CaptureLoop capture(std::move(source), clock, nullptr);
    std::atomic<int> seen{0};
    std::atomic<int> carried{0};
    AnalysisLoop analysis(
        capture.analysisSlot(),
        [](const Frame& frame) {
            Observation o;
            o.liveness.antispoof = 0.25 + 0.01 * static_cast<double>(frame.sequence % 10);
            o.liveness.modelLiveness = 0.75;
            o.liveness.modelMs = 1.5;
            return o;
        },
        clock, nullptr);
    analysis.setObservationCallback([&](const Observation& obs, const FramePtr& frame) {
        ++seen;
        if (obs.liveness.antispoof &&
            *obs.liveness.antispoof == 0.25 + 0.01 * static_cast<double>(frame->sequence % 10) &&
            obs.liveness.modelLiveness == 0.75 && obs.liveness.modelMs == 1.5 &&
            obs.liveness.reliability == LivenessReliability::Insufficient) {
            ++carried;
        }
    });
    analysis.start();
    capture.start();
    const auto end = std::chrono::steady_clock::now() + 5s;
    while (capture.status() != SourceStatus::EndOfStream && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(5ms);
    }
    while (analysis.analysed() == 0 && std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(5ms);
    }
    capture.stop();
    analysis.stop();
    REQUIRE(seen.load() > 0);
    CHECK(carried.load() == seen.load());
}

TEST_CASE("capture eval-liveness reports APCER and BPCER with their counts", "[unit][capture][liveness]") {
    portico::test::TempDir tmp;
    // A two-identity dataset of links to real dev photos (never copies).
    for (const char* identity : {"celeba_7201", "celeba_7203"}) {
        std::filesystem::create_directories(tmp.path() / "set" / identity);
        for (int n : {1, 2}) {
            const std::string name = std::to_string(n) + ".jpg";
            std::filesystem::create_symlink(portico::test::facesDevDir() / identity / name,
                                            tmp.path() / "set" / identity / name);
        }
    }
    const auto json = tmp.path() / "eval.json";
    const auto [rc, output] = portico::test::runCommand(
        portico::test::cliExe().string(),
        {"capture", "eval-liveness", "--dataset", (tmp.path() / "set").string(), "--json", json.string()},
        {"PORTICO_MODEL_DIR=" + portico::test::modelDir().string()});
    INFO(output);
    REQUIRE(rc == 0);
    std::ifstream in(json);
    REQUIRE(in);
    const auto doc = nlohmann::json::parse(in);
    CHECK(doc.at("photos") == 4);
    CHECK(doc.at("attacks_are_simulated") == true);
    for (const char* kind : {"bona_fide", "print", "screen", "plain"}) {
        CHECK(doc.at("presentations").at(kind).at("presented") == 4);
    }
    const std::size_t bonaScored = 4 - doc["presentations"]["bona_fide"]["no_face_or_error"].get<std::size_t>();
    for (const char* score : {"antispoof", "liveness", "mean", "min"}) {
        INFO(score);
        const auto& s = doc.at("scores").at(score);
        for (const char* attack : {"print", "screen", "plain", "all_attacks"}) {
            const auto& a = s.at("attacks").at(attack);
            const auto& op = a.at("at_operating_threshold");
            CHECK(op.at("threshold") == 0.5);
            const double apcer = op.at("apcer").get<double>();
            const double bpcer = op.at("bpcer").get<double>();
            CHECK(apcer >= 0.0);
            CHECK(apcer <= 1.0);
            CHECK(bpcer >= 0.0);
            CHECK(bpcer <= 1.0);
            // The counts say the same as the rates.
            const auto bpcerCount = op.at("bpcer_count").get<std::string>();
            CHECK(bpcerCount.substr(bpcerCount.find('/') + 1) == std::to_string(bonaScored));
            CHECK(a.at("at_bpcer5").at("bpcer").get<double>() <= 0.05);
        }
        // all_attacks pools print and screen; the plain re-capture is a control and stays out.
        const auto denominator = [&](const char* attack) {
            const auto c = s.at("attacks").at(attack).at("at_operating_threshold").at("apcer_count").get<std::string>();
            return std::stoul(c.substr(c.find('/') + 1));
        };
        CHECK(denominator("all_attacks") == denominator("print") + denominator("screen"));
    }
}
