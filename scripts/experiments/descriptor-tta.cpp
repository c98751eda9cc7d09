// SPDX-License-Identifier: GPL-3.0-or-later
// Test-time augmentation beyond the flip average, measured (docs/evaluation.md): the default pipeline's aligned
// chip is warped by small scale, rotation or shift variants about its centre; every variant is described by the
// pipeline's descriptor (itself flip-averaged) and the descriptors are summed. Writes one pair-metrics.py input per
// variant set, OUT.base (the pipeline's own template), OUT.scale, OUT.rot, OUT.shift, OUT.all.
// Usage: ls DIR/*/*.jpg | descriptor-tta OUT     (model cache: $PORTICO_MODEL_DIR or the default)
#include "face/FacePipeline.h"
#include "face/ModelStore.h"

#include <opencv2/imgproc.hpp>

#include <array>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::face;

namespace {

struct Variant {
    double scale, rotationDeg, dx, dy;
};

cv::Mat warp(const cv::Mat& chip, const Variant& v) {
    const cv::Point2f centre(chip.cols / 2.f, chip.rows / 2.f);
    cv::Mat m = cv::getRotationMatrix2D(centre, v.rotationDeg, v.scale);
    m.at<double>(0, 2) += v.dx;
    m.at<double>(1, 2) += v.dy;
    cv::Mat out;
    cv::warpAffine(chip, out, m, chip.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: ls DIR/*/*.jpg | descriptor-tta OUT\n";
        return 2;
    }
    const auto store = ModelStore::pinned();
    auto pipeline = FacePipeline::load(store, PipelineOptions{});
    if (!pipeline) {
        std::cerr << "descriptor-tta: " << pipeline.error().toString() << "\n";
        return 1;
    }
    const std::vector<std::pair<std::string, std::vector<Variant>>> sets = {
        {"base", {{1, 0, 0, 0}}},
        {"scale", {{1, 0, 0, 0}, {0.92, 0, 0, 0}, {1.08, 0, 0, 0}}},
        {"rot", {{1, 0, 0, 0}, {1, -6, 0, 0}, {1, 6, 0, 0}}},
        {"shift", {{1, 0, 0, 0}, {1, 0, 2, 0}, {1, 0, -2, 0}, {1, 0, 0, 2}, {1, 0, 0, -2}}},
        {"all", {{1, 0, 0, 0}, {0.92, 0, 0, 0}, {1.08, 0, 0, 0}, {1, -6, 0, 0}, {1, 6, 0, 0}}},
    };
    std::vector<std::ofstream> outs;
    for (const auto& set : sets)
        outs.emplace_back(std::string(argv[1]) + "." + set.first);
    std::string path;
    while (std::getline(std::cin, path)) {
        auto analysis = pipeline->analyseFile(path);
        for (std::size_t k = 0; k < sets.size(); ++k) {
            outs[k] << path;
            if (!analysis) {
                outs[k] << " FAIL\n";
                continue;
            }
            std::vector<double> sum(static_cast<std::size_t>(pipeline->descriptor().dimension()), 0.0);
            for (const auto& v : sets[k].second) {
                auto e = pipeline->descriptor().describe(warp(analysis->aligned, v));
                if (!e) {
                    std::cerr << "descriptor-tta: " << e.error().toString() << "\n";
                    return 1;
                }
                for (std::size_t i = 0; i < sum.size(); ++i)
                    sum[i] += e->values[i];
            }
            for (double x : sum)
                outs[k] << ' ' << x;
            outs[k] << '\n';
        }
    }
    return 0;
}
