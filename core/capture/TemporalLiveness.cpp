// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/TemporalLiveness.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace portico::capture {
namespace {
double dist(const cv::Point2f& a, const cv::Point2f& b) {
    const double dx = static_cast<double>(a.x) - static_cast<double>(b.x);
    const double dy = static_cast<double>(a.y) - static_cast<double>(b.y);
    return std::sqrt(dx * dx + dy * dy);
}

const cv::Point2f& pt(const face::Landmarks68& lm, int i) {
    return lm.points[static_cast<std::size_t>(i)];
}

double eyeRatio(const face::Landmarks68& lm, int first) {
    const double width = dist(pt(lm, first), pt(lm, first + 3));
    if (width <= 1e-6) {
        return 0.0;
    }
    return (dist(pt(lm, first + 1), pt(lm, first + 5)) + dist(pt(lm, first + 2), pt(lm, first + 4))) / (2.0 * width);
}

double median(std::vector<double> v) {
    if (v.empty()) {
        return 0.0;
    }
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}
} // namespace

std::string_view livenessReliabilityName(LivenessReliability r) {
    switch (r) {
    case LivenessReliability::Unknown:
        return "unknown";
    case LivenessReliability::Insufficient:
        return "insufficient";
    case LivenessReliability::Low:
        return "low";
    }
    return "unknown";
}

TemporalLiveness::TemporalLiveness(TemporalLivenessOptions options) : m_options(options) {}

double TemporalLiveness::eyeAspectRatio(const face::Landmarks68& lm) {
    return 0.5 * (eyeRatio(lm, 36) + eyeRatio(lm, 42));
}

std::array<double, TemporalLiveness::kFeatures> TemporalLiveness::features(const face::Landmarks68& lm) {
    std::array<double, kFeatures> f{};
    const double iod = dist(lm.leftEyeCentre(), lm.rightEyeCentre());
    if (iod <= 1e-6) {
        return f;
    }
    const double mouthWidth = dist(pt(lm, 60), pt(lm, 64));
    const double mouthOpen =
        (dist(pt(lm, 61), pt(lm, 67)) + dist(pt(lm, 62), pt(lm, 66)) + dist(pt(lm, 63), pt(lm, 65))) / 3.0;
    f[0] = eyeRatio(lm, 36);
    f[1] = eyeRatio(lm, 42);
    f[2] = mouthWidth > 1e-6 ? mouthOpen / mouthWidth : 0.0;
    f[3] = dist(pt(lm, 30), pt(lm, 8)) / iod;  // nose tip to chin
    f[4] = dist(pt(lm, 48), pt(lm, 54)) / iod; // mouth corners
    f[5] = dist(pt(lm, 19), pt(lm, 37)) / iod; // right brow to eye (subject's)
    f[6] = dist(pt(lm, 24), pt(lm, 44)) / iod; // left brow to eye
    f[7] = dist(pt(lm, 33), pt(lm, 51)) / iod; // nose base to upper lip
    f[8] = dist(pt(lm, 57), pt(lm, 8)) / iod;  // lower lip to chin
    f[9] = dist(pt(lm, 27), pt(lm, 30)) / iod; // nose length
    return f;
}

void TemporalLiveness::add(std::chrono::steady_clock::time_point at, const face::Landmarks68& landmarks) {
    m_samples.push_back(Sample{at, features(landmarks)});
    while (!m_samples.empty() && (at - m_samples.front().at > m_options.window || m_samples.size() > kMaxSamples)) {
        m_samples.pop_front();
    }
}

void TemporalLiveness::reset() {
    m_samples.clear();
}

LivenessEvidence TemporalLiveness::evidence() const {
    LivenessEvidence e;
    e.frames = static_cast<int>(m_samples.size());
    if (!m_samples.empty()) {
        e.windowSeconds = std::chrono::duration<double>(m_samples.back().at - m_samples.front().at).count();
    }
    if (e.frames < m_options.minFrames) {
        e.reliability = LivenessReliability::Insufficient;
        return e;
    }
    const auto n = static_cast<double>(m_samples.size());
    std::vector<double> stds;
    stds.reserve(kFeatures);
    for (std::size_t k = 0; k < kFeatures; ++k) {
        double sum = 0.0;
        double sumSq = 0.0;
        for (const auto& s : m_samples) {
            sum += s.f[k];
            sumSq += s.f[k] * s.f[k];
        }
        const double mean = sum / n;
        stds.push_back(std::sqrt(std::max(0.0, sumSq / n - mean * mean)));
    }
    e.microMotion = median(stds);

    std::vector<double> ear;
    ear.reserve(m_samples.size());
    for (const auto& s : m_samples) {
        ear.push_back(0.5 * (s.f[0] + s.f[1]));
    }
    double earSum = 0.0;
    double earSq = 0.0;
    for (double v : ear) {
        earSum += v;
        earSq += v * v;
    }
    e.eyeAspectStd = std::sqrt(std::max(0.0, earSq / n - (earSum / n) * (earSum / n)));
    const double earMedian = median(ear);
    bool closed = false;
    for (double v : ear) {
        if (!closed && v < m_options.blinkRatio * earMedian) {
            closed = true;
            ++e.blinks;
        } else if (closed && v > 0.85 * earMedian) {
            closed = false;
        }
    }

    const double span = std::max(1e-9, m_options.liveMotion - m_options.stillMotion);
    e.score = std::clamp((e.microMotion - m_options.stillMotion) / span, 0.0, 1.0);
    if (e.blinks > 0) {
        e.score = std::max(e.score, 0.9);
    }
    e.reliability = LivenessReliability::Low;
    return e;
}

} // namespace portico::capture
