// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: portico-central's request path before any storage: the HTTP/1.1 request parser (fed in pieces
// of a size the first byte chooses), the router with the service's route shapes, the strict query parser and, for
// a complete request, the JSON body parser with its depth and number limits.
#include "http/JsonBody.h"
#include "http/RequestParser.h"
#include "http/Router.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {
using namespace portico::central::http;

Router<int>& routes() {
    static Router<int> r = [] {
        Router<int> router;
        auto echo = [](const HttpRequest& req, const PathParams& params, const int&) {
            for (const auto& [name, value] : params) {
                if (!isIdentifier(value, 64)) {
                    std::abort(); // the router must only hand over grammar-checked parameters
                }
            }
            std::string why;
            (void)parseQuery(req.query, {"since", "state", "lane"}, why);
            HttpResponse error;
            (void)parseJsonBody(req.body, error);
            return jsonResponse(200, "{}");
        };
        router.add("GET", "/v1/health", echo);
        router.add("GET", "/v1/ports/{port:16}/manifest", echo);
        router.add("GET", "/v1/photos/{id:64}", echo);
        router.add("POST", "/v1/inspections", echo);
        router.add("POST", "/v1/ports/{port:16}/cases/{id:64}/claim", echo);
        return router;
    }();
    return r;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::size_t step = 1 + data[0] % 64;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    ParserLimits limits;
    limits.maxBodyBytes = 1 << 20;
    RequestParser parser(limits);
    std::size_t used = 0;
    for (std::size_t at = 0; at < input.size(); at += step) {
        const std::string_view piece = input.substr(at, step);
        const std::size_t n = parser.feed(piece);
        used += n;
        if (n > piece.size()) {
            std::abort();
        }
        if (parser.state() == RequestParser::State::Complete || parser.state() == RequestParser::State::Failed) {
            break;
        }
    }
    if (parser.state() == RequestParser::State::Complete) {
        const auto& req = parser.request();
        if (req.path.empty() || req.path.front() != '/' || req.body.size() > limits.maxBodyBytes) {
            std::abort();
        }
        const HttpResponse res = routes().dispatch(req, 0);
        if (res.status < 200 || res.status > 599) {
            std::abort();
        }
    } else if (parser.state() == RequestParser::State::Failed) {
        const auto& e = parser.error();
        if (e.status < 400 || e.status > 499 || e.code.empty()) {
            std::abort();
        }
        (void)errorResponse(e.status, e.code, e.message);
    }
    (void)used;
    return 0;
}
