// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portico::demo {

/// @brief What the demo needs, made from the sample photos inside the pinned `@vladmandic/face-api` package (never
/// from the shared test photos): one enrolment photo per face (a folder per identity, as portico-central's
/// --photos expects; each person once) and a replay video in which some of those travelers walk up to the camera.
struct DemoKit {
    std::filesystem::path photosDir; ///< photosDir/<identity>/1.jpg
    std::filesystem::path video;     ///< MJPG .avi, 640×480
    std::vector<std::string> identities;
    std::vector<std::string> walkers; ///< identities that appear in the video, in order
};

struct DemoKitOptions {
    int maxWalkers = 8;
    double fps = 10.0;
    double secondsPerTraveler = 5.0;
    /// @brief The sample photos show some people more than once: a face scoring at least this against a face
    /// already kept is that person again and is left out, so no traveler is in the gallery twice. The default is
    /// the dev set's threshold at FMR 1e-3 (docs/evaluation.md).
    float samePersonScore = 0.38f;
};

/// @brief Build the kit in @p dir, or reuse it when a complete kit of this recipe is already there. The face
/// networks are loaded only when the kit has to be built.
Result<DemoKit> prepareDemoKit(const face::ModelStore& models, const std::filesystem::path& dir,
                               const DemoKitOptions& options = {});
/// @brief One frame per walker of the kit's replay, standing in front of the camera (near the end of each walker's
/// stretch): what the headless lane and the tests feed the lane with. Empty when the video cannot be read.
std::vector<cv::Mat> standingFrames(const DemoKit& kit, const DemoKitOptions& options = {});

/// @brief The same on the process's face engine (@p pipeline's), so no network is loaded a second time.
Result<DemoKit> prepareDemoKit(const face::ModelStore& models, const face::FacePipeline& pipeline,
                               const std::filesystem::path& dir, const DemoKitOptions& options = {});

} // namespace portico::demo
