// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FaceTypes.h"

namespace portico::face {
namespace {
cv::Point2f mean(const std::array<cv::Point2f, 68>& p, int from, int to) {
    cv::Point2f sum(0.f, 0.f);
    for (int i = from; i <= to; ++i) {
        sum += p[static_cast<std::size_t>(i)];
    }
    return sum * (1.f / static_cast<float>(to - from + 1));
}
} // namespace

cv::Point2f Landmarks68::leftEyeCentre() const {
    return mean(points, 36, 41);
}
cv::Point2f Landmarks68::rightEyeCentre() const {
    return mean(points, 42, 47);
}

} // namespace portico::face
