// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/DemoKit.h"
#include "face/FacePipeline.h"
#include "face/Template.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <fstream>

TEST_CASE("the demo kit is made from the face-api sample photos and reused when complete", "[unit][demo]") {
    portico::test::TempDir tmp;
    const auto models = portico::face::ModelStore::pinned(portico::test::modelDir());
    auto kit = portico::demo::prepareDemoKit(models, tmp.path() / "kit", {.maxWalkers = 3, .fps = 5.0});
    INFO((kit.ok() ? std::string() : kit.error().toString()));
    REQUIRE(kit.ok());
    // The six group photos hold well over a dozen clearly visible faces.
    CHECK(kit->identities.size() >= 10);
    // Walkers are the travelers whose live view passes the capture gate; there are several such faces.
    REQUIRE(kit->walkers.size() >= 1);
    REQUIRE(kit->walkers.size() <= 3);
    // Each person is in the gallery once: the samples show some people twice, and those repeats are left out.
    auto pipeline = portico::face::FacePipeline::load(models);
    REQUIRE(pipeline.ok());
    std::vector<std::pair<std::string, portico::face::Template>> enrolled;
    for (const auto& id : kit->identities) {
        const cv::Mat photo = cv::imread((kit->photosDir / id / "1.jpg").string());
        INFO(id);
        REQUIRE_FALSE(photo.empty());
        CHECK(photo.cols == 400);
        if (auto analysis = pipeline->analyse(photo); analysis) {
            enrolled.emplace_back(id, analysis->faceTemplate);
        }
    }
    CHECK(enrolled.size() + 1 >= kit->identities.size()); // a face the pipeline cannot enrol is rare
    for (std::size_t i = 0; i < enrolled.size(); ++i) {
        for (std::size_t j = i + 1; j < enrolled.size(); ++j) {
            INFO(enrolled[i].first << " vs " << enrolled[j].first);
            CHECK(portico::face::compare(enrolled[i].second, enrolled[j].second).value() <
                  portico::demo::DemoKitOptions{}.samePersonScore);
        }
    }
    cv::VideoCapture video(kit->video.string());
    REQUIRE(video.isOpened());
    int frames = 0;
    cv::Mat frame;
    while (video.read(frame)) {
        CHECK(frame.size() == cv::Size(640, 480));
        ++frames;
    }
    CHECK(frames == static_cast<int>(kit->walkers.size()) * 25); // walkers × 5 s × 5 fps

    // A second call finds the complete kit and returns it unchanged.
    const auto before = std::filesystem::last_write_time(kit->video);
    auto again = portico::demo::prepareDemoKit(models, tmp.path() / "kit", {.maxWalkers = 3, .fps = 5.0});
    REQUIRE(again.ok());
    CHECK(again->identities == kit->identities);
    CHECK(std::filesystem::last_write_time(again->video) == before);

    // A kit.json whose fields have the wrong JSON types is rebuilt like a missing one, not a crash.
    std::ofstream(tmp.path() / "kit" / "kit.json") << R"({"recipe":"two","identities":5,"walkers":{}})";
    auto rebuilt = portico::demo::prepareDemoKit(models, tmp.path() / "kit", {.maxWalkers = 3, .fps = 5.0});
    INFO((rebuilt.ok() ? std::string() : rebuilt.error().toString()));
    REQUIRE(rebuilt.ok());
    CHECK(rebuilt->identities == kit->identities);
}

TEST_CASE("the demo kit refuses to build without verified models", "[unit][demo]") {
    portico::test::TempDir tmp;
    const portico::face::ModelStore empty(tmp.path() / "no-models", portico::face::pinnedModelFiles());
    auto kit = portico::demo::prepareDemoKit(empty, tmp.path() / "kit");
    REQUIRE_FALSE(kit.ok());
    CHECK(kit.code() == portico::ErrorCode::ModelMissing);
}
