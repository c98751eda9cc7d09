// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/PairList.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace portico::eval {
namespace {
bool parseInt(const std::string& s, int& out) {
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && p == end;
}

// The image number of a file in an identity's folder: `<n>.jpg` (also zero-padded, `0001.jpg`) or LFW's own
// naming, `<identity>_<nnnn>.jpg`.
bool imageNumber(const std::string& stem, const std::string& identity, int& out) {
    if (parseInt(stem, out))
        return out >= 0;
    const std::string prefix = identity + "_";
    return stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0 &&
           parseInt(stem.substr(prefix.size()), out) && out >= 0;
}

std::vector<std::string> fields(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string f;
    while (in >> f) {
        out.push_back(f);
    }
    return out;
}
} // namespace

Result<Dataset> Dataset::scan(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return makeError(ErrorCode::NotFound, "dataset folder not found: " + dir.string());
    }
    Dataset d;
    for (const auto& id : std::filesystem::directory_iterator(dir, ec)) {
        if (!id.is_directory()) {
            continue;
        }
        for (const auto& f : std::filesystem::directory_iterator(id.path(), ec)) {
            std::string ext = f.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
            if (!f.is_regular_file() || (ext != ".jpg" && ext != ".jpeg" && ext != ".png")) {
                continue;
            }
            const std::string identity = id.path().filename().string();
            int n = 0;
            if (!imageNumber(f.path().stem().string(), identity, n)) {
                continue;
            }
            auto [it, inserted] = d.m_images.emplace(ImageRef{identity, n}, f.path());
            if (!inserted) {
                return makeError(ErrorCode::InvalidArgument, "two images are number " + std::to_string(n) + " of '" +
                                                                 identity + "': " + it->second.filename().string() +
                                                                 " and " + f.path().filename().string());
            }
        }
    }
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot list dataset folder: " + ec.message());
    }
    if (d.m_images.empty()) {
        return makeError(ErrorCode::InvalidArgument,
                         "no DIR/<identity>/<n>.jpg (or <identity>_<n>.jpg) image in " + dir.string());
    }
    return d;
}

std::vector<Pair> Dataset::defaultPairs(std::size_t impostorCount, std::uint64_t seed) const {
    std::vector<Pair> out;
    std::map<std::string, std::vector<ImageRef>> byId;
    for (const auto& [ref, path] : m_images) {
        byId[ref.identity].push_back(ref);
    }
    for (const auto& [id, refs] : byId) {
        for (std::size_t i = 0; i < refs.size(); ++i) {
            for (std::size_t j = i + 1; j < refs.size(); ++j) {
                out.push_back({refs[i], refs[j], true});
            }
        }
    }
    std::vector<ImageRef> all;
    for (const auto& [ref, path] : m_images) {
        all.push_back(ref);
    }
    // Impostor pairs possible: all pairs minus same-identity pairs.
    std::size_t possible = all.size() * (all.size() - 1) / 2;
    for (const auto& [id, refs] : byId) {
        possible -= refs.size() * (refs.size() - 1) / 2;
    }
    impostorCount = std::min(impostorCount, possible);
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
    std::set<std::pair<ImageRef, ImageRef>> seen;
    while (seen.size() < impostorCount) {
        ImageRef a = all[pick(rng)];
        ImageRef b = all[pick(rng)];
        if (a.identity == b.identity) {
            continue;
        }
        if (b < a) {
            std::swap(a, b);
        }
        if (seen.insert({a, b}).second) {
            out.push_back({a, b, false});
        }
    }
    return out;
}

Result<std::vector<Pair>> parsePairs(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    std::vector<Pair> out;
    int lineNo = 0;
    bool header = true;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const auto f = fields(line);
        if (f.empty()) {
            continue;
        }
        if (header) {
            header = false;
            int a = 0;
            if (f.size() <= 2 &&
                std::all_of(f.begin(), f.end(), [&](const std::string& s) { return parseInt(s, a); })) {
                continue;
            }
            return makeError(ErrorCode::Corrupt, "pairs line 1: expected 'folds count'");
        }
        Pair p;
        if (f.size() == 3) {
            p.a.identity = p.b.identity = f[0];
            p.genuine = true;
            if (!parseInt(f[1], p.a.number) || !parseInt(f[2], p.b.number)) {
                return makeError(ErrorCode::Corrupt, "pairs line " + std::to_string(lineNo) + ": bad image number");
            }
        } else if (f.size() == 4) {
            p.a.identity = f[0];
            p.b.identity = f[2];
            p.genuine = false;
            if (!parseInt(f[1], p.a.number) || !parseInt(f[3], p.b.number)) {
                return makeError(ErrorCode::Corrupt, "pairs line " + std::to_string(lineNo) + ": bad image number");
            }
            if (p.a.identity == p.b.identity) {
                return makeError(ErrorCode::Corrupt,
                                 "pairs line " + std::to_string(lineNo) + ": impostor pair of one identity");
            }
        } else {
            return makeError(ErrorCode::Corrupt, "pairs line " + std::to_string(lineNo) + ": expected 3 or 4 fields");
        }
        out.push_back(std::move(p));
    }
    if (out.empty()) {
        return makeError(ErrorCode::Corrupt, "pairs file lists no pair");
    }
    return out;
}

Result<std::map<std::string, std::string>> parseGroups(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::string line;
    std::map<std::string, std::string> out;
    int lineNo = 0;
    const auto trim = [](std::string s) {
        const auto b = s.find_first_not_of(" \t\r");
        const auto e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    while (std::getline(in, line)) {
        ++lineNo;
        const std::string t = trim(line);
        if (t.empty() || t.front() == '#') {
            continue;
        }
        const auto sep = t.find_first_of("\t,");
        const std::string identity = sep == std::string::npos ? t : trim(t.substr(0, sep));
        const std::string group = sep == std::string::npos ? std::string() : trim(t.substr(sep + 1));
        if (identity.empty() || group.empty()) {
            return makeError(ErrorCode::Corrupt,
                             "groups line " + std::to_string(lineNo) + ": expected 'identity<TAB>group'");
        }
        if (auto [it, inserted] = out.emplace(identity, group); !inserted && it->second != group) {
            return makeError(ErrorCode::Corrupt,
                             "groups line " + std::to_string(lineNo) + ": '" + identity + "' is in two groups");
        }
    }
    if (out.empty()) {
        return makeError(ErrorCode::Corrupt, "groups file lists no identity");
    }
    return out;
}

Result<std::map<std::string, std::string>> readGroups(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read groups file: " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parseGroups(ss.str());
}

Result<std::vector<Pair>> readPairs(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot read pairs file: " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parsePairs(ss.str());
}

} // namespace portico::eval
