// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/Frame.h"
#include "capture/Observation.h"

#include <string_view>
#include <vector>

namespace portico::capture {

/// @brief How an acquisition attempt ended.
enum class CaptureOutcome {
    Unknown = 0,
    AutoCaptured,     ///< the best gate-passing frame of the window, chosen automatically
    ManualCaptured,   ///< the officer pressed the capture key (the frame may fail the gate: see observation)
    FailureToAcquire, ///< no frame passed the gate in time; failingMeasures says why
};

/// @brief Stable name ("auto", "manual", "failure-to-acquire").
std::string_view captureOutcomeName(CaptureOutcome outcome);

/// @brief The end of one acquisition attempt. The frame's SourceInfo says whether it came from a live camera.
struct CaptureResult {
    CaptureOutcome outcome = CaptureOutcome::Unknown;
    FramePtr frame;              ///< the captured frame (for FailureToAcquire: the best frame seen, may be null)
    Observation observation;     ///< of that frame
    double timeToResultMs = 0.0; ///< acquisition start → this result
    int observations = 0;        ///< frames analysed during the attempt
    std::vector<ObservedMeasure> failingMeasures; ///< FailureToAcquire: what failed on the best frame seen
};

} // namespace portico::capture
