// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/Router.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portico::central::http;

namespace {
Router<int> router() {
    Router<int> r;
    r.add("GET", "/v1/ports/{port:16}/manifest", [](const HttpRequest&, const PathParams& p, const int&) {
        return jsonResponse(200, nlohmann::json{{"port", p.at("port")}}.dump());
    });
    r.add("GET", "/v1/photos/{id:64}", [](const HttpRequest&, const PathParams& p, const int&) {
        return jsonResponse(200, nlohmann::json{{"id", p.at("id")}}.dump());
    });
    r.add("POST", "/v1/inspections",
          [](const HttpRequest&, const PathParams&, const int&) { return jsonResponse(200, "{}"); });
    return r;
}

HttpResponse call(const std::string& method, const std::string& path) {
    HttpRequest req;
    req.method = method;
    req.path = path;
    return router().dispatch(req, 0);
}

std::string code(const HttpResponse& res) {
    return nlohmann::json::parse(res.body).at("error").at("code").get<std::string>();
}
} // namespace

TEST_CASE("the router matches raw paths and hands over validated parameters", "[unit][central]") {
    auto ok = call("GET", "/v1/ports/SYS-1_a/manifest");
    CHECK(ok.status == 200);
    CHECK(nlohmann::json::parse(ok.body).at("port") == "SYS-1_a");

    CHECK(call("GET", "/v1/ports/" + std::string(16, 'A') + "/manifest").status == 200);
    auto tooLong = call("GET", "/v1/ports/" + std::string(17, 'A') + "/manifest");
    CHECK(tooLong.status == 400);
    CHECK(code(tooLong) == "invalid_request");
    for (const char* bad : {"/v1/ports/SYS%2Fmanifest", "/v1/ports/S.S/manifest", "/v1/photos/%c0%ae",
                            "/v1/ports//manifest", "/v1/photos/a:b"}) {
        INFO(bad);
        auto res = call("GET", bad);
        CHECK(res.status == 400);
        CHECK(code(res) == "invalid_request");
    }
    auto missing = call("GET", "/v1/nothing");
    CHECK(missing.status == 404);
    CHECK(code(missing) == "not_found");
    CHECK(call("GET", "/v1/inspections/").status == 404);
}

TEST_CASE("the router answers 405 with Allow when only the method is wrong", "[unit][central]") {
    auto res = call("GET", "/v1/inspections");
    CHECK(res.status == 405);
    CHECK(code(res) == "method_not_allowed");
    REQUIRE(res.headers.size() == 1);
    CHECK(res.headers[0] == std::pair<std::string, std::string>{"Allow", "POST"});
}

TEST_CASE("query strings are parsed strictly", "[unit][central]") {
    std::string why;
    auto q = parseQuery("since=42", {"since"}, why);
    REQUIRE(q);
    CHECK(q->at("since") == "42");
    CHECK(parseQuery("", {"since"}, why)->empty());
    for (const char* bad : {"since=abc=1", "since=1%20OR%201=1", "since=1&since=2", "other=1", "since", "=1",
                            "since=1&", "since=1;x=2"}) {
        INFO(bad);
        CHECK_FALSE(parseQuery(bad, {"since"}, why));
        CHECK_FALSE(why.empty());
    }
}

TEST_CASE("error answers survive messages that are not UTF-8", "[unit][central]") {
    const auto res = errorResponse(404, "not_found", "no such endpoint: /v1/\xff\xc3");
    const auto doc = nlohmann::json::parse(res.body);
    CHECK(doc.at("error").at("code") == "not_found");
    CHECK(res.contentType == "application/json");
}
