// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/Aligner.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace portico::face {
namespace {
// dlib's mean face shape (dlib/image_transforms/interpolation.h), landmarks 17..67, in a unit square.
constexpr std::array<double, 51> kMeanX{
    0.000213256, 0.0752622, 0.18113,  0.29077,  0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,  0.490127,
    0.490127,    0.490127,  0.490127, 0.36688,  0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122, 0.265825,
    0.334606,    0.260918,  0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751,  0.719335, 0.254149, 0.340985,
    0.428858,    0.490127,  0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379,
    0.428096,    0.490127,  0.552157, 0.689874, 0.553364, 0.490127, 0.42689};
constexpr std::array<double, 51> kMeanY{
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454, 0.203352,
    0.307009, 0.409805, 0.515625,  0.587326,  0.609345,  0.628106,  0.609345,  0.587326,  0.216423, 0.178758, 0.179852,
    0.231733, 0.245099, 0.244077,  0.231733,  0.179852,  0.178758,  0.216423,  0.244077,  0.245099, 0.780233, 0.745405,
    0.727388, 0.742578, 0.727388,  0.745405,  0.780233,  0.864805,  0.902192,  0.909281,  0.902192, 0.864805, 0.784792,
    0.778746, 0.785343, 0.778746,  0.784792,  0.824182,  0.831803,  0.824182};

// InsightFace's reference points for a 112×112 ArcFace chip (arcface_dst in insightface/utils/face_align.py):
// left eye, right eye (image left/right), nose tip, left and right mouth corner.
constexpr std::array<double, 5> kArcFaceX{38.2946, 73.5318, 56.0252, 41.5493, 70.7299};
constexpr std::array<double, 5> kArcFaceY{51.6963, 51.5014, 71.7366, 92.3655, 92.2041};

bool usedByDlib(int i) {
    // dlib ignores the eyebrows (17..26) and the lower lip (55..59, 65..67).
    if (i >= 17 && i <= 26) {
        return false;
    }
    if ((i >= 55 && i <= 59) || (i >= 65 && i <= 67)) {
        return false;
    }
    return i >= 17 && i <= 67;
}

// Least-squares similarity transform (Umeyama 1991) mapping src onto dst: dst ≈ s R src + t.
bool similarity(const std::vector<cv::Point2d>& src, const std::vector<cv::Point2d>& dst, cv::Mat& out) {
    const auto n = static_cast<double>(src.size());
    cv::Point2d ms(0, 0);
    cv::Point2d md(0, 0);
    for (std::size_t i = 0; i < src.size(); ++i) {
        ms += src[i];
        md += dst[i];
    }
    ms *= 1.0 / n;
    md *= 1.0 / n;
    double varS = 0;
    // Covariance (dst × src^T) / n.
    double a = 0, b = 0, c = 0, d = 0;
    for (std::size_t i = 0; i < src.size(); ++i) {
        const cv::Point2d s = src[i] - ms;
        const cv::Point2d t = dst[i] - md;
        varS += s.dot(s);
        a += t.x * s.x;
        b += t.x * s.y;
        c += t.y * s.x;
        d += t.y * s.y;
    }
    varS /= n;
    if (!(varS > 1e-9)) {
        return false;
    }
    cv::Matx22d cov(a / n, b / n, c / n, d / n);
    cv::Mat w, u, vt;
    cv::SVD::compute(cv::Mat(cov), w, u, vt);
    cv::Matx22d S = cv::Matx22d::eye();
    if (cv::determinant(cv::Mat(cov)) < 0) {
        S(1, 1) = -1;
    }
    const cv::Matx22d U(u);
    const cv::Matx22d Vt(vt);
    const cv::Matx22d R = U * S * Vt;
    const double scale = (w.at<double>(0) * S(0, 0) + w.at<double>(1) * S(1, 1)) / varS;
    if (!(scale > 1e-9) || !std::isfinite(scale)) {
        return false;
    }
    const cv::Vec2d t = cv::Vec2d(md.x, md.y) - scale * (R * cv::Vec2d(ms.x, ms.y));
    out = (cv::Mat_<double>(2, 3) << scale * R(0, 0), scale * R(0, 1), t[0], scale * R(1, 0), scale * R(1, 1), t[1]);
    return true;
}
} // namespace

Aligner::Aligner(int size, double padding, ChipLayout layout) : m_size(size), m_padding(padding), m_layout(layout) {}

Result<cv::Mat> Aligner::chipTransform(const Landmarks68& landmarks) const {
    for (std::size_t i = 0; i < landmarks.points.size(); ++i) {
        const auto& p = landmarks.points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
            return makeError(ErrorCode::InvalidArgument, "landmark " + std::to_string(i) + " is not finite");
        }
    }
    std::vector<cv::Point2d> img;
    std::vector<cv::Point2d> chip;
    if (m_layout == ChipLayout::ArcFace) {
        const auto& p = landmarks.points;
        const std::array<cv::Point2f, 5> five{landmarks.leftEyeCentre(), landmarks.rightEyeCentre(), p[30], p[48],
                                              p[54]};
        const double k = static_cast<double>(m_size) / kArcFaceSize;
        for (std::size_t i = 0; i < five.size(); ++i) {
            img.emplace_back(five[i].x, five[i].y);
            chip.emplace_back(kArcFaceX[i] * k, kArcFaceY[i] * k);
        }
    }
    for (int i = 17; m_layout == ChipLayout::Dlib && i <= 67; ++i) {
        if (!usedByDlib(i)) {
            continue;
        }
        const auto& p = landmarks.points[static_cast<std::size_t>(i)];
        img.emplace_back(p.x, p.y);
        const auto k = static_cast<std::size_t>(i - 17);
        chip.emplace_back((m_padding + kMeanX[k]) / (2 * m_padding + 1) * m_size,
                          (m_padding + kMeanY[k]) / (2 * m_padding + 1) * m_size);
    }
    cv::Mat m;
    if (!similarity(img, chip, m)) {
        return makeError(ErrorCode::InvalidArgument, "degenerate landmarks: no similarity transform");
    }
    return m;
}

Result<cv::Mat> Aligner::align(const cv::Mat& bgr, const Landmarks68& landmarks) const {
    if (bgr.empty() || bgr.type() != CV_8UC3) {
        return makeError(ErrorCode::InvalidArgument, "align needs a non-empty 8-bit BGR image");
    }
    auto tr = chipTransform(landmarks);
    if (!tr) {
        return tr.error();
    }
    cv::Mat m = tr.value();
    try {
        // Image pixels per chip pixel. dlib downsamples with a pyramid before sampling a much smaller chip; do
        // the same with an area resize of the face's neighbourhood so the chip is not aliased.
        const double scale = std::hypot(m.at<double>(0, 0), m.at<double>(0, 1)); // chip px per image px
        const double shrink = 1.0 / scale;
        cv::Mat src = bgr;
        if (shrink > 2.0) {
            cv::Mat inv;
            cv::invertAffineTransform(m, inv);
            std::vector<cv::Point2f> corners{{0.f, 0.f},
                                             {static_cast<float>(m_size), 0.f},
                                             {0.f, static_cast<float>(m_size)},
                                             {static_cast<float>(m_size), static_cast<float>(m_size)}};
            std::vector<cv::Point2f> back;
            cv::transform(corners, back, inv);
            cv::Rect2f bound = cv::boundingRect(back);
            cv::Rect roi = cv::Rect(bound) & cv::Rect(0, 0, bgr.cols, bgr.rows);
            if (roi.width > 0 && roi.height > 0) {
                const double down = 1.5 / shrink; // leaves a 1.5× bilinear shrink for warpAffine
                cv::Mat small;
                cv::resize(bgr(roi), small, cv::Size(), down, down, cv::INTER_AREA);
                // chip = m * (roi.tl + p / down)  →  adjust the transform for the resized ROI.
                cv::Mat adj = (cv::Mat_<double>(3, 3) << 1.0 / down, 0, roi.x, 0, 1.0 / down, roi.y, 0, 0, 1);
                cv::Mat m3 = cv::Mat::eye(3, 3, CV_64F);
                m.copyTo(m3(cv::Rect(0, 0, 3, 2)));
                cv::Mat mm = m3 * adj;
                m = mm(cv::Rect(0, 0, 3, 2)).clone();
                src = small;
            }
        }
        cv::Mat chip;
        cv::warpAffine(src, chip, m, cv::Size(m_size, m_size), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                       cv::Scalar(0, 0, 0));
        return chip;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InvalidArgument, std::string("align failed: ") + e.what());
    }
}

Result<cv::Mat> Aligner::boxCrop(const cv::Mat& bgr, const cv::Rect2f& box) const {
    if (bgr.empty()) {
        return makeError(ErrorCode::InvalidArgument, "box crop of an empty image");
    }
    const cv::Rect r =
        cv::Rect(cv::Rect2f(std::floor(box.x), std::floor(box.y), std::round(box.width), std::round(box.height))) &
        cv::Rect(0, 0, bgr.cols, bgr.rows);
    if (r.width < 2 || r.height < 2) {
        return makeError(ErrorCode::InvalidArgument, "face box outside the image");
    }
    try {
        // DlibEmbedder pads this to a centred square and resizes it with TF's bilinear rule, as face-api does.
        return bgr(r).clone();
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::InvalidArgument, std::string("box crop failed: ") + e.what());
    }
}

} // namespace portico::face
