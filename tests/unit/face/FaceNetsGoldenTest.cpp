// SPDX-License-Identifier: GPL-3.0-or-later
// Our OpenCV DNN ports against face-api 1.7.15 on TF.js (CPU backend), from tests/data/golden/face-api-nets.json
// (scripts/golden/make-golden.mjs). Thresholds from issue 3: IoU ≥ 0.95, landmarks within 1 px, cosine ≥ 0.999.
#include "FaceNetsFixture.h"
#include "face/ModelStore.h"
#include "face/TinyFaceDetector.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

using namespace portico;
using nlohmann::json;
using portico::test::cosine;

namespace {

json readGolden() {
    std::ifstream in(test::goldenFile());
    REQUIRE(in.good());
    json j = json::parse(in, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.contains("images"));
    return j;
}

cv::Rect2f boxOf(const json& det) {
    const auto& b = det.at("box");
    return {b[0].get<float>(), b[1].get<float>(), b[2].get<float>(), b[3].get<float>()};
}

double iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

} // namespace

TEST_CASE("write the golden generator's inputs (raw RGB as OpenCV decodes them)", "[.golden-dump]") {
    const char* out = std::getenv("PORTICO_GOLDEN_DUMP");
    REQUIRE(out != nullptr);
    std::filesystem::create_directories(out);
    json index = json::array();
    int n = 0;
    for (const auto& image : test::goldenImages()) {
        const cv::Mat bgr = test::readGoldenImage(image);
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        const std::string file = "image" + std::to_string(n++) + ".rgb";
        std::ofstream f(std::filesystem::path(out) / file, std::ios::binary);
        for (int y = 0; y < rgb.rows; ++y)
            f.write(reinterpret_cast<const char*>(rgb.ptr(y)), static_cast<std::streamsize>(rgb.cols) * 3);
        REQUIRE(f.good());
        index.push_back({{"key", image.key}, {"file", file}, {"width", rgb.cols}, {"height", rgb.rows}});
    }
    std::ofstream(std::filesystem::path(out) / "index.json") << index.dump(1);
    CHECK(n >= 10);
}

TEST_CASE("SSD MobileNetV1 boxes match face-api", "[golden]") {
    const json golden = readGolden();
    const auto& nets = test::faceNets();
    double minIou = 1.0;
    int compared = 0;
    for (const auto& image : test::goldenImages()) {
        INFO(image.key);
        REQUIRE(golden["images"].contains(image.key));
        const json& ref = golden["images"][image.key];
        const cv::Mat bgr = test::readGoldenImage(image);
        REQUIRE(ref["width"].get<int>() == bgr.cols);
        REQUIRE(ref["height"].get<int>() == bgr.rows);
        for (const char* threshold : {"0.5", "0.2"}) {
            INFO("minScore " << threshold);
            const float minScore = std::stof(threshold);
            auto ours = nets.detector.detect(bgr, minScore);
            REQUIRE(ours.ok());
            const json& refs = ref["detections"][threshold];
            // Every reference box has a counterpart, and vice versa, unless its score sits on the threshold.
            for (const auto& det : refs) {
                double best = 0;
                for (const auto& f : *ours)
                    best = std::max(best, iou(f.box, boxOf(det)));
                if (det["score"].get<float>() > minScore + 0.01f) {
                    CHECK(best >= 0.95);
                    minIou = std::min(minIou, best);
                    ++compared;
                }
            }
            for (const auto& f : *ours) {
                double best = 0;
                float refScore = 0;
                for (const auto& det : refs) {
                    const double v = iou(f.box, boxOf(det));
                    if (v > best) {
                        best = v;
                        refScore = det["score"].get<float>();
                    }
                }
                if (f.score > minScore + 0.01f) {
                    CHECK(best >= 0.95);
                    CHECK(std::abs(f.score - refScore) < 0.01f);
                }
            }
        }
    }
    CHECK(compared >= 10);
    WARN("detector: " << compared << " boxes compared, min IoU " << minIou);
}

TEST_CASE("68-point landmarks match face-api on the same boxes", "[golden]") {
    const json golden = readGolden();
    const auto& nets = test::faceNets();
    double maxErr = 0;
    int faces = 0;
    for (const auto& image : test::goldenImages()) {
        INFO(image.key);
        const cv::Mat bgr = test::readGoldenImage(image);
        for (const auto& det : golden["images"][image.key]["detections"]["0.5"]) {
            auto lm = nets.landmarks.detect(bgr, boxOf(det));
            REQUIRE(lm.ok());
            const auto& ref = det["landmarks"];
            REQUIRE(ref.size() == 136);
            for (std::size_t i = 0; i < 68; ++i) {
                const double dx = lm->points[i].x - ref[2 * i].get<double>();
                const double dy = lm->points[i].y - ref[2 * i + 1].get<double>();
                maxErr = std::max(maxErr, std::hypot(dx, dy));
            }
            ++faces;
        }
    }
    CHECK(faces >= 10);
    CHECK(maxErr <= 1.0);
    WARN("landmarks: " << faces << " faces, max error " << maxErr << " px");
}

TEST_CASE("128-d descriptors match face-api on the same crops", "[golden]") {
    const json golden = readGolden();
    const auto& nets = test::faceNets();
    double minCos = 1.0;
    int crops = 0;
    for (const auto& image : test::goldenImages()) {
        INFO(image.key);
        const cv::Mat bgr = test::readGoldenImage(image);
        for (const auto& d : golden["images"][image.key]["descriptors"]) {
            const auto& c = d["crop"];
            const cv::Rect rect(c[0].get<int>(), c[1].get<int>(), c[2].get<int>(), c[3].get<int>());
            INFO("crop " << rect);
            auto raw = nets.embedder.embedRaw(bgr(rect));
            REQUIRE(raw.ok());
            const auto ref = d["raw"].get<std::vector<float>>();
            REQUIRE(ref.size() == 128);
            const double cos = cosine(*raw, ref);
            CHECK(cos >= 0.999);
            minCos = std::min(minCos, cos);
            // embed() is the same vector, L2-normalised.
            auto unit = nets.embedder.embed(bgr(rect));
            REQUIRE(unit.ok());
            CHECK(unit->modelId == "face-api-1.7.15/face_recognition_model");
            double norm = 0;
            for (float v : unit->values)
                norm += static_cast<double>(v) * v;
            CHECK(std::abs(norm - 1.0) < 1e-5);
            CHECK(cosine(unit->values, ref) >= 0.999);
            ++crops;
        }
    }
    CHECK(crops >= 20);
    WARN("descriptor: " << crops << " crops, min cosine " << minCos);
}

TEST_CASE("tiny face detector boxes match face-api", "[golden]") {
    const json golden = readGolden();
    const auto store = face::ModelStore::pinned(test::modelDir());
    auto tiny = face::TinyFaceDetector::load(store);
    REQUIRE(tiny.ok());
    double minIou = 1.0;
    int compared = 0;
    for (const auto& image : test::goldenImages()) {
        INFO(image.key);
        const json& ref = golden["images"][image.key];
        REQUIRE(ref.contains("tiny"));
        const cv::Mat bgr = test::readGoldenImage(image);
        for (const char* size : {"416", "320"}) {
            INFO("inputSize " << size);
            auto ours = tiny->detect(bgr, 0.5f, std::stoi(size));
            REQUIRE(ours.ok());
            const json& refs = ref["tiny"][size];
            for (const auto& det : refs) {
                double best = 0;
                for (const auto& f : *ours)
                    best = std::max(best, iou(f.box, boxOf(det)));
                if (det["score"].get<float>() > 0.51f) {
                    CHECK(best >= 0.95);
                    minIou = std::min(minIou, best);
                    ++compared;
                }
            }
            for (const auto& f : *ours) {
                double best = 0;
                for (const auto& det : refs)
                    best = std::max(best, iou(f.box, boxOf(det)));
                if (f.score > 0.51f)
                    CHECK(best >= 0.95);
            }
        }
    }
    CHECK(compared >= 10);
    WARN("tiny detector: " << compared << " boxes compared, min IoU " << minIou);
}
