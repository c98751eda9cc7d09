// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Calibration.h"

#include "match/Gallery.h"
#include "match/ScanKernels.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <random>
#include <set>

namespace portico::match {
namespace {

/// Keeps the `limit` pairs that rank first under `better` (a bounded heap).
class TopPairs {
public:
    TopPairs(std::size_t limit, bool highest) : m_limit(limit), m_highest(highest) {}
    void offer(std::size_t a, std::size_t b, float s) {
        if (m_limit == 0) {
            return;
        }
        if (m_heap.size() < m_limit) {
            m_heap.push_back({a, b, s});
            std::push_heap(m_heap.begin(), m_heap.end(), cmp());
        } else if (better(s, m_heap.front().score)) {
            std::pop_heap(m_heap.begin(), m_heap.end(), cmp());
            m_heap.back() = {a, b, s};
            std::push_heap(m_heap.begin(), m_heap.end(), cmp());
        }
    }
    std::vector<ScoredPair> sorted() const {
        auto v = m_heap;
        std::sort(v.begin(), v.end(),
                  [&](const ScoredPair& x, const ScoredPair& y) { return better(x.score, y.score); });
        return v;
    }

private:
    bool better(float x, float y) const { return m_highest ? x > y : x < y; }
    // The heap's front is the worst kept pair.
    std::function<bool(const ScoredPair&, const ScoredPair&)> cmp() const {
        return [this](const ScoredPair& x, const ScoredPair& y) { return better(x.score, y.score); };
    }
    std::size_t m_limit;
    bool m_highest;
    std::vector<ScoredPair> m_heap;
};

} // namespace

double silvermanBandwidth(const std::vector<float>& scores) {
    const std::size_t n = scores.size();
    if (n < 2) {
        return 0.05;
    }
    double mean = 0.0;
    for (float s : scores) {
        mean += s;
    }
    mean /= static_cast<double>(n);
    double var = 0.0;
    for (float s : scores) {
        var += (s - mean) * (s - mean);
    }
    const double sd = std::sqrt(var / static_cast<double>(n - 1));
    std::vector<float> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    const double iqr = sorted[n * 3 / 4] - sorted[n / 4];
    const double spread = std::min(sd, iqr / 1.34);
    return 0.9 * (spread > 0.0 ? spread : sd) * std::pow(static_cast<double>(n), -0.2);
}

double kernelDensity(const std::vector<float>& sorted, double x, double h) {
    if (sorted.empty() || !(h > 0.0)) {
        return 0.0;
    }
    // Only scores within 6 bandwidths contribute anything measurable.
    const auto lo = std::lower_bound(sorted.begin(), sorted.end(), static_cast<float>(x - 6.0 * h));
    const auto hi = std::upper_bound(sorted.begin(), sorted.end(), static_cast<float>(x + 6.0 * h));
    double sum = 0.0;
    for (auto it = lo; it != hi; ++it) {
        const double z = (x - *it) / h;
        sum += std::exp(-0.5 * z * z);
    }
    constexpr double kInvSqrt2Pi = 0.3989422804014327;
    return sum * kInvSqrt2Pi / (h * static_cast<double>(sorted.size()));
}

double ambiguityMarginAt(const std::vector<float>& sortedGenuine, double bandwidth, const TailModel& tail,
                         double threshold, double odds) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double t = std::max(threshold, static_cast<double>(tail.threshold));
    const double g0 = kernelDensity(sortedGenuine, t, bandwidth);
    const double f0 = tail.density(t);
    if (!(g0 > 0.0) || !(f0 > 0.0)) {
        return nan;
    }
    const double lr0 = g0 / f0;
    constexpr double kStep = 1e-4;
    for (double d = kStep; d <= 1.0; d += kStep) {
        const double f = tail.density(t + d);
        const double g = kernelDensity(sortedGenuine, t + d, bandwidth);
        if (f <= 0.0) {
            return g > 0.0 ? d : nan; // past the tail's end point: no impostor scores that high
        }
        if (g / f >= odds * lr0) {
            return d;
        }
    }
    return nan;
}

std::vector<LabelSuspect> auditLabels(const CalibrationInput& in, float threshold) {
    std::vector<LabelSuspect> out;
    const std::size_t rows = in.identities.size();
    if (in.dim == 0 || in.values.size() != rows * in.dim) {
        return out;
    }
    Gallery g(in.dim);
    g.reserve(rows);
    std::vector<std::size_t> rowIndex;
    std::map<std::string, std::uint32_t> labelOf;
    std::vector<std::string> names;
    std::vector<std::uint32_t> label;
    for (std::size_t i = 0; i < rows; ++i) {
        if (!g.add(GalleryId{static_cast<std::uint64_t>(i)},
                   std::span<const float>(in.values.data() + i * in.dim, in.dim))) {
            continue;
        }
        const auto [it, inserted] = labelOf.emplace(in.identities[i], static_cast<std::uint32_t>(labelOf.size()));
        if (inserted) {
            names.push_back(in.identities[i]);
        }
        label.push_back(it->second);
        rowIndex.push_back(i);
    }
    const std::size_t n = g.size();
    const std::size_t ids = names.size();
    std::vector<float> all(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        ScanKernels::dotF32(bestIsa(), g.row(i), g.data(), g.stride(), n, all.data() + i * n);
    }
    auto median = [](std::vector<float>& v) {
        if (v.empty()) {
            return std::numeric_limits<double>::quiet_NaN();
        }
        std::sort(v.begin(), v.end());
        const std::size_t m = v.size() / 2;
        return v.size() % 2 ? static_cast<double>(v[m]) : 0.5 * (static_cast<double>(v[m - 1]) + v[m]);
    };
    std::vector<std::vector<float>> per(ids);
    for (std::size_t i = 0; i < n; ++i) {
        for (auto& v : per) {
            v.clear();
        }
        for (std::size_t j = 0; j < n; ++j) {
            if (j != i) {
                per[label[j]].push_back(all[i * n + j]);
            }
        }
        const double own = median(per[label[i]]);
        double best = -2.0;
        std::size_t bestId = 0;
        std::size_t bestPairs = 0;
        for (std::size_t l = 0; l < ids; ++l) {
            if (l == label[i] || per[l].empty()) {
                continue;
            }
            const std::size_t pairs = per[l].size();
            const double m = median(per[l]);
            if (m > best) {
                best = m;
                bestId = l;
                bestPairs = pairs;
            }
        }
        if (best >= threshold && !(own >= best)) {
            const std::string subject = in.images.empty() ? in.identities[rowIndex[i]] : in.images[rowIndex[i]];
            out.push_back({LabelSuspect::Kind::Image, subject, names[bestId], own, best, bestPairs});
        }
    }
    std::vector<std::vector<std::size_t>> rowsOf(ids);
    for (std::size_t i = 0; i < n; ++i) {
        rowsOf[label[i]].push_back(i);
    }
    std::vector<float> cross;
    for (std::uint32_t a = 0; a < ids; ++a) {
        for (std::uint32_t b = a + 1; b < ids; ++b) {
            cross.clear();
            for (std::size_t i : rowsOf[a]) {
                for (std::size_t j : rowsOf[b]) {
                    cross.push_back(all[i * n + j]);
                }
            }
            const std::size_t pairs = cross.size();
            const double m = median(cross);
            if (m >= threshold) {
                out.push_back({LabelSuspect::Kind::Identity, names[a], names[b],
                               std::numeric_limits<double>::quiet_NaN(), m, pairs});
            }
        }
    }
    return out;
}

Result<CalibrationReport> calibrate(const CalibrationInput& in, const CalibrationOptions& o) {
    const std::size_t rows = in.identities.size();
    if (in.dim == 0 || in.values.size() != rows * in.dim || (!in.images.empty() && in.images.size() != rows)) {
        return makeError(ErrorCode::InvalidArgument, "calibration input: rows, labels and values disagree");
    }
    CalibrationReport r;
    r.rows = rows;
    Gallery g(in.dim);
    g.reserve(rows);
    std::map<std::string, std::uint32_t> labelOf;
    std::vector<std::uint32_t> rowLabel;
    std::vector<std::size_t> rowIndex; // gallery slot → input row
    for (std::size_t i = 0; i < rows; ++i) {
        if (!g.add(GalleryId{static_cast<std::uint64_t>(i)},
                   std::span<const float>(in.values.data() + i * in.dim, in.dim))) {
            ++r.rowsSkipped; // zero or non-finite vector
            continue;
        }
        const auto [it, inserted] = labelOf.emplace(in.identities[i], static_cast<std::uint32_t>(labelOf.size()));
        rowLabel.push_back(it->second);
        rowIndex.push_back(i);
    }
    r.identities = labelOf.size();
    const std::size_t n = g.size();
    if (n < 2) {
        return makeError(ErrorCode::InvalidArgument, "calibration input: fewer than two usable templates");
    }
    std::vector<float> impostor;
    std::vector<std::uint32_t> impostorA; // identity labels of each impostor pair, for the check's splits
    std::vector<std::uint32_t> impostorB;
    impostor.reserve(n * (n - 1) / 2);
    TopPairs top(o.topPairs, true);
    TopPairs low(o.topPairs, false);
    std::vector<float> scores(n);
    const Isa isa = bestIsa();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const std::size_t m = n - i - 1;
        ScanKernels::dotF32(isa, g.row(i), g.row(i + 1), g.stride(), m, scores.data());
        for (std::size_t j = 0; j < m; ++j) {
            const std::size_t b = i + 1 + j;
            const float s = scores[j];
            if (rowLabel[i] == rowLabel[b]) {
                r.genuine.push_back(s);
                low.offer(rowIndex[i], rowIndex[b], s);
            } else {
                impostor.push_back(s);
                if (o.withTail) {
                    impostorA.push_back(rowLabel[i]);
                    impostorB.push_back(rowLabel[b]);
                }
                top.offer(rowIndex[i], rowIndex[b], s);
            }
        }
    }
    r.topImpostors = top.sorted();
    r.lowGenuine = low.sorted();
    if (impostor.size() < o.minFalseMatches) {
        return makeError(ErrorCode::InvalidArgument, "calibration input: too few impostor pairs");
    }

    ScoreTableInfo info;
    info.modelId = in.modelId;
    info.dataset = in.dataset;
    info.datasetSize = n;
    info.minFalseMatches = o.minFalseMatches;
    const std::uint64_t impostorCount = impostor.size();
    std::vector<float> forTail = o.withTail ? impostor : std::vector<float>();
    auto table = ScoreTable::fromImpostorScores(std::move(impostor), info);
    if (!table) {
        return table.error();
    }
    r.table = std::move(table.value());
    r.table.setProvenance({r.identities, r.genuine.size(), in.created, in.labelCorrections});
    if (!o.withTail) {
        return r;
    }

    // The tail model on every impostor score, used from the resolution down 10^decades further.
    auto tailK = [&](std::uint64_t count) {
        return std::max<std::size_t>(50,
                                     static_cast<std::size_t>(std::llround(o.tailShare * static_cast<double>(count))));
    };
    // The highest impostor pairs, best first, with their identities: the tail model's exceedances are the first of
    // them, and each check split's fit and counts are taken from them when that is exact (the split's top k + 1 fit
    // scores and every threshold lie above the list's lowest score), which saves partitioning 2.7 million scores ten
    // times; otherwise the split is scored in full.
    const std::size_t topM =
        std::min<std::size_t>(forTail.size(), std::max<std::size_t>(200000, 50 * tailK(impostorCount)));
    float floorScore = 0.f;
    {
        std::vector<float> copy = forTail;
        std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(topM - 1), copy.end(),
                         std::greater<float>());
        floorScore = copy[topM - 1];
    }
    std::vector<std::uint32_t> highest;
    highest.reserve(topM + 64);
    for (std::size_t p = 0; p < forTail.size(); ++p) {
        if (forTail[p] >= floorScore) {
            highest.push_back(static_cast<std::uint32_t>(p));
        }
    }
    std::sort(highest.begin(), highest.end(),
              [&](std::uint32_t x, std::uint32_t y) { return forTail[x] > forTail[y]; });
    const std::size_t globalK = tailK(impostorCount);
    if (highest.size() <= globalK || impostorCount <= globalK) {
        return r; // too few scores for a model: below the resolution the table clamps
    }
    std::vector<double> excess;
    const float globalU = forTail[highest[globalK]];
    for (std::size_t i = 0; i < globalK; ++i) {
        if (static_cast<double>(forTail[highest[i]]) - globalU > 0.0) {
            excess.push_back(static_cast<double>(forTail[highest[i]]) - globalU);
        }
    }
    auto model = TailModel::fitExceedances(excess, globalU, impostorCount, o.exponentialTail);
    if (!model) {
        return r; // too few scores for a model: below the resolution the table clamps
    }
    model->minFmr = r.table.minSupportedFmr() * std::pow(10.0, -o.extrapolationDecades);

    // The same recipe checked on held-back pairs: per split, a seeded share of the identities (or of the pairs) fits
    // it, and its predictions from √10 to 10^decades below that part's own resolution are counted on the rest.
    TailValidation v;
    v.splits = o.checkSplits;
    v.fitShare = o.checkFitShare;
    v.tolerance = o.checkTolerance;
    std::vector<double> decades;
    for (double d = 0.5; d <= o.extrapolationDecades + 1e-9; d += 0.5) {
        decades.push_back(d);
        v.points.push_back({d, 0.0, 0, 0.0, std::numeric_limits<double>::infinity(), 0.0});
    }
    std::vector<std::uint64_t> imagesOf(labelOf.size(), 0);
    for (auto l : rowLabel) {
        ++imagesOf[l];
    }
    std::vector<float> fitPart;
    std::vector<float> heldPart;
    for (std::size_t split = 0; split < o.checkSplits; ++split) {
        std::mt19937_64 rng(o.seed + split);
        std::vector<std::uint32_t> labels(labelOf.size());
        std::iota(labels.begin(), labels.end(), 0u);
        std::shuffle(labels.begin(), labels.end(), rng);
        std::vector<char> inFit(labelOf.size(), 0);
        const auto fitCount =
            static_cast<std::size_t>(std::llround(o.checkFitShare * static_cast<double>(labels.size())));
        for (std::size_t i = 0; i < fitCount && i < labels.size(); ++i) {
            inFit[labels[i]] = 1;
        }
        std::optional<TailCheck> fast;
        double fitResolution = 1.0;
        std::vector<double> fmrs;
        if (!o.checkSplitByPair) {
            std::uint64_t sum = 0;
            std::uint64_t sumSquares = 0;
            for (std::size_t l = 0; l < imagesOf.size(); ++l) {
                if (inFit[l]) {
                    sum += imagesOf[l];
                    sumSquares += imagesOf[l] * imagesOf[l];
                }
            }
            const std::uint64_t fitPairs = (sum * sum - sumSquares) / 2;
            const std::uint64_t heldPairs = impostorCount - fitPairs;
            fitResolution =
                fitPairs == 0 ? 1.0 : static_cast<double>(o.minFalseMatches) / static_cast<double>(fitPairs);
            for (double d : decades) {
                fmrs.push_back(fitResolution * std::pow(10.0, -d));
            }
            const std::size_t k = tailK(fitPairs);
            std::vector<float> fitTop;
            for (std::uint32_t p : highest) {
                if (inFit[impostorA[p]] && inFit[impostorB[p]]) {
                    fitTop.push_back(forTail[p]);
                    if (fitTop.size() == k + 1) {
                        break;
                    }
                }
            }
            if (fitPairs > k && heldPairs > 0 && fitTop.size() == k + 1 && fitTop.back() > floorScore) {
                const float u = fitTop.back();
                std::vector<double> y;
                for (std::size_t i = 0; i < k; ++i) {
                    if (static_cast<double>(fitTop[i]) - u > 0.0) {
                        y.push_back(static_cast<double>(fitTop[i]) - u);
                    }
                }
                auto m = TailModel::fitExceedances(y, u, fitPairs, o.exponentialTail);
                if (m) {
                    TailCheck c;
                    c.fitComparisons = fitPairs;
                    c.heldComparisons = heldPairs;
                    c.fitResolution = fitResolution;
                    c.model = m.value();
                    bool exact = true;
                    for (double f : fmrs) {
                        TailCheckPoint cp;
                        cp.fmr = f;
                        cp.threshold = c.model.thresholdFor(f);
                        exact = exact && cp.threshold > static_cast<double>(floorScore);
                        cp.expected = f * static_cast<double>(heldPairs);
                        for (std::uint32_t p : highest) {
                            if (static_cast<double>(forTail[p]) < cp.threshold) {
                                break;
                            }
                            cp.observed += inFit[impostorA[p]] && inFit[impostorB[p]] ? 0 : 1;
                        }
                        cp.empiricalFmr = static_cast<double>(cp.observed) / static_cast<double>(heldPairs);
                        cp.pValue = poissonTwoSidedP(cp.observed, cp.expected);
                        c.minPValue = std::min(c.minPValue, cp.pValue);
                        c.points.push_back(cp);
                    }
                    c.passed = c.minPValue >= 0.01;
                    if (exact) {
                        fast = std::move(c);
                    }
                }
            }
        }
        Result<TailCheck> check = makeError(ErrorCode::Unknown, "not checked");
        if (fast) {
            check = std::move(*fast);
        } else {
            std::uniform_real_distribution<double> pick(0.0, 1.0);
            fitPart.clear();
            heldPart.clear();
            for (std::size_t p = 0; p < forTail.size(); ++p) {
                const bool fit =
                    o.checkSplitByPair ? pick(rng) < o.checkFitShare : inFit[impostorA[p]] && inFit[impostorB[p]];
                (fit ? fitPart : heldPart).push_back(forTail[p]);
            }
            fitResolution =
                fitPart.empty() ? 1.0 : static_cast<double>(o.minFalseMatches) / static_cast<double>(fitPart.size());
            fmrs.clear();
            for (double d : decades) {
                fmrs.push_back(fitResolution * std::pow(10.0, -d));
            }
            check = checkTail(fitPart, heldPart, tailK(fitPart.size()), fmrs, o.minFalseMatches, o.exponentialTail);
        }
        if (!check) {
            return r; // a split too small for the recipe: no check, so below the resolution the table clamps
        }
        check->model.minFmr = fitResolution * std::pow(10.0, -o.extrapolationDecades);
        v.fitResolution += fitResolution / static_cast<double>(o.checkSplits);
        for (std::size_t k = 0; k < decades.size(); ++k) {
            const auto& cp = check->points[k];
            auto& vp = v.points[k];
            vp.expected += cp.expected;
            vp.observed += cp.observed;
            if (cp.expected > 0.0) {
                const double ratio = static_cast<double>(cp.observed) / cp.expected;
                vp.minRatio = std::min(vp.minRatio, ratio);
                vp.maxRatio = std::max(vp.maxRatio, ratio);
            }
        }
        r.splitChecks.push_back(std::move(check.value()));
    }
    v.passed = !v.points.empty();
    for (auto& vp : v.points) {
        vp.ratio = vp.expected > 0.0 ? static_cast<double>(vp.observed) / vp.expected : 0.0;
        v.passed = v.passed && vp.ratio >= 1.0 / o.checkTolerance && vp.ratio <= o.checkTolerance;
    }
    r.check = v;
    forTail.clear();
    forTail.shrink_to_fit();
    if (!v.passed) {
        return r; // the recipe did not predict held-back pairs: below the resolution the table clamps
    }
    r.table.setTail(model.value(), v);

    // The ambiguity margin: the largest of those derived at the 1:N thresholds of the galleries considered.
    std::vector<float> sortedGenuine = r.genuine;
    std::sort(sortedGenuine.begin(), sortedGenuine.end());
    const double bw = silvermanBandwidth(sortedGenuine);
    std::optional<AmbiguityDerivation> best;
    for (std::size_t gallery : o.ambiguityGalleries) {
        const auto at =
            r.table.thresholdForFmr(o.ambiguityFpir / static_cast<double>(std::max<std::size_t>(1, gallery)));
        const double margin = ambiguityMarginAt(sortedGenuine, bw, *r.table.tail(), at.threshold, o.ambiguityOdds);
        if (std::isfinite(margin) && (!best || margin > best->margin)) {
            best = AmbiguityDerivation{static_cast<float>(margin), o.ambiguityOdds, at.threshold, gallery,
                                       o.ambiguityFpir};
        }
    }
    if (best) {
        r.table.setAmbiguity(*best);
    }
    return r;
}

} // namespace portico::match
