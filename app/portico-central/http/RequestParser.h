// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/HttpMessage.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::central::http {

/// @brief Size limits the parser enforces while the bytes arrive (never after buffering them).
struct ParserLimits {
    std::size_t maxRequestLineBytes = 8 * 1024; ///< longer: 414 uri_too_long
    std::size_t maxHeadBytes = 16 * 1024;       ///< request line + header fields; longer: 431 headers_too_large
    std::size_t maxHeaderFields = 64;           ///< more: 431 headers_too_large
    std::size_t maxBodyBytes = 8u << 20;        ///< a larger Content-Length: 413 payload_too_large, body unread
};

/// @brief Why a request was refused before it reached a handler.
struct ParseError {
    int status = 400;
    std::string code = "invalid_request";
    std::string message;
};

/// @brief Incremental, strict parser of one HTTP/1.1 request (RFC 9112). What it accepts is deliberately narrow:
/// origin-form targets of visible ASCII, CRLF line ends, no obsolete line folding, bodies framed by Content-Length
/// only (a Transfer-Encoding gets 411), no Content-Encoding (415). A server answers one request per connection, so
/// bytes after the body (a pipelined request) are left unread.
class RequestParser {
public:
    enum class State { Head, Body, Complete, Failed };

    explicit RequestParser(ParserLimits limits = {}) : m_limits(limits) {}

    /// @brief Consume bytes; returns how many were used (fewer than given once Complete or Failed).
    std::size_t feed(std::string_view bytes);
    State state() const { return m_state; }
    /// @brief True once the head is parsed and the client asked for "100-continue" before sending the body.
    bool expectsContinue() const { return m_expectContinue && m_state == State::Body; }
    const HttpRequest& request() const { return m_request; }
    HttpRequest& request() { return m_request; }
    const ParseError& error() const { return m_error; }

private:
    void fail(int status, std::string code, std::string message);
    void parseHead();
    bool parseRequestLine(std::string_view line);
    bool parseHeaderLine(std::string_view line);
    void frameBody();

    ParserLimits m_limits;
    State m_state = State::Head;
    std::string m_head;
    std::size_t m_bodyLength = 0;
    bool m_expectContinue = false;
    bool m_http10 = false;
    HttpRequest m_request;
    ParseError m_error;
};

/// @brief True for RFC 9110 token characters (method names, header names).
bool isTokenChar(char c);

} // namespace portico::central::http
