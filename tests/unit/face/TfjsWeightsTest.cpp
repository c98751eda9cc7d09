// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/TfjsWeights.h"
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace portico;
using face::TfjsWeights;

namespace {

std::filesystem::path faceApiModel(const std::string& file) {
    return test::modelDir() / "face-api" / "model" / file;
}

std::vector<unsigned char> readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const std::filesystem::path& p, const std::vector<unsigned char>& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A copy of one real model (manifest + shard) in a temp dir, to alter.
struct ModelCopy {
    test::TempDir dir;
    std::filesystem::path manifest;
    std::filesystem::path shard;
    explicit ModelCopy(const std::string& name) {
        manifest = dir.path() / (name + "-weights_manifest.json");
        shard = dir.path() / (name + ".bin");
        std::filesystem::copy_file(faceApiModel(name + "-weights_manifest.json"), manifest);
        std::filesystem::copy_file(faceApiModel(name + ".bin"), shard);
    }
};

} // namespace

TEST_CASE("TF.js weights of every face-api model load with the manifest's shapes", "[unit]") {
    for (const char* name :
         {"ssd_mobilenetv1_model", "face_landmark_68_model", "face_recognition_model", "tiny_face_detector_model"}) {
        INFO(name);
        const auto path = faceApiModel(std::string(name) + "-weights_manifest.json");
        auto weights = TfjsWeights::load(path);
        REQUIRE(weights.ok());
        const auto manifest = nlohmann::json::parse(std::ifstream(path));
        std::size_t expected = 0;
        for (const auto& g : manifest)
            expected += g["weights"].size();
        REQUIRE(weights->tensors().size() == expected);
        std::size_t nonFinite = 0, wrongCount = 0;
        for (const auto& t : weights->tensors()) {
            wrongCount += t.values.size() != t.elementCount() ? 1 : 0;
            nonFinite += static_cast<std::size_t>(
                std::count_if(t.values.begin(), t.values.end(), [](float v) { return !std::isfinite(v); }));
        }
        CHECK(wrongCount == 0);
        CHECK(nonFinite == 0);
    }
}

TEST_CASE("uint8-quantised tensors dequantise as byte * scale + min", "[unit]") {
    const auto manifestPath = faceApiModel("face_landmark_68_model-weights_manifest.json");
    auto weights = TfjsWeights::load(manifestPath);
    REQUIRE(weights.ok());
    const auto manifest = nlohmann::json::parse(std::ifstream(manifestPath));
    const auto& first = manifest[0]["weights"][0];
    REQUIRE(first["quantization"]["dtype"] == "uint8");
    const double scale = first["quantization"]["scale"].get<double>();
    const double min = first["quantization"]["min"].get<double>();
    const auto bytes = readAll(faceApiModel("face_landmark_68_model.bin"));
    const auto& t = weights->tensors().front();
    REQUIRE(t.name == first["name"].get<std::string>());
    double maxDiff = 0;
    for (std::size_t i = 0; i < t.values.size(); ++i)
        maxDiff = std::max(maxDiff, std::abs(t.values[i] - (bytes[i] * scale + min)));
    CHECK(t.values.size() == 3 * 3 * 3 * 32);
    CHECK(maxDiff < 1e-6);
    // The anchors of the SSD model are stored as raw float32 (no quantization entry).
    auto ssd = TfjsWeights::load(faceApiModel("ssd_mobilenetv1_model-weights_manifest.json"));
    REQUIRE(ssd.ok());
    auto anchors = ssd->get("Output/extra_dim", {1, 5118, 4});
    REQUIRE(anchors.ok());
    const auto ssdBytes = readAll(faceApiModel("ssd_mobilenetv1_model.bin"));
    float last = 0.f;
    std::memcpy(&last, ssdBytes.data() + ssdBytes.size() - 4, 4);
    CHECK((*anchors)->values.back() == last);
}

TEST_CASE("loading through the model store verifies checksums", "[unit]") {
    const auto store = face::ModelStore::pinned(test::modelDir());
    auto ok = TfjsWeights::load(store, "face-api", "model/face_recognition_model-weights_manifest.json");
    REQUIRE(ok.ok());
    CHECK(ok->find("fc") != nullptr);
    auto shape = ok->get("fc", {128, 256});
    REQUIRE_FALSE(shape.ok());
    CHECK(shape.code() == ErrorCode::ModelInvalid);
    CHECK(shape.error().detail.find("[256,128]") != std::string::npos);

    // An altered shard in a copied cache is refused by the store before it is parsed.
    test::TempDir dir;
    std::filesystem::copy(test::modelDir(), dir.path(), std::filesystem::copy_options::recursive);
    auto bytes = readAll(dir.path() / "face-api/model/face_recognition_model.bin");
    bytes[1000] ^= 0xFF;
    writeAll(dir.path() / "face-api/model/face_recognition_model.bin", bytes);
    auto altered = TfjsWeights::load(face::ModelStore::pinned(dir.path()), "face-api",
                                     "model/face_recognition_model-weights_manifest.json");
    REQUIRE_FALSE(altered.ok());
    CHECK(altered.code() == ErrorCode::ChecksumMismatch);
    CHECK(altered.error().detail.find("face_recognition_model.bin") != std::string::npos);
}

TEST_CASE("a truncated shard names the file, the tensor and the byte counts", "[unit]") {
    ModelCopy copy("face_landmark_68_model");
    auto bytes = readAll(copy.shard);
    const std::size_t full = bytes.size();
    bytes.resize(full - 100);
    writeAll(copy.shard, bytes);
    auto r = TfjsWeights::load(copy.manifest);
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::ModelInvalid);
    const std::string& d = r.error().detail;
    INFO(d);
    CHECK(d.find("face_landmark_68_model.bin") != std::string::npos);
    CHECK(d.find("truncated at tensor 'fc/") != std::string::npos);
    CHECK(d.find("found " + std::to_string(full - 100) + " bytes") != std::string::npos);
}

TEST_CASE("an oversized shard or an empty one is refused with both sizes", "[unit]") {
    ModelCopy copy("tiny_face_detector_model");
    auto bytes = readAll(copy.shard);
    const std::size_t full = bytes.size();
    bytes.push_back(0);
    writeAll(copy.shard, bytes);
    auto big = TfjsWeights::load(copy.manifest);
    REQUIRE_FALSE(big.ok());
    CHECK(big.code() == ErrorCode::ModelInvalid);
    CHECK(big.error().detail.find(std::to_string(full) + " bytes, found " + std::to_string(full + 1)) !=
          std::string::npos);
    CHECK(big.error().detail.find("oversized") != std::string::npos);

    writeAll(copy.shard, {});
    auto empty = TfjsWeights::load(copy.manifest);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().detail.find("truncated at tensor 'conv0/filters'") != std::string::npos);
}

TEST_CASE("a manifest that does not match its shard is refused, never a crash", "[unit]") {
    ModelCopy copy("tiny_face_detector_model");
    auto manifest = nlohmann::json::parse(std::ifstream(copy.manifest));

    SECTION("a tensor grown in the manifest") {
        manifest[0]["weights"][0]["shape"] = {3, 3, 3, 17};
        std::ofstream(copy.manifest) << manifest.dump();
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ModelInvalid);
    }
    SECTION("an unknown quantization dtype") {
        manifest[0]["weights"][1]["quantization"]["dtype"] = "int4";
        std::ofstream(copy.manifest) << manifest.dump();
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.find("int4") != std::string::npos);
    }
    SECTION("a missing shard") {
        std::filesystem::remove(copy.shard);
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ModelMissing);
        CHECK(r.error().detail.find("tiny_face_detector_model.bin") != std::string::npos);
    }
    SECTION("a shard path leaving the folder") {
        manifest[0]["paths"][0] = "../../etc/passwd";
        std::ofstream(copy.manifest) << manifest.dump();
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ModelInvalid);
    }
    SECTION("not JSON") {
        std::ofstream(copy.manifest) << "{ not json";
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ModelInvalid);
    }
    SECTION("a tensor shrunk in the manifest") {
        manifest[0]["weights"][0]["shape"] = {3, 3, 3, 8}; // conv0 [3,3,3,16] declared smaller
        std::ofstream(copy.manifest) << manifest.dump();
        auto r = TfjsWeights::load(copy.manifest);
        REQUIRE_FALSE(r.ok()); // the shard is now 216 bytes longer than described
        CHECK(r.error().detail.find("oversized") != std::string::npos);
    }
}

TEST_CASE("a manifest field of the wrong JSON type is refused, never a crash", "[unit]") {
    // Found by fuzz_tfjs_weights (corpus/tfjs_weights/crash-dtype-not-a-string): a numeric dtype made
    // json::value() throw type_error out of parse(), which terminated the process.
    const auto parse = [](const std::string& weight) {
        return TfjsWeights::parse(R"([{"paths":["a.bin"],"weights":[)" + weight + "]}]", {"a.bin"},
                                  {std::vector<unsigned char>(4, 0)});
    };
    REQUIRE(parse(R"({"name":"w","shape":[1],"dtype":"float32"})").ok());
    for (const std::string bad :
         {R"({"name":"w","shape":[1],"dtype":268435456})", R"({"name":"w","shape":[1],"dtype":null})",
          R"({"name":"w","shape":[1],"dtype":["float32"]})", R"({"name":7,"shape":[1],"dtype":"float32"})",
          R"({"name":"w","shape":["1"],"dtype":"float32"})",
          R"({"name":"w","shape":[1],"dtype":"float32","quantization":{"dtype":8}})",
          R"({"name":"w","shape":[1],"dtype":"float32","quantization":{"dtype":"uint8","scale":"1","min":0}})"}) {
        INFO(bad);
        auto r = parse(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ModelInvalid);
    }
}

TEST_CASE("a shape whose size overflows is refused, never a crash", "[unit]") {
    // 2^28 × 2^28 × 64 float32 = 2^64 bytes: the byte count wrapped to 0, passed the size check, and the decode then
    // asked for 2^62 floats (std::length_error escaped core).
    const std::string manifest =
        R"([{"paths":["a.bin"],"weights":[{"name":"w","shape":[268435456,268435456,64],"dtype":"float32"}]}])";
    auto r = TfjsWeights::parse(manifest, {"a.bin"}, {std::vector<unsigned char>{}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::ModelInvalid);
    CHECK(r.error().detail.find("'w'") != std::string::npos);
    // A zero dimension is an empty tensor, not an overflow.
    auto empty = TfjsWeights::parse(
        R"([{"paths":["a.bin"],"weights":[{"name":"e","shape":[268435456,0,268435456],"dtype":"float32"}]}])",
        {"a.bin"}, {std::vector<unsigned char>{}});
    REQUIRE(empty.ok());
    CHECK(empty->find("e")->values.empty());
}

TEST_CASE("float16 and uint16 tensors decode", "[unit]") {
    // float16: 1.0 = 0x3C00, -2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 0x0001.
    const std::string manifest = R"([{"paths":["a.bin"],"weights":[
        {"name":"h","shape":[4],"dtype":"float32","quantization":{"dtype":"float16"}},
        {"name":"u","shape":[2],"dtype":"float32","quantization":{"dtype":"uint16","scale":0.5,"min":-1}},
        {"name":"i","shape":[],"dtype":"int32","quantization":{"dtype":"uint8","scale":1,"min":3}}]}])";
    std::vector<unsigned char> bin = {0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00, 0x04, 0x00, 0xFF, 0xFF, 7};
    auto r = TfjsWeights::parse(manifest, {"a.bin"}, {bin});
    REQUIRE(r.ok());
    const auto* h = r->find("h");
    REQUIRE(h);
    CHECK(h->values[0] == 1.f);
    CHECK(h->values[1] == -2.f);
    CHECK(h->values[2] == 65504.f);
    CHECK(h->values[3] == Approx(5.960464477539063e-08));
    CHECK(r->find("u")->values[0] == 1.f);
    CHECK(r->find("u")->values[1] == Approx(65535 * 0.5 - 1));
    CHECK(r->find("i")->values[0] == 10.f);
    CHECK(r->find("i")->elementCount() == 1);
}

TEST_CASE("HWIO filters become OIHW, depthwise HWC1 become C×1×H×W", "[unit]") {
    face::TfjsTensor f;
    f.shape = {2, 3, 4, 5};
    for (int i = 0; i < 2 * 3 * 4 * 5; ++i)
        f.values.push_back(static_cast<float>(i));
    const cv::Mat oihw = face::hwioToOihw(f);
    REQUIRE(oihw.dims == 4);
    CHECK(oihw.size[0] == 5);
    CHECK(oihw.size[1] == 4);
    CHECK(oihw.size[2] == 2);
    CHECK(oihw.size[3] == 3);
    // element (h=1, w=2, i=3, o=4) in HWIO → (o=4, i=3, h=1, w=2).
    const int idx[4] = {4, 3, 1, 2};
    CHECK(oihw.at<float>(idx) == f.values[((1 * 3 + 2) * 4 + 3) * 5 + 4]);

    face::TfjsTensor d;
    d.shape = {3, 3, 6, 1};
    for (int i = 0; i < 54; ++i)
        d.values.push_back(static_cast<float>(i));
    const cv::Mat dw = face::depthwiseToOpenCv(d);
    CHECK(dw.size[0] == 6);
    CHECK(dw.size[1] == 1);
    const int di[4] = {5, 0, 2, 1};
    CHECK(dw.at<float>(di) == d.values[(2 * 3 + 1) * 6 + 5]);
}
