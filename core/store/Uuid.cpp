// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Uuid.h"

#include "store/Crypto.h"
#include "store/Database.h"

#include <sodium.h>

#include <array>
#include <cstdio>

namespace portico::store {

std::string uuidV7(Clock::TimePoint now) {
    (void)initSodium();
    std::array<std::uint8_t, 16> b{};
    randombytes_buf(b.data(), b.size());
    const auto ms = static_cast<std::uint64_t>(toMs(now));
    for (int i = 0; i < 6; ++i) {
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    }
    b[6] = static_cast<std::uint8_t>(0x70 | (b[6] & 0x0f));
    b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

} // namespace portico::store
