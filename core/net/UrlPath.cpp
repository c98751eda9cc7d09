// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/UrlPath.h"

namespace portico::net {

std::string percentEncode(std::string_view value) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const bool dots = value == "." || value == "..";
    std::string out;
    out.reserve(value.size());
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '_' || c == '~' || (c == '.' && !dots);
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

std::string urlPath(std::initializer_list<PathSegment> segments,
                    const std::vector<std::pair<std::string, std::string>>& query) {
    std::string path;
    for (const auto& segment : segments) {
        path += '/';
        path += segment.literal ? std::string(segment.text) : percentEncode(segment.text);
    }
    char sep = '?';
    for (const auto& [k, v] : query) {
        path += sep;
        path += percentEncode(k);
        path += '=';
        path += percentEncode(v);
        sep = '&';
    }
    return path;
}

bool isSafeRequestPath(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F) {
            return false;
        }
    }
    return true;
}

} // namespace portico::net
