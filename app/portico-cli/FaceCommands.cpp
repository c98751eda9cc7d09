// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: eval, bench pipeline.
#include "Commands.h"

#include "eval/DetPlot.h"
#include "eval/Evaluation.h"
#include "eval/Statistics.h"
#include "face/FacePipeline.h"
#include "face/ModelStore.h"

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <unistd.h>

namespace portico::cli {
namespace {
namespace fs = std::filesystem;

struct EvalArgs {
    std::string dataset;
    std::string pairs;
    std::string groups;
    std::string json;
    std::string plot;
    std::string modelDir;
    unsigned threads = 1;
    std::size_t impostors = 20000;
    std::uint64_t seed = 20240601;
    std::string descriptor = std::string(face::toString(face::PipelineOptions{}.descriptor));
    bool noFlip = false;
    bool noRefine = false;
    bool boxCrop = false;
    bool noFallback = false;
    float minScore = 0.5f;
    int fast = face::PipelineOptions{}.tinyInputSize; ///< tiny detector input size; 0 = SSD only
};

std::string fmt(double v, int prec = 2) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(prec) << v;
    return s.str();
}

bool writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text << "\n";
    return static_cast<bool>(out);
}

Result<face::PipelineOptions> pipelineOptions(const EvalArgs& a) {
    face::PipelineOptions o;
    auto descriptor = face::parseDescriptorModel(a.descriptor);
    if (!descriptor) {
        return descriptor.error();
    }
    o.descriptor = *descriptor;
    o.flipAverage = !a.noFlip;
    o.refineLandmarks = !a.noRefine;
    o.boxCrop = a.boxCrop;
    o.minScore = a.minScore;
    o.fastDetect = a.fast > 0;
    if (a.fast > 0) {
        o.tinyInputSize = a.fast;
    }
    if (a.noFallback) {
        o.fallbackMinScore = a.minScore;
        o.padFallback = false;
    }
    return o;
}

void runEval(const EvalArgs& a, Context& ctx) {
    const auto store = face::ModelStore::pinned(a.modelDir);
    eval::EvaluationOptions o;
    o.dataset = a.dataset;
    if (!a.pairs.empty()) {
        o.pairs = fs::path(a.pairs);
    }
    if (!a.groups.empty()) {
        auto g = eval::readGroups(a.groups);
        if (!g) {
            std::cerr << "eval failed: " << g.error().toString() << "\n";
            ctx.exitCode = 1;
            return;
        }
        o.groups = std::move(g.value());
    }
    o.impostorSample = a.impostors;
    o.seed = a.seed;
    o.threads = std::max(1u, a.threads);
    auto po = pipelineOptions(a);
    if (!po) {
        std::cerr << "eval failed: " << po.error().toString() << "\n";
        ctx.exitCode = 2;
        return;
    }
    o.pipeline = *po;
    o.progress = [](std::size_t done, std::size_t total) {
        if (done % 10 == 0 || done == total) {
            std::cerr << "\r[eval] " << done << "/" << total << " images" << (done == total ? "\n" : "") << std::flush;
        }
    };
    auto r = eval::evaluate(store, o);
    if (!r) {
        std::cerr << "eval failed: " << r.error().toString() << "\n";
        ctx.exitCode = 1;
        return;
    }
    const auto& rep = r.value();
    const std::string json = eval::reportToJson(rep);
    if (!a.json.empty() && !writeText(a.json, json)) {
        std::cerr << "cannot write " << a.json << "\n";
        ctx.exitCode = 1;
        return;
    }
    if (!a.plot.empty()) {
        const std::string title = "DET " + fs::path(a.dataset).filename().string() + " - " + rep.model;
        if (auto st = eval::writeDetPng(a.plot, rep.rates(), rep.operatingPoints, title); !st) {
            std::cerr << st.error().toString() << "\n";
            ctx.exitCode = 1;
            return;
        }
    }
    std::cout << json << "\n";
}

struct BenchArgs {
    std::string dataset;
    std::string json;
    std::string modelDir;
    std::string referenceDir = "scripts/golden";
    std::string frame = "640x480";
    std::size_t limit = 100;
    bool reference = false;
    int fast = face::PipelineOptions{}.tinyInputSize; ///< tiny detector input size; 0 = SSD only
    std::string descriptor = std::string(face::toString(face::PipelineOptions{}.descriptor));
    bool noFlip = false;
};

// Fit the image inside a w×h frame (aspect kept, grey bars): a camera-sized frame with one face.
cv::Mat toFrame(const cv::Mat& img, cv::Size size) {
    const double f = std::min(static_cast<double>(size.width) / img.cols, static_cast<double>(size.height) / img.rows);
    cv::Mat scaled;
    cv::resize(img, scaled, cv::Size(), f, f, f < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat frame(size, CV_8UC3, cv::Scalar::all(128));
    const cv::Rect at((size.width - scaled.cols) / 2, (size.height - scaled.rows) / 2, scaled.cols, scaled.rows);
    scaled.copyTo(frame(at));
    return frame;
}

struct StageStats {
    double median = 0;
    double p95 = 0;
};

StageStats stats(const std::vector<double>& v) {
    return {eval::median(v), eval::quantile(v, 0.95)};
}

// Runs scripts/golden/bench-reference.mjs on the same frames; returns stage → times (ms).
std::optional<std::map<std::string, std::vector<double>>> runReference(const BenchArgs& a,
                                                                       const std::vector<cv::Mat>& frames) {
    const fs::path script = fs::path(a.referenceDir) / "bench-reference.mjs";
    if (!fs::exists(script) || !fs::exists(fs::path(a.referenceDir) / "node_modules")) {
        std::cerr << "reference: " << script.string()
                  << " or its node_modules missing (run `npm ci` in scripts/golden)\n";
        return std::nullopt;
    }
    const fs::path dir = fs::temp_directory_path() / ("portico-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    nlohmann::json index = nlohmann::json::array();
    for (std::size_t i = 0; i < frames.size(); ++i) {
        cv::Mat rgb;
        cv::cvtColor(frames[i], rgb, cv::COLOR_BGR2RGB);
        const std::string file = std::to_string(i) + ".rgb";
        std::ofstream out(dir / file, std::ios::binary);
        out.write(reinterpret_cast<const char*>(rgb.data), static_cast<std::streamsize>(rgb.total() * 3));
        index.push_back({{"key", std::to_string(i)}, {"file", file}, {"width", rgb.cols}, {"height", rgb.rows}});
    }
    writeText((dir / "index.json").string(), index.dump());
    const std::string cmd = "cd '" + fs::absolute(a.referenceDir).string() +
                            "' && PORTICO_REF_TINY=" + std::to_string(a.fast) +
                            " PORTICO_REF_DESCRIPTOR=" + a.descriptor + " node bench-reference.mjs '" + dir.string() +
                            "'" + (a.modelDir.empty() ? "" : " '" + a.modelDir + "/face-api/model'");
    std::cerr << "reference: running face-api in Node on " << frames.size() << " frames\n";
    std::FILE* pipe = ::popen(cmd.c_str(), "r");
    std::string output;
    if (pipe) {
        char buf[4096];
        std::size_t n = 0;
        while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
            output.append(buf, n);
        }
        const int rc = ::pclose(pipe);
        if (rc != 0) {
            std::cerr << "reference: node exited with status " << rc << "\n";
            output.clear();
        }
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (output.empty()) {
        return std::nullopt;
    }
    try {
        const auto j = nlohmann::json::parse(output);
        std::map<std::string, std::vector<double>> out;
        for (const auto& [stage, values] : j.at("ms").items()) {
            out[stage] = values.get<std::vector<double>>();
        }
        if (j.contains("backend")) {
            std::cerr << "reference: backend " << j["backend"].get<std::string>() << "\n";
        }
        if (j.contains("descriptor")) {
            std::cerr << "reference: descriptor " << j["descriptor"].get<std::string>() << "\n";
        }
        return out;
    } catch (const std::exception& e) {
        std::cerr << "reference: unreadable output: " << e.what() << "\n";
        return std::nullopt;
    }
}

void runBench(const BenchArgs& a, Context& ctx) {
    cv::setNumThreads(1);
    const auto store = face::ModelStore::pinned(a.modelDir);
    face::PipelineOptions po;
    auto descriptor = face::parseDescriptorModel(a.descriptor);
    if (!descriptor) {
        std::cerr << "bench: " << descriptor.error().toString() << "\n";
        ctx.exitCode = 2;
        return;
    }
    po.descriptor = *descriptor;
    po.fastDetect = a.fast > 0;
    po.flipAverage = !a.noFlip;
    if (a.fast > 0) {
        po.tinyInputSize = a.fast;
    }
    auto pipeline = face::FacePipeline::load(store, po);
    if (!pipeline) {
        std::cerr << "bench: " << pipeline.error().toString() << "\n";
        ctx.exitCode = 1;
        return;
    }
    auto ds = eval::Dataset::scan(a.dataset);
    if (!ds) {
        std::cerr << "bench: " << ds.error().toString() << "\n";
        ctx.exitCode = 1;
        return;
    }
    int fw = 0;
    int fh = 0;
    const bool native = a.frame == "native";
    if (!native && std::sscanf(a.frame.c_str(), "%dx%d", &fw, &fh) != 2) {
        std::cerr << "bench: --frame must be WxH or native\n";
        ctx.exitCode = 2;
        return;
    }
    std::vector<cv::Mat> frames;
    for (const auto& [ref, path] : ds->images()) {
        if (frames.size() >= a.limit) {
            break;
        }
        auto img = face::readImage(path);
        if (img) {
            frames.push_back(native ? img.value() : toFrame(img.value(), cv::Size(fw, fh)));
        }
    }
    if (frames.empty()) {
        std::cerr << "bench: no readable image\n";
        ctx.exitCode = 1;
        return;
    }
    (void)pipeline->analyse(frames.front()); // warm-up
    std::map<std::string, std::vector<double>> ours;
    std::size_t failures = 0;
    // Thread CPU time of the whole analyse() call: the "one core" cost, unaffected by other processes on the
    // machine (wall times are inflated when the cores are shared).
    const auto threadCpuMs = [] {
        timespec ts{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
    };
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const double cpu0 = threadCpuMs();
        auto r = pipeline->analyse(frames[i]);
        const double cpu = threadCpuMs() - cpu0;
        if (!r) {
            ++failures;
            continue;
        }
        ours["thread_cpu"].push_back(cpu);
        const auto& t = r->times;
        ours["detect"].push_back(t.detect);
        ours["landmarks"].push_back(t.landmarks);
        ours["align"].push_back(t.align);
        ours["embed"].push_back(t.embed);
        ours["quality"].push_back(t.quality);
        ours["detect+landmarks+embed"].push_back(t.detect + t.landmarks + t.align + t.embed);
        ours["total"].push_back(t.total);
        std::cerr << "\r[bench] " << (i + 1) << "/" << frames.size() << std::flush;
    }
    std::cerr << "\n";
    std::optional<std::map<std::string, std::vector<double>>> ref;
    if (a.reference) {
        ref = runReference(a, frames);
    }
    nlohmann::json j;
    j["frames"] = frames.size();
    j["frame"] = native ? "native" : a.frame;
    j["failures"] = failures;
    j["threads"] = 1;
    j["detector"] =
        a.fast > 0 ? "tiny_face_detector@" + std::to_string(a.fast) + " (ssd fallback)" : "ssd_mobilenetv1@512";
    std::cout << "stage                     ours median   p95";
    if (ref) {
        std::cout << "    face-api median   p95    ratio ours/ref (median)";
    }
    std::cout << "\n";
    for (const std::string stage :
         {"detect", "landmarks", "align", "embed", "quality", "detect+landmarks+embed", "total"}) {
        const auto s = stats(ours[stage]);
        j["ours"][stage] = {{"median_ms", s.median}, {"p95_ms", s.p95}};
        std::cout << std::left << std::setw(26) << stage << std::right << std::setw(10) << fmt(s.median) << std::setw(8)
                  << fmt(s.p95);
        if (ref && ref->count(stage)) {
            const auto rs = stats(ref->at(stage));
            j["reference"][stage] = {{"median_ms", rs.median}, {"p95_ms", rs.p95}};
            j["ratio"][stage] = s.median / rs.median;
            std::cout << std::setw(16) << fmt(rs.median) << std::setw(8) << fmt(rs.p95) << std::setw(12)
                      << fmt(s.median / rs.median, 3);
        }
        std::cout << "\n";
    }
    {
        const auto c = stats(ours["thread_cpu"]);
        j["ours"]["thread_cpu"] = {{"median_ms", c.median}, {"p95_ms", c.p95}};
        std::cout << std::left << std::setw(26) << "thread CPU (one core)" << std::right << std::setw(10)
                  << fmt(c.median) << std::setw(8) << fmt(c.p95)
                  << "   (whole analyse() call incl. quality; wall figures above)\n";
    }
    if (a.reference && !ref) {
        j["reference"] = nullptr;
        std::cout << "reference: not measured (see stderr)\n";
        ctx.exitCode = 1;
    }
    if (!a.json.empty() && !writeText(a.json, j.dump(2))) {
        std::cerr << "cannot write " << a.json << "\n";
        ctx.exitCode = 1;
    }
}
} // namespace

void addFaceCommands(CLI::App& app, Context& ctx) {
    auto ea = std::make_shared<EvalArgs>();
    auto* ev = app.add_subcommand("eval", "Verification accuracy of the face pipeline on a folder-per-identity set");
    ev->add_option("--dataset", ea->dataset, "DIR/<identity>/<n>.jpg")->required();
    ev->add_option("--pairs", ea->pairs, "LFW pairs.txt (default: all genuine pairs + a seeded impostor sample)");
    ev->add_option("--groups", ea->groups,
                   "identity<TAB>group per line (e.g. age band): error rates per group at the overall thresholds");
    ev->add_option("--json", ea->json, "Write the JSON report here");
    ev->add_option("--plot", ea->plot, "Write the DET curve here (PNG)");
    ev->add_option("--threads", ea->threads, "Worker threads (one pipeline each)");
    ev->add_option("--impostors", ea->impostors, "Impostor pairs to sample without --pairs");
    ev->add_option("--seed", ea->seed, "Seed of that sample");
    ev->add_option("--model-dir", ea->modelDir, "Model cache (default: $PORTICO_MODEL_DIR or ~/.cache/...)");
    ev->add_option("--min-score", ea->minScore, "Detector confidence (default 0.5)");
    ev->add_flag("--no-flip", ea->noFlip, "No test-time flip averaging of the descriptor (on by default)");
    ev->add_flag("--no-refine-landmarks", ea->noRefine,
                 "One landmark pass only (by default a second pass runs on a box around the first landmarks)");
    ev->add_flag("--box-crop", ea->boxCrop, "face-api's box crop instead of landmark alignment (dlib descriptor)");
    ev->add_option("--descriptor", ea->descriptor, "Face descriptor: arcface (default) or dlib");
    ev->add_flag("--no-fallback", ea->noFallback, "No low-confidence or padded-copy detector fallback");
    ev->add_option("--fast", ea->fast,
                   "Tiny face detector first at this input size (e.g. 320), SSD when it finds nothing");
    ev->callback([ea, &ctx] { runEval(*ea, ctx); });

    auto ba = std::make_shared<BenchArgs>();
    auto* bp = ctx.bench->add_subcommand("pipeline", "Per-stage face pipeline time on one thread (median, p95)");
    bp->add_option("--dataset", ba->dataset, "DIR/<identity>/<n>.jpg")->required();
    bp->add_option("--json", ba->json, "Write the figures here");
    bp->add_option("--limit", ba->limit, "Images to time (default 100)");
    bp->add_option("--frame", ba->frame, "Frame each image into WxH (default 640x480) or 'native'");
    bp->add_option("--model-dir", ba->modelDir, "Model cache");
    bp->add_flag("--reference", ba->reference, "Also time face-api (Node, scripts/golden) on the same frames");
    bp->add_option("--reference-dir", ba->referenceDir, "Folder with bench-reference.mjs and node_modules");
    bp->add_option("--fast", ba->fast,
                   "Tiny face detector input size (default 320; SSD when it finds nothing); 0 = SSD only. The "
                   "reference uses the same detector (face-api's tiny detector at that size, or its SSD)");
    bp->add_flag("--no-flip", ba->noFlip, "No test-time flip averaging (one descriptor per face)");
    bp->add_option("--descriptor", ba->descriptor, "Face descriptor: arcface (default) or dlib");
    bp->callback([ba, &ctx] { runBench(*ba, ctx); });
}

} // namespace portico::cli
