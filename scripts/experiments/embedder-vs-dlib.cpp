// SPDX-License-Identifier: GPL-3.0-or-later
// Portico's DlibEmbedder against dlib's own network on the same chips (docs/evaluation.md, "dlib's float weights").
// Not part of the build and not run by CI: see README.md here.
//
// Usage: embedder-vs-dlib MANIFEST.json DLIB_OUTPUT.txt CHIP_DIR
// MANIFEST: a face_recognition_model weights manifest (face-api's, or dlib-to-tfjs.py's float32 one).
// DLIB_OUTPUT / CHIP_DIR: dlib-reference's output and chips. Prints the cosine of our raw descriptor and dlib's
// per chip, and the lowest.
#include "face/DlibEmbedder.h"
#include "face/TfjsWeights.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    using namespace portico::face;
    if (argc != 4) {
        std::cerr << "usage: embedder-vs-dlib MANIFEST.json DLIB_OUTPUT.txt CHIP_DIR\n";
        return 2;
    }
    auto weights = TfjsWeights::load(argv[1]);
    if (!weights) {
        std::cerr << weights.error().toString() << '\n';
        return 1;
    }
    auto embedder = DlibEmbedder::fromWeights(*weights);
    if (!embedder) {
        std::cerr << embedder.error().toString() << '\n';
        return 1;
    }
    std::ifstream in(argv[2]);
    std::string text;
    double lowest = 1.0;
    long line = 0, compared = 0;
    std::cout.precision(9);
    while (std::getline(in, text)) {
        ++line;
        std::istringstream fields(text);
        std::string path;
        fields >> path;
        std::vector<double> ref;
        for (double v; fields >> v;)
            ref.push_back(v);
        if (ref.size() != DlibEmbedder::kDimension)
            continue; // FAIL line
        const cv::Mat chip = cv::imread(std::string(argv[3]) + "/" + std::to_string(line) + ".png");
        auto ours = embedder->embedRaw(chip);
        if (!ours) {
            std::cerr << path << ": " << ours.error().toString() << '\n';
            return 1;
        }
        double dot = 0, a = 0, b = 0;
        for (std::size_t i = 0; i < ref.size(); ++i) {
            dot += ref[i] * (*ours)[i];
            a += ref[i] * ref[i];
            b += static_cast<double>((*ours)[i]) * (*ours)[i];
        }
        const double cosine = dot / std::sqrt(a * b);
        lowest = std::min(lowest, cosine);
        ++compared;
        std::cout << path << " cosine " << cosine << '\n';
    }
    std::cout << "chips " << compared << " lowest cosine " << lowest << '\n';
    return compared > 0 ? 0 : 1;
}
