// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace portico::sync {

/// @brief What an enrolled photo from the central service may be (docs/api.md §4). The size is enforced while the
/// photo is received; the dimensions are read from the JPEG frame header, before any pixel is decoded.
struct PhotoLimits {
    std::size_t maxBytes = 4u << 20;      ///< 4 MiB on the wire and decoded
    int maxSide = 6000;                   ///< pixels, width or height
    std::uint64_t maxPixels = 24'000'000; ///< width × height (24 Mpx: 72 MB once decoded to BGR)
};

/// @brief ImageInvalid (naming what is wrong) unless the bytes are a JPEG whose frame header declares a size within
/// the limits. The pixels are not decoded.
Status checkEnrolledPhoto(std::span<const std::uint8_t> bytes, const PhotoLimits& limits);

} // namespace portico::sync
