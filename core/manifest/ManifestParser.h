// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "manifest/Manifest.h"

#include <cstddef>
#include <string_view>

namespace portico::manifest {

/// @brief Limits applied before and while parsing a manifest body.
struct ParseLimits {
    std::size_t maxBytes = 64u << 20; ///< the size cap of a manifest body
    int maxDepth = 8;                 ///< JSON nesting (the format needs 5)
    std::size_t maxEntries = 200000;
    std::size_t maxStringBytes = 4096; ///< any single string but a template vector
    std::size_t maxTemplateDimension = 4096;
};

/// @brief Strict parse of a manifest body: size cap, valid UTF-8, nesting depth, then every field checked for
/// presence and type. Errors (ManifestRejected) name the field ("entries[12].date_of_birth: expected a string").
/// Call only after the signature has been verified over the same bytes.
Result<Manifest> parseManifest(std::string_view body, const ParseLimits& limits = {});

/// @brief One manifest entry (§3.2 of docs/api.md) on its own, by the same rules as inside a manifest: for a
/// server that keeps entries as their JSON text. ManifestRejected, naming the field, otherwise.
Result<ManifestEntry> parseManifestEntry(std::string_view json, const ParseLimits& limits = {});

/// @brief The photo id grammar of docs/api.md: 1-64 characters of [A-Za-z0-9_-].
bool isPhotoId(std::string_view id);

/// @brief True when the bytes are well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool isValidUtf8(std::string_view bytes);

} // namespace portico::manifest
