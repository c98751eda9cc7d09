// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/AnalysisLoop.h"
#include "capture/FrameSource.h"

#include <opencv2/core.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace portico::capture::test {

/// @brief A scripted frame source: small synthetic frames as fast as asked, with "unplug" and "replug" on demand.
class FakeSource final : public FrameSource {
public:
    explicit FakeSource(const Clock& clock, cv::Size size = {64, 48}) : m_clock(clock), m_size(size) {}

    Status open() override;
    Result<std::optional<Frame>> read() override;
    void close() override { m_open = false; }
    SourceInfo info() const override;
    double nominalFps() const override { return 0.0; }

    /// @brief The device disappears: reads fail and open() fails until replug().
    void unplug() { m_unplugged = true; }
    void replug() { m_unplugged = false; }
    /// @brief After this many frames in total, report the end of the stream (0 = endless).
    void setFrameLimit(std::uint64_t limit) { m_limit = limit; }
    /// @brief Sleep this long in each read (0 = none).
    void setReadDelay(std::chrono::microseconds d) { m_delay = d; }

    std::uint64_t opens() const { return m_opens.load(); }
    std::uint64_t produced() const { return m_produced.load(); }

private:
    const Clock& m_clock;
    cv::Size m_size;
    std::atomic<bool> m_unplugged{false};
    std::atomic<std::uint64_t> m_limit{0};
    std::atomic<std::uint64_t> m_opens{0};
    std::atomic<std::uint64_t> m_produced{0};
    std::chrono::microseconds m_delay{0};
    bool m_open = false;
};

/// @brief Counts live cv::Mat buffers (UMatData) allocated through it, delegating to OpenCV's standard allocator.
class CountingMatAllocator final : public cv::MatAllocator {
public:
    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data, size_t* step, cv::AccessFlag flags,
                           cv::UMatUsageFlags usageFlags) const override;
    bool allocate(cv::UMatData* data, cv::AccessFlag accessflags, cv::UMatUsageFlags usageFlags) const override;
    void deallocate(cv::UMatData* data) const override;

    std::int64_t live() const { return m_live.load(); }
    std::int64_t peak() const { return m_peak.load(); }
    void resetPeak() { m_peak = m_live.load(); }

private:
    mutable std::atomic<std::int64_t> m_live{0};
    mutable std::atomic<std::int64_t> m_peak{0};
};

/// @brief Installs a CountingMatAllocator as OpenCV's default for its lifetime.
class ScopedMatCounting {
public:
    ScopedMatCounting();
    ~ScopedMatCounting();
    const CountingMatAllocator& counter() const;
    CountingMatAllocator& counter();
};

/// @brief Threads of this process (/proc/self/task).
int processThreadCount();

/// @brief An honest image-only analyzer for tests: sharpness (variance of the Laplacian of the centre) and
/// brightness (mean grey of the centre), gated like the face engine's limits. No face detection.
Observation sharpnessAnalyzer(const Frame& frame);

} // namespace portico::capture::test
