// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/RequestParser.h"

#include <catch2/catch.hpp>

using portico::central::http::ParserLimits;
using portico::central::http::RequestParser;
using State = RequestParser::State;

namespace {
RequestParser parseAll(const std::string& bytes, ParserLimits limits = {}) {
    RequestParser p(limits);
    p.feed(bytes);
    return p;
}
} // namespace

TEST_CASE("the request parser reads a request whatever the split of its bytes", "[unit][central]") {
    const std::string wire = "POST /v1/inspections?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                             "X-Empty:\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
    for (std::size_t step : {1u, 2u, 3u, 5u, 17u, 1000u}) {
        RequestParser p;
        for (std::size_t at = 0; at < wire.size(); at += step) {
            p.feed(std::string_view(wire).substr(at, step));
        }
        INFO("step " << step);
        REQUIRE(p.state() == State::Complete);
        CHECK(p.request().method == "POST");
        CHECK(p.request().path == "/v1/inspections");
        CHECK(p.request().query == "x=1");
        CHECK(p.request().body == "{\"a\":1}");
        CHECK(p.request().header("content-type") == "application/json");
        CHECK(p.request().header("x-empty") == "");
        CHECK_FALSE(p.request().header("absent"));
    }
}

TEST_CASE("the request parser leaves a pipelined request unread", "[unit][central]") {
    RequestParser p;
    const std::string first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
    const std::size_t used = p.feed(first + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(used == first.size());
    CHECK(p.state() == State::Complete);
    CHECK(p.request().path == "/a");
}

TEST_CASE("the request parser refuses what the protocol does not allow, with the documented status",
          "[unit][central]") {
    struct Case {
        std::string wire;
        int status;
        std::string code;
    };
    const std::vector<Case> cases = {
        {"GARBAGE\r\n\r\n", 400, "invalid_request"},
        {"GET /a HTTP/2.0\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"GET a HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"GET /a#f HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"G(T /a HTTP/1.1\r\nHost: a\r\n\r\n", 400, "invalid_request"},
        {"GET /a HTTP/1.1\r\n\r\n", 400, "invalid_request"},                       // no Host
        {"GET /a HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "invalid_request"}, // two Hosts
        {"GET /a HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "invalid_request"},
        {"GET /a HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400, "invalid_request"},
        {"GET /a HTTP/1.1\r\nHost: a\r\nX: a\x01z\r\n\r\n", 400, "invalid_request"},
        {"GET /a HTTP/1.1\r\nHost: a\nX: y\r\n\r\n", 400, "invalid_request"}, // bare LF
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400, "invalid_request"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400, "invalid_request"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "invalid_request"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413, "payload_too_large"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n", 413, "payload_too_large"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "length_required"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\n\r\n", 415,
         "unsupported_media_type"},
        {"POST /a HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n", 417, "expectation_failed"},
    };
    ParserLimits limits;
    limits.maxBodyBytes = 8;
    for (const auto& c : cases) {
        INFO(c.wire);
        const RequestParser p = parseAll(c.wire, limits);
        REQUIRE(p.state() == State::Failed);
        CHECK(p.error().status == c.status);
        CHECK(p.error().code == c.code);
    }
}

TEST_CASE("the request parser stops buffering at its head limits", "[unit][central]") {
    ParserLimits limits;
    limits.maxRequestLineBytes = 64;
    limits.maxHeadBytes = 256;
    limits.maxHeaderFields = 3;
    RequestParser longLine(limits);
    longLine.feed("GET /" + std::string(100, 'a')); // no line end yet: refused before it ends
    CHECK(longLine.state() == State::Failed);
    CHECK(longLine.error().status == 414);

    RequestParser longHead(limits);
    const std::size_t used = longHead.feed("GET / HTTP/1.1\r\nX: " + std::string(10'000, 'a'));
    CHECK(longHead.state() == State::Failed);
    CHECK(longHead.error().status == 431);
    CHECK(used <= 260); // what it kept is bounded by the limit, not by what was sent

    const RequestParser manyFields = parseAll("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits);
    CHECK(manyFields.error().status == 431);
}

TEST_CASE("the request parser replaces NUL in a header value and asks for 100-continue", "[unit][central]") {
    RequestParser p;
    p.feed(std::string("POST /a HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer T") + std::string(1, '\0') +
           "junk\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
    REQUIRE(p.state() == State::Body);
    CHECK(p.expectsContinue());
    CHECK(p.request().header("authorization") == "Bearer T junk");
    p.feed("{}");
    CHECK(p.state() == State::Complete);
    CHECK_FALSE(p.expectsContinue());
}

TEST_CASE("an HTTP/1.0 request needs no Host", "[unit][central]") {
    const RequestParser p = parseAll("GET /v1/health HTTP/1.0\r\n\r\n");
    CHECK(p.state() == State::Complete);
}
