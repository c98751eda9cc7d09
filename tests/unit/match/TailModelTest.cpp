// SPDX-License-Identifier: GPL-3.0-or-later
// The tail model beyond the measured resolution, the score table's estimated lookups, the calibration recipe, the
// label audit and the ambiguity margin derived from score distributions.
#include "match/TailModel.h"
#include "match/Calibration.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::match;

namespace {

/// Impostor-like scores: N(0, 0.1) with an exponential upper tail (scale 0.04) above 0.3, as real cosines.
std::vector<float> tailedScores(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> body(0.0, 0.1);
    std::exponential_distribution<double> tail(1.0 / 0.04);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<float> s(n);
    for (auto& v : s) {
        v = static_cast<float>(u(rng) < 2e-3 ? 0.3 + tail(rng) : std::min(body(rng), 0.3));
    }
    return s;
}

ScoreTable tableWithTail(std::size_t n) {
    auto scores = tailedScores(n, 5);
    auto model = TailModel::fit(scores, 500, true);
    REQUIRE(model.ok());
    auto table = ScoreTable::fromImpostorScores(std::move(scores), ScoreTableInfo{"m", "synthetic", n / 100, 10});
    REQUIRE(table.ok());
    model->minFmr = table->minSupportedFmr() * std::pow(10.0, -1.5);
    table->setTail(model.value(), std::nullopt);
    return table.value();
}

} // namespace

TEST_CASE("TailModel recovers an exponential tail and inverts its own FMR", "[unit]") {
    std::mt19937_64 rng(3);
    std::exponential_distribution<double> e(1.0 / 0.05);
    std::vector<double> y(20000);
    for (auto& v : y) {
        v = e(rng);
    }
    const auto expo = TailModel::fitExceedances(y, 0.4f, 10'000'000, true);
    REQUIRE(expo.ok());
    CHECK(expo->shape == 0.0);
    CHECK(expo->scale == Approx(0.05).epsilon(0.03));
    CHECK(expo->exceedanceFmr == Approx(2e-3));
    // The free-shape fit finds ξ ≈ 0 on exponential data.
    const auto gpd = TailModel::fitExceedances(y, 0.4f, 10'000'000);
    REQUIRE(gpd.ok());
    CHECK(std::abs(gpd->shape) < 0.05);
    CHECK(gpd->scale == Approx(0.05).epsilon(0.05));
    for (const auto& m : {expo.value(), gpd.value()}) {
        for (double f : {1e-3, 1e-5, 1e-7}) {
            CHECK(m.fmrAt(m.thresholdFor(f)) == Approx(f).epsilon(1e-9));
        }
        CHECK(m.thresholdFor(1e-7) > m.thresholdFor(1e-5)); // stricter FMR, higher threshold
        CHECK(m.density(0.5) > m.density(0.6));
    }
    // A bounded (ξ < 0) tail: FMR 0 beyond its end point u − σ/ξ.
    TailModel bounded{0.3f, 100, 1e-3, -0.5, 0.1, 1e-8};
    CHECK(bounded.fmrAt(0.3 + 0.2 + 1e-6) == 0.0);
    CHECK(bounded.thresholdFor(1e-9) <= 0.5 + 1e-9);
    // Too few exceedances, or bad ones, are refused.
    CHECK(TailModel::fit(std::vector<float>(40, 0.1f), 30).code() == ErrorCode::InvalidArgument);
    CHECK(TailModel::fitExceedances({0.1, -0.2}, 0.f, 1000).code() == ErrorCode::InvalidArgument);
}

TEST_CASE("Poisson two-sided p-values", "[unit]") {
    CHECK(poissonTwoSidedP(10, 10.0) == Approx(1.0));
    CHECK(poissonTwoSidedP(0, 10.0) < 1e-3);
    CHECK(poissonTwoSidedP(30, 10.0) < 1e-6);
    CHECK(poissonTwoSidedP(3, 2.5) > 0.5);
}

TEST_CASE("A tail fitted on one sample predicts another beyond its own resolution", "[unit]") {
    const auto fit = tailedScores(200'000, 11);
    const auto held = tailedScores(2'000'000, 12);
    const double res = 10.0 / 200'000.0;
    const auto check = checkTail(fit, held, 100, {res / 3.16, res / 10.0, res / 31.6}, 10, true);
    REQUIRE(check.ok());
    for (const auto& p : check->points) {
        INFO("fmr " << p.fmr << " expected " << p.expected << " observed " << p.observed);
        CHECK(p.pValue > 1e-3);
        CHECK(p.expected > 2.0);
    }
    // A model fitted on a heavier-tailed sample (scale 0.08) is caught by the same check.
    std::vector<float> heavy = fit;
    for (auto& s : heavy) {
        if (s > 0.3f) {
            s = 0.3f + 2.f * (s - 0.3f);
        }
    }
    const auto wrong = checkTail(heavy, held, 100, {res / 10.0, res / 31.6}, 10, true);
    REQUIRE(wrong.ok());
    CHECK_FALSE(wrong->passed);
}

TEST_CASE("ScoreTable estimates below its resolution with the tail model, clamps below the model's floor", "[unit]") {
    const ScoreTable table = tableWithTail(1'000'000); // resolution 1e-5, model down to ~3.2e-7
    const double res = table.minSupportedFmr();
    CHECK(res == Approx(1e-5));
    const auto measured = table.thresholdForFmr(1e-4);
    CHECK_FALSE(measured.estimated);
    CHECK_FALSE(measured.clamped);
    const auto estimated = table.thresholdForFmr(1e-6);
    CHECK(estimated.estimated);
    CHECK_FALSE(estimated.clamped);
    CHECK(estimated.fmr == 1e-6);
    CHECK(estimated.threshold > table.thresholdForFmr(res).threshold);
    CHECK(estimated.threshold == Approx(table.tail()->thresholdFor(1e-6)));
    const auto floor = table.thresholdForFmr(1e-9);
    CHECK(floor.estimated);
    CHECK(floor.clamped);
    CHECK(floor.fmr == Approx(table.tail()->minFmr));
    CHECK(table.minUsableFmr() == Approx(table.tail()->minFmr));
    // Thresholds never decrease as the FMR asked for falls, across measured and estimated ranges.
    float last = -2.f;
    for (double f = 1e-2; f > 1e-9; f /= 1.5) {
        const float thr = table.thresholdForFmr(f).threshold;
        CHECK(thr >= last);
        last = thr;
    }
    // A score beyond the measured points stands for what the model says, floored at the model's floor.
    CHECK(table.fmrAtScore(estimated.threshold) == Approx(1e-6).epsilon(0.01));
    CHECK(table.fmrAtScore(0.99f) == Approx(table.tail()->minFmr));
}

TEST_CASE("ScoreTable v2 JSON keeps provenance, tail, check and margin, v1 still loads, a bad tail is refused",
          "[unit]") {
    ScoreTable table = tableWithTail(200'000);
    TailValidation v;
    v.splits = 3;
    v.fitShare = 0.33;
    v.fitResolution = 1e-4;
    v.points = {{0.5, 20.0, 22, 1.1, 0.5, 2.0}};
    v.passed = true;
    table.setTail(*table.tail(), v);
    table.setAmbiguity({0.12f, 99.0, 0.45f, 100, 0.003});
    const test::TempDir dir;
    REQUIRE(table.save(dir.path() / "t.json").ok());
    const auto back = ScoreTable::load(dir.path() / "t.json");
    REQUIRE(back.ok());
    REQUIRE(back->tail().has_value());
    CHECK(back->tail()->scale == Approx(table.tail()->scale));
    CHECK(back->tail()->minFmr == Approx(table.tail()->minFmr));
    REQUIRE(back->tailCheck().has_value());
    CHECK(back->tailCheck()->points.front().observed == 22);
    REQUIRE(back->ambiguity().has_value());
    CHECK(back->ambiguity()->margin == Approx(0.12f));
    CHECK(back->thresholdForFmr(1e-7).threshold == Approx(table.thresholdForFmr(1e-7).threshold));

    // A version-1 file (no tail, no provenance beyond the data set) still loads and clamps.
    const std::string v1 = R"({"format":"portico.score-table","version":1,"model_id":"m","dataset":"d",
        "dataset_size":10,"impostor_comparisons":1000,"min_false_matches":3,"points":[[0.5,0.003],[0.4,0.01]]})";
    const auto old = ScoreTable::fromJson(v1);
    REQUIRE(old.ok());
    CHECK_FALSE(old->tail().has_value());
    CHECK(old->thresholdForFmr(1e-4).clamped);

    std::string json = table.toJson();
    const auto at = json.find("\"min_fmr\"");
    REQUIRE(at != std::string::npos);
    json.replace(at, 9, "\"min_fmx\"");
    CHECK(ScoreTable::fromJson(json).code() == ErrorCode::Corrupt);
    std::string future = table.toJson();
    future.replace(future.find("\"version\": 2"), 12, "\"version\": 3");
    CHECK(ScoreTable::fromJson(future).code() == ErrorCode::Corrupt);

    // A table for another model is refused, naming both.
    const auto other = table.requireModel("faceplugin-0.0.1/fr_feature");
    REQUIRE_FALSE(other.ok());
    CHECK(other.code() == ErrorCode::ModelMismatch);
    CHECK(other.error().detail.find("for m,") != std::string::npos);
    CHECK(other.error().detail.find("runs faceplugin-0.0.1/fr_feature") != std::string::npos);
}

TEST_CASE("ThresholdPolicy: estimated thresholds say so, the operating point is checked against the table", "[unit]") {
    const ScoreTable table = tableWithTail(1'000'000);
    config::OperatingPointConfig op;
    const ThresholdPolicy policy(table, ThresholdPolicyConfig::fromOperatingPoint(op));
    const Threshold t300 = policy.identification(300); // 1e-5: the resolution itself, measured
    CHECK_FALSE(t300.estimated);
    const Threshold t3000 = policy.identification(3000); // 1e-6: estimated
    CHECK(t3000.estimated);
    CHECK_FALSE(t3000.clamped);
    CHECK(t3000.has(ReasonCode::ThresholdEstimated));
    CHECK(reasonCodeName(ReasonCode::ThresholdEstimated) == "threshold_estimated");
    CHECK(policy.largestMeasuredGallery() == 300);
    CHECK(policy.largestSupportedGallery() >= 9000);
    CHECK(policy.checkSupported().ok());

    // 1:1 at 1e-8 is below the model's floor: refused at start, naming the key and both rates.
    op.verificationFmr = 1e-8;
    const ThresholdPolicy strict(table, ThresholdPolicyConfig::fromOperatingPoint(op));
    const auto bad = strict.checkSupported();
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.code() == ErrorCode::ConfigInvalid);
    CHECK(bad.error().detail.find("verificationFmr") != std::string::npos);
    // The age factor is part of the 1:1 point: 1e-6 × 0.01 is below the floor too.
    op.verificationFmr = 1e-6;
    op.ageFmrFactor = 0.01;
    const auto aged = ThresholdPolicy(table, ThresholdPolicyConfig::fromOperatingPoint(op)).checkSupported();
    REQUIRE_FALSE(aged.ok());
    CHECK(aged.error().detail.find("ageFmrFactor") != std::string::npos);

    // The ambiguity margin: configured, else the table's, else the stated fallback.
    CHECK(policy.ambiguityMarginSource() == ThresholdPolicy::MarginSource::Fallback);
    CHECK(policy.ambiguityMargin() == ThresholdPolicyConfig::kFallbackAmbiguityMargin);
    ScoreTable withMargin = table;
    withMargin.setAmbiguity({0.11f, 99.0, 0.5f, 100, 0.003});
    const ThresholdPolicy calibrated(withMargin);
    CHECK(calibrated.ambiguityMarginSource() == ThresholdPolicy::MarginSource::Calibrated);
    CHECK(calibrated.ambiguityMargin() == Approx(0.11f));
    op = {};
    op.ambiguityMargin = 0.07;
    const ThresholdPolicy configured(withMargin, ThresholdPolicyConfig::fromOperatingPoint(op));
    CHECK(configured.ambiguityMarginSource() == ThresholdPolicy::MarginSource::Configured);
    CHECK(configured.ambiguityMargin() == Approx(0.07f));
}

TEST_CASE("calibrate: resolution, tail check, margin, and the label audit finds a planted mislabel", "[unit]") {
    // 60 identities × 6 noisy copies of an identity vector in 64-d: genuine cosines ~0.6, impostors ~N(0, 1/64).
    std::mt19937_64 rng(21);
    std::normal_distribution<float> nd(0.f, 1.f);
    CalibrationInput in;
    in.modelId = "synthetic";
    in.dim = 64;
    std::vector<std::vector<float>> centres(60, std::vector<float>(64));
    for (auto& c : centres) {
        for (auto& x : c) {
            x = nd(rng);
        }
    }
    for (std::size_t id = 0; id < centres.size(); ++id) {
        for (int k = 0; k < 6; ++k) {
            in.identities.push_back("id" + std::to_string(id));
            in.images.push_back("id" + std::to_string(id) + "/" + std::to_string(k + 1));
            for (float x : centres[id]) {
                in.values.push_back(x + 0.8f * nd(rng));
            }
        }
    }
    // id0's sixth photo shows id1's person.
    for (std::size_t d = 0; d < 64; ++d) {
        in.values[5 * 64 + d] = centres[1][d] + 0.8f * nd(rng);
    }
    CalibrationOptions o;
    o.checkSplits = 4;
    o.topPairs = 5;
    auto r = calibrate(in, o);
    REQUIRE(r.ok());
    CHECK(r->identities == 60);
    CHECK(r->genuine.size() == 60 * 15);
    CHECK(r->table.impostorCount() == 360 * 359 / 2 - 60 * 15);
    CHECK(r->table.minSupportedFmr() == Approx(10.0 / static_cast<double>(r->table.impostorCount())));
    CHECK(r->table.provenance().genuineComparisons == 900);
    REQUIRE(r->topImpostors.size() == 5);
    CHECK(r->topImpostors.front().score >= r->topImpostors.back().score);
    // The planted mislabel is the highest "impostor" pair.
    CHECK((in.images[r->topImpostors.front().a] == "id0/6" || in.images[r->topImpostors.front().b] == "id0/6"));
    REQUIRE(r->check.has_value());
    CHECK(r->check->splits == 4);

    const auto suspects = auditLabels(in, 0.4f);
    REQUIRE(suspects.size() == 1);
    CHECK(suspects.front().kind == LabelSuspect::Kind::Image);
    CHECK(suspects.front().subject == "id0/6");
    CHECK(suspects.front().otherIdentity == "id1");
    CHECK(suspects.front().otherMedian > suspects.front().ownMedian);

    // The margin grows with the odds asked for, and is positive.
    std::vector<float> genuine = r->genuine;
    std::sort(genuine.begin(), genuine.end());
    const TailModel tail{0.3f, 100, 1e-3, 0.0, 0.04, 1e-8};
    const double bw = silvermanBandwidth(genuine);
    const double m9 = ambiguityMarginAt(genuine, bw, tail, 0.4, 9.0);
    const double m99 = ambiguityMarginAt(genuine, bw, tail, 0.4, 99.0);
    CHECK(m9 > 0.0);
    CHECK(m99 > m9);
    // With a flat genuine density, LR(t + Δ) / LR(t) = e^(Δ/σ): Δ = σ ln(odds).
    std::vector<float> flat;
    for (int i = 0; i <= 20000; ++i) {
        flat.push_back(static_cast<float>(-1.0 + 3.0 * i / 20000.0));
    }
    CHECK(ambiguityMarginAt(flat, 0.05, tail, 0.4, 99.0) == Approx(0.04 * std::log(99.0)).margin(2e-3));
}
