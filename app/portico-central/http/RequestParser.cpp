// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/RequestParser.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace portico::central::http {

bool isTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return out;
}

std::string_view trimOws(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

/// Visible ASCII only: a target is never percent-decoded, so it must not carry raw bytes the router would have to
/// interpret (spaces, controls, non-ASCII).
bool isTargetChar(char c) {
    return c > 0x20 && c < 0x7f;
}

} // namespace

void RequestParser::fail(int status, std::string code, std::string message) {
    m_state = State::Failed;
    m_error = {status, std::move(code), std::move(message)};
}

std::size_t RequestParser::feed(std::string_view bytes) {
    std::size_t used = 0;
    if (m_state == State::Head) {
        // Look for the end of the head in what we hold plus what arrives, without keeping more than the limit.
        const std::size_t before = m_head.size();
        const std::size_t room = m_limits.maxHeadBytes + 4 - std::min(before, m_limits.maxHeadBytes + 4);
        const std::size_t take = std::min(bytes.size(), room);
        m_head.append(bytes.substr(0, take));
        const std::size_t searchFrom = before >= 3 ? before - 3 : 0;
        const std::size_t end = m_head.find("\r\n\r\n", searchFrom);
        if (end == std::string::npos) {
            const std::size_t lineEnd = m_head.find('\n');
            if (lineEnd == std::string::npos && m_head.size() > m_limits.maxRequestLineBytes) {
                fail(414, "uri_too_long",
                     "the request line is longer than " + std::to_string(m_limits.maxRequestLineBytes) + " bytes");
            } else if (m_head.size() > m_limits.maxHeadBytes) {
                fail(431, "headers_too_large",
                     "the request head is longer than " + std::to_string(m_limits.maxHeadBytes) + " bytes");
            }
            return take;
        }
        used = end + 4 - before;
        m_head.resize(end + 2); // keep the last header line's CRLF, drop the empty line
        parseHead();
        if (m_state != State::Body) {
            return used;
        }
        bytes.remove_prefix(used);
    }
    if (m_state == State::Body) {
        const std::size_t want = m_bodyLength - m_request.body.size();
        const std::size_t take = std::min(want, bytes.size());
        m_request.body.append(bytes.substr(0, take));
        used += take;
        if (m_request.body.size() == m_bodyLength) {
            m_state = State::Complete;
        }
    }
    return used;
}

void RequestParser::parseHead() {
    std::string_view head(m_head);
    bool first = true;
    std::size_t fields = 0;
    while (!head.empty()) {
        const std::size_t crlf = head.find("\r\n");
        const std::string_view line = head.substr(0, crlf);
        head.remove_prefix(crlf + 2);
        if (line.find_first_of("\r\n") != std::string_view::npos) {
            return fail(400, "invalid_request", "a line of the request head does not end with CRLF");
        }
        if (first) {
            if (line.size() > m_limits.maxRequestLineBytes) {
                return fail(414, "uri_too_long",
                            "the request line is longer than " + std::to_string(m_limits.maxRequestLineBytes) +
                                " bytes");
            }
            if (!parseRequestLine(line)) {
                return;
            }
            first = false;
            continue;
        }
        if (++fields > m_limits.maxHeaderFields) {
            return fail(431, "headers_too_large",
                        "more than " + std::to_string(m_limits.maxHeaderFields) + " header fields");
        }
        if (!parseHeaderLine(line)) {
            return;
        }
    }
    if (first) {
        return fail(400, "invalid_request", "empty request");
    }
    frameBody();
}

bool RequestParser::parseRequestLine(std::string_view line) {
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
        line.find(' ', sp2 + 1) != std::string_view::npos) {
        fail(400, "invalid_request", "the request line is not METHOD SP TARGET SP VERSION");
        return false;
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (method.empty() || !std::all_of(method.begin(), method.end(), isTokenChar)) {
        fail(400, "invalid_request", "the method is not a token");
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(400, "invalid_request", "only HTTP/1.1 (or 1.0) requests are served");
        return false;
    }
    if (target.empty() || target.front() != '/' || !std::all_of(target.begin(), target.end(), isTargetChar) ||
        target.find('#') != std::string_view::npos) {
        fail(400, "invalid_request", "the request target must be an absolute path of visible ASCII");
        return false;
    }
    m_http10 = version == "HTTP/1.0";
    m_request.method = std::string(method);
    m_request.target = std::string(target);
    const std::size_t q = target.find('?');
    m_request.path = std::string(target.substr(0, q));
    m_request.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
    return true;
}

bool RequestParser::parseHeaderLine(std::string_view line) {
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        fail(400, "invalid_request", "obsolete line folding is not accepted");
        return false;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        fail(400, "invalid_request", "a header field has no name");
        return false;
    }
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), isTokenChar)) {
        fail(400, "invalid_request", "a header field name is not a token");
        return false;
    }
    std::string value(trimOws(line.substr(colon + 1)));
    for (char& c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0) {
            c = ' '; // RFC 9110 §5.5: NUL is replaced by SP before any further processing
        } else if ((u < 0x20 && c != '\t') || u == 0x7f) {
            fail(400, "invalid_request", "a header field value holds a control character");
            return false;
        }
    }
    m_request.headers.emplace_back(lower(name), std::move(value));
    return true;
}

void RequestParser::frameBody() {
    bool host = false;
    std::optional<std::size_t> length;
    for (const auto& [name, value] : m_request.headers) {
        if (name == "host") {
            if (host) {
                return fail(400, "invalid_request", "more than one Host header");
            }
            host = true;
        } else if (name == "transfer-encoding") {
            return fail(411, "length_required",
                        "request bodies must be sent with Content-Length (no Transfer-Encoding)");
        } else if (name == "content-encoding") {
            if (lower(value) != "identity") {
                return fail(415, "unsupported_media_type", "request bodies must not be content-encoded");
            }
        } else if (name == "expect") {
            if (lower(value) != "100-continue") {
                return fail(417, "expectation_failed", "only Expect: 100-continue is understood");
            }
            m_expectContinue = true;
        } else if (name == "content-length") {
            std::size_t n = 0;
            const auto* b = value.data();
            const auto* e = value.data() + value.size();
            const auto [p, ec] = std::from_chars(b, e, n);
            if (value.empty() || ec != std::errc() || p != e) {
                if (ec == std::errc::result_out_of_range) {
                    return fail(413, "payload_too_large", "the request body is too large");
                }
                return fail(400, "invalid_request", "Content-Length is not a decimal number");
            }
            if (length && *length != n) {
                return fail(400, "invalid_request", "conflicting Content-Length headers");
            }
            length = n;
        }
    }
    if (!host && !m_http10) {
        return fail(400, "invalid_request", "an HTTP/1.1 request needs a Host header");
    }
    m_bodyLength = length.value_or(0);
    if (m_bodyLength > m_limits.maxBodyBytes) {
        return fail(413, "payload_too_large",
                    "the request body is larger than " + std::to_string(m_limits.maxBodyBytes) + " bytes");
    }
    m_request.body.reserve(m_bodyLength);
    m_state = m_bodyLength == 0 ? State::Complete : State::Body;
}

} // namespace portico::central::http
