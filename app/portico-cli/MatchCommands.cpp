// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: calibrate, bench search.
#include "Commands.h"
#include "eval/DatasetTemplates.h"
#include "eval/PairList.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
#include "match/Calibration.h"
#include "match/EmbeddingsFile.h"
#include "match/Gallery.h"
#include "match/Matcher.h"
#include "match/ScanKernels.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"

#include <nlohmann/json.hpp>

#ifdef PORTICO_WITH_FAISS
#include <faiss/IndexFlat.h>
#include <omp.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace portico::cli {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// Last path component, ignoring a trailing slash ("faces/dev/" → "dev").
std::string baseName(const std::string& path) {
    std::filesystem::path p(path);
    if (!p.has_filename()) {
        p = p.parent_path();
    }
    return p.filename().string();
}

double median(std::vector<double> v) {
    if (v.empty()) {
        return 0.0;
    }
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// ------------------------------------------------------------------ calibrate

struct CalibrateArgs {
    std::string embeddings;
    std::string scores;
    std::string dataset;
    std::string writeEmbeddings;
    std::string out;
    std::string modelId;
    std::string datasetName;
    std::string created;
    std::string cacheDir;
    bool noCache = false;
    bool noTail = false;
    unsigned threads = 1;
    std::uint64_t minFalseMatches = 10;
    std::uint64_t seed = 1;
    std::size_t topPairs = 25;
    bool auditLabels = false;
    std::string labelFixes;
    double checkFitShare = 1.0 / 3.0;
    std::size_t checkSplits = 10;
    bool checkByPair = false;
    bool gpdShape = false;
    double ambiguityOdds = 99.0;
};

Result<std::vector<float>> readScores(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot open scores file " + path);
    }
    std::vector<float> scores;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        try {
            std::size_t used = 0;
            const float v = std::stof(line.substr(first), &used);
            if (!std::isfinite(v)) {
                throw std::invalid_argument("not finite");
            }
            scores.push_back(v);
        } catch (const std::exception&) {
            return makeError(ErrorCode::Corrupt, "scores line " + std::to_string(lineNo) + ": not a number");
        }
    }
    return scores;
}

/// Today's date (UTC) as YYYY-MM-DD.
std::string todayIso() {
    const auto today =
        std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(today.year()),
                  static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
    return buf;
}

/// The templates of DIR/<identity>/<n>.jpg from the booth's face pipeline, through the template cache.
Result<match::CalibrationInput> datasetInput(const CalibrateArgs& a, std::size_t& failures, bool& fromCache) {
    auto dataset = eval::Dataset::scan(a.dataset);
    if (!dataset) {
        return dataset.error();
    }
    eval::TemplateOptions options;
    options.threads = a.threads;
    options.cacheDir = a.noCache
                           ? std::filesystem::path()
                           : (a.cacheDir.empty() ? eval::defaultTemplateCacheDir() : std::filesystem::path(a.cacheDir));
    options.progress = [](std::size_t done, std::size_t total) {
        if (done % 100 == 0 || done == total) {
            std::cerr << "calibrate: " << done << " / " << total << " images\n";
        }
    };
    auto t = eval::datasetTemplates(face::ModelStore::pinned(), dataset.value(), options);
    if (!t) {
        return t.error();
    }
    fromCache = t->fromCache;
    match::CalibrationInput in;
    if (!a.labelFixes.empty()) {
        auto c = eval::LabelCorrections::load(a.labelFixes);
        if (!c) {
            return c.error();
        }
        if (auto ok = c->check(dataset.value()); !ok) {
            return ok.error();
        }
        t = t->corrected(c.value());
        in.labelCorrections = std::filesystem::path(a.labelFixes).filename().string() + ": identities merged " +
                              std::to_string(c->same.size()) + ", images moved " + std::to_string(c->move.size()) +
                              ", images dropped " + std::to_string(c->drop.size());
    }
    in.modelId = t->modelId;
    in.dim = t->dim;
    failures = 0;
    for (std::size_t i = 0; i < t->size(); ++i) {
        if (!t->enrolled(i)) {
            ++failures; // images without a usable face are left out and counted
            continue;
        }
        in.identities.push_back(t->labels[i]);
        in.images.push_back(t->refs[i].identity + "/" + std::to_string(t->refs[i].number));
        in.values.insert(in.values.end(), t->row(i), t->row(i) + t->dim);
    }
    return in;
}

nlohmann::json lookupJson(const match::FmrLookup& l) {
    return {{"threshold", l.threshold}, {"fmr", l.fmr}, {"clamped", l.clamped}, {"estimated", l.estimated}};
}

/// Thresholds at the usual 1:1 FMRs (with FNMR on @p genuine when given) and 1:N thresholds for galleries of 100 …
/// 5,000 at the default FPIR, each marked measured / estimated / clamped; the tail model.
nlohmann::json operatingPointsJson(const match::ScoreTable& table, const std::vector<float>& genuine) {
    nlohmann::json out;
    auto fnmrAt = [&](float thr) {
        const auto misses = std::count_if(genuine.begin(), genuine.end(), [&](float s) { return s < thr; });
        return static_cast<double>(misses) / static_cast<double>(genuine.size());
    };
    nlohmann::json ops = nlohmann::json::object();
    for (const auto& [key, fmr] : std::vector<std::pair<std::string, double>>{
             {"1e-2", 1e-2}, {"1e-3", 1e-3}, {"1e-4", 1e-4}, {"1e-5", 1e-5}, {"1e-6", 1e-6}, {"1e-7", 1e-7}}) {
        const auto lookup = table.thresholdForFmr(fmr);
        nlohmann::json op = lookupJson(lookup);
        if (!genuine.empty()) {
            op["fnmr"] = fnmrAt(lookup.threshold);
        }
        ops[key] = op;
    }
    out["operating_points"] = ops;
    const match::ThresholdPolicy policy(table);
    nlohmann::json oneToN = nlohmann::json::object();
    for (std::size_t n : {std::size_t{100}, std::size_t{300}, std::size_t{1000}, std::size_t{5000}}) {
        const auto t = policy.identification(n);
        oneToN[std::to_string(n)] = {{"fpir", t.targetFpir},     {"fmr", t.fmr},
                                     {"threshold", t.score},     {"clamped", t.clamped},
                                     {"estimated", t.estimated}, {"one_in", t.oneIn}};
    }
    out["identification"] = oneToN;
    out["ambiguity_margin"] = policy.ambiguityMargin();
    out["ambiguity_margin_source"] =
        policy.ambiguityMarginSource() == match::ThresholdPolicy::MarginSource::Calibrated ? "calibrated" : "fallback";
    if (table.tail()) {
        const auto& m = *table.tail();
        out["tail"] = {{"threshold", m.threshold},
                       {"exceedances", m.exceedances},
                       {"shape", m.shape},
                       {"scale", m.scale},
                       {"min_fmr", m.minFmr}};
    } else {
        out["tail"] = nullptr;
    }
    return out;
}

void runCalibrate(const CalibrateArgs& a, Context& ctx) {
    ctx.exitCode = 1;
    const int inputs = (a.embeddings.empty() ? 0 : 1) + (a.scores.empty() ? 0 : 1) + (a.dataset.empty() ? 0 : 1);
    if (inputs != 1) {
        std::cerr << "calibrate: give exactly one of --embeddings, --scores or --dataset\n";
        return;
    }
    match::CalibrationOptions options;
    options.minFalseMatches = std::max<std::uint64_t>(1, a.minFalseMatches);
    options.seed = a.seed;
    options.withTail = !a.noTail;
    options.topPairs = a.topPairs;
    options.checkFitShare = a.checkFitShare;
    options.checkSplitByPair = a.checkByPair;
    options.checkSplits = std::max<std::size_t>(1, a.checkSplits);
    options.exponentialTail = !a.gpdShape;
    options.ambiguityOdds = a.ambiguityOdds;
    nlohmann::json summary;
    std::optional<match::CalibrationReport> report;
    match::ScoreTable table;
    std::vector<float> genuine;
    if (!a.embeddings.empty() || !a.dataset.empty()) {
        match::CalibrationInput in;
        if (!a.dataset.empty()) {
            std::size_t failures = 0;
            bool fromCache = false;
            auto read = datasetInput(a, failures, fromCache);
            if (!read) {
                std::cerr << "calibrate: " << read.error().toString() << "\n";
                return;
            }
            in = std::move(read.value());
            summary["images_without_template"] = failures;
            summary["templates_from_cache"] = fromCache;
        } else {
            auto file = match::EmbeddingsFile::load(a.embeddings);
            if (!file) {
                std::cerr << "calibrate: " << file.error().toString() << "\n";
                return;
            }
            in.modelId = file->modelId;
            in.dim = file->dim;
            in.identities = file->identities;
            in.values = file->values;
        }
        if (!a.writeEmbeddings.empty()) {
            match::EmbeddingsFile file;
            file.modelId = in.modelId;
            file.dim = in.dim;
            file.identities = in.identities;
            file.values = in.values;
            std::ofstream out(a.writeEmbeddings, std::ios::binary | std::ios::trunc);
            out << file.toCsv();
            if (!out) {
                std::cerr << "calibrate: cannot write " << a.writeEmbeddings << "\n";
                return;
            }
        }
        const std::string& inputPath = a.dataset.empty() ? a.embeddings : a.dataset;
        if (!a.modelId.empty()) {
            in.modelId = a.modelId;
        }
        if (in.modelId.empty()) {
            in.modelId = "unknown";
        }
        in.dataset = a.datasetName.empty() ? baseName(inputPath) : a.datasetName;
        in.created = a.created.empty() ? todayIso() : a.created;
        std::cerr << "calibrate: " << in.identities.size() << " templates of dim " << in.dim << ", scoring pairs…\n";
        if (a.auditLabels) {
            // Proposals for a person to check (docs/matching.md, "Label errors"), at the 1:1 threshold for FMR 1e-4
            // of the uncorrected set.
            match::CalibrationOptions plain = options;
            plain.withTail = false;
            plain.topPairs = 0;
            auto first = match::calibrate(in, plain);
            if (!first) {
                std::cerr << "calibrate: " << first.error().toString() << "\n";
                return;
            }
            const float at = first->table.thresholdForFmr(1e-4).threshold;
            nlohmann::json suspects = nlohmann::json::array();
            for (const auto& sus : match::auditLabels(in, at)) {
                suspects.push_back({{"kind", sus.kind == match::LabelSuspect::Kind::Image ? "image" : "identity"},
                                    {"subject", sus.subject},
                                    {"scores_like", sus.otherIdentity},
                                    {"own_median", std::isfinite(sus.ownMedian) ? nlohmann::json(sus.ownMedian)
                                                                                : nlohmann::json(nullptr)},
                                    {"other_median", sus.otherMedian},
                                    {"pairs", sus.pairs}});
            }
            summary["label_audit"] = {{"threshold", at}, {"suspects", suspects}};
        }
        auto r = match::calibrate(in, options);
        if (!r) {
            std::cerr << "calibrate: " << r.error().toString() << "\n";
            return;
        }
        table = r->table;
        genuine = r->genuine;
        auto name = [&](std::size_t row) { return in.images.empty() ? in.identities[row] : in.images[row]; };
        nlohmann::json topImpostors = nlohmann::json::array();
        for (const auto& p : r->topImpostors) {
            topImpostors.push_back({{"a", name(p.a)}, {"b", name(p.b)}, {"score", p.score}});
        }
        nlohmann::json lowGenuine = nlohmann::json::array();
        for (const auto& p : r->lowGenuine) {
            lowGenuine.push_back({{"a", name(p.a)}, {"b", name(p.b)}, {"score", p.score}});
        }
        summary["identities"] = r->identities;
        summary["templates_skipped"] = r->rowsSkipped;
        summary["top_impostor_pairs"] = topImpostors;
        summary["lowest_genuine_pairs"] = lowGenuine;
        report = std::move(r.value());
    } else {
        auto s = readScores(a.scores);
        if (!s) {
            std::cerr << "calibrate: " << s.error().toString() << "\n";
            return;
        }
        match::ScoreTableInfo info;
        info.modelId = a.modelId.empty() ? "unknown" : a.modelId;
        info.dataset = a.datasetName.empty() ? baseName(a.scores) : a.datasetName;
        info.minFalseMatches = options.minFalseMatches;
        auto t = match::ScoreTable::fromImpostorScores(std::move(*s), info);
        if (!t) {
            std::cerr << "calibrate: " << t.error().toString() << "\n";
            return;
        }
        table = std::move(t.value());
        table.setProvenance({0, 0, a.created.empty() ? todayIso() : a.created, ""});
    }
    if (auto st = table.save(a.out); !st) {
        std::cerr << "calibrate: " << st.error().toString() << "\n";
        return;
    }
    summary["out"] = a.out;
    summary["model_id"] = table.info().modelId;
    summary["dataset"] = table.info().dataset;
    summary["dataset_size"] = table.info().datasetSize;
    summary["created"] = table.provenance().created;
    summary["label_corrections"] = table.provenance().labelCorrections;
    summary["impostor_comparisons"] = table.impostorCount();
    summary["genuine_comparisons"] = genuine.size();
    summary["min_false_matches"] = table.info().minFalseMatches;
    summary["resolution_fmr"] = table.minSupportedFmr();
    summary["min_usable_fmr"] = table.minUsableFmr();
    const auto points = operatingPointsJson(table, genuine);
    summary["operating_points"] = points["operating_points"];
    summary["identification_fpir_0.003"] = points["identification"];
    summary["tail"] = points["tail"];
    if (report && report->check) {
        const auto& c = *report->check;
        nlohmann::json pts = nlohmann::json::array();
        for (const auto& p : c.points) {
            pts.push_back({{"decades_below_resolution", p.decadesBelow},
                           {"expected", p.expected},
                           {"observed", p.observed},
                           {"ratio", p.ratio},
                           {"min_ratio", p.minRatio},
                           {"max_ratio", p.maxRatio}});
        }
        nlohmann::json splits = nlohmann::json::array();
        for (const auto& sc : report->splitChecks) {
            nlohmann::json sp = nlohmann::json::array();
            for (const auto& p : sc.points) {
                sp.push_back({{"fmr", p.fmr}, {"expected", p.expected}, {"observed", p.observed}});
            }
            splits.push_back({{"fit_comparisons", sc.fitComparisons},
                              {"held_comparisons", sc.heldComparisons},
                              {"fit_scale", sc.model.scale},
                              {"fit_shape", sc.model.shape},
                              {"points", sp}});
        }
        summary["tail_check"] = {{"splits", c.splits}, {"fit_share", c.fitShare}, {"tolerance", c.tolerance},
                                 {"points", pts},      {"passed", c.passed},      {"per_split", splits}};
        if (!c.passed) {
            std::cerr << "calibrate: the tail model did not predict the held-back pairs within a factor of "
                      << c.tolerance << ": below the resolution the table clamps\n";
        }
    }
    if (table.ambiguity()) {
        const auto& am = *table.ambiguity();
        summary["ambiguity_margin"] = {{"margin", am.margin},
                                       {"odds", am.odds},
                                       {"threshold", am.threshold},
                                       {"gallery", am.gallery},
                                       {"fpir", am.fpir}};
    } else {
        summary["ambiguity_margin"] = nullptr;
    }
    std::cout << summary.dump(2) << "\n";
    ctx.exitCode = 0;
}

// ------------------------------------------------------------------ thresholds

void runThresholds(const std::string& path, Context& ctx) {
    ctx.exitCode = 1;
    auto table = match::ScoreTable::load(path);
    if (!table) {
        std::cerr << "thresholds: " << table.error().toString() << "\n";
        return;
    }
    nlohmann::json j = operatingPointsJson(table.value(), {});
    j["calibration"] = path;
    j["model_id"] = table->info().modelId;
    j["dataset"] = table->info().dataset;
    j["impostor_comparisons"] = table->impostorCount();
    j["resolution_fmr"] = table->minSupportedFmr();
    j["min_usable_fmr"] = table->minUsableFmr();
    std::cout << j.dump(2) << "\n";
    ctx.exitCode = 0;
}

// ------------------------------------------------------------------ bench search

struct BenchArgs {
    std::size_t n = 100000;
    std::size_t dim = 128;
    std::size_t queries = 200;
    std::size_t k = 10;
    unsigned threads = 1;
    std::uint64_t seed = 7;
    std::string json;
    std::string embeddings;
};

void runBenchSearch(const BenchArgs& a, Context& ctx) {
    ctx.exitCode = 1;
    std::mt19937_64 rng(a.seed);
    std::normal_distribution<float> nd(0.f, 1.f);
    std::size_t dim = a.dim;
    std::vector<float> base; // rows × dim
    std::string source = "random unit vectors";
    if (!a.embeddings.empty()) {
        auto file = match::EmbeddingsFile::load(a.embeddings);
        if (!file) {
            std::cerr << "bench search: " << file.error().toString() << "\n";
            return;
        }
        dim = file->dim;
        base = std::move(file->values);
        source = "embeddings file (" + std::to_string(base.size() / dim) + " rows)";
    }
    if (dim == 0 || a.n == 0 || a.queries == 0 || a.k == 0) {
        std::cerr << "bench search: --n, --dim, --queries and --k must be positive\n";
        return;
    }
    std::cerr << "bench search: building a gallery of " << a.n << " × " << dim << " (" << source << ")…\n";
    match::Gallery gallery(dim);
    gallery.reserve(a.n);
    std::vector<float> v(dim);
    const std::size_t baseRows = base.size() / dim;
    for (std::size_t i = 0; i < a.n; ++i) {
        if (baseRows > 0) {
            // File rows first; beyond them, noisy copies (σ 0.3 per unit-variance dim) of file rows.
            const float* r = base.data() + (i % baseRows) * dim;
            const float noise = i < baseRows ? 0.f : 0.3f / std::sqrt(static_cast<float>(dim));
            for (std::size_t d = 0; d < dim; ++d) {
                v[d] = r[d] + noise * nd(rng);
            }
        } else {
            for (auto& x : v) {
                x = nd(rng);
            }
        }
        if (auto st = gallery.add(match::GalleryId{static_cast<std::uint64_t>(i)}, v); !st) {
            std::cerr << "bench search: " << st.error().toString() << "\n";
            return;
        }
    }
    gallery.shrinkToFit();

    // Queries: half mated (a gallery row plus noise, cosine ~0.7), half non-mated (random).
    std::vector<std::vector<float>> queries(a.queries, std::vector<float>(dim));
    std::uniform_int_distribution<std::size_t> pick(0, a.n - 1);
    for (std::size_t q = 0; q < a.queries; ++q) {
        if (q % 2 == 0) {
            const float* r = gallery.row(pick(rng));
            for (std::size_t d = 0; d < dim; ++d) {
                queries[q][d] = r[d] + nd(rng) / std::sqrt(static_cast<float>(dim));
            }
        } else {
            for (auto& x : queries[q]) {
                x = nd(rng);
            }
        }
    }

    const match::Matcher matcher;
    match::SearchOptions fp32;
    fp32.k = a.k;
    fp32.threads = a.threads;
    match::SearchOptions int8 = fp32;
    int8.precision = match::ScanPrecision::Int8;

#ifdef PORTICO_WITH_FAISS
    omp_set_num_threads(static_cast<int>(a.threads));
    faiss::IndexFlatIP faissIndex(static_cast<faiss::Index::idx_t>(dim));
    {
        std::vector<float> packed(a.n * dim);
        for (std::size_t i = 0; i < a.n; ++i) {
            std::copy(gallery.row(i), gallery.row(i) + dim, packed.begin() + static_cast<std::ptrdiff_t>(i * dim));
        }
        faissIndex.add(static_cast<faiss::Index::idx_t>(a.n), packed.data());
    }
    std::vector<float> faissD(a.k);
    std::vector<faiss::Index::idx_t> faissI(a.k);
#endif

    const std::size_t floats = gallery.size() * gallery.stride();
    const double galleryBytes = static_cast<double>(floats) * sizeof(float);
    std::vector<double> tFp32;
    std::vector<double> tInt8;
    std::vector<double> tFaiss;
    std::vector<double> tRead;
    std::size_t agree = 0;
    [[maybe_unused]] std::size_t faissAgree = 0; // counted only when built with FAISS
    volatile float sink = 0.f;
    std::vector<float> qn(dim);
    // Methods interleaved per query so that all see the same machine load; the first round warms caches and pages.
    for (std::size_t round = 0; round <= a.queries; ++round) {
        const bool warm = round == 0;
        const auto& q = queries[warm ? 0 : round - 1];
        (void)match::Gallery::normalise(q, qn);

        auto t0 = Clock::now();
        const auto r32 = matcher.search(gallery, q, fp32);
        const double ms32 = msSince(t0);
        t0 = Clock::now();
        const auto r8 = matcher.search(gallery, q, int8);
        const double ms8 = msSince(t0);
        t0 = Clock::now();
        sink = sink + match::ScanKernels::readSum(match::bestIsa(), gallery.data(), floats);
        const double msRead = msSince(t0);
        if (!r32 || !r8 || r32->empty() || r8->empty()) {
            std::cerr << "bench search: search failed\n";
            return;
        }
#ifdef PORTICO_WITH_FAISS
        t0 = Clock::now();
        faissIndex.search(1, qn.data(), static_cast<faiss::Index::idx_t>(a.k), faissD.data(), faissI.data());
        const double msFaiss = msSince(t0);
#endif
        if (warm) {
            continue;
        }
        tFp32.push_back(ms32);
        tInt8.push_back(ms8);
        tRead.push_back(msRead);
        agree += (*r8)[0].id == (*r32)[0].id ? 1 : 0;
#ifdef PORTICO_WITH_FAISS
        tFaiss.push_back(msFaiss);
        faissAgree += faissI[0] >= 0 && match::GalleryId{static_cast<std::uint64_t>(faissI[0])} == (*r32)[0].id ? 1 : 0;
#endif
    }

    const double fp32Ms = median(tFp32);
    const double int8Ms = median(tInt8);
    const double readMs = median(tRead);
    const double bandwidth = galleryBytes / (readMs * 1e-3) / 1e9;
    const double efficiency = (galleryBytes / (fp32Ms * 1e-3) / 1e9) / bandwidth;
    const double agreement = static_cast<double>(agree) / static_cast<double>(a.queries);
    const auto mem = gallery.memory();

    nlohmann::json j;
    j["n"] = a.n;
    j["dim"] = dim;
    j["k"] = a.k;
    j["queries"] = a.queries;
    j["threads"] = a.threads;
    j["isa"] = std::string(match::isaName(matcher.isa()));
    j["source"] = source;
    j["ours_fp32_ms"] = fp32Ms;
    j["ours_int8_ms"] = int8Ms;
    j["read_ms"] = readMs;
    // Minima too: on a shared machine the median includes time slices lost to other processes.
    j["ours_fp32_min_ms"] = *std::min_element(tFp32.begin(), tFp32.end());
    j["ours_int8_min_ms"] = *std::min_element(tInt8.begin(), tInt8.end());
    j["read_min_ms"] = *std::min_element(tRead.begin(), tRead.end());
    j["bandwidth_gbs"] = bandwidth;
    j["fp32_efficiency"] = efficiency;
    j["int8_speedup"] = fp32Ms / int8Ms;
    j["int8_rank1_agreement"] = agreement;
    j["gallery_fp32_bytes"] = mem.fp32Bytes;
    j["gallery_int8_bytes"] = mem.int8Bytes;
    j["gallery_raw_fp32_bytes"] = mem.rawFp32Bytes;
    j["gallery_id_bytes"] = mem.idBytes;
    j["gallery_fp32_ratio"] = mem.fp32Ratio();
#ifdef PORTICO_WITH_FAISS
    const double faissMs = median(tFaiss);
    j["faiss_ms"] = faissMs;
    j["faiss_min_ms"] = *std::min_element(tFaiss.begin(), tFaiss.end());
    j["fp32_vs_faiss"] = fp32Ms / faissMs;
    j["faiss_rank1_agreement"] = static_cast<double>(faissAgree) / static_cast<double>(a.queries);
#else
    j["faiss_ms"] = nullptr;
    j["faiss_note"] = "built without PORTICO_WITH_FAISS";
#endif

    std::cout << std::fixed << std::setprecision(3);
    std::cout << "search bench: n " << a.n << ", dim " << dim << ", k " << a.k << ", " << a.queries
              << " queries (nq = 1), " << a.threads << " thread(s), kernel " << match::isaName(matcher.isa())
              << "; medians\n";
    std::cout << "  ours fp32 (exact)      " << std::setw(9) << fp32Ms << " ms   efficiency " << efficiency
              << " of read bandwidth\n";
    std::cout << "  ours int8 + re-rank    " << std::setw(9) << int8Ms << " ms   " << fp32Ms / int8Ms
              << "x faster than fp32, rank-1 agreement " << agreement * 100.0 << " %\n";
#ifdef PORTICO_WITH_FAISS
    std::cout << "  FAISS IndexFlatIP      " << std::setw(9) << faissMs
              << " ms   ours fp32 / FAISS = " << fp32Ms / faissMs << "\n";
#else
    std::cout << "  FAISS IndexFlatIP            n/a   (configure with -DPORTICO_WITH_FAISS=ON)\n";
#endif
    std::cout << "  read kernel            " << std::setw(9) << readMs << " ms   " << bandwidth << " GB/s\n";
    std::cout << "  gallery memory: fp32 " << mem.fp32Bytes << " B for " << mem.rawFp32Bytes << " B raw ("
              << mem.fp32Ratio() << "x), int8+scales " << mem.int8Bytes << " B, ids ~" << mem.idBytes << " B\n";
    if (!a.json.empty()) {
        std::ofstream out(a.json);
        out << j.dump(2) << "\n";
        if (!out) {
            std::cerr << "bench search: cannot write " << a.json << "\n";
            return;
        }
    }
    (void)sink;
    ctx.exitCode = 0;
}

} // namespace

void addMatchCommands(CLI::App& app, Context& ctx) {
    auto calArgs = std::make_shared<CalibrateArgs>();
    auto* cal = app.add_subcommand("calibrate", "Build the score→FMR table (calibration.json) from impostor scores");
    auto* emb = cal->add_option("--embeddings", calArgs->embeddings,
                                "Labelled embeddings (CSV `identity,v1,…,vD`, docs/matching.md): all pairs scored");
    auto* sc = cal->add_option("--scores", calArgs->scores, "Impostor scores, one per line");
    auto* ds = cal->add_option("--dataset", calArgs->dataset,
                               "Folder per identity (DIR/<identity>/<n>.jpg): the face pipeline makes the templates");
    emb->excludes(sc);
    emb->excludes(ds);
    sc->excludes(ds);
    cal->add_option("--write-embeddings", calArgs->writeEmbeddings,
                    "With --dataset or --embeddings: also save the templates as an embeddings file");
    cal->add_option("--out", calArgs->out, "Calibration file to write")->required();
    cal->add_option("--model-id", calArgs->modelId, "Model id recorded in the table (default: the templates')");
    cal->add_option("--dataset-name", calArgs->datasetName, "Data set name recorded in the table");
    cal->add_option("--created", calArgs->created, "Date recorded in the table (YYYY-MM-DD; default today, UTC)");
    cal->add_option("--min-false-matches", calArgs->minFalseMatches,
                    "False matches needed below a threshold before its FMR is resolved (default 10)");
    cal->add_option("--seed", calArgs->seed, "Seed of the identity split that checks the tail model");
    cal->add_option("--top-pairs", calArgs->topPairs,
                    "List this many of the highest impostor and lowest genuine pairs (label errors show there)");
    cal->add_option("--label-fixes", calArgs->labelFixes,
                    "With --dataset: corrections of the data set's identity labels (docs/matching.md)");
    cal->add_flag("--audit-labels", calArgs->auditLabels,
                  "List images and identities whose scores contradict their labels (for a person to check)");
    cal->add_option("--check-fit-share", calArgs->checkFitShare,
                    "Share of identities (or pairs) the checked tail fits");
    cal->add_flag("--fit-shape", calArgs->gpdShape, "Fit the tail's shape ξ too (default: ξ = 0, an exponential tail)");
    cal->add_option("--check-splits", calArgs->checkSplits, "Seeded splits pooled in the tail check (default 10)");
    cal->add_option("--ambiguity-odds", calArgs->ambiguityOdds,
                    "Margin: the top candidate this many times likelier the mate than the runner-up (default 99)");
    cal->add_flag("--check-by-pair", calArgs->checkByPair, "Hold back pairs at random instead of identities");
    cal->add_flag("--no-tail", calArgs->noTail, "No tail model: below the resolution every lookup is clamped");
    cal->add_option("--threads", calArgs->threads, "With --dataset: face pipelines in parallel");
    cal->add_option(
        "--cache-dir", calArgs->cacheDir,
        "With --dataset: template cache folder (default $PORTICO_TEMPLATE_CACHE or ~/.cache/portico/templates)");
    cal->add_flag("--no-cache", calArgs->noCache, "With --dataset: neither read nor write the template cache");
    cal->callback([&ctx, calArgs] { runCalibrate(*calArgs, ctx); });

    auto thrPath = std::make_shared<std::string>(PORTICO_SIM_DEFAULT_CALIBRATION);
    auto* thr = app.add_subcommand("thresholds", "The 1:1 and 1:N thresholds a score table gives (JSON)");
    thr->add_option("--calibration", *thrPath, "Score table")->capture_default_str();
    thr->callback([&ctx, thrPath] { runThresholds(*thrPath, ctx); });

    auto benchArgs = std::make_shared<BenchArgs>();
    auto* bs = ctx.bench->add_subcommand(
        "search", "1:N scan: ours fp32, ours int8, FAISS IndexFlatIP and a read-bandwidth kernel, in one run");
    bs->add_option("--n", benchArgs->n, "Gallery size");
    bs->add_option("--dim", benchArgs->dim, "Dimensions (random gallery)");
    bs->add_option("--queries", benchArgs->queries, "Queries, each searched alone (nq = 1)");
    bs->add_option("--k", benchArgs->k, "Candidates per search");
    bs->add_option("--threads", benchArgs->threads, "Threads per search (1 or 2)");
    bs->add_option("--seed", benchArgs->seed, "Random seed");
    bs->add_option("--json", benchArgs->json, "Write the figures as JSON");
    bs->add_option("--embeddings", benchArgs->embeddings,
                   "Use these embeddings for the gallery (beyond the file's rows: noisy copies of them)");
    bs->callback([&ctx, benchArgs] { runBenchSearch(*benchArgs, ctx); });
}

} // namespace portico::cli
