// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/Identification.h"

#include "match/ThresholdPolicy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace portico::eval {
namespace {

std::string rateKey(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0e", v); // "3e-03"
    std::string s(buf);
    const auto e = s.find("e-0");
    if (e != std::string::npos) {
        s.erase(e + 2, 1); // "3e-3"
    }
    return s;
}

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) {
        return {};
    }
    const auto b = s.find_last_not_of(" \t\r");
    return s.substr(a, b - a + 1);
}

std::string describe(const ImageRef& r) {
    return r.identity + " " + std::to_string(r.number);
}

} // namespace

Result<std::vector<ImageRef>> parseImageList(std::string_view text) {
    std::vector<ImageRef> out;
    std::istringstream in{std::string(text)};
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        line = trim(line);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        const auto sep = line.find_first_of("\t, ");
        const auto bad = [&] {
            return makeError(ErrorCode::Corrupt,
                             "image list line " + std::to_string(lineNo) + ": expected `identity<TAB>n`");
        };
        if (sep == std::string::npos || sep == 0) {
            return bad();
        }
        const std::string identity = line.substr(0, sep);
        const std::string number = trim(line.substr(sep + 1));
        if (number.empty() || number.size() > 9 ||
            !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return bad();
        }
        out.push_back({identity, std::stoi(number)});
    }
    return out;
}

Result<std::vector<ImageRef>> readImageList(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read image list " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parseImageList(ss.str());
    if (!parsed) {
        return makeError(parsed.error().code, path.string() + ": " + parsed.error().detail);
    }
    return parsed;
}

IdentificationSplit defaultSplit(const DatasetTemplates& t, std::size_t holdOut, std::uint64_t seed) {
    std::map<std::string, std::vector<ImageRef>> byIdentity;
    for (std::size_t i = 0; i < t.size(); ++i) {
        byIdentity[t.labels[i]].push_back(t.refs[i]);
    }
    std::set<std::string> held;
    if (holdOut > 0) {
        std::vector<std::string> names;
        for (const auto& [name, refs] : byIdentity) {
            names.push_back(name);
        }
        std::mt19937_64 rng(seed);
        std::shuffle(names.begin(), names.end(), rng);
        names.resize(std::min(holdOut, names.size()));
        held.insert(names.begin(), names.end());
    }
    IdentificationSplit s;
    for (auto& [name, refs] : byIdentity) {
        // Image 1: the lowest number, its own folder first (a corrected identity gathers several folders).
        std::stable_sort(refs.begin(), refs.end(), [&](const ImageRef& x, const ImageRef& y) {
            const bool ox = x.identity == name;
            const bool oy = y.identity == name;
            return ox != oy ? ox : x < y;
        });
        if (refs.size() < 2 || held.contains(name)) {
            s.nonMated.insert(s.nonMated.end(), refs.begin(), refs.end());
            continue;
        }
        s.gallery.push_back(refs.front());
        s.mated.insert(s.mated.end(), refs.begin() + 1, refs.end());
    }
    return s;
}

Status checkSplit(const DatasetTemplates& t, const IdentificationSplit& split) {
    std::map<ImageRef, std::string> labelOf;
    for (std::size_t i = 0; i < t.size(); ++i) {
        labelOf[t.refs[i]] = t.labels[i];
    }
    std::set<std::string> galleryIds;
    std::set<ImageRef> seen;
    auto known = [&](const ImageRef& r, const char* what) -> Status {
        if (!labelOf.contains(r)) {
            return makeError(ErrorCode::InvalidArgument, std::string(what) + " not in the data set: " + describe(r));
        }
        if (!seen.insert(r).second) {
            return makeError(ErrorCode::InvalidArgument, std::string(what) + " listed twice: " + describe(r));
        }
        return {};
    };
    for (const auto& r : split.gallery) {
        if (auto ok = known(r, "gallery image"); !ok) {
            return ok;
        }
        galleryIds.insert(labelOf[r]);
    }
    if (split.gallery.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the gallery is empty");
    }
    for (const auto& r : split.mated) {
        if (auto ok = known(r, "mated probe"); !ok) {
            return ok;
        }
        if (!galleryIds.contains(labelOf[r])) {
            return makeError(ErrorCode::InvalidArgument,
                             "mated probe whose identity has no gallery image: " + describe(r));
        }
    }
    for (const auto& r : split.nonMated) {
        if (auto ok = known(r, "non-mated probe"); !ok) {
            return ok;
        }
        if (galleryIds.contains(labelOf[r])) {
            return makeError(ErrorCode::InvalidArgument,
                             "non-mated probe whose identity is in the gallery: " + describe(r));
        }
    }
    return {};
}

Result<IdentificationReport> evaluateIdentification(const DatasetTemplates& t, const IdentificationSplit& split,
                                                    const std::vector<double>& fpirTargets,
                                                    const match::ThresholdPolicy* policy) {
    std::map<ImageRef, std::size_t> index;
    for (std::size_t i = 0; i < t.size(); ++i) {
        index[t.refs[i]] = i;
    }
    auto find = [&](const ImageRef& r) -> Result<std::size_t> {
        const auto it = index.find(r);
        if (it == index.end()) {
            return makeError(ErrorCode::InvalidArgument, "image without a template entry: " + describe(r));
        }
        return it->second;
    };
    IdentificationReport rep;
    // The gallery: enrolled images only; identities numbered for per-identity ranking.
    std::vector<std::size_t> galleryRows;
    std::vector<std::uint32_t> galleryLabel;
    std::map<std::string, std::uint32_t> labels;
    for (const auto& r : split.gallery) {
        auto i = find(r);
        if (!i) {
            return i.error();
        }
        if (!t.enrolled(*i)) {
            ++rep.galleryWithoutTemplate;
            continue;
        }
        galleryRows.push_back(*i);
        galleryLabel.push_back(labels.emplace(t.labels[*i], static_cast<std::uint32_t>(labels.size())).first->second);
    }
    if (galleryRows.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no gallery image has a template");
    }
    rep.gallery = galleryRows.size();
    rep.galleryIdentities = labels.size();
    const double fail = -std::numeric_limits<double>::infinity();
    std::vector<double> best(labels.size());
    // Best score per gallery identity for one probe.
    auto search = [&](std::size_t probe) {
        std::fill(best.begin(), best.end(), fail);
        const float* q = t.row(probe);
        for (std::size_t g = 0; g < galleryRows.size(); ++g) {
            const float* v = t.row(galleryRows[g]);
            double dot = 0.0;
            for (std::size_t d = 0; d < t.dim; ++d) {
                dot += static_cast<double>(q[d]) * v[d];
            }
            best[galleryLabel[g]] = std::max(best[galleryLabel[g]], dot);
        }
    };
    std::size_t rank1 = 0;
    std::size_t rank5 = 0;
    for (const auto& r : split.mated) {
        auto i = find(r);
        if (!i) {
            return i.error();
        }
        ++rep.mated;
        const auto label = labels.find(t.labels[*i]);
        if (!t.enrolled(*i) || label == labels.end()) {
            // No probe template, or every gallery image of this identity failed: a miss at every rank.
            rep.probesWithoutTemplate += t.enrolled(*i) ? 0 : 1;
            rep.matedScores.push_back(fail);
            continue;
        }
        search(*i);
        const double mate = best[label->second];
        std::size_t higher = 0;
        for (std::size_t l = 0; l < best.size(); ++l) {
            higher += l != label->second && best[l] > mate ? 1 : 0;
        }
        rank1 += higher == 0 ? 1 : 0;
        rank5 += higher < 5 ? 1 : 0;
        rep.matedScores.push_back(higher == 0 ? mate : fail);
    }
    for (const auto& r : split.nonMated) {
        auto i = find(r);
        if (!i) {
            return i.error();
        }
        ++rep.nonMated;
        if (!t.enrolled(*i)) {
            ++rep.probesWithoutTemplate;
            rep.nonMatedScores.push_back(fail);
            continue;
        }
        search(*i);
        rep.nonMatedScores.push_back(*std::max_element(best.begin(), best.end()));
    }
    if (rep.mated > 0) {
        rep.rank1 = static_cast<double>(rank1) / static_cast<double>(rep.mated);
        rep.rank5 = static_cast<double>(rank5) / static_cast<double>(rep.mated);
    }
    const ErrorRates rates = rep.rates();
    for (double target : fpirTargets) {
        FnirPoint p;
        p.targetFpir = target;
        if (rep.nonMated > 0 && rep.mated > 0) {
            const OperatingPoint op = rates.atFmr(target);
            p.threshold = op.threshold;
            p.fpir = op.fmr;
            p.fnir = op.fnmr;
        }
        p.resolved = target * static_cast<double>(rep.nonMated) >= 10.0;
        rep.points.push_back(p);
    }
    if (policy) {
        const auto thr = policy->identification(rep.gallery);
        ShippedThreshold s;
        s.targetFpir = thr.targetFpir;
        s.perComparisonFmr = thr.fmr;
        s.threshold = thr.score;
        s.estimated = thr.estimated;
        s.clamped = thr.clamped;
        s.falseCandidates = static_cast<std::size_t>(std::count_if(rep.nonMatedScores.begin(), rep.nonMatedScores.end(),
                                                                   [&](double v) { return v >= thr.score; }));
        s.fpir = rep.nonMated > 0 ? static_cast<double>(s.falseCandidates) / static_cast<double>(rep.nonMated) : 0.0;
        s.fnir = rep.mated > 0 ? rates.fnmrAt(thr.score) : 0.0;
        rep.shipped = s;
    }
    return rep;
}

std::string identificationToJson(const IdentificationReport& r) {
    nlohmann::json j;
    j["gallery"] = r.gallery;
    j["gallery_identities"] = r.galleryIdentities;
    j["gallery_without_template"] = r.galleryWithoutTemplate;
    j["mated_searches"] = r.mated;
    j["non_mated_searches"] = r.nonMated;
    j["probes_without_template"] = r.probesWithoutTemplate;
    j["rank1"] = r.rank1;
    j["rank5"] = r.rank5;
    nlohmann::json fnir = nlohmann::json::object();
    nlohmann::json thr = nlohmann::json::object();
    nlohmann::json fpir = nlohmann::json::object();
    nlohmann::json resolved = nlohmann::json::object();
    for (const auto& p : r.points) {
        const std::string k = rateKey(p.targetFpir);
        fnir[k] = p.fnir;
        thr[k] = p.threshold;
        fpir[k] = p.fpir;
        resolved[k] = p.resolved;
    }
    j["fnir_at_fpir"] = fnir;
    j["threshold_at_fpir"] = thr;
    j["measured_fpir_at_fpir"] = fpir;
    j["fpir_resolved"] = resolved;
    j["shipped"] = nullptr;
    if (r.shipped) {
        const auto& s = *r.shipped;
        j["shipped"] = {{"target_fpir", s.targetFpir},
                        {"per_comparison_fmr", s.perComparisonFmr},
                        {"threshold", s.threshold},
                        {"estimated", s.estimated},
                        {"clamped", s.clamped},
                        {"false_candidates", s.falseCandidates},
                        {"fpir", s.fpir},
                        {"fnir", s.fnir}};
    }
    return j.dump(2);
}

} // namespace portico::eval
