// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/ThresholdPolicy.h"
#include "match/Decider.h"
#include "match/ScoreTable.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::match;
using namespace std::chrono;

namespace {

/// Impostor scores 0, 1/n, ..., (n-1)/n: the share ≥ s is exactly (n - ceil(s·n)) / n.
std::vector<float> uniformScores(std::size_t n) {
    std::vector<float> s(n);
    for (std::size_t i = 0; i < n; ++i) {
        s[i] = static_cast<float>(static_cast<double>(i) / static_cast<double>(n));
    }
    std::shuffle(s.begin(), s.end(), std::mt19937(9));
    return s;
}

ScoreTable makeTable(std::size_t n) {
    auto t = ScoreTable::fromImpostorScores(uniformScores(n), ScoreTableInfo{"test-model", "uniform", n / 10, 3});
    REQUIRE(t.ok());
    return *t;
}

/// Share of the given scores at or above a threshold.
double shareAtOrAbove(const std::vector<float>& scores, float thr) {
    return static_cast<double>(std::count_if(scores.begin(), scores.end(), [&](float s) { return s >= thr; })) /
           static_cast<double>(scores.size());
}

} // namespace

TEST_CASE("ScoreTable maps FMR to thresholds that hold on its own scores", "[unit]") {
    const std::size_t n = 100000;
    const auto scores = uniformScores(n);
    auto table = ScoreTable::fromImpostorScores(scores, ScoreTableInfo{"m", "uniform", 1000, 3});
    REQUIRE(table.ok());
    CHECK(table->impostorCount() == n);
    CHECK(table->minSupportedFmr() == Approx(3.0 / n));
    CHECK(table->points().size() < 1000); // compact: dense at the strict end, ~2 % steps after
    for (double fmr : {3e-5, 1e-4, 3e-4, 1e-3, 1e-2, 0.1, 0.5}) {
        const auto lookup = table->thresholdForFmr(fmr);
        INFO("fmr " << fmr);
        CHECK_FALSE(lookup.clamped);
        CHECK(lookup.fmr == fmr);
        const double measured = shareAtOrAbove(scores, lookup.threshold);
        // Interpolation between measured points (≤ 2 % apart in rank): within 2 % plus one score.
        CHECK(std::abs(measured - fmr) <= 0.02 * fmr + 1.0 / n);
        CHECK(table->fmrAtScore(lookup.threshold) == Approx(fmr).epsilon(0.03));
    }
    // Stricter FMR → higher threshold.
    CHECK(table->thresholdForFmr(1e-4).threshold > table->thresholdForFmr(1e-3).threshold);
}

TEST_CASE("ScoreTable clamps an FMR it cannot support and says so", "[unit]") {
    const ScoreTable table = makeTable(10000); // supports down to 3e-4
    const auto lookup = table.thresholdForFmr(1e-6);
    CHECK(lookup.clamped);
    CHECK(lookup.requestedFmr == 1e-6);
    CHECK(lookup.fmr == Approx(3e-4));
    CHECK(lookup.threshold == table.thresholdForFmr(3e-4).threshold);
    CHECK_FALSE(table.thresholdForFmr(3e-4).clamped);
    // Scores above every impostor score are reported at the table's floor, not as zero.
    CHECK(table.fmrAtScore(0.99999f) == Approx(3e-4));
}

TEST_CASE("ScoreTable JSON round-trips and rejects damaged files", "[unit]") {
    const ScoreTable table = makeTable(20000);
    const test::TempDir dir;
    const auto path = dir.path() / "calibration.json";
    REQUIRE(table.save(path).ok());
    const auto back = ScoreTable::load(path);
    REQUIRE(back.ok());
    CHECK(back->info().modelId == "test-model");
    CHECK(back->info().dataset == "uniform");
    CHECK(back->info().datasetSize == 2000);
    CHECK(back->impostorCount() == 20000);
    CHECK(back->minSupportedFmr() == table.minSupportedFmr());
    REQUIRE(back->points().size() == table.points().size());
    for (double fmr : {1e-3, 1e-2}) {
        CHECK(back->thresholdForFmr(fmr).threshold == table.thresholdForFmr(fmr).threshold);
    }
    CHECK(ScoreTable::fromJson("{}").code() == ErrorCode::Corrupt);
    CHECK(ScoreTable::fromJson("not json").code() == ErrorCode::Corrupt);
    std::string broken = table.toJson();
    broken.replace(broken.find("\"points\""), 8, "\"pointz\"");
    CHECK(ScoreTable::fromJson(broken).code() == ErrorCode::Corrupt);
    CHECK(ScoreTable::load(dir.path() / "missing.json").code() == ErrorCode::NotFound);
    CHECK(ScoreTable::fromImpostorScores({0.1f}, ScoreTableInfo{}).code() == ErrorCode::InvalidArgument);
}

TEST_CASE("1:N threshold tightens as the gallery grows, FMR = FPIR / N", "[unit]") {
    const ThresholdPolicy policy(makeTable(1000000)); // supports down to 3e-6
    const Threshold t100 = policy.identification(100);
    const Threshold t1000 = policy.identification(1000);
    CHECK(t100.fmr == Approx(0.003 / 100));
    CHECK(t1000.fmr == Approx(0.003 / 1000));
    CHECK(t1000.score > t100.score);
    CHECK(t1000.gallerySize == 1000);
    CHECK(t1000.targetFpir == Approx(0.003));
    CHECK(t1000.expectedFalseRate == Approx(0.003).epsilon(0.002));
    CHECK(t1000.oneIn == Approx(1.0 / 0.003).epsilon(0.002));
    CHECK_FALSE(t1000.clamped);
    // N = 10,000 asks for 3e-7 < 3e-6: clamped to the strictest supported point and reported, never extrapolated.
    const Threshold t10k = policy.identification(10000);
    CHECK(t10k.clamped);
    CHECK(t10k.has(ReasonCode::ThresholdClamped));
    CHECK(t10k.requestedFmr == Approx(3e-7));
    CHECK(t10k.fmr == Approx(3e-6));
    CHECK(t10k.expectedFalseRate == Approx(1.0 - std::pow(1.0 - 3e-6, 10000)));
    CHECK(t10k.score >= t1000.score);

    const Threshold v = policy.verification();
    CHECK(v.mode == ThresholdMode::Verification);
    CHECK(v.fmr == Approx(1e-4));
    CHECK(v.oneIn == Approx(10000));
    CHECK(v.reasons.empty());
}

TEST_CASE("Age policy: under 14 and over 79 get a stricter threshold and a second look", "[unit]") {
    using D = year_month_day;
    const D today{year{2026}, month{11}, day{23}};
    CHECK(ThresholdPolicy::ageYears(D{year{2012}, month{11}, day{24}}, today) == 13);
    CHECK(ThresholdPolicy::ageYears(D{year{2012}, month{11}, day{23}}, today) == 14);
    CHECK(ThresholdPolicy::ageYears(D{year{1946}, month{11}, day{23}}, today) == 80);
    CHECK(ThresholdPolicy::ageYears(D{year{1946}, month{11}, day{24}}, today) == 79);
    CHECK(ThresholdPolicy::ageYears(D{year{2008}, month{2}, day{29}}, D{year{2026}, month{2}, day{28}}) == 17);
    CHECK(ThresholdPolicy::ageYears(D{year{2008}, month{2}, day{29}}, D{year{2026}, month{3}, day{1}}) == 18);
    CHECK_FALSE(ThresholdPolicy::ageYears(D{year{2027}, month{1}, day{1}}, today).has_value());
    CHECK_FALSE(ThresholdPolicy::ageYears(D{year{2020}, month{2}, day{30}}, today).has_value());

    const ThresholdPolicy policy(makeTable(1000000));
    const Decider decider(policy);
    const Threshold adult = policy.verification(40);
    const Threshold child = policy.verification(13);
    const Threshold elder = policy.verification(80);
    CHECK(adult.reasons.empty());
    CHECK(child.has(ReasonCode::AgeUnder14));
    CHECK(elder.has(ReasonCode::AgeOver79));
    CHECK(child.fmr == Approx(1e-5));
    CHECK(child.score > adult.score);
    CHECK(policy.verification(14).reasons.empty());
    CHECK(policy.verification(79).reasons.empty());

    // A score that clears the adult threshold by far: adult continues, child and elder always get a second look.
    const float high = std::min(1.f, child.score + 0.001f);
    const Outcome oAdult = decider.verify(Candidate{GalleryId{std::uint64_t{1}}, 0, high}, 40);
    const Outcome oChild = decider.verify(Candidate{GalleryId{std::uint64_t{1}}, 0, high}, 13);
    const Outcome oElder = decider.verify(Candidate{GalleryId{std::uint64_t{1}}, 0, high}, 85);
    CHECK(oAdult.kind() == OutcomeKind::Match);
    CHECK(oAdult.nextStep == NextStep::ContinueProcessing);
    CHECK(oChild.kind() == OutcomeKind::Match);
    CHECK(oChild.nextStep == NextStep::SecondLook);
    CHECK(oChild.has(ReasonCode::AgeUnder14));
    CHECK(oElder.nextStep == NextStep::SecondLook);
    CHECK(oElder.has(ReasonCode::AgeOver79));
    // Between the two thresholds: a match for an adult, not for a child.
    const float between = (adult.score + child.score) / 2.f;
    CHECK(decider.verify(Candidate{GalleryId{std::uint64_t{1}}, 0, between}, 30).kind() == OutcomeKind::Match);
    const Outcome childBetween = decider.verify(Candidate{GalleryId{std::uint64_t{1}}, 0, between}, 10);
    CHECK(childBetween.kind() == OutcomeKind::NoMatch);
    CHECK(childBetween.nextStep == NextStep::ManualCheck);
    CHECK(childBetween.has(ReasonCode::AgeUnder14));
}

TEST_CASE("Decider: match, no match, ambiguous, low quality, unavailable", "[unit]") {
    const ThresholdPolicy policy(makeTable(1000000));
    const Decider decider(policy);
    const std::size_t n = 500;
    const float thr = policy.identification(n).score;
    auto cand = [](std::uint64_t id, float s) { return Candidate{GalleryId{id}, static_cast<std::size_t>(id), s}; };

    const Outcome match = decider.identify({cand(1, thr + 0.1f), cand(2, thr - 0.2f)}, n);
    REQUIRE(match.kind() == OutcomeKind::Match);
    const auto& m = std::get<Match>(match.result);
    CHECK(m.candidate.id == GalleryId{std::uint64_t{1}});
    CHECK(m.threshold == thr);
    CHECK(m.fmr == Approx(0.003 / n));
    CHECK(m.scoreFmr < m.fmr);
    CHECK(match.nextStep == NextStep::ContinueProcessing);
    REQUIRE(match.threshold.has_value());
    CHECK(match.threshold->gallerySize == n);

    const Outcome none = decider.identify({cand(1, thr - 0.01f)}, n);
    CHECK(none.kind() == OutcomeKind::NoMatch);
    CHECK(none.nextStep == NextStep::ManualCheck);
    CHECK(none.has(ReasonCode::NoMatch));
    REQUIRE(std::get<NoMatch>(none.result).best.has_value());
    CHECK(decider.identify({}, 0).kind() == OutcomeKind::NoMatch);

    const float margin = policy.ambiguityMargin();
    const Outcome amb = decider.identify({cand(1, thr + 0.1f), cand(2, thr + 0.1f - margin / 2)}, n);
    CHECK(amb.kind() == OutcomeKind::Ambiguous);
    CHECK(amb.nextStep == NextStep::SecondLook);
    CHECK(std::get<Ambiguous>(amb.result).candidates.size() == 2);
    // Clear of the margin: a match again.
    CHECK(decider.identify({cand(1, thr + 0.1f), cand(2, thr + 0.1f - 2 * margin)}, n).kind() == OutcomeKind::Match);

    // The top candidate's age drives the age policy in 1:N.
    const Outcome childTop =
        decider.identify({cand(1, 1.0f)}, n, [](const Candidate&) { return std::optional<int>(8); });
    CHECK(childTop.kind() == OutcomeKind::Match);
    CHECK(childTop.nextStep == NextStep::SecondLook);
    CHECK(childTop.has(ReasonCode::AgeUnder14));

    const Outcome lq = Decider::lowQuality({{"sharpness", 12.0, 40.0}, {"inter_eye_px", 30.0, 60.0}});
    CHECK(lq.kind() == OutcomeKind::LowQuality);
    CHECK(lq.nextStep == NextStep::RetakeOrManualCheck);
    CHECK(std::get<LowQuality>(lq.result).measures.size() == 2);
    const Outcome un = Decider::unavailable("model_mismatch");
    CHECK(un.kind() == OutcomeKind::Unavailable);
    CHECK(un.nextStep == NextStep::ManualCheck);
    CHECK(reasonCodeName(ReasonCode::ThresholdClamped) == "threshold_clamped");
    CHECK(nextStepName(NextStep::SecondLook) == "second_look");
}
