// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "booth/BoothSession.h"
#include "booth/TravelerGallery.h"
#include "capture/AnalysisLoop.h"
#include "capture/CaptureHealth.h"
#include "capture/CaptureLoop.h"
#include "capture/FaceAnalyzer.h"
#include "match/Decider.h"

#include <atomic>
#include <functional>
#include <memory>

namespace portico::booth {

/// @brief The result of one acquisition at the lane: the evidence, the 1:N outcome and the candidates.
struct LaneCapture {
    capture::CaptureOutcome kind = capture::CaptureOutcome::Unknown;
    std::optional<CaptureEvidence> evidence; ///< absent on failure to acquire
    match::Outcome outcome;
    std::vector<match::Candidate> candidates; ///< best first (up to 5)
    cv::Mat chip;                             ///< the captured face, cropped for display (BGR)
    std::vector<capture::ObservedMeasure> failingMeasures;
};

/// @brief The square a face is shown in: centred on the face, 1.6 × its larger side (like a document photo), clipped
/// to the image. The booth's live chip and the review's live capture use it, so every photo shares one framing.
cv::Rect displayFrame(const cv::Rect2f& face, const cv::Size& image);

struct LaneOptions {
    capture::AnalysisLoopOptions analysis;
    std::size_t candidates = 5;
    std::string name; ///< the lane's label in its capture health (e.g. "1")
};

/// @brief One inspection lane's machinery: camera → newest-frame analysis → best shot → template → 1:N search
/// against the day's gallery → Outcome. Owns its threads (capture, analysis); reports through callbacks on those
/// threads, so a UI must re-post them to its own thread. Never decides: outcomes go to the officer.
class Lane {
public:
    struct Callbacks {
        std::function<void(const capture::FramePtr&)> frame;
        std::function<void(const capture::Observation&)> observation;
        std::function<void(const LaneCapture&)> captured;
        std::function<void(capture::SourceStatus, const std::string&)> sourceStatus;
    };

    /// @brief A lane on @p analyzer's face engine; @p gallery's templates must come from the same engine (a gallery
    /// of another model gives Unavailable outcomes, never a comparison across models).
    Lane(std::unique_ptr<capture::FrameSource> source, const capture::FaceAnalyzer& analyzer,
         const TravelerGallery& gallery, const match::ThresholdPolicy& policy, const Clock& clock,
         LaneOptions options = {});
    ~Lane();
    Lane(const Lane&) = delete;
    Lane& operator=(const Lane&) = delete;

    void setCallbacks(Callbacks callbacks);
    void start();
    void stop();
    /// @brief A traveler steps up: start an acquisition (auto capture on the best frame).
    void beginTraveler();
    /// @brief Stop acquiring and analysing at once (citizen opt-out): no further frame is analysed or captured
    /// until beginTraveler().
    void cancel();
    /// @brief Whether the lane is analysing frames (false after cancel() until beginTraveler()).
    bool analysing() const;
    /// @brief The officer's capture key.
    void captureNow();
    const capture::CaptureHealth& health() const { return m_health; }
    const capture::CaptureLoop& camera() const { return *m_camera; }

    /// @brief Turn a capture into evidence and an outcome (public for the headless simulator and tests).
    LaneCapture evaluate(const capture::CaptureResult& result) const;
    /// @brief One still frame as the analysis loop would see it (detection, landmarks, quality, the capture gate),
    /// then evaluate(): the headless simulator and the tests feed recorded frames without the camera threads.
    LaneCapture still(const cv::Mat& image) const;

private:
    const capture::FaceAnalyzer& m_analyzer;
    const TravelerGallery& m_gallery;
    match::Decider m_decider;
    const Clock& m_clock;
    LaneOptions m_options;
    capture::CaptureHealth m_health;
    mutable std::atomic<std::uint64_t> m_stillSequence{0};
    std::unique_ptr<capture::CaptureLoop> m_camera;
    std::unique_ptr<capture::AnalysisLoop> m_analysis;
    Callbacks m_callbacks;
};

} // namespace portico::booth
