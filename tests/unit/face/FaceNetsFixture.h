// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/DlibEmbedder.h"
#include "face/FaceDetector.h"
#include "face/LandmarkDetector.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portico::test {

/// @brief The three face networks, loaded once per test binary from the verified model cache.
struct FaceNets {
    face::FaceDetector detector;
    face::LandmarkDetector landmarks;
    face::DlibEmbedder embedder;
};
const FaceNets& faceNets();

/// @brief One image used by the golden tests: its key in the golden file and where it is read from.
struct GoldenImage {
    std::string key; ///< "demo/sample1.jpg" or "dev/<identity>/1.jpg"
    std::filesystem::path path;
};
/// @brief The face-api demo samples and a fixed spread of ../shared/faces/dev images.
std::vector<GoldenImage> goldenImages();
/// @brief Decode as the golden generator's inputs were decoded (cv::imread, IMREAD_COLOR); fails the test if
/// unreadable.
cv::Mat readGoldenImage(const GoldenImage& image);
/// @brief tests/data/golden/face-api-nets.json
std::filesystem::path goldenFile();
/// @brief Cosine similarity of two vectors of one length (any norm), in double precision.
double cosine(const std::vector<float>& a, const std::vector<float>& b);

} // namespace portico::test
