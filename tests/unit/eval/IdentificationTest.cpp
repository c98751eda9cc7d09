// SPDX-License-Identifier: GPL-3.0-or-later
// 1:N evaluation arithmetic (synthetic templates), label corrections, image lists, and the template cache on real
// photos with the real pipeline.
#include "eval/Identification.h"
#include "eval/DatasetTemplates.h"
#include "face/ModelStore.h"
#include "match/ThresholdPolicy.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <random>

using namespace portico;
using namespace portico::eval;

namespace {

/// Templates in 32-d: identity k's images are e_k plus a little noise (genuine ≈ 0.97, impostors ≈ 0); `strangers`
/// images of identity "x" are set to `lookAlike` times e_0 plus noise.
DatasetTemplates synthetic(int identities, int perIdentity) {
    DatasetTemplates t;
    t.modelId = "synthetic";
    t.dim = 32;
    std::mt19937_64 rng(5);
    std::normal_distribution<float> nd(0.f, 0.02f);
    for (int id = 0; id < identities; ++id) {
        for (int k = 1; k <= perIdentity; ++k) {
            t.refs.push_back({"id" + std::to_string(id), k});
            t.labels.push_back("id" + std::to_string(id));
            t.failure.push_back(ErrorCode::Unknown);
            std::vector<float> v(32);
            for (auto& x : v) {
                x = nd(rng);
            }
            v[static_cast<std::size_t>(id)] += 1.f;
            double n = 0.0;
            for (float x : v) {
                n += x * x;
            }
            for (float x : v) {
                t.values.push_back(static_cast<float>(x / std::sqrt(n)));
            }
        }
    }
    return t;
}

} // namespace

TEST_CASE("Image lists and label corrections parse and name the bad line", "[unit]") {
    const auto list = parseImageList("# gallery\nid1\t1\nid2,3\n\nid3 10\n");
    REQUIRE(list.ok());
    REQUIRE(list->size() == 3);
    CHECK(list->at(1).identity == "id2");
    CHECK(list->at(2).number == 10);
    const auto bad = parseImageList("id1\t1\nid2\tx\n");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().detail.find("line 2") != std::string::npos);
    CHECK(parseImageList("justone\n").code() == ErrorCode::Corrupt);

    const auto fixes = LabelCorrections::parse("# header\nsame\tid3\tid0\t# reason\nmove\tid1/2\tid2\ndrop\tid2/4\n");
    REQUIRE(fixes.ok());
    CHECK(fixes->entries == 3);
    CHECK(fixes->same.at("id3") == "id0");
    CHECK(fixes->move.at(ImageRef{"id1", 2}) == "id2");
    CHECK(fixes->drop.contains(ImageRef{"id2", 4}));
    for (const char* text :
         {"merge\tid1\tid2\n", "move\tid1\tid2\n", "drop\tid1/x\n", "same\tid1\tid1\n", "drop\tid1/2\ndrop\tid1/2\n"}) {
        INFO(text);
        CHECK(LabelCorrections::parse(text).code() == ErrorCode::Corrupt);
    }
    // Applied: labels change, dropped images go.
    const auto t = synthetic(4, 4).corrected(fixes.value());
    CHECK(t.size() == 15);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.refs[i].identity == "id3") {
            CHECK(t.labels[i] == "id0");
        }
        if (t.refs[i] == ImageRef{"id1", 2}) {
            CHECK(t.labels[i] == "id2");
        }
        CHECK_FALSE(t.refs[i] == (ImageRef{"id2", 4}));
    }
}

TEST_CASE("1:N evaluation: ranks, FNIR at FPIR, the booth's threshold and the default split", "[unit]") {
    DatasetTemplates t = synthetic(20, 3);
    // id19 holds a single image: a non-mated probe of the default split.
    t.refs.resize(58);
    t.labels.resize(58);
    t.failure.resize(58);
    t.values.resize(58 * t.dim);
    const IdentificationSplit plain = defaultSplit(t);
    CHECK(plain.gallery.size() == 19); // identities with ≥ 2 images: image 1 each
    CHECK(plain.mated.size() == 38);
    CHECK(plain.nonMated.size() == 1); // id19's single image
    const IdentificationSplit split = defaultSplit(t, 4, 9);
    CHECK(split.gallery.size() + split.mated.size() + split.nonMated.size() == 58);
    CHECK(split.gallery.size() <= 16);
    CHECK(split.nonMated.size() >= 10);
    REQUIRE(checkSplit(t, split).ok());
    for (const auto& g : split.gallery) {
        CHECK(g.number == 1);
    }
    // One mated probe without a template: a miss at every rank.
    const ImageRef failed = split.mated.front();
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.refs[i] == failed) {
            t.failure[i] = ErrorCode::NoFace;
        }
    }
    const double matedN = static_cast<double>(split.mated.size());

    // A table whose impostor scores are ~N(0, 0.05): the booth's threshold sits far below genuine scores.
    std::vector<float> impostor(100000);
    std::mt19937_64 rng(1);
    std::normal_distribution<float> nd(0.f, 0.05f);
    for (auto& s : impostor) {
        s = nd(rng);
    }
    auto table = match::ScoreTable::fromImpostorScores(impostor, {"synthetic", "normal", 1000, 10});
    REQUIRE(table.ok());
    const match::ThresholdPolicy policy(table.value());
    const auto r = evaluateIdentification(t, split, {1e-2, 3e-3, 1e-3}, &policy);
    REQUIRE(r.ok());
    CHECK(r->gallery == split.gallery.size());
    CHECK(r->mated == split.mated.size());
    CHECK(r->nonMated == split.nonMated.size());
    CHECK(r->probesWithoutTemplate == 1);
    CHECK(r->rank1 == Approx((matedN - 1.0) / matedN));
    CHECK(r->rank5 == Approx((matedN - 1.0) / matedN));
    REQUIRE(r->points.size() == 3);
    CHECK(r->points[0].fnir == Approx(1.0 / matedN));
    CHECK_FALSE(r->points[0].resolved); // a dozen non-mated searches cannot resolve 1e-2
    REQUIRE(r->shipped.has_value());
    CHECK(r->shipped->falseCandidates == 0);
    CHECK(r->shipped->fpir == 0.0);
    CHECK(r->shipped->fnir == Approx(1.0 / matedN));
    const auto j = nlohmann::json::parse(identificationToJson(r.value()));
    for (const char* key : {"gallery", "mated_searches", "non_mated_searches", "rank1", "rank5", "fnir_at_fpir",
                            "threshold_at_fpir", "fpir_resolved", "shipped"}) {
        CHECK(j.contains(key));
    }
    CHECK(j.at("fnir_at_fpir").contains("3e-3"));
    CHECK(j.at("shipped").at("false_candidates") == 0);

    // Bad splits are refused, naming the image.
    IdentificationSplit bad = split;
    bad.nonMated.push_back(split.mated.front());
    const auto refused = checkSplit(t, bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().detail.find("listed twice") != std::string::npos);
    bad = split;
    bad.mated.push_back({"nobody", 1});
    CHECK(checkSplit(t, bad).error().detail.find("not in the data set") != std::string::npos);
    bad = split;
    bad.nonMated.push_back(ImageRef{split.gallery.front().identity, 2});
    bad.mated.erase(std::remove(bad.mated.begin(), bad.mated.end(), ImageRef{split.gallery.front().identity, 2}),
                    bad.mated.end());
    CHECK(checkSplit(t, bad).error().detail.find("identity is in the gallery") != std::string::npos);
}

TEST_CASE("The template cache serves the real pipeline's templates and rebuilds when it cannot be trusted", "[unit]") {
    // Four dev photos of two identities, copied into a scratch data set (never into the repository).
    const auto dev = test::facesDevDir();
    test::modelDir();
    const test::TempDir dir;
    const auto data = dir.path() / "mini";
    std::vector<std::string> ids;
    for (const auto& e : std::filesystem::directory_iterator(dev)) {
        if (e.is_directory()) {
            ids.push_back(e.path().filename().string());
        }
    }
    std::sort(ids.begin(), ids.end());
    REQUIRE(ids.size() >= 2);
    for (int k = 0; k < 2; ++k) {
        std::filesystem::create_directories(data / ids[static_cast<std::size_t>(k)]);
        for (int n = 1; n <= 2; ++n) {
            const auto name = std::to_string(n) + ".jpg";
            std::filesystem::copy_file(dev / ids[static_cast<std::size_t>(k)] / name,
                                       data / ids[static_cast<std::size_t>(k)] / name);
        }
    }
    // A fifth file that is not an image: no template, remembered as such.
    std::ofstream(data / ids[0] / "4.jpg") << "not a jpeg";
    auto dataset = Dataset::scan(data);
    REQUIRE(dataset.ok());
    const auto store = face::ModelStore::pinned();
    // One set of networks for every call (loading them dominates this test's cost, under ASan above all).
    auto pipeline = face::FacePipeline::load(store);
    REQUIRE(pipeline.ok());
    TemplateOptions options;
    options.cacheDir = dir.path() / "cache";
    options.spotChecks = 2;
    options.loaded = &pipeline.value();
    const auto first = datasetTemplates(store, dataset.value(), options);
    REQUIRE(first.ok());
    CHECK_FALSE(first->fromCache);
    CHECK(first->size() == 5);
    CHECK(first->enrolledCount() == 4);
    CHECK(first->dim == 512);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(options.cacheDir)) {
        if (e.path().extension() == ".tpl") {
            files.push_back(e.path());
        }
    }
    REQUIRE(files.size() == 1);

    const auto second = datasetTemplates(store, dataset.value(), options);
    REQUIRE(second.ok());
    CHECK(second->fromCache);
    CHECK(second->spotChecked == 2);
    CHECK(second->values == first->values);
    CHECK(second->failure == first->failure);

    // Truncated: rebuilt, same templates.
    std::filesystem::resize_file(files.front(), std::filesystem::file_size(files.front()) - 100);
    const auto third = datasetTemplates(store, dataset.value(), options);
    REQUIRE(third.ok());
    CHECK_FALSE(third->fromCache);
    // Templates that the pipeline no longer gives (here: altered values with the right fingerprint): the spot
    // check catches them and the cache is rebuilt.
    {
        std::fstream f(files.front(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-static_cast<std::streamoff>(2 * 512 * sizeof(float)), std::ios::end);
        const std::vector<float> junk(2 * 512, 0.04f);
        f.write(reinterpret_cast<const char*>(junk.data()), static_cast<std::streamsize>(junk.size() * 4));
    }
    options.spotChecks = 5;
    const auto fourth = datasetTemplates(store, dataset.value(), options);
    REQUIRE(fourth.ok());
    CHECK_FALSE(fourth->fromCache);
    CHECK(fourth->values == first->values);
    // Another pipeline option, or a changed photo, is another cache key.
    face::PipelineOptions noFlip;
    noFlip.flipAverage = false;
    const auto key = templateFingerprint(store, dataset.value(), {});
    REQUIRE(key.ok());
    CHECK(key.value() == first->fingerprint);
    CHECK(templateFingerprint(store, dataset.value(), noFlip).value() != first->fingerprint);
    std::filesystem::copy_file(dev / ids[0] / "5.jpg", data / ids[0] / "2.jpg",
                               std::filesystem::copy_options::overwrite_existing);
    auto changed = Dataset::scan(data);
    REQUIRE(changed.ok());
    CHECK(templateFingerprint(store, changed.value(), {}).value() != first->fingerprint);
}
