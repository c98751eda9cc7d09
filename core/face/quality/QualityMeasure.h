// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/FaceTypes.h"
#include "face/PromptId.h"
#include "face/quality/QualityLimits.h"

#include <opencv2/core.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace portico::face::quality {

/// @brief Which measure a result belongs to.
enum class MeasureId {
    Unknown = 0,
    FaceCount,
    InterEyeDistance,
    Yaw,
    Pitch,
    Roll,
    Sharpness,
    Brightness,
    Clipping,
    EyesOpen,
    Centred,
    InFrame,
};

/// @brief Stable identifier of a measure ("inter_eye_distance"), for logs and JSON.
std::string_view measureIdName(MeasureId id);

/// @brief What a measure looks at: the whole image, every detection and the chosen face with its landmarks.
struct QualityInput {
    cv::Mat bgr;                          ///< the whole image (8-bit BGR)
    std::vector<FaceBox> faces;           ///< every face found
    std::optional<FaceBox> face;          ///< the chosen subject
    std::optional<Landmarks68> landmarks; ///< landmarks of the chosen subject
};

/// @brief One measure's verdict.
struct MeasureResult {
    MeasureId id = MeasureId::Unknown;
    bool evaluated = false;           ///< false when the input lacks what the measure needs (then pass = false)
    double value = 0.0;               ///< the measured value (unit per measure, see docs/quality.md)
    double lowerLimit = 0.0;          ///< pass needs value ≥ lowerLimit (−inf when unused)
    double upperLimit = 0.0;          ///< pass needs value ≤ upperLimit (+inf when unused)
    bool pass = false;                ///< within the limits
    PromptId prompt = PromptId::None; ///< what to ask of the traveler when it fails; None when it passes
    double component = 0.0;           ///< contribution to the unified score, 0 (bad) .. 1 (comfortably good)
};

/// @brief One quality measure (OFIQ style): value, limits, pass/fail, prompt.
class QualityMeasure {
public:
    virtual ~QualityMeasure() = default;
    virtual MeasureId id() const = 0;
    virtual MeasureResult evaluate(const QualityInput& input, const QualityLimits& limits) const = 0;
};

/// @brief Linear ramp clamped to 0..1: 0 at @p bad, 1 at @p good (either order).
double ramp(double value, double bad, double good);
/// @brief A result for a measure that could not be evaluated (no face or no landmarks).
MeasureResult notEvaluated(MeasureId id, PromptId prompt);
/// @brief The inner face region (eyebrows to chin, between the outer eye corners) clipped to the image.
cv::Rect innerFaceRect(const Landmarks68& lm, const cv::Size& image);

} // namespace portico::face::quality
