// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/DatasetTemplates.h"

#include "common/Sha256.h"
#include "face/ModelStore.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace portico::eval {
namespace {

constexpr const char* kMagic = "portico-templates v1";
constexpr std::size_t kMaxHeaderBytes = 64u << 20;
constexpr double kSpotCheckCosine = 0.9999;

std::string optionsText(const face::PipelineOptions& o) {
    // Every option that changes a template (quality limits do not).
    std::ostringstream s;
    s.precision(9);
    s << "minScore=" << o.minScore << ";fallbackMinScore=" << o.fallbackMinScore << ";padFallback=" << o.padFallback
      << ";padShare=" << o.padShare << ";bystanderAreaShare=" << o.bystanderAreaShare
      << ";descriptor=" << face::toString(o.descriptor) << ";boxCrop=" << o.boxCrop << ";flipAverage=" << o.flipAverage
      << ";refineLandmarks=" << o.refineLandmarks << ";fastDetect=" << o.fastDetect
      << ";tinyInputSize=" << o.tinyInputSize << ";tinyMinScore=" << o.tinyMinScore
      << ";maxPixels=" << o.decode.maxPixels << ";maxBytes=" << o.decode.maxBytes;
    return s.str();
}

Result<std::string> fingerprintOf(const face::ModelStore& store, const Dataset& dataset,
                                  const face::PipelineOptions& options) {
    std::string text = std::string(kMagic) + "\n";
    for (const auto& f : store.files()) {
        text += f.alias + "/" + f.path + " " + f.sha256 + "\n";
    }
    text += optionsText(options) + "\n";
    for (const auto& [ref, path] : dataset.images()) {
        auto sha = sha256File(path);
        if (!sha) {
            return sha.error();
        }
        text += ref.identity + "\t" + std::to_string(ref.number) + "\t" + sha.value() + "\n";
    }
    return sha256Hex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

std::filesystem::path cachePath(const std::filesystem::path& dir, const Dataset& dataset,
                                const std::string& fingerprint) {
    std::string name = "dataset";
    if (!dataset.images().empty()) {
        // The data set folder's name, for a reader of the cache folder ("calib-…").
        name = dataset.images().begin()->second.parent_path().parent_path().filename().string();
    }
    return dir / (name + "-" + fingerprint.substr(0, 24) + ".tpl");
}

/// Reads a cache file; nullopt (with the reason logged) when it is absent, unreadable or not for this data set.
std::optional<DatasetTemplates> readCache(const std::filesystem::path& path, const Dataset& dataset,
                                          const std::string& fingerprint) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    auto refuse = [&](const std::string& why) -> std::optional<DatasetTemplates> {
        spdlog::warn("template cache {}: {}; rebuilding it", path.filename().string(), why);
        return std::nullopt;
    };
    std::string magic;
    if (!std::getline(in, magic) || magic != kMagic) {
        return refuse("not a template cache");
    }
    std::string header;
    header.reserve(1 << 16);
    for (char c; in.get(c) && c != '\n';) {
        header.push_back(c);
        if (header.size() > kMaxHeaderBytes) {
            return refuse("header too long");
        }
    }
    DatasetTemplates t;
    try {
        const auto j = nlohmann::json::parse(header);
        if (j.at("fingerprint").get<std::string>() != fingerprint) {
            return refuse("fingerprint differs");
        }
        t.modelId = j.at("model_id").get<std::string>();
        t.dim = j.at("dim").get<std::size_t>();
        const auto& images = j.at("images");
        if (t.dim == 0 || t.dim > 4096 || images.size() != dataset.images().size()) {
            return refuse("dimensions or image count do not match");
        }
        auto it = dataset.images().begin();
        for (const auto& im : images) {
            ImageRef ref{im.at(0).get<std::string>(), im.at(1).get<int>()};
            if (ref != it->first) {
                return refuse("image list differs");
            }
            t.labels.push_back(ref.identity);
            t.refs.push_back(std::move(ref));
            t.failure.push_back(static_cast<ErrorCode>(im.at(2).get<int>()));
            ++it;
        }
    } catch (const std::exception& e) {
        return refuse(std::string("header: ") + e.what());
    }
    t.values.resize(t.refs.size() * t.dim);
    const auto bytes = static_cast<std::streamsize>(t.values.size() * sizeof(float));
    if (!in.read(reinterpret_cast<char*>(t.values.data()), bytes) || in.peek() != std::char_traits<char>::eof()) {
        return refuse("truncated or too long");
    }
    for (float v : t.values) {
        if (!std::isfinite(v)) {
            return refuse("non-finite value");
        }
    }
    t.fingerprint = fingerprint;
    t.fromCache = true;
    return t;
}

void writeCache(const std::filesystem::path& path, const DatasetTemplates& t) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    nlohmann::json images = nlohmann::json::array();
    for (std::size_t i = 0; i < t.size(); ++i) {
        images.push_back({t.refs[i].identity, t.refs[i].number, static_cast<int>(t.failure[i])});
    }
    const nlohmann::json header = {
        {"fingerprint", t.fingerprint}, {"model_id", t.modelId}, {"dim", t.dim}, {"images", images}};
    const auto tmp = std::filesystem::path(path.string() + ".tmp" + std::to_string(::getpid()));
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << kMagic << '\n' << header.dump() << '\n';
        out.write(reinterpret_cast<const char*>(t.values.data()),
                  static_cast<std::streamsize>(t.values.size() * sizeof(float)));
        if (!out.flush()) {
            spdlog::warn("template cache: cannot write {}; continuing without it", tmp.string());
            std::filesystem::remove(tmp, ec);
            return;
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        spdlog::warn("template cache: cannot rename to {}: {}", path.string(), ec.message());
        std::filesystem::remove(tmp, ec);
    }
}

/// Analyses the images at @p indices (all when empty is false) into @p t with one pipeline per thread.
Status analyse(const face::ModelStore& store, const Dataset& dataset, const TemplateOptions& options,
               const std::vector<std::size_t>& indices, DatasetTemplates& t) {
    std::vector<std::filesystem::path> paths;
    for (const auto& [ref, path] : dataset.images()) {
        paths.push_back(path);
    }
    const unsigned threads =
        options.loaded
            ? 1u
            : std::max(1u, std::min<unsigned>(options.threads,
                                              static_cast<unsigned>(std::max<std::size_t>(indices.size(), 1))));
    std::vector<face::FacePipeline> pipelines;
    for (unsigned k = 0; k < threads && !options.loaded; ++k) {
        auto p = face::FacePipeline::load(store, options.pipeline);
        if (!p) {
            return p.error();
        }
        pipelines.push_back(std::move(p.value()));
    }
    std::mutex mutex;
    std::optional<Error> problem;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    auto worker = [&](unsigned k) {
        const auto& pipeline = options.loaded ? *options.loaded : pipelines[k];
        for (std::size_t w = next++; w < indices.size(); w = next++) {
            const std::size_t i = indices[w];
            auto a = pipeline.analyseFile(paths[i]);
            std::lock_guard lock(mutex);
            if (a) {
                const auto& v = a->faceTemplate.values();
                if (t.dim == 0) {
                    t.dim = v.size();
                    t.modelId = a->faceTemplate.modelId();
                    t.values.assign(t.refs.size() * t.dim, 0.f);
                }
                if (v.size() != t.dim) {
                    problem = makeError(ErrorCode::ModelMismatch, "templates of different dimensions in one data set");
                    continue;
                }
                std::copy(v.begin(), v.end(), t.values.begin() + static_cast<std::ptrdiff_t>(i * t.dim));
                t.failure[i] = ErrorCode::Unknown;
            } else {
                t.failure[i] = a.code() == ErrorCode::Unknown ? ErrorCode::NoFace : a.code();
            }
            const std::size_t d = ++done;
            if (options.progress) {
                options.progress(d, indices.size());
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) {
        pool.emplace_back(worker, k);
    }
    worker(0);
    for (auto& th : pool) {
        th.join();
    }
    if (problem) {
        return *problem;
    }
    return {};
}

/// Re-analyses a few images spread over the data set and compares them with the cached templates.
Result<bool> spotCheck(const face::ModelStore& store, const Dataset& dataset, const TemplateOptions& options,
                       DatasetTemplates& cached) {
    const std::size_t n = cached.size();
    const std::size_t k = std::min(options.spotChecks, n);
    if (k == 0) {
        return true;
    }
    std::vector<std::size_t> indices;
    for (std::size_t j = 0; j < k; ++j) {
        indices.push_back(std::min(n - 1, (2 * j + 1) * n / (2 * k)));
    }
    DatasetTemplates fresh;
    fresh.refs = cached.refs;
    fresh.failure.assign(n, ErrorCode::Unknown);
    TemplateOptions one = options;
    one.progress = nullptr;
    one.threads = 1; // a handful of images: loading a second pipeline would cost more than it saves
    if (auto st = analyse(store, dataset, one, indices, fresh); !st) {
        return st.error();
    }
    cached.spotChecked = k;
    for (std::size_t i : indices) {
        if (fresh.enrolled(i) != cached.enrolled(i)) {
            return false;
        }
        if (!fresh.enrolled(i)) {
            continue;
        }
        if (fresh.dim != cached.dim || fresh.modelId != cached.modelId) {
            return false;
        }
        double dot = 0.0;
        for (std::size_t d = 0; d < cached.dim; ++d) {
            dot += static_cast<double>(fresh.row(i)[d]) * cached.row(i)[d];
        }
        if (dot < kSpotCheckCosine) {
            return false;
        }
    }
    return true;
}

/// An exclusive lock on a file beside the cache, so that two processes wanting the same templates compute them once:
/// the second waits, then reads what the first wrote.
class CacheLock {
public:
    explicit CacheLock(const std::filesystem::path& path) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd >= 0 && ::flock(m_fd, LOCK_EX) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~CacheLock() {
        if (m_fd >= 0) {
            ::flock(m_fd, LOCK_UN);
            ::close(m_fd);
        }
    }
    CacheLock(const CacheLock&) = delete;
    CacheLock& operator=(const CacheLock&) = delete;

private:
    int m_fd = -1;
};

} // namespace

Result<LabelCorrections> LabelCorrections::parse(std::string_view text) {
    LabelCorrections c;
    std::istringstream in{std::string(text)};
    std::string line;
    std::size_t lineNo = 0;
    auto imageRef = [](const std::string& s) -> std::optional<ImageRef> {
        const auto slash = s.rfind('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 >= s.size() || s.size() - slash > 10 ||
            !std::all_of(s.begin() + static_cast<std::ptrdiff_t>(slash) + 1, s.end(),
                         [](char ch) { return ch >= '0' && ch <= '9'; })) {
            return std::nullopt;
        }
        return ImageRef{s.substr(0, slash), std::stoi(s.substr(slash + 1))};
    };
    while (std::getline(in, line)) {
        ++lineNo;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            line.erase(hash);
        }
        std::vector<std::string> fields;
        std::istringstream ls(line);
        for (std::string f; std::getline(ls, f, '\t');) {
            while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) {
                f.pop_back();
            }
            while (!f.empty() && f.front() == ' ') {
                f.erase(f.begin());
            }
            fields.push_back(f);
        }
        while (!fields.empty() && fields.back().empty()) {
            fields.pop_back();
        }
        if (fields.empty()) {
            continue;
        }
        auto bad = [&](const std::string& what) {
            return makeError(ErrorCode::Corrupt, "label corrections line " + std::to_string(lineNo) + ": " + what);
        };
        const std::string& action = fields[0];
        if (action == "same" && fields.size() >= 3 && !fields[1].empty() && !fields[2].empty()) {
            if (fields[1] == fields[2] || !c.same.emplace(fields[1], fields[2]).second) {
                return bad("identity corrected twice or into itself");
            }
        } else if (action == "move" && fields.size() >= 3 && !fields[2].empty()) {
            const auto ref = imageRef(fields[1]);
            if (!ref) {
                return bad("expected an image as identity/n");
            }
            if (!c.move.emplace(*ref, fields[2]).second || c.drop.contains(*ref)) {
                return bad("image corrected twice");
            }
        } else if (action == "drop" && fields.size() >= 2) {
            const auto ref = imageRef(fields[1]);
            if (!ref) {
                return bad("expected an image as identity/n");
            }
            if (!c.drop.insert(*ref).second || c.move.contains(*ref)) {
                return bad("image corrected twice");
            }
        } else {
            return bad("expected `same<TAB>identity<TAB>identity`, `move<TAB>identity/n<TAB>identity` or "
                       "`drop<TAB>identity/n`");
        }
        ++c.entries;
    }
    return c;
}

Result<LabelCorrections> LabelCorrections::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read label corrections " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto c = parse(ss.str());
    if (!c) {
        return makeError(c.error().code, path.string() + ": " + c.error().detail);
    }
    return c;
}

Status LabelCorrections::check(const Dataset& dataset) const {
    std::set<std::string> identities;
    for (const auto& [ref, path] : dataset.images()) {
        identities.insert(ref.identity);
    }
    for (const auto& [from, to] : same) {
        if (!identities.contains(from) || !identities.contains(to)) {
            return makeError(ErrorCode::InvalidArgument,
                             "label correction names an unknown identity: " + from + " / " + to);
        }
    }
    for (const auto& [ref, to] : move) {
        if (!dataset.contains(ref) || !identities.contains(to)) {
            return makeError(ErrorCode::InvalidArgument,
                             "label correction names an unknown image or identity: " + ref.identity + "/" +
                                 std::to_string(ref.number) + " / " + to);
        }
    }
    for (const auto& ref : drop) {
        if (!dataset.contains(ref)) {
            return makeError(ErrorCode::InvalidArgument, "label correction names an unknown image: " + ref.identity +
                                                             "/" + std::to_string(ref.number));
        }
    }
    return {};
}

DatasetTemplates DatasetTemplates::corrected(const LabelCorrections& c) const {
    DatasetTemplates out;
    out.modelId = modelId;
    out.dim = dim;
    out.fingerprint = fingerprint;
    out.fromCache = fromCache;
    out.spotChecked = spotChecked;
    for (std::size_t i = 0; i < size(); ++i) {
        if (c.drop.contains(refs[i])) {
            continue;
        }
        std::string label = labels[i];
        if (const auto m = c.move.find(refs[i]); m != c.move.end()) {
            label = m->second;
        }
        if (const auto s = c.same.find(label); s != c.same.end()) {
            label = s->second;
        }
        out.refs.push_back(refs[i]);
        out.labels.push_back(label);
        out.failure.push_back(failure[i]);
        out.values.insert(out.values.end(), values.begin() + static_cast<std::ptrdiff_t>(i * dim),
                          values.begin() + static_cast<std::ptrdiff_t>((i + 1) * dim));
    }
    return out;
}

Result<std::string> templateFingerprint(const face::ModelStore& store, const Dataset& dataset,
                                        const face::PipelineOptions& options) {
    return fingerprintOf(store, dataset, options);
}

std::size_t DatasetTemplates::enrolledCount() const {
    return static_cast<std::size_t>(std::count(failure.begin(), failure.end(), ErrorCode::Unknown));
}

std::filesystem::path defaultTemplateCacheDir() {
    if (const char* env = std::getenv("PORTICO_TEMPLATE_CACHE"); env && *env) {
        return env;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "portico" / "templates";
    }
    if (const char* home = std::getenv("HOME"); home && *home) {
        return std::filesystem::path(home) / ".cache" / "portico" / "templates";
    }
    return {};
}

Result<DatasetTemplates> datasetTemplates(const face::ModelStore& store, const Dataset& dataset,
                                          const TemplateOptions& options) {
    if (dataset.images().empty()) {
        return makeError(ErrorCode::InvalidArgument, "the data set has no image");
    }
    auto fingerprint = fingerprintOf(store, dataset, options.pipeline);
    if (!fingerprint) {
        return fingerprint.error();
    }
    std::filesystem::path path;
    std::optional<CacheLock> lock;
    if (!options.cacheDir.empty()) {
        path = cachePath(options.cacheDir, dataset, fingerprint.value());
        lock.emplace(std::filesystem::path(path.string() + ".lock"));
        if (auto cached = readCache(path, dataset, fingerprint.value())) {
            auto same = spotCheck(store, dataset, options, *cached);
            if (!same) {
                return same.error();
            }
            if (same.value()) {
                return std::move(*cached);
            }
            spdlog::warn("template cache {}: the pipeline now gives other templates; rebuilding it",
                         path.filename().string());
        }
    }
    DatasetTemplates t;
    t.fingerprint = fingerprint.value();
    for (const auto& [ref, p] : dataset.images()) {
        t.refs.push_back(ref);
        t.labels.push_back(ref.identity);
    }
    t.failure.assign(t.refs.size(), ErrorCode::Unknown);
    std::vector<std::size_t> all(t.refs.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        all[i] = i;
    }
    if (auto st = analyse(store, dataset, options, all, t); !st) {
        return st.error();
    }
    if (t.dim == 0) {
        return makeError(ErrorCode::NoFace, "no image of the data set gave a template");
    }
    if (!path.empty()) {
        writeCache(path, t);
    }
    return t;
}

} // namespace portico::eval
