// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/QualityMeasure.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace portico::face::quality {

std::string_view measureIdName(MeasureId id) {
    switch (id) {
    case MeasureId::Unknown:
        return "unknown";
    case MeasureId::FaceCount:
        return "face_count";
    case MeasureId::InterEyeDistance:
        return "inter_eye_distance";
    case MeasureId::Yaw:
        return "yaw";
    case MeasureId::Pitch:
        return "pitch";
    case MeasureId::Roll:
        return "roll";
    case MeasureId::Sharpness:
        return "sharpness";
    case MeasureId::Brightness:
        return "brightness";
    case MeasureId::Clipping:
        return "clipping";
    case MeasureId::EyesOpen:
        return "eyes_open";
    case MeasureId::Centred:
        return "centred";
    case MeasureId::InFrame:
        return "in_frame";
    }
    return "unknown";
}

double ramp(double value, double bad, double good) {
    if (bad == good) {
        return value >= good ? 1.0 : 0.0;
    }
    return std::clamp((value - bad) / (good - bad), 0.0, 1.0);
}

MeasureResult notEvaluated(MeasureId id, PromptId prompt) {
    MeasureResult r;
    r.id = id;
    r.evaluated = false;
    r.lowerLimit = -std::numeric_limits<double>::infinity();
    r.upperLimit = std::numeric_limits<double>::infinity();
    r.pass = false;
    r.prompt = prompt;
    r.component = 0.0;
    return r;
}

cv::Rect innerFaceRect(const Landmarks68& lm, const cv::Size& image) {
    // Eyebrows (17..26) down to the chin (8), between the outer eye corners (36, 45).
    float top = lm.points[19].y;
    for (int i = 17; i <= 26; ++i) {
        top = std::min(top, lm.points[static_cast<std::size_t>(i)].y);
    }
    const float bottom = lm.points[8].y;
    const float left = std::min(lm.points[36].x, lm.points[48].x);
    const float right = std::max(lm.points[45].x, lm.points[54].x);
    cv::Rect r(cv::Point(static_cast<int>(std::floor(left)), static_cast<int>(std::floor(top))),
               cv::Point(static_cast<int>(std::ceil(right)), static_cast<int>(std::ceil(bottom))));
    return r & cv::Rect(0, 0, image.width, image.height);
}

} // namespace portico::face::quality
