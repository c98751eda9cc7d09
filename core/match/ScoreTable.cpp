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
constexpr int kVersion = 1;
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
    if (hi->score == score || hi == m_points.begin()) {
        return std::max(hi->fmr, minFmr);
    }
    const auto lo = std::prev(hi); // lo->score > score > hi->score
    const double w = (static_cast<double>(score) - hi->score) / (static_cast<double>(lo->score) - hi->score);
    const double logFmr = std::log(hi->fmr) + w * (std::log(lo->fmr) - std::log(hi->fmr));
    return std::max(std::exp(logFmr), minFmr);
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
    j["rule"] = "match when score >= threshold; fmr = share of impostor scores >= score";
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
        if (j.value("format", std::string()) != kFormat || j.value("version", 0) != kVersion) {
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
