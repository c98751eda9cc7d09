// SPDX-License-Identifier: GPL-3.0-or-later
// FPIR property: with thresholds from ThresholdPolicy (per-comparison FMR = FPIR / N), non-mated searches against
// galleries of 100 … 10,000 templates produce a false candidate in about FPIR of the searches.
//
// Synthetic but statistically realistic model (no real templates yet): templates are independent random unit vectors
// in 128-d, so impostor cosines are ~N(0, 1/128) — the shape of a well-trained face descriptor's impostor
// distribution, centred on 0. The score table is built from an independent sample (different vectors and probes).
#include "match/Gallery.h"
#include "match/ScanKernels.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace portico;
using namespace portico::match;

namespace {

constexpr std::size_t kDim = 128;

Gallery randomGallery(std::mt19937_64& rng, std::size_t n) {
    std::normal_distribution<float> nd(0.f, 1.f);
    Gallery g(kDim);
    g.reserve(n);
    std::vector<float> v(kDim);
    for (std::uint64_t i = 0; i < n; ++i) {
        for (auto& x : v) {
            x = nd(rng);
        }
        REQUIRE(g.add(GalleryId{i}, v).ok());
    }
    return g;
}

/// Scores every probe against every gallery row (fp32 SIMD kernel) and hands each probe's score row to `sink`.
template <class Sink>
void scoreAll(const Gallery& probes, const Gallery& gallery, std::size_t rows, Sink&& sink) {
    std::vector<float> scores(rows);
    for (std::size_t p = 0; p < probes.size(); ++p) {
        ScanKernels::dotF32(bestIsa(), probes.row(p), gallery.data(), gallery.stride(), rows, scores.data());
        sink(scores);
    }
}

} // namespace

TEST_CASE("Non-mated searches keep FPIR within tolerance of the target for N = 100 ... 10,000", "[unit]") {
    // Calibration sample: 1,000 probes × 10,000 templates = 10^7 impostor scores (independent of what follows).
    std::mt19937_64 calRng(1001);
    const Gallery calGallery = randomGallery(calRng, 10000);
    const Gallery calProbes = randomGallery(calRng, 1000);
    std::vector<float> impostor;
    impostor.reserve(calGallery.size() * calProbes.size());
    scoreAll(calProbes, calGallery, calGallery.size(),
             [&](const std::vector<float>& s) { impostor.insert(impostor.end(), s.begin(), s.end()); });
    auto table =
        ScoreTable::fromImpostorScores(std::move(impostor), ScoreTableInfo{"synthetic-128d", "random", 11000, 3});
    REQUIRE(table.ok());
    const double tableCount = static_cast<double>(table->impostorCount());

    // Test sample: one gallery of 10,000; the galleries of 100 and 1,000 are its first rows (nested).
    std::mt19937_64 rng(2002);
    const Gallery gallery = randomGallery(rng, 10000);
    const Gallery probes = randomGallery(rng, 20000);

    struct Case {
        double fpir;
        std::size_t n;
        std::size_t searches;
    };
    // The default FPIR (0.003) where the table resolves FPIR / N; a larger FPIR for N = 10,000 (0.003 / 10^4 = 3e-7
    // would be clamped by a 10^7-score table: that clamping is tested in ThresholdPolicyTest).
    const std::vector<Case> cases = {
        {0.003, 100, 20000}, {0.003, 1000, 20000}, {0.05, 100, 4000}, {0.05, 1000, 4000}, {0.05, 10000, 4000},
    };
    for (const Case& c : cases) {
        ThresholdPolicyConfig cfg;
        cfg.identificationFpir = c.fpir;
        const ThresholdPolicy policy(*table, cfg);
        const Threshold thr = policy.identification(c.n);
        REQUIRE_FALSE(thr.clamped);

        std::size_t falseCandidates = 0;
        std::size_t done = 0;
        std::vector<float> scores(c.n);
        for (std::size_t p = 0; p < c.searches; ++p) {
            ScanKernels::dotF32(bestIsa(), probes.row(p), gallery.data(), gallery.stride(), c.n, scores.data());
            if (*std::max_element(scores.begin(), scores.end()) >= thr.score) {
                ++falseCandidates;
            }
            ++done;
        }
        // Tolerance: 4 standard deviations of the two independent errors —
        //  * the measurement: binomial, sd = sqrt(M · p · (1 - p)) false candidates in M searches;
        //  * the calibration: the table estimates FMR from r = FMR × T impostor scores above the threshold, a
        //    Poisson count, so the relative sd of the true FMR at the threshold is 1 / sqrt(r).
        const double m = static_cast<double>(done);
        const double p = c.fpir;
        const double r = thr.fmr * tableCount;
        const double sdMeasure = std::sqrt(m * p * (1.0 - p));
        const double sdTable = m * p / std::sqrt(r);
        const double tolerance = 4.0 * std::sqrt(sdMeasure * sdMeasure + sdTable * sdTable);
        const double measured = static_cast<double>(falseCandidates) / m;
        INFO("target FPIR " << c.fpir << " N " << c.n << " searches " << done << " false candidates " << falseCandidates
                            << " measured FPIR " << measured << " tolerance ±" << tolerance / m
                            << " (table points above threshold " << r << ")");
        CHECK(std::abs(static_cast<double>(falseCandidates) - m * p) <= tolerance);
        // And never the gross error of forgetting N: FPIR / N vs FMR would give ~N × the target.
        CHECK(measured < 2.0 * c.fpir);
    }
}
