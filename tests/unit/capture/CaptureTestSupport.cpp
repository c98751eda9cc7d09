// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaptureTestSupport.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <thread>

namespace portico::capture::test {

Status FakeSource::open() {
    ++m_opens;
    if (m_unplugged) {
        return makeError(ErrorCode::NotFound, "fake device not present (unplugged)");
    }
    m_open = true;
    return {};
}

Result<std::optional<Frame>> FakeSource::read() {
    if (m_unplugged || !m_open) {
        return makeError(ErrorCode::IoError, "fake device read failed (unplugged)");
    }
    const auto limit = m_limit.load();
    if (limit != 0 && m_produced.load() >= limit) {
        return std::optional<Frame>{};
    }
    if (m_delay.count() > 0) {
        std::this_thread::sleep_for(m_delay);
    }
    const auto n = m_produced++;
    cv::Mat image(m_size, CV_8UC3, cv::Scalar(static_cast<double>(n % 256), 0, 0));
    return std::optional<Frame>(Frame(std::move(image), n, m_clock.steadyNow(), info(), static_cast<std::int64_t>(n)));
}

SourceInfo FakeSource::info() const {
    SourceInfo s;
    s.kind = SourceKind::Camera;
    s.driver = "fake";
    s.path = "/dev/fake0";
    return s;
}

cv::UMatData* CountingMatAllocator::allocate(int dims, const int* sizes, int type, void* data, size_t* step,
                                             cv::AccessFlag flags, cv::UMatUsageFlags usageFlags) const {
    cv::UMatData* u = cv::Mat::getStdAllocator()->allocate(dims, sizes, type, data, step, flags, usageFlags);
    if (u) {
        u->currAllocator = this;
        const auto now = ++m_live;
        auto peak = m_peak.load();
        while (now > peak && !m_peak.compare_exchange_weak(peak, now)) {
        }
    }
    return u;
}

bool CountingMatAllocator::allocate(cv::UMatData* data, cv::AccessFlag accessflags,
                                    cv::UMatUsageFlags usageFlags) const {
    return cv::Mat::getStdAllocator()->allocate(data, accessflags, usageFlags);
}

void CountingMatAllocator::deallocate(cv::UMatData* data) const {
    if (data) {
        --m_live;
        cv::Mat::getStdAllocator()->deallocate(data);
    }
}

namespace {
CountingMatAllocator& countingAllocator() {
    static CountingMatAllocator allocator; // outlives every Mat it allocated
    return allocator;
}
} // namespace

namespace {
cv::MatAllocator* g_previousAllocator = nullptr;
} // namespace

ScopedMatCounting::ScopedMatCounting() {
    countingAllocator().resetPeak();
    g_previousAllocator = cv::Mat::getDefaultAllocator();
    cv::Mat::setDefaultAllocator(&countingAllocator());
}

ScopedMatCounting::~ScopedMatCounting() {
    cv::Mat::setDefaultAllocator(g_previousAllocator ? g_previousAllocator : cv::Mat::getStdAllocator());
}

const CountingMatAllocator& ScopedMatCounting::counter() const {
    return countingAllocator();
}

CountingMatAllocator& ScopedMatCounting::counter() {
    return countingAllocator();
}

int processThreadCount() {
    int n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
        ++n;
    }
    return n;
}

Observation sharpnessAnalyzer(const Frame& frame) {
    Observation obs;
    cv::Mat grey;
    cv::cvtColor(frame.image, grey, cv::COLOR_BGR2GRAY);
    const cv::Rect centre(grey.cols / 4, grey.rows / 4, grey.cols / 2, grey.rows / 2);
    cv::Mat lap;
    cv::Laplacian(grey(centre), lap, CV_64F);
    cv::Scalar mean;
    cv::Scalar stddev;
    cv::meanStdDev(lap, mean, stddev);
    const double sharpness = stddev[0] * stddev[0];
    const double brightness = cv::mean(grey(centre))[0];
    obs.faceCount = 1;
    obs.face = face::FaceBox{cv::Rect2f(centre), 1.f};
    obs.measures.push_back(ObservedMeasure{"sharpness", sharpness, true, sharpness >= 40.0, face::PromptId::HoldStill});
    obs.measures.push_back(ObservedMeasure{"brightness", brightness, true, brightness >= 60.0 && brightness <= 200.0,
                                           brightness < 60.0 ? face::PromptId::MoreLight : face::PromptId::LessLight});
    for (auto& m : obs.measures) {
        if (m.pass) {
            m.prompt = face::PromptId::None;
        }
    }
    obs.gatePassed = obs.measures[0].pass && obs.measures[1].pass;
    obs.prompt = obs.gatePassed ? face::PromptId::None
                                : (!obs.measures[1].pass ? obs.measures[1].prompt : obs.measures[0].prompt);
    // Score: sharpness on a log scale, only meaningful between the frames of one replay.
    obs.qualityScore = std::min(100.0, 20.0 * std::log10(1.0 + sharpness)) * (obs.measures[1].pass ? 1.0 : 0.5);
    return obs;
}

} // namespace portico::capture::test
