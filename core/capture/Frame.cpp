// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/Frame.h"

#include <atomic>
#include <utility>

namespace portico::capture {
namespace {
std::atomic<std::int64_t> g_liveFrames{0};
} // namespace

Frame::Frame() {
    ++g_liveFrames;
}

Frame::Frame(cv::Mat img, std::uint64_t seq, std::chrono::steady_clock::time_point at, SourceInfo src,
             std::int64_t position)
    : image(std::move(img)), sequence(seq), capturedAt(at), source(std::move(src)), sourcePosition(position) {
    ++g_liveFrames;
}

Frame::Frame(const Frame& other)
    : image(other.image), sequence(other.sequence), capturedAt(other.capturedAt), source(other.source),
      sourcePosition(other.sourcePosition) {
    ++g_liveFrames;
}

Frame::Frame(Frame&& other) noexcept
    : image(std::move(other.image)), sequence(other.sequence), capturedAt(other.capturedAt),
      source(std::move(other.source)), sourcePosition(other.sourcePosition) {
    ++g_liveFrames;
}

Frame::~Frame() {
    --g_liveFrames;
}

std::int64_t Frame::liveCount() {
    return g_liveFrames.load();
}

} // namespace portico::capture
