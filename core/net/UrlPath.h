// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::net {

/// @brief Percent-encode one path segment or query value (RFC 3986): every byte but the unreserved ALPHA, DIGIT,
/// '-', '.', '_' and '~' becomes %XX, so '/', '?', '#', '%', CR, LF, spaces and non-ASCII bytes can never change
/// the request's path, query or headers. "." and ".." are encoded too (%2E), so a segment is never a dot segment.
std::string percentEncode(std::string_view value);

/// @brief One path segment: a literal of the protocol ("v1", "photos"), used as is, or a value (a port code, a
/// photo id: anything that came from a server or a config), always percent-encoded.
struct PathSegment {
    std::string_view text;
    bool literal = true;
};
inline PathSegment literal(std::string_view text) {
    return {text, true};
}
inline PathSegment value(std::string_view text) {
    return {text, false};
}

/// @brief A request path: urlPath({literal("v1"), literal("photos"), value(id)}) = "/v1/photos/<id encoded>";
/// query pairs are appended as "?k=v&..." with both sides encoded. Never build a URL by concatenating a value.
std::string urlPath(std::initializer_list<PathSegment> segments,
                    const std::vector<std::pair<std::string, std::string>>& query = {});

/// @brief True when a request path holds only visible ASCII (no control character, space or byte above 0x7E):
/// the shape urlPath() produces. CurlHttpClient refuses any other path before a byte is sent.
bool isSafeRequestPath(std::string_view path);

} // namespace portico::net
