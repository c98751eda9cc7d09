// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

namespace portico::face::quality {

/// @brief Head orientation in degrees. Camera axes: x right, y down, z away from the camera; a frontal face is
/// (0, 0, 0). R = Rz(roll) · Ry(yaw) · Rx(pitch).
struct HeadPose {
    double yawDeg = 0.0;   ///< + turned towards image right
    double pitchDeg = 0.0; ///< rotation about the image x axis
    double rollDeg = 0.0;  ///< + tilted clockwise in the image
};

/// @brief Head pose from six landmarks (nose tip, chin, outer eye corners, mouth corners) and a generic 3D face
/// via cv::solvePnP; the camera is a pinhole with focal length = the larger image side, centred.
Result<HeadPose> estimateHeadPose(const Landmarks68& landmarks, const cv::Size& imageSize);

/// @brief The generic 3D model points used (same order as headPoseLandmarkIndices()), in the camera axes above.
const std::vector<cv::Point3d>& headPoseModelPoints();
/// @brief Landmark indices matched to headPoseModelPoints(): 30, 8, 36, 45, 48, 54.
const std::vector<int>& headPoseLandmarkIndices();
/// @brief Rotation vector (Rodrigues) for a pose, in the convention above (used by tests and synthesis).
cv::Vec3d headPoseToRvec(const HeadPose& pose);

} // namespace portico::face::quality
