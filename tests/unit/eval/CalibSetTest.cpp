// SPDX-License-Identifier: GPL-3.0-or-later
// The shipped score table against the calibration set it was built from (../shared/faces/calib, 2,348 real photos,
// templates from the booth's own face pipeline through the template cache): the table is reproducible from calib/,
// its tail model predicts held-back pairs, and the booth's 1:N threshold keeps the FPIR measured on non-mated
// searches within a factor of 2 of its target for galleries of 100, 300 and 1,000 (docs/matching.md).
#include "eval/DatasetTemplates.h"
#include "face/ModelStore.h"
#include "match/Calibration.h"
#include "match/Decider.h"
#include "match/Gallery.h"
#include "match/ScanKernels.h"
#include "match/ThresholdPolicy.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <thread>

using namespace portico;

namespace {

/// The calib/ templates, computed once per process (and by the first process of a run for all the others: the cache
/// lives in ~/.cache/portico/templates and is spot-checked against the real pipeline on every load), with the
/// committed label corrections applied.
const eval::DatasetTemplates& calibTemplates() {
    static std::optional<eval::DatasetTemplates> cached;
    if (!cached) {
        const auto dir = test::facesCalibDir();
        test::modelDir();
        auto dataset = eval::Dataset::scan(dir);
        REQUIRE(dataset.ok());
        eval::TemplateOptions options;
        options.threads = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
        options.cacheDir = eval::defaultTemplateCacheDir();
        const auto t0 = std::chrono::steady_clock::now();
        auto t = eval::datasetTemplates(face::ModelStore::pinned(), dataset.value(), options);
        INFO((t.ok() ? std::string() : t.error().toString()));
        REQUIRE(t.ok());
        WARN("calib templates: " << (t->fromCache ? "from the cache, spot-checked on " : "computed, ")
                                 << (t->fromCache ? std::to_string(t->spotChecked) + " images" : std::string())
                                 << " in "
                                 << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                                 << " s");
        auto fixes =
            eval::LabelCorrections::load(test::sourceDir() / "resources" / "calibration" / "calib-label-fixes.tsv");
        REQUIRE(fixes.ok());
        REQUIRE(fixes->check(dataset.value()).ok());
        cached = t->corrected(fixes.value());
    }
    return *cached;
}

match::ScoreTable shippedTable() {
    auto table = match::ScoreTable::load(test::sourceDir() / "resources" / "calibration" / "faceplugin-0.0.1.json");
    REQUIRE(table.ok());
    return table.value();
}

} // namespace

// One test case, two sections: one process, so the templates are loaded (and spot-checked) once.
TEST_CASE("The shipped score table is what calib/ gives, and the booth's 1:N threshold holds its FPIR on calib/",
          "[calib]") {
    SECTION("the table is reproducible from calib/ and its tail model predicts held-back pairs") {
        const auto& t = calibTemplates();
        const match::ScoreTable shipped = shippedTable();
        REQUIRE(shipped.requireModel(t.modelId).ok());

        match::CalibrationInput in;
        in.modelId = t.modelId;
        in.dim = t.dim;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t.enrolled(i)) {
                in.identities.push_back(t.labels[i]);
                in.values.insert(in.values.end(), t.row(i), t.row(i) + t.dim);
            }
        }
        match::CalibrationOptions options; // the recipe the shipped table was built with (docs/matching.md)
        options.topPairs = 0;
        auto r = match::calibrate(in, options);
        REQUIRE(r.ok());

        // Same data, same recipe: the same table.
        CHECK(r->table.impostorCount() == shipped.impostorCount());
        CHECK(r->table.provenance().genuineComparisons == shipped.provenance().genuineComparisons);
        CHECK(r->table.minSupportedFmr() == Approx(shipped.minSupportedFmr()));
        for (double fmr : {1e-2, 1e-3, 1e-4, 1e-5, 3e-6, 1e-6, 3e-7}) {
            INFO("FMR " << fmr);
            CHECK(r->table.thresholdForFmr(fmr).threshold ==
                  Approx(shipped.thresholdForFmr(fmr).threshold).margin(1e-4));
            CHECK(r->table.thresholdForFmr(fmr).estimated == shipped.thresholdForFmr(fmr).estimated);
        }
        // The 1:1 operating point (FMR 1e-4) rests on measured scores: neither clamped nor estimated.
        const auto oneToOne = shipped.thresholdForFmr(1e-4);
        CHECK_FALSE(oneToOne.clamped);
        CHECK_FALSE(oneToOne.estimated);
        CHECK(shipped.minSupportedFmr() * 10.0 < 1e-4);

        // The tail model's check: fitted on a third of the identities, ten seeded splits, its predictions down to
        // 10^1.5 below each split's resolution counted on the held-back pairs.
        REQUIRE(r->check.has_value());
        REQUIRE(shipped.tail().has_value());
        REQUIRE(shipped.tailCheck().has_value());
        const auto& check = *r->check;
        REQUIRE(check.points.size() == 3);
        for (const auto& p : check.points) {
            INFO("decades below resolution " << p.decadesBelow << ": predicted " << p.expected << ", observed "
                                             << p.observed << " (ratio " << p.ratio << ", splits " << p.minRatio
                                             << " .. " << p.maxRatio << ")");
            CHECK(p.expected >= 20.0); // enough predicted false matches to judge a factor of 2
            CHECK(p.ratio >= 0.5);
            CHECK(p.ratio <= 2.0);
        }
        CHECK(check.passed);
        CHECK(shipped.tail()->scale == Approx(r->table.tail()->scale).epsilon(1e-6));
    }
    SECTION("FPIR at the booth's 1:N threshold is within a factor of 2 of its target for galleries of 100, 300 and "
            "1,000 drawn from calib/") {
        const auto& t = calibTemplates();
        const match::ThresholdPolicy policy(shippedTable()); // the station's default operating point: FPIR 0.003
        REQUIRE(policy.table().requireModel(t.modelId).ok());
        const match::Decider decider(policy);

        // Every score once: the booth's own fp32 kernel over the enrolled templates.
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t.enrolled(i)) {
                rows.push_back(i);
            }
        }
        const std::size_t n = rows.size();
        match::Gallery all(t.dim);
        for (std::size_t k = 0; k < n; ++k) {
            REQUIRE(all.add(match::GalleryId{static_cast<std::uint64_t>(k)}, std::span(t.row(rows[k]), t.dim)).ok());
        }
        std::vector<float> score(n * n);
        for (std::size_t k = 0; k < n; ++k) {
            match::ScanKernels::dotF32(match::bestIsa(), all.row(k), all.data(), all.stride(), n, score.data() + k * n);
        }
        std::map<std::string, std::vector<std::size_t>> byIdentity;
        for (std::size_t k = 0; k < n; ++k) {
            byIdentity[t.labels[rows[k]]].push_back(k);
        }
        std::vector<std::string> identities;
        for (const auto& [name, members] : byIdentity) {
            identities.push_back(name);
        }

        constexpr std::size_t kDraws = 20;
        for (const std::size_t galleryN : {std::size_t{100}, std::size_t{300}, std::size_t{1000}}) {
            const match::Threshold thr = policy.identification(galleryN);
            REQUIRE_FALSE(thr.clamped);
            std::size_t searches = 0;
            std::size_t falseCandidates = 0;
            std::set<std::pair<std::size_t, std::size_t>> pairs; // distinct probe–gallery image pairs behind them
            std::set<std::pair<std::string, std::string>> identityPairs;
            for (std::size_t draw = 0; draw < kDraws; ++draw) {
                // Gallery: identities drawn at random (seeded), one image each round-robin until N images, from at most
                // half of the identities so that the other half are the non-mated probes.
                std::mt19937_64 rng(galleryN * 1000 + draw);
                std::vector<std::string> order = identities;
                std::shuffle(order.begin(), order.end(), rng);
                const std::size_t galleryIds = std::min(galleryN, order.size() / 2);
                std::vector<std::vector<std::size_t>> pools;
                for (std::size_t g = 0; g < galleryIds; ++g) {
                    auto members = byIdentity[order[g]];
                    std::shuffle(members.begin(), members.end(), rng);
                    pools.push_back(std::move(members));
                }
                std::vector<std::size_t> gallery;
                for (std::size_t round = 0; gallery.size() < galleryN; ++round) {
                    bool added = false;
                    for (const auto& pool : pools) {
                        if (round < pool.size() && gallery.size() < galleryN) {
                            gallery.push_back(pool[round]);
                            added = true;
                        }
                    }
                    REQUIRE(added); // the gallery identities hold at least N images
                }
                const std::set<std::string> enrolled(order.begin(),
                                                     order.begin() + static_cast<std::ptrdiff_t>(galleryIds));
                for (std::size_t p = 0; p < n; ++p) {
                    if (enrolled.contains(t.labels[rows[p]])) {
                        continue;
                    }
                    // The booth's decision on this search: top two candidates, Decider under the policy for N.
                    std::size_t first = gallery.front();
                    std::size_t second = gallery.size() > 1 ? gallery[1] : gallery.front();
                    if (score[p * n + second] > score[p * n + first]) {
                        std::swap(first, second);
                    }
                    for (std::size_t k = 2; k < gallery.size(); ++k) {
                        const std::size_t g = gallery[k];
                        if (score[p * n + g] > score[p * n + first]) {
                            second = first;
                            first = g;
                        } else if (score[p * n + g] > score[p * n + second]) {
                            second = g;
                        }
                    }
                    std::vector<match::Candidate> top;
                    for (std::size_t g : {first, second}) {
                        match::Candidate c;
                        c.id = match::GalleryId{static_cast<std::uint64_t>(g)};
                        c.slot = g;
                        c.score = score[p * n + g];
                        top.push_back(c);
                    }
                    const match::Outcome o = decider.identify(top, galleryN);
                    ++searches;
                    if (o.kind() == match::OutcomeKind::Match || o.kind() == match::OutcomeKind::Ambiguous) {
                        ++falseCandidates;
                        pairs.insert({p, first});
                        identityPairs.insert({t.labels[rows[p]], t.labels[rows[first]]});
                    }
                }
            }
            const double measured = static_cast<double>(falseCandidates) / static_cast<double>(searches);
            INFO("N " << galleryN << ": threshold " << thr.score
                      << (thr.estimated ? " (estimated by the tail model)" : "") << " for FPIR " << thr.targetFpir
                      << "; " << searches << " non-mated searches in " << kDraws << " draws, " << falseCandidates
                      << " false candidates (FPIR " << measured << ") from " << pairs.size()
                      << " distinct image pairs of " << identityPairs.size() << " identity pairs");
            // The data resolve the target only when the false candidates rest on at least 10 distinct image pairs (the
            // table's own rule); otherwise this says so and fails rather than passing on a handful of pairs.
            if (pairs.size() < 10) {
                FAIL_CHECK("calib/ cannot resolve FPIR " << thr.targetFpir << " at N = " << galleryN
                                                         << ": the false candidates rest on " << pairs.size()
                                                         << " distinct image pairs, 10 are needed");
            }
            CHECK(measured >= 0.5 * thr.targetFpir);
            CHECK(measured <= 2.0 * thr.targetFpir);
            WARN("FPIR at N = " << galleryN << ": " << measured << " (" << falseCandidates << " of " << searches << ", "
                                << pairs.size() << " image pairs, " << identityPairs.size()
                                << " identity pairs), target " << thr.targetFpir << ", threshold " << thr.score
                                << (thr.estimated ? " estimated" : ""));
        }
    }
}
