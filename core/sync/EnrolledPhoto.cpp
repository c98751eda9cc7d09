// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/EnrolledPhoto.h"

#include "face/ImageDecode.h"

#include <string>

namespace portico::sync {

Status checkEnrolledPhoto(std::span<const std::uint8_t> bytes, const PhotoLimits& limits) {
    if (bytes.size() > limits.maxBytes) {
        return makeError(ErrorCode::ImageInvalid, std::to_string(bytes.size()) + " bytes, over the photo limit of " +
                                                      std::to_string(limits.maxBytes));
    }
    if (bytes.size() < 3 || bytes[0] != 0xFF || bytes[1] != 0xD8) {
        return makeError(ErrorCode::ImageInvalid, "not a JPEG (no SOI marker)");
    }
    auto header = face::probeImage(bytes);
    if (!header) {
        return makeError(ErrorCode::ImageInvalid, header.error().detail);
    }
    if (header->format != face::ImageHeader::Format::Jpeg) {
        return makeError(ErrorCode::ImageInvalid, "not a JPEG");
    }
    const auto w = static_cast<std::uint64_t>(header->width);
    const auto h = static_cast<std::uint64_t>(header->height);
    if (header->width <= 0 || header->height <= 0 || header->width > limits.maxSide ||
        header->height > limits.maxSide || w * h > limits.maxPixels) {
        return makeError(ErrorCode::ImageInvalid, "the JPEG declares " + std::to_string(w) + " x " + std::to_string(h) +
                                                      " pixels, over the photo limit of " +
                                                      std::to_string(limits.maxSide) + " a side and " +
                                                      std::to_string(limits.maxPixels) + " pixels");
    }
    return {};
}

} // namespace portico::sync
