// SPDX-License-Identifier: GPL-3.0-or-later
// Landmark variants, measured (docs/evaluation.md): the default pipeline's refined landmarks against a third
// landmark pass ("again"), the mean with the landmarks found on the mirrored image (points un-mirrored with
// x' = W - x ("flip0") or W - 1 - x ("flip1") and re-indexed by the 68-point mirror map), and faceplugin's own
// five-point definitions (eye = mean of the four lid points 37, 38, 40, 41 / 43, 44, 46, 47: "pkgeyes"; mouth
// corner = mean of the outer and inner corner 48 + 60 / 54 + 64: "pkgmouth"; both: "pkgboth"). Each variant is
// aligned and described as the pipeline does; one pair-metrics.py input per variant, OUT.<name>.
// Usage: ls DIR/*/*.jpg | landmark-variants OUT     (model cache: $PORTICO_MODEL_DIR or the default)
#include "face/FacePipeline.h"
#include "face/ImageDecode.h"
#include "face/LandmarkDetector.h"
#include "face/ModelStore.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <fstream>
#include <iostream>

using namespace portico;
using namespace portico::face;

static std::array<int, 68> mirrorMap() {
    std::array<int, 68> m{};
    for (int i = 0; i < 68; ++i)
        m[i] = i;
    auto pair = [&](int a, int b) {
        m[a] = b;
        m[b] = a;
    };
    for (int i = 0; i <= 7; ++i)
        pair(i, 16 - i);
    for (int i = 17; i <= 21; ++i)
        pair(i, 43 - i); // brows 17..21 <-> 26..22
    for (int i = 31; i <= 32; ++i)
        pair(i, 66 - i); // nose 31,32 <-> 35,34
    pair(36, 45);
    pair(37, 44);
    pair(38, 43);
    pair(39, 42);
    pair(40, 47);
    pair(41, 46);
    pair(48, 54);
    pair(49, 53);
    pair(50, 52);
    pair(59, 55);
    pair(58, 56);
    pair(60, 64);
    pair(61, 63);
    pair(67, 65);
    return m;
}

static Landmarks68 unflip(const Landmarks68& f, float width, float shift) {
    static const auto m = mirrorMap();
    Landmarks68 out;
    for (int i = 0; i < 68; ++i) {
        const auto& p = f.points[static_cast<std::size_t>(m[static_cast<std::size_t>(i)])];
        out.points[static_cast<std::size_t>(i)] = cv::Point2f(width - shift - p.x, p.y);
    }
    return out;
}

static Landmarks68 mean(const Landmarks68& a, const Landmarks68& b) {
    Landmarks68 o;
    for (std::size_t i = 0; i < 68; ++i)
        o.points[i] = 0.5f * (a.points[i] + b.points[i]);
    return o;
}

int main(int argc, char** argv) {
    if (argc != 2)
        return 2;
    const auto store = ModelStore::pinned();
    auto pipeline = FacePipeline::load(store, PipelineOptions{});
    auto lmd = LandmarkDetector::load(store);
    if (!pipeline || !lmd) {
        std::cerr << "load failed\n";
        return 1;
    }
    const std::vector<std::string> names = {"base", "again", "flip0", "flip1", "pkgeyes", "pkgmouth", "pkgboth"};
    std::vector<std::ofstream> outs;
    for (auto& n : names)
        outs.emplace_back(std::string(argv[1]) + "." + n);
    std::string path;
    double sumShift0 = 0, sumShift1 = 0;
    int n = 0;
    while (std::getline(std::cin, path)) {
        auto img = readImage(path);
        std::optional<FaceAnalysis> a;
        if (img) {
            auto r = pipeline->analyse(img.value());
            if (r)
                a = std::move(r.value());
        }
        if (!a) {
            for (auto& o : outs)
                o << path << " FAIL\n";
            continue;
        }
        const cv::Mat& bgr = img.value();
        cv::Mat flipped;
        cv::flip(bgr, flipped, 1);
        const Landmarks68 L = a->landmarks;
        std::vector<Landmarks68> variants;
        variants.push_back(L);
        variants.push_back(lmd->refine(bgr, L));
        const Landmarks68 Lf_in = unflip(L, static_cast<float>(bgr.cols), 0.f); // mirrored box source
        const Landmarks68 Lf = lmd->refine(flipped, Lf_in);
        const Landmarks68 u0 = unflip(Lf, static_cast<float>(bgr.cols), 0.f);
        const Landmarks68 u1 = unflip(Lf, static_cast<float>(bgr.cols), 1.f);
        double d0 = 0, d1 = 0;
        for (std::size_t i = 0; i < 68; ++i) {
            d0 += u0.points[i].x - L.points[i].x;
            d1 += u1.points[i].x - L.points[i].x;
        }
        sumShift0 += d0 / 68;
        sumShift1 += d1 / 68;
        ++n;
        variants.push_back(mean(L, u0));
        variants.push_back(mean(L, u1));
        auto eyes = [](Landmarks68 m) {
            auto e1 = 0.25f * (m.points[37] + m.points[38] + m.points[40] + m.points[41]);
            auto e2 = 0.25f * (m.points[43] + m.points[44] + m.points[46] + m.points[47]);
            for (int i = 36; i <= 41; ++i)
                m.points[i] = e1;
            for (int i = 42; i <= 47; ++i)
                m.points[i] = e2;
            return m;
        };
        auto mouth = [](Landmarks68 m) {
            m.points[48] = 0.5f * (m.points[48] + m.points[60]);
            m.points[54] = 0.5f * (m.points[54] + m.points[64]);
            return m;
        };
        variants.push_back(eyes(L));
        variants.push_back(mouth(L));
        variants.push_back(mouth(eyes(L)));
        for (std::size_t k = 0; k < variants.size(); ++k) {
            outs[k] << path;
            auto chip = pipeline->descriptor().chip(bgr, variants[k]);
            auto e = chip ? pipeline->descriptor().describe(chip.value()) : Result<Embedding>(chip.error());
            if (!e) {
                outs[k] << " FAIL\n";
                continue;
            }
            for (float x : e->values)
                outs[k] << ' ' << x;
            outs[k] << '\n';
        }
    }
    std::cerr << "mean x offset flipped-vs-base shift0 " << sumShift0 / n << " shift1 " << sumShift1 / n << "\n";
    return 0;
}
