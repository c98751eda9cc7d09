// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/JsonBody.h"

#include <catch2/catch.hpp>

using namespace portico::central::http;

namespace {
std::string refusal(const std::string& body) {
    HttpResponse error;
    if (parseJsonBody(body, error)) {
        return {};
    }
    REQUIRE(error.status == 400);
    return nlohmann::json::parse(error.body).at("error").at("code").get<std::string>();
}
std::string nested(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') + "0" + std::string(static_cast<std::size_t>(depth), ']');
}
} // namespace

TEST_CASE("JSON bodies are parsed with a depth limit checked before any tree is built", "[unit][central]") {
    CHECK(refusal(nested(64)).empty());
    CHECK(refusal(nested(65)) == "invalid_json");
    CHECK(refusal(nested(200'000)) == "invalid_json"); // would overflow a recursive parser's stack
}

TEST_CASE("JSON bodies: NUL, trailing bytes, bad UTF-8 and out-of-range numbers are refused", "[unit][central]") {
    CHECK(refusal(std::string("{}\0garbage", 10)) == "invalid_json");
    CHECK(refusal("{} x") == "invalid_json");
    CHECK(refusal("{\"a\":\"\xff\"}") == "invalid_json");
    CHECK(refusal("{\"a\":\"\xc0\xae\"}") == "invalid_json");
    CHECK(refusal("{\"n\":10000000000000000000000000000000000000000}") == "invalid_json");
    CHECK(refusal("{\"n\":-9223372036854775809}") == "invalid_json");
    CHECK(refusal("{\"n\":1e400}") == "invalid_json");
    CHECK(refusal("").size() > 0);

    HttpResponse error;
    const auto ok =
        parseJsonBody(R"({"big":18446744073709551615,"low":-9223372036854775808,"f":1e300,"s":"\u0000"})", error);
    REQUIRE(ok);
    CHECK(ok->at("big").get<std::uint64_t>() == 18446744073709551615ull);
    CHECK(ok->at("s").get<std::string>() == std::string(1, '\0'));
}

TEST_CASE("only application/json (UTF-8) is a JSON media type", "[unit][central]") {
    CHECK(isJsonMediaType("application/json"));
    CHECK(isJsonMediaType("Application/JSON; charset=UTF-8"));
    CHECK_FALSE(isJsonMediaType("application/jsonx"));
    CHECK_FALSE(isJsonMediaType("application/json-seq"));
    CHECK_FALSE(isJsonMediaType("application/json; charset=latin1"));
    CHECK_FALSE(isJsonMediaType("multipart/form-data; boundary=x"));
    CHECK_FALSE(isJsonMediaType(""));
}
