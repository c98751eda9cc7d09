// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the template seed of fuzz_template: a real template made by the face pipeline from one of face-api's
// own sample photos (pinned in models.lock). Usage: fuzz_make_template_seed OUT_FILE
#include "face/FacePipeline.h"
#include "face/ModelStore.h"

#include <cstdio>
#include <fstream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_FILE\n", argv[0]);
        return 2;
    }
    const auto store = portico::face::ModelStore::pinned();
    auto photo = store.verifiedPath("face-api", "demo/sample1.jpg");
    auto pipeline = portico::face::FacePipeline::load(store);
    if (!photo || !pipeline) {
        std::fprintf(stderr, "models missing: run scripts/fetch-models\n");
        return 1;
    }
    auto analysis = pipeline->analyseFile(*photo);
    if (!analysis) {
        std::fprintf(stderr, "no face in the sample\n");
        return 1;
    }
    const auto bytes = analysis->faceTemplate.encode();
    std::ofstream out(argv[1], std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return out ? 0 : 1;
}
