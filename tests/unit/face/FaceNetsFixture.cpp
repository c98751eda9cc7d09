// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaceNetsFixture.h"

#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

namespace portico::test {

const FaceNets& faceNets() {
    static std::unique_ptr<FaceNets> nets;
    if (!nets) {
        const auto store = face::ModelStore::pinned(modelDir());
        auto detector = face::FaceDetector::load(store);
        REQUIRE(detector.ok());
        auto landmarks = face::LandmarkDetector::load(store);
        REQUIRE(landmarks.ok());
        auto embedder = face::DlibEmbedder::load(store);
        REQUIRE(embedder.ok());
        nets = std::make_unique<FaceNets>(FaceNets{std::move(*detector), std::move(*landmarks), std::move(*embedder)});
    }
    return *nets;
}

std::vector<GoldenImage> goldenImages() {
    std::vector<GoldenImage> out;
    const auto demo = modelDir() / "face-api" / "demo";
    for (int i = 1; i <= 6; ++i) {
        const std::string name = "sample" + std::to_string(i) + ".jpg";
        out.push_back({"demo/" + name, demo / name});
    }
    // Every fifth identity's first photo: 8 dev images of various sizes, poses and light.
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(facesDevDir())) {
        if (entry.is_directory())
            ids.push_back(entry.path().filename().string());
    }
    std::sort(ids.begin(), ids.end());
    for (std::size_t i = 0; i < ids.size(); i += 5)
        out.push_back({"dev/" + ids[i] + "/1.jpg", facesDevDir() / ids[i] / "1.jpg"});
    return out;
}

cv::Mat readGoldenImage(const GoldenImage& image) {
    cv::Mat bgr = cv::imread(image.path.string(), cv::IMREAD_COLOR);
    if (bgr.empty())
        FAIL("cannot read " << image.path.string());
    return bgr;
}

std::filesystem::path goldenFile() {
    return sourceDir() / "tests" / "data" / "golden" / "face-api-nets.json";
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
    REQUIRE(a.size() == b.size());
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        dot += static_cast<double>(a[i]) * b[i];
        na += static_cast<double>(a[i]) * a[i];
        nb += static_cast<double>(b[i]) * b[i];
    }
    return dot / std::sqrt(na * nb);
}

} // namespace portico::test
