// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace portico::net {

enum class HttpMethod { Unknown = 0, Get, Post };

/// @brief One HTTP request, relative to the client's base URL.
struct HttpRequest {
    HttpMethod method = HttpMethod::Get;
    std::string path; ///< e.g. "/v1/ports/SYS/manifest?since=3", built with net::urlPath() (percent-encoded)
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType = "application/json";
    /// Safe to send twice (GET always is; POST /v1/inspections is because record ids are unique server-side).
    bool idempotent = false;
    /// Refuse a body larger than this, counted in decoded bytes (after gzip) and enforced while receiving: a
    /// Content-Length above it ends the transfer before the body, a longer chunked or compressed stream is cut at
    /// the limit. 0 = the client's own limit (HttpClientOptions::maxResponseBytes); the smaller of the two applies.
    std::size_t maxResponseBytes = 0;
};

/// @brief One HTTP response (any status; transport failures are errors instead).
struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
    std::string body;                                         ///< decoded (gzip removed)
    int attempts = 1;                                         ///< attempts it took, retries included
    std::optional<std::chrono::milliseconds> retryAfter;      ///< from the last response, if any

    /// @brief First header with that (case-insensitive) name, or empty.
    std::string header(std::string_view name) const;
};

/// @brief The port to the central service: send a request, get a response or an error. Implementations retry
/// transient failures (408/429/5xx/timeouts/resets) themselves; a returned response is final.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    /// @brief Send a request (with retries); an HTTP error status is a value, a transport failure an Error
    /// (Network, Timeout, TlsRejected, Cancelled, InvalidArgument).
    virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
    /// @brief Abort the transfer in progress and any retry wait, from another thread; send() returns Cancelled.
    virtual void cancel() = 0;
    /// @brief Undo cancel() so the client can be used again.
    virtual void resetCancel() = 0;
};

} // namespace portico::net
