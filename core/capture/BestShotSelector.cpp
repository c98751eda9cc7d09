// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/BestShotSelector.h"

#include <utility>

namespace portico::capture {

std::string_view captureOutcomeName(CaptureOutcome outcome) {
    switch (outcome) {
    case CaptureOutcome::Unknown:
        return "unknown";
    case CaptureOutcome::AutoCaptured:
        return "auto";
    case CaptureOutcome::ManualCaptured:
        return "manual";
    case CaptureOutcome::FailureToAcquire:
        return "failure-to-acquire";
    }
    return "unknown";
}

BestShotSelector::BestShotSelector(BestShotOptions options) : m_options(options) {}

void BestShotSelector::begin(std::chrono::steady_clock::time_point now) {
    m_active = true;
    m_start = now;
    m_windowOpened.reset();
    m_bestPassing.reset();
    m_bestSeen.reset();
    m_observations = 0;
}

void BestShotSelector::cancel() {
    m_active = false;
    m_windowOpened.reset();
    m_bestPassing.reset();
    m_bestSeen.reset();
}

bool BestShotSelector::passes(const Observation& o) const {
    return o.gatePassed && o.qualityScore >= m_options.minQualityScore;
}

bool BestShotSelector::better(const Observation& a, const Observation& b) {
    // A face beats no face; then the higher score; ties go to the newer frame (>=).
    if (a.face.has_value() != b.face.has_value()) {
        return a.face.has_value();
    }
    return a.qualityScore >= b.qualityScore;
}

CaptureResult BestShotSelector::finish(CaptureOutcome outcome, const Candidate& c,
                                       std::chrono::steady_clock::time_point now) {
    CaptureResult r;
    r.outcome = outcome;
    r.frame = c.frame;
    r.observation = c.observation;
    r.timeToResultMs = std::chrono::duration<double, std::milli>(now - m_start).count();
    r.observations = m_observations;
    if (outcome == CaptureOutcome::FailureToAcquire) {
        r.failingMeasures = c.observation.failingMeasures();
        if (m_observations == 0) {
            // Not one frame was analysed: say so rather than report an empty list.
            r.failingMeasures.push_back(ObservedMeasure{"frames_analysed", 0.0, true, false, face::PromptId::NoFace});
        }
    }
    cancel();
    return r;
}

std::optional<CaptureResult> BestShotSelector::offer(const FramePtr& frame, const Observation& observation) {
    if (!m_active) {
        return std::nullopt;
    }
    ++m_observations;
    if (!m_bestSeen || better(observation, m_bestSeen->observation)) {
        m_bestSeen = Candidate{frame, observation};
    }
    if (passes(observation)) {
        if (!m_windowOpened) {
            m_windowOpened = observation.frameTime;
        }
        if (!m_bestPassing || better(observation, m_bestPassing->observation)) {
            m_bestPassing = Candidate{frame, observation};
        }
    }
    return poll(observation.frameTime);
}

std::optional<CaptureResult> BestShotSelector::poll(std::chrono::steady_clock::time_point now) {
    if (!m_active) {
        return std::nullopt;
    }
    if (m_windowOpened && m_bestPassing && now - *m_windowOpened >= m_options.window) {
        const Candidate best = *m_bestPassing;
        return finish(CaptureOutcome::AutoCaptured, best, now);
    }
    if (!m_windowOpened && now - m_start >= m_options.acquireTimeout) {
        const Candidate best = m_bestSeen ? *m_bestSeen : Candidate{};
        return finish(CaptureOutcome::FailureToAcquire, best, now);
    }
    return std::nullopt;
}

std::optional<CaptureResult> BestShotSelector::captureNow(std::chrono::steady_clock::time_point now) {
    if (m_bestPassing) {
        const Candidate best = *m_bestPassing;
        return finish(CaptureOutcome::ManualCaptured, best, now);
    }
    if (m_bestSeen && m_bestSeen->frame) {
        const Candidate best = *m_bestSeen;
        return finish(CaptureOutcome::ManualCaptured, best, now);
    }
    return std::nullopt;
}

} // namespace portico::capture
