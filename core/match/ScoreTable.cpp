// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/ScoreTable.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

namespace portico::match {

namespace {

constexpr const char* kFormat = "portico.score-table";
constexpr int kVersion = 2; // 1: no tail model, ambiguity or provenance beyond the data set
/// Exact points for the strictest ranks, then one point every ~2 % of rank.
constexpr std::uint64_t kDenseRanks = 64;
constexpr double kRankGrowth = 1.02;

} // namespace

Result<ScoreTable> ScoreTable::fromImpostorScores(std::vector<float> scores, ScoreTableInfo info) {
    if (info.minFalseMatches == 0) {
        info.minFalseMatches = 1;
    }
    if (scores.size() < info.minFalseMatches) {
        return makeError(ErrorCode::InvalidArgument, "too few impostor scores to build a score table");
    }
    for (float s : scores) {
        if (!std::isfinite(s)) {
            return makeError(ErrorCode::InvalidArgument, "impostor score is not finite");
        }
    }
    std::sort(scores.begin(), scores.end(), std::greater<float>());
    const std::uint64_t n = scores.size();
    ScoreTable t;
    t.m_info = std::move(info);
    t.m_impostorCount = n;
    // Rank r (1-based): threshold = r-th highest score; FMR = share of scores ≥ threshold (ties included).
    std::uint64_t r = 1;
    while (true) {
        const float thr = scores[r - 1];
        // Every score equal to thr counts as a match at this threshold.
        const auto last = std::upper_bound(scores.begin(), scores.end(), thr, std::greater<float>());
        const auto count = static_cast<std::uint64_t>(last - scores.begin());
        if (t.m_points.empty() || t.m_points.back().score != thr) {
            t.m_points.push_back({thr, static_cast<double>(count) / static_cast<double>(n)});
        }
        if (count >= n) {
            break;
        }
        std::uint64_t next =
            r < kDenseRanks ? r + 1 : static_cast<std::uint64_t>(std::ceil(static_cast<double>(r) * kRankGrowth));
        next = std::max(next, count + 1);
        r = std::min(next, n);
    }
    return t;
}

double ScoreTable::minSupportedFmr() const {
    if (m_impostorCount == 0) {
        return 1.0;
    }
    return std::min(1.0, static_cast<double>(m_info.minFalseMatches) / static_cast<double>(m_impostorCount));
}

double ScoreTable::minUsableFmr() const {
    if (m_tail && m_tail->valid()) {
        return std::min(minSupportedFmr(), m_tail->minFmr);
    }
    return minSupportedFmr();
}

void ScoreTable::setTail(TailModel model, std::optional<TailValidation> check) {
    m_tail = model;
    m_tailCheck = std::move(check);
}

Status ScoreTable::requireModel(const std::string& engineModelId) const {
    if (m_info.modelId != engineModelId) {
        return makeError(ErrorCode::ModelMismatch,
                         "the calibration table is for " + m_info.modelId + ", the face engine runs " + engineModelId);
    }
    return {};
}

FmrLookup ScoreTable::thresholdForFmr(double fmr) const {
    FmrLookup out;
    out.requestedFmr = fmr;
    if (m_points.empty()) {
        out.threshold = 1.f;
        out.fmr = 1.0;
        out.clamped = true;
        return out;
    }
    const double minFmr = minSupportedFmr();
    if (!(fmr >= minFmr) && m_tail && m_tail->valid()) {
        // Below the resolution: the tail model, down to its floor; never looser than the strictest measured point.
        const FmrLookup measured = thresholdForFmr(minFmr);
        double target = fmr;
        if (!(target >= m_tail->minFmr)) { // also catches NaN
            target = m_tail->minFmr;
            out.clamped = true;
        }
        out.threshold = std::max(measured.threshold, static_cast<float>(m_tail->thresholdFor(target)));
        out.fmr = target;
        out.estimated = true;
        return out;
    }
    double target = fmr;
    if (!(target >= minFmr)) { // also catches NaN
        target = minFmr;
        out.clamped = true;
    }
    // First point (strictest) whose FMR is ≥ the target.
    const auto hi = std::lower_bound(m_points.begin(), m_points.end(), target,
                                     [](const ScorePoint& p, double v) { return p.fmr < v; });
    if (hi == m_points.end()) {
        out.threshold = m_points.back().score;
        out.fmr = m_points.back().fmr;
        return out;
    }
    if (hi->fmr == target) {
        out.threshold = hi->score;
        out.fmr = target;
        return out;
    }
    if (hi == m_points.begin() || std::prev(hi)->fmr < minFmr) {
        // No measured point between the supported limit and the target (ties at the top): use the strictest
        // supported point, which is stricter than asked only when clamping.
        out.threshold = hi->score;
        out.fmr = hi->fmr;
        out.clamped = out.clamped || hi->fmr > target;
        return out;
    }
    const auto lo = std::prev(hi);
    // Interpolate the threshold in log(FMR) between two measured points (never beyond them).
    const double w = (std::log(target) - std::log(lo->fmr)) / (std::log(hi->fmr) - std::log(lo->fmr));
    out.threshold =
        static_cast<float>(static_cast<double>(lo->score) + w * (static_cast<double>(hi->score) - lo->score));
    out.fmr = target;
    return out;
}

double ScoreTable::fmrAtScore(float score) const {
    if (m_points.empty()) {
        return 1.0;
    }
    const double minFmr = minSupportedFmr();
    // Points have descending scores; find the first point with score ≤ the given score.
    const auto hi = std::lower_bound(m_points.begin(), m_points.end(), score,
                                     [](const ScorePoint& p, float v) { return p.score > v; });
    if (hi == m_points.end()) {
        return 1.0;
    }
    double measured = 0.0;
    if (hi->score == score || hi == m_points.begin()) {
        measured = std::max(hi->fmr, minFmr);
    } else {
        const auto lo = std::prev(hi); // lo->score > score > hi->score
        const double w = (static_cast<double>(score) - hi->score) / (static_cast<double>(lo->score) - hi->score);
        const double logFmr = std::log(hi->fmr) + w * (std::log(lo->fmr) - std::log(hi->fmr));
        measured = std::max(std::exp(logFmr), minFmr);
    }
    if (measured <= minFmr && m_tail && m_tail->valid()) {
        // Beyond the resolution: what the tail model says, floored where the model stops being used.
        return std::clamp(m_tail->fmrAt(score), m_tail->minFmr, minFmr);
    }
    return measured;
}

std::string ScoreTable::toJson() const {
    nlohmann::json j;
    j["format"] = kFormat;
    j["version"] = kVersion;
    j["model_id"] = m_info.modelId;
    j["dataset"] = m_info.dataset;
    j["dataset_size"] = m_info.datasetSize;
    j["impostor_comparisons"] = m_impostorCount;
    j["min_false_matches"] = m_info.minFalseMatches;
    j["min_supported_fmr"] = minSupportedFmr();
    j["identities"] = m_provenance.identities;
    j["genuine_comparisons"] = m_provenance.genuineComparisons;
    j["created"] = m_provenance.created;
    j["label_corrections"] = m_provenance.labelCorrections;
    j["rule"] = "match when score >= threshold; fmr = share of impostor scores >= score";
    j["tail"] = nullptr;
    if (m_tail) {
        nlohmann::json tail = {{"model", "generalised-pareto"},
                               {"rule", "fmr(t) = exceedance_fmr * (1 + shape * (t - threshold) / scale)^(-1/shape) "
                                        "(shape 0: exceedance_fmr * exp(-(t - threshold) / scale)), used from "
                                        "min_supported_fmr down to min_fmr; lookups there are estimated"},
                               {"threshold", m_tail->threshold},
                               {"exceedances", m_tail->exceedances},
                               {"exceedance_fmr", m_tail->exceedanceFmr},
                               {"shape", m_tail->shape},
                               {"scale", m_tail->scale},
                               {"min_fmr", m_tail->minFmr},
                               {"check", nullptr}};
        if (m_tailCheck) {
            nlohmann::json points = nlohmann::json::array();
            for (const auto& p : m_tailCheck->points) {
                points.push_back({{"decades_below_resolution", p.decadesBelow},
                                  {"expected", p.expected},
                                  {"observed", p.observed},
                                  {"ratio", p.ratio},
                                  {"min_ratio", p.minRatio},
                                  {"max_ratio", p.maxRatio}});
            }
            tail["check"] = {{"splits", m_tailCheck->splits},
                             {"fit_share", m_tailCheck->fitShare},
                             {"fit_resolution", m_tailCheck->fitResolution},
                             {"tolerance", m_tailCheck->tolerance},
                             {"points", points},
                             {"passed", m_tailCheck->passed}};
        }
        j["tail"] = tail;
    }
    j["ambiguity_margin"] = nullptr;
    if (m_ambiguity) {
        j["ambiguity_margin"] = {{"margin", m_ambiguity->margin},
                                 {"odds", m_ambiguity->odds},
                                 {"threshold", m_ambiguity->threshold},
                                 {"gallery", m_ambiguity->gallery},
                                 {"fpir", m_ambiguity->fpir},
                                 {"rule", "smallest gap at which the top candidate is `odds` times likelier the mate "
                                          "than a runner-up at `threshold` (genuine density / tail density); the "
                                          "largest over the 1:N thresholds of galleries of 100 to 5,000 (`gallery`)"}};
    }
    nlohmann::json pts = nlohmann::json::array();
    for (const auto& p : m_points) {
        pts.push_back(nlohmann::json::array({p.score, p.fmr}));
    }
    j["points"] = std::move(pts);
    return j.dump(1);
}

Result<ScoreTable> ScoreTable::fromJson(std::string_view text) {
    try {
        const auto j = nlohmann::json::parse(text);
        const int version = j.value("version", 0);
        if (j.value("format", std::string()) != kFormat || version < 1 || version > kVersion) {
            return makeError(ErrorCode::Corrupt, "not a portico score table (format/version)");
        }
        ScoreTable t;
        t.m_info.modelId = j.at("model_id").get<std::string>();
        t.m_info.dataset = j.at("dataset").get<std::string>();
        t.m_info.datasetSize = j.at("dataset_size").get<std::uint64_t>();
        t.m_info.minFalseMatches = j.at("min_false_matches").get<std::uint64_t>();
        t.m_impostorCount = j.at("impostor_comparisons").get<std::uint64_t>();
        if (t.m_impostorCount == 0 || t.m_info.minFalseMatches == 0) {
            return makeError(ErrorCode::Corrupt, "score table has no impostor comparisons");
        }
        if (version >= 2) {
            t.m_provenance.identities = j.at("identities").get<std::uint64_t>();
            t.m_provenance.genuineComparisons = j.at("genuine_comparisons").get<std::uint64_t>();
            t.m_provenance.created = j.at("created").get<std::string>();
            t.m_provenance.labelCorrections = j.at("label_corrections").get<std::string>();
            if (const auto& tail = j.at("tail"); !tail.is_null()) {
                TailModel m;
                m.threshold = tail.at("threshold").get<float>();
                m.exceedances = tail.at("exceedances").get<std::uint64_t>();
                m.exceedanceFmr = tail.at("exceedance_fmr").get<double>();
                m.shape = tail.at("shape").get<double>();
                m.scale = tail.at("scale").get<double>();
                m.minFmr = tail.at("min_fmr").get<double>();
                if (!m.valid() || !std::isfinite(m.shape) || !std::isfinite(m.threshold) || !(m.minFmr > 0.0) ||
                    m.minFmr > m.exceedanceFmr || m.exceedanceFmr > 1.0) {
                    return makeError(ErrorCode::Corrupt, "score table tail model out of range");
                }
                std::optional<TailValidation> check;
                if (const auto& c = tail.at("check"); !c.is_null()) {
                    TailValidation v;
                    v.splits = c.at("splits").get<std::size_t>();
                    v.fitShare = c.at("fit_share").get<double>();
                    v.fitResolution = c.at("fit_resolution").get<double>();
                    v.tolerance = c.at("tolerance").get<double>();
                    v.passed = c.at("passed").get<bool>();
                    for (const auto& p : c.at("points")) {
                        TailValidationPoint vp;
                        vp.decadesBelow = p.at("decades_below_resolution").get<double>();
                        vp.expected = p.at("expected").get<double>();
                        vp.observed = p.at("observed").get<std::uint64_t>();
                        vp.ratio = p.at("ratio").get<double>();
                        vp.minRatio = p.at("min_ratio").get<double>();
                        vp.maxRatio = p.at("max_ratio").get<double>();
                        v.points.push_back(vp);
                    }
                    check = std::move(v);
                }
                t.setTail(m, std::move(check));
            }
            if (const auto& a = j.at("ambiguity_margin"); !a.is_null()) {
                AmbiguityDerivation d;
                d.margin = a.at("margin").get<float>();
                d.odds = a.at("odds").get<double>();
                d.threshold = a.at("threshold").get<float>();
                d.gallery = a.at("gallery").get<std::uint64_t>();
                d.fpir = a.at("fpir").get<double>();
                if (!std::isfinite(d.margin) || d.margin < 0.f || d.margin > 1.f) {
                    return makeError(ErrorCode::Corrupt, "score table ambiguity margin out of range");
                }
                t.m_ambiguity = d;
            }
        }
        for (const auto& p : j.at("points")) {
            const ScorePoint sp{p.at(0).get<float>(), p.at(1).get<double>()};
            if (!std::isfinite(sp.score) || !(sp.fmr > 0.0) || sp.fmr > 1.0) {
                return makeError(ErrorCode::Corrupt, "score table point out of range");
            }
            if (!t.m_points.empty() && (sp.score >= t.m_points.back().score || sp.fmr <= t.m_points.back().fmr)) {
                return makeError(ErrorCode::Corrupt, "score table points are not monotonic");
            }
            t.m_points.push_back(sp);
        }
        if (t.m_points.empty()) {
            return makeError(ErrorCode::Corrupt, "score table has no points");
        }
        return t;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Corrupt, std::string("score table JSON: ") + e.what());
    }
}

Result<ScoreTable> ScoreTable::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot open score table " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return fromJson(ss.str());
}

Status ScoreTable::save(const std::filesystem::path& path) const {
    const auto tmp = std::filesystem::path(path.string() + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            return makeError(ErrorCode::IoError, "cannot write " + tmp.string());
        }
        out << toJson() << '\n';
        if (!out.flush()) {
            return makeError(ErrorCode::IoError, "write failed: " + tmp.string());
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot rename to " + path.string() + ": " + ec.message());
    }
    return {};
}

} // namespace portico::match
