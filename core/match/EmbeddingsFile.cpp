// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/EmbeddingsFile.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string_view>

namespace portico::match {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool parseFloat(std::string_view s, float& out) {
    s = trim(s);
    if (s.empty()) {
        return false;
    }
    // std::from_chars: locale-independent, no allocation.
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

} // namespace

Result<EmbeddingsFile> EmbeddingsFile::parse(const std::string& text) {
    EmbeddingsFile f;
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        std::string_view line = trim(std::string_view(text).substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty()) {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        if (line.front() == '#') {
            constexpr std::string_view kModel = "model:";
            std::string_view c = trim(line.substr(1));
            if (c.substr(0, kModel.size()) == kModel) {
                f.modelId = std::string(trim(c.substr(kModel.size())));
            }
            continue;
        }
        const std::size_t comma = line.find(',');
        if (comma == std::string_view::npos || comma == 0) {
            return makeError(ErrorCode::Corrupt, "embeddings line " + std::to_string(lineNo) + ": no identity");
        }
        std::size_t count = 0;
        std::size_t p = comma + 1;
        while (true) {
            const std::size_t q = std::min(line.find(',', p), line.size());
            float v = 0.f;
            if (!parseFloat(line.substr(p, q - p), v)) {
                return makeError(ErrorCode::Corrupt, "embeddings line " + std::to_string(lineNo) +
                                                         ": bad number in column " + std::to_string(count + 2));
            }
            f.values.push_back(v);
            ++count;
            if (q == line.size()) {
                break;
            }
            p = q + 1;
        }
        if (f.dim == 0) {
            f.dim = count;
        } else if (count != f.dim) {
            return makeError(ErrorCode::Corrupt, "embeddings line " + std::to_string(lineNo) + ": " +
                                                     std::to_string(count) + " values, expected " +
                                                     std::to_string(f.dim));
        }
        f.identities.emplace_back(trim(line.substr(0, comma)));
        if (end == text.size()) {
            break;
        }
    }
    if (f.rows() == 0) {
        return makeError(ErrorCode::Corrupt, "embeddings file has no rows");
    }
    return f;
}

Result<EmbeddingsFile> EmbeddingsFile::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot open embeddings file " + path.string());
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str());
}

std::string EmbeddingsFile::toCsv() const {
    std::string out = "# portico-embeddings v1\n";
    if (!modelId.empty()) {
        out += "# model: " + modelId + "\n";
    }
    char buf[32];
    for (std::size_t i = 0; i < rows(); ++i) {
        out += identities[i];
        for (std::size_t d = 0; d < dim; ++d) {
            std::snprintf(buf, sizeof buf, ",%.9g", static_cast<double>(row(i)[d]));
            out += buf;
        }
        out += '\n';
    }
    return out;
}

} // namespace portico::match
