// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: calibrate, bench search.
#include "Commands.h"
#include "eval/PairList.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"
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
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
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
    std::uint64_t maxImpostors = 20'000'000;
    std::uint64_t minFalseMatches = 3;
    std::uint64_t seed = 1;
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

struct PairScores {
    std::vector<float> impostor;
    std::vector<float> genuine;
    std::uint64_t impostorPairsTotal = 0;
};

/// All genuine pairs; all impostor pairs, or a seeded uniform sample of them when there are more than `maxImpostors`.
PairScores scorePairs(const match::EmbeddingsFile& file, std::uint64_t maxImpostors, std::uint64_t seed) {
    match::Gallery g(file.dim);
    g.reserve(file.rows());
    std::vector<std::uint32_t> label(file.rows());
    std::vector<std::string> names;
    for (std::size_t i = 0; i < file.rows(); ++i) {
        const auto it = std::find(names.begin(), names.end(), file.identities[i]);
        label[i] = static_cast<std::uint32_t>(it - names.begin());
        if (it == names.end()) {
            names.push_back(file.identities[i]);
        }
        // Rows that fail (zero or non-finite vectors) are skipped.
        (void)g.add(match::GalleryId{static_cast<std::uint64_t>(i)}, std::span<const float>(file.row(i), file.dim));
    }
    PairScores out;
    const std::size_t n = g.size();
    std::vector<std::uint32_t> rowLabel(n);
    for (std::size_t s = 0; s < n; ++s) {
        rowLabel[s] = label[std::get<std::uint64_t>(g.idAt(s))];
    }
    std::uint64_t sameLabel = 0;
    {
        std::vector<std::uint64_t> perLabel(names.size(), 0);
        for (auto l : rowLabel) {
            ++perLabel[l];
        }
        for (auto c : perLabel) {
            sameLabel += c * (c - 1) / 2;
        }
    }
    out.impostorPairsTotal = static_cast<std::uint64_t>(n) * (n - (n > 0 ? 1 : 0)) / 2 - sameLabel;
    const double keep = out.impostorPairsTotal > maxImpostors
                            ? static_cast<double>(maxImpostors) / static_cast<double>(out.impostorPairsTotal)
                            : 1.0;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<float> scores(n);
    const match::Isa isa = match::bestIsa();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const std::size_t m = n - i - 1;
        match::ScanKernels::dotF32(isa, g.row(i), g.row(i + 1), g.stride(), m, scores.data());
        for (std::size_t j = 0; j < m; ++j) {
            if (rowLabel[i] == rowLabel[i + 1 + j]) {
                out.genuine.push_back(scores[j]);
            } else if (keep >= 1.0 || u(rng) < keep) {
                out.impostor.push_back(scores[j]);
            }
        }
    }
    return out;
}

/// Runs the face pipeline over DIR/<identity>/<n>.jpg; images without a usable face are left out and counted.
Result<match::EmbeddingsFile> embedDataset(const std::string& dir, std::size_t& failures) {
    auto dataset = eval::Dataset::scan(dir);
    if (!dataset) {
        return dataset.error();
    }
    auto pipeline = face::FacePipeline::load(face::ModelStore::pinned());
    if (!pipeline) {
        return pipeline.error();
    }
    match::EmbeddingsFile file;
    failures = 0;
    std::size_t done = 0;
    for (const auto& [ref, path] : dataset->images()) {
        auto analysis = pipeline->analyseFile(path);
        ++done;
        if (done % 20 == 0) {
            std::cerr << "calibrate: " << done << " / " << dataset->images().size() << " images\n";
        }
        if (!analysis) {
            ++failures;
            continue;
        }
        const auto& values = analysis->faceTemplate.values();
        if (file.dim == 0) {
            file.dim = values.size();
            file.modelId = analysis->faceTemplate.modelId();
        }
        if (values.size() != file.dim) {
            return makeError(ErrorCode::ModelMismatch, "templates of different dimensions in one data set");
        }
        file.identities.push_back(ref.identity);
        file.values.insert(file.values.end(), values.begin(), values.end());
    }
    if (file.rows() == 0) {
        return makeError(ErrorCode::NoFace, "no image of the data set gave a template");
    }
    return file;
}

void runCalibrate(const CalibrateArgs& a, Context& ctx) {
    ctx.exitCode = 1;
    const int inputs = (a.embeddings.empty() ? 0 : 1) + (a.scores.empty() ? 0 : 1) + (a.dataset.empty() ? 0 : 1);
    if (inputs != 1) {
        std::cerr << "calibrate: give exactly one of --embeddings, --scores or --dataset\n";
        return;
    }
    match::ScoreTableInfo info;
    info.modelId = a.modelId;
    info.minFalseMatches = a.minFalseMatches;
    std::vector<float> impostor;
    std::vector<float> genuine;
    nlohmann::json summary;
    if (!a.embeddings.empty() || !a.dataset.empty()) {
        std::size_t failures = 0;
        auto file = !a.dataset.empty() ? embedDataset(a.dataset, failures) : match::EmbeddingsFile::load(a.embeddings);
        if (!file) {
            std::cerr << "calibrate: " << file.error().toString() << "\n";
            return;
        }
        if (!a.dataset.empty()) {
            summary["images_without_template"] = failures;
            if (!a.writeEmbeddings.empty()) {
                std::ofstream out(a.writeEmbeddings, std::ios::binary | std::ios::trunc);
                out << file->toCsv();
                if (!out) {
                    std::cerr << "calibrate: cannot write " << a.writeEmbeddings << "\n";
                    return;
                }
            }
        }
        const std::string& inputPath = a.dataset.empty() ? a.embeddings : a.dataset;
        if (info.modelId.empty()) {
            info.modelId = file->modelId;
        }
        info.datasetSize = file->rows();
        info.dataset = a.datasetName.empty() ? baseName(inputPath) : a.datasetName;
        std::cerr << "calibrate: " << file->rows() << " embeddings of dim " << file->dim << ", scoring pairs…\n";
        PairScores ps = scorePairs(*file, a.maxImpostors, a.seed);
        impostor = std::move(ps.impostor);
        genuine = std::move(ps.genuine);
        summary["impostor_pairs_available"] = ps.impostorPairsTotal;
    } else {
        auto s = readScores(a.scores);
        if (!s) {
            std::cerr << "calibrate: " << s.error().toString() << "\n";
            return;
        }
        impostor = std::move(*s);
        info.dataset = a.datasetName.empty() ? baseName(a.scores) : a.datasetName;
    }
    if (info.modelId.empty()) {
        info.modelId = "unknown";
    }
    auto table = match::ScoreTable::fromImpostorScores(std::move(impostor), info);
    if (!table) {
        std::cerr << "calibrate: " << table.error().toString() << "\n";
        return;
    }
    if (auto st = table->save(a.out); !st) {
        std::cerr << "calibrate: " << st.error().toString() << "\n";
        return;
    }
    summary["out"] = a.out;
    summary["model_id"] = info.modelId;
    summary["dataset"] = info.dataset;
    summary["dataset_size"] = info.datasetSize;
    summary["impostor_comparisons"] = table->impostorCount();
    summary["genuine_comparisons"] = genuine.size();
    summary["min_supported_fmr"] = table->minSupportedFmr();
    nlohmann::json ops = nlohmann::json::object();
    for (const auto& [key, fmr] :
         std::vector<std::pair<std::string, double>>{{"1e-2", 1e-2}, {"1e-3", 1e-3}, {"1e-4", 1e-4}, {"1e-5", 1e-5}}) {
        const auto lookup = table->thresholdForFmr(fmr);
        nlohmann::json op = {{"threshold", lookup.threshold}, {"fmr", lookup.fmr}, {"clamped", lookup.clamped}};
        if (!genuine.empty()) {
            const auto misses =
                std::count_if(genuine.begin(), genuine.end(), [&](float s) { return s < lookup.threshold; });
            op["fnmr"] = static_cast<double>(misses) / static_cast<double>(genuine.size());
        }
        ops[key] = op;
    }
    summary["operating_points"] = ops;
    std::cout << summary.dump(2) << "\n";
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
                    "With --dataset: also save the templates as an embeddings file");
    cal->add_option("--out", calArgs->out, "Calibration file to write")->required();
    cal->add_option("--model-id", calArgs->modelId, "Model id recorded in the table (default: the file's # model:)");
    cal->add_option("--dataset-name", calArgs->datasetName, "Data set name recorded in the table");
    cal->add_option("--max-impostors", calArgs->maxImpostors, "Sample impostor pairs down to this many (seeded)");
    cal->add_option("--min-false-matches", calArgs->minFalseMatches,
                    "Impostor scores needed above a threshold before its FMR is supported (default 3)");
    cal->add_option("--seed", calArgs->seed, "Seed of the impostor sample");
    cal->callback([&ctx, calArgs] { runCalibrate(*calArgs, ctx); });

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
