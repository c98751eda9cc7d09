// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/Evaluation.h"

#include "eval/Statistics.h"
#include "face/ModelStore.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

namespace portico::eval {
namespace {
std::string fmrKey(double fmr) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0e", fmr); // "1e-02"
    std::string s(buf);
    // "1e-02" → "1e-2"
    const auto e = s.find("e-0");
    if (e != std::string::npos) {
        s.erase(e + 2, 1);
    }
    return s;
}

std::string pathName(face::DetectionPath p) {
    switch (p) {
    case face::DetectionPath::Primary:
        return "primary";
    case face::DetectionPath::LowConfidence:
        return "low_confidence";
    case face::DetectionPath::Padded:
        return "padded";
    case face::DetectionPath::Fast:
        return "fast";
    case face::DetectionPath::Unknown:
        break;
    }
    return "none";
}

double finiteOrNull(double v) {
    return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
}
} // namespace

void fillErrorRates(EvaluationReport& report, const std::vector<double>& fmrTargets) {
    const ErrorRates rates = report.rates();
    report.genuine = rates.genuineCount();
    report.impostor = rates.impostorCount();
    report.eer = rates.eer();
    report.operatingPoints.clear();
    for (double f : fmrTargets) {
        report.operatingPoints.push_back(rates.atFmr(f));
    }
}

namespace {
std::string groupOf(const std::map<std::string, std::string>& groups, const std::string& identity) {
    const auto it = groups.find(identity);
    return it == groups.end() ? std::string("unknown") : it->second;
}
} // namespace

void fillGroupRates(EvaluationReport& report, const std::map<std::string, std::string>& groups) {
    report.groups.clear();
    if (groups.empty()) {
        return;
    }
    for (const auto& o : report.outcomes) {
        GroupReport& g = report.groups[groupOf(groups, o.ref.identity)];
        ++g.images;
        g.failedToEnrol += o.enrolled ? 0 : 1;
    }
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> scores;
    for (std::size_t i = 0; i < report.genuineScores.size() && i < report.genuineGroups.size(); ++i) {
        scores[report.genuineGroups[i]].first.push_back(report.genuineScores[i]);
    }
    for (std::size_t i = 0; i < report.impostorScores.size() && i < report.impostorGroups.size(); ++i) {
        if (!report.impostorGroups[i].empty()) {
            scores[report.impostorGroups[i]].second.push_back(report.impostorScores[i]);
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (auto& [name, s] : scores) {
        GroupReport& g = report.groups[name];
        const ErrorRates rates(s.first, s.second);
        g.genuine = rates.genuineCount();
        g.impostor = rates.impostorCount();
        g.fnmr.clear();
        g.fmr.clear();
        for (const auto& op : report.operatingPoints) {
            g.fnmr.push_back(g.genuine > 0 ? rates.fnmrAt(op.threshold) : nan);
            g.fmr.push_back(g.impostor > 0 ? rates.fmrAt(op.threshold) : nan);
        }
    }
    for (auto& [name, g] : report.groups) {
        if (g.fnmr.empty()) {
            g.fnmr.assign(report.operatingPoints.size(), nan);
            g.fmr.assign(report.operatingPoints.size(), nan);
        }
    }
}

Result<EvaluationReport> evaluate(const face::ModelStore& store, const EvaluationOptions& options) {
    const auto wall0 = std::chrono::steady_clock::now();
    auto dataset = Dataset::scan(options.dataset);
    if (!dataset) {
        return dataset.error();
    }
    std::vector<Pair> pairs;
    if (options.pairs) {
        auto p = readPairs(*options.pairs);
        if (!p) {
            return p.error();
        }
        pairs = std::move(p.value());
    } else {
        pairs = dataset->defaultPairs(options.impostorSample, options.seed);
    }
    EvaluationReport report;
    // Images to analyse: those the pairs name (every image when pairs come from the dataset itself).
    std::set<ImageRef> needed;
    std::vector<Pair> usable;
    for (const auto& p : pairs) {
        if (!dataset->contains(p.a) || !dataset->contains(p.b)) {
            ++report.missingPairs;
            continue;
        }
        needed.insert(p.a);
        needed.insert(p.b);
        usable.push_back(p);
    }
    if (usable.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no pair names images present in the dataset");
    }
    const std::vector<ImageRef> work(needed.begin(), needed.end());

    // One pipeline per thread.
    const unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(work.size())));
    std::vector<face::FacePipeline> pipelines;
    for (unsigned t = 0; t < threads; ++t) {
        auto p = face::FacePipeline::load(store, options.pipeline);
        if (!p) {
            return p.error();
        }
        pipelines.push_back(std::move(p.value()));
    }
    report.model = pipelines.front().modelId() + "@" + pipelines.front().modelSha256().substr(0, 16);

    std::vector<ImageOutcome> outcomes(work.size());
    std::vector<std::optional<face::Template>> templates(work.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::mutex progressMutex;
    auto worker = [&](unsigned t) {
        const auto& pipeline = pipelines[t];
        for (std::size_t i = next++; i < work.size(); i = next++) {
            ImageOutcome& o = outcomes[i];
            o.ref = work[i];
            auto a = pipeline.analyseFile(dataset->images().at(work[i]));
            if (a) {
                o.enrolled = true;
                o.path = a->path;
                o.severalFaces = a->severalFaces;
                o.qualityScore = a->quality.score;
                o.times = a->times;
                templates[i] = std::move(a->faceTemplate);
            } else {
                o.failure = a.code();
            }
            const std::size_t d = ++done;
            if (options.progress) {
                std::lock_guard lock(progressMutex);
                options.progress(d, work.size());
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(worker, t);
    }
    worker(0);
    for (auto& th : pool) {
        th.join();
    }

    std::map<ImageRef, std::size_t> index;
    for (std::size_t i = 0; i < work.size(); ++i) {
        index[work[i]] = i;
    }
    const double fail = -std::numeric_limits<double>::infinity();
    for (const auto& p : usable) {
        const auto& ta = templates[index.at(p.a)];
        const auto& tb = templates[index.at(p.b)];
        double s = fail;
        if (ta && tb) {
            auto c = face::compare(*ta, *tb);
            if (c) {
                s = c.value();
            }
        }
        (p.genuine ? report.genuineScores : report.impostorScores).push_back(s);
        if (!options.groups.empty()) {
            const std::string ga = groupOf(options.groups, p.a.identity);
            const std::string gb = groupOf(options.groups, p.b.identity);
            (p.genuine ? report.genuineGroups : report.impostorGroups).push_back(ga == gb ? ga : std::string());
        }
    }

    report.images = work.size();
    std::vector<double> decode, detect, landmarks, align, embed, quality, total;
    for (const auto& o : outcomes) {
        if (!o.enrolled) {
            ++report.failedToEnrol;
            ++report.detectionPaths["none"];
            continue;
        }
        ++report.detectionPaths[pathName(o.path)];
        report.severalFaces += o.severalFaces ? 1 : 0;
        decode.push_back(o.times.decode);
        detect.push_back(o.times.detect);
        landmarks.push_back(o.times.landmarks);
        align.push_back(o.times.align);
        embed.push_back(o.times.embed);
        quality.push_back(o.times.quality);
        total.push_back(o.times.total);
    }
    report.fte = static_cast<double>(report.failedToEnrol) / static_cast<double>(report.images);
    report.msPerImage = {{"decode", median(decode)}, {"detect", median(detect)}, {"landmarks", median(landmarks)},
                         {"align", median(align)},   {"embed", median(embed)},   {"quality", median(quality)},
                         {"total", median(total)}};
    report.outcomes = std::move(outcomes);
    fillErrorRates(report, options.fmrTargets);
    fillGroupRates(report, options.groups);
    report.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    return report;
}

std::string reportToJson(const EvaluationReport& r) {
    nlohmann::json j;
    j["images"] = r.images;
    j["fte"] = r.fte;
    j["failed_to_enrol"] = r.failedToEnrol;
    j["genuine"] = r.genuine;
    j["impostor"] = r.impostor;
    j["missing_pairs"] = r.missingPairs;
    j["eer"] = finiteOrNull(r.eer);
    nlohmann::json fnmr = nlohmann::json::object();
    nlohmann::json thr = nlohmann::json::object();
    nlohmann::json resolved = nlohmann::json::object();
    for (const auto& op : r.operatingPoints) {
        const std::string k = fmrKey(op.targetFmr);
        fnmr[k] = op.fnmr;
        thr[k] = std::isfinite(op.threshold) ? nlohmann::json(op.threshold) : nlohmann::json(nullptr);
        resolved[k] = op.resolved;
    }
    j["fnmr_at_fmr"] = fnmr;
    j["threshold_at_fmr"] = thr;
    j["fmr_resolved"] = resolved;
    nlohmann::json ms = nlohmann::json::object();
    for (const auto& [k, v] : r.msPerImage) {
        ms[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
    }
    j["ms_per_image"] = ms;
    j["detection_paths"] = r.detectionPaths;
    j["several_faces"] = r.severalFaces;
    j["model"] = r.model;
    j["wall_seconds"] = r.wallSeconds;
    if (!r.groups.empty()) {
        nlohmann::json groups = nlohmann::json::object();
        for (const auto& [name, g] : r.groups) {
            nlohmann::json fnmrAt = nlohmann::json::object();
            nlohmann::json fmrAt = nlohmann::json::object();
            for (std::size_t i = 0; i < r.operatingPoints.size() && i < g.fnmr.size(); ++i) {
                const std::string k = fmrKey(r.operatingPoints[i].targetFmr);
                fnmrAt[k] = std::isfinite(g.fnmr[i]) ? nlohmann::json(g.fnmr[i]) : nlohmann::json(nullptr);
                fmrAt[k] = std::isfinite(g.fmr[i]) ? nlohmann::json(g.fmr[i]) : nlohmann::json(nullptr);
            }
            groups[name] = {
                {"images", g.images},
                {"fte", g.images > 0 ? static_cast<double>(g.failedToEnrol) / static_cast<double>(g.images) : 0.0},
                {"genuine", g.genuine},
                {"impostor", g.impostor},
                {"fnmr_at_threshold", fnmrAt},
                {"fmr_at_threshold", fmrAt}};
        }
        j["by_group"] = groups;
    }
    return j.dump(2);
}

} // namespace portico::eval
