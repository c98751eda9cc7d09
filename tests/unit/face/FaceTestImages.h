// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/FacePipeline.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portico::test {

/// @brief One pipeline over the verified model cache, loaded once per test binary (fails the test if it cannot).
const portico::face::FacePipeline& sharedPipeline();
/// @brief Dev photo paths in a stable order (identity, then number).
std::vector<std::filesystem::path> devPhotos();
/// @brief The first @p count dev photos on which the pipeline finds exactly one face, decoded.
std::vector<cv::Mat> cleanDevPhotos(std::size_t count);

} // namespace portico::test
