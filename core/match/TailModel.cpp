// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/TailModel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace portico::match {
namespace {

constexpr std::size_t kMinExceedances = 50;
constexpr double kMinShape = -0.5; // below it the likelihood is irregular (unbounded at the end point)
constexpr double kZeroShape = 1e-9;

struct Profile {
    double logLik = -std::numeric_limits<double>::infinity();
    double shape = 0.0;
    double scale = 0.0;
};

/// Profile log-likelihood at θ = ξ/σ (Grimshaw): ξ(θ) = mean log(1 + θy), σ = ξ/θ.
Profile profileAt(const std::vector<double>& y, double theta, double meanY) {
    Profile p;
    const double k = static_cast<double>(y.size());
    if (std::abs(theta) * meanY < 1e-12) {
        p.shape = 0.0;
        p.scale = meanY;
        p.logLik = -k * std::log(meanY) - k;
        return p;
    }
    double sum = 0.0;
    for (double v : y) {
        const double a = 1.0 + theta * v;
        if (!(a > 0.0)) {
            return p;
        }
        sum += std::log(a);
    }
    const double xi = sum / k;
    const double sigma = xi / theta;
    if (!(sigma > 0.0) || xi < kMinShape) {
        return p;
    }
    p.shape = xi;
    p.scale = sigma;
    p.logLik = -k * std::log(sigma) - (1.0 + 1.0 / xi) * sum;
    return p;
}

} // namespace

double TailModel::fmrAt(double score) const {
    if (score <= threshold) {
        return exceedanceFmr;
    }
    const double z = (score - threshold) / scale;
    if (std::abs(shape) < kZeroShape) {
        return exceedanceFmr * std::exp(-z);
    }
    const double a = 1.0 + shape * z;
    if (a <= 0.0) {
        return 0.0;
    }
    return exceedanceFmr * std::pow(a, -1.0 / shape);
}

double TailModel::thresholdFor(double fmr) const {
    const double r = std::clamp(fmr / exceedanceFmr, std::numeric_limits<double>::min(), 1.0);
    if (std::abs(shape) < kZeroShape) {
        return threshold - scale * std::log(r);
    }
    return threshold + scale / shape * (std::pow(r, -shape) - 1.0);
}

double TailModel::density(double score) const {
    const double z = std::max(0.0, (score - threshold) / scale);
    if (std::abs(shape) < kZeroShape) {
        return exceedanceFmr / scale * std::exp(-z);
    }
    const double a = 1.0 + shape * z;
    if (a <= 0.0) {
        return 0.0;
    }
    return exceedanceFmr / scale * std::pow(a, -1.0 / shape - 1.0);
}

Result<TailModel> TailModel::fitExceedances(const std::vector<double>& y, float u, std::uint64_t impostorCount,
                                            bool exponential) {
    if (y.size() < kMinExceedances || impostorCount <= y.size()) {
        return makeError(ErrorCode::InvalidArgument, "too few impostor scores for a tail model");
    }
    double meanY = 0.0;
    double maxY = 0.0;
    for (double v : y) {
        if (!(v > 0.0) || !std::isfinite(v)) {
            return makeError(ErrorCode::InvalidArgument, "tail exceedances must be positive and finite");
        }
        meanY += v;
        maxY = std::max(maxY, v);
    }
    meanY /= static_cast<double>(y.size());
    if (exponential) {
        TailModel m;
        m.threshold = u;
        m.exceedances = y.size();
        m.exceedanceFmr = static_cast<double>(y.size()) / static_cast<double>(impostorCount);
        m.shape = 0.0;
        m.scale = meanY;
        return m;
    }
    // θ = z / max(y), z in (−1, 10^4]: a grid, then golden-section search around the best grid point.
    std::vector<double> zs;
    for (int i = 1; i <= 200; ++i) {
        zs.push_back(-1.0 + std::pow(10.0, -9.0 + 9.0 * i / 200.0)); // −1 + 1e-9 … 0
    }
    for (int i = 0; i <= 200; ++i) {
        zs.push_back(std::pow(10.0, -6.0 + 10.0 * i / 200.0)); // 1e-6 … 1e4
    }
    std::sort(zs.begin(), zs.end());
    zs.erase(std::unique(zs.begin(), zs.end()), zs.end());
    std::size_t best = 0;
    std::vector<Profile> grid;
    for (std::size_t i = 0; i < zs.size(); ++i) {
        grid.push_back(profileAt(y, zs[i] / maxY, meanY));
        if (grid[i].logLik > grid[best].logLik) {
            best = i;
        }
    }
    if (!std::isfinite(grid[best].logLik)) {
        return makeError(ErrorCode::InvalidArgument, "the tail model does not fit these scores");
    }
    double lo = zs[best == 0 ? 0 : best - 1];
    double hi = zs[std::min(best + 1, zs.size() - 1)];
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    auto f = [&](double z) { return profileAt(y, z / maxY, meanY).logLik; };
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = f(a);
    double fb = f(b);
    for (int it = 0; it < 100 && hi - lo > 1e-12 * (1.0 + std::abs(lo)); ++it) {
        if (fa > fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - g * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + g * (hi - lo);
            fb = f(b);
        }
    }
    Profile p = profileAt(y, 0.5 * (lo + hi) / maxY, meanY);
    if (!(p.logLik >= grid[best].logLik)) {
        p = grid[best];
    }
    // θ → 0 is the exponential tail: compare with it too.
    const Profile expo = profileAt(y, 0.0, meanY);
    if (expo.logLik > p.logLik) {
        p = expo;
    }
    TailModel m;
    m.threshold = u;
    m.exceedances = y.size();
    m.exceedanceFmr = static_cast<double>(y.size()) / static_cast<double>(impostorCount);
    m.shape = p.shape;
    m.scale = p.scale;
    return m;
}

Result<TailModel> TailModel::fit(std::vector<float> scores, std::size_t k, bool exponential) {
    if (k < kMinExceedances || scores.size() <= k) {
        return makeError(ErrorCode::InvalidArgument, "too few impostor scores for a tail model");
    }
    std::nth_element(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(k), scores.end(),
                     std::greater<float>());
    const float u = scores[k];
    std::vector<double> y;
    y.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
        const double e = static_cast<double>(scores[i]) - u;
        if (e > 0.0) {
            y.push_back(e);
        }
    }
    return fitExceedances(y, u, scores.size(), exponential);
}

double poissonTwoSidedP(std::uint64_t observed, double expected) {
    if (!(expected > 0.0)) {
        return observed == 0 ? 1.0 : 0.0;
    }
    const double lam = expected;
    auto logPmf = [&](std::uint64_t x) {
        const double xd = static_cast<double>(x);
        return xd * std::log(lam) - lam - std::lgamma(xd + 1.0);
    };
    double lower = 0.0; // P(X ≤ observed)
    for (std::uint64_t x = 0; x <= observed; ++x) {
        lower += std::exp(logPmf(x));
    }
    const double upper = 1.0 - lower + std::exp(logPmf(observed)); // P(X ≥ observed)
    return std::min(1.0, 2.0 * std::min(std::min(lower, 1.0), std::max(upper, 0.0)));
}

Result<TailCheck> checkTail(std::vector<float> fit, const std::vector<float>& held, std::size_t k,
                            const std::vector<double>& fmrs, std::uint64_t minFalseMatches, bool exponential) {
    if (held.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no held-back impostor scores");
    }
    TailCheck c;
    c.fitComparisons = fit.size();
    c.heldComparisons = held.size();
    c.fitResolution = fit.empty() ? 1.0 : static_cast<double>(minFalseMatches) / static_cast<double>(fit.size());
    auto model = TailModel::fit(std::move(fit), k, exponential);
    if (!model) {
        return model.error();
    }
    c.model = model.value();
    c.minPValue = 1.0;
    for (double f : fmrs) {
        TailCheckPoint p;
        p.fmr = f;
        p.threshold = c.model.thresholdFor(f);
        p.expected = f * static_cast<double>(held.size());
        p.observed = static_cast<std::uint64_t>(
            std::count_if(held.begin(), held.end(), [&](float s) { return static_cast<double>(s) >= p.threshold; }));
        p.empiricalFmr = static_cast<double>(p.observed) / static_cast<double>(held.size());
        p.pValue = poissonTwoSidedP(p.observed, p.expected);
        c.minPValue = std::min(c.minPValue, p.pValue);
        c.points.push_back(p);
    }
    c.passed = c.minPValue >= 0.01;
    return c;
}

} // namespace portico::match
