// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/HttpMessage.h"

#include <nlohmann/json.hpp>

namespace portico::central::http {

std::optional<std::string_view> HttpRequest::header(std::string_view lowerName) const {
    for (const auto& [name, value] : headers) {
        if (name == lowerName) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

HttpResponse errorResponse(int status, std::string_view code, std::string_view message) {
    const nlohmann::json body = {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
    HttpResponse res;
    res.status = status;
    res.contentType = "application/json";
    // replace: a message that quotes a hostile path or header must not throw while the answer is being built.
    res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return res;
}

HttpResponse jsonResponse(int status, std::string body) {
    HttpResponse res;
    res.status = status;
    res.contentType = "application/json";
    res.body = std::move(body);
    return res;
}

std::string_view reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

} // namespace portico::central::http
