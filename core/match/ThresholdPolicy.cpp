// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/ThresholdPolicy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

namespace portico::match {

bool Threshold::has(ReasonCode r) const {
    return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

ThresholdPolicy::ThresholdPolicy(ScoreTable table, ThresholdPolicyConfig config)
    : m_table(std::move(table)), m_config(config) {}

Threshold ThresholdPolicy::make(ThresholdMode mode, double fmr, std::size_t n, std::optional<int> ageYears) const {
    Threshold t;
    t.mode = mode;
    t.gallerySize = n;
    t.ageYears = ageYears;
    if (ageYears) {
        if (*ageYears < m_config.youngerThanYears) {
            t.reasons.push_back(ReasonCode::AgeUnder14);
        } else if (*ageYears > m_config.olderThanYears) {
            t.reasons.push_back(ReasonCode::AgeOver79);
        }
    }
    if (t.ageSecondLook()) {
        fmr *= m_config.ageFmrFactor;
    }
    const FmrLookup lookup = m_table.thresholdForFmr(fmr);
    t.score = lookup.threshold;
    t.requestedFmr = lookup.requestedFmr;
    t.fmr = lookup.fmr;
    t.clamped = lookup.clamped;
    t.estimated = lookup.estimated;
    if (t.clamped) {
        t.reasons.push_back(ReasonCode::ThresholdClamped);
    }
    if (t.estimated) {
        t.reasons.push_back(ReasonCode::ThresholdEstimated);
    }
    // Chance of a false match per comparison (1:1), or of at least one false candidate per non-mated search (1:N,
    // ≈ N × FMR for small rates; we state the exact 1 - (1 - FMR)^N).
    t.expectedFalseRate = mode == ThresholdMode::Identification
                              ? -std::expm1(static_cast<double>(n) * std::log1p(-std::min(t.fmr, 1.0 - 1e-16)))
                              : t.fmr;
    t.oneIn = t.expectedFalseRate > 0.0 ? 1.0 / t.expectedFalseRate : 0.0;
    return t;
}

Threshold ThresholdPolicy::verification(std::optional<int> ageYears) const {
    return make(ThresholdMode::Verification, m_config.verificationFmr, 1, ageYears);
}

Threshold ThresholdPolicy::identification(std::size_t gallerySize, std::optional<int> ageYears) const {
    const std::size_t n = std::max<std::size_t>(gallerySize, 1);
    Threshold t =
        make(ThresholdMode::Identification, m_config.identificationFpir / static_cast<double>(n), n, ageYears);
    t.targetFpir = m_config.identificationFpir * (t.ageSecondLook() ? m_config.ageFmrFactor : 1.0);
    return t;
}

ThresholdPolicyConfig ThresholdPolicyConfig::fromOperatingPoint(const config::OperatingPointConfig& op) {
    ThresholdPolicyConfig c;
    c.verificationFmr = op.verificationFmr;
    c.identificationFpir = op.identificationFpir;
    c.ageFmrFactor = op.ageFmrFactor;
    c.youngerThanYears = op.youngerThanYears;
    c.olderThanYears = op.olderThanYears;
    if (op.ambiguityMargin) {
        c.ambiguityMargin = static_cast<float>(*op.ambiguityMargin);
    }
    return c;
}

float ThresholdPolicy::ambiguityMargin() const {
    if (m_config.ambiguityMargin) {
        return *m_config.ambiguityMargin;
    }
    if (m_table.ambiguity()) {
        return m_table.ambiguity()->margin;
    }
    return ThresholdPolicyConfig::kFallbackAmbiguityMargin;
}

ThresholdPolicy::MarginSource ThresholdPolicy::ambiguityMarginSource() const {
    if (m_config.ambiguityMargin) {
        return MarginSource::Configured;
    }
    return m_table.ambiguity() ? MarginSource::Calibrated : MarginSource::Fallback;
}

Status ThresholdPolicy::checkSupported() const {
    for (const double fmr : {m_config.verificationFmr, m_config.verificationFmr * m_config.ageFmrFactor}) {
        if (m_table.thresholdForFmr(fmr).clamped) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "a 1:1 false-match rate of %.3g (%s) is below what the calibration table supports (%.3g)",
                          fmr, fmr == m_config.verificationFmr ? "verificationFmr" : "verificationFmr x ageFmrFactor",
                          m_table.minUsableFmr());
            return makeError(ErrorCode::ConfigInvalid, buf);
        }
    }
    return {};
}

std::size_t ThresholdPolicy::largestMeasuredGallery() const {
    return static_cast<std::size_t>(std::floor(m_config.identificationFpir / m_table.minSupportedFmr() * (1.0 + 1e-9)));
}

std::size_t ThresholdPolicy::largestSupportedGallery() const {
    return static_cast<std::size_t>(std::floor(m_config.identificationFpir / m_table.minUsableFmr() * (1.0 + 1e-9)));
}

OperatingPointSummary ThresholdPolicy::summary(std::size_t smallN, std::size_t largeN) const {
    OperatingPointSummary s;
    s.config = m_config;
    s.verification = verification();
    s.identificationSmall = identification(smallN);
    s.identificationLarge = identification(largeN);
    s.largestMeasuredGallery = largestMeasuredGallery();
    s.largestSupportedGallery = largestSupportedGallery();
    s.ambiguityMargin = ambiguityMargin();
    s.marginSource = ambiguityMarginSource();
    s.table = m_table.info();
    s.provenance = m_table.provenance();
    s.impostorComparisons = m_table.impostorCount();
    return s;
}

std::optional<int> ThresholdPolicy::ageYears(std::chrono::year_month_day dateOfBirth,
                                             std::chrono::year_month_day today) {
    if (!dateOfBirth.ok() || !today.ok() || std::chrono::sys_days(dateOfBirth) > std::chrono::sys_days(today)) {
        return std::nullopt;
    }
    int years = static_cast<int>(today.year()) - static_cast<int>(dateOfBirth.year());
    const unsigned tm = static_cast<unsigned>(today.month());
    const unsigned bm = static_cast<unsigned>(dateOfBirth.month());
    if (tm < bm || (tm == bm && static_cast<unsigned>(today.day()) < static_cast<unsigned>(dateOfBirth.day()))) {
        --years; // birthday not reached yet this year (29 February counts from 1 March in common years)
    }
    return years;
}

} // namespace portico::match
