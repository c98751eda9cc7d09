// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/HttpMessage.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace portico::central::http {

/// @brief Limits on a JSON request body (docs/api.md §1).
struct JsonLimits {
    int maxDepth = 64; ///< arrays and objects nested deeper: invalid_json
};

/// @brief Parse a request body as one JSON document, strictly: valid UTF-8 (RFC 8259), nothing but whitespace
/// after the value (a NUL byte included), nesting at most `maxDepth`, every integer literal within
/// [-2^63, 2^64-1] and every other number finite in binary64. The limits are checked by a SAX pass before any
/// tree is built, so a hostile body cannot exhaust the stack. On failure, `error` is a 400 invalid_json answer.
std::optional<nlohmann::json> parseJsonBody(std::string_view body, HttpResponse& error, JsonLimits limits = {});

/// @brief True when the Content-Type is `application/json`, optionally with `charset=utf-8` (case-insensitive).
bool isJsonMediaType(std::string_view contentType);

/// @brief A request's JSON body: `415 unsupported_media_type` unless the Content-Type is JSON, then parseJsonBody.
/// On failure, `error` is the answer to send.
std::optional<nlohmann::json> parseJsonRequest(const HttpRequest& request, HttpResponse& error, JsonLimits limits = {});

} // namespace portico::central::http
