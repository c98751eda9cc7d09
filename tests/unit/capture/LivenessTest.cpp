// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/TemporalLiveness.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace portico;
using namespace portico::capture;
using namespace std::chrono_literals;

namespace {
// A plausible frontal 68-point face (dlib's mean shape scaled to ~100 px between the eyes).
face::Landmarks68 meanFace() {
    static const float kShape[68][2] = {
        {0.000f, 0.176f}, {0.004f, 0.306f}, {0.017f, 0.436f}, {0.039f, 0.562f}, {0.080f, 0.680f}, {0.146f, 0.780f},
        {0.225f, 0.863f}, {0.315f, 0.929f}, {0.421f, 0.950f}, {0.527f, 0.929f}, {0.617f, 0.863f}, {0.697f, 0.780f},
        {0.763f, 0.680f}, {0.803f, 0.562f}, {0.826f, 0.436f}, {0.839f, 0.306f}, {0.843f, 0.176f}, {0.069f, 0.085f},
        {0.122f, 0.035f}, {0.197f, 0.020f}, {0.272f, 0.031f}, {0.343f, 0.060f}, {0.498f, 0.060f}, {0.569f, 0.031f},
        {0.644f, 0.020f}, {0.719f, 0.035f}, {0.772f, 0.085f}, {0.421f, 0.160f}, {0.421f, 0.243f}, {0.421f, 0.325f},
        {0.421f, 0.410f}, {0.333f, 0.461f}, {0.376f, 0.477f}, {0.421f, 0.490f}, {0.466f, 0.477f}, {0.509f, 0.461f},
        {0.152f, 0.171f}, {0.196f, 0.145f}, {0.249f, 0.146f}, {0.295f, 0.178f}, {0.248f, 0.190f}, {0.195f, 0.190f},
        {0.547f, 0.178f}, {0.593f, 0.146f}, {0.646f, 0.145f}, {0.690f, 0.171f}, {0.647f, 0.190f}, {0.594f, 0.190f},
        {0.262f, 0.643f}, {0.323f, 0.609f}, {0.386f, 0.590f}, {0.421f, 0.600f}, {0.456f, 0.590f}, {0.519f, 0.609f},
        {0.580f, 0.643f}, {0.521f, 0.700f}, {0.461f, 0.726f}, {0.421f, 0.730f}, {0.381f, 0.726f}, {0.321f, 0.700f},
        {0.286f, 0.645f}, {0.381f, 0.630f}, {0.421f, 0.633f}, {0.461f, 0.630f}, {0.556f, 0.645f}, {0.461f, 0.668f},
        {0.421f, 0.672f}, {0.381f, 0.668f}};
    face::Landmarks68 lm;
    for (std::size_t i = 0; i < 68; ++i) {
        lm.points[i] = cv::Point2f(200.f + 250.f * kShape[i][0], 150.f + 250.f * kShape[i][1]);
    }
    return lm;
}

face::Landmarks68 similarity(const face::Landmarks68& in, float angleDeg, float scale, cv::Point2f shift) {
    const float a = angleDeg * static_cast<float>(CV_PI) / 180.f;
    face::Landmarks68 out;
    for (std::size_t i = 0; i < 68; ++i) {
        const cv::Point2f p = in.points[i];
        out.points[i] = cv::Point2f(scale * (std::cos(a) * p.x - std::sin(a) * p.y) + shift.x,
                                    scale * (std::sin(a) * p.x + std::cos(a) * p.y) + shift.y);
    }
    return out;
}

face::Landmarks68 withEyesClosed(face::Landmarks68 lm, float openShare) {
    for (int eye : {36, 42}) {
        const float midY =
            0.5f * (lm.points[static_cast<std::size_t>(eye)].y + lm.points[static_cast<std::size_t>(eye + 3)].y);
        for (int k : {1, 2, 4, 5}) {
            auto& p = lm.points[static_cast<std::size_t>(eye + k)];
            p.y = midY + (p.y - midY) * openShare;
        }
    }
    return lm;
}
} // namespace

TEST_CASE("liveness: too few frames is no evidence either way", "[unit]") {
    TemporalLiveness live;
    const auto t0 = std::chrono::steady_clock::time_point(10s);
    for (int i = 0; i < 5; ++i) {
        live.add(t0 + i * 66ms, meanFace());
    }
    const auto e = live.evidence();
    CHECK(e.reliability == LivenessReliability::Insufficient);
    CHECK(e.frames == 5);
    CHECK(e.score == 0.0);
}

TEST_CASE("liveness: a rigid picture moved, turned and scaled in the image plane shows no micro-motion", "[unit]") {
    TemporalLiveness live;
    const auto t0 = std::chrono::steady_clock::time_point(10s);
    std::mt19937 rng(7);
    std::normal_distribution<float> shake(0.f, 1.f);
    for (int i = 0; i < 30; ++i) {
        live.add(t0 + i * 66ms, similarity(meanFace(), 3.f * shake(rng), 1.f + 0.03f * shake(rng),
                                           cv::Point2f(8.f * shake(rng), 8.f * shake(rng))));
    }
    const auto e = live.evidence();
    CHECK(e.reliability == LivenessReliability::Low); // never more than "low": it is a weak cue
    CHECK(e.microMotion < 1e-4);
    CHECK(e.blinks == 0);
    CHECK(e.score == 0.0);
}

TEST_CASE("liveness: non-rigid micro-motion and a blink raise the score", "[unit]") {
    const auto t0 = std::chrono::steady_clock::time_point(10s);
    std::mt19937 rng(11);
    std::normal_distribution<float> jitter(0.f, 2.5f); // ~2.5 % of the inter-eye distance per point
    TemporalLiveness moving;
    for (int i = 0; i < 30; ++i) {
        auto lm = meanFace();
        for (auto& p : lm.points) {
            p += cv::Point2f(jitter(rng), jitter(rng));
        }
        moving.add(t0 + i * 66ms, lm);
    }
    const auto e1 = moving.evidence();
    CHECK(e1.microMotion > 0.012);
    CHECK(e1.score == Approx(1.0));

    TemporalLiveness blinking;
    for (int i = 0; i < 30; ++i) {
        const float open = (i >= 12 && i <= 14) ? 0.15f : 1.0f;
        blinking.add(t0 + i * 66ms, withEyesClosed(meanFace(), open));
    }
    const auto e2 = blinking.evidence();
    CHECK(e2.blinks == 1);
    CHECK(e2.score >= 0.9);
    CHECK(e2.eyeAspectStd > 0.01);
}

TEST_CASE("liveness: the window forgets old frames", "[unit]") {
    TemporalLiveness live(TemporalLivenessOptions{1000ms, 8, 0.002, 0.012, 0.65});
    const auto t0 = std::chrono::steady_clock::time_point(10s);
    for (int i = 0; i < 100; ++i) {
        live.add(t0 + i * 50ms, meanFace());
    }
    const auto e = live.evidence();
    CHECK(e.frames <= 21);
    CHECK(e.windowSeconds <= 1.0);
    live.reset();
    CHECK(live.evidence().frames == 0);
}
