// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::central::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// @brief One HTTP/1.1 request as received: the raw target (never percent-decoded), lower-case header names.
struct HttpRequest {
    std::string method;
    std::string target; ///< raw request-target, e.g. "/v1/ports/SYS/manifest?since=4"
    std::string path;   ///< target before '?'
    std::string query;  ///< target after '?' (raw), empty when none
    HeaderList headers; ///< names lower-cased, values trimmed; CR, LF and NUL never appear (RFC 9110 §5.5)
    std::string body;
    std::string remoteAddress; ///< peer IP address, for the per-client cap and audit

    /// @brief Value of the first header with this (lower-case) name, if any.
    std::optional<std::string_view> header(std::string_view lowerName) const;
};

/// @brief How the server hands a response to the client. Anything but Normal is a fault the reference server can
/// inject after the work is done (tests of the station's retry logic).
enum class Delivery {
    Unknown = 0,
    Normal,
    Delay,    ///< wait `delay`, then send normally
    Lost,     ///< close with a TCP reset before any response byte
    Truncate, ///< announce the full Content-Length, send half the body, close
    Reset,    ///< send half the body, then reset the connection
    Drip,     ///< send the body 8 bytes every 500 ms (give up after 60 s)
};

struct HttpResponse {
    int status = 200;
    std::string contentType;
    std::string body;
    HeaderList headers; ///< besides Content-Type, Content-Length, Connection and Date (the server sets those)
    Delivery delivery = Delivery::Normal;
    std::chrono::milliseconds delay{0};
};

/// @brief An error response in the protocol's shape: {"error": {"code": ..., "message": ...}} (docs/api.md §1.1).
/// The message may quote request bytes: anything that is not valid UTF-8 is replaced, never thrown on.
HttpResponse errorResponse(int status, std::string_view code, std::string_view message);

/// @brief A JSON response (application/json).
HttpResponse jsonResponse(int status, std::string body);

/// @brief Reason phrase of a status code ("OK", "Not Found", ...).
std::string_view reasonPhrase(int status);

} // namespace portico::central::http
