// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/Aligner.h"
#include "FaceTestImages.h"

#include <catch2/catch.hpp>

#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>

using portico::face::Aligner;
using portico::face::Landmarks68;

namespace {
// dlib's mean face point for landmark 36 (outer corner of the image-left eye) and 45, unit square.
const cv::Point2d kMean36(0.121737, 0.216423);
const cv::Point2d kMean45(0.858516, 0.216423);

cv::Point2d chipPoint(const cv::Point2d& unit, double size = 150, double pad = 0.25) {
    return {(pad + unit.x) / (2 * pad + 1) * size, (pad + unit.y) / (2 * pad + 1) * size};
}

cv::Point2d apply(const cv::Mat& m, const cv::Point2f& p) {
    return {m.at<double>(0, 0) * p.x + m.at<double>(0, 1) * p.y + m.at<double>(0, 2),
            m.at<double>(1, 0) * p.x + m.at<double>(1, 1) * p.y + m.at<double>(1, 2)};
}
} // namespace

TEST_CASE("aligner is invariant to moving, turning and scaling the face", "[unit]") {
    // Moving the landmarks by a similarity (scale 2.5, rotation 20°, translation) must not move anything in the
    // chip: the chip transform absorbs it exactly.
    const Aligner aligner;
    const double a = 20.0 * CV_PI / 180.0;
    const double s = 2.5;
    const cv::Mat fwd =
        (cv::Mat_<double>(2, 3) << s * std::cos(a), -s * std::sin(a), 300, s * std::sin(a), s * std::cos(a), 120);
    Landmarks68 face;
    for (std::size_t i = 0; i < 68; ++i) {
        face.points[i] =
            cv::Point2f(static_cast<float>(i % 9) * 10.f + static_cast<float>(i % 4), static_cast<float>(i / 9) * 10.f);
    }
    Landmarks68 moved;
    for (std::size_t i = 0; i < 68; ++i) {
        const cv::Point2d q = apply(fwd, face.points[i]);
        moved.points[i] = cv::Point2f(static_cast<float>(q.x), static_cast<float>(q.y));
    }
    auto t0 = aligner.chipTransform(face);
    auto t1 = aligner.chipTransform(moved);
    REQUIRE(t0.ok());
    REQUIRE(t1.ok());
    for (std::size_t i = 0; i < 68; ++i) {
        const cv::Point2d c0 = apply(t0.value(), face.points[i]);
        const cv::Point2d c1 = apply(t1.value(), moved.points[i]);
        CHECK(cv::norm(c0 - c1) < 1e-3);
    }
    const double s0 = std::hypot(t0->at<double>(0, 0), t0->at<double>(0, 1));
    const double s1 = std::hypot(t1->at<double>(0, 0), t1->at<double>(0, 1));
    CHECK(s0 / s1 == Approx(s).epsilon(1e-6));
}

TEST_CASE("aligner puts a real face's eyes where dlib's template has them", "[unit]") {
    const auto photos = portico::test::cleanDevPhotos(3);
    const Aligner aligner;
    for (const auto& img : photos) {
        auto a = portico::test::sharedPipeline().analyse(img);
        REQUIRE(a.ok());
        auto m = aligner.chipTransform(a->landmarks);
        REQUIRE(m.ok());
        const cv::Point2d l = apply(m.value(), a->landmarks.points[36]);
        const cv::Point2d r = apply(m.value(), a->landmarks.points[45]);
        // Least squares over 33 points: the eye corners land within a few pixels of the template's.
        CHECK(cv::norm(l - chipPoint(kMean36)) < 6.0);
        CHECK(cv::norm(r - chipPoint(kMean45)) < 6.0);
        CHECK(std::abs(l.y - r.y) < 5.0); // eyes level in the chip
        auto chip = aligner.align(img, a->landmarks);
        REQUIRE(chip.ok());
        CHECK(chip->size() == cv::Size(150, 150));
        CHECK(chip->type() == CV_8UC3);
        CHECK(cv::mean(chip.value())[0] > 10.0); // not a black border crop
    }
}

TEST_CASE("aligner samples the image through its transform", "[unit]") {
    // A white dot at landmark 30's position in a large image must appear at the template's nose tip in the chip,
    // also when the face is far larger than the chip (the pre-shrink path).
    const Aligner aligner;
    for (double scale : {1.0, 6.0}) {
        Landmarks68 lm;
        for (std::size_t i = 0; i < 68; ++i) {
            lm.points[i] = cv::Point2f(static_cast<float>(100 + (i % 9) * 12 * scale),
                                       static_cast<float>(100 + (i / 9) * 12 * scale));
        }
        auto m = aligner.chipTransform(lm);
        REQUIRE(m.ok());
        cv::Mat inv;
        cv::invertAffineTransform(m.value(), inv);
        const cv::Point2d target(75, 75);
        const cv::Point2d src = apply(inv, cv::Point2f(75.f, 75.f));
        cv::Mat img(static_cast<int>(300 + 150 * scale * 2), static_cast<int>(300 + 150 * scale * 2), CV_8UC3,
                    cv::Scalar::all(0));
        cv::circle(img, cv::Point(static_cast<int>(std::lround(src.x)), static_cast<int>(std::lround(src.y))),
                   static_cast<int>(3 * scale), cv::Scalar::all(255), cv::FILLED);
        auto chip = aligner.align(img, lm);
        REQUIRE(chip.ok());
        cv::Mat grey;
        cv::cvtColor(chip.value(), grey, cv::COLOR_BGR2GRAY);
        cv::Point maxLoc;
        cv::minMaxLoc(grey, nullptr, nullptr, nullptr, &maxLoc);
        CHECK(cv::norm(cv::Point2d(maxLoc) - target) <= 2.0);
    }
}

TEST_CASE("aligner refuses degenerate input", "[unit]") {
    const Aligner aligner;
    Landmarks68 same; // all points at the origin
    CHECK(aligner.align(cv::Mat(100, 100, CV_8UC3, cv::Scalar::all(0)), same).code() ==
          portico::ErrorCode::InvalidArgument);
    CHECK(aligner.align(cv::Mat(), same).code() == portico::ErrorCode::InvalidArgument);
    Landmarks68 nan;
    nan.points[40].x = std::nanf("");
    CHECK(aligner.chipTransform(nan).code() == portico::ErrorCode::InvalidArgument);
    CHECK(aligner.boxCrop(cv::Mat(100, 100, CV_8UC3), cv::Rect2f(200, 200, 50, 50)).code() ==
          portico::ErrorCode::InvalidArgument);
    auto crop = aligner.boxCrop(cv::Mat(100, 100, CV_8UC3), cv::Rect2f(80, 10, 50, 40));
    REQUIRE(crop.ok());
    CHECK(crop->size() == cv::Size(20, 40)); // clipped to the image
}

TEST_CASE("ArcFace layout puts the eye centres, nose tip and mouth corners on InsightFace's 112x112 points", "[unit]") {
    // InsightFace's arcface_dst, the points the ArcFace descriptor was trained on.
    const std::array<cv::Point2d, 5> dst{
        {{38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {41.5493, 92.3655}, {70.7299, 92.2041}}};
    // A face whose five points are exactly those points moved by a similarity (scale 3, rotation -15°, shift):
    // the chip transform must undo it, so each point lands on its reference to within float rounding.
    const double a = -15.0 * CV_PI / 180.0;
    const double s = 3.0;
    const cv::Mat fwd =
        (cv::Mat_<double>(2, 3) << s * std::cos(a), -s * std::sin(a), 410, s * std::sin(a), s * std::cos(a), 95);
    auto place = [&](const cv::Point2d& p) {
        const cv::Point2d q = apply(fwd, cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y)));
        return cv::Point2f(static_cast<float>(q.x), static_cast<float>(q.y));
    };
    Landmarks68 face;
    for (std::size_t i = 0; i < 68; ++i) {
        face.points[i] = place({56, 70}); // points the layout does not use
    }
    for (std::size_t i = 36; i <= 41; ++i) {
        face.points[i] = place(dst[0]) + cv::Point2f(i % 2 ? 2.f : -2.f, 0.f); // mean = the eye centre
    }
    for (std::size_t i = 42; i <= 47; ++i) {
        face.points[i] = place(dst[1]) + cv::Point2f(0.f, i % 2 ? 1.5f : -1.5f);
    }
    face.points[30] = place(dst[2]);
    face.points[48] = place(dst[3]);
    face.points[54] = place(dst[4]);

    const Aligner aligner = Aligner::arcFace();
    CHECK(aligner.size() == 112);
    CHECK(aligner.layout() == portico::face::ChipLayout::ArcFace);
    auto t = aligner.chipTransform(face);
    REQUIRE(t.ok());
    const std::array<cv::Point2f, 5> five{face.leftEyeCentre(), face.rightEyeCentre(), face.points[30], face.points[48],
                                          face.points[54]};
    for (std::size_t i = 0; i < 5; ++i) {
        CHECK(cv::norm(apply(t.value(), five[i]) - dst[i]) < 1e-3);
    }
    CHECK(std::hypot(t->at<double>(0, 0), t->at<double>(0, 1)) == Approx(1.0 / s).epsilon(1e-6));

    // The dlib layout of the same face is a different crop: the two are not interchangeable.
    auto d = Aligner().chipTransform(face);
    REQUIRE(d.ok());
    CHECK(cv::norm(apply(d.value(), five[0]) - dst[0]) > 1.0);

    // The chip itself is 112x112; a non-finite landmark is refused.
    cv::Mat img(600, 800, CV_8UC3, cv::Scalar(40, 90, 160));
    auto chip = aligner.align(img, face);
    REQUIRE(chip.ok());
    CHECK(chip->size() == cv::Size(112, 112));
    face.points[30].x = std::nanf("");
    CHECK_FALSE(aligner.chipTransform(face).ok());
}
