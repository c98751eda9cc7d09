// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommand: eval-1n (1:N identification accuracy, FPIR at the booth's thresholds).
#include "Commands.h"

#include "eval/DatasetTemplates.h"
#include "eval/DetPlot.h"
#include "eval/Identification.h"
#include "face/ModelStore.h"
#include "match/ScoreTable.h"
#include "match/ThresholdPolicy.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::cli {
namespace {

struct Eval1nArgs {
    std::string dataset;
    std::string gallery;
    std::string mated;
    std::string nonMated;
    std::size_t holdOut = 0;
    std::uint64_t seed = 1;
    std::string calibration = PORTICO_SIM_DEFAULT_CALIBRATION;
    double fpir = match::ThresholdPolicyConfig{}.identificationFpir;
    std::string json;
    std::string plot;
    unsigned threads = 1;
    std::string cacheDir;
    bool noCache = false;
    std::string labelFixes;
};

Result<eval::IdentificationSplit> splitOf(const Eval1nArgs& a, const eval::DatasetTemplates& templates) {
    const int lists = (a.gallery.empty() ? 0 : 1) + (a.mated.empty() ? 0 : 1) + (a.nonMated.empty() ? 0 : 1);
    if (lists == 0) {
        return eval::defaultSplit(templates, a.holdOut, a.seed);
    }
    if (lists != 3) {
        return makeError(ErrorCode::InvalidArgument, "give all of --gallery, --mated and --non-mated, or none");
    }
    if (a.holdOut > 0) {
        return makeError(ErrorCode::InvalidArgument, "--hold-out applies only to the default split");
    }
    eval::IdentificationSplit s;
    for (auto [path, out] :
         {std::pair{&a.gallery, &s.gallery}, std::pair{&a.mated, &s.mated}, std::pair{&a.nonMated, &s.nonMated}}) {
        auto list = eval::readImageList(*path);
        if (!list) {
            return list.error();
        }
        *out = std::move(list.value());
    }
    return s;
}

void runEval1n(const Eval1nArgs& a, Context& ctx) {
    ctx.exitCode = 1;
    auto fail = [](const Error& e) { std::cerr << "eval-1n: " << e.toString() << "\n"; };
    auto dataset = eval::Dataset::scan(a.dataset);
    if (!dataset) {
        return fail(dataset.error());
    }
    std::optional<eval::LabelCorrections> corrections;
    if (!a.labelFixes.empty()) {
        auto c = eval::LabelCorrections::load(a.labelFixes);
        if (!c) {
            return fail(c.error());
        }
        if (auto ok = c->check(dataset.value()); !ok) {
            return fail(ok.error());
        }
        corrections = std::move(c.value());
    }
    auto table = match::ScoreTable::load(a.calibration);
    if (!table) {
        return fail(table.error());
    }
    config::OperatingPointConfig op;
    op.identificationFpir = a.fpir;
    if (auto ok = config::validateOperatingPoint(op); !ok) {
        return fail(ok.error());
    }
    const auto cfg = match::ThresholdPolicyConfig::fromOperatingPoint(op);
    eval::TemplateOptions options;
    options.threads = a.threads;
    options.cacheDir = a.noCache
                           ? std::filesystem::path()
                           : (a.cacheDir.empty() ? eval::defaultTemplateCacheDir() : std::filesystem::path(a.cacheDir));
    options.progress = [](std::size_t done, std::size_t total) {
        if (done % 100 == 0 || done == total) {
            std::cerr << "eval-1n: " << done << " / " << total << " images\n";
        }
    };
    auto templates = eval::datasetTemplates(face::ModelStore::pinned(), dataset.value(), options);
    if (!templates) {
        return fail(templates.error());
    }
    if (auto same = table->requireModel(templates->modelId); !same) {
        return fail(same.error());
    }
    if (corrections) {
        templates = templates->corrected(*corrections);
    }
    auto split = splitOf(a, templates.value());
    if (!split) {
        return fail(split.error());
    }
    if (auto ok = eval::checkSplit(templates.value(), split.value()); !ok) {
        return fail(ok.error());
    }
    const match::ThresholdPolicy policy(table.value(), cfg);
    auto report = eval::evaluateIdentification(templates.value(), split.value(), {1e-2, 3e-3, 1e-3}, &policy);
    if (!report) {
        return fail(report.error());
    }
    const auto& r = report.value();
    std::cout << std::fixed << std::setprecision(2);
    std::cout << "1:N on " << a.dataset << ": gallery " << r.gallery << " templates (" << r.galleryIdentities
              << " identities), " << r.mated << " mated and " << r.nonMated << " non-mated searches\n";
    std::cout << "  rank-1 " << 100.0 * r.rank1 << " %, rank-5 " << 100.0 * r.rank5 << " %\n";
    for (const auto& p : r.points) {
        std::cout << "  FNIR at FPIR " << std::setprecision(0) << std::scientific << p.targetFpir << std::fixed
                  << std::setprecision(2) << ": " << 100.0 * p.fnir << " % (threshold " << std::setprecision(4)
                  << p.threshold << std::setprecision(2) << (p.resolved ? "" : "; too few non-mated searches") << ")\n";
    }
    if (r.shipped) {
        const auto& s = *r.shipped;
        std::cout << "  booth threshold for a gallery of " << r.gallery << " at FPIR " << std::setprecision(4)
                  << s.targetFpir << ": " << s.threshold << (s.estimated ? " (estimated by the tail model)" : "")
                  << (s.clamped ? " (clamped)" : "") << "; FPIR reached " << s.fpir << " (" << s.falseCandidates
                  << " of " << r.nonMated << "), FNIR " << std::setprecision(2) << 100.0 * s.fnir << " %\n";
    }
    if (!a.json.empty()) {
        std::ofstream out(a.json);
        out << eval::identificationToJson(r) << "\n";
        if (!out) {
            std::cerr << "eval-1n: cannot write " << a.json << "\n";
            return;
        }
    }
    if (!a.plot.empty()) {
        std::vector<eval::OperatingPoint> points;
        for (const auto& p : r.points) {
            points.push_back({p.targetFpir, p.threshold, p.fpir, p.fnir, p.resolved});
        }
        if (r.shipped) {
            eval::OperatingPoint booth;
            booth.targetFmr = r.shipped->targetFpir;
            booth.threshold = std::numeric_limits<double>::quiet_NaN(); // drawn as the booth's own point
            booth.fmr = std::max(r.shipped->fpir, 1e-5);
            booth.fnmr = r.shipped->fnir;
            booth.resolved = true;
            points.push_back(booth);
        }
        const std::string title = "1:N DET, gallery " + std::to_string(r.gallery) + " (" +
                                  std::filesystem::path(a.dataset).filename().string() + ")";
        if (auto st = eval::writeDetPng(a.plot, r.rates(), points, title, eval::DetLabels::identification()); !st) {
            return fail(st.error());
        }
    }
    ctx.exitCode = 0;
}

} // namespace

void addIdentificationCommands(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<Eval1nArgs>();
    auto* ev = app.add_subcommand("eval-1n", "1:N identification accuracy: rank-1/5, FNIR at FPIR, the booth's FPIR");
    ev->add_option("--dataset", args->dataset, "Folder per identity (DIR/<identity>/<n>.jpg)")->required();
    ev->add_option("--gallery", args->gallery, "Gallery images: one `identity<TAB>n` per line");
    ev->add_option("--mated", args->mated, "Mated probes (identity in the gallery), same format");
    ev->add_option("--non-mated", args->nonMated, "Non-mated probes (identity not in the gallery), same format");
    ev->add_option("--hold-out", args->holdOut,
                   "Default split: also keep this many identities (seeded) out of the gallery as non-mated probes");
    ev->add_option("--seed", args->seed, "Seed of --hold-out");
    ev->add_option("--calibration", args->calibration, "Score table the booth's thresholds come from")
        ->capture_default_str();
    ev->add_option("--fpir", args->fpir, "The booth's FPIR target")->capture_default_str();
    ev->add_option("--json", args->json, "Write the figures as JSON (keys in docs/evaluation.md)");
    ev->add_option("--plot", args->plot, "Write the DET curve (FNIR against FPIR) as PNG");
    ev->add_option("--threads", args->threads, "Face pipelines in parallel");
    ev->add_option("--label-fixes", args->labelFixes,
                   "Corrections of the data set's identity labels (e.g. resources/calibration/calib-label-fixes.tsv)");
    ev->add_option("--cache-dir", args->cacheDir, "Template cache folder (default ~/.cache/portico/templates)");
    ev->add_flag("--no-cache", args->noCache, "Neither read nor write the template cache");
    ev->callback([args, &ctx] { runEval1n(*args, ctx); });
}

} // namespace portico::cli
