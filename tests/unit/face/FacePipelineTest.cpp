// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FacePipeline.h"
#include "FaceTestImages.h"
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using portico::ErrorCode;
using portico::face::DetectionPath;
using portico::face::FaceBox;
using portico::face::FacePipeline;
using portico::face::PromptId;
using portico::test::sharedPipeline;

TEST_CASE("pipeline turns a real photo into a template", "[unit]") {
    const auto photos = portico::test::devPhotos();
    auto a = sharedPipeline().analyseFile(photos.front());
    REQUIRE(a.ok());
    CHECK(a->faces.size() >= 1);
    CHECK(a->aligned.size() == cv::Size(112, 112));
    CHECK(a->faceTemplate.dimension() == 512);
    CHECK(a->faceTemplate.modelId() == "faceplugin-0.0.1/fr_feature");
    CHECK(a->faceTemplate.modelId() == sharedPipeline().modelId());
    CHECK(a->times.detect > 0);
    CHECK(a->times.embed > 0);
    CHECK(a->times.total >= a->times.detect + a->times.embed);
    CHECK(a->quality.measures.size() == 11);
    // The landmarks lie in the subject's box (with a margin).
    const cv::Rect2f box = a->subjectBox().box;
    const cv::Point2f nose = a->landmarks.points[30];
    CHECK(nose.x > box.x - 0.2f * box.width);
    CHECK(nose.x < box.x + 1.2f * box.width);
}

TEST_CASE("pipeline scores the same person above different people", "[unit]") {
    const auto photos = portico::test::devPhotos(); // sorted: identity/1..5
    auto a1 = sharedPipeline().analyseFile(photos[0]);
    auto a2 = sharedPipeline().analyseFile(photos[1]);
    auto b1 = sharedPipeline().analyseFile(photos[5]);
    REQUIRE(photos[0].parent_path() == photos[1].parent_path());
    REQUIRE(photos[0].parent_path() != photos[5].parent_path());
    REQUIRE(a1.ok());
    REQUIRE(a2.ok());
    REQUIRE(b1.ok());
    auto genuine = portico::face::compare(a1->faceTemplate, a2->faceTemplate);
    auto impostor = portico::face::compare(a1->faceTemplate, b1->faceTemplate);
    REQUIRE(genuine.ok());
    REQUIRE(impostor.ok());
    CHECK(genuine.value() > impostor.value() + 0.3f);
    // ArcFace impostor scores centre near 0; the dev calibration puts FMR 1e-3 at a cosine of 0.38.
    CHECK(genuine.value() > 0.5f);
}

TEST_CASE("pipeline gives clear results for bad input", "[unit]") {
    const auto& p = sharedPipeline();
    SECTION("no face") {
        cv::Mat grey(480, 640, CV_8UC3, cv::Scalar::all(128));
        CHECK(p.analyse(grey).code() == ErrorCode::NoFace);
        cv::Mat noise(480, 640, CV_8UC3);
        cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
        CHECK(p.analyse(noise).code() == ErrorCode::NoFace);
    }
    SECTION("empty and odd matrices") {
        CHECK(p.analyse(cv::Mat()).code() == ErrorCode::ImageInvalid);
        CHECK(p.analyse(cv::Mat(10, 10, CV_32FC3)).code() == ErrorCode::ImageInvalid);
        CHECK(p.analyse(cv::Mat(10, 10, CV_8UC2)).code() == ErrorCode::ImageInvalid);
        CHECK(p.analyse(cv::Mat(1, 1, CV_8UC3, cv::Scalar::all(0))).code() == ErrorCode::NoFace);
    }
    SECTION("unreadable bytes and missing files") {
        const std::vector<std::uint8_t> junk(1000, 0x42);
        CHECK(p.analyseBytes(junk).code() == ErrorCode::Unsupported);
        CHECK(p.analyseFile("/nonexistent/x.jpg").code() == ErrorCode::NotFound);
    }
    SECTION("grayscale photo") {
        const auto photos = portico::test::cleanDevPhotos(1);
        cv::Mat grey;
        cv::cvtColor(photos[0], grey, cv::COLOR_BGR2GRAY);
        auto a = p.analyse(grey);
        REQUIRE(a.ok());
        CHECK(a->faceTemplate.dimension() == 512);
        std::vector<std::uint8_t> jpg;
        REQUIRE(cv::imencode(".jpg", grey, jpg));
        CHECK(p.analyseBytes(jpg).ok());
    }
}

TEST_CASE("pipeline picks the larger, central face and reports several faces", "[unit]") {
    const auto photos = portico::test::cleanDevPhotos(2);
    // Tile: the second photo at 60 % size beside the first.
    cv::Mat small;
    cv::resize(photos[1], small, cv::Size(), 0.6 * photos[0].rows / photos[1].rows,
               0.6 * photos[0].rows / photos[1].rows, cv::INTER_AREA);
    cv::Mat canvas(photos[0].rows, photos[0].cols + small.cols, CV_8UC3, cv::Scalar::all(128));
    photos[0].copyTo(canvas(cv::Rect(0, 0, photos[0].cols, photos[0].rows)));
    small.copyTo(canvas(cv::Rect(photos[0].cols, (canvas.rows - small.rows) / 2, small.cols, small.rows)));
    auto single = sharedPipeline().analyse(photos[0]);
    REQUIRE(single.ok());
    auto a = sharedPipeline().analyse(canvas);
    REQUIRE(a.ok());
    CHECK(a->faces.size() >= 2);
    CHECK(a->severalFaces);
    CHECK(a->quality.firstPrompt == PromptId::OnlyOneFace);
    // The subject is the face from the first photo: same template (the tile holds it at the same scale).
    auto same = portico::face::compare(a->faceTemplate, single->faceTemplate);
    REQUIRE(same.ok());
    CHECK(same.value() > 0.95f);
}

TEST_CASE("subject choice prefers large and central faces", "[unit]") {
    const cv::Size img(1000, 1000);
    const std::vector<FaceBox> faces{{cv::Rect2f(0, 0, 200, 200), 0.99f},
                                     {cv::Rect2f(420, 420, 160, 160), 0.6f},
                                     {cv::Rect2f(800, 800, 100, 100), 0.9f}};
    CHECK(FacePipeline::chooseSubject(faces, img) == 1);
    const std::vector<FaceBox> bigCorner{{cv::Rect2f(0, 0, 400, 400), 0.9f}, {cv::Rect2f(450, 450, 100, 100), 0.9f}};
    CHECK(FacePipeline::chooseSubject(bigCorner, img) == 0);
}

TEST_CASE("pipeline finds a face that fills the frame", "[unit]") {
    const auto photos = portico::test::cleanDevPhotos(3);
    int found = 0;
    for (const auto& img : photos) {
        auto a = sharedPipeline().analyse(img);
        REQUIRE(a.ok());
        // Crop to the inner 90 % of the face box: a face filling the whole frame.
        const cv::Rect2f b = a->subjectBox().box;
        const cv::Rect crop =
            cv::Rect(cv::Rect2f(b.x + 0.05f * b.width, b.y + 0.05f * b.height, 0.9f * b.width, 0.9f * b.height)) &
            cv::Rect(0, 0, img.cols, img.rows);
        auto tight = sharedPipeline().analyse(img(crop).clone());
        if (tight.ok()) {
            ++found;
            auto s = portico::face::compare(a->faceTemplate, tight->faceTemplate);
            REQUIRE(s.ok());
            CHECK(s.value() > 0.8f);
        } else {
            CHECK(tight.code() == ErrorCode::NoFace);
        }
    }
    CHECK(found >= 2);
}

TEST_CASE("fast mode finds faces with the tiny detector and falls back to the SSD when it finds none", "[unit]") {
    const auto store = portico::face::ModelStore::pinned(portico::test::modelDir());
    portico::face::PipelineOptions accurateOptions;
    accurateOptions.fastDetect = false;
    auto accuratePipeline = FacePipeline::load(store, accurateOptions);
    REQUIRE(accuratePipeline.ok());
    portico::face::PipelineOptions fastOptions;
    fastOptions.fastDetect = true;
    fastOptions.tinyInputSize = 320;
    auto fast = FacePipeline::load(store, fastOptions);
    REQUIRE(fast.ok());
    const auto photos = portico::test::cleanDevPhotos(3);
    REQUIRE(photos.size() == 3);
    for (const auto& img : photos) {
        auto accurate = accuratePipeline->analyse(img);
        auto quick = fast->analyse(img);
        REQUIRE(accurate.ok());
        REQUIRE(quick.ok());
        CHECK(accurate->path == DetectionPath::Primary);
        CHECK(quick->path == DetectionPath::Fast);
        // Same face, so nearly the same template: the boxes differ, the landmarks and alignment barely.
        auto s = portico::face::compare(accurate->faceTemplate, quick->faceTemplate);
        REQUIRE(s.ok());
        CHECK(s.value() > 0.95f);
    }
    // When the tiny detector accepts nothing, the SSD path runs: same path and template as the accurate pipeline.
    portico::face::PipelineOptions strict = fastOptions;
    strict.tinyMinScore = std::nextafter(1.f, 0.f); // the tiny detector accepts nothing
    auto fallback = FacePipeline::load(store, strict);
    REQUIRE(fallback.ok());
    auto viaSsd = fallback->analyse(photos.front());
    auto accurate = accuratePipeline->analyse(photos.front());
    REQUIRE(viaSsd.ok());
    REQUIRE(accurate.ok());
    CHECK(viaSsd->path == DetectionPath::Primary);
    auto same = portico::face::compare(accurate->faceTemplate, viaSsd->faceTemplate);
    REQUIRE(same.ok());
    CHECK(same.value() > 0.9999f);
    // A blank frame: nothing from either detector.
    cv::Mat grey(480, 640, CV_8UC3, cv::Scalar::all(128));
    CHECK(fast->analyse(grey).code() == ErrorCode::NoFace);
    // An input size the tiny network cannot take is refused at load.
    fastOptions.tinyInputSize = 300;
    CHECK(FacePipeline::load(store, fastOptions).code() == ErrorCode::InvalidArgument);
    fastOptions.tinyInputSize = 320;
    fastOptions.tinyMinScore = 1.5f;
    CHECK(FacePipeline::load(store, fastOptions).code() == ErrorCode::InvalidArgument);
}
