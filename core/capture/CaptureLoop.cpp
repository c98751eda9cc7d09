// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/CaptureLoop.h"

#include "common/Log.h"

#include <algorithm>
#include <exception>
#include <utility>

namespace portico::capture {

CaptureLoop::CaptureLoop(std::unique_ptr<FrameSource> source, const Clock& clock, CaptureHealth* health,
                         CaptureLoopOptions options)
    : m_source(std::move(source)), m_clock(clock), m_health(health), m_options(options) {
    m_info = m_source->info();
}

CaptureLoop::~CaptureLoop() {
    stop();
}

void CaptureLoop::setFrameCallback(FrameCallback callback) {
    std::lock_guard lock(m_mutex);
    m_onFrame = std::move(callback);
}

void CaptureLoop::setStatusCallback(StatusCallback callback) {
    std::lock_guard lock(m_mutex);
    m_onStatus = std::move(callback);
}

void CaptureLoop::start() {
    std::lock_guard control(m_controlMutex);
    if (m_thread.joinable()) {
        return;
    }
    m_thread = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void CaptureLoop::stop() {
    std::lock_guard control(m_controlMutex);
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_waitCv.notify_all();
        m_thread.join();
        m_thread = std::jthread();
    }
    FramePtr last;
    {
        std::lock_guard lock(m_mutex);
        last = std::exchange(m_latest, nullptr);
    }
    m_slot.clear();
}

bool CaptureLoop::running() const {
    return m_thread.joinable();
}

FramePtr CaptureLoop::latest() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

SourceStatus CaptureLoop::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::string CaptureLoop::statusReason() const {
    std::lock_guard lock(m_mutex);
    return m_reason;
}

SourceInfo CaptureLoop::sourceInfo() const {
    std::lock_guard lock(m_mutex);
    return m_info;
}

double CaptureLoop::sourceFps() const {
    std::lock_guard lock(m_mutex);
    return m_fps;
}

void CaptureLoop::setStatus(SourceStatus status, const std::string& reason) {
    StatusCallback callback;
    {
        std::lock_guard lock(m_mutex);
        if (m_status == status && m_reason == reason) {
            return;
        }
        m_status = status;
        m_reason = reason;
        callback = m_onStatus;
    }
    if (status == SourceStatus::Disconnected) {
        log::get("capture")->warn("frame source {}: {}", sourceStatusName(status), reason);
    } else {
        log::get("capture")->info("frame source {}", sourceStatusName(status));
    }
    if (m_health) {
        m_health->statusChanged(status, reason);
    }
    if (callback) {
        callback(status, reason);
    }
}

bool CaptureLoop::waitFor(std::stop_token& stop, std::chrono::milliseconds duration) {
    std::unique_lock lock(m_waitMutex);
    m_waitCv.wait_for(lock, stop, duration, [] { return false; });
    return !stop.stop_requested();
}

void CaptureLoop::run(std::stop_token stop) {
    auto backoff = m_options.reconnectInitial;
    bool open = false;
    bool ended = false;
    while (!stop.stop_requested()) {
        if (!open) {
            setStatus(SourceStatus::Opening, {});
            Status opened = m_source->open();
            if (!opened) {
                setStatus(SourceStatus::Disconnected, opened.error().detail);
                m_reconnects.fetch_add(1);
                if (!waitFor(stop, backoff)) {
                    break;
                }
                backoff = std::min(backoff * 2, m_options.reconnectMax);
                continue;
            }
            open = true;
            {
                std::lock_guard lock(m_mutex);
                m_info = m_source->info();
                m_fps = m_source->nominalFps();
            }
            setStatus(SourceStatus::Streaming, {});
        }

        Result<std::optional<Frame>> read = makeError(ErrorCode::Unknown, "not read");
        try {
            read = m_source->read();
        } catch (const std::exception& e) {
            read = makeError(ErrorCode::IoError, std::string("frame source threw: ") + e.what());
        }
        if (!read) {
            m_source->close();
            open = false;
            setStatus(SourceStatus::Disconnected, read.error().detail);
            m_reconnects.fetch_add(1);
            if (!waitFor(stop, backoff)) {
                break;
            }
            backoff = std::min(backoff * 2, m_options.reconnectMax);
            continue;
        }
        backoff = m_options.reconnectInitial;
        if (!read.value().has_value()) {
            ended = true;
            break;
        }

        auto frame = std::make_shared<const Frame>(std::move(*read.value()));
        m_delivered.fetch_add(1);
        if (m_health) {
            m_health->frameDelivered(frame->capturedAt);
        }
        FrameCallback callback;
        FramePtr previous;
        {
            std::lock_guard lock(m_mutex);
            previous = std::exchange(m_latest, frame);
            callback = m_onFrame;
        }
        previous.reset();
        if (m_slot.put(frame) && m_health) {
            m_health->framesDropped(1);
        }
        if (callback) {
            callback(frame);
        }
    }
    m_source->close();
    setStatus(ended ? SourceStatus::EndOfStream : SourceStatus::Stopped, {});
}

} // namespace portico::capture
