// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/HttpMessage.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace portico::central::http {

/// @brief Path parameters of a matched route, by name ("port" → "SYS").
using PathParams = std::map<std::string, std::string, std::less<>>;

/// @brief Routes by method and path pattern. Patterns are literal segments and parameters `{name:maxlen}` whose
/// values are 1..maxlen characters of `[A-Za-z0-9_-]` (the protocol's id grammar). Paths are matched raw, never
/// percent-decoded: a '%' anywhere in the path or a parameter outside its grammar makes the request invalid, so
/// `/v1/ports/SYS%2Fmanifest` can never mean `/v1/ports/SYS/manifest`.
class RouteTable {
public:
    struct Match {
        std::size_t route = 0;
        PathParams params;
    };
    /// @brief Returns the route's index (in order of add()).
    std::size_t add(std::string method, const std::string& pattern);
    /// @brief The matching route, or the answer: 404 not_found when no pattern has this path's shape, 405
    /// method_not_allowed (with Allow) when the path exists for other methods, 400 invalid_request when a parameter
    /// breaks its grammar or the path holds a '%'.
    std::variant<Match, HttpResponse> match(const HttpRequest& request) const;

private:
    struct Segment {
        std::string literal; ///< empty for a parameter
        std::string param;
        std::size_t maxLength = 0;
    };
    struct Route {
        std::string method;
        std::vector<Segment> segments;
    };
    std::vector<Route> m_routes;
};

/// @brief A RouteTable with a handler per route; `Context` is what the caller passes along (e.g. who is calling).
template <class Context>
class Router {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&, const Context&)>;

    void add(std::string method, const std::string& pattern, Handler handler) {
        m_table.add(std::move(method), pattern);
        m_handlers.push_back(std::move(handler));
    }
    HttpResponse dispatch(const HttpRequest& request, const Context& context) const {
        auto m = m_table.match(request);
        if (auto* res = std::get_if<HttpResponse>(&m)) {
            return std::move(*res);
        }
        const auto& found = std::get<RouteTable::Match>(m);
        return m_handlers[found.route](request, found.params, context);
    }

private:
    RouteTable m_table;
    std::vector<Handler> m_handlers;
};

/// @brief The query string as key → value, strictly: `k=v` pairs joined by '&', keys and values of
/// `[A-Za-z0-9_.-]` (no percent-encoding is needed by any documented parameter), each key at most once and one of
/// `allowed`. nullopt (with `why`) otherwise.
std::optional<std::map<std::string, std::string, std::less<>>>
parseQuery(const std::string& query, const std::vector<std::string>& allowed, std::string& why);

/// @brief True when `s` is 1..maxLength characters of `[A-Za-z0-9_-]`.
bool isIdentifier(std::string_view s, std::size_t maxLength);

} // namespace portico::central::http
