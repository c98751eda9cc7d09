// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/BestShotSelector.h"

#include <catch2/catch.hpp>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

namespace {
const auto kT0 = std::chrono::steady_clock::time_point(100s);

FramePtr frameAt(std::uint64_t seq) {
    return std::make_shared<const Frame>(cv::Mat(2, 2, CV_8UC3), seq, kT0, SourceInfo{});
}

Observation obsAt(std::chrono::milliseconds t, double score, bool pass, std::uint64_t seq) {
    Observation o;
    o.frameSequence = seq;
    o.frameTime = kT0 + t;
    o.faceCount = 1;
    o.face = face::FaceBox{cv::Rect2f(0, 0, 10, 10), 0.9f};
    o.qualityScore = score;
    o.gatePassed = pass;
    o.measures.push_back(ObservedMeasure{"sharpness", score, true, pass, face::PromptId::HoldStill});
    o.measures.push_back(ObservedMeasure{"yaw", 5.0, true, true, face::PromptId::None});
    return o;
}
} // namespace

TEST_CASE("best shot: the best gate-passing frame of the window is captured when the window closes", "[unit]") {
    BestShotSelector sel(BestShotOptions{1500ms, 10000ms, 0.0});
    sel.begin(kT0);
    std::uint64_t seq = 0;
    // Failing frames first (even a high-scoring one that fails the gate), then the window opens at 1000 ms.
    CHECK_FALSE(sel.offer(frameAt(seq), obsAt(0ms, 95.0, false, seq)));
    ++seq;
    CHECK_FALSE(sel.offer(frameAt(seq), obsAt(500ms, 30.0, false, seq)));
    ++seq;
    CHECK_FALSE(sel.offer(frameAt(seq), obsAt(1000ms, 70.0, true, seq)));
    ++seq;
    CHECK_FALSE(sel.offer(frameAt(seq), obsAt(1500ms, 88.0, true, seq))); // the best: seq 3
    ++seq;
    CHECK_FALSE(sel.offer(frameAt(seq), obsAt(2000ms, 75.0, true, seq)));
    ++seq;
    auto r = sel.offer(frameAt(seq), obsAt(2500ms, 60.0, true, seq)); // window (1000 + 1500) closes
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::AutoCaptured);
    CHECK(r->observation.frameSequence == 3);
    CHECK(r->frame->sequence == 3);
    CHECK(r->observations == 6);
    CHECK(r->timeToResultMs == Approx(2500.0));
    CHECK(r->failingMeasures.empty());
    // One attempt, one result: nothing more until the next begin().
    CHECK_FALSE(sel.active());
    CHECK_FALSE(sel.offer(frameAt(9), obsAt(2600ms, 99.0, true, 9)));
    CHECK_FALSE(sel.poll(kT0 + 60s));
}

TEST_CASE("best shot: the window also closes on the clock when frames stop coming", "[unit]") {
    BestShotSelector sel(BestShotOptions{1500ms, 10000ms, 0.0});
    sel.begin(kT0);
    CHECK_FALSE(sel.offer(frameAt(1), obsAt(200ms, 65.0, true, 1)));
    CHECK_FALSE(sel.poll(kT0 + 1000ms));
    auto r = sel.poll(kT0 + 1800ms);
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::AutoCaptured);
    CHECK(r->observation.frameSequence == 1);
}

TEST_CASE("best shot: no good frame in time is a failure to acquire with the failing measures", "[unit]") {
    BestShotSelector sel(BestShotOptions{1500ms, 10000ms, 0.0});
    sel.begin(kT0);
    std::optional<CaptureResult> r;
    std::uint64_t seq = 0;
    for (auto t = 0ms; t <= 11000ms && !r; t += 250ms) {
        const double score = t == 4000ms ? 45.0 : 20.0; // the best frame seen fails on sharpness
        r = sel.offer(frameAt(seq), obsAt(t, score, false, seq));
        ++seq;
    }
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::FailureToAcquire);
    CHECK(r->timeToResultMs == Approx(10000.0));
    CHECK(r->observation.qualityScore == Approx(45.0));
    REQUIRE(r->failingMeasures.size() == 1);
    CHECK(r->failingMeasures[0].name == "sharpness");
    CHECK(r->failingMeasures[0].prompt == face::PromptId::HoldStill);
    CHECK_FALSE(sel.active()); // never a silent retry loop
}

TEST_CASE("best shot: failure to acquire without any frame says so", "[unit]") {
    BestShotSelector sel(BestShotOptions{1500ms, 2000ms, 0.0});
    sel.begin(kT0);
    CHECK_FALSE(sel.poll(kT0 + 1999ms));
    auto r = sel.poll(kT0 + 2000ms);
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::FailureToAcquire);
    CHECK(r->frame == nullptr);
    REQUIRE(r->failingMeasures.size() == 1);
    CHECK(r->failingMeasures[0].name == "frames_analysed");
}

TEST_CASE("best shot: manual capture takes the best passing frame, else the best seen", "[unit]") {
    BestShotSelector sel(BestShotOptions{1500ms, 10000ms, 0.0});
    sel.begin(kT0);
    CHECK_FALSE(sel.captureNow(kT0)); // nothing seen yet
    CHECK_FALSE(sel.offer(frameAt(1), obsAt(100ms, 40.0, false, 1)));
    CHECK_FALSE(sel.offer(frameAt(2), obsAt(200ms, 30.0, false, 2)));
    auto r = sel.captureNow(kT0 + 300ms);
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::ManualCaptured);
    CHECK(r->frame->sequence == 1);
    CHECK_FALSE(r->observation.gatePassed); // the officer sees that it fails the gate

    sel.begin(kT0 + 1s);
    CHECK_FALSE(sel.offer(frameAt(3), obsAt(1100ms, 90.0, false, 3)));
    CHECK_FALSE(sel.offer(frameAt(4), obsAt(1200ms, 61.0, true, 4)));
    r = sel.captureNow(kT0 + 1300ms);
    REQUIRE(r);
    CHECK(r->frame->sequence == 4); // a passing frame beats a higher score that fails the gate
}

TEST_CASE("best shot: the minimum unified score is part of the gate", "[unit]") {
    BestShotSelector sel(BestShotOptions{500ms, 3000ms, 70.0});
    sel.begin(kT0);
    std::optional<CaptureResult> r;
    for (int i = 0; i < 20 && !r; ++i) {
        r = sel.offer(frameAt(static_cast<std::uint64_t>(i)),
                      obsAt(i * 200ms, 65.0, true, static_cast<std::uint64_t>(i)));
    }
    REQUIRE(r);
    CHECK(r->outcome == CaptureOutcome::FailureToAcquire);
}

TEST_CASE("best shot: cancel ends the attempt with nothing captured", "[unit]") {
    BestShotSelector sel;
    sel.begin(kT0);
    CHECK_FALSE(sel.offer(frameAt(1), obsAt(100ms, 80.0, true, 1)));
    sel.cancel();
    CHECK_FALSE(sel.active());
    CHECK_FALSE(sel.captureNow(kT0 + 200ms));
    CHECK_FALSE(sel.poll(kT0 + 60s));
}
