// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaceTestImages.h"

#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

namespace portico::test {

const portico::face::FacePipeline& sharedPipeline() {
    static std::unique_ptr<portico::face::FacePipeline> pipeline;
    if (!pipeline) {
        auto store = portico::face::ModelStore::pinned(modelDir());
        // The SSD path: the quality fixtures below were chosen and their degradations tuned with it. The fast
        // (tiny detector) path, the default, has its own tests in FacePipelineTest.cpp.
        portico::face::PipelineOptions options;
        options.fastDetect = false;
        auto p = portico::face::FacePipeline::load(store, options);
        if (!p) {
            FAIL("cannot load the face pipeline: " << p.error().toString());
        }
        pipeline = std::make_unique<portico::face::FacePipeline>(std::move(p.value()));
    }
    return *pipeline;
}

std::vector<std::filesystem::path> devPhotos() {
    std::vector<std::filesystem::path> out;
    for (const auto& id : std::filesystem::directory_iterator(facesDevDir())) {
        if (!id.is_directory()) {
            continue;
        }
        for (const auto& f : std::filesystem::directory_iterator(id.path())) {
            if (f.path().extension() == ".jpg") {
                out.push_back(f.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<cv::Mat> cleanDevPhotos(std::size_t count) {
    std::vector<cv::Mat> out;
    const auto& p = sharedPipeline();
    for (const auto& path : devPhotos()) {
        if (out.size() >= count) {
            break;
        }
        auto img = portico::face::readImage(path);
        REQUIRE(img.ok());
        auto a = p.analyse(img.value());
        if (a.ok() && !a->severalFaces && a->path == portico::face::DetectionPath::Primary && a->quality.pass) {
            out.push_back(img.value());
        }
    }
    REQUIRE(out.size() == count);
    return out;
}

} // namespace portico::test
