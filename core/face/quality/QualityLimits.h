// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace portico::face::quality {

/// @brief Pass/fail limits of the quality measures. Defaults and definitions: docs/quality.md.
struct QualityLimits {
    double minInterEyePx = 40.0;   ///< distance between the eye centres, in image pixels
    double maxYawDeg = 25.0;       ///< |yaw| (head turned left/right)
    double maxPitchDeg = 25.0;     ///< |pitch| (head up/down)
    double maxRollDeg = 20.0;      ///< |roll| (head tilted sideways)
    double minSharpness = 500.0;   ///< variance of the Laplacian of the inner face resampled to 40 px between the eyes
    double minBrightness = 60.0;   ///< mean grey level (0..255) of the inner face
    double maxBrightness = 200.0;  ///< mean grey level (0..255) of the inner face
    double maxClippedShare = 0.15; ///< share of inner-face pixels at ≤ 5 or ≥ 250
    double minEyeAspectRatio = 0.15; ///< mean eye aspect ratio of both eyes (closed ≈ 0.1, open ≈ 0.25..0.35)
    double maxCentreOffset = 0.5;    ///< face-centre offset from the image centre, as a share of half the size
    double minInFrame = 0.97;        ///< share of the padded face region inside the image
};

} // namespace portico::face::quality
