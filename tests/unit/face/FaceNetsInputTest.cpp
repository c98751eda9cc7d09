// SPDX-License-Identifier: GPL-3.0-or-later
// Bad and unusual inputs to the networks: a clear result each, never a crash.
#include "FaceNetsFixture.h"

#include <catch2/catch.hpp>
#include <opencv2/imgproc.hpp>

#include <limits>

using namespace portico;

TEST_CASE("networks refuse empty and non-8-bit images with ImageInvalid", "[unit]") {
    const auto& nets = test::faceNets();
    const cv::Mat empty;
    const cv::Mat deep(100, 100, CV_16UC3, cv::Scalar::all(1000));
    for (const cv::Mat* m : {&empty, &deep}) {
        CHECK(nets.detector.detect(*m).code() == ErrorCode::ImageInvalid);
        CHECK(nets.landmarks.detect(*m, {10, 10, 50, 50}).code() == ErrorCode::ImageInvalid);
        CHECK(nets.embedder.embed(*m).code() == ErrorCode::ImageInvalid);
    }
}

TEST_CASE("grayscale and BGRA inputs give the same faces as BGR", "[unit]") {
    const auto& nets = test::faceNets();
    const auto images = test::goldenImages();
    const cv::Mat bgr = test::readGoldenImage(images.front()); // demo/sample1.jpg, three faces
    cv::Mat gray, grayBgr, bgra;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    cv::cvtColor(gray, grayBgr, cv::COLOR_GRAY2BGR);
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    auto fromBgr = nets.detector.detect(bgr);
    auto fromBgra = nets.detector.detect(bgra);
    REQUIRE(fromBgr.ok());
    REQUIRE(fromBgra.ok());
    REQUIRE(fromBgr->size() == fromBgra->size());
    REQUIRE_FALSE(fromBgr->empty());
    CHECK(fromBgr->front().box == fromBgra->front().box);
    auto fromGray = nets.detector.detect(gray);
    auto fromGrayBgr = nets.detector.detect(grayBgr);
    REQUIRE(fromGray.ok());
    REQUIRE(fromGrayBgr.ok());
    REQUIRE(fromGray->size() == fromGrayBgr->size());
    for (std::size_t i = 0; i < fromGray->size(); ++i)
        CHECK((*fromGray)[i].box == (*fromGrayBgr)[i].box);
}

TEST_CASE("no face, bad options and boxes outside the image are clear results", "[unit]") {
    const auto& nets = test::faceNets();
    const cv::Mat grey(480, 640, CV_8UC3, cv::Scalar::all(128));
    auto none = nets.detector.detect(grey);
    REQUIRE(none.ok());
    CHECK(none->empty());
    CHECK(nets.detector.detect(grey, 0.f).code() == ErrorCode::InvalidArgument);
    CHECK(nets.detector.detect(grey, 1.f).code() == ErrorCode::InvalidArgument);
    CHECK(nets.detector.detect(grey, 0.5f, 0).code() == ErrorCode::InvalidArgument);
    CHECK(nets.landmarks.detect(grey, {700, 10, 50, 50}).code() == ErrorCode::InvalidArgument);
    CHECK(nets.landmarks.detect(grey, {10, 10, 0, 50}).code() == ErrorCode::InvalidArgument);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    CHECK(nets.landmarks.detect(grey, {nan, 10, 50, 50}).code() == ErrorCode::InvalidArgument);
    // A box partly outside is clipped as face-api does, and gives points.
    auto partly = nets.landmarks.detect(grey, {600, 440, 100, 100});
    CHECK(partly.ok());
    // Tiny images still run (padded and resized up).
    const cv::Mat tiny(3, 5, CV_8UC3, cv::Scalar::all(90));
    CHECK(nets.detector.detect(tiny).ok());
    auto e = nets.embedder.embed(tiny);
    REQUIRE(e.ok());
    CHECK(e->values.size() == 128);
}
