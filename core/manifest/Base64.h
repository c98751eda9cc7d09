// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::manifest {

/// @brief Standard base64 (RFC 4648 §4, with padding).
std::string base64Encode(std::span<const std::uint8_t> bytes);
/// @brief Strict standard base64 decode (padding required, no whitespace); InvalidArgument otherwise.
Result<std::vector<std::uint8_t>> base64Decode(std::string_view text);

} // namespace portico::manifest
