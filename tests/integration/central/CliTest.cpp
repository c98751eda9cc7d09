// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using portico::test::runCommand;

TEST_CASE("portico-cli --version prints the version", "[integration][cli]") {
    auto [status, out] = runCommand(portico::test::cliExe().string(), {"--version"});
    CHECK(status == 0);
    CHECK_THAT(out, Catch::StartsWith("portico-cli "));
}

TEST_CASE("portico-cli models verify passes on the fetched cache and fails on a damaged copy", "[integration][cli]") {
    const auto models = portico::test::modelDir();
    auto [okStatus, okOut] = runCommand(portico::test::cliExe().string(), {"models", "verify", "--json"});
    REQUIRE(okStatus == 0);
    const auto verdicts = nlohmann::json::parse(okOut);
    CHECK(verdicts.at("verdict") == "ok");
    CHECK(verdicts.at("files").size() >= 8);

    // A copy of the cache with one file truncated: the verdict names it and the exit code is 1.
    portico::test::TempDir tmp;
    std::filesystem::copy(models, tmp.path(), std::filesystem::copy_options::recursive);
    const auto victim = tmp.path() / "face-api" / "model" / "face_landmark_68_model.bin";
    std::filesystem::resize_file(victim, 100);
    auto [badStatus, badOut] =
        runCommand(portico::test::cliExe().string(), {"models", "verify", "--json", "--dir", tmp.path().string()});
    CHECK(badStatus == 1);
    const auto bad = nlohmann::json::parse(badOut);
    CHECK(bad.at("verdict") == "failed");
    int failed = 0;
    for (const auto& f : bad.at("files")) {
        if (f.at("verdict") != "ok") {
            ++failed;
            CHECK(f.at("path") == "face-api/model/face_landmark_68_model.bin");
            CHECK(f.at("verdict") == "altered");
        }
    }
    CHECK(failed == 1);
}
