// SPDX-License-Identifier: GPL-3.0-or-later
// `portico-cli bench capture` measures frame → 1:N candidates on the real engine: its gallery must be as long as
// the descriptor the engine computes (512-d ArcFace), and a run that produced no candidate must fail loudly
// instead of printing "candidates_p95_ms: 0.0".
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

using namespace portico;

TEST_CASE("bench capture sizes its gallery from the descriptor and reports real frame-to-candidates figures",
          "[unit][capture][bench]") {
    test::TempDir tmp;
    (void)test::modelDir();
    std::vector<std::filesystem::path> identities;
    for (const auto& e : std::filesystem::directory_iterator(test::facesDevDir())) {
        identities.push_back(e.path());
    }
    std::sort(identities.begin(), identities.end());
    REQUIRE(identities.size() >= 2);
    const auto video = tmp.path() / "walk.avi";
    auto [made, madeOut] = test::runCommand(test::cliExe().string(),
                                            {"capture", "make-video", "--images", (identities[0] / "1.jpg").string(),
                                             (identities[1] / "1.jpg").string(), "--out", video.string(), "--fps", "10",
                                             "--frames-per-shot", "20"});
    INFO(madeOut);
    REQUIRE(made == 0);

    const auto json = tmp.path() / "bench.json";
    auto [rc, out] =
        test::runCommand(test::cliExe().string(), {"bench", "capture", "--video", video.string(), "--gallery", "1000",
                                                   "--seconds", "3", "--json", json.string()});
    INFO(out);
    REQUIRE(rc == 0);
    std::ifstream in(json);
    const auto j = nlohmann::json::parse(in);
    CHECK(j.at("gallery_dimension").get<int>() == 512);
    CHECK(j.at("search_failures").get<int>() == 0);
    CHECK(j.at("observations_with_candidates").get<int>() > 0);
    REQUIRE(j.at("candidates_p95_ms").is_number());
    CHECK(j.at("candidates_p95_ms").get<double>() > 0.0);
    CHECK(j.at("candidates_p50_ms").get<double>() <= j.at("candidates_p95_ms").get<double>());
}
