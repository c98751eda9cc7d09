// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/AnalysisLoop.h"

#include "common/Log.h"

#include <exception>
#include <utility>

namespace portico::capture {
namespace {
double msBetween(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
} // namespace

AnalysisLoop::AnalysisLoop(LatestFrameSlot& slot, Analyzer analyzer, const Clock& clock, CaptureHealth* health,
                           AnalysisLoopOptions options)
    : m_slot(slot), m_analyzer(std::move(analyzer)), m_clock(clock), m_health(health), m_options(options),
      m_selector(options.bestShot), m_liveness(options.liveness) {}

AnalysisLoop::~AnalysisLoop() {
    stop();
}

void AnalysisLoop::setObservationCallback(ObservationCallback callback) {
    std::lock_guard lock(m_mutex);
    m_onObservation = std::move(callback);
}

void AnalysisLoop::setCaptureCallback(CaptureCallback callback) {
    std::lock_guard lock(m_mutex);
    m_onCapture = std::move(callback);
}

void AnalysisLoop::start() {
    std::lock_guard control(m_controlMutex);
    if (m_thread.joinable()) {
        return;
    }
    m_thread = std::jthread([this](std::stop_token stop) { run(std::move(stop)); });
}

void AnalysisLoop::stop() {
    std::lock_guard control(m_controlMutex);
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_waitCv.notify_all();
        m_thread.join();
        m_thread = std::jthread();
    }
    FramePtr last;
    std::lock_guard lock(m_mutex);
    m_selector.cancel();
    m_liveness.reset();
    last = std::exchange(m_latestFrame, nullptr);
    m_latest.reset();
}

bool AnalysisLoop::running() const {
    return m_thread.joinable();
}

void AnalysisLoop::beginAcquisition() {
    std::lock_guard lock(m_mutex);
    m_held = false;
    m_selector.begin(m_clock.steadyNow());
}

void AnalysisLoop::cancelAcquisition() {
    std::lock_guard lock(m_mutex);
    m_selector.cancel();
}

void AnalysisLoop::hold() {
    FramePtr last;
    {
        std::lock_guard lock(m_mutex);
        m_held = true;
        m_selector.cancel();
        m_liveness.reset();
        m_latest.reset();
        last = std::exchange(m_latestFrame, nullptr);
    }
}

bool AnalysisLoop::held() const {
    std::lock_guard lock(m_mutex);
    return m_held;
}

bool AnalysisLoop::acquiring() const {
    std::lock_guard lock(m_mutex);
    return m_selector.active();
}

std::optional<CaptureResult> AnalysisLoop::captureNow() {
    std::optional<CaptureResult> result;
    {
        std::lock_guard lock(m_mutex);
        const auto now = m_clock.steadyNow();
        if (m_selector.active()) {
            result = m_selector.captureNow(now);
        }
        if (!result && m_latest && m_latestFrame) {
            CaptureResult r;
            r.outcome = CaptureOutcome::ManualCaptured;
            r.frame = m_latestFrame;
            r.observation = *m_latest;
            r.observations = 1;
            result = std::move(r);
            m_selector.cancel();
        }
    }
    if (result) {
        report(*result);
    }
    return result;
}

std::optional<Observation> AnalysisLoop::latestObservation() const {
    std::lock_guard lock(m_mutex);
    return m_latest;
}

std::uint64_t AnalysisLoop::analysed() const {
    std::lock_guard lock(m_mutex);
    return m_analysed;
}

void AnalysisLoop::report(const CaptureResult& result) {
    if (m_health) {
        if (result.outcome == CaptureOutcome::FailureToAcquire) {
            m_health->failureToAcquire();
        } else {
            m_health->captureSucceeded(result.timeToResultMs);
        }
    }
    CaptureCallback callback;
    {
        std::lock_guard lock(m_mutex);
        callback = m_onCapture;
    }
    if (callback) {
        callback(result);
    }
}

void AnalysisLoop::run(std::stop_token stop) {
    const auto minInterval = m_options.maxFps > 0.0 ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                          std::chrono::duration<double>(1.0 / m_options.maxFps))
                                                    : std::chrono::steady_clock::duration::zero();
    std::chrono::steady_clock::time_point lastStart{};
    auto log = log::get("capture");
    while (!stop.stop_requested()) {
        if (minInterval > std::chrono::steady_clock::duration::zero() && lastStart.time_since_epoch().count() != 0) {
            const auto due = lastStart + minInterval;
            std::unique_lock lock(m_waitMutex);
            m_waitCv.wait_until(lock, stop, due, [] { return false; });
            if (stop.stop_requested()) {
                break;
            }
        }
        FramePtr frame = m_slot.take(stop, std::chrono::milliseconds(100));
        if (!frame) {
            std::optional<CaptureResult> timedOut;
            {
                std::lock_guard lock(m_mutex);
                timedOut = m_selector.poll(m_clock.steadyNow());
            }
            if (timedOut) {
                report(*timedOut);
            }
            continue;
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_held) {
                continue; // dropped unseen: nothing of this traveler is analysed
            }
        }
        lastStart = std::chrono::steady_clock::now();

        const auto started = m_clock.steadyNow();
        Observation obs;
        try {
            obs = m_analyzer(*frame);
        } catch (const std::exception& e) {
            obs = Observation{};
            obs.analyzerError = e.what();
            log->warn("analyzer failed on a frame: {}", e.what());
        }
        const auto finished = m_clock.steadyNow();
        obs.frameSequence = frame->sequence;
        obs.frameTime = frame->capturedAt;
        obs.analysedAt = finished;
        obs.analysisMs = msBetween(started, finished);
        obs.latencyMs = msBetween(frame->capturedAt, finished);

        std::optional<CaptureResult> result;
        ObservationCallback callback;
        {
            std::lock_guard lock(m_mutex);
            if (m_held) {
                continue; // held while this frame was analysed: its result is dropped, nothing is kept
            }
            if (obs.landmarks) {
                m_liveness.add(obs.frameTime, *obs.landmarks);
            } else {
                m_liveness.reset();
            }
            obs.liveness = withModelScores(m_liveness.evidence(), obs.liveness); // keep the analyzer's model scores
            ++m_analysed;
            m_latest = obs;
            m_latestFrame = frame;
            result = m_selector.offer(frame, obs);
            callback = m_onObservation;
        }
        if (m_health) {
            m_health->frameAnalysed(finished, obs.latencyMs);
        }
        if (callback) {
            callback(obs, frame);
        }
        if (result) {
            report(*result);
        }
    }
}

} // namespace portico::capture
