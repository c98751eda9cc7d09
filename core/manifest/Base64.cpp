// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/Base64.h"

#include <sodium.h>

namespace portico::manifest {

std::string base64Encode(std::span<const std::uint8_t> bytes) {
    const size_t len = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    std::string out(len, '\0');
    sodium_bin2base64(out.data(), len, bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
    out.resize(len - 1); // drop the terminating NUL
    return out;
}

Result<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
    std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != text.data() + text.size()) {
        return makeError(ErrorCode::InvalidArgument, "invalid base64");
    }
    out.resize(len);
    return out;
}

} // namespace portico::manifest
