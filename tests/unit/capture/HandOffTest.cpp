// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaptureTestSupport.h"
#include "capture/AnalysisLoop.h"
#include "capture/CaptureHealth.h"
#include "capture/CaptureLoop.h"
#include "capture/LatestFrameSlot.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

namespace {
FramePtr makeFrame(std::uint64_t seq) {
    return std::make_shared<const Frame>(cv::Mat(4, 4, CV_8UC3, cv::Scalar::all(0)), seq,
                                         std::chrono::steady_clock::now(), SourceInfo{});
}

template <class Pred>
bool waitUntil(Pred pred, std::chrono::milliseconds timeout = 5000ms) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(2ms);
    }
    return pred();
}
} // namespace

TEST_CASE("latest-frame-wins slot keeps only the newest frame and counts the stale ones", "[unit]") {
    const auto before = Frame::liveCount();
    LatestFrameSlot slot;
    CHECK_FALSE(slot.put(makeFrame(1)));
    CHECK(slot.put(makeFrame(2)));
    CHECK(slot.put(makeFrame(3)));
    CHECK(slot.droppedCount() == 2);
    CHECK(Frame::liveCount() == before + 1); // the two stale frames are gone, not queued
    std::stop_source stop;
    FramePtr got = slot.take(stop.get_token(), 10ms);
    REQUIRE(got);
    CHECK(got->sequence == 3);
    CHECK(slot.take(stop.get_token(), 5ms) == nullptr); // empty after a take: no frame is delivered twice
    CHECK_FALSE(slot.put(makeFrame(4)));                // nothing untaken was replaced
    slot.clear();
    got.reset();
    CHECK(Frame::liveCount() == before);
}

TEST_CASE("a stop request wakes a consumer waiting on an empty slot", "[unit]") {
    LatestFrameSlot slot;
    std::stop_source stop;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread stopper([&] {
        std::this_thread::sleep_for(20ms);
        stop.request_stop();
    });
    CHECK(slot.take(stop.get_token(), 5000ms) == nullptr);
    stopper.join();
    CHECK(std::chrono::steady_clock::now() - t0 < 2000ms);
}

TEST_CASE("10,000 frames through capture and analysis keep frames and Mat buffers flat", "[unit]") {
    SystemClock clock;
    const auto framesBefore = Frame::liveCount();
    test::ScopedMatCounting counting;
    const auto matsBefore = counting.counter().live();

    auto source = std::make_unique<test::FakeSource>(clock);
    auto* fake = source.get();
    fake->setFrameLimit(10'000);
    CaptureHealth health(clock, "lane-1");
    CaptureLoop capture(std::move(source), clock, &health);

    std::atomic<std::int64_t> peakFrames{0};
    std::atomic<std::uint64_t> observations{0};
    auto notePeak = [&] {
        const auto now = Frame::liveCount() - framesBefore;
        auto peak = peakFrames.load();
        while (now > peak && !peakFrames.compare_exchange_weak(peak, now)) {
        }
    };
    capture.setFrameCallback([&](const FramePtr&) { notePeak(); });
    AnalysisLoop analysis(capture.analysisSlot(), test::sharpnessAnalyzer, clock, &health);
    analysis.setObservationCallback([&](const Observation&, const FramePtr&) {
        ++observations;
        notePeak();
    });
    analysis.start();
    capture.start();
    REQUIRE(waitUntil([&] { return capture.status() == SourceStatus::EndOfStream; }, 30000ms));
    REQUIRE(waitUntil([&] { return analysis.analysed() > 0; }));
    capture.stop();
    analysis.stop();

    CHECK(fake->produced() == 10'000);
    CHECK(capture.framesDelivered() == 10'000);
    const auto snap = health.snapshot();
    CHECK(snap.framesDelivered == 10'000);
    // Every frame was either analysed or dropped as stale, never queued.
    // (the last frame may still sit in the slot when the loops stop: it is cleared, not analysed)
    CHECK(snap.framesAnalysed + snap.framesDropped <= 10'000);
    CHECK(snap.framesAnalysed + snap.framesDropped >= 9'999);
    CHECK(capture.analysisSlot().takenCount() == analysis.analysed());
    CHECK(observations.load() == analysis.analysed());
    INFO("peak live frames " << peakFrames.load() << ", peak Mat buffers " << counting.counter().peak() - matsBefore
                             << ", analysed " << analysis.analysed() << ", dropped " << snap.framesDropped);
    // Bounded: the newest frame (UI), the slot, the one under analysis, the analysis loop's last frame, one in
    // flight in the capture thread; the analyzer's temporaries are freed per frame.
    CHECK(peakFrames.load() <= 8);
    CHECK(counting.counter().peak() - matsBefore <= 24);
    // Nothing is left behind once both loops are stopped.
    CHECK(Frame::liveCount() == framesBefore);
    CHECK(counting.counter().live() == matsBefore);
}

TEST_CASE("stop/start and unplug/replug cycles recover and leave no thread or frame behind", "[unit][reliability]") {
    SystemClock clock;
    const auto framesBefore = Frame::liveCount();
    const int threadsBefore = test::processThreadCount();
    {
        auto source = std::make_unique<test::FakeSource>(clock);
        auto* fake = source.get();
        fake->setReadDelay(1ms);
        CaptureHealth health(clock, "lane-2");
        CaptureLoop capture(std::move(source), clock, &health, CaptureLoopOptions{5ms, 20ms});
        AnalysisLoop analysis(capture.analysisSlot(), test::sharpnessAnalyzer, clock, &health);
        std::mutex mutex;
        std::vector<std::pair<SourceStatus, std::string>> statuses;
        capture.setStatusCallback([&](SourceStatus s, const std::string& reason) {
            std::lock_guard lock(mutex);
            statuses.emplace_back(s, reason);
        });

        for (int cycle = 0; cycle < 10; ++cycle) {
            capture.start();
            analysis.start();
            REQUIRE(capture.running());
            REQUIRE(waitUntil([&] { return capture.status() == SourceStatus::Streaming; }));
            const auto delivered = capture.framesDelivered();
            REQUIRE(waitUntil([&] { return capture.framesDelivered() > delivered + 5; }));

            // Unplug: the read fails, the loop says so with the reason and keeps trying to reopen.
            fake->unplug();
            REQUIRE(waitUntil([&] { return capture.status() == SourceStatus::Disconnected; }));
            CHECK(capture.statusReason().find("unplugged") != std::string::npos);
            const auto opensWhileUnplugged = fake->opens();
            REQUIRE(waitUntil([&] { return fake->opens() >= opensWhileUnplugged + 2; })); // retries with backoff
            const auto frozen = capture.framesDelivered();
            std::this_thread::sleep_for(10ms);
            CHECK(capture.framesDelivered() == frozen);

            // Replug: back to Streaming, frames flow again.
            fake->replug();
            REQUIRE(waitUntil([&] { return capture.status() == SourceStatus::Streaming; }));
            REQUIRE(waitUntil([&] { return capture.framesDelivered() > frozen + 5; }));
            REQUIRE(waitUntil([&] { return analysis.analysed() > 0; }));

            analysis.stop();
            capture.stop();
            CHECK_FALSE(capture.running());
            CHECK_FALSE(analysis.running());
            CHECK(capture.status() == SourceStatus::Stopped);
            CHECK(capture.latest() == nullptr);
            CHECK(Frame::liveCount() == framesBefore);
        }
        const auto snap = health.snapshot();
        CHECK(snap.disconnects == 10);
        CHECK(snap.status == SourceStatus::Stopped);
        CHECK(snap.uptimeSeconds > 0.0);
        CHECK(snap.uptimeSeconds <= snap.observedSeconds);
        std::lock_guard lock(mutex);
        CHECK(std::count_if(statuses.begin(), statuses.end(),
                            [](const auto& s) { return s.first == SourceStatus::Disconnected; }) >= 10);
    }
    CHECK(Frame::liveCount() == framesBefore);
    CHECK(waitUntil([&] { return test::processThreadCount() == threadsBefore; }));
}

TEST_CASE("a source that cannot open reports Disconnected and never spins", "[unit]") {
    SystemClock clock;
    auto source = std::make_unique<test::FakeSource>(clock);
    auto* fake = source.get();
    fake->unplug();
    CaptureLoop capture(std::move(source), clock, nullptr, CaptureLoopOptions{10ms, 40ms});
    capture.start();
    std::this_thread::sleep_for(300ms);
    capture.stop();
    CHECK(capture.framesDelivered() == 0);
    // 10, 20, 40, 40, ... ms of backoff: at most ~10 attempts in 300 ms, certainly not a busy loop.
    CHECK(fake->opens() >= 3);
    CHECK(fake->opens() <= 15);
}

TEST_CASE("after an opt-out hold no frame is analysed or kept until the next traveler begins", "[unit]") {
    SystemClock clock;
    LatestFrameSlot slot;
    std::atomic<int> analyzed{0};
    std::atomic<int> observed{0};
    AnalysisLoop analysis(
        slot,
        [&](const Frame& f) {
            ++analyzed;
            return test::sharpnessAnalyzer(f);
        },
        clock);
    analysis.setObservationCallback([&](const Observation&, const FramePtr&) { ++observed; });
    analysis.start();
    analysis.beginAcquisition();
    std::uint64_t seq = 0;
    const auto feed = [&] { // one frame, taken by the loop before the next
        const auto taken = slot.takenCount();
        slot.put(makeFrame(++seq));
        REQUIRE(waitUntil([&] { return slot.takenCount() > taken; }));
    };
    feed();
    REQUIRE(waitUntil([&] { return observed.load() == 1; }));
    CHECK(analysis.latestObservation());

    analysis.hold();
    CHECK(analysis.held());
    CHECK_FALSE(analysis.latestObservation()); // the newest analysed frame is released at once
    for (int i = 0; i < 20; ++i) {
        feed();
    }
    std::this_thread::sleep_for(50ms);
    CHECK(analyzed.load() == 1); // frames keep arriving, none is analysed
    CHECK(observed.load() == 1);
    CHECK(analysis.analysed() == 1);
    CHECK_FALSE(analysis.captureNow()); // the capture key finds nothing to take

    analysis.beginAcquisition(); // the next traveler
    CHECK_FALSE(analysis.held());
    feed();
    REQUIRE(waitUntil([&] { return observed.load() == 2; }));
    analysis.stop();
}
