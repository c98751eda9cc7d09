// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <span>

namespace portico::face {

/// @brief Limits applied before any pixel is decoded.
struct DecodeLimits {
    std::uint64_t maxPixels = 40'000'000; ///< width × height cap (40 Mpx)
    std::uint64_t maxBytes = 64ull << 20; ///< encoded size cap (64 MiB)
};

/// @brief What the header says, read without decoding pixels.
struct ImageHeader {
    enum class Format { Unknown = 0, Jpeg, Png, Bmp };
    Format format = Format::Unknown;
    int width = 0;
    int height = 0;
    bool hasAlpha = false; ///< PNG colour type 4/6
};

/// @brief Read the image header (JPEG, PNG, BMP); ImageInvalid / Unsupported when it is not one of those.
Result<ImageHeader> probeImage(std::span<const std::uint8_t> bytes);

/// @brief Decode to 8-bit BGR: grayscale expanded, CMYK/YCCK JPEG converted, alpha composited on white,
/// 16-bit scaled, EXIF orientation applied. Refuses empty, zero-size, truncated, over-cap or unreadable data
/// with ImageInvalid (Unsupported for other formats).
Result<cv::Mat> decodeImage(std::span<const std::uint8_t> bytes, const DecodeLimits& limits = {});
/// @brief Read a file and decodeImage() it; NotFound / IoError when the file cannot be read.
Result<cv::Mat> readImage(const std::filesystem::path& path, const DecodeLimits& limits = {});

} // namespace portico::face
