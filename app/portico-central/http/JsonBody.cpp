// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/JsonBody.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace portico::central::http {
namespace {

using nlohmann::json;

/// A SAX pass that checks the limits and builds nothing.
class LimitChecker final : public nlohmann::json_sax<json> {
public:
    explicit LimitChecker(int maxDepth) : m_maxDepth(maxDepth) {}

    std::string problem;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t value, const string_t& literal) override {
        // An integer literal that fits neither int64 nor uint64 arrives here as a float: it would be stored
        // rounded (10^40 as 1e+40). Refuse it rather than keep something other than what was sent.
        if (literal.find_first_of(".eE") == string_t::npos) {
            problem = "an integer is outside [-2^63, 2^64-1]";
            return false;
        }
        if (!std::isfinite(value)) {
            problem = "a number is outside the range of a binary64 double";
            return false;
        }
        return true;
    }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return push(); }
    bool key(string_t&) override { return true; }
    bool end_object() override { return pop(); }
    bool start_array(std::size_t) override { return push(); }
    bool end_array() override { return pop(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        problem = "not valid JSON at byte " + std::to_string(position) + " (" + shortWhat(e.what()) + ")";
        return false;
    }

private:
    static std::string shortWhat(const char* what) {
        // nlohmann's messages quote the offending bytes; keep the part before them, which names the rule broken.
        std::string s(what);
        const auto cut = s.find("; last read");
        return s.substr(0, cut);
    }
    bool push() {
        if (++m_depth > m_maxDepth) {
            problem = "JSON nested deeper than " + std::to_string(m_maxDepth) + " levels";
            return false;
        }
        return true;
    }
    bool pop() {
        --m_depth;
        return true;
    }
    int m_maxDepth;
    int m_depth = 0;
};

} // namespace

std::optional<json> parseJsonBody(std::string_view body, HttpResponse& error, JsonLimits limits) {
    // nlohmann's lexer treats a NUL byte as the end of the input, so "{}\0garbage" would parse as "{}".
    if (std::memchr(body.data(), '\0', body.size()) != nullptr) {
        error = errorResponse(400, "invalid_json", "the body holds a NUL byte");
        return std::nullopt;
    }
    LimitChecker checker(limits.maxDepth);
    const bool ok = json::sax_parse(body.begin(), body.end(), &checker, json::input_format_t::json, true);
    if (!ok) {
        error = errorResponse(400, "invalid_json",
                              checker.problem.empty() ? std::string("not valid JSON") : checker.problem);
        return std::nullopt;
    }
    try {
        return json::parse(body.begin(), body.end());
    } catch (const std::exception&) {
        error = errorResponse(400, "invalid_json", "not valid JSON");
        return std::nullopt;
    }
}

bool isJsonMediaType(std::string_view contentType) {
    std::string t(contentType);
    std::transform(t.begin(), t.end(), t.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == ' ' || c == '\t'; }), t.end());
    return t == "application/json" || t == "application/json;charset=utf-8" ||
           t == "application/json;charset=\"utf-8\"";
}

std::optional<nlohmann::json> parseJsonRequest(const HttpRequest& request, HttpResponse& error, JsonLimits limits) {
    if (!isJsonMediaType(request.header("content-type").value_or(""))) {
        error = errorResponse(415, "unsupported_media_type", "send Content-Type: application/json");
        return std::nullopt;
    }
    return parseJsonBody(request.body, error, limits);
}

} // namespace portico::central::http
