// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/Evaluation.h"
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <tuple>

using portico::eval::EvaluationReport;

TEST_CASE("report JSON has exactly the documented keys", "[unit]") {
    EvaluationReport r;
    r.images = 4;
    r.failedToEnrol = 1;
    r.fte = 0.25;
    r.genuineScores = {0.9, -std::numeric_limits<double>::infinity()};
    r.impostorScores = {0.1, 0.2, 0.3};
    r.msPerImage = {{"detect", 10}, {"landmarks", 2}, {"embed", 20}, {"total", 33}};
    r.model = "m@0123";
    portico::eval::fillErrorRates(r, {1e-2, 1e-3, 1e-4});
    const auto j = nlohmann::json::parse(portico::eval::reportToJson(r));
    for (const char* k :
         {"images", "fte", "genuine", "impostor", "eer", "fnmr_at_fmr", "threshold_at_fmr", "ms_per_image", "model"}) {
        CHECK(j.contains(k));
    }
    for (const char* k : {"1e-2", "1e-3", "1e-4"}) {
        CHECK(j["fnmr_at_fmr"].contains(k));
        CHECK(j["threshold_at_fmr"].contains(k));
        CHECK(j["fnmr_at_fmr"][k].get<double>() == Approx(0.5));
    }
    for (const char* k : {"detect", "landmarks", "embed", "total"}) {
        CHECK(j["ms_per_image"].contains(k));
    }
    CHECK(j["genuine"] == 2);
    CHECK(j["impostor"] == 3);
    CHECK(j["fte"].get<double>() == 0.25);
    CHECK(j["eer"].get<double>() == Approx(0.5));
}

TEST_CASE("error rates per group are taken at the overall thresholds, within-group impostors only", "[unit]") {
    using portico::eval::ImageRef;
    EvaluationReport r;
    // Overall: 4 genuine, 6 impostor pairs. Group "young": genuine 0.9 and 0.4; group "old": 0.8 and 0.7.
    r.genuineScores = {0.9, 0.4, 0.8, 0.7};
    r.genuineGroups = {"young", "young", "old", "old"};
    // Impostors: young-young 0.6 and 0.1, old-old 0.2, and three across groups (left out of both groups).
    r.impostorScores = {0.6, 0.1, 0.2, 0.3, 0.65, 0.05};
    r.impostorGroups = {"young", "young", "old", "", "", ""};
    for (const auto& [id, n, ok] : std::vector<std::tuple<std::string, int, bool>>{
             {"y1", 1, true}, {"y1", 2, true}, {"y2", 1, false}, {"o1", 1, true}, {"o1", 2, true}}) {
        portico::eval::ImageOutcome o;
        o.ref = ImageRef{id, n};
        o.enrolled = ok;
        r.outcomes.push_back(o);
    }
    portico::eval::fillErrorRates(r, {0.2});
    // Overall: 6 impostors, FMR ≤ 0.2 allows one false match: the threshold sits just above 0.6 (only 0.65 passes).
    REQUIRE(r.operatingPoints.size() == 1);
    const double t = r.operatingPoints[0].threshold;
    CHECK(t > 0.6);
    CHECK(t <= 0.65);
    portico::eval::fillGroupRates(r, {{"y1", "young"}, {"y2", "young"}, {"o1", "old"}});
    REQUIRE(r.groups.size() == 2);
    const auto& young = r.groups.at("young");
    CHECK(young.images == 3);
    CHECK(young.failedToEnrol == 1);
    CHECK(young.genuine == 2);
    CHECK(young.impostor == 2);
    CHECK(young.fnmr.at(0) == Approx(0.5)); // 0.4 misses at the overall threshold
    CHECK(young.fmr.at(0) == Approx(0.0));  // 0.6 stays below it
    const auto& old = r.groups.at("old");
    CHECK(old.images == 2);
    CHECK(old.genuine == 2);
    CHECK(old.impostor == 1);
    CHECK(old.fnmr.at(0) == Approx(0.0));
    CHECK(old.fmr.at(0) == Approx(0.0));

    const auto j = nlohmann::json::parse(portico::eval::reportToJson(r));
    REQUIRE(j.contains("by_group"));
    CHECK(j["by_group"]["young"]["genuine"] == 2);
    CHECK(j["by_group"]["young"]["fte"].get<double>() == Approx(1.0 / 3.0));
    CHECK(j["by_group"]["young"]["fnmr_at_threshold"]["2e-1"].get<double>() == Approx(0.5));
    CHECK(j["by_group"]["old"]["fmr_at_threshold"]["2e-1"].get<double>() == Approx(0.0));

    // Without groups there is no breakdown and no by_group key.
    portico::eval::fillGroupRates(r, {});
    CHECK(r.groups.empty());
    CHECK_FALSE(nlohmann::json::parse(portico::eval::reportToJson(r)).contains("by_group"));
}

TEST_CASE("evaluation over real photos with two threads", "[unit]") {
    // Three identities × two photos, linked into a scratch dataset, plus one unreadable image.
    portico::test::TempDir tmp;
    const auto dev = portico::test::facesDevDir();
    std::vector<std::string> ids;
    for (const auto& e : std::filesystem::directory_iterator(dev)) {
        if (e.is_directory()) {
            ids.push_back(e.path().filename().string());
        }
    }
    std::sort(ids.begin(), ids.end());
    ids.resize(3);
    for (const auto& id : ids) {
        std::filesystem::create_directories(tmp.path() / id);
        for (int n : {1, 2}) {
            std::filesystem::create_symlink(dev / id / (std::to_string(n) + ".jpg"),
                                            tmp.path() / id / (std::to_string(n) + ".jpg"));
        }
    }
    std::ofstream(tmp.path() / ids[0] / "3.jpg") << "not a jpeg";
    portico::eval::EvaluationOptions o;
    o.dataset = tmp.path();
    o.threads = 2;
    o.impostorSample = 1000;
    std::size_t calls = 0;
    o.progress = [&](std::size_t done, std::size_t total) {
        ++calls;
        CHECK(done <= total);
    };
    auto r = portico::eval::evaluate(portico::face::ModelStore::pinned(portico::test::modelDir()), o);
    REQUIRE(r.ok());
    CHECK(r->images == 7);
    CHECK(calls == 7);
    CHECK(r->failedToEnrol >= 1); // the unreadable one
    CHECK(r->fte == Approx(static_cast<double>(r->failedToEnrol) / 7.0));
    CHECK(r->genuine == 3 + 2); // a: 1-2, 1-3, 2-3; b: 1-2; c: 1-2
    CHECK(r->impostor == 21 - 5);
    CHECK(r->operatingPoints.size() == 3);
    CHECK(r->msPerImage.at("embed") > 0.0);
    CHECK(r->model.find("faceplugin-0.0.1/fr_feature@87aacdfe57510db2") == 0);
    // The genuine pairs with the unreadable image are non-matches.
    std::size_t failedGenuine = 0;
    for (double s : r->genuineScores) {
        failedGenuine += std::isinf(s) ? 1 : 0;
    }
    CHECK(failedGenuine >= 2);

    portico::eval::EvaluationOptions bad = o;
    bad.pairs = tmp.path() / "missing-pairs.txt";
    CHECK(portico::eval::evaluate(portico::face::ModelStore::pinned(portico::test::modelDir()), bad).code() ==
          portico::ErrorCode::NotFound);
}
