// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/ErrorRates.h"
#include "eval/DetPlot.h"
#include "eval/Statistics.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <limits>

using portico::eval::ErrorRates;

namespace {
constexpr double kFail = -std::numeric_limits<double>::infinity();
}

TEST_CASE("separated scores have no errors", "[unit]") {
    const ErrorRates r({0.9, 0.8, 0.7, 0.6}, {0.1, 0.2, 0.3, 0.4});
    CHECK(r.eer() == 0.0);
    const auto op = r.atFmr(0.25);
    CHECK(op.fnmr == 0.0);
    CHECK(op.fmr == 0.25); // one false match allowed: the threshold sits just above 0.3 and admits only 0.4
    CHECK(op.threshold > 0.3);
}

TEST_CASE("equal error rate of overlapping scores", "[unit]") {
    // At t = 0.6: genuine 0.5 rejected (1/4), impostor 0.65 accepted (1/4).
    const ErrorRates r({0.5, 0.6, 0.7, 0.8}, {0.3, 0.4, 0.55, 0.65});
    CHECK(r.eer() == Approx(0.25));
    CHECK(r.fmrAt(0.6) == Approx(0.25));
    CHECK(r.fnmrAt(0.6) == Approx(0.25));
    // Interpolated crossing: genuine {1,3}, impostor {2,4}: t=2 → fmr 1, fnmr .5; t=3 → fmr .5, fnmr .5.
    const ErrorRates s({1, 3}, {2, 4});
    CHECK(s.eer() == Approx(0.5));
    // Between t = 0.5 (FMR .5, FNMR 0) and t = 0.6 (FMR .5, FNMR 1) the rates cross at 0.5.
    const ErrorRates u({0.5}, {0.4, 0.6});
    CHECK(u.eer() == Approx(0.5));
}

TEST_CASE("FNMR at a fixed FMR picks the lowest admissible threshold", "[unit]") {
    std::vector<double> imp;
    for (int i = 0; i < 1000; ++i) {
        imp.push_back(i / 1000.0); // 0.000 .. 0.999
    }
    const ErrorRates r({0.95, 0.9895, 0.995, 1.0, kFail}, imp);
    const auto op = r.atFmr(1e-2); // 10 false matches allowed: impostors ≥ t are 0.990..0.999
    CHECK(op.resolved);
    CHECK(op.fmr == Approx(0.01));
    CHECK(op.threshold > 0.989);
    CHECK(op.threshold < 0.9895);
    CHECK(op.fnmr == Approx(2.0 / 5.0)); // 0.95 and the failure to enrol
    const auto tight = r.atFmr(1e-3);    // 1 allowed: only 0.999
    CHECK(tight.fmr == Approx(0.001));
    CHECK(tight.fnmr == Approx(4.0 / 5.0)); // 0.95, 0.9895, 0.995 (< 0.999...) and the failure
    const auto unresolved = r.atFmr(1e-4);  // below 1/1000: no false match allowed at all
    CHECK_FALSE(unresolved.resolved);
    CHECK(unresolved.fmr == 0.0);
    CHECK(unresolved.threshold > 0.999);
    CHECK(unresolved.fnmr == Approx(4.0 / 5.0));
}

TEST_CASE("failures to enrol count as non-matches", "[unit]") {
    // Half the genuine comparisons failed to enrol: FNMR never drops below 1/2; EER is 1/2.
    const ErrorRates r({kFail, 0.9}, {0.1, 0.2, 0.3, kFail});
    CHECK(r.fnmrAt(0.0) == Approx(0.5));
    CHECK(r.fmrAt(-1.0) == Approx(0.75)); // the failed impostor never matches
    CHECK(r.eer() == Approx(0.5));
    CHECK(r.atFmr(1e-2).fnmr == Approx(0.5));
}

TEST_CASE("quantiles and medians", "[unit]") {
    CHECK(portico::eval::median({3, 1, 2}) == 2.0);
    CHECK(portico::eval::median({4, 1, 2, 3}) == 2.5);
    CHECK(portico::eval::quantile({0, 10}, 0.95) == Approx(9.5));
    CHECK(std::isnan(portico::eval::median({})));
}

TEST_CASE("DET plot is drawn with its curve and operating points", "[unit]") {
    std::vector<double> gen, imp;
    for (int i = 0; i < 200; ++i) {
        gen.push_back(0.5 + i / 400.0);
        imp.push_back(i / 300.0);
    }
    const ErrorRates r(gen, imp);
    const std::vector<portico::eval::OperatingPoint> ops{r.atFmr(1e-2), r.atFmr(1e-3)};
    const cv::Mat img = portico::eval::drawDet(r, ops, "test");
    REQUIRE(img.type() == CV_8UC3);
    // Curve colour (BGR 200,80,0) and operating-point colour (0,0,220) are both present.
    int curve = 0, marks = 0;
    for (int y = 0; y < img.rows; ++y) {
        for (int x = 0; x < img.cols; ++x) {
            const cv::Vec3b p = img.at<cv::Vec3b>(y, x);
            curve += (p == cv::Vec3b(200, 80, 0)) ? 1 : 0;
            marks += (p == cv::Vec3b(0, 0, 220)) ? 1 : 0;
        }
    }
    CHECK(curve > 50);
    CHECK(marks > 10);
    portico::test::TempDir tmp;
    const auto png = tmp.path() / "det.png";
    REQUIRE(portico::eval::writeDetPng(png, r, ops, "test").ok());
    CHECK(cv::imread(png.string()).size() == img.size());
    CHECK_FALSE(portico::eval::writeDetPng(tmp.path() / "no" / "such" / "dir.png", r, ops, "t").ok());
}
