// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/Router.h"

#include <algorithm>
#include <stdexcept>

namespace portico::central::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/') {
        return out;
    }
    path.remove_prefix(1);
    while (true) {
        const std::size_t slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool isQueryChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

} // namespace

bool isIdentifier(std::string_view s, std::size_t maxLength) {
    return !s.empty() && s.size() <= maxLength && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::size_t RouteTable::add(std::string method, const std::string& pattern) {
    Route route{std::move(method), {}};
    for (const auto part : splitPath(pattern)) {
        Segment seg;
        if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
            const std::string_view inner = part.substr(1, part.size() - 2);
            const std::size_t colon = inner.find(':');
            if (colon == std::string_view::npos) {
                throw std::invalid_argument("route parameter without a length: " + pattern);
            }
            seg.param = std::string(inner.substr(0, colon));
            seg.maxLength = static_cast<std::size_t>(std::stoul(std::string(inner.substr(colon + 1))));
        } else {
            seg.literal = std::string(part);
        }
        route.segments.push_back(std::move(seg));
    }
    m_routes.push_back(std::move(route));
    return m_routes.size() - 1;
}

std::variant<RouteTable::Match, HttpResponse> RouteTable::match(const HttpRequest& request) const {
    if (request.path.find('%') != std::string::npos) {
        // No endpoint has a path that needs percent-encoding; decoding one could turn "SYS%2Fmanifest" into a
        // different path than the one the client's proxy or log saw.
        return errorResponse(400, "invalid_request", "no endpoint takes percent-encoded characters in its path");
    }
    const auto parts = splitPath(request.path);
    std::vector<std::string> allow;
    std::optional<std::string> badParam;
    for (std::size_t index = 0; index < m_routes.size(); ++index) {
        const auto& route = m_routes[index];
        if (route.segments.size() != parts.size()) {
            continue;
        }
        PathParams params;
        bool shape = true;
        bool grammar = true;
        for (std::size_t i = 0; i < parts.size() && shape; ++i) {
            const auto& seg = route.segments[i];
            if (seg.param.empty()) {
                shape = parts[i] == seg.literal;
            } else if (isIdentifier(parts[i], seg.maxLength)) {
                params.emplace(seg.param, std::string(parts[i]));
            } else {
                grammar = false;
                badParam = seg.param + " must be 1-" + std::to_string(seg.maxLength) + " characters of [A-Za-z0-9_-]";
            }
        }
        if (!shape) {
            continue;
        }
        if (!grammar) {
            continue; // another route may still take it literally; otherwise answered below
        }
        if (route.method != request.method) {
            if (std::find(allow.begin(), allow.end(), route.method) == allow.end()) {
                allow.push_back(route.method);
            }
            continue;
        }
        return Match{index, std::move(params)};
    }
    if (!allow.empty()) {
        HttpResponse res = errorResponse(405, "method_not_allowed", request.method + " is not allowed here");
        std::string list;
        for (const auto& m : allow) {
            list += (list.empty() ? "" : ", ") + m;
        }
        res.headers.emplace_back("Allow", list);
        return res;
    }
    if (badParam) {
        return errorResponse(400, "invalid_request", *badParam);
    }
    return errorResponse(404, "not_found", "no such endpoint");
}

std::optional<std::map<std::string, std::string, std::less<>>>
parseQuery(const std::string& query, const std::vector<std::string>& allowed, std::string& why) {
    std::map<std::string, std::string, std::less<>> out;
    if (query.empty()) {
        return out;
    }
    std::string_view rest(query);
    while (true) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            why = "query parameters are key=value pairs";
            return std::nullopt;
        }
        const std::string_view key = pair.substr(0, eq);
        const std::string_view value = pair.substr(eq + 1);
        if (!std::all_of(key.begin(), key.end(), isQueryChar) ||
            !std::all_of(value.begin(), value.end(), isQueryChar)) {
            why = "query parameters are made of [A-Za-z0-9_.-]";
            return std::nullopt;
        }
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            why = "unknown query parameter";
            return std::nullopt;
        }
        if (!out.emplace(std::string(key), std::string(value)).second) {
            why = "a query parameter is given twice";
            return std::nullopt;
        }
        if (amp == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(amp + 1);
    }
    return out;
}

} // namespace portico::central::http
