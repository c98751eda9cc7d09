// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/InFrameMeasure.h"

#include <algorithm>

namespace portico::face::quality {
namespace {
// The face region that must be visible: the landmarks' bounding box, raised by 25 % of its height for the
// forehead and widened by 10 % on each side; without landmarks, the detection box.
cv::Rect2d paddedFace(const QualityInput& input) {
    if (input.landmarks) {
        float x0 = input.landmarks->points[0].x;
        float x1 = x0;
        float y0 = input.landmarks->points[0].y;
        float y1 = y0;
        for (const auto& p : input.landmarks->points) {
            x0 = std::min(x0, p.x);
            x1 = std::max(x1, p.x);
            y0 = std::min(y0, p.y);
            y1 = std::max(y1, p.y);
        }
        const double w = x1 - x0;
        const double h = y1 - y0;
        return {x0 - 0.1 * w, y0 - 0.25 * h, 1.2 * w, 1.25 * h};
    }
    const auto& b = input.face->box;
    return {b.x, b.y, b.width, b.height};
}

// The detector clips boxes to the image: a face cut by the border shows as a box touching it.
bool touchesBorder(const cv::Rect2f& b, const cv::Size& s) {
    const float tol = 1.0f;
    return b.x <= tol || b.y <= tol || b.x + b.width >= static_cast<float>(s.width) - tol ||
           b.y + b.height >= static_cast<float>(s.height) - tol;
}
} // namespace

MeasureResult InFrameMeasure::evaluate(const QualityInput& input, const QualityLimits& limits) const {
    if (!input.face || input.bgr.empty()) {
        return notEvaluated(MeasureId::InFrame, PromptId::NoFace);
    }
    const cv::Rect2d face = paddedFace(input);
    const cv::Rect2d image(0, 0, input.bgr.cols, input.bgr.rows);
    const double area = face.area();
    double share = area > 0 ? (face & image).area() / area : 0.0;
    if (touchesBorder(input.face->box, input.bgr.size())) {
        // Count the face as partly out even when the landmarks were squeezed inside the clipped box.
        share = std::min(share, 0.9);
    }
    MeasureResult r;
    r.id = MeasureId::InFrame;
    r.evaluated = true;
    r.value = share;
    r.lowerLimit = limits.minInFrame;
    r.upperLimit = 1.0;
    r.pass = share >= limits.minInFrame;
    const bool tooLarge = face.width > 0.9 * image.width || face.height > 0.95 * image.height;
    r.prompt = r.pass ? PromptId::None : (tooLarge ? PromptId::MoveBack : PromptId::CentreFace);
    r.component = ramp(share, limits.minInFrame - 0.2, 1.0);
    return r;
}

} // namespace portico::face::quality
