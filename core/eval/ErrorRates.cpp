// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/ErrorRates.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace portico::eval {

ErrorRates::ErrorRates(std::vector<double> genuine, std::vector<double> impostor)
    : m_genuine(std::move(genuine)), m_impostor(std::move(impostor)) {
    // NaN scores are treated as failures (−inf) so they never count as matches.
    for (auto* v : {&m_genuine, &m_impostor}) {
        for (auto& s : *v) {
            if (std::isnan(s)) {
                s = -std::numeric_limits<double>::infinity();
            }
        }
        std::sort(v->begin(), v->end());
    }
}

double ErrorRates::fmrAt(double threshold) const {
    if (m_impostor.empty()) {
        return 0.0;
    }
    const auto it = std::lower_bound(m_impostor.begin(), m_impostor.end(), threshold);
    return static_cast<double>(m_impostor.end() - it) / static_cast<double>(m_impostor.size());
}

double ErrorRates::fnmrAt(double threshold) const {
    if (m_genuine.empty()) {
        return 0.0;
    }
    const auto it = std::lower_bound(m_genuine.begin(), m_genuine.end(), threshold);
    return static_cast<double>(it - m_genuine.begin()) / static_cast<double>(m_genuine.size());
}

std::vector<DetPoint> ErrorRates::det() const {
    std::vector<double> t;
    t.reserve(m_genuine.size() + m_impostor.size() + 1);
    t.insert(t.end(), m_genuine.begin(), m_genuine.end());
    t.insert(t.end(), m_impostor.begin(), m_impostor.end());
    std::sort(t.begin(), t.end());
    t.erase(std::unique(t.begin(), t.end()), t.end());
    t.push_back(std::numeric_limits<double>::infinity());
    std::vector<DetPoint> out;
    out.reserve(t.size());
    for (double th : t) {
        out.push_back({th, fmrAt(th), fnmrAt(th)});
    }
    return out;
}

double ErrorRates::eer() const {
    if (m_genuine.empty() || m_impostor.empty()) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const auto curve = det(); // thresholds ascending: FMR falls, FNMR rises
    for (std::size_t i = 0; i < curve.size(); ++i) {
        const DetPoint& c = curve[i];
        if (c.fnmr >= c.fmr) {
            if (i == 0) {
                return c.fmr; // FNMR ≥ FMR already at the lowest threshold (both 0 or FNMR from failures)
            }
            const DetPoint& p = curve[i - 1];
            const double d1 = p.fmr - p.fnmr; // > 0
            const double d2 = c.fnmr - c.fmr; // ≥ 0
            const double lambda = d1 / (d1 + d2);
            return p.fnmr + lambda * (c.fnmr - p.fnmr);
        }
    }
    return curve.back().fnmr;
}

OperatingPoint ErrorRates::atFmr(double targetFmr) const {
    OperatingPoint op;
    op.targetFmr = targetFmr;
    const auto n = m_impostor.size();
    op.resolved = static_cast<double>(n) * targetFmr >= 1.0;
    // Allowed false matches; the threshold sits just above the (k+1)-th highest impostor score.
    const auto k = static_cast<std::size_t>(std::floor(targetFmr * static_cast<double>(n) + 1e-9));
    if (n == 0 || k >= n) {
        op.threshold = -std::numeric_limits<double>::infinity();
    } else {
        const double s = m_impostor[n - 1 - k];
        op.threshold = std::isinf(s) && s < 0 ? -std::numeric_limits<double>::max()
                                              : std::nextafter(s, std::numeric_limits<double>::infinity());
    }
    op.fmr = fmrAt(op.threshold);
    op.fnmr = fnmrAt(op.threshold);
    return op;
}

} // namespace portico::eval
