// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli calibrate and bench search, run as the real executable.
#include "match/EmbeddingsFile.h"
#include "match/ScoreTable.h"

#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

using namespace portico;
using namespace portico::match;

namespace {

/// 40 identities × 5 samples: an identity centre plus noise, so mated cosines sit well above impostor ones.
EmbeddingsFile syntheticEmbeddings() {
    EmbeddingsFile f;
    f.modelId = "synthetic-model";
    f.dim = 32;
    std::mt19937_64 rng(11);
    std::normal_distribution<float> nd(0.f, 1.f);
    for (int id = 0; id < 40; ++id) {
        std::vector<float> centre(f.dim);
        for (auto& x : centre) {
            x = nd(rng);
        }
        for (int s = 0; s < 5; ++s) {
            f.identities.push_back("id" + std::to_string(id));
            for (std::size_t d = 0; d < f.dim; ++d) {
                f.values.push_back(centre[d] + 0.5f * nd(rng));
            }
        }
    }
    return f;
}

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("EmbeddingsFile round-trips and names the bad line", "[unit]") {
    const EmbeddingsFile f = syntheticEmbeddings();
    const auto back = EmbeddingsFile::parse(f.toCsv());
    REQUIRE(back.ok());
    CHECK(back->modelId == "synthetic-model");
    CHECK(back->dim == 32);
    CHECK(back->rows() == 200);
    CHECK(back->values == f.values);
    const auto bad = EmbeddingsFile::parse("# model: m\na,1,2,3\nb,1,2\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.code() == ErrorCode::Corrupt);
    CHECK(bad.error().detail.find("line 3") != std::string::npos);
    CHECK(EmbeddingsFile::parse("a,1,x\n").code() == ErrorCode::Corrupt);
    CHECK(EmbeddingsFile::parse("# nothing\n").code() == ErrorCode::Corrupt);
}

TEST_CASE("portico-cli calibrate builds the score table from embeddings and from scores", "[unit]") {
    const test::TempDir dir;
    const auto emb = dir.path() / "emb.csv";
    std::ofstream(emb) << syntheticEmbeddings().toCsv();
    const auto out = dir.path() / "calibration.json";
    const auto [rc, stdoutText] = test::runCommand(
        test::cliExe().string(), {"calibrate", "--embeddings", emb.string(), "--out", out.string(), "--no-tail"});
    INFO(stdoutText);
    REQUIRE(rc == 0);
    const auto table = ScoreTable::load(out);
    REQUIRE(table.ok());
    // 200 templates: 19,900 pairs, of which 40 × 10 mated.
    CHECK(table->impostorCount() == 19500);
    CHECK(table->info().modelId == "synthetic-model");
    CHECK(table->info().datasetSize == 200);
    CHECK(table->minSupportedFmr() == Approx(10.0 / 19500)); // resolution: 10 false matches
    CHECK_FALSE(table->tail().has_value());
    CHECK(table->provenance().genuineComparisons == 400);
    CHECK(table->provenance().identities == 40);
    CHECK(table->provenance().created.size() == 10); // YYYY-MM-DD
    const auto summary = nlohmann::json::parse(stdoutText);
    CHECK(summary.at("genuine_comparisons") == 400);
    // 1e-5 is below what 19,500 impostor pairs resolve and there is no tail model: reported as clamped.
    CHECK(summary.at("operating_points").at("1e-5").at("clamped") == true);
    CHECK(summary.at("operating_points").at("1e-5").at("estimated") == false);
    CHECK(summary.at("resolution_fmr").get<double>() == Approx(10.0 / 19500));
    CHECK(summary.at("operating_points").at("1e-2").at("clamped") == false);
    // Mated pairs (cosine ~0.8) pass the 1e-2 threshold (impostors ~N(0, 1/32)).
    CHECK(summary.at("operating_points").at("1e-2").at("fnmr").get<double>() < 0.05);

    // --scores: one impostor score per line.
    const auto scores = dir.path() / "scores.txt";
    {
        std::ofstream s(scores);
        s << "# impostor scores\n";
        for (int i = 0; i < 1000; ++i) {
            s << (static_cast<double>(i) / 1000.0) << "\n";
        }
    }
    const auto out2 = dir.path() / "c2.json";
    const auto [rc2, text2] = test::runCommand(test::cliExe().string(), {"calibrate", "--scores", scores.string(),
                                                                         "--out", out2.string(), "--model-id", "m2"});
    INFO(text2);
    REQUIRE(rc2 == 0);
    const auto t2 = ScoreTable::load(out2);
    REQUIRE(t2.ok());
    CHECK(t2->impostorCount() == 1000);
    CHECK(t2->info().modelId == "m2");
    CHECK(t2->thresholdForFmr(0.1).threshold == Approx(0.9).margin(0.002));

    // Neither input, or a missing file: a failure exit, no table.
    CHECK(test::runCommand(test::cliExe().string(), {"calibrate", "--out", (dir.path() / "x.json").string()}).first !=
          0);
    CHECK(test::runCommand(test::cliExe().string(), {"calibrate", "--scores", (dir.path() / "none.txt").string(),
                                                     "--out", (dir.path() / "x.json").string()})
              .first != 0);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "x.json"));
}

TEST_CASE("portico-cli bench search writes its figures", "[unit]") {
    const test::TempDir dir;
    const auto json = dir.path() / "bench.json";
    const auto [rc, text] = test::runCommand(test::cliExe().string(), {"bench", "search", "--n", "3000", "--dim", "64",
                                                                       "--queries", "9", "--json", json.string()});
    INFO(text);
    REQUIRE(rc == 0);
    const auto j = nlohmann::json::parse(readFile(json));
    CHECK(j.at("n") == 3000);
    CHECK(j.at("dim") == 64);
    for (const char* key : {"ours_fp32_ms", "ours_int8_ms", "bandwidth_gbs", "fp32_efficiency"}) {
        INFO(key);
        CHECK(j.at(key).get<double>() > 0.0);
    }
    CHECK(j.contains("faiss_ms"));
    // The int8 path re-ranks exactly: its rank-1 must agree with fp32 on these few queries.
    CHECK(j.at("int8_rank1_agreement").get<double>() == 1.0);
}
