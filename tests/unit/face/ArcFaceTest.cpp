// SPDX-License-Identifier: GPL-3.0-or-later
// The ArcFace descriptor (faceplugin's fr_feature.onnx) on OpenCV DNN against the reference runtime, onnxruntime-web
// (tests/data/golden/faceplugin-fr_feature.json from scripts/golden/onnx-golden.mjs), and its refusals of bad
// models and bad chips. Threshold from issue 3: descriptor cosine ≥ 0.999 on the same aligned crop.
#include "FaceNetsFixture.h"
#include "common/Sha256.h"
#include "face/ArcFaceEmbedder.h"
#include "face/FaceDescriptor.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <memory>
#include <span>

using namespace portico;
using nlohmann::json;
using portico::test::cosine;

namespace {

const face::ArcFaceEmbedder& arcFace() {
    static std::unique_ptr<face::ArcFaceEmbedder> net;
    if (!net) {
        auto loaded = face::ArcFaceEmbedder::load(face::ModelStore::pinned(test::modelDir()));
        REQUIRE(loaded.ok());
        net = std::make_unique<face::ArcFaceEmbedder>(std::move(*loaded));
    }
    return *net;
}

const face::FacePipeline& pipeline() {
    static std::unique_ptr<face::FacePipeline> p;
    if (!p) {
        face::PipelineOptions o;
        o.computeQuality = false;
        auto loaded = face::FacePipeline::load(face::ModelStore::pinned(test::modelDir()), o);
        REQUIRE(loaded.ok());
        p = std::make_unique<face::FacePipeline>(std::move(*loaded));
    }
    return *p;
}

std::vector<std::uint8_t> modelBytes() {
    std::ifstream in(test::modelDir() / "faceplugin" / "model" / "fr_feature.onnx", std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

json readGolden() {
    std::ifstream in(test::sourceDir() / "tests" / "data" / "golden" / "faceplugin-fr_feature.json");
    REQUIRE(in.good());
    json j = json::parse(in, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.contains("synthetic"));
    REQUIRE(j.contains("chips"));
    return j;
}

// The generator's synthetic NCHW input (scripts/golden/onnx-golden.mjs, syntheticValue).
cv::Mat syntheticBlob() {
    cv::Mat blob(std::vector<int>{1, 3, 112, 112}, CV_32F);
    auto* p = blob.ptr<float>();
    for (std::size_t i = 0; i < blob.total(); ++i) {
        p[i] = static_cast<float>(0.8 * std::sin(static_cast<double>(i) * 0.013) +
                                  0.2 * std::cos(static_cast<double>(i) * 0.37));
    }
    return blob;
}

} // namespace

TEST_CASE("write the ArcFace golden generator's inputs (the pipeline's 112x112 chips, raw BGR)",
          "[.golden-dump-arcface]") {
    const char* out = std::getenv("PORTICO_GOLDEN_DUMP");
    REQUIRE(out != nullptr);
    std::filesystem::create_directories(out);
    json index = json::array();
    int n = 0;
    for (const auto& image : test::goldenImages()) {
        auto a = pipeline().analyse(test::readGoldenImage(image));
        REQUIRE(a.ok());
        const cv::Mat& chip = a->aligned;
        REQUIRE(chip.isContinuous());
        const std::string file = "chip" + std::to_string(n++) + ".bgr";
        std::ofstream f(std::filesystem::path(out) / file, std::ios::binary);
        f.write(reinterpret_cast<const char*>(chip.data), static_cast<std::streamsize>(chip.total() * 3));
        REQUIRE(f.good());
        index.push_back({{"key", image.key}, {"file", file}, {"width", chip.cols}, {"height", chip.rows}});
    }
    std::ofstream(std::filesystem::path(out) / "index.json") << index.dump(1);
    CHECK(n >= 10);
}

TEST_CASE("ArcFace descriptor matches onnxruntime-web on the same input tensor", "[golden]") {
    const json golden = readGolden();
    const auto expected = golden.at("synthetic").get<std::vector<float>>();
    REQUIRE(expected.size() == 512);
    auto ours = arcFace().forward(syntheticBlob());
    REQUIRE(ours.ok());
    double maxDiff = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        maxDiff = std::max(maxDiff, static_cast<double>(std::abs((*ours)[i] - expected[i])));
    }
    INFO("max abs difference " << maxDiff);
    CHECK(cosine(*ours, expected) >= 0.99999);
    CHECK(maxDiff < 1e-4);
}

TEST_CASE("ArcFace descriptor matches onnxruntime-web on the pipeline's aligned chips", "[golden]") {
    const json golden = readGolden();
    const auto& chips = golden.at("chips");
    double lowest = 1.0;
    int compared = 0;
    for (const auto& image : test::goldenImages()) {
        if (!chips.contains(image.key)) {
            continue;
        }
        auto a = pipeline().analyse(test::readGoldenImage(image));
        REQUIRE(a.ok());
        REQUIRE(a->aligned.cols == 112);
        auto ours = arcFace().embedRaw(a->aligned);
        REQUIRE(ours.ok());
        const auto ref = chips.at(image.key).get<std::vector<float>>();
        REQUIRE(ref.size() == 512);
        const double c = cosine(*ours, ref);
        INFO(image.key << ": cosine " << c);
        CHECK(c >= 0.999);
        lowest = std::min(lowest, c);
        ++compared;
    }
    INFO("lowest cosine " << std::setprecision(9) << lowest);
    CHECK(compared >= 10);
}

TEST_CASE("ArcFace model bytes that are not the network are refused with a clear error", "[arcface]") {
    const auto bytes = modelBytes();
    SECTION("empty") {
        auto r = face::ArcFaceEmbedder::fromOnnx({});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::ModelInvalid);
        CHECK_THAT(r.error().detail, Catch::Contains("fr_feature.onnx") && Catch::Contains("empty"));
    }
    SECTION("truncated") {
        const std::vector<std::uint8_t> half(bytes.begin(), bytes.begin() + static_cast<long>(bytes.size() / 2));
        auto r = face::ArcFaceEmbedder::fromOnnx(half);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::ModelInvalid);
        CHECK_THAT(r.error().detail, Catch::Contains("fr_feature.onnx"));
    }
    SECTION("not ONNX at all") {
        const std::string text = "{\"format\": \"graph-model\"}";
        auto r =
            face::ArcFaceEmbedder::fromOnnx(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::ModelInvalid);
    }
    SECTION("the whole file loads and records its checksum") {
        auto r = face::ArcFaceEmbedder::fromOnnx(bytes, sha256Hex(bytes));
        REQUIRE(r.ok());
        CHECK(r->weightsSha256() == "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581");
    }
}

TEST_CASE("ArcFace chips of the wrong size or kind are refused, gray and BGRA ones are converted", "[arcface]") {
    const auto& net = arcFace();
    CHECK(net.embed(cv::Mat()).error().code == ErrorCode::ImageInvalid);
    CHECK(net.embed(cv::Mat(150, 150, CV_8UC3, cv::Scalar::all(90))).error().code == ErrorCode::InvalidArgument);
    CHECK(net.embed(cv::Mat(112, 112, CV_32FC3, cv::Scalar::all(0.5))).error().code == ErrorCode::ImageInvalid);
    CHECK(net.forward(cv::Mat(std::vector<int>{1, 3, 96, 96}, CV_32F, cv::Scalar(0))).error().code ==
          ErrorCode::InvalidArgument);

    cv::Mat gray(112, 112, CV_8UC1);
    cv::randu(gray, 0, 255);
    cv::Mat bgr, bgra;
    cv::cvtColor(gray, bgr, cv::COLOR_GRAY2BGR);
    cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
    auto a = net.embed(gray);
    auto b = net.embed(bgr);
    auto c = net.embed(bgra);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(a->values == b->values);
    CHECK(c->values == b->values);
    CHECK(b->values.size() == 512);
    CHECK(b->modelId == "faceplugin-0.0.1/fr_feature");
}

TEST_CASE("the ArcFace descriptor tells two people apart and recognises one person again", "[arcface]") {
    // Three photos of the dev set: two of one identity, one of another (a sanity check, not an accuracy figure).
    const auto dev = test::facesDevDir();
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(dev)) {
        if (entry.is_directory()) {
            ids.push_back(entry.path().filename().string());
        }
    }
    std::sort(ids.begin(), ids.end());
    REQUIRE(ids.size() >= 2);
    auto same1 = pipeline().analyseFile(dev / ids[0] / "1.jpg");
    auto same2 = pipeline().analyseFile(dev / ids[0] / "2.jpg");
    auto other = pipeline().analyseFile(dev / ids[1] / "1.jpg");
    REQUIRE(same1.ok());
    REQUIRE(same2.ok());
    REQUIRE(other.ok());
    CHECK(same1->faceTemplate.modelId() == "faceplugin-0.0.1/fr_feature");
    CHECK(same1->faceTemplate.dimension() == 512);
    CHECK(same1->aligned.size() == cv::Size(112, 112));
    const float genuine = *face::compare(same1->faceTemplate, same2->faceTemplate);
    const float impostor = *face::compare(same1->faceTemplate, other->faceTemplate);
    INFO("genuine " << genuine << ", impostor " << impostor);
    CHECK(genuine > impostor + 0.2f);
}

TEST_CASE("descriptor names parse, and the box crop is refused with the ArcFace descriptor", "[arcface]") {
    CHECK(*face::parseDescriptorModel("arcface") == face::DescriptorModel::ArcFace);
    CHECK(*face::parseDescriptorModel("dlib") == face::DescriptorModel::Dlib);
    auto bad = face::parseDescriptorModel("facenet");
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().detail, Catch::Contains("arcface") && Catch::Contains("dlib"));

    face::PipelineOptions o;
    o.boxCrop = true;
    auto p = face::FacePipeline::load(face::ModelStore::pinned(test::modelDir()), o);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("templates of the two descriptors cannot be compared", "[arcface]") {
    const auto store = face::ModelStore::pinned(test::modelDir());
    face::PipelineOptions dlibOptions;
    dlibOptions.descriptor = face::DescriptorModel::Dlib;
    dlibOptions.computeQuality = false;
    auto dlib = face::FacePipeline::load(store, dlibOptions);
    REQUIRE(dlib.ok());
    const auto photo = test::goldenImages().front();
    auto a = pipeline().analyse(test::readGoldenImage(photo));
    auto b = dlib->analyse(test::readGoldenImage(photo));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(b->faceTemplate.dimension() == 128);
    CHECK(b->aligned.size() == cv::Size(150, 150));
    auto c = face::compare(a->faceTemplate, b->faceTemplate);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().code == ErrorCode::ModelMismatch);
}
