// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FaceTypes.h"

#include <cmath>

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

Result<Embedding> normalisedEmbedding(std::string modelId, const std::vector<float>& raw) {
    double n2 = 0.0;
    for (float v : raw) {
        n2 += static_cast<double>(v) * v;
    }
    if (raw.empty() || !(n2 > 1e-20) || !std::isfinite(n2)) {
        return makeError(ErrorCode::Unknown, modelId + ": degenerate descriptor");
    }
    const double inv = 1.0 / std::sqrt(n2);
    Embedding e;
    e.modelId = std::move(modelId);
    e.values.reserve(raw.size());
    for (float v : raw) {
        e.values.push_back(static_cast<float>(v * inv));
    }
    return e;
}

Result<Embedding> averagedEmbedding(const Embedding& a, const Embedding& b) {
    if (a.modelId != b.modelId || a.values.size() != b.values.size()) {
        return makeError(ErrorCode::InvalidArgument, "cannot average descriptors of different models or sizes");
    }
    std::vector<float> sum(a.values.size());
    for (std::size_t i = 0; i < sum.size(); ++i) {
        sum[i] = a.values[i] + b.values[i];
    }
    return normalisedEmbedding(a.modelId, sum);
}

} // namespace portico::face
