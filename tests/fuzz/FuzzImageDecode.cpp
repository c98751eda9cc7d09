// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: image header probing and decoding with the pixel cap (JPEG, PNG, BMP through OpenCV).
// The cap is lowered to 4 Mpx so that a header claiming a huge image is refused before decoding, as in the
// product, and fuzzing stays within libFuzzer's memory limit.
#include "face/ImageDecode.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace portico::face;
    const std::span<const std::uint8_t> bytes(data, size);
    (void)probeImage(bytes);
    DecodeLimits limits;
    limits.maxPixels = 4'000'000;
    limits.maxBytes = 1u << 20;
    auto image = decodeImage(bytes, limits);
    if (image) {
        const auto pixels = static_cast<std::uint64_t>(image->rows) * static_cast<std::uint64_t>(image->cols);
        if (image->empty() || pixels > limits.maxPixels || image->type() != CV_8UC3)
            std::abort();
    }
    return 0;
}
