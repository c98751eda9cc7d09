// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace portico {

/// @brief Lower-case hex SHA-256 of a byte range (libsodium).
std::string sha256Hex(std::span<const std::uint8_t> bytes);
/// @brief The same over the bytes of a string (a token, a canonical JSON text).
std::string sha256Hex(std::string_view bytes);

/// @brief Lower-case hex SHA-256 of a file, streamed; IoError if it cannot be read.
Result<std::string> sha256File(const std::filesystem::path& path);

} // namespace portico
