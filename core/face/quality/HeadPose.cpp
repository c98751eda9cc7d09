// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/HeadPose.h"

#include <opencv2/calib3d.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace portico::face::quality {
namespace {
constexpr double kDeg = 180.0 / std::numbers::pi;
}

const std::vector<cv::Point3d>& headPoseModelPoints() {
    // The widely used generic face (nose tip at the origin), with y pointing down and z away from the camera.
    static const std::vector<cv::Point3d> pts{
        {0.0, 0.0, 0.0},         // 30 nose tip
        {0.0, 330.0, 65.0},      // 8 chin
        {-225.0, -170.0, 135.0}, // 36 outer corner of the image-left eye
        {225.0, -170.0, 135.0},  // 45 outer corner of the image-right eye
        {-150.0, 150.0, 125.0},  // 48 image-left mouth corner
        {150.0, 150.0, 125.0},   // 54 image-right mouth corner
    };
    return pts;
}

const std::vector<int>& headPoseLandmarkIndices() {
    static const std::vector<int> idx{30, 8, 36, 45, 48, 54};
    return idx;
}

cv::Vec3d headPoseToRvec(const HeadPose& pose) {
    const double y = pose.yawDeg / kDeg;
    const double p = pose.pitchDeg / kDeg;
    const double r = pose.rollDeg / kDeg;
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(p), -std::sin(p), 0, std::sin(p), std::cos(p));
    const cv::Matx33d ry(std::cos(y), 0, std::sin(y), 0, 1, 0, -std::sin(y), 0, std::cos(y));
    const cv::Matx33d rz(std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1);
    const cv::Matx33d rot = rz * ry * rx;
    cv::Vec3d rvec;
    cv::Rodrigues(rot, rvec);
    return rvec;
}

Result<HeadPose> estimateHeadPose(const Landmarks68& landmarks, const cv::Size& imageSize) {
    if (imageSize.width <= 0 || imageSize.height <= 0) {
        return makeError(ErrorCode::InvalidArgument, "head pose needs a non-empty image size");
    }
    std::vector<cv::Point2d> img;
    for (int i : headPoseLandmarkIndices()) {
        const auto& p = landmarks.points[static_cast<std::size_t>(i)];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            return makeError(ErrorCode::InvalidArgument, "landmark " + std::to_string(i) + " is not finite");
        }
        img.emplace_back(p.x, p.y);
    }
    const double eyeSpan = cv::norm(img[3] - img[2]);
    if (!(eyeSpan > 1.0)) {
        return makeError(ErrorCode::InvalidArgument, "degenerate landmarks: eye corners coincide");
    }
    const double f = std::max(imageSize.width, imageSize.height);
    const cv::Matx33d cam(f, 0, imageSize.width / 2.0, 0, f, imageSize.height / 2.0, 0, 0, 1);
    // Start from a frontal face at the distance its eye span implies: keeps the iterative solver on the right
    // side of the mirror ambiguity.
    cv::Vec3d rvec(0, 0, 0);
    const double z = f * 450.0 / eyeSpan;
    cv::Vec3d tvec((img[0].x - cam(0, 2)) * z / f, (img[0].y - cam(1, 2)) * z / f, z);
    try {
        if (!cv::solvePnP(headPoseModelPoints(), img, cam, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE)) {
            return makeError(ErrorCode::InvalidArgument, "head pose: solvePnP found no solution");
        }
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InvalidArgument, std::string("head pose failed: ") + e.what());
    }
    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    HeadPose pose;
    pose.yawDeg = std::asin(std::clamp(-r(2, 0), -1.0, 1.0)) * kDeg;
    pose.pitchDeg = std::atan2(r(2, 1), r(2, 2)) * kDeg;
    pose.rollDeg = std::atan2(r(1, 0), r(0, 0)) * kDeg;
    return pose;
}

} // namespace portico::face::quality
